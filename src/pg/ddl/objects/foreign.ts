import type { ForeignOperationKind } from '../../../ops/objects/foreign-operations.js';
import { sameForeignColumn } from '../../../ops/objects/foreign-operations.js';
import type { OperationOf } from '../../../ops/operation.js';
import type {
  ForeignColumnModel,
  ForeignDataWrapperModel,
  ForeignServerModel,
  ForeignTableModel,
} from '../../../schema/model.js';
import { assertNever } from '../../../util/assert-never.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { optionChanges, optionsClause } from './foreign-options.js';
import { transactional, type Statement } from '../statement.js';

/**
 * Foreign data wrappers, servers and foreign tables: `CREATE`, `DROP` and
 * `ALTER` in place. Types, collations, defaults and handler functions are
 * written as the model holds them, as Postgres prints them; names and option
 * keys are quoted identifiers and option values literals.
 */
export function compileForeignOperation(op: OperationOf<ForeignOperationKind>): Statement[] {
  switch (op.kind) {
    case 'createForeignDataWrapper':
      return [
        transactional(
          `CREATE FOREIGN DATA WRAPPER ${quoteIdent(op.wrapper.name)}${wrapperFunctions(op.wrapper)}${optionsClause(op.wrapper.options)}`,
        ),
      ];
    case 'dropForeignDataWrapper':
      return [transactional(`DROP FOREIGN DATA WRAPPER ${quoteIdent(op.name)}`)];
    case 'alterForeignDataWrapper':
      return alterStatement(`ALTER FOREIGN DATA WRAPPER ${quoteIdent(op.name)}`, wrapperChanges(op.from, op.to), ' ');
    case 'createForeignServer':
      return [transactional(createServerSql(op.server))];
    case 'dropForeignServer':
      return [transactional(`DROP SERVER ${quoteIdent(op.name)}`)];
    case 'alterForeignServer':
      return alterStatement(`ALTER SERVER ${quoteIdent(op.name)}`, serverChanges(op.from, op.to), ' ');
    case 'createForeignTable':
      return [transactional(createTableSql(op.table))];
    case 'dropForeignTable':
      return [transactional(`DROP FOREIGN TABLE ${quoteQualified(op.schema, op.name)}`)];
    case 'alterForeignTable':
      return alterStatement(
        `ALTER FOREIGN TABLE ${quoteQualified(op.schema, op.name)}`,
        tableChanges(op.from, op.to),
        ', ',
      );
    default:
      return assertNever(op, 'operation kind');
  }
}

function alterStatement(head: string, changes: string[], separator: string): Statement[] {
  return changes.length === 0 ? [] : [transactional(`${head} ${changes.join(separator)}`)];
}

function wrapperFunctions(w: ForeignDataWrapperModel): string {
  return `${w.handler === undefined ? '' : ` HANDLER ${w.handler}`}${w.validator === undefined ? '' : ` VALIDATOR ${w.validator}`}`;
}

function wrapperChanges(from: ForeignDataWrapperModel, to: ForeignDataWrapperModel): string[] {
  const options = optionChanges(from.options, to.options);
  return [
    ...(from.handler === to.handler ? [] : [to.handler === undefined ? 'NO HANDLER' : `HANDLER ${to.handler}`]),
    ...(from.validator === to.validator
      ? []
      : [to.validator === undefined ? 'NO VALIDATOR' : `VALIDATOR ${to.validator}`]),
    ...(options === null ? [] : [options]),
  ];
}

function createServerSql(s: ForeignServerModel): string {
  const type = s.type === undefined ? '' : ` TYPE ${quoteLiteral(s.type)}`;
  const version = s.version === undefined ? '' : ` VERSION ${quoteLiteral(s.version)}`;
  return `CREATE SERVER ${quoteIdent(s.name)}${type}${version} FOREIGN DATA WRAPPER ${quoteIdent(s.wrapper)}${optionsClause(s.options)}`;
}

function serverChanges(from: ForeignServerModel, to: ForeignServerModel): string[] {
  const options = optionChanges(from.options, to.options);
  return [
    ...(from.version === to.version ? [] : [`VERSION ${to.version === undefined ? 'NULL' : quoteLiteral(to.version)}`]),
    ...(options === null ? [] : [options]),
  ];
}

/** `name type [OPTIONS (...)] [COLLATE c] [NOT NULL] [DEFAULT expr]`, in the grammar's order. */
function columnSql(c: ForeignColumnModel): string {
  const collate = c.collation === undefined ? '' : ` COLLATE ${c.collation}`;
  const notNull = c.nullable ? '' : ' NOT NULL';
  const defaultSql = c.default === undefined ? '' : ` DEFAULT ${c.default}`;
  return `${quoteIdent(c.name)} ${c.type}${optionsClause(c.options)}${collate}${notNull}${defaultSql}`;
}

function createTableSql(t: ForeignTableModel): string {
  return `CREATE FOREIGN TABLE ${quoteQualified(t.schema, t.name)} (${t.columns.map(columnSql).join(', ')}) SERVER ${quoteIdent(t.server)}${optionsClause(t.options)}`;
}

/** Columns dropped, then changed, then added (at the end), then the table's options: one `ALTER FOREIGN TABLE`. */
function tableChanges(from: ForeignTableModel, to: ForeignTableModel): string[] {
  const before = new Map(from.columns.map((c) => [c.name, c]));
  const kept = new Set(to.columns.map((c) => c.name));
  const changes = from.columns.filter((c) => !kept.has(c.name)).map((c) => `DROP COLUMN ${quoteIdent(c.name)}`);
  for (const column of to.columns) {
    const old = before.get(column.name);
    if (old === undefined) changes.push(`ADD COLUMN ${columnSql(column)}`);
    else if (!sameForeignColumn(old, column)) changes.push(...columnChanges(old, column));
  }
  const options = optionChanges(from.options, to.options);
  return options === null ? changes : [...changes, options];
}

function columnChanges(from: ForeignColumnModel, to: ForeignColumnModel): string[] {
  const column = `ALTER COLUMN ${quoteIdent(to.name)}`;
  const changes: string[] = [];
  if (from.type !== to.type || from.collation !== to.collation) {
    changes.push(`${column} TYPE ${to.type}${to.collation === undefined ? '' : ` COLLATE ${to.collation}`}`);
  }
  if (from.nullable !== to.nullable) changes.push(`${column} ${to.nullable ? 'DROP' : 'SET'} NOT NULL`);
  if (from.default !== to.default)
    changes.push(to.default === undefined ? `${column} DROP DEFAULT` : `${column} SET DEFAULT ${to.default}`);
  const options = optionChanges(from.options, to.options);
  if (options !== null) changes.push(`${column} ${options}`);
  return changes;
}
