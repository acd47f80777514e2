import type { DefaultPrivilegesDef, GrantEntry, GrantsDef, OwnerDef } from './grant.js';
import type { CommentTarget, Firing, GrantTarget, RoutineKind, ViewColumnModel } from '../../model.js';
import { operatorArgumentTypes } from '../../objects/model-operators.js';
import { qualifiedTypeName } from '../../types.js';
import { columnBuilder, type AnyColumnBuilder, type ColumnBuilder } from '../columns/column.js';
import { COLLATION_METHODS } from './collation.js';
import type { CollationRef } from './collation.js';
import { RULE_METHODS } from './rule.js';
import { statisticsModels, STATISTICS_METHODS } from './statistics.js';
import { CAST_METHODS } from './cast.js';
import { TEXT_SEARCH_CONFIGURATION_METHODS, TEXT_SEARCH_DICTIONARY_METHODS } from './text-search.js';
import { OPERATOR_CLASS_METHODS, OPERATOR_METHODS } from './operator.js';
import { FOREIGN_DATA_WRAPPER_METHODS, FOREIGN_SERVER_METHODS, FOREIGN_TABLE_METHODS } from './foreign.js';
import { PUBLICATION_METHODS, publicationModels } from './publication.js';
import type { CheckDef, IndexDef } from '../tables/constraints.js';
import { sql, type SqlExpr } from '../sql.js';
import { COMPOSITE_METHODS } from './composite.js';
import { RANGE_METHODS, rangeModels } from './range.js';
import { EVENT_TRIGGER_METHODS, eventTriggerModels } from './event-trigger.js';
import { printLiteral } from '../../../sql/literal.js';
import type { RenamedFrom } from '../../renames.js';
import type { ModelKind } from '../../model-kinds.js';

/**
 * Objects a model declares besides tables and enums: extensions, sequences,
 * domains, views, routines and triggers, and comments on anything. Each
 * `metadata.<kind>()` call records a plain definition; buildSchemaModel turns
 * them into the model.
 */

export interface ExtensionDef {
  readonly kind: 'extension';
  readonly name: string;
  readonly schema: string;
}

/** A whole number; text for values beyond 2^53. */
export type SequenceNumber = number | bigint | string;

export interface SequenceOptions extends RenamedFrom {
  /** Defaults to the metadata's schema. */
  schema?: string;
  /** `bigint` unless given. */
  type?: 'smallint' | 'integer' | 'bigint';
  start?: SequenceNumber;
  increment?: SequenceNumber;
  min?: SequenceNumber;
  max?: SequenceNumber;
  cache?: SequenceNumber;
  cycle?: boolean;
  /** `CREATE UNLOGGED SEQUENCE` (PostgreSQL 15 on): not written to the write-ahead log, reset after a crash, not replicated. */
  unlogged?: boolean;
  /** The column whose drop drops the sequence too; a table in the sequence's schema. */
  ownedBy?: { table: string; column: string };
  comment?: string;
  /** Privileges on it: `grant(['usage', 'select'], 'authenticated')`; compared when the `privileges` setting manages them. */
  grants?: readonly GrantEntry[];
  /** The role that owns it (`ALTER ... OWNER TO`); compared when the `owners` setting is on. Left out, the role the migrations run as. */
  owner?: string;
}

export interface SequenceDef {
  readonly kind: 'sequence';
  readonly name: string;
  readonly schema: string;
  readonly options: SequenceOptions;
  /** `nextval('schema.name'::regclass)`, for a column or domain default. */
  nextval(): SqlExpr;
}

/** A default of a domain: SQL, or a literal. */
export type DomainDefault = SqlExpr | string | number | boolean;

export interface DomainOptions extends RenamedFrom {
  schema?: string;
  /** `COLLATE`: a collation of the model (its const) or the server's (`'C'`); a change replaces the domain. */
  collation?: CollationRef;
  default?: DomainDefault;
  notNull?: boolean;
  /** `check(sql\`VALUE > 0\`, { name })`; unnamed checks are named `<domain>_check`, `<domain>_check1`, ... */
  checks?: readonly CheckDef[];
  comment?: string;
  /** Privileges on it: `[revoke(['usage'], 'PUBLIC'), grant(['usage'], 'app')]`; compared when the `privileges` setting manages them. */
  grants?: readonly GrantEntry[];
  /** The role that owns it (`ALTER ... OWNER TO`); compared when the `owners` setting is on. Left out, the role the migrations run as. */
  owner?: string;
}

