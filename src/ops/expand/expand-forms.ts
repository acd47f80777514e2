import type { ColumnModel, ConstraintModel, IndexModel, TableModel } from '../../schema/model.js';
import type { RenamedObjectKind } from '../../schema/object-kinds.js';
import type { ExpandPhasesOfSql } from '../families/sql.js';
import { forKind, type Operation, type OperationOf, type PerKind } from '../operation.js';
import type { NotNullRename } from '../families/renames.js';
import type { PartitionNotNull } from '../families/columns.js';
import { everyObjectFamilyKind, specOf } from '../operation-specs.js';

/*
 * Expand and contract, per operation kind: what each kind becomes when a
 * revision is served in two versions at once (`migrate upgrade --expand`).
 * An expand change leaves the old shape usable as it was; the new version
 * reads the tables through a schema of views (`pg/expand/`). A kind either
 * gives the changes it is served as, or says why it cannot be served in
 * both versions; `EXPAND_FORMS` has an entry for every kind, so a kind added
 * to `Operation` fails to compile here until it says which, but for the
 * operations on the objects besides tables and their views and routines,
 * which are none of them versioned.
 */

/** One change of an expanded revision, with what contract and abort do with it (`pg/expand/expand-sql.ts`). */
export type ExpandChange =
  /** Added at expand (the old version ignores it), kept at contract, dropped by abort. */
  | {
      readonly change: 'addColumn';
      readonly schema: string;
      readonly table: string;
      readonly column: ColumnModel;
      /** Its partitions' own NOT NULL constraints (PostgreSQL 18), as the revision's `addColumn` gives them. */
      readonly partitionNotNulls?: readonly PartitionNotNull[];
    }
  /** The new version's view names the column `to`; renamed at contract. */
  | {
      readonly change: 'renameColumn';
      readonly schema: string;
      readonly table: string;
      readonly from: string;
      readonly to: string;
    }
  /** Left out of the new version's view; dropped at contract. */
  | { readonly change: 'hideColumn'; readonly schema: string; readonly table: string; readonly column: string }
  /**
   * A column of the new type beside the old one, kept equal by triggers both
   * ways and filled in batches; at contract it takes the old one's place.
   * `using` turns the old value into the new (else a cast), `down` the new
   * into the old (else a cast back, for a widening, which loses nothing).
   */
  | {
      readonly change: 'retypeColumn';
      readonly schema: string;
      readonly table: string;
      readonly column: string;
      readonly from: string;
      readonly to: string;
      readonly using?: string;
      readonly down?: string;
    }
  /** A `CHECK (column IS NOT NULL) NOT VALID` at expand; validated and made NOT NULL at contract. */
  | { readonly change: 'checkNotNull'; readonly schema: string; readonly table: string; readonly column: string }
  /**
   * A `NOT VALID` check or foreign key validated: at contract, in a transaction of its own before the
   * tables change (the old version's writes already satisfy it); abort leaves it `NOT VALID`.
   */
  | { readonly change: 'validateConstraint'; readonly schema: string; readonly table: string; readonly name: string }
  /** Built concurrently at expand; dropped concurrently by abort. */
  | { readonly change: 'createIndex'; readonly schema: string; readonly table: string; readonly index: IndexModel }
  /**
   * A check or foreign key added `NOT VALID` at expand (rows already there are
   * not read; the old version's writes must satisfy it from then on), validated
   * at contract; a unique key's index built concurrently at expand, the key
   * added over it at contract. Abort drops either.
   */
  | {
      readonly change: 'addConstraint';
      readonly schema: string;
      readonly table: string;
      readonly constraint: ExpandConstraint;
    }
  /** The new version's view of the table under the name `to` (the old name hidden there); renamed at contract. */
  | {
      readonly change: 'renameTable';
      readonly schema: string;
      readonly table: string;
      readonly to: string;
      readonly notNullRenames?: readonly NotNullRename[];
    }
  /** Hidden from the new version at expand (a view of its name that fails in the version schema); dropped at contract. */
  | { readonly change: 'hideTable'; readonly schema: string; readonly table: string }
  /** Created at expand (the old version does not see it); dropped by abort. */
  | { readonly change: 'createTable'; readonly table: TableModel }
  /**
   * A new object of a kind whose spec says so (`createdAtExpand`: a schema, a
   * type, a sequence, ...): created at expand (nothing of the old version uses
   * it), kept at contract, dropped by abort once what the expand added over it
   * is gone.
   */
  | { readonly change: 'createAtExpand'; readonly op: CreatedAtExpand }
  /** Hand-written SQL with its parts declared (`op.execute(sql, { expand, contract, abort })`). */
  | { readonly change: 'sql'; readonly sql: ExpandPhasesOfSql }
  /**
   * A view or routine the revision creates or replaces: its new definition in
   * the version schema at expand, over the version's views; created or
   * replaced at contract, once the tables have their new shape, as a plain
   * upgrade does. Abort drops the version's copy.
   */
  | { readonly change: 'newDefinition'; readonly op: NewDefinition }
  /**
   * A view, routine, index or constraint the revision drops: kept at expand
   * (the old version may use it), dropped at contract.
   */
  | { readonly change: 'dropAtContract'; readonly op: DroppedAtContract }
  /**
   * An index, constraint, policy or trigger the revision renames (as a naming
   * convention does when a column it names is renamed): both versions are
   * served by it under its old name; renamed at contract, left as it was by
   * abort.
   */
  | { readonly change: 'renameAtContract'; readonly op: RenamedAtContract }
  /**
   * A comment the revision sets or removes, privileges it revokes, or default
   * privileges it changes (what objects made from then on get): made in
   * contract's transaction, once what it is on has its new name and shape
   * (the old version keeps the privileges until then); nothing for abort to
   * undo. A publication's tables and options the revision changes: in
   * contract's transaction too, before the tables change, under the names the
   * old version has (a table or column renamed or retyped in the same expand
   * is refused); the subscribers receive what they did until then.
   */
  | { readonly change: 'madeAtContract'; readonly op: MadeAtContract }
  /**
   * Privileges the revision grants: given at expand, so that the new version
   * has them (the old one gains them too), once the tables have their new
   * parts; at contract where what they are on is made or named there (a view
   * or routine the revision creates, a table or column renamed, a column
   * retyped). Abort takes back those given at expand.
   */
  | { readonly change: 'grantAtExpand'; readonly op: GrantedAtExpand };

