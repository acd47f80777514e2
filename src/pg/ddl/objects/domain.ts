import type { OperationOf } from '../../../ops/operation.js';
import type { DomainColumnUse } from '../../../ops/objects/object-operations.js';
import type { CheckModel, CommentTarget } from '../../../schema/model.js';
import { replacementDomainName } from '../../../ops/objects/domain-replace.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { compileSetComment } from './comment.js';
import { transactional, type Statement } from '../statement.js';

function checkClause(check: CheckModel): string {
  return `CONSTRAINT ${quoteIdent(check.name)} CHECK (${check.expression})${check.notValid === true ? ' NOT VALID' : ''}`;
}

/** `CREATE DOMAIN "s"."d" AS type [COLLATE c] [DEFAULT expr] [NOT NULL] [CONSTRAINT "c" CHECK (expr)]...`. */
export function compileCreateDomain(op: OperationOf<'createDomain'>): Statement[] {
  const { schema, name, type, notNull, checks } = op.domain;
  const parts = [`CREATE DOMAIN ${quoteQualified(schema, name)} AS ${type}`];
  if (op.domain.collation !== undefined) parts.push(`COLLATE ${op.domain.collation}`);
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
    statements.push(
      transactional(`ALTER DOMAIN ${target} ${to.default === null ? 'DROP DEFAULT' : `SET DEFAULT ${to.default}`}`),
    );
  }
  if (to.notNull !== undefined)
    statements.push(transactional(`ALTER DOMAIN ${target} ${to.notNull ? 'SET' : 'DROP'} NOT NULL`));
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

/**
 * Postgres cannot change a domain's base type, so the domain is replaced: the
 * new one is created under a temporary name (its NOT VALID checks wait until
 * the end, so that existing values are not checked against them), every
 * column using the old one is converted through the new base type with its
 * default dropped before and set again after, the old domain is dropped and
 * the new one takes its name.
 */
export function compileReplaceDomain(op: OperationOf<'replaceDomain'>): Statement[] {
  const { schema, name } = op.domain;
  const temporary = replacementDomainName(name);
  const created = compileCreateDomain({
    kind: 'createDomain',
    domain: { ...op.domain, name: temporary, checks: op.domain.checks.filter((c) => c.notValid !== true) },
  });
  const withDefault = op.columns.filter((use) => use.default !== undefined);
  return [
    ...created,
    ...withDefault.map((use) => transactional(`${alterColumn(use)} DROP DEFAULT`)),
    ...op.columns.flatMap((use) => convertColumn(use, op.domain.type, quoteQualified(schema, temporary))),
    transactional(`DROP DOMAIN ${quoteQualified(schema, name)}`),
    transactional(`ALTER DOMAIN ${quoteQualified(schema, temporary)} RENAME TO ${quoteIdent(name)}`),
    ...op.domain.checks
      .filter((c) => c.notValid === true)
      .map((c) => transactional(`ALTER DOMAIN ${quoteQualified(schema, name)} ADD ${checkClause(c)}`)),
    // A partition's own default comes after its parent's, whose SET DEFAULT reaches it.
    ...[...withDefault]
      .sort((a, b) => (a.partitionDepth ?? 0) - (b.partitionDepth ?? 0))
      .map((use) => transactional(`${alterColumn(use)} SET DEFAULT ${use.default!}`)),
    ...carriedComments(op),
  ];
}

/** The comments of the old domain and of the checks the new one keeps, set on the new one. */
function carriedComments(op: OperationOf<'replaceDomain'>): Statement[] {
  const { schema, name, checks } = op.domain;
  const comments = op.comments ?? {};
  const targets: { target: CommentTarget; text: string }[] = [];
  if (comments.domain !== undefined) targets.push({ target: { on: 'type', schema, name }, text: comments.domain });
  for (const check of comments.checks ?? []) {
    if (checks.some((c) => c.name === check.name))
      targets.push({ target: { on: 'domainConstraint', schema, name: check.name, parent: name }, text: check.text });
  }
  return targets.flatMap(({ target, text }) => compileSetComment({ kind: 'setComment', target, comment: text }));
}

function alterColumn(use: DomainColumnUse): string {
  return `ALTER TABLE ${quoteQualified(use.schema, use.table)} ALTER COLUMN ${quoteIdent(use.column)}`;
}

/** `ALTER COLUMN c TYPE temp[] USING c::base[]::temp[]`, keeping the column's array dimensions; nothing for a column of another type. */
function convertColumn(use: DomainColumnUse, base: string, temporary: string): Statement[] {
  if (use.type === undefined) return [];
  const dimensions = /(\[\])+$/.exec(use.type)?.[0] ?? '';
  const to = `${temporary}${dimensions}`;
  return [transactional(`${alterColumn(use)} TYPE ${to} USING ${quoteIdent(use.column)}::${base}${dimensions}::${to}`)];
}
