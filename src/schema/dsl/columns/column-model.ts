import { invalidModel } from '../invalid-model.js';
import { collationSql } from '../../collation.js';
import { serialSequenceName, truncateIdentifier } from '../../naming.js';
import { storageParameters } from '../tables/table-attributes.js';
import type { ColumnModel, ColumnStorage, IdentityModel } from '../../model.js';
import { normalizeTypeName, qualifiedTypeName } from '../../types.js';
import type { ColumnDefault, ColumnSpec, ColumnTypeSpec, IdentityKind, IdentityOptions } from './column.js';
import { isSqlExpr } from '../sql.js';
import { printLiteral } from '../../../sql/literal.js';

/** Builds one column of the model from its builder's spec. */

const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial']);
const IDENTITY_TYPES = new Set(['smallint', 'integer', 'bigint']);
const JSON_TYPES = new Set(['json', 'jsonb']);

/** `table app.users, column email` for messages. */
export function columnWhere(schema: string, table: string, column: string): string {
  return `table ${schema}.${table}, column ${column}`;
}

function baseTypeName(type: ColumnTypeSpec): string {
  return type.kind === 'enum' ? qualifiedTypeName(type.enum.schema, type.enum.name) : normalizeTypeName(type.spelling);
}

/** The canonical type of a column, `[]` appended for arrays. */
export function columnTypeName(spec: ColumnSpec): string {
  const base = baseTypeName(spec.type);
  return spec.array && !base.endsWith('[]') ? `${base}[]` : base;
}

export function isSerialType(type: string): boolean {
  return SERIAL_TYPES.has(type);
}

/**
 * The column in canonical form. `inPrimaryKey` makes it NOT NULL, as do
 * serial and identity, which Postgres makes NOT NULL as well. `table` names
 * the table, which names an identity's sequence unless it is given one.
 */
export function columnModel(
  where: string,
  name: string,
  spec: ColumnSpec,
  inPrimaryKey: boolean,
  table: string,
): ColumnModel {
  const type = columnTypeName(spec);
  const serial = isSerialType(type);
  if (spec.array && SERIAL_TYPES.has(baseTypeName(spec.type))) {
    throw invalidModel(where, 'a serial type cannot be an array; use integer().array() instead');
  }
  validateGenerated(where, spec, type, serial);
  const nullable = !(spec.notNull || inPrimaryKey || serial || spec.identity !== null);
  const column: ColumnModel = {
    name,
    type,
    nullable,
    default: spec.default === null ? null : defaultSql(where, spec.default, spec),
    identity:
      spec.identity === null
        ? null
        : identityModel(where, spec.identity, spec.identityOptions ?? null, serialSequenceName(table, name)),
    ...(spec.generated !== undefined && spec.generated !== null
      ? { generated: spec.generated.text, ...(spec.generatedVirtual === true ? { generatedVirtual: true } : {}) }
      : {}),
    ...(spec.collation !== undefined && spec.collation !== null ? { collation: collationSql(spec.collation) } : {}),
  };
  const statistics =
    spec.statistics === undefined || spec.statistics === null ? undefined : statisticsTarget(where, spec.statistics);
  const options = storageParameters(spec.options ?? undefined);
  return {
    ...column,
    ...(statistics !== undefined ? { statistics } : {}),
    ...(options !== undefined ? { options } : {}),
    ...(spec.storage !== undefined && spec.storage !== null ? { storage: columnStorage(where, spec.storage) } : {}),
    ...(spec.compression !== undefined && spec.compression !== null
      ? { compression: spec.compression.toLowerCase() }
      : {}),
    ...(!nullable && spec.notNullName !== undefined && spec.notNullName !== null
      ? { notNullName: truncateIdentifier(spec.notNullName) }
      : {}),
  };
}

const IDENTITY_NUMBERS = ['start', 'increment', 'min', 'max', 'cache'] as const;

/**
 * The identity with its sequence options as decimal text; the server drops
 * those equal to the defaults, and the model a sequence name equal to the one
 * Postgres would give (`ownName`).
 */