/** The operations whose new definition the version schema serves. */
export type NewDefinition = OperationOf<'createView' | 'replaceView' | 'createFunction' | 'replaceFunction'>;
/** A creation whose kind's spec says expand makes it (`createdAtExpand`): a schema, a type, a sequence, ... */
export type CreatedAtExpand = Operation;
/** The drops kept until contract. */
export type DroppedAtContract = OperationOf<'dropView' | 'dropFunction' | 'dropIndex' | 'dropConstraint'>;
/**
 * The comments set, the privileges revoked or granted, the default privileges changed, the index keys'
 * statistics targets set and the publications altered, at contract.
 */
export type MadeAtContract = OperationOf<
  'setComment' | 'revoke' | 'grant' | 'grantDefault' | 'revokeDefault' | 'setIndexStatistics' | 'alterPublication'
>;
/** A grant served by expand. */
export type GrantedAtExpand = OperationOf<'grant'>;
/** The renames made at contract. */
export type RenamedAtContract = OperationOf<'renameIndex' | 'renameObject'>;

/** The objects of a table whose renames wait for contract; the other objects' renames are refused. */
const RENAMED_AT_CONTRACT: ReadonlySet<RenamedObjectKind> = new Set<RenamedObjectKind>([
  'constraint',
  'policy',
  'trigger',
]);

/** The constraints expand adds online. */
export type ExpandConstraint = Extract<ConstraintModel, { type: 'check' | 'foreignKey' | 'unique' }>;

export type ExpandForm = { readonly served: readonly ExpandChange[] } | { readonly refused: string };

