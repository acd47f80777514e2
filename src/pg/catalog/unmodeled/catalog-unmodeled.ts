import { UNMODELED_NAMESPACES, type UnmodeledPart } from './catalog-unmodeled-helpers.js';
import { RELATION_OBJECT_PARTS, SCHEMA_OBJECT_PARTS } from './catalog-unmodeled-objects.js';
import { SERVER_PARTS, DATABASE_PARTS, TABLE_SETTING_PARTS } from './catalog-unmodeled-settings.js';
import { COMMENT_PARTS } from './catalog-unmodeled-comments.js';
import { PRIVILEGE_PARTS } from './catalog-unmodeled-privileges.js';

/**
 * Every kind of object the model cannot hold, in the order they are listed:
 * roughly the order they can be created in once the model's objects exist.
 * The privileges' parts are listed only when the reading manages privileges.
 */
function unmodeledParts(privileges: boolean): readonly UnmodeledPart[] {
  return [
    ...SCHEMA_OBJECT_PARTS,
    ...SERVER_PARTS,
    ...RELATION_OBJECT_PARTS,
    ...TABLE_SETTING_PARTS,
    ...DATABASE_PARTS,
    ...(privileges ? PRIVILEGE_PARTS : []),
    ...COMMENT_PARTS,
  ];
}

/**
 * One statement (for a server of `server_version_num` `serverVersion`) that lists, for the reflected schemas (`$1`, `text[]`, or
 * null for every user schema), every object and setting the model cannot
 * hold: one row each, whatever their number. Objects that belong to an
 * extension are left out; with `privileges`, the privileges on them that
 * differ from the extension's are listed, to the roles of `$2` (`text[]`, or
 * null for every role). Expects the search path to be `pg_catalog` only,
 * so that type and function names come out schema-qualified.
 */
export function unmodeledSql(serverVersion: number, privileges = false): string {
  return `
WITH ${UNMODELED_NAMESPACES}
${unmodeledParts(privileges)
  .map(
    (
      part,
      rank,
    ) => `SELECT ${rank} AS rank, '${part.kind}' AS kind, q.name::text AS name, q.definition::text AS definition,
  q.description::text AS description, q.rel_schema::text AS rel_schema, q.rel_name::text AS rel_name
FROM (${typeof part.sql === 'string' ? part.sql : part.sql(serverVersion)}
) q`,
  )
  .join('\nUNION ALL\n')}
ORDER BY rank, name, definition`;
}

export interface UnmodeledRow {
  /** The position of its kind in the list of kinds (`unmodeledParts`). */
  rank: number;
  kind: string;
  name: string;
  /** SQL that recreates it, or null when Postgres cannot print it. */
  definition: string | null;
  /** One line, when there is no definition. */
  description: string | null;
  /** The relation it belongs to, if any. */
  rel_schema: string | null;
  rel_name: string | null;
}