function identityModel(
  where: string,
  kind: IdentityKind,
  options: IdentityOptions | null,
  ownName: string,
): IdentityModel {
  if (options === null) return { always: kind === 'always' };
  const entries = IDENTITY_NUMBERS.flatMap((key) => {
    const value = options[key];
    if (value === undefined) return [];
    const text = String(value).trim();
    if (!/^-?\d+$/.test(text))
      throw invalidModel(where, `identity option ${key} must be an integer, not ${String(value)}`);
    return [[key, text] as const];
  });
  const numbers: Partial<Record<(typeof IDENTITY_NUMBERS)[number], string>> = Object.fromEntries(entries);
  const { sequenceName } = options;
  if (sequenceName !== undefined && (typeof sequenceName !== 'string' || sequenceName.trim() === ''))
    throw invalidModel(where, "identity option sequenceName must be the sequence's name, without its schema");
  const named = sequenceName === undefined ? undefined : truncateIdentifier(sequenceName);
  return {
    always: kind === 'always',
    ...numbers,
    ...(options.cycle === true ? { cycle: true } : {}),
    ...(named === undefined || named === ownName ? {} : { sequenceName: named }),
  };
}

function validateGenerated(where: string, spec: ColumnSpec, type: string, serial: boolean): void {
  if (serial && spec.default !== null)
    throw invalidModel(where, 'a serial column cannot have a default; remove .default()');
  if (spec.generated !== undefined && spec.generated !== null) {
    if (serial || spec.identity !== null)
      throw invalidModel(where, 'a generated column cannot be serial or an identity; remove .generatedAs()');
    if (spec.default !== null) throw invalidModel(where, 'a generated column cannot have a default; remove .default()');
  }
  if (spec.identity === null) return;
  if (serial)
    throw invalidModel(where, 'a serial column cannot also be an identity; use integer().identity(...) instead');
  if (spec.default !== null) throw invalidModel(where, 'an identity column cannot have a default; remove .default()');
  if (!IDENTITY_TYPES.has(type))
    throw invalidModel(where, `an identity column must be smallint, integer or bigint, not ${type}`);
}

/**
 * A default as SQL text, kept close to what was written: the server
 * canonicalizes it later, so no casts are guessed here.
 */
export function defaultSql(where: string, value: Exclude<ColumnDefault, null>, spec: ColumnSpec): string {
  if (isSqlExpr(value)) return value.text;
  switch (typeof value) {
    case 'string':
      validateEnumDefault(where, value, spec);
      return printLiteral(value);
    case 'number':
      if (!Number.isFinite(value))
        throw invalidModel(where, `default ${value} is not a finite number; use sql\`'NaN'\` or similar`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return jsonDefault(where, value, spec);
  }
}

function validateEnumDefault(where: string, value: string, spec: ColumnSpec): void {
  if (spec.type.kind !== 'enum' || spec.array) return;
  if (!spec.type.enum.values.includes(value)) {
    throw invalidModel(
      where,
      `default '${value}' is not a value of enum ${spec.type.enum.name} (${spec.type.enum.values.join(', ')})`,
    );
  }
}

function jsonDefault(where: string, value: object, spec: ColumnSpec): string {
  const isJson = spec.type.kind === 'named' && !spec.array && JSON_TYPES.has(normalizeTypeName(spec.type.spelling));
  if (!isJson)
    throw invalidModel(where, 'only json and jsonb columns take an object or array default; write it as sql`...`');
  return printLiteral(JSON.stringify(value));
}

/** A statistics target as Postgres takes it: an integer from 0 to 10000; -1 is the default, left out. */
function statisticsTarget(where: string, target: number): number | undefined {
  if (!Number.isInteger(target) || target < -1 || target > 10000) {
    throw invalidModel(
      where,
      `.statistics(${target}) must be an integer from 0 to 10000 (or -1 for the server's default)`,
    );
  }
  return target === -1 ? undefined : target;
}

const STORAGES: readonly ColumnStorage[] = ['PLAIN', 'EXTERNAL', 'EXTENDED', 'MAIN'];

/** A storage as the model holds it (upper case, as the catalog reads it back). The type's own storage is told apart only by the server. */
function columnStorage(where: string, storage: string): ColumnStorage {
  const upper = storage.toUpperCase() as ColumnStorage;
  if (!STORAGES.includes(upper))
    throw invalidModel(where, `.storage('${storage}') must be 'plain', 'external', 'extended' or 'main'`);
  return upper;
}
