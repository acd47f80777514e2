import type { FunctionModel, RoutineKind, ViewModel } from '../../../schema/model.js';

/** Views (materialized or not) and routines (functions, procedures, aggregates). */
export type ViewRoutineOperation = Readonly<
  | {
      kind: 'createView';
      view: ViewModel;
      /** Why it is created (e.g. replaced by drop and create); printed as a comment in revision files. */
      note?: string;
    }
  | {
      kind: 'dropView';
      schema: string;
      name: string;
      materialized?: boolean;
      removed?: ViewModel;
      /** Printed as a comment in revision files. */
      note?: string;
    }
  | {
      /** `CREATE OR REPLACE VIEW` with the same columns, a new query. */
      kind: 'replaceView';
      view: ViewModel;
      from?: ViewModel;
    }
  | {
      kind: 'createFunction';
      function: FunctionModel;
      /** Printed as a comment in revision files. */
      note?: string;
    }
  | {
      kind: 'dropFunction';
      schema: string;
      name: string;
      routine: RoutineKind;
      argumentTypes: string;
      removed?: FunctionModel;
      /** Printed as a comment in revision files. */
      note?: string;
    }
  | {
      /** `CREATE OR REPLACE` with the same arguments and result, a new definition. */
      kind: 'replaceFunction';
      function: FunctionModel;
      from?: FunctionModel;
      /**
       * What the database computed with the old body and keeps: the indexes,
       * stored generated columns and constraints (checks, exclusions) calling
       * the routine, and the materialized views calling it, themselves or
       * through plain views, as the catalog records them. Only for the
       * `stale-computed` hazard.
       */
      computedBy?: readonly ComputedBy[];
    }
>;

/**
 * What keeps values a routine computed: an index, a stored generated column
 * or a constraint, on its table (or materialized view), that calls it; or a
 * materialized view that calls it, itself or through plain views.
 */
export type ComputedBy =
  | {
      readonly kind: 'index' | 'column' | 'constraint';
      readonly schema: string;
      readonly table: string;
      readonly name: string;
    }
  | { readonly kind: 'materializedView'; readonly schema: string; readonly name: string };

export type Op<K extends ViewRoutineOperation['kind']> = Extract<ViewRoutineOperation, { kind: K }>;
