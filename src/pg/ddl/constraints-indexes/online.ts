import type { OperationOf } from '../../../ops/operation.js';
import type { ConstraintModel } from '../../../schema/model.js';
import { quoteDollar, quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { constraintDefinition, quoteColumnList } from './constraint.js';
import { createIndexSql, indexStatisticsStatements } from './create-index.js';
import { AthanorError } from '../../../util/errors.js';
import type { Statement } from '../statement.js';

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
  const sql = createIndexSql(op.schema, op.table, op.index).replace(
    /^CREATE (UNIQUE )?INDEX /,
    'CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ',
  );
  return [
    dropInvalidIndex(op.schema, op.index.name),
    outside(sql, { weakLock: true }),
    ...indexStatisticsStatements(op.schema, op.index),
  ];
}

export function compileDropIndexOnline(op: OperationOf<'dropIndex'>): Statement[] {
  return [outside(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(op.schema, op.name)}`, { weakLock: true })];
}

/** The index a failed `CREATE INDEX CONCURRENTLY` left behind (invalid), dropped without blocking writes. */
function dropInvalidIndex(schema: string, name: string): Statement {
  return outside(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(schema, name)}`, {
    weakLock: true,
    when: {
      sql: 'SELECT EXISTS (SELECT FROM pg_index WHERE indexrelid = to_regclass($1) AND NOT indisvalid) AS run',
      params: [quoteQualified(schema, name)],
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
    case 'primaryKey':
      return [
        dropInvalidIndex(schema, constraint.name),
        outside(uniqueIndexSql(schema, table, constraint), { weakLock: true }),
        unlessConstraint(
          schema,
          table,
          constraint.name,
          `ADD CONSTRAINT ${quoteIdent(constraint.name)} ${keyWord(constraint)} USING INDEX ${quoteIdent(constraint.name)}`,
        ),
      ];
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
  return `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(constraint.name)} ON ${quoteQualified(schema, table)} (${quoteColumnList(constraint.columns)})${nulls}`;
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
