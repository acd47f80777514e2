import type { CommentObjectKind } from '../object-kinds.js';
import type { CheckModel, IndexModel } from '../model-table.js';
import { PG15, type VersionNeed } from '../version-features.js';

/**
 * The model of the objects besides tables and enums: extensions, sequences,
 * views, routines, triggers, domains and comments. `model.ts` re-exports it.
 */
/** An installed extension; its version is not compared. */
export interface ExtensionModel {
  readonly name: string;
  /** The schema its objects live in. */
  readonly schema: string;
}

/** The column that owns a sequence; it is in the sequence's schema. */
export interface SequenceOwnerModel {
  readonly table: string;
  readonly column: string;
}

/**
 * A sequence of its own: not a serial column's (those stay implicit in the
 * `serial` types) nor an identity column's. Numbers are decimal text, since
 * they may exceed 2^53.
 */
export interface SequenceModel {
  readonly schema: string;
  readonly name: string;
  /** `smallint`, `integer` or `bigint`. */
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  readonly ownedBy: SequenceOwnerModel | null;
  /** `UNLOGGED` (PostgreSQL 15 on): not written to the write-ahead log; absent for a logged sequence. */
  readonly unlogged?: true;
}

/** An object another one uses: a relation, or a routine when `argumentTypes` is set. */
export interface DependencyRef {
  readonly schema: string;
  readonly name: string;
  readonly argumentTypes?: string;
}

export interface ViewColumnModel {
  readonly name: string;
  readonly type: string;
}

/**
 * A view or materialized view. `columns` and `dependsOn` are what the server
 * makes of the query: reflection fills them on both sides of a comparison.
 */
export interface ViewModel {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  /** The query as `pg_get_viewdef()` prints it with an empty search path. */
  readonly definition: string;
  /** `WITH (...)` options as `reloptions` holds them, e.g. `security_barrier=true`, sorted. */
  readonly options: readonly string[];
  /** Output columns in order. */
  readonly columns: readonly ViewColumnModel[];
  /** Indexes of a materialized view; empty for a view. */
  readonly indexes: readonly IndexModel[];
  /** A materialized view's `CLUSTER ON` index (one of `indexes`); absent when there is none. */
  readonly clusterOn?: string;
  /**
   * A materialized view created `WITH NO DATA`: declared so, or read from one
   * that holds none (`relispopulated`). Never compared: whether it holds data
   * is its state, which `REFRESH MATERIALIZED VIEW` changes. Absent otherwise.
   */
  readonly withNoData?: true;
  /** Relations and routines the query uses, sorted; for ordering only. */
  readonly dependsOn: readonly DependencyRef[];
  /**
   * A view's column defaults (`ALTER VIEW ... ALTER COLUMN ... SET DEFAULT`),
   * what an insert through the view gets, by column name, sorted; absent when there are none.
   */
  readonly columnDefaults?: Readonly<Record<string, string>>;
  /**
   * A view whose query reads the view itself, which Postgres creates only
   * over a placeholder: a view of `columns`, then replaced by the query.
   * Absent for any other view.
   */
  readonly readsItself?: true;
}

export type RoutineKind = 'function' | 'procedure' | 'aggregate';

/** A function, procedure or aggregate, identified by schema, name and input argument types. */
export interface FunctionModel {
  readonly schema: string;
  readonly name: string;
  readonly kind: RoutineKind;
  /** Input argument types as `oidvectortypes()` prints them, e.g. `integer, text`. */
  readonly argumentTypes: string;
  /** Arguments with modes, names and defaults (`pg_get_function_arguments()`). */
  readonly arguments: string;
  /** What it returns (`pg_get_function_result()`); '' for a procedure. */
  readonly result: string;
  /**
   * `CREATE OR REPLACE ...` as `pg_get_functiondef()` prints it; for an
   * aggregate, rebuilt from `pg_aggregate` in the same form.
   */
  readonly definition: string;
  /** Relations and routines its signature or SQL-standard body uses, sorted; for ordering only. */
  readonly dependsOn: readonly DependencyRef[];
}

/**
 * When a trigger or rule fires, other than the default (`ENABLE`: when the
 * session's `session_replication_role` is `origin` or `local`):
 * `always` (`ENABLE ALWAYS`), `replica` (`ENABLE REPLICA`: only on a
 * replica), `disabled` (`DISABLE`).
 */
export type Firing = 'always' | 'replica' | 'disabled';

export interface TriggerModel {
  readonly schema: string;
  /** The table or view it is on. */
  readonly table: string;
  readonly name: string;
  /** `CREATE [CONSTRAINT] TRIGGER ...` as `pg_get_triggerdef()` prints it. */
  readonly definition: string;
  /** `ALTER TABLE ... ENABLE ALWAYS | ENABLE REPLICA | DISABLE TRIGGER`; absent for the default. */
  readonly firing?: Firing;
}

export interface DomainModel {
  readonly schema: string;
  readonly name: string;
  /** The base type, canonical like a column type. */
  readonly type: string;
  /** `COLLATE`, where it is not the base type's: canonical like a column's (`"C"`, `public.ci`). */
  readonly collation?: string;
  readonly default: string | null;
  readonly notNull: boolean;
  readonly checks: readonly CheckModel[];
  /**
   * The routines its default and checks call, as the server records them:
   * read from a database (or the scratch schemas), never declared; absent
   * when none. A revision orders by it; comparisons leave it out.
   */
  readonly dependsOn?: readonly DependencyRef[];
}

export type { CommentObjectKind } from '../object-kinds.js';

/** What a comment is on. */
export interface CommentTarget {
  readonly on: CommentObjectKind;
  /** The object's schema; for `schema`, the schema itself; for a cast or a publication (in no schema), ''. */
  readonly schema: string;
  /** The object's name: for a schema its name, for a column the column's, for a cast its source type. */
  readonly name: string;
  /** The relation of a column, constraint, trigger, rule or policy; the domain of a domain constraint; a cast's target type. */
  readonly parent?: string;
  /** A routine's input argument types; an operator's operand types (`text, text`, `NONE, text`). */
  readonly argumentTypes?: string;
}

/** `COMMENT ON ... IS text`. */
export interface CommentModel {
  readonly target: CommentTarget;
  readonly text: string;
}

/** What a sequence needs of the server's version: `UNLOGGED` 15. */
export function sequenceNeeds(sequence: SequenceModel): VersionNeed[] {
  return sequence.unlogged === true
    ? [{ what: `sequence ${sequence.schema}.${sequence.name} is unlogged`, since: PG15 }]
    : [];
}

/** What a view needs of the server's version: the option `security_invoker` 15. */
export function viewNeeds(view: ViewModel): VersionNeed[] {
  return view.options.some((o) => o.startsWith('security_invoker'))
    ? [{ what: `view ${view.schema}.${view.name} uses the option security_invoker`, since: PG15 }]
    : [];
}
