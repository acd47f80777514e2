import { assertNever } from '../util/assert-never.js';
import { describeOperation, hazardOf, isDestructive } from './describe.js';
import type { Operation, OperationKind, OperationOf } from './operation.js';
import { renamedName, type RenameOperation } from './rename.js';

/** The families `--fail-on` and `acknowledged` speak of. */
export const HAZARD_KINDS = ['data-loss', 'rewrite', 'lock', 'scan', 'breaking', 'non-transactional'] as const;
export type HazardKind = (typeof HAZARD_KINDS)[number];

/** Every hazard code, its family, and what it means; docs/production.md lists the same codes. */
export const HAZARD_CODES = {
  'drop-table': 'data-loss',
  'drop-column': 'data-loss',
  'drop-schema': 'data-loss',
  'drop-type': 'data-loss',
  'remove-enum-value': 'data-loss',
  'narrow-type': 'data-loss',
  'drop-object': 'data-loss',
  'rewrite-type': 'rewrite',
  'volatile-default': 'rewrite',
  'computed-column': 'rewrite',
  'set-logged': 'rewrite',
  'access-exclusive': 'lock',
  'index-build-lock': 'lock',
  'validate-constraint': 'scan',
  'set-not-null': 'scan',
  'unique-index-scan': 'scan',
  'column-dropped': 'breaking',
  'table-dropped': 'breaking',
  renamed: 'breaking',
  'not-null-without-default': 'breaking',
  'non-transactional': 'non-transactional',
} as const satisfies Record<string, HazardKind>;
export type HazardCode = keyof typeof HAZARD_CODES;

export interface Hazard {
  kind: HazardKind;
  code: HazardCode;
  /** The table it touches, when there is one (its size makes the hazard worse). */
  table?: { schema: string; name: string };
  /** One sentence: what happens. */
  message: string;
}

/** A hazard of `code`, in its family. */
export function hazard(code: HazardCode, message: string, table?: { schema: string; name: string }): Hazard {
  return { kind: HAZARD_CODES[code], code, message, ...(table ? { table } : {}) };
}

/** The hazard of a statement that runs outside a transaction (an `op.autocommit` block, `CREATE INDEX CONCURRENTLY`). */
export function nonTransactionalHazard(what: string): Hazard {
  return hazard(
    'non-transactional',
    `${what} runs outside a transaction: a failure part way leaves what it did so far`,
  );
}

/**
 * The hazards of each operation of a revision, in order. An operation on a
 * table created earlier in the same list has no lock, scan or rewrite
 * hazard: nobody else can be using that table yet.
 */
export function revisionHazards(operations: readonly Operation[]): Hazard[][] {
  const created = new Set<string>();
  return operations.map((op) => {
    const found = hazardsOf(op).filter(
      (h) => !(h.table && ['rewrite', 'lock', 'scan'].includes(h.kind) && created.has(key(h.table))),
    );
    if (op.kind === 'createTable') created.add(key({ schema: op.table.schema, name: op.table.name }));
    return found;
  });
}

const key = (t: { schema: string; name: string }) => `${t.schema}\0${t.name}`;

/** What one operation risks, on a table that holds rows and serves queries. */
export function hazardsOf(op: Operation): Hazard[] {
  return [...dataLoss(op), ...tableHazards(op)];
}

function dataLoss(op: Operation): Hazard[] {
  if (!isDestructive(op)) return [];
  const message = `${describeOperation(op)}; ${hazardOf(op)}`;
  return [hazard(DATA_LOSS_CODES[op.kind] ?? 'drop-object', message, tableOf(op))];
}

const DATA_LOSS_CODES: Partial<Record<OperationKind, HazardCode>> = {
  dropTable: 'drop-table',
  dropColumn: 'drop-column',
  dropSchema: 'drop-schema',
  dropEnum: 'drop-type',
  dropDomain: 'drop-type',
  dropCompositeAttribute: 'drop-column',
  replaceEnum: 'remove-enum-value',
  alterColumn: 'narrow-type',
  replaceDomain: 'narrow-type',
};

function tableOf(op: Operation): { schema: string; name: string } | undefined {
  if (op.kind === 'createTable') return { schema: op.table.schema, name: op.table.name };
  if ('table' in op && typeof op.table === 'string' && 'schema' in op) return { schema: op.schema, name: op.table };
  if (op.kind === 'dropTable') return { schema: op.schema, name: op.name };
  return undefined;
}

export const LOCK = 'takes an ACCESS EXCLUSIVE lock: every query on the table waits behind it';

