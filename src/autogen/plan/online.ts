import { BACKFILL_PLACEHOLDER, DEFAULT_BATCH_SIZE } from '../../ops/families/backfill.js';
import { isOnline, type Operation, type OperationOf } from '../../ops/operation.js';
import type { ColumnChange } from '../../ops/families/columns.js';
import {
  qualifiedKey,
  type ConstraintModel,
  type IndexModel,
  type SchemaModel,
  type TableModel,
} from '../../schema/model.js';
import { footprint } from '../../ops/footprint.js';
import { thing } from '../../ops/things.js';
import { MAX_IDENTIFIER_BYTES, serialSequenceName } from '../../schema/naming.js';
import { SERIAL_BASE_TYPES } from '../../schema/types.js';
import { formatIdentifier } from '../../sql/identifier.js';
import { truncateUtf8 } from '../../util/strings.js';
import { onlineSchedule } from '../order/online-order.js';

/**
 * The online plan (config `plan: 'online'`): index and constraint changes on
 * a table that already exists take the forms that keep it serving queries,
 * and move after everything else (`onlineSchedule` in `order/online-order.ts`),
 * where the revision runs them outside a transaction (an `op.autocommit` block):
 * - indexes created and dropped `CONCURRENTLY`;
 * - foreign keys and checks added `NOT VALID`, then validated;
 * - unique and primary keys over an index built concurrently (`USING INDEX`);
 * - `SET NOT NULL` through a validated `CHECK (col IS NOT NULL)`;
 * - a NOT NULL column without a default added to a table with rows
 *   (`withRows`), which a plain `ADD COLUMN` cannot fill: added nullable in
 *   place, then an `op.backfill` whose values the author writes, then SET
 *   NOT NULL online.
 * A table created in the same revision, a partitioned table or a partition
 * keeps the plain forms, in place, but for the NOT NULL column on a
 * partitioned table with a primary key (`keyedPartitionedTables`). So does a
 * change something else in the revision waits for: a key a new foreign key
 * references (or a unique index, where that key is added in place), an index
 * drop on a table the revision alters otherwise, a drop whose name is taken
 * again, the NOT NULL of a column a new primary key covers (the key would set
 * it first, and its downgrade could not drop it while the key stands). What is
 * there for one direction only keeps its plain form.
 */
export function onlinePlan(
  operations: readonly Operation[],
  current: SchemaModel,
  withRows: ReadonlySet<string> = new Set(),
): Operation[] {
  const reshaped = reshapedTables(operations);
  const context: Context = {
    withRows,
    existing: protectedTables(current, reshaped),
    keyedPartitioned: keyedPartitionedTables(operations, current, reshaped),
    alteredOtherwise: tablesAlteredOtherwise(operations),
    referenced: referencedKeys(operations),
    keyed: primaryKeyColumns(operations),
    partitioned: partitionedTables(operations, current),
    taken: new Set(),
    lastHeavy: operations.reduce((last, op, i) => (LIGHT.has(op.kind) ? last : i), -1),
    referencedInPlace: new Set(),
  };
  context.referencedInPlace = referencedInPlace(operations, context);
  // Index drops last: a name something in place creates again keeps its drop in place, before it. What is there
  // for one direction only (`OperationMarks`) stays as it is: its other direction is another operation's.
  const forms = operations.map((op, i) =>
    op.only !== undefined ? [] : op.kind === 'dropIndex' ? null : onlineForm(op, i, context),
  );
  context.taken = new Set(operations.flatMap((op, i) => (forms[i]?.some(isOnline) ? [] : createdName(op))));
  const swaps = indexSwaps(operations, forms, current, context);
  const swapped = new Set([...swaps.values()].flatMap((swap) => swap.absorbs));
  const online: Operation[] = [];
  const inPlace: Operation[] = [];
  operations.forEach((op, i) => {
    if (swapped.has(i)) return;
    const swap = swaps.get(i);
    if (swap !== undefined) return void online.push(...swap.parts);
    const form = forms[i] ?? onlineForm(op, i, context);
    if (form.length === 0) inPlace.push(op);
    for (const part of form) (isOnline(part) ? online : inPlace).push(part);
  });
  return onlineSchedule({ inPlace, online });
}

type OnlineOperation = Operation & { online?: boolean };

/** Operations an index drop may move past: none of them needs the index gone. */
const LIGHT = new Set<Operation['kind']>([
  'createIndex',
  'dropIndex',
  'addConstraint',
  'setComment',
  'setReplicaIdentity',
]);