/** The data type of a domain's columns: its base builder's, or string for a spelling. */
export type DomainData<B> = B extends { readonly '~types'?: { data: infer TData } } ? TData : string;

/** A domain declared in the model; `column()` makes a column of it with the base type's data type. */
export interface DomainType<TData = unknown> {
  readonly kind: 'domain';
  readonly schema: string;
  readonly name: string;
  /** The base type as written: a builder's type or a spelling. */
  readonly base: AnyColumnBuilder | string;
  readonly options: DomainOptions;
  column(): ColumnBuilder<TData, false, false, 'none'>;
}

export interface ViewOptions<TMaterialized extends boolean = boolean> extends RenamedFrom {
  schema?: string;
  /** `WITH (...)` options, e.g. `['security_barrier=true']` or `['check_option=local']`. */
  options?: readonly string[];
  /** Indexes of a materialized view: `index(['col'], { unique: true })`. */
  indexes?: TMaterialized extends true ? readonly IndexDef[] : never;
  /** A materialized view's `CLUSTER ON`: the name of one of its indexes. */
  clusterOn?: TMaterialized extends true ? string : never;
  /**
   * `false`: a materialized view created `WITH NO DATA` (its query does not
   * run; it holds data after `REFRESH MATERIALIZED VIEW`). Not compared.
   */
  withData?: TMaterialized extends true ? boolean : never;
  /** A view's column defaults, what an insert through it gets: `{ status: sql\`'new'\` }` (`ALTER VIEW ... SET DEFAULT`). */
  columnDefaults?: TMaterialized extends true ? never : Readonly<Record<string, SqlExpr>>;
  /**
   * For a view whose query reads the view itself: its columns in order, with
   * their types (`[{ name: 'id', type: 'integer' }]`). Postgres creates such a
   * view only over a placeholder of these columns, which the query then replaces.
   */
  readsItself?: TMaterialized extends true ? never : readonly ViewColumnModel[];
  comment?: string;
  /** Privileges on it and its columns: `grant(['select'], 'anon')`; compared when the `privileges` setting manages them. */
  grants?: readonly GrantEntry[];
  /** The role that owns it (`ALTER ... OWNER TO`); compared when the `owners` setting is on. Left out, the role the migrations run as. */
  owner?: string;
}

export interface ViewDef {
  readonly kind: 'view';
  readonly name: string;
  readonly schema: string;
  readonly materialized: boolean;
  readonly query: SqlExpr;
  readonly options: ViewOptions;
}

export interface RoutineOptions extends RenamedFrom {
  comment?: string;
  /**
   * Privileges on it: `[revoke(['execute'], 'PUBLIC'), grant(['execute'], 'service_role')]`;
   * compared when the `privileges` setting manages them.
   */
  grants?: readonly GrantEntry[];
  /** The role that owns it (`ALTER ... OWNER TO`); compared when the `owners` setting is on. Left out, the role the migrations run as. */
  owner?: string;
}

/** A function, procedure or aggregate, declared by its whole `CREATE` statement. */
export interface RoutineDef {
  readonly kind: 'routine';
  readonly definition: SqlExpr;
  /** What the statement creates, read from it; the schema is the metadata's when unqualified. */
  readonly routine: RoutineKind;
  readonly schema: string;
  readonly name: string;
  readonly options: RoutineOptions;
}

export interface TriggerOptions extends RenamedFrom {
  comment?: string;
  /** When it fires, other than by default: `'always'`, `'replica'` (only on a replica) or `'disabled'`. */
  firing?: Firing;
}

/** A trigger, declared by its whole `CREATE TRIGGER` statement. */
export interface TriggerDef {
  readonly kind: 'trigger';
  readonly definition: SqlExpr;
  readonly name: string;
  /** The table it is on (and its schema, the metadata's when unqualified). */
  readonly schema: string;
  readonly table: string;
  readonly options: TriggerOptions;
}

/**
 * What `metadata.comment()` comments on: one key naming the kind of object,
 * plus `schema` (the metadata's when left out) and, for objects that belong
 * to a table or domain, that table or domain.
 */
