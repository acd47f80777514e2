import type { OperationOf } from '../../ops/operation.js';
import type { NotNullRename, RenameOperation } from '../../ops/families/renames.js';
import type { RenamedObjectKind } from '../../schema/object-kinds.js';
import { notNullConstraintName } from '../../schema/naming.js';
import { quoteDollar, quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/** The `ALTER ... ` words of each kind `renameObject` renames, for those named by schema and name. */
const ALTER: Record<Exclude<RenamedObjectKind, 'constraint' | 'policy' | 'trigger'>, string> = {
  enum: 'TYPE',
  domain: 'DOMAIN',
  composite: 'TYPE',
  range: 'TYPE',
  sequence: 'SEQUENCE',
  view: 'VIEW',
  materializedView: 'MATERIALIZED VIEW',
  function: 'FUNCTION',
  procedure: 'PROCEDURE',
  aggregate: 'AGGREGATE',
};

/** `ALTER TABLE ... SET UNLOGGED` or `SET LOGGED`: the table is rewritten. */
export function compileSetUnlogged(op: OperationOf<'setUnlogged'>): Statement[] {
  return [
    transactional(`ALTER TABLE ${quoteQualified(op.schema, op.table)} SET ${op.unlogged ? 'UNLOGGED' : 'LOGGED'}`),
  ];
}

/**
 * `ALTER ... RENAME`: Postgres keeps the object's identity, so what uses it
 * (indexes and constraints on a column, foreign keys to a table, views over
 * it, defaults calling a sequence) follows by itself.
 */
export function compileRename(op: RenameOperation): Statement[] {
  switch (op.kind) {
    case 'renameSchema':
      return [transactional(`ALTER SCHEMA ${quoteIdent(op.from)} RENAME TO ${quoteIdent(op.to)}`)];
    case 'renameTable':
      return [
        transactional(`ALTER TABLE ${quoteQualified(op.schema, op.from)} RENAME TO ${quoteIdent(op.to)}`),
        ...(op.notNullRenames === undefined
          ? [transactional(notNullNamesAfterTableRename(op.schema, op.from, op.to))]
          : listedNotNullRenames(op.schema, op.to, op.notNullRenames)),
      ];
    case 'renameColumn':
      return [
        transactional(
          `ALTER TABLE ${quoteQualified(op.schema, op.table)} RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`,
        ),
        ...(op.notNullRenames === undefined
          ? [transactional(notNullNameAfterColumnRename(op.schema, op.table, op.from, op.to))]
          : listedNotNullRenames(op.schema, op.table, op.notNullRenames)),
      ];
    case 'renameObject':
      return [
        transactional(renameObjectSql(op)),
        ...(op.multirange === undefined ? [] : [transactional(multirangeRename(op.schema, op.multirange))]),
      ];
  }
}

function renameObjectSql(op: OperationOf<'renameObject'>): string {
  const to = quoteIdent(op.to);
  switch (op.object) {
    case 'constraint':
      return `ALTER TABLE ${quoteQualified(op.schema, tableOf(op))} RENAME CONSTRAINT ${quoteIdent(op.from)} TO ${to}`;
    case 'policy':
      return `ALTER POLICY ${quoteIdent(op.from)} ON ${quoteQualified(op.schema, tableOf(op))} RENAME TO ${to}`;
    case 'trigger':
      return `ALTER TRIGGER ${quoteIdent(op.from)} ON ${quoteQualified(op.schema, tableOf(op))} RENAME TO ${to}`;
    case 'function':
    case 'procedure':
    case 'aggregate': {
      // An aggregate over no arguments is written `(*)`.
      const args = op.object === 'aggregate' && (op.argumentTypes ?? '') === '' ? '*' : (op.argumentTypes ?? '');
      return `ALTER ${ALTER[op.object]} ${quoteQualified(op.schema, op.from)}(${args}) RENAME TO ${to}`;
    }
    default:
      return `ALTER ${ALTER[op.object]} ${quoteQualified(op.schema, op.from)} RENAME TO ${to}`;
  }
}

/**
 * A range type's multirange renamed with it (the operation says so when the
 * model expects its name to change: Postgres keeps a multirange's name when
 * its range is renamed). Guarded, so one revision runs on servers before 14,
 * which have no multiranges.
 */
function multirangeRename(schema: string, multirange: { from: string; to: string }): string {
  return doBlock([
    'BEGIN',
    `  IF to_regtype(${quoteLiteral(quoteQualified(schema, multirange.from))}) IS NOT NULL THEN`,
    `    ALTER TYPE ${quoteQualified(schema, multirange.from)} RENAME TO ${quoteIdent(multirange.to)};`,
    '  END IF;',
    'END',
  ]);
}

function tableOf(op: OperationOf<'renameObject'>): string {
  if (op.table === undefined) throw new Error(`renaming ${op.object} ${op.from} needs the table it is on`);
  return op.table;
}

/**
 * PostgreSQL 18 names a column's NOT NULL constraint after its table and
 * column, and keeps that name when either is renamed. A rename takes the
 * constraint's default name along, as the model expects an unnamed NOT NULL
 * to read; a constraint named otherwise, and servers before 18 (which have no
 * such constraints), are left alone. Guarded, so one revision runs on every
 * version.
 */
function notNullNameAfterColumnRename(schema: string, table: string, from: string, to: string): string {
  const oldName = notNullConstraintName(table, from);
  const newName = notNullConstraintName(table, to);
  return doBlock(['BEGIN', ...renameWhereExists(quoteQualified(schema, table), oldName, newName), 'END']);
}

/** The lines of a `DO` block that rename a NOT NULL constraint when the table has it. */
function renameWhereExists(relation: string, from: string, to: string): string[] {
  return [
    `  IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conrelid = ${quoteLiteral(relation)}::regclass AND con.contype = 'n' AND con.conname = ${quoteLiteral(from)}`,
    `      AND ${renamableNotNull()}) THEN`,
    `    ALTER TABLE ${relation} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)};`,
    '  END IF;',
  ];
}

/** The NOT NULL constraints a rename lists, each renamed where it exists; none, no statement. */
function listedNotNullRenames(schema: string, table: string, renames: readonly NotNullRename[]): Statement[] {
  if (renames.length === 0) return [];
  const relation = quoteQualified(schema, table);
  const lines = renames.flatMap(({ from, to }) => renameWhereExists(relation, from, to));
  return [transactional(doBlock(['BEGIN', ...lines, 'END']))];
}

/** The same after a table rename, for each column whose constraint has the old table's default name (names not shortened to fit). */
function notNullNamesAfterTableRename(schema: string, from: string, to: string): string {
  const relation = quoteQualified(schema, to);
  return doBlock([
    'DECLARE c record; BEGIN',
    '  FOR c IN SELECT con.conname, a.attname FROM pg_catalog.pg_constraint con',
    '      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]',
    `      WHERE con.conrelid = ${quoteLiteral(relation)}::regclass AND con.contype = 'n'`,
    `        AND con.conname = ${quoteLiteral(`${from}_`)} || a.attname || '_not_null'`,
    `        AND octet_length(${quoteLiteral(`${to}_`)} || a.attname || '_not_null') <= 63`,
    `        AND ${renamableNotNull()} LOOP`,
    `    EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', ${quoteLiteral(relation)}, c.conname, ${quoteLiteral(`${to}_`)} || c.attname || '_not_null');`,
    '  END LOOP;',
    'END',
  ]);
}

/**
 * The condition, on the NOT NULL constraint `con`, that Postgres renames it:
 * not inherited (a partition's from its parent, which Postgres refuses to
 * rename on its own), and held under the same name by every table below it
 * (renaming it renames theirs, and fails where one names it otherwise). A
 * constraint left out keeps its name, which autogenerate then reports.
 */
function renamableNotNull(): string {
  return [
    'con.coninhcount = 0 AND NOT EXISTS (WITH RECURSIVE below(rel) AS (',
    'SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = con.conrelid',
    ' UNION SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN below ON i.inhparent = below.rel)',
    ' SELECT 1 FROM below WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k',
    " WHERE k.conrelid = below.rel AND k.contype = 'n' AND k.conname = con.conname))",
  ].join('');
}

function doBlock(lines: string[]): string {
  return `DO ${quoteDollar(`\n${lines.join('\n')}\n`, 'athanor')}`;
}
