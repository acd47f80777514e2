import { COLLATIONS_SQL, type CollationRow } from './catalog-collations.js';
import { RULES_SQL, type RuleRow } from './catalog-rules.js';
import { STATISTICS_SQL, type StatisticsRow } from './catalog-statistics.js';
import { CASTS_SQL, type CastRow } from './catalog-casts.js';
import { TEXT_SEARCH_CONFIGURATIONS_SQL, TEXT_SEARCH_DICTIONARIES_SQL } from './catalog-text-search.js';
import type { TextSearchConfigurationRow, TextSearchDictionaryRow } from './catalog-text-search.js';
import { OPERATOR_CLASSES_SQL, OPERATORS_SQL, type OperatorClassRow, type OperatorRow } from './catalog-operators.js';
import {
  FOREIGN_SERVERS_SQL,
  FOREIGN_TABLES_SQL,
  FOREIGN_WRAPPERS_SQL,
  type ForeignServerRow,
  type ForeignTableRow,
  type ForeignWrapperRow,
} from './catalog-foreign.js';
import type { IndexRow } from './catalog-queries.js';
import { COMPOSITES_SQL, type CompositeRow } from './catalog-composites.js';
import { RANGES_SQL, type RangeRow } from './catalog-ranges.js';
import { EVENT_TRIGGERS_SQL, type EventTriggerRow } from './catalog-event-triggers.js';
import { GRANTS_SQL, type GrantRow } from './catalog-grants.js';
import { OWNERS_SQL, SESSION_ROLE_SQL, type OwnerRow } from './catalog-owners.js';
import { DEFAULT_PRIVILEGES_SQL, type DefaultPrivilegeRow } from './catalog-default-privileges.js';
import {
  COMMENTS_SQL,
  SCHEMA_COMMENTS_SQL,
  DOMAINS_SQL,
  EXTENSIONS_SQL,
  FUNCTIONS_SQL,
  SEQUENCES_SQL,
  TRIGGERS_SQL,
  VIEW_INDEXES_SQL,
  VIEWS_SQL,
  type CommentRow,
  type DomainRow,
  type ExtensionRow,
  type FunctionRow,
  type SequenceRow,
  type TriggerRow,
  type ViewRow,
} from './catalog-objects.js';

/*
 * The objects besides tables and enums read in one statement: the query of
 * each kind (catalog-objects.ts and the catalog-<kind>.ts files) as one
 * column of JSON rows.
 */

const PARTS = {
  extensions: EXTENSIONS_SQL,
  collations: COLLATIONS_SQL,
  sequences: SEQUENCES_SQL,
  domains: DOMAINS_SQL,
  composites: COMPOSITES_SQL,
  ranges: RANGES_SQL,
  views: VIEWS_SQL,
  view_indexes: VIEW_INDEXES_SQL,
  functions: FUNCTIONS_SQL,
  triggers: TRIGGERS_SQL,
  rules: RULES_SQL,
  statistics: STATISTICS_SQL,
  casts: CASTS_SQL,
  text_search_dictionaries: TEXT_SEARCH_DICTIONARIES_SQL,
  text_search_configurations: TEXT_SEARCH_CONFIGURATIONS_SQL,
  operators: OPERATORS_SQL,
  operator_classes: OPERATOR_CLASSES_SQL,
  foreign_wrappers: FOREIGN_WRAPPERS_SQL,
  foreign_servers: FOREIGN_SERVERS_SQL,
  foreign_tables: FOREIGN_TABLES_SQL,
  event_triggers: EVENT_TRIGGERS_SQL,
  comments: COMMENTS_SQL,
  schema_comments: SCHEMA_COMMENTS_SQL,
};

type PartName = keyof typeof PARTS;

/**
 * Objects made after initdb, by users and extensions, get oids from
 * FirstNormalObjectId on (after a wraparound too); initdb's own are below it.
 */
const FIRST_USER_OID = 16384;

/** True when `catalog` holds a row made after initdb (its oid in `oid`) that passes `filter`. */
function madeAfterInitdb(catalog: string, oid = 'oid', filter = 'true'): string {
  return `EXISTS (SELECT FROM ${catalog} WHERE ${oid} >= ${FIRST_USER_OID} AND ${filter})`;
}

/**
 * Per part, a cheap condition true whenever the part may answer a row, for
 * the probe (`OBJECTS_PROBE_SQL`): a superset of what the part reads (it
 * leaves out what the part leaves out by the same columns, and nothing
 * else). null for a part read always: one that reports objects initdb made
 * (a comment on the public schema, plpgsql's extension).
 */