function tableHazards(op: Operation): Hazard[] {
  switch (op.kind) {
    case 'addColumn':
      return addColumnHazards(op);
    case 'alterColumn':
      return alterColumnHazards(op);
    case 'addConstraint':
      return addConstraintHazards(op);
    case 'dropColumn':
      return [
        hazard('access-exclusive', `dropping column ${op.column} ${LOCK}`, tableOf(op)),
        hazard(
          'column-dropped',
          `the running application still reads or writes ${op.schema}.${op.table}.${op.column}`,
          tableOf(op),
        ),
      ];
    case 'dropTable':
      return op.rowsKeptIn === undefined
        ? [hazard('table-dropped', `the running application still uses ${op.schema}.${op.name}`, tableOf(op))]
        : [];
    case 'setStorageParameters':
      return [];
    case 'setUnlogged':
      return [
        hazard(
          'access-exclusive',
          `setting ${op.schema}.${op.table} ${op.unlogged ? 'UNLOGGED' : 'LOGGED'} ${LOCK}`,
          tableOf(op),
        ),
        hazard(
          'set-logged',
          `SET ${op.unlogged ? 'UNLOGGED' : 'LOGGED'} rewrites ${op.schema}.${op.table}${op.unlogged ? '' : ' and writes all of it to the write-ahead log'}`,
          tableOf(op),
        ),
      ];
    case 'renameObject':
      // Queries name tables, columns, views, routines, sequences and types; rarely constraints, policies or triggers.
      if (op.object === 'constraint' || op.object === 'policy' || op.object === 'trigger') return [];
      return [
        hazard(
          'renamed',
          `the running application still uses the old name ${renamedName(op)} until it is deployed`,
          renamedTable(op),
        ),
      ];
    case 'renameSchema':
    case 'renameTable':
    case 'renameColumn':
      return [
        hazard(
          'renamed',
          `the running application still uses the old name ${renamedName(op)} until it is deployed`,
          renamedTable(op),
        ),
      ];
    case 'dropConstraint':
      return [hazard('access-exclusive', `dropping constraint ${op.name} ${LOCK}`, tableOf(op))];
    case 'createIndex':
      if (op.online === true) return [nonTransactionalHazard(`building index ${op.index.name} concurrently`)];
      return [
        hazard(
          'index-build-lock',
          `building index ${op.index.name} takes a SHARE lock: writes to the table wait for the whole build`,
          tableOf(op),
        ),
      ];
    case 'dropIndex':
      return op.online === true ? [nonTransactionalHazard(`dropping index ${op.name} concurrently`)] : [];
    // No lock, scan, rewrite or breaking hazard of their own (data loss aside).
    case 'createSchema':
    case 'dropSchema':
    case 'createEnum':
    case 'dropEnum':
    case 'addEnumValue':
    case 'renameEnumValue':
    case 'replaceEnum':
    case 'createTable':
    case 'renameIndex':
    case 'createExtension':
    case 'dropExtension':
    case 'alterExtension':
    case 'createCollation':
    case 'dropCollation':
    case 'createRule':
    case 'dropRule':
    case 'replaceRule':
    case 'createCast':
    case 'dropCast':
    case 'createOperator':
    case 'dropOperator':
    case 'alterOperator':
    case 'createOperatorClass':
    case 'dropOperatorClass':
    case 'createSequence':
    case 'createTextSearchDictionary':
    case 'alterTextSearchDictionary':
    case 'dropTextSearchDictionary':
    case 'createTextSearchConfiguration':
    case 'alterTextSearchConfiguration':
    case 'dropTextSearchConfiguration':
    case 'dropSequence':
    case 'alterSequence':
    case 'createDomain':
    case 'dropDomain':
    case 'alterDomain':
    case 'replaceDomain':
    case 'createView':
    case 'dropView':
    case 'replaceView':
    case 'createFunction':
    case 'dropFunction':
    case 'replaceFunction':
    case 'createTrigger':
    case 'dropTrigger':
    case 'setComment':
    case 'setRowLevelSecurity':
    case 'createPolicy':
    case 'dropPolicy':
    case 'attachPartition':
    case 'detachPartition':
    case 'stashRows':
    case 'restoreRows':
    case 'executeSql':
    case 'createCompositeType':
    case 'dropCompositeType':
    case 'addCompositeAttribute':
    case 'dropCompositeAttribute':
    case 'alterCompositeAttribute':
    case 'createForeignDataWrapper':
    case 'dropForeignDataWrapper':
    case 'alterForeignDataWrapper':
    case 'createForeignServer':
    case 'dropForeignServer':
    case 'alterForeignServer':
    case 'createForeignTable':
    case 'dropForeignTable':
    case 'alterForeignTable':
      return [];
    default:
      return assertNever(op, 'operation kind');
  }
}