/** The expand form of one operation. */
export function expandForm(op: Operation): ExpandForm {
  return forKind(EXPAND_FORMS, op);
}

const refuse = (reason: string) => (): ExpandForm => ({ refused: reason });

const SCHEMA_OBJECT = refuse('a schema-wide object is changed for both versions at once');
const OUTSIDE_TABLES = refuse(
  'only changes to tables, their columns and indexes, views and routines are versioned so far',
);
const TABLE_SHAPE = refuse("the table's shape changes for both versions at once");

/** Casts that keep every value, so that the new value cast back gives the old one. */
const WIDENINGS: Readonly<Record<string, readonly string[]>> = {
  smallint: ['integer', 'bigint', 'numeric', 'double precision', 'real'],
  integer: ['bigint', 'numeric', 'double precision'],
  bigint: ['numeric'],
  real: ['double precision'],
  'character varying': ['text'],
  varchar: ['text'],
};

function lossless(from: string, to: string): boolean {
  const bare = (t: string): string =>
    t
      .trim()
      .toLowerCase()
      .replace(/^pg_catalog\./, '');
  return WIDENINGS[bare(from)]?.includes(bare(to)) ?? false;
}

/** Hand-written SQL is served by the parts it declares, else refused. */
function executeSql(op: OperationOf<'executeSql'>): ExpandForm {
  const phases = op.phases;
  if (phases === undefined || typeof phases.expand !== 'string' || typeof phases.contract !== 'string')
    return {
      refused:
        'hand-written SQL is served only with its expand and contract parts declared: op.execute(sql, { expand, contract, abort })',
    };
  if (phases.abort !== undefined && typeof phases.abort !== 'string')
    return { refused: 'the abort part of hand-written SQL is not SQL text' };
  const sql: ExpandPhasesOfSql = {
    expand: phases.expand,
    contract: phases.contract,
    ...(phases.abort !== undefined ? { abort: phases.abort } : {}),
  };
  return { served: [{ change: 'sql', sql }] };
}

function addColumn(op: OperationOf<'addColumn'>): ExpandForm {
  const { column } = op;
  if (op.takenFrom !== undefined && op.takenFrom.length > 0)
    return { refused: 'a column inheriting tables give up cannot be served in both versions' };
  if (column.identity !== null || column.generated !== undefined)
    return { refused: 'an identity or generated column is not yet added at expand' };
  if (!column.nullable && column.default === null)
    return {
      refused: `NOT NULL column "${column.name}" has no default, so the old version's inserts would fail; give it a default`,
    };
  const partitionNotNulls = op.partitionNotNulls === undefined ? {} : { partitionNotNulls: op.partitionNotNulls };
  return { served: [{ change: 'addColumn', schema: op.schema, table: op.table, column, ...partitionNotNulls }] };
}

function dropColumn(op: OperationOf<'dropColumn'>): ExpandForm {
  if (op.keptBy !== undefined && op.keptBy.length > 0)
    return { refused: 'a column inheriting tables keep cannot be served in both versions' };
  const removed = op.removed;
  if (removed !== undefined && !removed.nullable && removed.default === null && removed.identity === null)
    return {
      refused: `NOT NULL column "${op.column}" has no default, so the new version's inserts would fail; drop NOT NULL in an earlier revision`,
    };
  return { served: [{ change: 'hideColumn', schema: op.schema, table: op.table, column: op.column }] };
}

const ALTERABLE = new Set(['type', 'nullable', 'collation']);

