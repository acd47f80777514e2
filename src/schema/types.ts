/**
 * Type spellings in the model, as Postgres' `format_type()` prints them with
 * an empty search path. This is for the model's canonical text, not for
 * building SQL (that lives in src/pg).
 */

import { formatQualified } from '../sql/identifier.js';

/** `schema.name` of a user-defined type, as `format_type()` prints it outside the search path. */
export function qualifiedTypeName(schema: string, name: string): string {
  return formatQualified(schema, name);
}

/** A type without its array brackets: the element type of `integer[][]` is `integer`. */
export function elementType(type: string): string {
  return type.replace(/(\[\])+$/, '');
}

/** Each serial type and the integer type its column has. */
export const SERIAL_BASE_TYPES: Readonly<Record<string, string>> = {
  serial: 'integer',
  bigserial: 'bigint',
  smallserial: 'smallint',
};

/** A serial type as the integer type its column has; any other type as it is. */
export function plainIntegerType(type: string): string {
  return SERIAL_BASE_TYPES[type] ?? type;
}

const SIMPLE_ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  integer: 'integer',
  int2: 'smallint',
  smallint: 'smallint',
  int8: 'bigint',
  bigint: 'bigint',
  serial: 'serial',
  serial4: 'serial',
  bigserial: 'bigserial',
  serial8: 'bigserial',
  smallserial: 'smallserial',
  serial2: 'smallserial',
  real: 'real',
  float4: 'real',
  float: 'double precision',
  float8: 'double precision',
  'double precision': 'double precision',
  bool: 'boolean',
  boolean: 'boolean',
  decimal: 'numeric',
  numeric: 'numeric',
  varchar: 'character varying',
  'character varying': 'character varying',
  'char varying': 'character varying',
  char: 'character(1)',
  character: 'character(1)',
  varbit: 'bit varying',
  'bit varying': 'bit varying',
  bit: 'bit(1)',
  timestamptz: 'timestamp with time zone',
  timetz: 'time with time zone',
};

/**
 * Normalizes a type as written (`int4`, `varchar(20)`, `timestamptz(3)`,
 * `decimal(10, 2)`, `text[]`) to `format_type()` spelling. Anything it does
 * not know is passed through with unquoted words lower-cased.
 */
export function normalizeTypeName(spelling: string): string {
  let normalized = normalizedTypes.get(spelling);
  if (normalized === undefined) {
    const { base, isArray } = splitArraySuffix(collapseSpaces(spelling));
    const type = normalizeBaseType(base);
    normalized = isArray ? `${type}[]` : type;
    if (normalizedTypes.size >= MAX_NORMALIZED_TYPES) normalizedTypes.clear();
    normalizedTypes.set(spelling, normalized);
  }
  return normalized;
}

/**
 * The spellings normalized so far: a model of thousands of tables spells its
 * columns' types with a few dozen spellings, each normalized through several
 * regular expressions.
 */
const normalizedTypes = new Map<string, string>();
const MAX_NORMALIZED_TYPES = 10_000;

function collapseSpaces(text: string): string {
  return text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),[\]])\s*/g, '$1')
    .replace(/\)(?=[a-z])/gi, ') ');
}

function splitArraySuffix(text: string): { base: string; isArray: boolean } {
  const match = /^(.*?)((?:\[\d*\])+)$/.exec(text);
  if (match) return { base: match[1] ?? '', isArray: true };
  const word = /^(.*?) array(?:\[\d*\])?$/i.exec(text);
  if (word) return { base: word[1] ?? '', isArray: true };
  return { base: text, isArray: false };
}

function normalizeBaseType(base: string): string {
  const lower = base.toLowerCase();
  const simple = SIMPLE_ALIASES[lower];
  if (simple !== undefined) return simple;
  return normalizeModifiedType(lower) ?? lowerOutsideQuotes(base);
}

const TIME_PATTERN = /^(time|timestamp)(?:\((\d+)\))?(?: (with|without) time zone)?$/;

function normalizeModifiedType(lower: string): string | null {
  const time = TIME_PATTERN.exec(lower);
  if (time) return timeType(time[1] ?? 'time', time[2], time[3] === 'with');
  const tz = /^(timestamptz|timetz)(?:\((\d+)\))?$/.exec(lower);
  if (tz) return timeType(tz[1] === 'timetz' ? 'time' : 'timestamp', tz[2], true);
  const numeric = /^(?:numeric|decimal)\((\d+)(?:,(-?\d+))?\)$/.exec(lower);
  if (numeric) return `numeric(${numeric[1]},${numeric[2] ?? '0'})`;
  const float = /^float\((\d+)\)$/.exec(lower);
  if (float) return Number(float[1]) <= 24 ? 'real' : 'double precision';
  const sized = /^(varchar|character varying|char varying|char|character|bpchar|bit|varbit|bit varying)\((\d+)\)$/.exec(
    lower,
  );
  if (sized) return `${sizedTypeName(sized[1] ?? '')}(${sized[2]})`;
  const interval = /^interval(?:\((\d+)\))?$/.exec(lower);
  if (interval) return interval[1] === undefined ? 'interval' : `interval(${interval[1]})`;
  return null;
}

function timeType(kind: string, precision: string | undefined, withZone: boolean): string {
  const p = precision === undefined ? '' : `(${precision})`;
  return `${kind}${p} ${withZone ? 'with' : 'without'} time zone`;
}

function sizedTypeName(name: string): string {
  switch (name) {
    case 'varchar':
    case 'character varying':
    case 'char varying':
      return 'character varying';
    case 'char':
    case 'character':
    case 'bpchar':
      return 'character';
    case 'varbit':
    case 'bit varying':
      return 'bit varying';
    default:
      return 'bit';
  }
}

/** Unquoted identifiers fold to lower case; quoted parts and modifiers are kept. */
function lowerOutsideQuotes(text: string): string {
  let out = '';
  let quoted = false;
  let depth = 0;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth += 1;
    else if (!quoted && ch === ')') depth -= 1;
    out += quoted || depth > 0 ? ch : ch.toLowerCase();
  }
  return out;
}
