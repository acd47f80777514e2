import {
  displayName,
  extensionMember,
  genericOptions,
  qualifiedReference,
  storageParameters,
  type UnmodeledPart,
} from './catalog-unmodeled-helpers.js';
import { operatorReference } from '../catalog-queries.js';

/**
 * Objects that live in a schema and that the model has no place for: types
 * other than enums, domains, composite and range types, foreign tables that are partitions or
 * children, foreign tables' checks,
 * conversions, postfix operators, operator families made on their own and their loose members, and
 * text search parsers and templates. Each part follows the shape described in
 * catalog-unmodeled-helpers.ts.
 */

const NO_RELATION = 'NULL AS rel_schema, NULL AS rel_name';

/** Base types (written in C) and shell types; array types made with them belong to them. */
const BASE_TYPES = `
SELECT ${displayName('ns.nspname', 't.typname')} AS name, NULL AS definition,
  CASE WHEN t.typisdefined
    THEN format('base type %I.%I with input function %s and output function %s', ns.nspname, t.typname, t.typinput::regproc::text, t.typoutput::regproc::text)
    ELSE format('shell type %I.%I (CREATE TYPE %I.%I;)', ns.nspname, t.typname, ns.nspname, t.typname) END AS description,
  ${NO_RELATION}
FROM pg_type t
JOIN ns ON ns.oid = t.typnamespace
WHERE (t.typtype = 'b' OR (t.typtype = 'p' AND NOT t.typisdefined))
  AND NOT ${extensionMember('pg_type', 't.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'i')`;

/**
 * Foreign tables the model does not hold: partitions and inheritance children (the model holds the
 * others, `pg/catalog-foreign.ts`), with how they join their parent.
 */
const FOREIGN_TABLES = `
SELECT ${displayName('ns.nspname', 'c.relname')} AS name,
  format('CREATE FOREIGN TABLE %I.%I (%s) SERVER %I%s;', ns.nspname, c.relname, COALESCE((
    SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)) ||
        COALESCE(' OPTIONS (' || ${genericOptions('a.attfdwoptions')} || ')', '') ||
        CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
      ', ' ORDER BY a.attnum)
    FROM pg_attribute a
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), ''),
    s.srvname, COALESCE(' OPTIONS (' || ${genericOptions('ft.ftoptions')} || ')', '')) || E'\\n' ||
  (SELECT CASE WHEN c.relispartition
      THEN format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I %s;', pn.nspname, pc.relname, ns.nspname, c.relname, pg_get_expr(c.relpartbound, c.oid))
      ELSE format('ALTER FOREIGN TABLE %I.%I INHERIT %I.%I;', ns.nspname, c.relname, pn.nspname, pc.relname) END
   FROM pg_inherits ih JOIN pg_class pc ON pc.oid = ih.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
   WHERE ih.inhrelid = c.oid ORDER BY ih.inhseqno LIMIT 1) AS definition,
  NULL AS description, ns.nspname AS rel_schema, c.relname AS rel_name
FROM pg_foreign_table ft
JOIN pg_class c ON c.oid = ft.ftrelid
JOIN pg_foreign_server s ON s.oid = ft.ftserver
JOIN ns ON ns.oid = c.relnamespace
WHERE NOT ${extensionMember('pg_class', 'c.oid')}
  AND EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = c.oid)`;

/** Check constraints of foreign tables (which Postgres does not enforce): not modeled. */
const FOREIGN_TABLE_CHECKS = `
SELECT ${displayName('ns.nspname', 'c.relname')} || ' ' || k.conname AS name,
  format('ALTER FOREIGN TABLE %I.%I ADD CONSTRAINT %I %s;', ns.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid)) AS definition,
  NULL AS description, ns.nspname AS rel_schema, c.relname AS rel_name
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN ns ON ns.oid = c.relnamespace
WHERE c.relkind = 'f' AND k.contype = 'c' AND k.conislocal AND NOT ${extensionMember('pg_class', 'c.oid')}`;

/** The `n_distinct` attribute options of column `a` (the only ones a user sets), or null. */
const N_DISTINCT = storageParameters(
  "ARRAY(SELECT o FROM unnest(a.attoptions) AS o WHERE o ~ '^n_distinct(_inherited)?=')",
);

/** A foreign table's column settings: statistics target, attribute options (`n_distinct`) and storage. */
const FOREIGN_COLUMN_SETTINGS = `
SELECT ${displayName('ns.nspname', 'c.relname')} || '.' || a.attname AS name,
  concat_ws(E'\\n',
    CASE WHEN a.attstattarget IS NOT NULL AND a.attstattarget <> -1
      THEN format('ALTER FOREIGN TABLE %I.%I ALTER COLUMN %I SET STATISTICS %s;', ns.nspname, c.relname, a.attname, a.attstattarget) END,
    CASE WHEN ${N_DISTINCT} IS NOT NULL
      THEN format('ALTER FOREIGN TABLE %I.%I ALTER COLUMN %I SET (%s);', ns.nspname, c.relname, a.attname, ${N_DISTINCT}) END,
    CASE WHEN a.attstorage <> ty.typstorage
      THEN format('ALTER FOREIGN TABLE %I.%I ALTER COLUMN %I SET STORAGE %s;', ns.nspname, c.relname, a.attname,
        CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END) END) AS definition,
  NULL AS description, ns.nspname AS rel_schema, c.relname AS rel_name
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'f'
JOIN ns ON ns.oid = c.relnamespace
JOIN pg_type ty ON ty.oid = a.atttypid
WHERE a.attnum > 0 AND NOT a.attisdropped AND NOT ${extensionMember('pg_class', 'c.oid')}
  AND ((a.attstattarget IS NOT NULL AND a.attstattarget <> -1) OR ${N_DISTINCT} IS NOT NULL OR a.attstorage <> ty.typstorage)`;

