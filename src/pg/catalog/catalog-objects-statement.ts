import { COLLATIONS_PART } from './catalog-collations.js';
import { RULES_PART } from './catalog-rules.js';
import { STATISTICS_PART } from './catalog-statistics.js';
import { CASTS_PART } from './catalog-casts.js';
import { TEXT_SEARCH_CONFIGURATIONS_PART, TEXT_SEARCH_DICTIONARIES_PART } from './catalog-text-search.js';
import { OPERATOR_CLASSES_PART, OPERATORS_PART } from './catalog-operators.js';
import { FOREIGN_SERVERS_PART, FOREIGN_TABLES_PART, FOREIGN_WRAPPERS_PART } from './catalog-foreign.js';
import type { IndexRow } from './catalog-queries.js';
import { COMPOSITES_PART } from './catalog-composites.js';
import { RANGES_PART } from './catalog-ranges.js';
import { EVENT_TRIGGERS_PART } from './catalog-event-triggers.js';
import { PUBLICATION_COMMENTS } from './catalog-publications.js';
import { catalogPart, madeAfterInitdb, type CatalogPart, type PartComments } from './catalog-part.js';
import { GRANTS_SQL, type GrantRow } from './catalog-grants.js';
import { ownersSql, SESSION_ROLE_SQL, type OwnedCatalogs, type OwnerRow } from './catalog-owners.js';
import { DEFAULT_PRIVILEGES_SQL, type DefaultPrivilegeRow } from './catalog-default-privileges.js';
import {
  commentsSql,
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

/** The part of each kind of object: catalog-objects.ts's queries, and the parts the catalog-<kind>.ts files declare. */
const KIND_PARTS = {
  // plpgsql, which initdb made: read always.
  extensions: catalogPart<ExtensionRow>({ sql: EXTENSIONS_SQL, presence: null }),
  collations: COLLATIONS_PART,
  sequences: catalogPart<SequenceRow>({ sql: SEQUENCES_SQL, presence: madeAfterInitdb('pg_sequence', 'seqrelid') }),
  domains: catalogPart<DomainRow>({ sql: DOMAINS_SQL, presence: madeAfterInitdb('pg_type', 'oid', "typtype = 'd'") }),
  composites: COMPOSITES_PART,
  ranges: RANGES_PART,
  // Every view and materialized view has its `_RETURN` rule, made with it: pg_rewrite is small where
  // pg_class holds every table and index.
  views: catalogPart<ViewRow>({
    sql: VIEWS_SQL,
    presence: madeAfterInitdb('pg_rewrite', 'oid', "rulename = '_RETURN'"),
  }),
  view_indexes: catalogPart<IndexRow>({
    sql: VIEW_INDEXES_SQL,
    presence: madeAfterInitdb(
      'pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class',
      'r.oid',
      "r.rulename = '_RETURN' AND c.relkind = 'm'",
    ),
  }),
  functions: catalogPart<FunctionRow>({ sql: FUNCTIONS_SQL, presence: madeAfterInitdb('pg_proc') }),
  triggers: catalogPart<TriggerRow>({
    sql: TRIGGERS_SQL,
    presence: madeAfterInitdb('pg_trigger', 'oid', 'NOT tgisinternal AND tgparentid = 0'),
  }),
  rules: RULES_PART,
  statistics: STATISTICS_PART,
  casts: CASTS_PART,
  text_search_dictionaries: TEXT_SEARCH_DICTIONARIES_PART,
  text_search_configurations: TEXT_SEARCH_CONFIGURATIONS_PART,
  operators: OPERATORS_PART,
  operator_classes: OPERATOR_CLASSES_PART,
  foreign_wrappers: FOREIGN_WRAPPERS_PART,
  foreign_servers: FOREIGN_SERVERS_PART,
  foreign_tables: FOREIGN_TABLES_PART,
  event_triggers: EVENT_TRIGGERS_PART,
} satisfies { readonly [name: string]: Pick<CatalogPart<never>, 'sql' | 'presence' | 'comments'> };

/** Where each kind only owned is catalogued, for the owners' reading (`ownersSql`). */
const OWNED_CATALOGS: OwnedCatalogs = {
  collation: { catalog: 'pg_collation', prefix: 'coll' },
  textSearchDictionary: { catalog: 'pg_ts_dict', prefix: 'dict' },
  textSearchConfiguration: { catalog: 'pg_ts_config', prefix: 'cfg' },
  statistics: { catalog: 'pg_statistic_ext', prefix: 'stx' },
  publication: { catalog: 'pg_publication', prefix: 'pub' },
  eventTrigger: { catalog: 'pg_event_trigger', prefix: 'evt' },
};

const OWNERS_SQL = ownersSql(OWNED_CATALOGS);

/** The comments the kinds' parts read, and those on the publications, which are read with the tables. */
const PART_COMMENTS: readonly PartComments[] = [
  ...Object.values(KIND_PARTS).flatMap((part: { comments?: PartComments }) => part.comments ?? []),
  PUBLICATION_COMMENTS,
];

/** The catalogs of the objects whose comments the kinds' parts read (`pg_ts_dict`, `pg_cast`). */
export const PART_COMMENT_CATALOGS: readonly string[] = PART_COMMENTS.map((c) => c.on);

/**
 * The objects besides tables and enums read in one statement: the part of
 * each kind, then the comments on what they read (and on tables, columns and
 * the rest: `commentsSql`, with each part's `comments`), as one column of
 * JSON rows each.
 */
export const OBJECT_PARTS = {
  ...KIND_PARTS,
  comments: catalogPart<CommentRow>({
    sql: commentsSql(PART_COMMENTS.map((c) => c.sql)),
    presence: madeAfterInitdb('pg_description', 'objoid'),
  }),
  // The public schema's comment, which initdb made: read always.
  schema_comments: catalogPart<CommentRow>({ sql: SCHEMA_COMMENTS_SQL, presence: null }),
};

/** A part of the objects statement, by its column's name. */
export type PartName = keyof typeof OBJECT_PARTS;

/**
 * Whether the database may hold an object of each probed part (the
 * probe's one row); a part not named is read.
 */
export type PartsPresent = Readonly<Partial<Record<PartName, boolean>>>;

/**
 * The probe sent before the objects statement: one row, one boolean per part
 * whose `presence` is a condition. Like the parts it takes `$1`, the schemas read; a
 * list naming a schema of the server's own (pg_catalog, information_schema,
 * pg_toast...), where initdb's objects are, answers every part present.
 */
export const OBJECTS_PROBE_SQL = `SELECT\n${Object.entries(OBJECT_PARTS)
  .flatMap(([name, { presence }]) => (presence === null ? [] : [`  (asked.system OR ${presence}) AS ${name}`]))
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

/** Each part's query by its name. */
const PART_SQL: Readonly<Record<PartName, string>> = Object.fromEntries(
  Object.entries(OBJECT_PARTS).map(([name, part]) => [name, part.sql]),
) as Record<PartName, string>;

/** Every kind's query in one statement: one row, one JSON array per kind of object. */
export const OBJECTS_SQL = objectsSql(PART_SQL);

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
      ...PART_SQL,
      ...(options.grants ? { grants: GRANTS_SQL, default_privileges: DEFAULT_PRIVILEGES_SQL } : {}),
      ...(options.owners ? { owners: OWNERS_SQL, session_role: SESSION_ROLE_SQL } : {}),
    },
    present,
  );
}

/** The objects statement's one row: each part's rows, and the privileges' and owners' when read. */
export type ObjectsRow = { [P in PartName]: NonNullable<(typeof OBJECT_PARTS)[P]['~row']>[] } & ReadWhenAsked;

interface ReadWhenAsked {
  /** When the reading manages privileges only. */
  grants?: GrantRow[];
  /** When the reading manages privileges only. */
  default_privileges?: DefaultPrivilegeRow[];
  /** When the reading reads owners only. */
  owners?: OwnerRow[];
  /** When the reading reads owners only: one row. */
  session_role?: { name: string }[];
}
