import type { OperationOf } from '../../../ops/operation.js';
import type { ConstraintModel } from '../../../schema/model.js';
import { quoteDollar, quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { constraintDefinition, quoteColumnList } from './constraint.js';
import { createIndexSql, indexStatisticsStatements } from './create-index.js';
import { AthanorError } from '../../../util/errors.js';
import type { Statement } from '../statement.js';
import { isPunct, isWord, tokenizeSql, type SqlToken } from '../../../sql/lexer.js';
import { withClause } from '../tables/storage.js';

/**
 * The online forms of index and constraint changes on a table that serves
 * queries. Each statement runs outside a transaction (in an `op.autocommit`
 * block) and can run again after a failure part way: what exists is kept,
 * an invalid index left by a failed concurrent build is dropped and built
 * again.
 */

const outside = (sql: string, extra: Partial<Statement> = {}): Statement => ({ sql, transactional: false, ...extra });

/** `CREATE INDEX CONCURRENTLY IF NOT EXISTS`, after dropping an invalid index of the name. */
export function compileCreateIndexOnline(op: OperationOf<'createIndex'>): Statement[] {
  const repair = dropInvalidIndex(op.schema, op.index.name);
  return [
    repair,
    { ...createIndexConcurrentlySql(op), rerun: { repair } },
    ...indexStatisticsStatements(op.schema, op.index),
  ];
}

/** The `CREATE INDEX CONCURRENTLY IF NOT EXISTS` statement alone (expand runs it after its own repair). */
export function createIndexConcurrentlySql(op: OperationOf<'createIndex'>): Statement {
  const sql = createIndexSql(op.schema, op.table, op.index).replace(
    /^CREATE (UNIQUE )?INDEX /,
    'CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ',
  );
  return outside(sql, { weakLock: true });
}

export function compileDropIndexOnline(op: OperationOf<'dropIndex'>): Statement[] {
  return [outside(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(op.schema, op.name)}`, { weakLock: true })];
}

/** The index a failed `CREATE INDEX CONCURRENTLY` left behind (invalid), dropped without blocking writes. */
export function dropInvalidIndex(schema: string | null, name: string): Statement {
  const index = schema === null ? quoteIdent(name) : quoteQualified(schema, name);
  return outside(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`, {
    weakLock: true,
    when: {
      sql: 'SELECT EXISTS (SELECT FROM pg_index WHERE indexrelid = to_regclass($1) AND NOT indisvalid) AS run',
      params: [index],
    },
  });
}

/**
 * A foreign key or check: added `NOT VALID` (a short lock; rows already there
 * are not read), then validated under a lock that lets reads and writes go
 * on. A unique or primary key: its index built concurrently, then adopted
 * (`USING INDEX`).
 */
export function compileAddConstraintOnline(op: OperationOf<'addConstraint'>): Statement[] {
  const { schema, table, constraint } = op;
  switch (constraint.type) {
    case 'foreignKey':
    case 'check':
      return [
        unlessConstraint(
          schema,
          table,
          constraint.name,
          `ADD ${constraintDefinition({ ...constraint, notValid: true })}`,
        ),
        outside(validateSql(schema, table, constraint.name), { weakLock: true }),
      ];
    case 'unique':
    case 'primaryKey': {
      const repair = dropInvalidIndex(schema, constraint.name);
      return [
        repair,
        outside(uniqueIndexSql(schema, table, constraint), { weakLock: true, rerun: { repair } }),
        unlessConstraint(
          schema,
          table,
          constraint.name,
          `ADD CONSTRAINT ${quoteIdent(constraint.name)} ${keyWord(constraint)} USING INDEX ${quoteIdent(constraint.name)}`,
        ),
      ];
    }
    case 'exclusion':
      throw new AthanorError(
        'invalid-operation',
        `addConstraint ${constraint.name}: an exclusion constraint has no online form; leave out online`,
      );
  }
}

function keyWord(constraint: ConstraintModel): string {
  return constraint.type === 'primaryKey' ? 'PRIMARY KEY' : 'UNIQUE';
}

function uniqueIndexSql(
  schema: string,
  table: string,
  constraint: Extract<ConstraintModel, { type: 'unique' | 'primaryKey' }>,
): string {
  const nulls = constraint.type === 'unique' && constraint.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : '';
  return `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(constraint.name)} ON ${quoteQualified(schema, table)} (${quoteColumnList(constraint.columns)})${nulls}${withClause(constraint.with)}`;
}

/**
 * `SET NOT NULL` without a scan under the lock: a `CHECK (col IS NOT NULL)`
 * added `NOT VALID` and validated first lets Postgres skip the scan; the
 * check is dropped once the column is NOT NULL.
 */
export function compileSetNotNullOnline(op: OperationOf<'alterColumn'>): Statement[] {
  const { schema, table, column } = op;
  if (op.to.nullable !== false || Object.keys(op.to).length !== 1) {
    throw new AthanorError(
      'invalid-operation',
      `alterColumn ${schema}.${table}.${column} with online only sets NOT NULL; give to: { nullable: false } alone`,
    );
  }
  const check = notNullCheckName(column);
  const target = `ALTER TABLE ${quoteQualified(schema, table)}`;
  return [
    unlessConstraint(
      schema,
      table,
      check,
      `ADD CONSTRAINT ${quoteIdent(check)} CHECK (${quoteIdent(column)} IS NOT NULL) NOT VALID`,
    ),
    ifConstraint(schema, table, check, validateSql(schema, table, check)),
    outside(`${target} ALTER COLUMN ${quoteIdent(column)} SET NOT NULL`),
    outside(`${target} DROP CONSTRAINT IF EXISTS ${quoteIdent(check)}`),
  ];
}

/** The passing check's name: unlikely to clash, at most 63 bytes. */
function notNullCheckName(column: string): string {
  const name = `${column}_not_null_online`;
  return Buffer.byteLength(name) <= 63 ? name : `not_null_online_${hash(column)}`;
}

function hash(text: string): string {
  let h = 2166136261;
  for (const char of text) h = Math.imul(h ^ char.codePointAt(0)!, 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function validateSql(schema: string, table: string, name: string): string {
  return `ALTER TABLE ${quoteQualified(schema, table)} VALIDATE CONSTRAINT ${quoteIdent(name)}`;
}

const CONSTRAINT_EXISTS = (schema: string, table: string, name: string): string =>
  `EXISTS (SELECT FROM pg_constraint WHERE conrelid = ${quoteLiteral(quoteQualified(schema, table))}::regclass AND conname = ${quoteLiteral(name)})`;

/** `ALTER TABLE ... <clause>` unless the table already has a constraint of the name (a rerun). */
function unlessConstraint(schema: string, table: string, name: string, clause: string): Statement {
  const body = `BEGIN IF NOT ${CONSTRAINT_EXISTS(schema, table, name)} THEN ALTER TABLE ${quoteQualified(schema, table)} ${clause}; END IF; END`;
  return outside(`DO ${quoteDollar(body, 'athanor')}`);
}

/** The statement when the table has a constraint of the name (not yet dropped by a run that got further). */
function ifConstraint(schema: string, table: string, name: string, sql: string): Statement {
  return outside(
    `DO ${quoteDollar(`BEGIN IF ${CONSTRAINT_EXISTS(schema, table, name)} THEN ${sql}; END IF; END`, 'athanor')}`,
    { weakLock: true },
  );
}

/**
 * What hand-written SQL (`op.execute`) is as an online statement: one that
 * takes only a lock blocking neither reads nor writes, as the online
 * operations' statements do, is `weakLock`: `CREATE [UNIQUE] INDEX
 * CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX ... CONCURRENTLY`, and an
 * `ALTER TABLE` whose one action is `VALIDATE CONSTRAINT` or `DETACH
 * PARTITION ... CONCURRENTLY`. Of those, a dropped index and a validated
 * constraint run again as they are; a named concurrent build after its invalid
 * index is dropped; the others (an unnamed build would make a second index, a
 * pending detach must be finalized) never run twice. Nothing for other SQL.
 */
export function onlineForm(sql: string): Pick<Statement, 'weakLock' | 'rerun'> {
  const tokens = tokenizeSql(sql);
  const end = isPunct(tokens.at(-1), ';') ? tokens.length - 1 : tokens.length;
  const statement = tokens.slice(0, end);
  if (statement.some((t) => isPunct(t, ';'))) return {};
  const word = (i: number, text: string): boolean => isWord(statement[i], text);
  if (word(0, 'create')) {
    const at = word(1, 'unique') ? 2 : 1;
    if (!word(at, 'index') || !word(at + 1, 'concurrently')) return {};
    const repair = builtIndexRepair(statement.slice(at + 2));
    return { weakLock: true, rerun: repair === null ? false : { repair } };
  }
  if (word(0, 'drop')) return word(1, 'index') && word(2, 'concurrently') ? { weakLock: true } : {};
  if (word(0, 'reindex')) {
    return statement.some((t) => isWord(t, 'concurrently')) ? { weakLock: true, rerun: false } : {};
  }
  if (!(word(0, 'alter') && word(1, 'table')) || topLevel(statement).some((t) => isPunct(t, ','))) return {};
  const at = statement.findIndex((t, i) => i > 1 && (isWord(t, 'validate') || isWord(t, 'detach')));
  if (at < 0) return {};
  if (word(at, 'validate')) {
    return word(at + 1, 'constraint') && statement.length === at + 3 ? { weakLock: true } : {};
  }
  const concurrently = word(at + 1, 'partition') && word(statement.length - 1, 'concurrently');
  return concurrently ? { weakLock: true, rerun: false } : {};
}

/**
 * The drop of the invalid index a failed concurrent build left, from the
 * build's words after `CONCURRENTLY` (`[IF NOT EXISTS] name ON [ONLY]
 * [schema.]table ...`): in the table's schema when it is named, else where
 * the search path finds it; null for a build that names no index.
 */
function builtIndexRepair(rest: readonly SqlToken[]): Statement | null {
  const from = isWord(rest[0], 'if') && isWord(rest[1], 'not') && isWord(rest[2], 'exists') ? 3 : 0;
  const name = rest[from];
  if (name?.kind !== 'ident' || !isWord(rest[from + 1], 'on')) return null;
  const table = isWord(rest[from + 2], 'only') ? from + 3 : from + 2;
  const first = rest[table];
  const schema = first?.kind === 'ident' && isPunct(rest[table + 1], '.') ? first.text : null;
  return dropInvalidIndex(schema, name.text);
}

/** The tokens outside parentheses. */
function topLevel(tokens: readonly SqlToken[]): SqlToken[] {
  let depth = 0;
  return tokens.filter((t) => {
    if (isPunct(t, '(')) depth += 1;
    else if (isPunct(t, ')')) depth -= 1;
    return depth === 0;
  });
}