const PRESENCE: { readonly [K in PartName]: string | null } = {
  extensions: null,
  collations: madeAfterInitdb('pg_collation'),
  sequences: madeAfterInitdb('pg_sequence', 'seqrelid'),
  domains: madeAfterInitdb('pg_type', 'oid', "typtype = 'd'"),
  composites: madeAfterInitdb('pg_class', 'oid', "relkind = 'c'"),
  ranges: madeAfterInitdb('pg_range', 'rngtypid'),
  // Every view and materialized view has its `_RETURN` rule, made with it: pg_rewrite is small where
  // pg_class holds every table and index.
  views: madeAfterInitdb('pg_rewrite', 'oid', "rulename = '_RETURN'"),
  view_indexes: madeAfterInitdb(
    'pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class',
    'r.oid',
    "r.rulename = '_RETURN' AND c.relkind = 'm'",
  ),
  functions: madeAfterInitdb('pg_proc'),
  triggers: madeAfterInitdb('pg_trigger', 'oid', 'NOT tgisinternal AND tgparentid = 0'),
  rules: madeAfterInitdb('pg_rewrite', 'oid', "rulename <> '_RETURN'"),
  statistics: madeAfterInitdb('pg_statistic_ext'),
  casts: madeAfterInitdb('pg_cast'),
  text_search_dictionaries: madeAfterInitdb('pg_ts_dict'),
  text_search_configurations: madeAfterInitdb('pg_ts_config'),
  operators: madeAfterInitdb('pg_operator', 'oid', 'oprcode <> 0 AND oprright <> 0'),
  operator_classes: madeAfterInitdb('pg_opclass'),
  foreign_wrappers: madeAfterInitdb('pg_foreign_data_wrapper'),
  foreign_servers: madeAfterInitdb('pg_foreign_server'),
  foreign_tables: madeAfterInitdb('pg_foreign_table', 'ftrelid'),
  event_triggers: madeAfterInitdb('pg_event_trigger'),
  comments: madeAfterInitdb('pg_description', 'objoid'),
  schema_comments: null,
};

/**
 * Whether the database may hold an object of each probed part (the
 * probe's one row); a part not named is read.
 */
export type PartsPresent = Readonly<Partial<Record<PartName, boolean>>>;

/**
 * The probe sent before the objects statement: one row, one boolean per part
 * that `PRESENCE` probes. Like the parts it takes `$1`, the schemas read; a
 * list naming a schema of the server's own (pg_catalog, information_schema,
 * pg_toast...), where initdb's objects are, answers every part present.
 */
export const OBJECTS_PROBE_SQL = `SELECT\n${Object.entries(PRESENCE)
  .flatMap(([name, condition]) => (condition === null ? [] : [`  (asked.system OR ${condition}) AS ${name}`]))
  .join(',\n')}
FROM (SELECT EXISTS (SELECT FROM unnest($1::text[]) s WHERE s = 'information_schema' OR s ~ '^pg_') AS system) asked`;

/** The probe's one row. */
export function partsPresent(rows: readonly unknown[]): PartsPresent {
  return (rows[0] ?? {}) as PartsPresent;
}

/**
 * One statement of `parts`, one column each: the part's rows as a JSON
 * array, or, for a part `present` says is absent, an empty one without
 * reading anything (the row's shape stays the same).
 */
function objectsSql(parts: Readonly<Record<string, string>>, present: PartsPresent = {}): string {
  return `SELECT\n${Object.entries(parts)
    .map(([name, sql]) =>
      present[name as PartName] === false
        ? `  '[]'::json AS ${name}`
        : `  (SELECT COALESCE(json_agg(q), '[]'::json) FROM (${sql}\n  ) q) AS ${name}`,
    )
    .join(',\n')}`;
}

/** Every kind's query in one statement: one row, one JSON array per kind of object. */
export const OBJECTS_SQL = objectsSql(PARTS);

/**
 * The statement a reading sends: every part `present` does not say is
 * absent (by default all, `OBJECTS_SQL`), with the privileges (`grants`)
 * when the project manages them, and the owners when asked. What uses what
 * is a statement of its own (`USES_SQL`): its rows, some 100,000 at 10,000
 * tables, come one by one, where in this statement's one row they were one
 * JSON text of 17 MB, which the client holds whole, and then its parse.
 */
export function objectsStatement(options: { grants: boolean; owners: boolean }, present: PartsPresent = {}): string {
  if (!options.grants && !options.owners && Object.values(present).every((p) => p !== false)) return OBJECTS_SQL;
  return objectsSql(
    {
      ...PARTS,
      ...(options.grants ? { grants: GRANTS_SQL, default_privileges: DEFAULT_PRIVILEGES_SQL } : {}),
      ...(options.owners ? { owners: OWNERS_SQL, session_role: SESSION_ROLE_SQL } : {}),
    },
    present,
  );
}

export interface ObjectsRow {
  extensions: ExtensionRow[];
  collations: CollationRow[];
  sequences: SequenceRow[];
  domains: DomainRow[];
  composites: CompositeRow[];
  ranges: RangeRow[];
  views: ViewRow[];
  view_indexes: IndexRow[];
  functions: FunctionRow[];
  triggers: TriggerRow[];
  rules: RuleRow[];
  statistics: StatisticsRow[];
  casts: CastRow[];
  text_search_dictionaries: TextSearchDictionaryRow[];
  text_search_configurations: TextSearchConfigurationRow[];
  operators: OperatorRow[];
  operator_classes: OperatorClassRow[];
  foreign_wrappers: ForeignWrapperRow[];
  foreign_servers: ForeignServerRow[];
  foreign_tables: ForeignTableRow[];
  event_triggers: EventTriggerRow[];
  comments: CommentRow[];
  schema_comments: CommentRow[];
  /** When the reading manages privileges only. */
  grants?: GrantRow[];
  /** When the reading manages privileges only. */
  default_privileges?: DefaultPrivilegeRow[];
  /** When the reading reads owners only. */
  owners?: OwnerRow[];
  /** When the reading reads owners only: one row. */
  session_role?: { name: string }[];
}
