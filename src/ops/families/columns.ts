import { identitySequenceName, serialSequenceName } from '../../schema/naming.js';
import { SERIAL_BASE_TYPES } from '../../schema/types.js';
import {
  hazard,
  isBinaryCompatible,
  isVolatile,
  isWidening,
  readsSessionZone,
  LOCK,
  nonTransactionalHazard,
  tableOf,
  type Hazard,
} from '../hazard-codes.js';
import type { Operation } from '../operation.js';
import { irreversible, RANK, removedOf, type FamilySpecs } from './spec.js';
import {
  columnMakes,
  columnsRead,
  columnUses,
  footprintOf,
  relations,
  sequencesIn,
  thing,
  typesIn,
} from '../things.js';
import { mapColumn } from '../../schema/names/map-model-names.js';
import type { NameMapper } from '../../schema/names/name-mapper.js';
import type { ColumnModel, ColumnStorage, IdentityModel, InheritedTableModel } from '../../schema/model.js';

/**
 * A table a column moves to or from, one that inherits from the table of
 * `addColumn`'s `takenFrom` or `dropColumn`'s `keptBy`.
 */
export interface MovedColumnTable extends InheritedTableModel {
  /**
   * The name of the table's own NOT NULL constraint on the column (PostgreSQL
   * 18), given where it is not the one the move gives it: with `keptBy` the
   * constraint is named as `keptColumn`'s, else as `SET NOT NULL` names it on
   * the table. With `takenFrom` it is what the reverse gives back.
   */
  readonly notNullName?: string;
}

/**
 * A partition's own NOT NULL constraint on a column of its parent's
 * (PostgreSQL 18): named otherwise than the one it would inherit.
 */
export interface PartitionNotNull extends InheritedTableModel {
  readonly notNullName: string;
}

/** The parts of a column that `alterColumn` can change. */
export interface ColumnChange {
  readonly type?: string;
  readonly nullable?: boolean;
  readonly default?: string | null;
  /**
   * A collation as in `ColumnModel.collation`, or null for the type's own.
   * It is set with the type (`TYPE t COLLATE c`), so `type` must be given too;
   * when `from.type` is the same type the column is not cast.
   */
  readonly collation?: string | null;
  /**
   * The identity, or null for none. With a `from.identity` object it is
   * changed in place (`SET GENERATED ... SET ...`); otherwise it is added.
   */
  readonly identity?: IdentityModel | null;
  /**
   * A generation expression, or null for none. Null drops the expression
   * and keeps the stored values (`DROP EXPRESSION`). Postgres cannot add an
   * expression to a column, so a string drops the column and adds it back
   * generated, at the end of the table: `type` (and `collation`, `nullable`
   * when they are not the defaults) must be given to define it. With a
   * `generated` change, a part whose `from` equals its `to` only describes
   * the column and is not altered.
   */
  readonly generated?: string | null;
  /**
   * A generated column's new expression, set in place (`SET EXPRESSION AS`,
   * PostgreSQL 17 and later): the column keeps its place, and a stored one's
   * values are computed again, which rewrites the table.
   */
  readonly expression?: string;
  /**
   * Beside a `generated` expression: the column is (to) or was (from)
   * `VIRTUAL` (PostgreSQL 18+), computed when read; absent for `STORED`.
   * Beside an `expression`, or a `computed` type change, on both sides: the
   * column is virtual, and nothing is rewritten. It
   * is not a part of its own: a stored column made virtual, or back, is
   * dropped and added again like a changed expression. A virtual column made
   * plain (`to.generated` null, `from.generatedVirtual`) keeps the values it
   * computed: Postgres cannot drop a virtual column's expression, so it is
   * added back stored, then its expression dropped.
   */
  readonly generatedVirtual?: true;
  /** The statistics target, or null for the server's default (`SET STATISTICS -1`). */
  readonly statistics?: number | null;
  /** Attribute options by name, null to reset one (`SET (n_distinct = ...)`, `RESET (...)`). */
  readonly options?: Readonly<Record<string, string | null>>;
  /** The storage, or null for the type's own. */
  readonly storage?: ColumnStorage | null;
  /** The compression method, or null for the server's default (`SET COMPRESSION default`). */
  readonly compression?: string | null;
}

