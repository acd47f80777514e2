import { FILL_PLACEHOLDER } from '../../../ops/families/columns.js';
import type { OperationOf } from '../../../ops/operation.js';
import type { PartitionNotNull } from '../../../ops/families/columns.js';
import type { ColumnModel } from '../../../schema/model.js';
import { AthanorError } from '../../../util/errors.js';
import { quoteDollar, quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import {
  identityClause,
  identityOptionsDiffer,
  identityPastRows,
  defaultSequencePastRows,
  renameIdentitySequence,
  setIdentityClause,
} from './identity.js';
import { transactional, type Statement } from '../statement.js';
import { setResetClauses } from './storage.js';

/**
 * `"name" type [COLLATE c] [GENERATED ... AS IDENTITY [(options)]]
 * [GENERATED ALWAYS AS (expr) {STORED | VIRTUAL}] [[CONSTRAINT name] NOT NULL] [DEFAULT expr]`.
 * The type, collation and expressions are canonical SQL already and are emitted as they are.
 * The kind is always spelled: PostgreSQL 18 makes a column without it virtual.
 */
export function columnDefinition(column: ColumnModel, schema: string): string {
  const parts = [quoteIdent(column.name), column.type];
  if (column.collation !== undefined) parts.push(`COLLATE ${column.collation}`);
  if (column.identity !== null) parts.push(identityClause(column.identity, schema));
  if (column.generated !== undefined)
    parts.push(`GENERATED ALWAYS AS (${column.generated}) ${column.generatedVirtual === true ? 'VIRTUAL' : 'STORED'}`);
  if (!column.nullable) parts.push(notNullClause(column.notNullName));
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  return parts.join(' ');
}

/**
 * `NOT NULL`, or `CONSTRAINT name NOT NULL` for a named one: PostgreSQL 18
 * keeps the name; older servers accept the clause and have no name to keep.
 */
export function notNullClause(name: string | undefined): string {
  return name === undefined ? 'NOT NULL' : `CONSTRAINT ${quoteIdent(name)} NOT NULL`;
}

/**
 * `ADD COLUMN` as the column is defined; or, for a NOT NULL column whose
 * partitions name their own constraints or that has a `fill`, added
 * nullable, the rows filled, the partitions' own constraints made under
 * their names (the table's then takes them over), then SET NOT NULL.
 */
export function compileAddColumn(op: OperationOf<'addColumn'>): Statement[] {
  const table = quoteQualified(op.schema, op.table);
  const { column } = op;
  const partitions = column.nullable ? [] : (op.partitionNotNulls ?? []);
  const fill = column.nullable ? undefined : op.fill;
  if (partitions.length === 0 && fill === undefined) {
    return [
      transactional(`ALTER TABLE ${table} ADD COLUMN ${columnDefinition(column, op.schema)}`),
      ...columnSettingStatements(op.schema, op.table, [column]),
    ];
  }
  const nullable = { ...column, nullable: true, notNullName: undefined };
  return [
    transactional(`ALTER TABLE ${table} ADD COLUMN ${columnDefinition(nullable, op.schema)}`),
    ...(fill === undefined ? [] : [transactional(fillSql(op, fill))]),
    ...partitionNotNullStatements(partitions, column.name, false),
    transactional(`ALTER TABLE ${table} ${setNotNullClause(column)}`),
    ...columnSettingStatements(op.schema, op.table, [column]),
  ];
}

/**
 * The rows of a column added with `fill` set to it. `FILL_PLACEHOLDER` sets
 * nothing: a table with rows stops the step, asking for the value; an empty
 * one goes on.
 */
function fillSql(op: OperationOf<'addColumn'>, fill: string): string {
  const table = quoteQualified(op.schema, op.table);
  const name = op.column.name;
  if (fill !== FILL_PLACEHOLDER) return `UPDATE ${table} SET ${quoteIdent(name)} = ${fill}`;
  const ask = `${op.schema}.${op.table} has rows: write the value each row gets for its column ${name} in place of ${FILL_PLACEHOLDER} in this revision's addColumn (fill), an SQL expression over the row`;
  return `DO ${quoteDollar(`BEGIN IF EXISTS (SELECT FROM ${table}) THEN RAISE EXCEPTION '%', ${quoteLiteral(ask)}; END IF; END`, 'athanor')}`;
}

/**
 * An `alterColumn`'s statements with its partitions' own NOT NULL
 * constraints (`partitionNotNulls`, deepest first): added before the
 * table's SET NOT NULL, dropped after its DROP NOT NULL. Around a type
 * change, which builds the constraints again, each partition's under the
 * table's name (or fails on a partition's own): the table's and then theirs
 * dropped before it, theirs and then the table's (`notNullName`) made after.
 */
export function aroundPartitionNotNulls(op: OperationOf<'alterColumn'>, statements: Statement[]): Statement[] {
  const partitions = op.partitionNotNulls ?? [];
  if (partitions.length === 0) return statements;
  if (op.to.nullable !== undefined) {
    const own = partitionNotNullStatements(partitions, op.column, op.to.nullable);
    return op.to.nullable ? [...statements, ...own] : [...own, ...statements];
  }
  if (op.to.type === undefined) return statements;
  const table = quoteQualified(op.schema, op.table);
  return [
    transactional(`ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(op.column)} DROP NOT NULL`),
    ...partitionNotNullStatements(partitions, op.column, true),
    ...statements,
    ...partitionNotNullStatements(partitions, op.column, false),
    transactional(`ALTER TABLE ${table} ${setNotNullClause({ name: op.column, notNullName: op.notNullName })}`),
  ];
}

/**
 * The partitions' own NOT NULL constraints on the column, added under their
 * names (deepest first), or dropped (from the top down: a partition's own
 * constraint goes once no table above it holds one).
 */
function partitionNotNullStatements(
  partitions: readonly PartitionNotNull[],
  column: string,
  drop: boolean,
): Statement[] {
  const statements = partitions.map((p) =>
    transactional(
      `ALTER TABLE ${quoteQualified(p.schema, p.table)} ${
        drop
          ? `ALTER COLUMN ${quoteIdent(column)} DROP NOT NULL`
          : setNotNullClause({ name: column, notNullName: p.notNullName })
      }`,
    ),
  );
  return drop ? statements.reverse() : statements;
}

/**
 * The clause that makes a column NOT NULL: under the constraint's own name
 * where the model gives one (PostgreSQL 18), which `SET NOT NULL` would
 * otherwise name after the table and column.
 */
export function setNotNullClause(column: Pick<ColumnModel, 'name' | 'notNullName'>): string {
  return column.notNullName === undefined
    ? `ALTER COLUMN ${quoteIdent(column.name)} SET NOT NULL`
    : `ADD CONSTRAINT ${quoteIdent(column.notNullName)} NOT NULL ${quoteIdent(column.name)}`;
}

/** What a column definition cannot say: `ALTER COLUMN ... SET STATISTICS n` and `SET (option = value)`, per column that has them. */
export function columnSettingStatements(schema: string, table: string, columns: readonly ColumnModel[]): Statement[] {
  return columns.flatMap((column) => {
    const clauses = [
      ...(column.statistics === undefined ? [] : [`SET STATISTICS ${column.statistics}`]),
      ...setResetClauses(column.options ?? {}),
      ...(column.storage === undefined ? [] : [`SET STORAGE ${column.storage}`]),
      ...(column.compression === undefined ? [] : [`SET COMPRESSION ${column.compression}`]),
    ];
    const prefix = `ALTER TABLE ${quoteQualified(schema, table)} ALTER COLUMN ${quoteIdent(column.name)}`;
    return clauses.map((clause) => transactional(`${prefix} ${clause}`));
  });
}

/**
 * The column's storage set back to its type's own. `SET STORAGE DEFAULT`
 * came in PostgreSQL 16; the type's storage is read from the catalog instead.
 */
function typeStorageSql(schema: string, table: string, column: string): string {
  const relation = quoteLiteral(quoteQualified(schema, table));
  const body =
    `BEGIN EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET STORAGE %s', ${relation}, ${quoteLiteral(column)}, ` +
    `(SELECT CASE t.typstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END ` +
    `FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = ${relation}::regclass AND a.attname = ${quoteLiteral(column)})); END`;
  return `DO ${quoteDollar(body, 'athanor')}`;
}

export function compileDropColumn(op: OperationOf<'dropColumn'>): Statement[] {
  return [transactional(`ALTER TABLE ${quoteQualified(op.schema, op.table)} DROP COLUMN ${quoteIdent(op.column)}`)];
}

/**
 * One statement per changed part, in this order: drop the default (when it
 * goes away, or before a type change that sets a new one, so the old default
 * never has to be cast), drop the identity, drop NOT NULL (before the type
 * change, whose USING may give nulls), change the type (and collation),
 * set the new default, SET NOT NULL, then add or change the identity
 * (which needs NOT NULL and no default; a new identity's sequence is then
 * moved past the values the column holds, as is the sequence of a default
 * set with `pastRows`). A generation expression is
 * dropped first (`to.generated` null); a virtual column is first dropped
 * and added back stored, since its expression cannot be dropped (see
 * `materializeVirtual`). A type change carries `USING`: the operation's own
 * expression, or a cast of the column to the new type (through text with
 * `throughText`); a collation change that keeps the type (`from.type` equal) casts nothing, nor does the
 * type change of a generated column (`computed`).
 */
export function compileAlterColumn(op: OperationOf<'alterColumn'>): Statement[] {
  if (typeof op.to.generated === 'string') return compileRegenerate(op, op.to.generated);
  const prefix = `ALTER TABLE ${quoteQualified(op.schema, op.table)} ALTER COLUMN ${quoteIdent(op.column)}`;
  const { to } = op;
  const clauses: string[] = [];
  if (to.generated === null) clauses.push('DROP EXPRESSION');
  if (to.expression !== undefined) clauses.push(`SET EXPRESSION AS (${to.expression})`);
  if (to.default === null || (to.type !== undefined && to.default !== undefined)) {
    clauses.push('DROP DEFAULT');
  }
  if (to.identity === null) clauses.push('DROP IDENTITY IF EXISTS');
  if (to.nullable === true) clauses.push('DROP NOT NULL');
  const type = typeClause(op);
  if (type !== null) clauses.push(type);
  if (typeof to.default === 'string') clauses.push(`SET DEFAULT ${to.default}`);
  if (to.nullable === false) clauses.push('SET NOT NULL');
  if (to.statistics !== undefined) clauses.push(`SET STATISTICS ${to.statistics ?? -1}`);
  if (to.options !== undefined) clauses.push(...setResetClauses(to.options));
  if (typeof to.storage === 'string') clauses.push(`SET STORAGE ${to.storage}`);
  if (to.compression !== undefined) clauses.push(`SET COMPRESSION ${to.compression ?? 'default'}`);
  const before = op.from?.identity ?? null;
  if (to.identity !== undefined && to.identity !== null) {
    if (before === null) clauses.push(`ADD ${identityClause(to.identity, op.schema)}`);
    else if (identityOptionsDiffer(before, to.identity)) clauses.push(setIdentityClause(to.identity));
  }
  const renamed =
    before === null || to.identity === undefined || to.identity === null
      ? null
      : renameIdentitySequence(op.schema, op.table, op.column, before, to.identity);
  const statements = [
    ...(to.generated === null && op.from?.generatedVirtual === true ? materializeVirtual(op) : []),
    ...clauses.map((clause) => transactional(`${prefix} ${clause}`)),
    ...(renamed === null ? [] : [transactional(renamed)]),
  ];
  if (to.storage === null) statements.push(transactional(typeStorageSql(op.schema, op.table, op.column)));
  if (to.identity !== undefined && to.identity !== null && before === null) {
    statements.push(transactional(identityPastRows(op.schema, op.table, op.column, to.identity)));
  }
  if (op.pastRows === true && typeof to.default === 'string') {
    statements.push(transactional(defaultSequencePastRows(op.schema, op.table, op.column)));
  }
  return statements;
}

/**
 * Postgres cannot add an expression to an existing column: the column is
 * dropped and added back generated (at the end of the table), its values
 * computed again. `to.type` (with `to.collation`, `to.nullable` and
 * `to.generatedVirtual`) defines it.
 */
function compileRegenerate(op: OperationOf<'alterColumn'>, expression: string): Statement[] {
  const virtual = op.to.generatedVirtual === true;
  return dropAndAddGenerated(op, 'to', expression, virtual, 'makes the column generated');
}

/**
 * Postgres cannot drop the expression of a virtual column (PostgreSQL 18):
 * before `DROP EXPRESSION`, the column is dropped and added back stored,
 * as `from` defines it, so that it holds the values it computed.
 */
function materializeVirtual(op: OperationOf<'alterColumn'>): Statement[] {
  const expression = op.from?.generated;
  if (typeof expression !== 'string') {
    throw new AthanorError(
      'invalid-operation',
      `alterColumn ${op.schema}.${op.table}.${op.column} makes a virtual column plain without its expression; give from.generated as well`,
    );
  }
  return dropAndAddGenerated(op, 'from', expression, false, 'makes a virtual column plain');
}

/** `DROP COLUMN`, then `ADD COLUMN` generated as `expression`, with the type, collation and nullability of `op[side]`. */
function dropAndAddGenerated(
  op: OperationOf<'alterColumn'>,
  side: 'to' | 'from',
  expression: string,
  virtual: boolean,
  what: string,
): Statement[] {
  const part = op[side] ?? {};
  if (part.type === undefined) {
    throw new AthanorError(
      'invalid-operation',
      `alterColumn ${op.schema}.${op.table}.${op.column} ${what} without its type; give ${side}.type as well`,
    );
  }
  const column: ColumnModel = {
    name: op.column,
    type: part.type,
    nullable: part.nullable ?? true,
    default: null,
    identity: null,
    generated: expression,
    ...(virtual ? { generatedVirtual: true } : {}),
    ...(typeof part.collation === 'string' ? { collation: part.collation } : {}),
  };
  const table = quoteQualified(op.schema, op.table);
  return [
    transactional(`ALTER TABLE ${table} DROP COLUMN ${quoteIdent(op.column)}`),
    transactional(`ALTER TABLE ${table} ADD COLUMN ${columnDefinition(column, op.schema)}`),
  ];
}

function typeClause(op: OperationOf<'alterColumn'>): string | null {
  const { to } = op;
  if (to.type === undefined) {
    if (to.collation === undefined) return null;
    throw new AthanorError(
      'invalid-operation',
      `alterColumn ${op.schema}.${op.table}.${op.column} changes the collation without a type; give to.type (and from.type) as well`,
    );
  }
  const collate = typeof to.collation === 'string' ? ` COLLATE ${to.collation}` : '';
  // A generated column's values are computed again from its expression: Postgres refuses a USING.
  if (op.computed === true) {
    if (op.using === undefined) return `TYPE ${to.type}${collate}`;
    throw new AthanorError(
      'invalid-operation',
      `alterColumn ${op.schema}.${op.table}.${op.column} changes the type of a generated column with USING, which Postgres refuses; leave using out`,
    );
  }
  const sameType = op.using === undefined && op.from?.type === to.type;
  const cast = op.throughText === true ? `::text::${to.type}` : `::${to.type}`;
  const using = sameType ? '' : ` USING ${op.using ?? `${quoteIdent(op.column)}${cast}`}`;
  return `TYPE ${to.type}${collate}${using}`;
}
