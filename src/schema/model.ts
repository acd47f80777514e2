export * from './objects/model-objects.js';
export * from './objects/model-composite.js';
export * from './objects/model-range.js';
export * from './objects/model-event-triggers.js';
export * from './objects/model-collations.js';
export * from './objects/model-rules.js';
export * from './objects/model-statistics.js';
export * from './objects/model-casts.js';
export * from './objects/model-text-search.js';
export * from './objects/model-operators.js';
export * from './objects/model-foreign.js';
export * from './objects/model-grants.js';
export * from './objects/model-default-privileges.js';
export * from './objects/model-owners.js';
export * from './objects/model-publications.js';
export * from './model-table.js';
import type { Dependency } from './object-id.js';
import type { RenameHint } from './renames.js';
import type { TableModel } from './model-table.js';
import type { CompositeTypeModel } from './objects/model-composite.js';
import type { RangeTypeModel } from './objects/model-range.js';
import type { EventTriggerModel } from './objects/model-event-triggers.js';
import type { CollationModel } from './objects/model-collations.js';
import type { RuleModel } from './objects/model-rules.js';
import type { StatisticsModel } from './objects/model-statistics.js';
import type { CastModel } from './objects/model-casts.js';
import type { TextSearchConfigurationModel, TextSearchDictionaryModel } from './objects/model-text-search.js';
import type { OperatorClassModel, OperatorModel } from './objects/model-operators.js';
import type { ForeignDataWrapperModel, ForeignServerModel, ForeignTableModel } from './objects/model-foreign.js';
import type { GrantModel } from './objects/model-grants.js';
import type { DefaultPrivilegeModel } from './objects/model-default-privileges.js';
import type { OwnerModel } from './objects/model-owners.js';
import type { PublicationModel } from './objects/model-publications.js';
import type {
  CommentModel,
  DomainModel,
  ExtensionModel,
  FunctionModel,
  SequenceModel,
  TriggerModel,
  ViewModel,
} from './objects/model-objects.js';

/**
 * The normalized schema model. Both sides of a comparison use it: the declared
 * model is built from the DSL (and canonicalized through the server), the live
 * database is reflected into it. Every field is plain JSON so that operations
 * carrying model pieces can be rendered into revision files as they are.
 *
 * Canonical forms:
 * - `type` is spelled as Postgres' `format_type()` prints it with an empty
 *   search path (`integer`, `character varying(20)`, `numeric(10,2)`,
 *   `timestamp with time zone`, `public.mood`, `integer[]`), except that a
 *   column backed by its own owned sequence is `serial`, `bigserial` or
 *   `smallserial` with no default.
 * - Expressions (defaults, checks, index expressions and predicates) are the
 *   server's deparse (`pg_get_expr`) with an empty search path.
 * - Names are final: naming conventions and 63-byte truncation are applied.
 */

export interface EnumModel {
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
}