/** A table's columns. */
export type ColumnOperation = Readonly<
  | {
      kind: 'addColumn';
      schema: string;
      table: string;
      column: ColumnModel;
      /**
       * Tables that inherit from this one and have a column of this name as
       * their own: each gives its column up for the inherited one, values
       * kept (its column is renamed aside, the parent's added, the values
       * copied, the old column dropped). Postgres would merge the two instead,
       * leaving the column declared on the child as well. The column has no
       * identity nor generation expression.
       */
      takenFrom?: readonly MovedColumnTable[];
      /**
       * For a NOT NULL column without a default: the value each row the
       * table already holds gets, an SQL expression over the row. The column
       * is added nullable, the rows set, then SET NOT NULL. The downgrade of
       * a dropped column carries `TODO(fill)` (`FILL_PLACEHOLDER`): on a table
       * with rows it stops, asking for the value; on an empty one it runs.
       */
      fill?: string;
      /**
       * Partitions below the table that name their own NOT NULL constraint on
       * the column, deepest first. Postgres would give each the table's name,
       * which an inherited constraint cannot change: so the column is added
       * without NOT NULL, each of these gets its constraint under its name,
       * then the table gets its own, which Postgres merges with theirs.
       */
      partitionNotNulls?: readonly PartitionNotNull[];
    }
  | {
      kind: 'dropColumn';
      schema: string;
      table: string;
      column: string;
      removed?: ColumnModel;
      /**
       * Tables that inherit the column from this one and keep it as their
       * own, with its values: each gets a copy (`keptColumn`), filled from the
       * column, which takes its name once the parent's is dropped (Postgres
       * would drop the inherited column with the parent's).
       */
      keptBy?: readonly MovedColumnTable[];
      /** With `keptBy`: the column as this table has it (no identity nor generation expression), which they keep. */
      keptColumn?: ColumnModel;
      /** The partitions' own NOT NULL constraints on the column, which the reverse gives back (`addColumn`). */
      partitionNotNulls?: readonly PartitionNotNull[];
    }
  | {
      kind: 'alterColumn';
      schema: string;
      table: string;
      column: string;
      /** The new state of the changed parts. */
      to: ColumnChange;
      /** The same parts before the change; needed to reverse it. */
      from?: ColumnChange;
      /** Expression for `USING` when the type changes, e.g. `"price"::numeric(10,2)`. */
      using?: string;
      /**
       * Only for `migrate upgrade --expand`, which a plain upgrade ignores: the
       * old value from the new one, an expression over the column (its new
       * value) alone, as `using` gives the new from the old, e.g.
       * `"code"::text`. Expand keeps the old column equal to the new through
       * it; a type change whose cast back may lose values (one with `using`,
       * or other than a widening) is served only with it. The reverse takes it
       * as its `using`.
       */
      down?: string;
      /**
       * Without `using`: the type change casts the column through text
       * (`USING "c"::text::public.b`), for the types Postgres has no cast
       * between but reads and prints as text: an enum (or a domain over one,
       * or arrays of either) to or from any type but a string type. It holds
       * both ways, so `reverse` keeps it.
       */
      throughText?: boolean;
      /**
       * Set by autogenerate where every value of the old type is one of the
       * new type's: an enum to an enum holding all its labels, or to `text`
       * or `character varying` (arrays of the same depth alike). The change
       * loses none, so it is not destructive. The upgrade's alone: `reverse`
       * leaves it out.
       */
      keepsValues?: boolean;
      /**
       * The column is a stored generated column, on both sides: a type change
       * has no `USING` (Postgres refuses one), the server computes the values
       * again from the expression. It holds both ways, so `reverse` keeps it.
       */
      computed?: true;
      /**
       * The column is made serial, or stops being serial or an identity: when
       * this step sets a default (`to.default`, a `nextval()`), the sequence
       * it calls is then moved past the values the column holds (forward
       * only), so that the next value is free. It holds both ways, so
       * `reverse` keeps it.
       */
      pastRows?: boolean;
      /**
       * Only with `to.nullable`, or a `to.type` of a NOT NULL column, on a
       * partitioned table: the partitions below that name their own NOT NULL
       * constraint on the column, deepest first. With `to.nullable` false each
       * gets its constraint under its name before the table's SET NOT NULL,
       * which merges theirs (it would otherwise give them the table's name,
       * which an inherited constraint cannot change); with `to.nullable` true
       * theirs are dropped after the table's DROP NOT NULL, which leaves a
       * partition's own. A type change builds the constraints again under the
       * table's name (or fails on a partition's own): the table's and then
       * theirs are dropped first, and after it theirs and then the table's
       * (`notNullName`) made again. `reverse` keeps it.
       */
      partitionNotNulls?: readonly PartitionNotNull[];
      /**
       * Only with `partitionNotNulls` and a `to.type`: the name of the table's
       * NOT NULL constraint on the column, which it takes again after the type
       * change. `reverse` keeps it.
       */
      notNullName?: string;
      /**
       * Only with `to: { nullable: false }`: set NOT NULL without scanning
       * under the lock, through a `CHECK (col IS NOT NULL) NOT VALID` that is
       * validated, then dropped once the column is NOT NULL (outside a
       * transaction, in an `op.autocommit` block).
       */
      online?: boolean;
    }
