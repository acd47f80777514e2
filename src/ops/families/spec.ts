import { AthanorError } from '../../util/errors.js';
import type { Hazard, HazardCode } from '../hazard-codes.js';
import type { LiteralPayload } from '../literal-defaults.js';
import type { Operation, OperationKind, OperationOf } from '../operation.js';
import type { Footprint } from '../things.js';
import type { NameMapper } from '../../schema/names/name-mapper.js';
import type { CommentTarget } from '../../schema/model.js';
import type { CommentObjectKind } from '../../schema/object-kinds.js';

/**
 * Everything the program knows about one operation kind besides its SQL
 * (that is `pg/ddl`'s): how it reads, what undoes it, what it risks, what it
 * does to the objects of the database (its footprint), where it goes among
 * the operations of its slot, and how its names move to another schema; with
 * an example call.
 * Each family module exports one of these per kind as a `FamilySpecs` table;
 * `operation-specs.ts` collects them into one table with every kind.
 */
export type OperationSpec<K extends OperationKind> = SpecFields<K> & DropsField<K>;

/**
 * The objects an operation drops, as comments name them (`drops`): the
 * comparison takes the comments and privileges on them away before the drop,
 * while they exist, so that a downgrade puts them back (`droppedObjects`).
 * The objects themselves only; what goes with one (a table's columns, a
 * schema's objects) is the comparison's to find. A kind named `drop...` must
 * say (`noComments` where no comment can be on its objects); another kind
 * may (a foreign table's columns an alter drops).
 */
type DropsField<K extends OperationKind> = [K] extends [`drop${string}`]
  ? { readonly drops: (op: OperationOf<K>) => readonly CommentTarget[] }
  : { readonly drops?: (op: OperationOf<K>) => readonly CommentTarget[] };

/** The `drops` of a kind whose objects no comment can be on. */
export const noComments = (): readonly CommentTarget[] => [];

/** The `drops` of an operation naming its object by `schema` and `name`. */
export const dropsNamed =
  (on: CommentObjectKind) =>
  (op: { readonly schema: string; readonly name: string }): readonly CommentTarget[] => [
    { on, schema: op.schema, name: op.name },
  ];

/** The `drops` of an operation naming an object of a table (`table`, `name`). */
export const dropsTablePart =
  (on: CommentObjectKind) =>
  (op: { readonly schema: string; readonly table: string; readonly name: string }): readonly CommentTarget[] => [
    { on, schema: op.schema, parent: op.table, name: op.name },
  ];

/** The `drops` of an operation naming an object in no schema by `name` alone. */
export const dropsUnqualified =
  (on: CommentObjectKind) =>
  (op: { readonly name: string }): readonly CommentTarget[] => [{ on, schema: '', name: op.name }];