export interface SchemaModel {
  /** Schemas (besides `public`) that the model creates and owns. */
  readonly schemas: readonly string[];
  readonly enums: readonly EnumModel[];
  readonly tables: readonly TableModel[];
  /* Objects besides tables and enums; every list is present, empty when there are none. */
  readonly extensions: readonly ExtensionModel[];
  /** Collations of the user's (`CREATE COLLATION`), sorted by schema and name. */
  readonly collations: readonly CollationModel[];
  readonly sequences: readonly SequenceModel[];
  readonly domains: readonly DomainModel[];
  /** Composite types (`CREATE TYPE ... AS (...)`), sorted by schema and name. */
  readonly composites: readonly CompositeTypeModel[];
  /** Range types (`CREATE TYPE ... AS RANGE`), sorted by schema and name. */
  readonly ranges: readonly RangeTypeModel[];
  readonly views: readonly ViewModel[];
  readonly functions: readonly FunctionModel[];
  readonly triggers: readonly TriggerModel[];
  /** Rewrite rules (`CREATE RULE`), sorted by schema, table and name. */
  readonly rules: readonly RuleModel[];
  /** Extended statistics (`CREATE STATISTICS`), sorted by schema and name. */
  readonly statistics: readonly StatisticsModel[];
  /** User-defined casts (`CREATE CAST`), sorted by source and target. */
  readonly casts: readonly CastModel[];
  /** Text search dictionaries, sorted by schema and name. */
  readonly textSearchDictionaries: readonly TextSearchDictionaryModel[];
  /** Text search configurations, sorted by schema and name. */
  readonly textSearchConfigurations: readonly TextSearchConfigurationModel[];
  /** User-defined operators (`CREATE OPERATOR`), sorted by schema, symbol and operand types. */
  readonly operators: readonly OperatorModel[];
  /** Operator classes (`CREATE OPERATOR CLASS`) with their own families, sorted by schema, name and method. */
  readonly operatorClasses: readonly OperatorClassModel[];
  /** Foreign data wrappers no extension made, by name. */
  readonly foreignDataWrappers: readonly ForeignDataWrapperModel[];
  /** Foreign servers, by name. */
  readonly foreignServers: readonly ForeignServerModel[];
  /** Foreign tables, sorted by schema and name. */
  readonly foreignTables: readonly ForeignTableModel[];
  /** Event triggers (the database's), sorted by name. */
  readonly eventTriggers: readonly EventTriggerModel[];
  /** Comments on every kind of object, sorted by target. */
  readonly comments: readonly CommentModel[];
  /**
   * Privileges granted beyond each object's default ACL, and default ones
   * revoked, sorted (`compareGrants`); empty unless the `privileges` setting
   * manages them.
   */
  readonly grants: readonly GrantModel[];
  /**
   * Default privileges (`ALTER DEFAULT PRIVILEGES`), sorted
   * (`compareDefaultPrivileges`); empty unless the `privileges` setting
   * manages them, as `grants`.
   */
  readonly defaultPrivileges: readonly DefaultPrivilegeModel[];
  /**
   * The owners of objects privileges can be on, where the owner is not the
   * role the migrations run as, sorted (`compareOwners`); empty unless the
   * `owners` setting is on.
   */
  readonly owners: readonly OwnerModel[];
  /** Publications (`CREATE PUBLICATION`), by name. */
  readonly publications: readonly PublicationModel[];
  /**
   * Reflection only: the server names NOT NULL constraints (PostgreSQL 18 and
   * later), so that a column whose constraint is not named in the model has
   * one under Postgres' name, which the comparison may rename. Absent before
   * 18, where the names in a model are ignored.
   */
  readonly notNullNames?: true;
  /**
   * Reflection only: the server sets a stored generated column's expression
   * in place (`ALTER COLUMN ... SET EXPRESSION`, PostgreSQL 17 and later),
   * which the comparison then uses instead of dropping and adding the column.
   */
  readonly expressionsInPlace?: true;
  /**
   * A live database's reading only, when the reading asks for it: what uses
   * the columns of its tables and its routines (policies, triggers,
   * constraints, indexes, generated columns and column defaults), as the
   * server records it (`pg_depend`). Absent for a model built from code or
   * made canonical.
   */
  readonly dependencies?: readonly Dependency[];
  /**
   * With `dependencies`, when they were read for some tables only: those
   * tables (`qualifiedKey`), of whose columns and keys `dependencies` holds
   * every user, as of every routine, operator and operator class; of other
   * tables' columns and keys, none. Absent: every table's.
   */
  readonly dependencyTables?: readonly string[];
  /**
   * The model's `renamedFrom` hints, absent when there are none (declared
   * side only: reflection and canonicalization leave it out, and comparisons
   * do not read it).
   */
  readonly renames?: readonly RenameHint[];
}

/** The lists of a `SchemaModel`, each of which may be left out of a `PartialSchemaModel`. */
export type SchemaModelList = {
  [K in keyof SchemaModel]-?: SchemaModel[K] extends readonly unknown[] ? K : never;
}[keyof SchemaModel];

/** A `SchemaModel` whose lists may be left out (meaning empty), as code building one piece by piece writes it. */
export type PartialSchemaModel = Omit<SchemaModel, SchemaModelList> & Partial<Pick<SchemaModel, SchemaModelList>>;

export { qualifiedKey, qualifiedKeyText } from './qualified-key.js';

/** What a model read from a server says of that server. */
export type ServerTraits = Pick<SchemaModel, 'notNullNames' | 'expressionsInPlace'>;

/**
 * What a model read from a server says of that server (`notNullNames`,
 * `expressionsInPlace`), to carry into a model made from it.
 */
export function serverTraits(model: ServerTraits): ServerTraits {
  return {
    ...(model.notNullNames === true ? { notNullNames: true } : {}),
    ...(model.expressionsInPlace === true ? { expressionsInPlace: true } : {}),
  };
}
