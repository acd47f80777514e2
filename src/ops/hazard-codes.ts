import type { Operation } from './operation.js';

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
  'revoke-privilege': 'breaking',
  'non-transactional': 'non-transactional',
} as const satisfies Record<string, HazardKind>;
export type HazardCode = keyof typeof HAZARD_CODES;

/**
 * The data-loss codes of a change in place, which keeps the object but may cut
 * or refuse the values its rows hold; the other data-loss codes are drops.
 */
export const IN_PLACE_LOSS_CODES: readonly HazardCode[] = ['narrow-type', 'remove-enum-value'];

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

export const LOCK = 'takes an ACCESS EXCLUSIVE lock: every query on the table waits behind it';

/** The table an operation touches, when it names one. */
export function tableOf(op: Operation): { schema: string; name: string } | undefined {
  if (op.kind === 'createTable') return { schema: op.table.schema, name: op.table.name };
  if ('table' in op && typeof op.table === 'string' && 'schema' in op) return { schema: op.schema, name: op.table };
  if (op.kind === 'dropTable') return { schema: op.schema, name: op.name };
  return undefined;
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

const INTEGER_RANK = new Map([
  ['smallint', 1],
  ['integer', 2],
  ['bigint', 3],
]);

/**
 * Type changes that keep every value: longer or unbounded varchar, varchar to
 * text, wider integers, real to double precision, numeric with room for at
 * least the same digits on both sides of the point. Unknown `from` is not.
 */
export function isWidening(from: string | undefined, to: string): boolean {
  if (from === undefined) return false;
  if (from === to) return true;
  const fromInt = INTEGER_RANK.get(from);
  const toInt = INTEGER_RANK.get(to);
  if (fromInt !== undefined && toInt !== undefined) return toInt >= fromInt;
  if (from === 'real' && to === 'double precision') return true;
  if (from === 'text' && to === 'character varying') return true;
  return isVarcharWidening(from, to) || isNumericWidening(from, to);
}

function isVarcharWidening(from: string, to: string): boolean {
  const source = /^character varying(?:\((\d+)\))?$/.exec(from);
  if (source === null) return false;
  if (to === 'text' || to === 'character varying') return true;
  const target = /^character varying\((\d+)\)$/.exec(to);
  return target !== null && source[1] !== undefined && Number(target[1]) >= Number(source[1]);
}

function isNumericWidening(from: string, to: string): boolean {
  const source = /^numeric\((\d+),(\d+)\)$/.exec(from);
  if (source === null) return false;
  if (to === 'numeric') return true;
  const target = /^numeric\((\d+),(\d+)\)$/.exec(to);
  if (target === null) return false;
  const [fromPrecision, fromScale] = [Number(source[1]), Number(source[2])];
  const [toPrecision, toScale] = [Number(target[1]), Number(target[2])];
  return toScale >= fromScale && toPrecision - toScale >= fromPrecision - fromScale;
}
