import type { OperationOf, RenamedObjectKind } from '../../ops/operation.js';
import type { RenameOperation } from '../../ops/rename.js';
import { quoteIdent, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/** The `ALTER ... ` words of each kind `renameObject` renames, for those named by schema and name. */
const ALTER: Record<Exclude<RenamedObjectKind, 'constraint' | 'policy' | 'trigger'>, string> = {
  enum: 'TYPE',
  domain: 'DOMAIN',
  sequence: 'SEQUENCE',
  view: 'VIEW',
  materializedView: 'MATERIALIZED VIEW',
  function: 'FUNCTION',
  procedure: 'PROCEDURE',
  aggregate: 'AGGREGATE',
};

/** `ALTER TABLE ... SET UNLOGGED` or `SET LOGGED`: the table is rewritten. */
export function compileSetUnlogged(op: OperationOf<'setUnlogged'>): Statement[] {
  return [transactional(`ALTER TABLE ${quoteQualified(op.schema, op.table)} SET ${op.unlogged ? 'UNLOGGED' : 'LOGGED'}`)];
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
      return [transactional(`ALTER TABLE ${quoteQualified(op.schema, op.from)} RENAME TO ${quoteIdent(op.to)}`)];
    case 'renameColumn':
      return [transactional(`ALTER TABLE ${quoteQualified(op.schema, op.table)} RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`)];
    case 'renameObject':
      return [transactional(renameObjectSql(op))];
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

function tableOf(op: OperationOf<'renameObject'>): string {
  if (op.table === undefined) throw new Error(`renaming ${op.object} ${op.from} needs the table it is on`);
  return op.table;
}
