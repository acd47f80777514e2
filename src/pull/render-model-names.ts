import type { SchemaModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import { TYPE_KINDS } from '../schema/model-kinds.js';
import {
  checkNameParts,
  foreignKeyNameParts,
  indexNameParts,
  nameFromParts,
  primaryKeyNameParts,
  uniqueNameParts,
} from '../schema/naming.js';
import { qualifiedTypeName } from '../schema/types.js';

/**
 * The names `migrate pull` writes: the consts of tables, enums and domains,
 * and which constraint and index names may be left out because Postgres
 * would choose them by itself.
 */

/** Words a generated const may not be: DSL exports and JavaScript reserved words. */
const TAKEN_WORDS = new Set(
  (
    'metadata defineMetadata sql check unique index foreignKey customType col desc exclude policy smallint integer bigint serial bigserial ' +
    'smallserial numeric real doublePrecision boolean text varchar char date time timestamp timestamptz interval ' +
    'uuid json jsonb bytea AnyTable AnyColumn break case catch class const continue debugger default delete do ' +
    'else enum export extends false finally for function if import in instanceof new null return super switch ' +
    'this throw true try typeof var void while with yield let static implements interface package private ' +
    'protected public await arguments eval undefined NaN Infinity'
  ).split(' '),
);

interface ModelVariables {
  /** Table consts by `qualifiedKey(schema, name)`. */
  tableVars: Map<string, string>;
  /** Enum and domain consts by their qualified type name. */
  enumVars: Map<string, string>;
}

/**
 * A valid identifier from any name: words of letters, marks and ASCII digits
 * joined in camel case (`user_accounts` -> `userAccounts`); other digits are
 * and numerals are written in ASCII where they have such a form or a value
 * (`t²` -> `t2`, `٣` -> `3`, `Ⅻ` -> `XII`) and are separators otherwise; `_` goes first when the result would not
 * start as an identifier may (`1abc` -> `_1abc`, `😀` -> `_`).
 */
function camelCase(name: string): string {
  const words = asciiDigits(name)
    .split(/[^\p{L}\p{Mn}\p{Mc}0-9]+/u)
    .filter((w) => w.length > 0);
  const joined = words
    .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
  // Case mapping can produce characters of its own; keep only what an identifier may hold.
  const safe = [...joined].filter((ch) => /^[\p{ID_Continue}$]$/u.test(ch)).join('');
  return /^[\p{ID_Start}_$]/u.test(safe) ? safe : `_${safe}`;
}

/** Each numeral other than ASCII 0-9 in ASCII (its compatibility form, else its decimal value), or a space. */
function asciiDigits(name: string): string {
  return name.replace(/(?![0-9])\p{N}/gu, (digit) => {
    const compatible = digit.normalize('NFKC');
    if (/^[0-9A-Za-z]+$/.test(compatible)) return compatible;
    return /^\p{Nd}$/u.test(digit) ? String(decimalValue(digit)) : ' ';
  });
}

/** Unicode puts each script's decimal digits 0-9 in one run of ten code points. */
function decimalValue(digit: string): number {
  const code = digit.codePointAt(0) ?? 0;
  let zero = code;
  while (zero > 0 && /^\p{Nd}$/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
  return (code - zero) % 10;
}

function allocate(name: string, suffix: string, used: Set<string>): string {
  let base = camelCase(name);
  if (TAKEN_WORDS.has(base) || used.has(base)) base = `${base}${suffix}`;
  let candidate = base;
  for (let i = 2; used.has(candidate) || TAKEN_WORDS.has(candidate); i += 1) candidate = `${base}${i}`;
  used.add(candidate);
  return candidate;
}

/** One distinct const per enum, table and other type of the model's own (`TYPE_KINDS`), in model order. */
export function allocateModelVariables(model: SchemaModel): ModelVariables {
  const used = new Set<string>();
  const tableVars = new Map<string, string>();
  const enumVars = new Map<string, string>();
  for (const e of model.enums) enumVars.set(qualifiedTypeName(e.schema, e.name), allocate(e.name, 'Enum', used));
  for (const t of model.tables) tableVars.set(qualifiedKey(t.schema, t.name), allocate(t.name, 'Table', used));
  // The other types' columns are written like an enum's: `yearDomain.column()`, `addrType.column()`.
  for (const kind of TYPE_KINDS) {
    if (kind === 'enums') continue;
    const suffix = kind === 'domains' ? 'Domain' : 'Type';
    for (const t of model[kind]) enumVars.set(qualifiedTypeName(t.schema, t.name), allocate(t.name, suffix, used));
  }
  return { tableVars, enumVars };
}

/**
 * A name may be left out when it is exactly the default and nothing else in
 * the schema (a table, or any constraint or index) has that name: building
 * the model again then gives it the same name. Other names are written.
 */
export function defaultNamedObjects(model: SchemaModel): Set<object> {
  const candidates: { schema: string; object: { name: string } }[] = [];
  const counts = new Map<string, number>();
  const count = (schema: string, name: string): void => {
    const key = qualifiedKey(schema, name);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const t of model.tables) {
    count(t.schema, t.name);
    const columnNames = t.columns.map((c) => c.name);
    const add = (object: { name: string }, base: string): void => {
      count(t.schema, object.name);
      if (object.name === base) candidates.push({ schema: t.schema, object });
    };
    if (t.primaryKey) add(t.primaryKey, nameFromParts(primaryKeyNameParts(t.name)));
    for (const u of t.uniques) add(u, nameFromParts(uniqueNameParts(t.name, u.columns)));
    for (const i of t.indexes) add(i, nameFromParts(indexNameParts(t.name, i.columns)));
    for (const f of t.foreignKeys) add(f, nameFromParts(foreignKeyNameParts(t.name, f.columns)));
    for (const c of t.checks) add(c, nameFromParts(checkNameParts(t.name, c.expression, columnNames)));
  }
  const unique = candidates.filter((c) => counts.get(qualifiedKey(c.schema, c.object.name)) === 1);
  return new Set(unique.map((c) => c.object));
}