/** An index defined anew under its own name, in its online form (`indexSwaps`). */
interface Swap {
  /** The operations it takes the place of besides the build: the drop, and a replica identity set on the index. */
  readonly absorbs: readonly number[];
  readonly parts: readonly Operation[];
}

/**
 * Indexes defined anew under their own names (a drop and a build of one name
 * on a table that stays), where the drop too would go online: built first
 * under a free name beside the old one, the table's replica identity moved
 * to it when the target sets it on that name, the old one dropped, and the
 * new one renamed. Queries keep an index, a unique one keeps rows unique, and
 * a published table keeps an identity all along; dropped first, the table
 * would go without for the whole build, and a row that broke the uniqueness
 * meanwhile would fail the build. Keyed by the position of the build.
 */
function indexSwaps(
  operations: readonly Operation[],
  forms: readonly (OnlineOperation[] | null)[],
  current: SchemaModel,
  context: Context,
): Map<number, Swap> {
  const swaps = new Map<number, Swap>();
  let taken: RelationNames | undefined;
  operations.forEach((op, at) => {
    if (op.kind !== 'createIndex' || !(forms[at]?.some(isOnline) ?? false)) return;
    const { schema, table } = op;
    const name = op.index.name;
    const drop = operations.findIndex(
      (other) => other.kind === 'dropIndex' && other.schema === schema && other.table === table && other.name === name,
    );
    const dropOp = operations[drop];
    if (dropOp?.kind !== 'dropIndex' || onlineForm(dropOp, drop, context).length === 0) return;
    taken ??= relationNames(operations, current);
    const temporary = freeName(schema, name, taken);
    taken.add(schema, temporary);
    const identity = operations.findIndex(
      (other) =>
        other.kind === 'setReplicaIdentity' &&
        other.schema === schema &&
        other.table === table &&
        typeof other.to === 'object' &&
        other.to !== null &&
        other.to.index === name,
    );
    const identityOp = operations[identity];
    const moved: Operation[] =
      identityOp?.kind === 'setReplicaIdentity' ? [{ ...identityOp, to: { index: temporary } }] : [];
    swaps.set(at, {
      absorbs: identity < 0 ? [drop] : [drop, identity],
      parts: [
        { ...op, index: { ...op.index, name: temporary }, online: true },
        ...moved,
        { ...dropOp, online: true },
        { kind: 'renameIndex', schema, from: temporary, to: name },
      ],
    });
  });
  return swaps;
}

/** `name_new`, else `name_new2`, ...: the first not among the relations of its schema, cut to 63 bytes. */
function freeName(schema: string, name: string, taken: RelationNames): string {
  for (let pass = 1; ; pass += 1) {
    const label = pass === 1 ? '_new' : `_new${pass}`;
    const candidate = `${truncateUtf8(name, MAX_IDENTIFIER_BYTES - label.length)}${label}`;
    if (!taken.has(schema, candidate)) return candidate;
  }
}

/** The names relations take in their schemas (`relationNames`), and those given since. */
interface RelationNames {
  has(schema: string, name: string): boolean;
  add(schema: string, name: string): void;
}

/**
 * The names of the relations either side has, as the comparison knows
 * them: tables, their indexes and keys, views and theirs,
 * sequences (a serial or identity column's own too), foreign and composite types' rows,
 * and what the operations make.
 */
function relationNames(operations: readonly Operation[], current: SchemaModel): RelationNames {
  const names = new Set<string>();
  const add = (schema: string, name: string): void => void names.add(qualifiedKey(schema, name));
  for (const t of current.tables) {
    add(t.schema, t.name);
    for (const i of [
      ...t.indexes,
      ...t.uniques,
      ...(t.exclusions ?? []),
      ...(t.primaryKey === null ? [] : [t.primaryKey]),
    ])
      add(t.schema, i.name);
    for (const c of t.columns) {
      add(t.schema, serialSequenceName(t.name, c.name));
      if (c.identity?.sequenceName !== undefined) add(t.schema, c.identity.sequenceName);
    }
  }
  for (const v of current.views) {
    add(v.schema, v.name);
    for (const i of v.indexes) add(v.schema, i.name);
  }
  for (const o of [...current.sequences, ...current.foreignTables, ...current.composites]) add(o.schema, o.name);
  for (const key of operations.flatMap(createdName)) names.add(key);
  const made = new Set(operations.flatMap((op) => footprint(op).makes));
  return {
    has: (schema, name) =>
      names.has(qualifiedKey(schema, name)) ||
      made.has(thing.relation(schema, name)) ||
      made.has(thing.index(schema, name)),
    add,
  };
}