function addColumnHazards(op: OperationOf<'addColumn'>): Hazard[] {
  const table = tableOf(op);
  const { column } = op;
  const found = [hazard('access-exclusive', `adding column ${column.name} ${LOCK}`, table)];
  if (column.generated !== undefined || column.identity !== null) {
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
  return found;
}

function alterColumnHazards(op: OperationOf<'alterColumn'>): Hazard[] {
  const table = tableOf(op);
  // Online forms still lock for a moment (bounded by lock_timeout) but scan and build under weaker locks only.
  if (op.online === true) return [nonTransactionalHazard(`setting ${op.column} NOT NULL through a validated check`)];
  // SET STATISTICS alone takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
  // SET STATISTICS, SET (...), SET STORAGE and SET COMPRESSION rewrite nothing; the first two take SHARE UPDATE EXCLUSIVE only.
  if (Object.keys(op.to).every((part) => part === 'statistics' || part === 'options')) return [];
  const found = [hazard('access-exclusive', `altering column ${op.column} ${LOCK}`, table)];
  if (op.to.type !== undefined && !isBinaryCompatible(op.from?.type, op.to.type)) {
    found.push(
      hazard('rewrite-type', `changing ${op.column} to ${op.to.type} rewrites the table and its indexes`, table),
    );
  }
  if (op.to.nullable === false)
    found.push(hazard('set-not-null', `SET NOT NULL on ${op.column} scans the whole table under the lock`, table));
  return found;
}

function addConstraintHazards(op: OperationOf<'addConstraint'>): Hazard[] {
  const table = tableOf(op);
  const { constraint } = op;
  if (op.online === true) return [nonTransactionalHazard(`adding constraint ${constraint.name} online`)];
  const found = [hazard('access-exclusive', `adding constraint ${constraint.name} ${LOCK}`, table)];
  switch (constraint.type) {
    case 'foreignKey':
    case 'check':
      if (!constraint.notValid)
        found.push(
          hazard(
            'validate-constraint',
            `${constraint.name} is validated against every row while the lock is held`,
            table,
          ),
        );
      return found;
    case 'primaryKey':
    case 'unique':
    case 'exclusion':
      found.push(
        hazard('unique-index-scan', `${constraint.name} builds its index over every row while the lock is held`, table),
      );
      return found;
    default:
      return assertNever(constraint, 'constraint type');
  }
}

/** Functions whose value differs per row, so a default calling one is computed for every existing row. */
export const VOLATILE_FUNCTIONS: readonly string[] = [
  'clock_timestamp',
  'timeofday',
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v4',
  'nextval',
  'txid_current',
  'statement_timestamp',
];
const VOLATILE = new RegExp(String.raw`\b(${VOLATILE_FUNCTIONS.join('|')})\s*\(`, 'i');

export function isVolatile(expression: string): boolean {
  return VOLATILE.test(expression);
}

/**
 * Type changes Postgres makes without rewriting the table: a longer or
 * unbounded varchar, varchar <-> text, numeric with more precision and the
 * same scale. Unknown `from` is not.
 */
export function isBinaryCompatible(from: string | undefined, to: string): boolean {
  if (from === undefined) return false;
  if (from === to) return true;
  const varchar = /^character varying(?:\((\d+)\))?$/;
  const source = varchar.exec(from);
  if ((source || from === 'text') && (to === 'text' || to === 'character varying')) return true;
  const target = varchar.exec(to);
  if (source?.[1] !== undefined && target?.[1] !== undefined) return Number(target[1]) >= Number(source[1]);
  const numeric = /^numeric\((\d+),(\d+)\)$/;
  const [a, b] = [numeric.exec(from), numeric.exec(to)];
  if (a && to === 'numeric') return true;
  return a !== null && b !== null && a[2] === b[2] && Number(b[1]) >= Number(a[1]);
}

/** The table a rename touches (its size does not matter to a rename, but its name is shown); none for a schema. */
function renamedTable(op: RenameOperation): { schema: string; name: string } | undefined {
  switch (op.kind) {
    case 'renameSchema':
      return undefined;
    case 'renameTable':
      return { schema: op.schema, name: op.from };
    case 'renameColumn':
      return { schema: op.schema, name: op.table };
    case 'renameObject':
      return op.table === undefined ? undefined : { schema: op.schema, name: op.table };
  }
}