>;

export type Op<K extends ColumnOperation['kind']> = Extract<ColumnOperation, { kind: K }>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly columns: ColumnOperation;
  }
}

/**
 * What the downgrade of a dropped NOT NULL column without a default writes in
 * `addColumn`'s `fill`: the values are gone, and a table with rows needs one
 * written for each (the step stops and says so); an empty table takes none.
 */
export const FILL_PLACEHOLDER = 'TODO(fill)';

export const COLUMN_SPECS: FamilySpecs<ColumnOperation['kind']> = {
  addColumn: {
    summary: 'Adds a column to a table.',
    describe: (op) => `add column ${op.schema}.${op.table}.${op.column.name}${movedText('taken from', op.takenFrom)}`,
    reverse: (op) => ({
      kind: 'dropColumn',
      schema: op.schema,
      table: op.table,
      column: op.column.name,
      removed: op.column,
      ...(op.takenFrom === undefined ? {} : { keptBy: op.takenFrom, keptColumn: op.column }),
      ...(op.partitionNotNulls === undefined ? {} : { partitionNotNulls: op.partitionNotNulls }),
    }),
    destructive: () => false,
    hazards: addColumnHazards,
    footprint: (op) =>
      footprintOf({
        makes: [...columnMakes(op.schema, op.table, op.column), thing.column(op.schema, op.table, op.column.name)],
        needs: [
          thing.relation(op.schema, op.table),
          ...relations(op.takenFrom),
          ...relations(op.partitionNotNulls),
          ...columnUses(op.column),
          ...columnsRead(op.schema, op.table, op.column.generated),
        ],
      }),
    example: {
      schema: 'public',
      table: 'users',
      column: { name: 'nickname', type: 'character varying(40)', nullable: false, default: "''::character varying" },
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '1'],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      column: mapColumn(op.column, map),
      ...(op.takenFrom ? { takenFrom: mapTables(op.takenFrom, map) } : {}),
      ...(op.partitionNotNulls ? { partitionNotNulls: mapTables(op.partitionNotNulls, map) } : {}),
    }),
  },
  dropColumn: {
    drops: (op) => [{ on: 'column', schema: op.schema, parent: op.table, name: op.column }],
    summary: 'Drops a column and its values.',
    unrendered: ['removed', 'partitionNotNulls'],
    describe: (op) => `drop column ${op.schema}.${op.table}.${op.column}${movedText('kept by', op.keptBy)}`,
    reverse: (op) => {
      const column = removedOf(`drop column ${op.schema}.${op.table}.${op.column}`, op.removed ?? op.keptColumn);
      return {
        kind: 'addColumn',
        schema: op.schema,
        table: op.table,
        column,
        ...(op.keptBy === undefined ? {} : { takenFrom: op.keptBy }),
        ...(op.partitionNotNulls === undefined ? {} : { partitionNotNulls: op.partitionNotNulls }),
        ...(op.keptBy === undefined && needsValues(column) ? { fill: FILL_PLACEHOLDER } : {}),
      };
    },
    // A generated column's values come from the table's other columns: dropping it loses none.
    destructive: (op) => op.removed?.generated === undefined,
    lossCode: 'drop-column',
    hazards: (op) => [
      hazard('access-exclusive', `dropping column ${op.column} ${LOCK}`, tableOf(op)),
      hazard(
        'column-dropped',
        `the running application still reads or writes ${op.schema}.${op.table}.${op.column}`,
        tableOf(op),
      ),
      ...copiedColumnHazards(op.column, op.keptBy),
    ],
    footprint: (op) =>
      footprintOf({
        needs: [thing.relation(op.schema, op.table), ...relations(op.keptBy)],
        releases: op.removed === undefined ? [] : columnUses(op.removed),
      }),
    example: { schema: 'public', table: 'users', column: 'nickname' },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '3'],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapColumn(op.removed, map) } : {}),
      ...(op.keptBy ? { keptBy: mapTables(op.keptBy, map) } : {}),
      ...(op.keptColumn ? { keptColumn: mapColumn(op.keptColumn, map) } : {}),
      ...(op.partitionNotNulls ? { partitionNotNulls: mapTables(op.partitionNotNulls, map) } : {}),
    }),
  },
  alterColumn: {
    summary:
      'Changes a column: type (with `using` or `throughText`, or `computed` for a generated column; `down`, the old value from the new, for `upgrade --expand`), nullability, default, collation, identity, generation (`expression` sets a generated column expression in place, PostgreSQL 17+), storage, statistics.',
    describe: describeAlterColumn,
    reverse: reverseAlterColumn,
    // A generated column's values are computed again: a narrower type fails on a value, it loses none.
    destructive: (op) =>
      op.to.type !== undefined &&
      op.computed !== true &&
      op.keepsValues !== true &&
      !isWidening(op.from?.type, op.to.type),
    loss: () => 'values may be cut, or fail to convert',
    lossCode: 'narrow-type',
    hazards: alterColumnHazards,
    footprint: (op) =>
      footprintOf({
        needs: [
          thing.relation(op.schema, op.table),
          ...(op.to.type === undefined ? [] : typesIn(op.to.type)),
          ...sequencesIn(op.to.default),
          ...columnsRead(op.schema, op.table, op.to.expression ?? op.to.generated),
        ],
        releases: [...(op.from?.type === undefined ? [] : typesIn(op.from.type)), ...sequencesIn(op.from?.default)],
      }),
    example: {
      schema: 'public',
      table: 'users',
      column: 'email',
      from: { type: 'text', nullable: false },
      to: { type: 'character varying(255)', nullable: true },
      down: '"email"::text',
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '2'],
    mapNames: mapAlterColumn,
  },
};