interface Context {
  existing: Set<string>;
  /** Tables (`qualifiedKey`) that hold rows. */
  withRows: ReadonlySet<string>;
  alteredOtherwise: Set<string>;
  referenced: Set<string>;
  /** The referenced columns (`keyColumns`) of the new foreign keys that keep their plain form, in place. */
  referencedInPlace: Set<string>;
  /** The columns (`keyColumns` of one) of primary keys the revision adds. */
  keyed: Set<string>;
  partitioned: Set<string>;
  /** Partitioned tables a NOT NULL column is backfilled on (`keyedPartitionedTables`). */
  keyedPartitioned: Set<string>;
  /** The position of the last operation that is not light. */
  lastHeavy: number;
  /** Index and key names (schema-wide) that operations in place create. */
  taken: Set<string>;
}

/** The operation's online form (and, for a NOT NULL split off a wider change, the rest in place); empty to keep it as it is. */
function onlineForm(op: Operation, position: number, context: Context): OnlineOperation[] {
  if (op.kind === 'addColumn' && context.keyedPartitioned.has(qualifiedKey(op.schema, op.table)))
    return context.withRows.has(qualifiedKey(op.schema, op.table)) ? backfilledColumn(op) : [];
  if (
    !('table' in op) ||
    typeof op.table !== 'string' ||
    !('schema' in op) ||
    !context.existing.has(qualifiedKey(op.schema, op.table))
  )
    return [];
  switch (op.kind) {
    case 'createIndex':
      // A foreign key the revision adds in place may rest on this unique index: built in place, before it.
      return isReferenced(uniqueIndexKey(op.schema, op.table, op.index), context) ? [] : [{ ...op, online: true }];
    case 'dropIndex':
      // Dropped before something that needs it gone (an enum replaced, a column retyped): it stays there.
      if (
        position < context.lastHeavy ||
        context.alteredOtherwise.has(qualifiedKey(op.schema, op.table)) ||
        context.taken.has(qualifiedKey(op.schema, op.name))
      )
        return [];
      return [{ ...op, online: true }];
    case 'addConstraint':
      return hasOnlineForm(op.constraint, op.schema, op.table, context) ? [{ ...op, online: true }] : [];
    case 'alterColumn':
      return context.keyed.has(keyColumns(op.schema, op.table, [op.column])) ? [] : setNotNullOnline(op);
    case 'addColumn':
      return context.withRows.has(qualifiedKey(op.schema, op.table)) ? backfilledColumn(op) : [];
    default:
      return [];
  }
}

function hasOnlineForm(constraint: ConstraintModel, schema: string, table: string, context: Context): boolean {
  switch (constraint.type) {
    case 'foreignKey':
      // VALIDATE does not reach the copies Postgres makes per partition of a referenced partitioned table.
      return (
        constraint.notValid !== true &&
        constraint.notEnforced !== true &&
        !context.partitioned.has(qualifiedKey(constraint.refSchema, constraint.refTable))
      );
    case 'check':
      // One the model declares NOT VALID stays unvalidated; one NOT ENFORCED checks nothing.
      return constraint.notValid !== true && constraint.notEnforced !== true;
    case 'unique':
    case 'primaryKey':
      // A temporal key's index is GiST: no key is added USING INDEX over one.
      return (
        constraint.withoutOverlaps !== true &&
        (constraint.include ?? []).length === 0 &&
        constraint.deferrable !== true &&
        constraint.initiallyDeferred !== true &&
        !context.referenced.has(keyColumns(schema, table, constraint.columns))
      );
    case 'exclusion':
      return false;
  }
}

/** SET NOT NULL alone goes online; the other parts of the same change (a default) stay in place. */
function setNotNullOnline(op: OperationOf<'alterColumn'>): OnlineOperation[] {
  const { to, from } = op;
  if (
    to.nullable !== false ||
    to.type !== undefined ||
    to.generated !== undefined ||
    to.identity !== undefined ||
    to.collation !== undefined
  )
    return [];
  const notNull: OnlineOperation = {
    ...op,
    to: { nullable: false },
    ...(from?.nullable !== undefined ? { from: { nullable: from.nullable } } : {}),
    online: true,
  };
  const { nullable: _to, ...restTo } = to;
  if (Object.keys(restTo).length === 0) return [notNull];
  const restFrom: ColumnChange | undefined =
    from === undefined ? undefined : (({ nullable: _from, ...rest }) => rest)(from);
  return [{ ...op, to: restTo, ...(restFrom !== undefined ? { from: restFrom } : {}) }, notNull];
}