/**
 * Comments on the servers and wrappers no extension made (those the reflected foreign tables use, or
 * all when every schema is); those on foreign tables and their columns are modeled.
 */
const FOREIGN_COMMENTS = `
SELECT s.srvname AS name, format('COMMENT ON SERVER %I IS %L;', s.srvname, d.description) AS definition,
  NULL AS description, NULL AS rel_schema, NULL AS rel_name
FROM pg_description d
JOIN pg_foreign_server s ON d.classoid = 'pg_foreign_server'::regclass AND s.oid = d.objoid
WHERE NOT ${extensionMember('pg_foreign_server', 's.oid')}
  AND ($1::text[] IS NULL OR EXISTS (SELECT 1 FROM pg_foreign_table ft JOIN pg_class fc ON fc.oid = ft.ftrelid
                                    WHERE ft.ftserver = s.oid AND fc.relnamespace IN (SELECT oid FROM ns)))
UNION ALL
SELECT w.fdwname, format('COMMENT ON FOREIGN DATA WRAPPER %I IS %L;', w.fdwname, d.description), NULL, NULL, NULL
FROM pg_description d
JOIN pg_foreign_data_wrapper w ON d.classoid = 'pg_foreign_data_wrapper'::regclass AND w.oid = d.objoid
WHERE $1::text[] IS NULL AND NOT ${extensionMember('pg_foreign_data_wrapper', 'w.oid')}`;

const CONVERSIONS = `
SELECT ${displayName('ns.nspname', 'cv.conname')} AS name,
  format('CREATE %sCONVERSION %I.%I FOR %L TO %L FROM %s;', CASE WHEN cv.condefault THEN 'DEFAULT ' ELSE '' END,
    ns.nspname, cv.conname, pg_encoding_to_char(cv.conforencoding), pg_encoding_to_char(cv.contoencoding),
    cv.conproc::regproc::text) AS definition,
  NULL AS description, ${NO_RELATION}
FROM pg_conversion cv
JOIN ns ON ns.oid = cv.connamespace
WHERE NOT ${extensionMember('pg_conversion', 'cv.oid')}`;

/** PostgreSQL 13's postfix operators (no right operand): the model holds prefix and infix ones. */
const OPERATORS = `
SELECT o.oid::regoperator::text AS name,
  format('CREATE OPERATOR %I.%s (%s);', ns.nspname, o.oprname, concat_ws(', ',
    'FUNCTION = ' || o.oprcode::regproc::text,
    CASE WHEN o.oprleft <> 0 THEN 'LEFTARG = ' || format_type(o.oprleft, NULL) END,
    CASE WHEN o.oprright <> 0 THEN 'RIGHTARG = ' || format_type(o.oprright, NULL) END,
    CASE WHEN o.oprcom <> 0 THEN 'COMMUTATOR = ' || ${operatorReference('o.oprcom')} END,
    CASE WHEN o.oprnegate <> 0 THEN 'NEGATOR = ' || ${operatorReference('o.oprnegate')} END,
    CASE WHEN o.oprrest <> 0 THEN 'RESTRICT = ' || o.oprrest::regproc::text END,
    CASE WHEN o.oprjoin <> 0 THEN 'JOIN = ' || o.oprjoin::regproc::text END,
    CASE WHEN o.oprcanhash THEN 'HASHES' END,
    CASE WHEN o.oprcanmerge THEN 'MERGES' END)) AS definition,
  NULL AS description, ${NO_RELATION}
FROM pg_operator o
JOIN ns ON ns.oid = o.oprnamespace
-- Other operators are modeled (catalog-operators.ts); shells come back with the operator naming them.
WHERE o.oprright = 0 AND o.oprcode <> 0 AND NOT ${extensionMember('pg_operator', 'o.oid')}`;

/**
 * The operators and support functions of a family that depend on `owner`
 * (pg_depend 'i' on an operator class for its own members, 'a' on the family
 * for loose ones), as pg_dump finds them; null when there are none.
 */
