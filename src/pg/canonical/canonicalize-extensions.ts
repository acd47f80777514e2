import type { ExtensionModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import type { Driver } from '../driver.js';
import type { NameMapper } from './names/map-model-names.js';
import { quoteIdent } from '../quote.js';
import { moveQualifiedNames } from '../sql-qualify.js';
import { moveQualifiedOperators } from '../sql-qualify-operators.js';

/**
 * The name of an extension member `d.objid` (a `pg_depend` row `d` on the
 * extension) that SQL text may spell qualified: a relation, type, routine,
 * operator class or family, operator, collation, or text search dictionary,
 * template, parser or configuration.
 */
export const MEMBER_NAME =
  'COALESCE(c.relname, t.typname, p.proname, oc.opcname, fam.opfname, o.oprname, co.collname, td.dictname, tt.tmplname, tp.prsname, tc.cfgname)';
export const MEMBER_JOINS = `LEFT JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
LEFT JOIN pg_type t ON d.classid = 'pg_type'::regclass AND t.oid = d.objid
LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
LEFT JOIN pg_opclass oc ON d.classid = 'pg_opclass'::regclass AND oc.oid = d.objid
LEFT JOIN pg_opfamily fam ON d.classid = 'pg_opfamily'::regclass AND fam.oid = d.objid
LEFT JOIN pg_operator o ON d.classid = 'pg_operator'::regclass AND o.oid = d.objid
LEFT JOIN pg_collation co ON d.classid = 'pg_collation'::regclass AND co.oid = d.objid
LEFT JOIN pg_ts_dict td ON d.classid = 'pg_ts_dict'::regclass AND td.oid = d.objid
LEFT JOIN pg_ts_template tt ON d.classid = 'pg_ts_template'::regclass AND tt.oid = d.objid
LEFT JOIN pg_ts_parser tp ON d.classid = 'pg_ts_parser'::regclass AND tp.oid = d.objid
LEFT JOIN pg_ts_config tc ON d.classid = 'pg_ts_config'::regclass AND tc.oid = d.objid`;

/**
 * Declared extensions that the database has installed in another schema than
 * the model declares: until the revision moves them (`alterExtension`, the
 * last step of an upgrade), their types and functions live in the installed
 * schema. Canonicalization therefore reads `declared.member` references as
 * `installed.member`, so that the model compares with the database as it
 * stands and every other operation spells the members where they are.
 *
 * Returns, for each member of such an extension (`qualifiedKey(declared
 * schema, name)`), the installed schema quoted for SQL text.
 */
export async function relocatedExtensionMembers(
  driver: Driver,
  extensions: readonly ExtensionModel[],
): Promise<Map<string, string>> {
  const declared = new Map(extensions.map((e) => [e.name, e.schema]));
  if (declared.size === 0) return new Map();
  const { rows } = await driver.query<{ extension: string; schema: string; member: string | null }>(
    `SELECT e.extname AS extension, n.nspname AS schema, ${MEMBER_NAME} AS member
     FROM pg_extension e
     JOIN pg_namespace n ON n.oid = e.extnamespace
     JOIN pg_depend d ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid AND d.deptype = 'e'
     ${MEMBER_JOINS}
     WHERE e.extname = ANY($1::text[])
     ORDER BY 1, 3`,
    [[...declared.keys()]],
  );
  const members = new Map<string, string>();
  for (const row of rows) {
    const schema = declared.get(row.extension);
    if (schema === undefined || schema === row.schema || row.member === null) continue;
    members.set(qualifiedKey(schema, row.member), quoteIdent(row.schema));
  }
  return members;
}

/** Rewrites references to relocated extension members (see `relocatedExtensionMembers`); schema names stay. */
export function relocation(members: ReadonlyMap<string, string>): NameMapper {
  const move = (schema: string, name: string): string | null => members.get(qualifiedKey(schema, name)) ?? null;
  return {
    schema: (name) => name,
    text: (value) => moveQualifiedOperators(moveQualifiedNames(value, move), move),
  };
}