interface SpecFields<K extends OperationKind> {
  /** What the `op` call does, one sentence for docs/reference/operations.md. */
  readonly summary: string;
  /** One human line, e.g. `add column public.users.email`. Names are shown unquoted. */
  readonly describe: (op: OperationOf<K>) => string;
  /** The operation that undoes it; throws `AthanorError('irreversible')` when it lacks what that needs. */
  readonly reverse: (op: OperationOf<K>) => Operation;
  /** Whether it drops data (`isDestructive`). */
  readonly destructive: (op: OperationOf<K>) => boolean;
  /** What its data loss costs, for the warning above it; `data in it is lost` when absent. */
  readonly loss?: (op: OperationOf<K>) => string;
  /** The code of its data-loss hazard; `drop-object` when absent. */
  readonly lossCode?: HazardCode;
  /** Its lock, scan, rewrite, breaking and non-transactional hazards (data loss comes from `destructive`). */
  readonly hazards: (op: OperationOf<K>) => Hazard[];
  /**
   * The fields a revision file leaves out of the kind's `op.*` call besides
   * `kind`: what only the reverse needs, as a drop's `removed` (the
   * downgrade beside it shows the whole object).
   */
  readonly unrendered?: readonly Exclude<keyof OperationOf<K>, 'kind'>[];
  /**
   * What it makes, needs, removes, releases and reads (`Footprint`), from
   * which the scheduler draws its dependency edges (`dependency-order.ts`).
   */
  readonly footprint: (op: OperationOf<K>) => Footprint;
  /**
   * An example call, as a revision file writes it (the argument of
   * `op.<kind>(...)`): docs/reference/operations.md shows it with the SQL it
   * compiles to.
   */
  readonly example: LiteralPayload<K>;
  /**
   * Its key among the operations that share its slot, for the scheduler's
   * tie-break (`autogen/order/tie-break.ts`): its family's `RANK`, then the
   * object's names as the comparisons key it ((schema, name), or (schema,
   * table, name) for what belongs to a table). Kinds that share a slot family
   * by family rank apart, as each family's entries say. A table's parts
   * rank second, and after the table's names go by one digit of their kind:
   * around the changes, constraints, indexes, then columns dropped (a
   * column's default, then the column); columns added, their defaults set,
   * then constraints and indexes added; after the changes, attached,
   * inheriting, then its switches and storage (table, then indexes).
   */
  readonly tieBreak: (op: OperationOf<K>) => readonly string[];
  /**
   * The operation with every schema name, and every qualified name in its SQL
   * text, mapped: how it compiles in a fleet tenant's schema
   * (`fleet/map-operation-names.ts`).
   */
  readonly mapNames: (op: OperationOf<K>, map: NameMapper) => Operation;
  /**
   * Set (`...DATABASE_NAMED`) where the object's name is the database's, not a
   * schema's, though what it holds is in schemas (tables it lists, a function
   * it runs): in a schema-per-tenant fleet every tenant would make the same
   * one, so a tenant's run refuses it before anything runs.
   */
  readonly databaseNamed?: true;
  /**
   * Set (`...CREATED_AT_EXPAND`) where the operation creates an object nothing
   * of a running application uses until it is told to (a type, a sequence, a
   * schema): `upgrade --expand` creates it before the tables change, and
   * `abort` drops it (its `reverse`) once what was added over it is gone.
   */
  readonly createdAtExpand?: true;
}

/** Spread into the specs of operations on objects named in the database (`databaseNamed`). */
export const DATABASE_NAMED = { databaseNamed: true } as const;

/** Spread into the specs of the creations `upgrade --expand` makes at expand (`createdAtExpand`). */
export const CREATED_AT_EXPAND = { createdAtExpand: true } as const;

/**
 * The ranks of the families that share a slot, first to last (or last to
 * first in a slot of drops, which the scheduler reverses): the first part of
 * a `tieBreak` key.
 */
export const RANK = { first: '0', second: '1', third: '2', fourth: '3' } as const;

/** One entry per kind of a family: a kind of the family without one fails to compile. */
export type FamilySpecs<K extends OperationKind> = { readonly [P in K]: OperationSpec<P> };

/** For kinds that lose no data and carry no lock, scan, rewrite or breaking hazard of their own. */
export const HARMLESS = { destructive: (): boolean => false, hazards: (): Hazard[] => [] } as const;

/** The error of an operation that cannot be reversed; `what` is its description. */
export function irreversible(what: string, why: string): AthanorError {
  return new AthanorError('irreversible', `${what} cannot be reversed: ${why}; write its downgrade by hand`);
}

/** `removed` when the operation carries it; otherwise it cannot be reversed. */
export function removedOf<T>(what: string, removed: T | undefined): T {
  if (removed === undefined) throw irreversible(what, 'it does not carry the removed object');
  return removed;
}

/** `op` with `note` when there is one. */
export function withNote<T extends Operation>(op: T, note: string | undefined): T {
  return note === undefined ? op : { ...op, note };
}

/** The name mapper (`mapNames`) of an operation whose one schema name is its `schema`. */
export const schemaOnly = <T extends { schema: string }>(op: T, map: NameMapper): T => ({
  ...op,
  schema: map.schema(op.schema),
});
