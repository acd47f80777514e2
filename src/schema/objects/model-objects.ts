import type { CheckModel, IndexModel } from '../model.js';

/**
 * The model of the objects besides tables and enums: extensions, sequences,
 * views, routines, triggers, domains and comments. `model.ts` re-exports it.
 */
/** An installed extension; its version is not compared. */
export interface ExtensionModel {
  name: string;
  /** The schema its objects live in. */
  schema: string;
}

/** The column that owns a sequence; it is in the sequence's schema. */
export interface SequenceOwnerModel {
  table: string;
  column: string;
}

/**
 * A sequence of its own: not a serial column's (those stay implicit in the
 * `serial` types) nor an identity column's. Numbers are decimal text, since
 * they may exceed 2^53.
 */
export interface SequenceModel {
  schema: string;
  name: string;
  /** `smallint`, `integer` or `bigint`. */
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  ownedBy: SequenceOwnerModel | null;
}

/** An object another one uses: a relation, or a routine when `argumentTypes` is set. */
export interface DependencyRef {
  schema: string;
  name: string;
  argumentTypes?: string;
}

export interface ViewColumnModel {
  name: string;
  type: string;
}

/**
 * A view or materialized view. `columns` and `dependsOn` are what the server
 * makes of the query: reflection fills them on both sides of a comparison.
 */
export interface ViewModel {
  schema: string;
  name: string;
  materialized: boolean;
  /** The query as `pg_get_viewdef()` prints it with an empty search path. */
  definition: string;
  /** `WITH (...)` options as `reloptions` holds them, e.g. `security_barrier=true`, sorted. */
  options: string[];
  /** Output columns in order. */
  columns: ViewColumnModel[];
  /** Indexes of a materialized view; empty for a view. */
  indexes: IndexModel[];
  /** Relations and routines the query uses, sorted; for ordering only. */
  dependsOn: DependencyRef[];
  /**
   * A view's column defaults (`ALTER VIEW ... ALTER COLUMN ... SET DEFAULT`),
   * what an insert through the view gets, by column name, sorted; absent when there are none.
   */
  columnDefaults?: Record<string, string>;
}

export type RoutineKind = 'function' | 'procedure' | 'aggregate';

/** A function, procedure or aggregate, identified by schema, name and input argument types. */
export interface FunctionModel {
  schema: string;
  name: string;
  kind: RoutineKind;
  /** Input argument types as `oidvectortypes()` prints them, e.g. `integer, text`. */
  argumentTypes: string;
  /** Arguments with modes, names and defaults (`pg_get_function_arguments()`). */
  arguments: string;
  /** What it returns (`pg_get_function_result()`); '' for a procedure. */
  result: string;
  /**
   * `CREATE OR REPLACE ...` as `pg_get_functiondef()` prints it; for an
   * aggregate, rebuilt from `pg_aggregate` in the same form.
   */
  definition: string;
  /** Relations and routines its signature or SQL-standard body uses, sorted; for ordering only. */
  dependsOn: DependencyRef[];
}

export interface TriggerModel {
  schema: string;
  /** The table or view it is on. */
  table: string;
  name: string;
  /** `CREATE [CONSTRAINT] TRIGGER ...` as `pg_get_triggerdef()` prints it. */
  definition: string;
}

export interface DomainModel {
  schema: string;
  name: string;
  /** The base type, canonical like a column type. */
  type: string;
  default: string | null;
  notNull: boolean;
  checks: CheckModel[];
}

export type CommentObjectKind =
  | 'schema'
  | 'table'
  | 'column'
  | 'view'
  | 'materializedView'
  | 'foreignTable'
  | 'index'
  | 'constraint'
  | 'domainConstraint'
  | 'sequence'
  | 'type'
  | 'function'
  | 'procedure'
  | 'aggregate'
  | 'trigger'
  | 'textSearchDictionary'
  | 'textSearchConfiguration'
  | 'operator'
  | 'collation'
  | 'rule'
  | 'cast'
  | 'policy';

/** What a comment is on. */
export interface CommentTarget {
  on: CommentObjectKind;
  /** The object's schema; for `schema`, the schema itself; for a cast (in no schema), ''. */
  schema: string;
  /** The object's name: for a schema its name, for a column the column's, for a cast its source type. */
  name: string;
  /** The relation of a column, constraint, trigger, rule or policy; the domain of a domain constraint; a cast's target type. */
  parent?: string;
  /** A routine's input argument types; an operator's operand types (`text, text`, `NONE, text`). */
  argumentTypes?: string;
}

/** `COMMENT ON ... IS text`. */
export interface CommentModel {
  target: CommentTarget;
  text: string;
}