/**
 * The tables the online plan backfills if they hold rows: those that gain a
 * NOT NULL column without a default, each with the name the database has
 * for it before the revision's renames (`stored`), which run first.
 */
export function tablesToBackfill(
  operations: readonly Operation[],
): { schema: string; name: string; stored: { schema: string; name: string } }[] {
  const schemaWas = new Map<string, string>();
  const tableWas = new Map<string, string>();
  for (const op of operations) {
    if (op.kind === 'renameSchema') schemaWas.set(op.to, op.from);
    else if (op.kind === 'renameTable') tableWas.set(qualifiedKey(op.schema, op.to), op.from);
  }
  const keys = new Map<string, { schema: string; name: string; stored: { schema: string; name: string } }>();
  for (const op of operations) {
    if (op.kind !== 'addColumn' || backfilledColumn(op).length === 0) continue;
    const stored = {
      schema: schemaWas.get(op.schema) ?? op.schema,
      name: tableWas.get(qualifiedKey(op.schema, op.table)) ?? op.table,
    };
    keys.set(qualifiedKey(op.schema, op.table), { schema: op.schema, name: op.table, stored });
  }
  return [...keys.values()];
}

/**
 * A NOT NULL column without a default (nor identity, nor serial, nor
 * generated) on a table with rows: added nullable, a backfill for the
 * author to write, then SET NOT NULL online. Empty for any other column,
 * and for one that takes its values from the children's own columns
 * (`takenFrom`).
 */
function backfilledColumn(op: OperationOf<'addColumn'>): OnlineOperation[] {
  const { schema, table, column } = op;
  if (
    column.nullable ||
    column.default !== null ||
    column.identity !== null ||
    SERIAL_BASE_TYPES[column.type] !== undefined ||
    column.generated !== undefined
  )
    return [];
  if (op.takenFrom !== undefined && op.takenFrom.length > 0) return [];
  const name = formatIdentifier(column.name);
  const note = `${table}.${column.name} is NOT NULL without a default, and ${schema}.${table} has rows: write the value each row gets. Replace the placeholder in set with an SQL expression over the row (lower(title), say); the revision refuses to run until then. It writes batchSize rows per transaction; a run that stops resumes after the last batch written.`;
  return [
    { ...op, column: { ...column, nullable: true } },
    {
      kind: 'backfill',
      schema,
      table,
      set: { [column.name]: BACKFILL_PLACEHOLDER },
      where: `${name} IS NULL`,
      batchSize: DEFAULT_BATCH_SIZE,
      note,
    },
    {
      kind: 'alterColumn',
      schema,
      table,
      column: column.name,
      to: { nullable: false },
      from: { nullable: true },
      online: true,
    },
  ];
}

/**
 * Tables whose shape the revision makes anew: created (or created again), attached or detached, made to start
 * or stop inheriting. Their constraints stay where the plan put them.
 */
function reshapedTables(operations: readonly Operation[]): Set<string> {
  return new Set(
    operations.flatMap((op) => {
      if (op.kind === 'createTable') return [qualifiedKey(op.table.schema, op.table.name)];
      // A table attached or detached changes what it inherits.
      if (op.kind === 'attachPartition' || op.kind === 'detachPartition')
        return [qualifiedKey(op.schema, op.table), qualifiedKey(op.partitionOf.schema, op.partitionOf.table)];
      // So does a table that starts or stops inheriting (`INHERIT` needs the parent's checks already there).
      if (op.kind === 'inheritTable' || op.kind === 'noInheritTable')
        return [qualifiedKey(op.schema, op.table), qualifiedKey(op.parent.schema, op.parent.table)];
      return [];
    }),
  );
}

/**
 * Tables that exist before the revision and stay (not `reshaped`), not
 * partitioned, not partitions (Postgres builds no index concurrently on a
 * partitioned table).
 */
function protectedTables(current: SchemaModel, reshaped: ReadonlySet<string>): Set<string> {
  const plain = (t: TableModel): boolean => t.partitionBy === undefined && t.partitionOf === undefined;
  return new Set(
    current.tables
      .filter(plain)
      .map((t) => qualifiedKey(t.schema, t.name))
      .filter((key) => !reshaped.has(key)),
  );
}

/**
 * Partitioned tables (not partitions) that exist before the revision and
 * stay, with a primary key the revision does not drop: a NOT NULL column
 * added to one with rows takes the backfill form too, its batches following
 * the key through the parent; its other changes keep their plain forms.
 */