export type CommentOn =
  | { table: string; schema?: string }
  | { column: string; table: string; schema?: string }
  | { view: string; schema?: string }
  | { materializedView: string; schema?: string }
  | { foreignTable: string; schema?: string }
  | { index: string; schema?: string }
  | { constraint: string; table: string; schema?: string }
  | { domainConstraint: string; domain: string; schema?: string }
  | { sequence: string; schema?: string }
  | { type: string; schema?: string }
  | { function: string; argumentTypes?: string; schema?: string }
  | { procedure: string; argumentTypes?: string; schema?: string }
  | { aggregate: string; argumentTypes?: string; schema?: string }
  | { trigger: string; table: string; schema?: string }
  | { textSearchDictionary: string; schema?: string }
  | { textSearchConfiguration: string; schema?: string }
  | { collation: string; schema?: string }
  | { rule: string; table: string; schema?: string }
  | { policy: string; table: string; schema?: string }
  | { cast: { source: string; target: string } }
  | { statistics: string; schema?: string }
  | { publication: string }
  | { eventTrigger: string }
  /** An extension's comment other than its control file's own. */
  | { extension: string; schema?: never }
  | { schema: string };

export interface CommentDef {
  readonly kind: 'comment';
  readonly on: CommentOn;
  readonly text: string;
  /** The metadata's schema when the call was made. */
  readonly defaultSchema: string;
}

/** What a list's definitions say in their options of the object they declare. */
interface DefListSpec<T> {
  /**
   * What their `comment` option is on, when they have one; `i` is the
   * definition's place in its list (a routine's placeholder argument types).
   */
  readonly commentOn?: T extends { readonly options: { comment?: string } }
    ? (def: T, i: number) => CommentTarget
    : never;
  /** What their `grants` and `owner` options are on, when they have them. */
  readonly grantOn?: T extends { readonly options: AccessOptions } ? (def: T, i: number) => GrantTarget : never;
}

/** The privileges and owner an object's options may give. */
interface AccessOptions {
  grants?: readonly GrantEntry[];
  owner?: string;
}

/**
 * How a list's definitions become the model's list of the same name: each
 * declared once, the list sorted. Given by a kind whose module builds its
 * objects; the build (`build-objects.ts`) builds the others.
 */
interface OwnBuild<T, M> {
  readonly build?: (defs: readonly T[]) => M[];
}

/**
 * A list of `OBJECT_DEF_LISTS`: what its entries are and, when it builds
 * itself, the model's objects (known to the compiler only), and what their
 * options are on.
 */
interface DefList<T, M, X extends DefMethods = DefMethods> extends DefListSpec<T>, OwnBuild<T, M> {
  readonly '~def'?: T;
  readonly '~model'?: M;
  /** Its `metadata.*` methods, when its kind's module writes them (`madeBy`). */
  readonly methods?: X;
}

const list = <T, M = never>(spec: DefListSpec<T> & OwnBuild<T, M> = {}): DefList<T, M> => spec;

/**
 * The `metadata.*` methods that declare a list's definitions, as its kind's
 * module writes them: each makes a definition from the metadata's schema and
 * the call's arguments; the metadata adds it to the list (`listMethods`).
 */
type DefMethods = { readonly [method: string]: (schema: string, ...args: never) => unknown };

/** The definitions a list's methods make. */
type MadeBy<X extends DefMethods> = ReturnType<X[keyof X]>;

/** A list whose kind's module writes its `metadata.*` methods (`methods`); its definitions are what they make. */
const madeBy = <X extends DefMethods, M = never>(
  methods: X,
  spec: DefListSpec<MadeBy<X>> & OwnBuild<MadeBy<X>, M> = {},
): DefList<MadeBy<X>, M, X> & { readonly methods: X } => ({ ...spec, methods });

/** A type of the model's own, which comments and privileges name `on: 'type'`. */
const onType = (def: { schema: string; name: string }) => ({ on: 'type', schema: def.schema, name: def.name }) as const;

/** A view or materialized view, as its comment names it. */
const onView = (def: ViewDef) =>
  ({ on: def.materialized ? 'materializedView' : 'view', schema: def.schema, name: def.name }) as const;

/**
 * Every list a metadata collects besides tables and enums, with the definitions
 * it holds and what their options are on: the one place a list is declared.
 * `ObjectDefs` and `emptyObjectDefs()` are derived from it, the comments and
 * privileges options give from `commentOn` and `grantOn` (`declaredComments`,
 * `declaredAccessOptions`), the `metadata.*` methods of a kind whose module
 * writes them from its `methods` (`listMethods`); a list's `build` makes the
 * model's list of the same name, where the kind's module has one, and the
 * build (`build-objects.ts`) makes the others. One list per list of the model
 * (`ModelKind`), so a new kind fails to compile here until it has one.
 */