const CHANGE_PARTS = [
  'type',
  'nullable',
  'default',
  'collation',
  'identity',
  'generated',
  'expression',
  'statistics',
  'options',
  'storage',
  'compression',
] as const;

/**
 * What autogenerate writes as the `using` (or `down`) of a type change
 * Postgres has no cast for, for the author to replace. A revision file that
 * still holds it refuses to run, before anything runs.
 */
export const USING_PLACEHOLDER = 'TODO(using)';

/**
 * Swaps `from` and `to`, and `using` and `down` (each is the other's cast
 * back); `throughText`, `computed`, `pastRows` and the partitions' and table's NOT NULL
 * names hold both ways; `keepsValues` is the upgrade's alone.
 */
function reverseAlterColumn(op: Op<'alterColumn'>): Op<'alterColumn'> {
  const { from } = op;
  if (from === undefined)
    throw irreversible(describeAlterColumn(op), 'it does not say what the column was before (from)');
  const missing = CHANGE_PARTS.filter((part) => op.to[part] !== undefined && from[part] === undefined);
  if (missing.length > 0)
    throw irreversible(describeAlterColumn(op), `from does not give the previous ${missing.join(', ')}`);
  const to: ColumnChange = { ...from };
  const throughText = op.throughText === true ? { throughText: true } : {};
  const computed = op.computed === true ? { computed: true as const } : {};
  const pastRows = op.pastRows === true ? { pastRows: true } : {};
  const partitionNotNulls = op.partitionNotNulls === undefined ? {} : { partitionNotNulls: op.partitionNotNulls };
  const notNullName = op.notNullName === undefined ? {} : { notNullName: op.notNullName };
  const using = op.down !== undefined ? { using: op.down } : {};
  const down = op.using !== undefined ? { down: op.using } : {};
  return {
    kind: 'alterColumn',
    schema: op.schema,
    table: op.table,
    column: op.column,
    to,
    from: { ...op.to },
    ...using,
    ...down,
    ...throughText,
    ...computed,
    ...pastRows,
    ...partitionNotNulls,
    ...notNullName,
  };
}