function keyedPartitionedTables(
  operations: readonly Operation[],
  current: SchemaModel,
  reshaped: ReadonlySet<string>,
): Set<string> {
  const keyDropped = (t: TableModel): boolean =>
    operations.some(
      (op) =>
        op.kind === 'dropConstraint' && op.schema === t.schema && op.table === t.name && op.name === t.primaryKey?.name,
    );
  return new Set(
    current.tables
      .filter(
        (t) => t.partitionBy !== undefined && t.partitionOf === undefined && t.primaryKey !== null && !keyDropped(t),
      )
      .map((t) => qualifiedKey(t.schema, t.name))
      .filter((key) => !reshaped.has(key)),
  );
}

/** Partitioned tables, before and after. */
function partitionedTables(operations: readonly Operation[], current: SchemaModel): Set<string> {
  const created = operations.flatMap((op) => (op.kind === 'createTable' ? [op.table] : []));
  return new Set(
    [...current.tables, ...created]
      .filter((t) => t.partitionBy !== undefined)
      .map((t) => qualifiedKey(t.schema, t.name)),
  );
}

/** Tables the revision changes with something besides indexes, constraints and comments: their index drops stay in place. */
function tablesAlteredOtherwise(operations: readonly Operation[]): Set<string> {
  const altered = new Set<string>();
  for (const op of operations) {
    if (LIGHT.has(op.kind)) continue;
    if ('table' in op && typeof op.table === 'string' && 'schema' in op) altered.add(qualifiedKey(op.schema, op.table));
    if (op.kind === 'dropTable') altered.add(qualifiedKey(op.schema, op.name));
  }
  return altered;
}

/** The keys new foreign keys reference: those keys must exist before the foreign keys, so they stay in place. */
function referencedKeys(operations: readonly Operation[]): Set<string> {
  const foreignKeys = operations.flatMap((op) => {
    if (op.kind === 'addConstraint') return op.constraint.type === 'foreignKey' ? [op.constraint] : [];
    return op.kind === 'createTable' ? op.table.foreignKeys : [];
  });
  return new Set(foreignKeys.map((fk) => keyColumns(fk.refSchema, fk.refTable, fk.refColumns)));
}

/** Each column of the primary keys the revision adds to tables that exist, as `keyColumns` of that column alone. */
function primaryKeyColumns(operations: readonly Operation[]): Set<string> {
  return new Set(
    operations.flatMap((op) =>
      op.kind === 'addConstraint' && op.constraint.type === 'primaryKey'
        ? op.constraint.columns.map((column) => keyColumns(op.schema, op.table, [column]))
        : [],
    ),
  );
}

/** The relation name (schema-wide) an operation creates, for a clash with a concurrent drop. */
function createdName(op: Operation): string[] {
  switch (op.kind) {
    case 'createIndex':
      return [qualifiedKey(op.schema, op.index.name)];
    case 'addConstraint':
      return op.constraint.type === 'check' || op.constraint.type === 'foreignKey'
        ? []
        : [qualifiedKey(op.schema, op.constraint.name)];
    case 'renameIndex':
      return [qualifiedKey(op.schema, op.to)];
    default:
      return [];
  }
}

const isReferenced = (key: string | undefined, context: Context): boolean =>
  key !== undefined && context.referencedInPlace.has(key);

/** The referenced columns of the new foreign keys that stay in place: on a table created here, or without an online form. */
function referencedInPlace(operations: readonly Operation[], context: Context): Set<string> {
  const foreignKeys = operations.flatMap((op) => {
    if (op.kind === 'createTable') return op.table.foreignKeys;
    if (op.kind !== 'addConstraint' || op.constraint.type !== 'foreignKey') return [];
    return onlineForm(op, -1, context).length === 0 ? [op.constraint] : [];
  });
  return new Set(foreignKeys.map((fk) => keyColumns(fk.refSchema, fk.refTable, fk.refColumns)));
}

/** A unique index's `keyColumns`, when a foreign key could reference it: whole plain columns, no predicate. */
function uniqueIndexKey(schema: string, table: string, index: IndexModel): string | undefined {
  if (!index.unique || index.where !== null) return undefined;
  const columns = index.columns.flatMap((key) => ('column' in key ? [key.column] : []));
  return columns.length === index.columns.length ? keyColumns(schema, table, columns) : undefined;
}

const keyColumns = (schema: string, table: string, columns: readonly string[]): string =>
  `${schema}\0${table}\0${[...columns].sort().join('\0')}`;