const OBJECT_DEF_LISTS = {
  extensions: list<ExtensionDef>(),
  collations: madeBy(COLLATION_METHODS),
  sequences: list<SequenceDef>({
    commentOn: (s) => ({ on: 'sequence', schema: s.schema, name: s.name }),
    grantOn: (s) => ({ on: 'sequence', schema: s.schema, name: s.name }),
  }),
  domains: list<DomainType>({
    commentOn: onType,
    grantOn: (d) => ({ on: 'domain', schema: d.schema, name: d.name }),
  }),
  composites: madeBy(COMPOSITE_METHODS, { commentOn: onType, grantOn: onType }),
  ranges: madeBy(RANGE_METHODS, { commentOn: onType, grantOn: onType, build: rangeModels }),
  views: list<ViewDef>({ commentOn: onView, grantOn: (v) => ({ on: 'view', schema: v.schema, name: v.name }) }),
  // A routine's argument types are known once the server has read it: its placeholder stands for them.
  routines: list<RoutineDef>({
    commentOn: (r, i) => ({ on: r.routine, schema: r.schema, name: r.name, argumentTypes: `?${i}` }),
    grantOn: (r, i) => ({
      on: r.routine === 'procedure' ? 'procedure' : 'function',
      schema: r.schema,
      name: r.name,
      argumentTypes: `?${i}`,
    }),
  }),
  triggers: list<TriggerDef>({
    commentOn: (t) => ({ on: 'trigger', schema: t.schema, name: t.name, parent: t.table }),
  }),
  rules: madeBy(RULE_METHODS),
  statistics: madeBy(STATISTICS_METHODS, {
    commentOn: (s) => ({ on: 'statistics', schema: s.schema, name: s.name }),
    build: statisticsModels,
  }),
  casts: madeBy(CAST_METHODS),
  textSearchDictionaries: madeBy(TEXT_SEARCH_DICTIONARY_METHODS),
  textSearchConfigurations: madeBy(TEXT_SEARCH_CONFIGURATION_METHODS),
  operators: madeBy(OPERATOR_METHODS, {
    commentOn: (o) => ({
      on: 'operator',
      schema: o.schema,
      name: o.options.name,
      argumentTypes: operatorArgumentTypes({ left: o.options.left ?? null, right: o.options.right }),
    }),
  }),
  operatorClasses: madeBy(OPERATOR_CLASS_METHODS),
  foreignDataWrappers: madeBy(FOREIGN_DATA_WRAPPER_METHODS, {
    grantOn: (w) => ({ on: 'foreignDataWrapper', schema: '', name: w.name }),
  }),
  foreignServers: madeBy(FOREIGN_SERVER_METHODS, {
    grantOn: (s) => ({ on: 'foreignServer', schema: '', name: s.name }),
  }),
  foreignTables: madeBy(FOREIGN_TABLE_METHODS),
  eventTriggers: madeBy(EVENT_TRIGGER_METHODS, {
    commentOn: (e) => ({ on: 'eventTrigger', schema: '', name: e.name }),
    build: eventTriggerModels,
  }),
  comments: list<CommentDef>(),
  grants: list<GrantsDef>(),
  owners: list<OwnerDef>(),
  defaultPrivileges: list<DefaultPrivilegesDef>(),
  publications: madeBy(PUBLICATION_METHODS, {
    commentOn: (p) => ({ on: 'publication', schema: '', name: p.name }),
    build: publicationModels,
  }),
} satisfies { readonly [K in DeclaredList]: { readonly '~def'?: unknown } };

/** The model's lists as a metadata collects them: schemas, enums and tables apart, routines for `functions`. */
type DeclaredList = Exclude<ModelKind, 'schemas' | 'enums' | 'tables' | 'functions'> | 'routines';

type ObjectDefList = keyof typeof OBJECT_DEF_LISTS;

const OBJECT_DEF_LIST_NAMES = Object.keys(OBJECT_DEF_LISTS) as ObjectDefList[];

/** The `metadata.*` methods the lists' kinds write (`madeBy`), all of them. */
export type ListMethods = UnionToIntersection<
  {
    [K in ObjectDefList]: (typeof OBJECT_DEF_LISTS)[K] extends { readonly methods: infer X } ? CalledMethods<X> : never;
  }[ObjectDefList]
>;