/** A NOT NULL column that nothing fills: no default, identity, serial nor generation expression. */
function needsValues(column: ColumnModel): boolean {
  return (
    !column.nullable &&
    column.default === null &&
    column.identity === null &&
    SERIAL_BASE_TYPES[column.type] === undefined &&
    column.generated === undefined
  );
}

function describeAlterColumn(op: Op<'alterColumn'>): string {
  const { to, from } = op;
  const parts: string[] = [];
  if (to.type !== undefined && from?.type !== to.type) {
    const using =
      op.using !== undefined
        ? ` using ${op.using}`
        : op.throughText === true
          ? ' (cast through text)'
          : op.computed === true
            ? ' (computed again)'
            : '';
    const down = op.down !== undefined ? ` down ${op.down}` : '';
    parts.push(`type ${change(from?.type, to.type)}${using}${down}`);
  }
  if (to.collation !== undefined)
    parts.push(`collation ${change(collationText(from?.collation), collationText(to.collation))}`);
  if (to.nullable !== undefined) parts.push(change(nullability(from?.nullable), nullability(to.nullable)));
  if (to.default !== undefined) {
    // A type change drops the default and sets it again: unchanged, it is not a change.
    const [before, after] = [defaultText(from?.default), defaultText(to.default)];
    parts.push(`default ${before === after ? `${after} (set again)` : change(before, after)}`);
  }
  if (to.identity !== undefined) {
    // Where the sequence's name changes, each side names its sequence.
    const own = serialSequenceName(op.table, op.column);
    const named = (identity: IdentityModel | null | undefined): string | undefined =>
      identity === null || identity === undefined ? undefined : identitySequenceName(op.table, op.column, identity);
    const before = named(from?.identity);
    const renamed = before !== undefined && named(to.identity) !== undefined && before !== named(to.identity);
    parts.push(
      `identity ${change(identityText(from?.identity, renamed ? own : undefined), identityText(to.identity, renamed ? own : undefined))}`,
    );
  }
  if (to.generated !== undefined)
    parts.push(
      change(generatedText(from?.generated, from?.generatedVirtual), generatedText(to.generated, to.generatedVirtual)),
    );
  if (to.expression !== undefined) parts.push(`expression ${change(from?.expression, to.expression)}`);
  if (to.storage !== undefined)
    parts.push(`storage ${change(settingText(from?.storage), to.storage ?? "(the type's)")}`);
  if (to.compression !== undefined)
    parts.push(`compression ${change(settingText(from?.compression), to.compression ?? '(default)')}`);
  for (const [name, value] of Object.entries(to.options ?? {}))
    parts.push(`${name} ${change(statisticsText(numberOrNull(from?.options?.[name])), value ?? '(default)')}`);
  if (to.statistics !== undefined)
    parts.push(
      `statistics target ${change(statisticsText(from?.statistics), statisticsText(to.statistics) ?? '(default)')}`,
    );
  const what = `alter column ${op.schema}.${op.table}.${op.column}`;
  const online = op.online === true ? ' (through a validated check, online)' : '';
  return parts.length === 0 ? `${what}: no change` : `${what}: ${parts.join(', ')}${online}`;
}

