import { NAMESPACES } from '../catalog-queries.js';
/**
 * SQL fragments shared by the catalog queries for objects the model cannot
 * hold (catalog-unmodeled-*.ts). Every part of that query selects `name`
 * (for people: `schema.name`, unquoted), `definition` (SQL that recreates
 * the object or setting, or null), `description` (one line, when Postgres
 * cannot print the object as SQL), and `rel_schema` / `rel_name` (the
 * relation the object belongs to, or null), and reads the namespaces from the
 * `ns` common table expression below.
 */

/** One kind of object the model cannot hold, and the query that lists it. */
export interface UnmodeledPart {
  /** Singular, for people: `base type`, `typed table`. */
  kind: string;
  /** The part's statement; a function of `server_version_num` where the catalogs differ by version. */
  sql: string | ((serverVersion: number) => string);
}

/** The namespaces reflected: the same as the model's reflection reads. */
export const UNMODELED_NAMESPACES = NAMESPACES;

/** True when no schema list narrows the reflection (for objects that belong to no schema). */
export const EVERY_SCHEMA = '$1::text[] IS NULL';

/** True when the object (of catalog `catalog`, oid `oid`) belongs to an extension. */
export function extensionMember(catalog: string, oid: string): string {
  return `EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '${catalog}'::regclass AND x.objid = ${oid} AND x.deptype = 'e')`;
}

/** `schema.name` for people, unquoted. */
export function displayName(schema: string, name: string): string {
  return `(${schema} || '.' || ${name})`;
}

/**
 * `key 'value', ...` from a `text[]` of `key=value` (foreign-data options),
 * or null when there are none.
 */
export function genericOptions(options: string): string {
  return `(SELECT string_agg(format('%I %L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ' ORDER BY ord)
     FROM unnest(${options}) WITH ORDINALITY AS u(o, ord))`;
}

/**
 * `key=value, ...` from a `text[]` of storage parameters (`reloptions`),
 * each key prefixed with `prefix`; values that are not plain words are quoted,
 * as pg_dump writes them. Null when there are none.
 */
export function storageParameters(options: string, prefix = ''): string {
  return `(SELECT string_agg(${prefix === '' ? '' : `'${prefix}' || `}split_part(o, '=', 1) || '=' ||
       CASE WHEN substr(o, strpos(o, '=') + 1) ~ '^[A-Za-z0-9_.]+$' THEN substr(o, strpos(o, '=') + 1)
            ELSE quote_literal(substr(o, strpos(o, '=') + 1)) END, ', ' ORDER BY ord)
     FROM unnest(${options}) WITH ORDINALITY AS u(o, ord))`;
}

/** A catalog object `schema.name`, quoted, from its catalog and the columns holding its name and namespace. */
export function qualifiedReference(catalog: string, nameColumn: string, namespaceColumn: string, oid: string): string {
  return `(SELECT format('%I.%I', refn.nspname, ref.${nameColumn})
     FROM ${catalog} ref JOIN pg_namespace refn ON refn.oid = ref.${namespaceColumn} WHERE ref.oid = ${oid})`;
}
