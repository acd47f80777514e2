import { HARMLESS, RANK, removedOf, withNote, type FamilySpecs } from '../families/spec.js';
import { hazard, type Hazard } from '../hazard-codes.js';
import type { DependencyRef, FunctionModel, RoutineKind, ViewModel } from '../../schema/model.js';
import { footprintOf, relationAndType, thing, typesIn, type Thing } from '../things.js';
import { mapFunction, mapView } from '../../schema/names/map-model-names.js';

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

declare module '../operation.js' {
  interface OperationFamilies {
    readonly viewRoutine: ViewRoutineOperation;
  }
}

export const VIEW_ROUTINE_SPECS: FamilySpecs<ViewRoutineOperation['kind']> = {
  createView: {
    summary: 'Creates a view or materialized view (with its indexes).',
    ...HARMLESS,
    describe: (op) => `create ${viewWord(op.view.materialized)} ${op.view.schema}.${op.view.name}`,
    reverse: ({ view, note }) =>
      withNote(
        { kind: 'dropView', schema: view.schema, name: view.name, materialized: view.materialized, removed: view },
        note,
      ),
    footprint: (op) => footprintOf({ makes: relationAndType(op.view.schema, op.view.name), needs: viewUses(op.view) }),
    example: {
      view: {
        schema: 'public',
        name: 'active_users',
        definition: 'SELECT users.id,\n    users.email\n   FROM public.users\n  WHERE users.active',
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'email', type: 'text' },
        ],
        dependsOn: [{ schema: 'public', name: 'users' }],
      },
    },
    tieBreak: (op) => [RANK.first, op.view.schema, op.view.name],
    mapNames: (op, map) => ({ ...op, view: mapView(op.view, map) }),
  },
  dropView: {
    drops: (op) => [{ on: op.materialized === true ? 'materializedView' : 'view', schema: op.schema, name: op.name }],
    summary: 'Drops a view or materialized view.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropView,
    reverse: (op) => withNote({ kind: 'createView', view: removedOf(describeDropView(op), op.removed) }, op.note),
    footprint: (op) =>
      footprintOf({
        removes: relationAndType(op.schema, op.name),
        releases: op.removed === undefined ? [thing.schema(op.schema)] : viewUses(op.removed),
      }),
    example: { schema: 'public', name: 'active_users' },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapView(op.removed, map) } : {}),
    }),
  },
  replaceView: {
    summary: 'Replaces the query or options of a view whose columns stay the same (`CREATE OR REPLACE VIEW`).',
    ...HARMLESS,
    describe: describeReplaceView,
    reverse: (op) => ({ kind: 'replaceView', view: removedOf(describeReplaceView(op), op.from), from: op.view }),
    footprint: (op) =>
      footprintOf({
        makes: relationAndType(op.view.schema, op.view.name),
        needs: viewUses(op.view),
        releases: op.from === undefined ? [] : viewUses(op.from),
      }),
    example: {
      view: {
        schema: 'public',
        name: 'active_users',
        definition:
          'SELECT users.id,\n    users.email\n   FROM public.users\n  WHERE (users.active AND (users.id > 0))',
        options: ['security_barrier=true'],
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'email', type: 'text' },
        ],
        dependsOn: [{ schema: 'public', name: 'users' }],
      },
    },
    tieBreak: (op) => [RANK.first, op.view.schema, op.view.name],
    mapNames: (op, map) => ({
      ...op,
      view: mapView(op.view, map),
      ...(op.from ? { from: mapView(op.from, map) } : {}),
    }),
  },
  createFunction: {
    summary: 'Creates a function, procedure or aggregate from its definition, bodies unchecked as pg_dump does.',
    ...HARMLESS,
    describe: (op) => `create ${op.function.kind} ${routineName(op.function)}`,
    reverse: ({ function: fn, note }) =>
      withNote(
        {
          kind: 'dropFunction',
          schema: fn.schema,
          name: fn.name,
          routine: fn.kind,
          argumentTypes: fn.argumentTypes,
          removed: fn,
        },
        note,
      ),
    footprint: (op) => footprintOf({ makes: [routineThing(op.function)], needs: routineUses(op.function) }),
    example: {
      function: {
        schema: 'public',
        name: 'touch',
        kind: 'function',
        argumentTypes: '',
        arguments: '',
        result: 'trigger',
        definition:
          'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN NEW.updated_at = now(); RETURN NEW; END $function$',
      },
    },
    tieBreak: (op) => [RANK.first, op.function.schema, op.function.name, op.function.argumentTypes],
    mapNames: (op, map) => ({ ...op, function: mapFunction(op.function, map) }),
  },
  dropFunction: {
    drops: (op) => [{ on: op.routine, schema: op.schema, name: op.name, argumentTypes: op.argumentTypes }],
    summary: 'Drops a function, procedure or aggregate by its argument types.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropFunction,
    reverse: (op) =>
      withNote({ kind: 'createFunction', function: removedOf(describeDropFunction(op), op.removed) }, op.note),
    footprint: (op) =>
      footprintOf({
        removes: [thing.routine(op.schema, op.name, op.argumentTypes)],
        releases: op.removed === undefined ? [thing.schema(op.schema)] : routineUses(op.removed),
      }),
    example: { schema: 'public', name: 'order_total', routine: 'function', argumentTypes: 'integer' },
    tieBreak: (op) => [RANK.first, op.schema, op.name, op.argumentTypes],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      argumentTypes: map.text(op.argumentTypes),
      ...(op.removed ? { removed: mapFunction(op.removed, map) } : {}),
    }),
  },
  replaceFunction: {
    summary: 'Replaces a routine whose arguments and result stay the same (`CREATE OR REPLACE`).',
    destructive: () => false,
    hazards: staleComputedHazards,
    describe: describeReplaceFunction,
    reverse: (op) => ({
      kind: 'replaceFunction',
      function: removedOf(describeReplaceFunction(op), op.from),
      from: op.function,
      ...(op.computedBy === undefined ? {} : { computedBy: op.computedBy }),
    }),
    footprint: (op) =>
      footprintOf({
        makes: [routineThing(op.function)],
        needs: routineUses(op.function),
        releases: op.from === undefined ? [] : routineUses(op.from),
      }),
    example: {
      function: {
        schema: 'public',
        name: 'touch',
        kind: 'function',
        argumentTypes: '',
        arguments: '',
        result: 'trigger',
        definition:
          'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN NEW.updated_at = clock_timestamp(); RETURN NEW; END $function$',
      },
    },
    tieBreak: (op) => [RANK.first, op.function.schema, op.function.name, op.function.argumentTypes],
    mapNames: (op, map) => ({
      ...op,
      function: mapFunction(op.function, map),
      ...(op.from ? { from: mapFunction(op.from, map) } : {}),
      ...(op.computedBy ? { computedBy: op.computedBy.map((c) => ({ ...c, schema: map.schema(c.schema) })) } : {}),
    }),
  },
};

