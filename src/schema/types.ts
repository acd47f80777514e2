/**
 * Type spellings in the model, as Postgres' `format_type()` prints them with
 * an empty search path. This is for the model's canonical text, not for
 * building SQL (that lives in src/pg).
 */

/** Reserved and type/function-name keywords (PostgreSQL 15): never a bare column reference. */
const RESERVED_KEYWORDS = new Set(
  [
    // reserved
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint',
    'create current_catalog current_date current_role current_time current_timestamp current_user default',
    'deferrable desc distinct do else end except false fetch for foreign from grant group having in',
    'initially intersect into lateral leading limit localtime localtimestamp not null offset on only or',
    'order placing primary references returning select session_user some symmetric table then to trailing',
    'true union unique user using variadic when where window with',
    // type or function names
    'authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull',
    'join left like natural notnull outer overlaps right similar tablesample verbose',
  ]
    .join(' ')
    .split(' '),
);

/** Column-name keywords (PostgreSQL 15): usable as bare column names, quoted by `quote_identifier()`. */
const COLUMN_NAME_KEYWORDS = new Set(
  [
    'between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping',
    'inout int integer interval least national nchar none normalize nullif numeric out overlay position',
    'precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes',
    'xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable',
  ]
    .join(' ')
    .split(' '),
);

/** True for keywords that cannot stand bare as a column reference (`user`, `and`, `left`, ...). */
export function isReservedWord(word: string): boolean {
  return RESERVED_KEYWORDS.has(word);
}

/** True when `quote_identifier()` would leave the name bare. */
export function isBareIdentifier(name: string): boolean {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED_KEYWORDS.has(name) && !COLUMN_NAME_KEYWORDS.has(name);
}

/** An identifier as `quote_identifier()` prints it: quoted only when needed. */
export function formatIdentifier(name: string): string {
  return isBareIdentifier(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` of a user-defined type, as `format_type()` prints it outside the search path. */
export function qualifiedTypeName(schema: string, name: string): string {
  return `${formatIdentifier(schema)}.${formatIdentifier(name)}`;
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
  const { base, isArray } = splitArraySuffix(collapseSpaces(spelling));
  const normalized = normalizeBaseType(base);
  return isArray ? `${normalized}[]` : normalized;
}

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