function alterColumn(op: OperationOf<'alterColumn'>): ExpandForm {
  // A default set again as it was (autogenerate writes one beside a type change) changes nothing.
  const parts = Object.keys(op.to).filter(
    (p) => !(p === 'default' && op.from !== undefined && 'default' in op.from && op.from.default === op.to.default),
  );
  const other = parts.find((p) => !ALTERABLE.has(p));
  if (other !== undefined) return { refused: `a change of a column's ${other} is not yet versioned` };
  if (op.to.collation !== undefined) return { refused: "a change of a column's collation is not yet versioned" };
  if (op.to.nullable === true) return { refused: 'dropping NOT NULL changes the old version too' };
  const changes: ExpandChange[] = [];
  if (op.to.type !== undefined) {
    const from = op.from?.type;
    if (from === undefined)
      return { refused: "the column's type before the change is not in the operation (add `from`)" };
    if (op.throughText) return { refused: 'a type change through text is not yet versioned' };
    if (op.computed === true) return { refused: "a generated column's type change is not yet versioned" };
    if (op.down === undefined && (op.using !== undefined || !lossless(from, op.to.type)))
      return {
        refused: `the type change from ${from} to ${op.to.type}${op.using !== undefined ? ' using an expression' : ''} may lose values cast back; give the old value from the new in this alterColumn call of the revision file: down: '<expression over "${op.column}">'`,
      };
    changes.push({
      change: 'retypeColumn',
      schema: op.schema,
      table: op.table,
      column: op.column,
      from,
      to: op.to.type,
      ...(op.using !== undefined ? { using: op.using } : {}),
      ...(op.down !== undefined ? { down: op.down } : {}),
    });
  }
  if (op.to.nullable === false)
    changes.push({ change: 'checkNotNull', schema: op.schema, table: op.table, column: op.column });
  return { served: changes };
}

function addConstraint(op: OperationOf<'addConstraint'>): ExpandForm {
  const { constraint } = op;
  switch (constraint.type) {
    case 'check':
    case 'foreignKey':
      if (constraint.notValid === true || constraint.notEnforced === true)
        return { refused: 'a constraint declared NOT VALID or NOT ENFORCED is not yet versioned' };
      break;
    case 'unique':
      if (
        constraint.withoutOverlaps === true ||
        (constraint.include ?? []).length > 0 ||
        constraint.deferrable === true ||
        constraint.invalid === true
      )
        return {
          refused: 'a unique key with INCLUDE, DEFERRABLE or WITHOUT OVERLAPS is not yet built online at expand',
        };
      break;
    case 'primaryKey':
      return { refused: "a primary key changes the table's identity for both versions at once" };
    case 'exclusion':
      return { refused: 'an exclusion constraint has no online form' };
  }
  return { served: [{ change: 'addConstraint', schema: op.schema, table: op.table, constraint }] };
}

/** A view the revision creates or replaces: its new query in the version schema. */
function newView(op: OperationOf<'createView' | 'replaceView'>): ExpandForm {
  const { view } = op;
  const name = `${view.schema}.${view.name}`;
  if (view.materialized) return { refused: `materialized view ${name} is not yet versioned` };
  if (view.readsItself === true) return { refused: `view ${name} reads itself, which is not yet versioned` };
  if (Object.keys(view.columnDefaults ?? {}).length > 0)
    return { refused: `view ${name} has column defaults, which are not yet versioned` };
  return { served: [{ change: 'newDefinition', op }] };
}

/** A routine the revision creates or replaces: its new definition in the version schema. */
function newRoutine(op: OperationOf<'createFunction' | 'replaceFunction'>): ExpandForm {
  const fn = op.function;
  if (fn.kind === 'aggregate')
    return { refused: `aggregate ${fn.schema}.${fn.name}(${fn.argumentTypes}) is not yet versioned` };
  return { served: [{ change: 'newDefinition', op }] };
}

const dropAtContract = (op: DroppedAtContract): ExpandForm => ({ served: [{ change: 'dropAtContract', op }] });
const createAtExpand = (op: CreatedAtExpand): ExpandForm => ({ served: [{ change: 'createAtExpand', op }] });
/** Created at expand where the operation's kind's spec says so (`createdAtExpand`), else refused as `otherwise` is. */
const createdOr =
  (otherwise: () => ExpandForm) =>
  (op: Operation): ExpandForm =>
    specOf(op).createdAtExpand === true ? createAtExpand(op) : otherwise();