/** A kind's methods as a metadata offers them: the metadata gives the schema. */
type CalledMethods<X> = {
  readonly [N in keyof X]: X[N] extends (schema: string, ...args: infer A) => infer R ? (...args: A) => R : never;
};

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The methods of `ListMethods` for a metadata of schema `schema`: each adds what it makes to its list of `defs`. */
export function listMethods(schema: string, defs: ObjectDefs): ListMethods {
  const methods: Record<string, (...args: never[]) => unknown> = {};
  for (const name of OBJECT_DEF_LIST_NAMES) {
    const { methods: made = {} }: Pick<DefList<never, never>, 'methods'> = OBJECT_DEF_LISTS[name];
    for (const [method, make] of Object.entries(made)) {
      methods[method] = (...args) => {
        const def = (make as (schema: string, ...args: never[]) => unknown)(schema, ...args);
        (defs[name] as unknown[]).push(def);
        return def;
      };
    }
  }
  return methods as unknown as ListMethods;
}

/** Everything a metadata collects besides tables and enums, each list in declaration order. */
export type ObjectDefs = {
  readonly [K in ObjectDefList]: NonNullable<(typeof OBJECT_DEF_LISTS)[K]['~def']>[];
};

/** The lists that build the model's list of the same name themselves (their `build`). */
export type OwnBuiltList = {
  [K in ObjectDefList]: [NonNullable<(typeof OBJECT_DEF_LISTS)[K]['~model']>] extends [never] ? never : K;
}[ObjectDefList];

/** The model's objects an own-built list makes. */
type OwnBuiltModel<K extends OwnBuiltList> = NonNullable<(typeof OBJECT_DEF_LISTS)[K]['~model']>;

/** The lists that build themselves, in the order of `OBJECT_DEF_LISTS`. */
export const OWN_BUILT_LISTS = OBJECT_DEF_LIST_NAMES.filter(
  (name): name is OwnBuiltList => OBJECT_DEF_LISTS[name].build !== undefined,
);

/** The model's list `name` built from its definitions in `defs` by the list's own `build`. */
export function buildOwnList<K extends OwnBuiltList>(name: K, defs: ObjectDefs): OwnBuiltModel<K>[] {
  const build = OBJECT_DEF_LISTS[name].build as (defs: readonly unknown[]) => OwnBuiltModel<K>[];
  return build(defs[name]);
}

export function emptyObjectDefs(): ObjectDefs {
  return Object.fromEntries(OBJECT_DEF_LIST_NAMES.map((name) => [name, []])) as unknown as ObjectDefs;
}

/** A definition as `DefListSpec` sees it: whatever its list, what its options may say. */
type AnyDef = { readonly options: { comment?: string } & AccessOptions };

/** What each definition whose list says `spec` gives in its options, with the object it is on, list by list. */
function optionsOn<Target>(
  defs: ObjectDefs,
  spec: keyof DefListSpec<never>,
): { target: Target; options: AnyDef['options'] }[] {
  return OBJECT_DEF_LIST_NAMES.flatMap((name) => {
    const on = (OBJECT_DEF_LISTS[name] as { [S in typeof spec]?: (def: AnyDef, i: number) => Target })[spec];
    if (on === undefined) return [];
    return (defs[name] as readonly AnyDef[]).map((def, i) => ({ target: on(def, i), options: def.options }));
  });
}

/** The `comment` options of the definitions, each with the object it is on. */
export function declaredComments(defs: ObjectDefs): { target: CommentTarget; comment: string | undefined }[] {
  return optionsOn<CommentTarget>(defs, 'commentOn').map(({ target, options }) => ({
    target,
    comment: options.comment,
  }));
}

/** The `grants` and `owner` options of the definitions, each with the object they are on. */
export function declaredAccessOptions(defs: ObjectDefs): { target: GrantTarget; options: AccessOptions }[] {
  return optionsOn<GrantTarget>(defs, 'grantOn');
}

export function createSequenceDef(name: string, schema: string, options: SequenceOptions): SequenceDef {
  const text = printLiteral(qualifiedTypeName(schema, name));
  return Object.freeze({
    kind: 'sequence',
    name,
    schema,
    options: { ...options },
    nextval: () => sql(`nextval(${text}::regclass)`),
  });
}

export function createDomainType<B extends AnyColumnBuilder | string>(
  name: string,
  schema: string,
  base: B,
  options: DomainOptions,
): DomainType<DomainData<B>> {
  const domain: DomainType<DomainData<B>> = {
    kind: 'domain',
    schema,
    name,
    base,
    options: { ...options },
    column: () => columnBuilder<DomainData<B>>({ kind: 'named', spelling: qualifiedTypeName(schema, name) }),
  };
  return Object.freeze(domain);
}

export function createViewDef(
  name: string,
  schema: string,
  materialized: boolean,
  query: SqlExpr,
  options: ViewOptions,
): ViewDef {
  return Object.freeze({ kind: 'view', name, schema, materialized, query, options: { ...options } });
}
