import type { RangeTypeModel } from '../../../schema/model.js';

/**
 * Range types (`CREATE TYPE ... AS RANGE`). Postgres cannot change one in
 * place: a changed range type that nothing holds is dropped and created
 * again. Dropping one drops its multirange type with it, and is refused
 * while a column or another type holds it (it never cascades).
 */
export type RangeOperation = Readonly<
  | { kind: 'createRangeType'; range: RangeTypeModel }
  | {
      kind: 'dropRangeType';
      schema: string;
      name: string;
      removed?: RangeTypeModel;
      /** Why it is dropped (e.g. to be created again); printed as a comment in revision files. */
      note?: string;
    }
>;

export type RangeOperationKind = RangeOperation['kind'];
