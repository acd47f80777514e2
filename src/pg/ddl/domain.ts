import type { OperationOf } from '../../ops/operation.js';
import type { CheckModel } from '../../schema/model.js';
import { quoteIdent, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

function checkClause(check: CheckModel): string {
  return `CONSTRAINT ${quoteIdent(check.name)} CHECK (${check.expression})${check.notValid === true ? ' NOT VALID' : ''}`;
}

/** `CREATE DOMAIN "s"."d" AS type [DEFAULT expr] [NOT NULL] [CONSTRAINT "c" CHECK (expr)]...`. */
export function compileCreateDomain(op: OperationOf<'createDomain'>): Statement[] {
  const { schema, name, type, notNull, checks } = op.domain;
  const parts = [`CREATE DOMAIN ${quoteQualified(schema, name)} AS ${type}`];
  if (op.domain.default !== null) parts.push(`DEFAULT ${op.domain.default}`);
  if (notNull) parts.push('NOT NULL');
  parts.push(...checks.filter((c) => c.notValid !== true).map(checkClause));
  const statements = [transactional(parts.join(' '))];
  // NOT VALID is refused inside CREATE DOMAIN; such checks are added afterwards.
  for (const check of checks.filter((c) => c.notValid === true)) {
    statements.push(transactional(`ALTER DOMAIN ${quoteQualified(schema, name)} ADD ${checkClause(check)}`));
  }
  return statements;
}

export function compileDropDomain(op: OperationOf<'dropDomain'>): Statement[] {
  return [transactional(`DROP DOMAIN ${quoteQualified(op.schema, op.name)}`)];
}

function sameCheck(a: CheckModel, b: CheckModel): boolean {
  return a.name === b.name && a.expression === b.expression && (a.notValid === true) === (b.notValid === true);
}

/**
 * Default and NOT NULL are set or dropped; checks that `from` has and `to`
 * lacks (or changes) are dropped, then the new ones are added.
 */
export function compileAlterDomain(op: OperationOf<'alterDomain'>): Statement[] {
  const target = quoteQualified(op.schema, op.name);
  const statements: Statement[] = [];
  const { to, from } = op;
  if (to.default !== undefined) {
    statements.push(transactional(`ALTER DOMAIN ${target} ${to.default === null ? 'DROP DEFAULT' : `SET DEFAULT ${to.default}`}`));
  }
  if (to.notNull !== undefined) statements.push(transactional(`ALTER DOMAIN ${target} ${to.notNull ? 'SET' : 'DROP'} NOT NULL`));
  if (to.checks !== undefined) {
    const before = from?.checks ?? [];
    for (const check of before.filter((c) => !to.checks!.some((d) => sameCheck(c, d)))) {
      statements.push(transactional(`ALTER DOMAIN ${target} DROP CONSTRAINT ${quoteIdent(check.name)}`));
    }
    for (const check of to.checks.filter((c) => !before.some((d) => sameCheck(c, d)))) {
      statements.push(transactional(`ALTER DOMAIN ${target} ADD ${checkClause(check)}`));
    }
  }
  return statements;
}
