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
import { USES_SQL, type UseRow } from './catalog-uses.js';
import { GRANTS_SQL, type GrantRow } from './catalog-grants.js';
import { OWNERS_SQL, SESSION_ROLE_SQL, type OwnerRow } from './catalog-owners.js';
import { DEFAULT_PRIVILEGES_SQL, type DefaultPrivilegeRow } from './catalog-default-privileges.js';
import {
  COMMENTS_SQL,
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
};

function objectsSql(parts: Readonly<Record<string, string>>): string {
  return `SELECT\n${Object.entries(parts)
    .map(([name, sql]) => `  (SELECT COALESCE(json_agg(q), '[]'::json) FROM (${sql}\n  ) q) AS ${name}`)
    .join(',\n')}`;
}

/** Every kind's query in one statement: one row, one JSON array per kind of object. */
export const OBJECTS_SQL = objectsSql(PARTS);

/** The same, with what uses the columns of the tables and the routines (`dependencies`) too. */
export const OBJECTS_WITH_USES_SQL = objectsSql({ ...PARTS, dependencies: USES_SQL });

/**
 * The statement a reading sends: `OBJECTS_SQL`, with what uses what when
 * `dependencies`, the privileges (`grants`) when the project manages them,
 * and the owners when asked.
 */
export function objectsStatement(options: { dependencies: boolean; grants: boolean; owners: boolean }): string {
  if (!options.grants && !options.owners) return options.dependencies ? OBJECTS_WITH_USES_SQL : OBJECTS_SQL;
  return objectsSql({
    ...PARTS,
    ...(options.dependencies ? { dependencies: USES_SQL } : {}),
    ...(options.grants ? { grants: GRANTS_SQL, default_privileges: DEFAULT_PRIVILEGES_SQL } : {}),
    ...(options.owners ? { owners: OWNERS_SQL, session_role: SESSION_ROLE_SQL } : {}),
  });
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
  /** In `OBJECTS_WITH_USES_SQL`'s row only. */
  dependencies?: UseRow[];
  /** When the reading manages privileges only. */
  grants?: GrantRow[];
  /** When the reading manages privileges only. */
  default_privileges?: DefaultPrivilegeRow[];
  /** When the reading reads owners only. */
  owners?: OwnerRow[];
  /** When the reading reads owners only: one row. */
  session_role?: { name: string }[];
}