function generatedText(value: string | null, virtual: boolean | undefined): string;
function generatedText(value: string | null | undefined, virtual: boolean | undefined): string | undefined;
function generatedText(value: string | null | undefined, virtual: boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'not generated (values kept)';
  return virtual === true ? `generated as ${value} (virtual)` : `generated as ${value}`;
}

/** `before -> after`, or just `after` when the previous state is unknown. */
function change(before: string | undefined, after: string): string {
  return before === undefined ? after : `${before} -> ${after}`;
}

function nullability(nullable: boolean): string;
function nullability(nullable: boolean | undefined): string | undefined;
function nullability(nullable: boolean | undefined): string | undefined {
  if (nullable === undefined) return undefined;
  return nullable ? 'nullable' : 'not null';
}

function defaultText(value: string | null): string;
function defaultText(value: string | null | undefined): string | undefined;
function defaultText(value: string | null | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === null ? '(none)' : value;
}

function collationText(value: string | null): string;
function collationText(value: string | null | undefined): string | undefined;
function collationText(value: string | null | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === null ? '(default)' : value;
}

/** An identity and its options; with `own` (Postgres' name for its sequence), its sequence's name too. */
function identityText(value: IdentityModel | null, own?: string): string;
function identityText(value: IdentityModel | null | undefined, own?: string): string | undefined;
function identityText(value: IdentityModel | null | undefined, own?: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '(none)';
  const options = (['start', 'increment', 'min', 'max', 'cache'] as const)
    .filter((key) => value[key] !== undefined)
    .map((key) => `${key} ${value[key]}`);
  if (value.cycle === true) options.push('cycle');
  if (own !== undefined || value.sequenceName !== undefined) options.push(`sequence ${value.sequenceName ?? own}`);
  const kind = value.always ? 'always' : 'by default';
  return options.length === 0 ? kind : `${kind} (${options.join(', ')})`;
}

function addColumnHazards(op: Op<'addColumn'>): Hazard[] {
  const table = tableOf(op);
  const { column } = op;
  const found = [hazard('access-exclusive', `adding column ${column.name} ${LOCK}`, table)];
  // A virtual column is computed when read: adding it writes nothing.
  if ((column.generated !== undefined && column.generatedVirtual !== true) || column.identity !== null) {
    found.push(
      hazard(
        'computed-column',
        `a ${column.generated !== undefined ? 'generated' : 'identity'} column ${column.name} rewrites the table to fill it`,
        table,
      ),
    );
  } else if (column.default !== null && isVolatile(column.default)) {
    found.push(
      hazard(
        'volatile-default',
        `the volatile default ${column.default} of ${column.name} rewrites the table to fill it`,
        table,
      ),
    );
  }
  if (!column.nullable && column.default === null && column.identity === null && column.generated === undefined) {
    found.push(
      hazard(
        'not-null-without-default',
        `NOT NULL column ${column.name} without a default fails on a table with rows, and inserts of the running application fail`,
        table,
      ),
    );
  }
  return [...found, ...copiedColumnHazards(column.name, op.takenFrom)];
}

/** ` (kept by s.t, ...)`: the tables a column moves to or from; '' when none. */
function movedText(how: string, tables: readonly InheritedTableModel[] | undefined): string {
  if (tables === undefined || tables.length === 0) return '';
  return ` (${how} ${tables.map((t) => `${t.schema}.${t.table}`).join(', ')})`;
}