function familyItems(ownerCatalog: string, owner: string): string {
  return `NULLIF(concat_ws(', ',
    (SELECT string_agg(format('OPERATOR %s %s', ao.amopstrategy, ao.amopopr::regoperator::text) ||
          CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY ' || ${qualifiedReference('pg_opfamily', 'opfname', 'opfnamespace', 'ao.amopsortfamily')} ELSE '' END,
        ', ' ORDER BY ao.amopstrategy, ao.amopopr::regoperator::text)
       FROM pg_amop ao
       JOIN pg_depend d ON d.classid = 'pg_amop'::regclass AND d.objid = ao.oid
        AND d.refclassid = '${ownerCatalog}'::regclass AND d.refobjid = ${owner}),
    (SELECT string_agg(format('FUNCTION %s (%s, %s) %s', ap.amprocnum, format_type(ap.amproclefttype, NULL),
          format_type(ap.amprocrighttype, NULL), ap.amproc::regprocedure::text), ', ' ORDER BY ap.amprocnum, ap.amproc::regprocedure::text)
       FROM pg_amproc ap
       JOIN pg_depend d ON d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid
        AND d.refclassid = '${ownerCatalog}'::regclass AND d.refobjid = ${owner})), '')`;
}

/** Families made on their own; the one an operator class makes for itself comes with the class. */
const OPERATOR_FAMILIES = `
SELECT ${displayName('ns.nspname', 'f.opfname')} || ' using ' || am.amname AS name,
  format('CREATE OPERATOR FAMILY %I.%I USING %I;', ns.nspname, f.opfname, am.amname) AS definition,
  NULL AS description, ${NO_RELATION}
FROM pg_opfamily f
JOIN ns ON ns.oid = f.opfnamespace
JOIN pg_am am ON am.oid = f.opfmethod
WHERE NOT ${extensionMember('pg_opfamily', 'f.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_opclass opc
                  WHERE opc.opcfamily = f.oid AND opc.opcname = f.opfname AND opc.opcnamespace = f.opfnamespace)`;

const TEXT_SEARCH_PARSERS = `
SELECT ${displayName('ns.nspname', 'p.prsname')} AS name,
  format('CREATE TEXT SEARCH PARSER %I.%I (START = %s, GETTOKEN = %s, END = %s, LEXTYPES = %s%s);', ns.nspname, p.prsname,
    p.prsstart::regproc::text, p.prstoken::regproc::text, p.prsend::regproc::text, p.prslextype::regproc::text,
    CASE WHEN p.prsheadline <> 0 THEN ', HEADLINE = ' || p.prsheadline::regproc::text ELSE '' END) AS definition,
  NULL AS description, ${NO_RELATION}
FROM pg_ts_parser p
JOIN ns ON ns.oid = p.prsnamespace
WHERE NOT ${extensionMember('pg_ts_parser', 'p.oid')}`;

const TEXT_SEARCH_TEMPLATES = `
SELECT ${displayName('ns.nspname', 'tp.tmplname')} AS name,
  format('CREATE TEXT SEARCH TEMPLATE %I.%I (%sLEXIZE = %s);', ns.nspname, tp.tmplname,
    CASE WHEN tp.tmplinit <> 0 THEN 'INIT = ' || tp.tmplinit::regproc::text || ', ' ELSE '' END,
    tp.tmpllexize::regproc::text) AS definition,
  NULL AS description, ${NO_RELATION}
FROM pg_ts_template tp
JOIN ns ON ns.oid = tp.tmplnamespace
WHERE NOT ${extensionMember('pg_ts_template', 'tp.oid')}`;

/** Operators and functions added to a family on their own (`ALTER OPERATOR FAMILY ... ADD`), after its classes. */
const OPERATOR_FAMILY_MEMBERS = `
SELECT ${displayName('ns.nspname', 'f.opfname')} || ' using ' || am.amname AS name,
  format('ALTER OPERATOR FAMILY %I.%I USING %I ADD %s;', ns.nspname, f.opfname, am.amname, ${familyItems('pg_opfamily', 'f.oid')}) AS definition,
  NULL AS description, ${NO_RELATION}
FROM pg_opfamily f
JOIN ns ON ns.oid = f.opfnamespace
JOIN pg_am am ON am.oid = f.opfmethod
WHERE NOT ${extensionMember('pg_opfamily', 'f.oid')} AND ${familyItems('pg_opfamily', 'f.oid')} IS NOT NULL`;

/** Types and other schema objects, in the order they are listed. */
export const SCHEMA_OBJECT_PARTS: readonly UnmodeledPart[] = [
  { kind: 'base type', sql: BASE_TYPES },
  { kind: 'conversion', sql: CONVERSIONS },
  { kind: 'operator', sql: OPERATORS },
  { kind: 'operator family', sql: OPERATOR_FAMILIES },
  { kind: 'operator family member', sql: OPERATOR_FAMILY_MEMBERS },
  { kind: 'text search parser', sql: TEXT_SEARCH_PARSERS },
  { kind: 'text search template', sql: TEXT_SEARCH_TEMPLATES },
];

/** Objects on relations, listed after the foreign servers. */
export const RELATION_OBJECT_PARTS: readonly UnmodeledPart[] = [
  { kind: 'foreign table partition or child', sql: FOREIGN_TABLES },
  { kind: 'foreign table check constraint', sql: FOREIGN_TABLE_CHECKS },
  { kind: 'foreign table column setting', sql: FOREIGN_COLUMN_SETTINGS },
  { kind: 'comment on a foreign server or wrapper', sql: FOREIGN_COMMENTS },
];
