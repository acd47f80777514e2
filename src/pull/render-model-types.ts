import { renderString } from '../util/render-value.js';

/**
 * The DSL column builder `migrate pull` writes for a type as the model
 * stores it (`format_type()` text): `integer()`, `varchar(20)`,
 * `moodEnum.column()`, `customType('public.citext')`, `.array()` for arrays.
 */

const SIMPLE_TYPES: Record<string, string> = {
  smallint: 'smallint()',
  integer: 'integer()',
  bigint: 'bigint()',
  serial: 'serial()',
  bigserial: 'bigserial()',
  smallserial: 'smallserial()',
  numeric: 'numeric()',
  real: 'real()',
  'double precision': 'doublePrecision()',
  boolean: 'boolean()',
  text: 'text()',
  'character varying': 'varchar()',
  date: 'date()',
  'time without time zone': 'time()',
  'timestamp without time zone': 'timestamp()',
  'timestamp with time zone': 'timestamptz()',
  interval: 'interval()',
  uuid: 'uuid()',
  json: 'json()',
  jsonb: 'jsonb()',
  bytea: 'bytea()',
};

const SIZED_TYPES: [RegExp, string][] = [
  [/^numeric\((\d+),(-?\d+)\)$/, 'numeric($1, $2)'],
  [/^character varying\((\d+)\)$/, 'varchar($1)'],
  [/^character\((\d+)\)$/, 'char($1)'],
  [/^time\((\d+)\) without time zone$/, 'time($1)'],
  [/^timestamp\((\d+)\) without time zone$/, 'timestamp($1)'],
  [/^timestamp\((\d+)\) with time zone$/, 'timestamptz($1)'],
];

/**
 * The builder call for `type`. `enumVars` maps enum and domain type names to
 * their consts; `use` records each DSL function the call starts with.
 */
export function renderColumnType(
  type: string,
  enumVars: ReadonlyMap<string, string>,
  use: (name: string) => void,
): string {
  const isArray = type.endsWith('[]');
  const base = isArray ? type.slice(0, -2) : type;
  return `${renderBaseType(base, enumVars, use)}${isArray ? '.array()' : ''}`;
}

function renderBaseType(base: string, enumVars: ReadonlyMap<string, string>, use: (name: string) => void): string {
  const enumVar = enumVars.get(base);
  if (enumVar !== undefined) return `${enumVar}.column()`;
  const record = (call: string): string => {
    use(call.slice(0, call.indexOf('(')));
    return call;
  };
  const simple = SIMPLE_TYPES[base];
  if (simple !== undefined) return record(simple);
  for (const [pattern, replacement] of SIZED_TYPES) {
    if (pattern.test(base)) return record(base.replace(pattern, replacement));
  }
  return record(`customType(${renderString(base)})`);
}