const EXPAND_FORMS: PerKind<ExpandForm> = {
  // Schemas.
  createSchema: createdOr(SCHEMA_OBJECT),
  dropSchema: SCHEMA_OBJECT,
  renameSchema: SCHEMA_OBJECT,
  // Enums.
  createEnum: createdOr(SCHEMA_OBJECT),
  dropEnum: SCHEMA_OBJECT,
  addEnumValue: SCHEMA_OBJECT,
  renameEnumValue: SCHEMA_OBJECT,
  replaceEnum: SCHEMA_OBJECT,
  // Tables.
  createTable: (op) => ({ served: [{ change: 'createTable', table: op.table }] }),
  dropTable: (op) =>
    op.rowsKeptIn !== undefined
      ? { refused: "a table rebuilt changes the table's shape for both versions at once" }
      : { served: [{ change: 'hideTable', schema: op.schema, table: op.name }] },
  setUnlogged: TABLE_SHAPE,
  setReplicaIdentity: TABLE_SHAPE,
  setClusterOn: TABLE_SHAPE,
  setStorageParameters: TABLE_SHAPE,
  // Columns.
  addColumn,
  dropColumn,
  alterColumn,
  backfill: refuse('a backfill written by hand is not split into expand and contract parts'),
  stashRows: TABLE_SHAPE,
  restoreRows: TABLE_SHAPE,
  // Constraints and indexes.
  addConstraint,
  dropConstraint: dropAtContract,
  alterConstraint: (op) =>
    op.from.notValid === true && !('deferrable' in op.from) && !('initiallyDeferred' in op.from)
      ? { served: [{ change: 'validateConstraint', schema: op.schema, table: op.table, name: op.constraint.name }] }
      : { refused: "a constraint's deferral, or its NOT VALID again, changes it for both versions at once" },
  createIndex: (op) => ({ served: [{ change: 'createIndex', schema: op.schema, table: op.table, index: op.index }] }),
  dropIndex: dropAtContract,
  renameIndex: (op) => ({ served: [{ change: 'renameAtContract', op }] }),
  setIndexStatistics: (op) => ({ served: [{ change: 'madeAtContract', op }] }),
  // Renames.
  renameTable: (op) => ({
    served: [
      {
        change: 'renameTable',
        schema: op.schema,
        table: op.from,
        to: op.to,
        ...(op.notNullRenames === undefined ? {} : { notNullRenames: op.notNullRenames }),
      },
    ],
  }),
  renameColumn: (op) => ({
    served: [{ change: 'renameColumn', schema: op.schema, table: op.table, from: op.from, to: op.to }],
  }),
  renameObject: (op) =>
    RENAMED_AT_CONTRACT.has(op.object) ? { served: [{ change: 'renameAtContract', op }] } : SCHEMA_OBJECT(),
  // Row-level security.
  setRowLevelSecurity: TABLE_SHAPE,
  createPolicy: TABLE_SHAPE,
  dropPolicy: TABLE_SHAPE,
  // Partitions and inheritance.
  attachPartition: TABLE_SHAPE,
  detachPartition: TABLE_SHAPE,
  inheritTable: TABLE_SHAPE,
  noInheritTable: TABLE_SHAPE,
  // Hand-written SQL.
  executeSql,
  // The objects besides tables, each kind of the families of `objects/`; views and routines are versioned.
  ...everyObjectFamilyKind(createdOr(OUTSIDE_TABLES)),
  setComment: (op) => ({ served: [{ change: 'madeAtContract', op }] }),
  // What the subscribers receive is not the application's: changed at contract.
  alterPublication: (op) => ({ served: [{ change: 'madeAtContract', op }] }),
  grant: (op) => ({ served: [{ change: 'grantAtExpand', op }] }),
  revoke: (op) => ({ served: [{ change: 'madeAtContract', op }] }),
  // What the objects made from then on get: neither version makes any while both run.
  grantDefault: (op) => ({ served: [{ change: 'madeAtContract', op }] }),
  revokeDefault: (op) => ({ served: [{ change: 'madeAtContract', op }] }),
  createView: newView,
  replaceView: newView,
  dropView: dropAtContract,
  createFunction: newRoutine,
  replaceFunction: newRoutine,
  dropFunction: dropAtContract,
};