const COMPUTED_WORDS: Readonly<Record<ComputedBy['kind'], string>> = {
  index: 'index',
  column: 'generated column',
  constraint: 'constraint',
  materializedView: 'materialized view',
};

/** What a routine's new body leaves computed with its old one (`computedBy`), one hazard for all of it. */
function staleComputedHazards(op: Op<'replaceFunction'>): Hazard[] {
  const computed = op.computedBy ?? [];
  if (computed.length === 0) return [];
  const what = computed
    .map(
      (c) =>
        `${COMPUTED_WORDS[c.kind]} ${c.kind === 'materializedView' ? c.schema : `${c.schema}.${c.table}`}.${c.name}`,
    )
    .join(', ');
  return [
    hazard(
      'stale-computed',
      `${describeReplaceFunction(op)}: ${what} keep what the old body computed until rebuilt, rewritten or refreshed`,
    ),
  ];
}

function describeDropView(op: Op<'dropView'>): string {
  return `drop ${viewWord(op.materialized ?? op.removed?.materialized ?? false)} ${op.schema}.${op.name}`;
}

function describeReplaceView(op: Op<'replaceView'>): string {
  return `replace view ${op.view.schema}.${op.view.name}`;
}

function describeDropFunction(op: Op<'dropFunction'>): string {
  return `drop ${op.routine} ${routineName(op)}`;
}

function describeReplaceFunction(op: Op<'replaceFunction'>): string {
  return `replace ${op.function.kind} ${routineName(op.function)}`;
}

function viewWord(materialized: boolean): string {
  return materialized ? 'materialized view' : 'view';
}

function routineName(routine: { schema: string; name: string; argumentTypes: string }): string {
  return `${routine.schema}.${routine.name}(${routine.argumentTypes})`;
}

/** What a view uses: its schema, the relations and routines the catalog records, and its columns' types. */
function viewUses(view: ViewModel): Thing[] {
  return [
    thing.schema(view.schema),
    ...view.dependsOn.map(dependencyThing),
    ...view.columns.flatMap((c) => typesIn(c.type)),
  ];
}

/** What a routine uses: its schema, its signature's types, and what the catalog records it using. */
function routineUses(routine: FunctionModel): Thing[] {
  return [
    thing.schema(routine.schema),
    ...typesIn(routine.argumentTypes),
    ...typesIn(routine.result),
    ...routine.dependsOn.map(dependencyThing),
  ];
}

function routineThing(routine: FunctionModel): Thing {
  return thing.routine(routine.schema, routine.name, routine.argumentTypes);
}

/** A `dependsOn` entry: a routine when it has argument types, a relation otherwise. */
function dependencyThing(ref: DependencyRef): Thing {
  return ref.argumentTypes === undefined
    ? thing.relation(ref.schema, ref.name)
    : thing.routine(ref.schema, ref.name, ref.argumentTypes);
}