/** The rows of the tables a column moves to or from, each updated to copy its values. */
function copiedColumnHazards(column: string, tables: readonly InheritedTableModel[] | undefined): Hazard[] {
  return (tables ?? []).map((t) =>
    hazard('copied-column', `the values of ${column} are copied by an UPDATE of every row of ${t.schema}.${t.table}`, {
      schema: t.schema,
      name: t.table,
    }),
  );
}

function alterColumnHazards(op: Op<'alterColumn'>): Hazard[] {
  const table = tableOf(op);
  // Online forms still lock for a moment (bounded by lock_timeout) but scan and build under weaker locks only.
  if (op.online === true) return [nonTransactionalHazard(`setting ${op.column} NOT NULL through a validated check`)];
  // SET STATISTICS alone takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
  // SET STATISTICS, SET (...), SET STORAGE and SET COMPRESSION rewrite nothing; the first two take SHARE UPDATE EXCLUSIVE only.
  if (Object.keys(op.to).every((part) => part === 'statistics' || part === 'options')) return [];
  const found = [hazard('access-exclusive', `altering column ${op.column} ${LOCK}`, table)];
  const virtual = op.to.generatedVirtual === true && op.to.generated === undefined;
  if (op.to.type !== undefined && !virtual && !isBinaryCompatible(op.from?.type, op.to.type)) {
    found.push(
      hazard('rewrite-type', `changing ${op.column} to ${op.to.type} rewrites the table and its indexes`, table),
    );
  }
  if (op.to.type !== undefined && op.using === undefined && readsSessionZone(op.from?.type, op.to.type)) {
    const what = `changing ${op.column} from ${op.from?.type} to ${op.to.type} reads each value in the TimeZone of the session that runs it: write the zone its values were written in as \`using\``;
    found.push(hazard('session-time-zone', what, table));
  }
  if (op.to.generated === null && op.from?.generatedVirtual === true) {
    const what = `the virtual column ${op.column} made plain is added back stored, which rewrites the table to fill it`;
    found.push(hazard('computed-column', what, table));
  }
  if (op.to.expression !== undefined && !virtual) {
    const what = `the new expression of ${op.column} rewrites the table to compute its values again`;
    found.push(hazard('computed-column', what, table));
  }
  if (op.to.nullable === false)
    found.push(hazard('set-not-null', `SET NOT NULL on ${op.column} scans the whole table under the lock`, table));
  return found;
}

function numberOrNull(value: string | null | undefined): number | null | undefined {
  return value === undefined || value === null ? value : Number(value);
}

function statisticsText(value: number | null | undefined): string | undefined {
  return value === undefined ? undefined : value === null ? '(default)' : String(value);
}

function settingText(value: string | null | undefined): string | undefined {
  return value === undefined ? undefined : (value ?? '(default)');
}

/** Tables named by schema and name, each moved into the tenant's schema. */
function mapTables<T extends InheritedTableModel>(tables: readonly T[], map: NameMapper): T[] {
  return tables.map((t) => ({ ...t, schema: map.schema(t.schema) }));
}

function mapAlterColumn(op: Extract<Operation, { kind: 'alterColumn' }>, map: NameMapper): Operation {
  const change = (c: NonNullable<typeof op.from>): typeof c => {
    const mapped = { ...c };
    if (typeof c.type === 'string') mapped.type = map.text(c.type);
    if (typeof c.default === 'string') mapped.default = map.text(c.default);
    if (typeof c.collation === 'string') mapped.collation = map.text(c.collation);
    if (typeof c.generated === 'string') mapped.generated = map.text(c.generated);
    return mapped;
  };
  return {
    ...op,
    schema: map.schema(op.schema),
    to: change(op.to),
    ...(op.from ? { from: change(op.from) } : {}),
    ...(op.using !== undefined ? { using: map.text(op.using) } : {}),
    ...(op.down !== undefined ? { down: map.text(op.down) } : {}),
  };
}
