import type { DefaultPrivilegesScope, GrantEntry, GrantOn, OwnerOn } from './grant.js';
import type { RoutineKind } from '../../model.js';
import type { AnyColumnBuilder } from '../columns/column.js';
import { invalidModel } from '../invalid-model.js';
import {
  createDomainType,
  createSequenceDef,
  createViewDef,
  listMethods,
  type CommentOn,
  type DomainData,
  type DomainOptions,
  type DomainType,
  type ExtensionDef,
  type ListMethods,
  type ObjectDefs,
  type RoutineDef,
  type RoutineOptions,
  type SequenceDef,
  type SequenceOptions,
  type TriggerDef,
  type TriggerOptions,
  type ViewDef,
  type ViewOptions,
} from './objects.js';
import { isPunct, isWord, tokenizeSql, type SqlToken } from '../../../sql/lexer.js';
import { isSqlExpr, type SqlExpr } from '../sql.js';

/**
 * The `metadata.*` methods for objects besides tables and enums: those of the
 * kinds declared in `objects.ts`, here, and those each other kind's module
 * writes (`ListMethods`).
 */
export type ObjectMethods = OwnMethods & ListMethods;

/** The `metadata.*` methods of the kinds `objects.ts` declares, and of comments, privileges and owners. */
interface OwnMethods {
  /** `CREATE EXTENSION IF NOT EXISTS name WITH SCHEMA schema`; the version is not compared. */
  extension(name: string, options?: { schema?: string }): ExtensionDef;
  sequence(name: string, options?: SequenceOptions): SequenceDef;
  /** A domain over a base type, given as a column builder (`integer()`) or a spelling (`'integer'`). */
  domain<B extends AnyColumnBuilder | string>(
    name: string,
    base: B,
    options?: DomainOptions,
  ): DomainType<DomainData<B>>;
  view(name: string, query: SqlExpr, options?: ViewOptions<false>): ViewDef;
  materializedView(name: string, query: SqlExpr, options?: ViewOptions<true>): ViewDef;
  /** A function, procedure or aggregate: its whole `CREATE` statement. */
  function(definition: SqlExpr, options?: RoutineOptions): RoutineDef;
  /** A trigger: its whole `CREATE TRIGGER` statement; its function must be declared (or built in). */
  trigger(definition: SqlExpr, options?: TriggerOptions): TriggerDef;
  /** `COMMENT ON ... IS text` for any object, e.g. `metadata.comment({ index: 'users_email_idx' }, 'lookups')`. */
  comment(on: CommentOn, text: string): void;
  /**
   * Privileges on any object but a table (whose `grants` option holds its
   * own), e.g. `metadata.grants({ schema: 'public' }, [grant(['usage'], 'anon')])`.
   */
  grants(on: GrantOn, grants: readonly GrantEntry[]): void;
  /**
   * The role that owns an object (`ALTER ... OWNER TO role`), for those whose
   * options have no `owner`: `metadata.owner({ schema: 'api' }, 'api_owner')`,
   * `metadata.owner({ collation: 'nocase' }, 'api_owner')`.
   * Compared when the `owners` setting is on.
   */
  owner(on: OwnerOn, role: string): void;
  /**
   * Default privileges (`ALTER DEFAULT PRIVILEGES`): what a role's new objects
   * of a kind are created with, e.g. `metadata.defaultPrivileges({ on: 'tables',
   * inSchema: 'api' }, [grant(['select'], 'anon')])`; `revoke()` takes away a
   * default every new object has (a function's EXECUTE to PUBLIC), globally only.
   */
  defaultPrivileges(scope: DefaultPrivilegesScope, grants: readonly GrantEntry<never>[]): void;
}

export function objectMethods(schema: string, defs: ObjectDefs): ObjectMethods {
  const own: OwnMethods = {
    extension(name, options = {}) {
      const def: ExtensionDef = Object.freeze({ kind: 'extension', name, schema: options.schema ?? schema });
      defs.extensions.push(def);
      return def;
    },
    sequence(name, options = {}) {
      const def = createSequenceDef(name, options.schema ?? schema, options);
      defs.sequences.push(def);
      return def;
    },
    domain(name, base, options = {}) {
      const domain = createDomainType(name, options.schema ?? schema, base, options);
      defs.domains.push(domain as DomainType);
      return domain as never;
    },
    view(name, query, options = {}) {
      return pushView(
        defs,
        createViewDef(name, options.schema ?? schema, false, requireSql(`view ${name}`, query), options),
      );
    },
    materializedView(name, query, options = {}) {
      return pushView(
        defs,
        createViewDef(name, options.schema ?? schema, true, requireSql(`materialized view ${name}`, query), options),
      );
    },
    function(definition, options = {}) {
      const def = routineDef(requireSql('metadata.function()', definition), schema, options);
      defs.routines.push(def);
      return def;
    },
    trigger(definition, options = {}) {
      const def = triggerDef(requireSql('metadata.trigger()', definition), schema, options);
      defs.triggers.push(def);
      return def;
    },
    comment(on, text) {
      defs.comments.push(Object.freeze({ kind: 'comment', on: { ...on }, text, defaultSchema: schema }));
    },
    grants(on, grants) {
      defs.grants.push(Object.freeze({ kind: 'grants', on: { ...on }, grants: [...grants], defaultSchema: schema }));
    },
    owner(on, role) {
      defs.owners.push(Object.freeze({ kind: 'owner', on: { ...on }, role, defaultSchema: schema }));
    },
    defaultPrivileges(scope, grants) {
      defs.defaultPrivileges.push(
        Object.freeze({ kind: 'defaultPrivileges', scope: { ...scope }, grants: [...grants] }),
      );
    },
  };
  return { ...listMethods(schema, defs), ...own };
}

function pushView(defs: ObjectDefs, view: ViewDef): ViewDef {
  defs.views.push(view);
  return view;
}

function requireSql(where: string, value: unknown): SqlExpr {
  if (!isSqlExpr(value)) throw invalidModel(where, 'takes SQL written as sql`...`');
  return value;
}

const ROUTINE_WORDS: Readonly<Record<string, RoutineKind>> = {
  function: 'function',
  procedure: 'procedure',
  aggregate: 'aggregate',
};

/** `schema.name` or `name` starting at token `i`: the name and its schema (null when unqualified). */
function qualifiedAt(tokens: SqlToken[], i: number): { schema: string | null; name: string } | null {
  const first = tokens[i];
  if (first?.kind !== 'ident') return null;
  const dot = tokens[i + 1];
  const second = tokens[i + 2];
  if (isPunct(dot, '.') && second?.kind === 'ident') return { schema: first.text, name: second.text };
  return { schema: null, name: first.text };
}

/** Reads `CREATE [OR REPLACE] FUNCTION|PROCEDURE|AGGREGATE [schema.]name`. */
function routineDef(definition: SqlExpr, schema: string, options: RoutineOptions): RoutineDef {
  const tokens = tokenizeSql(definition.text);
  const at = tokens.findIndex((t) => t.kind === 'ident' && !t.quoted && ROUTINE_WORDS[t.text] !== undefined);
  const routine = at < 0 ? undefined : ROUTINE_WORDS[tokens[at]!.text];
  const found = at < 0 ? null : qualifiedAt(tokens, at + 1);
  if (!isWord(tokens[0], 'create') || routine === undefined || found === null) {
    throw invalidModel(
      'metadata.function()',
      'expects a CREATE FUNCTION, CREATE PROCEDURE or CREATE AGGREGATE statement',
    );
  }
  return Object.freeze({
    kind: 'routine',
    definition,
    routine,
    schema: found.schema ?? schema,
    name: found.name,
    options: { ...options },
  });
}

/** Reads `CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name ... ON [schema.]table`. */
function triggerDef(definition: SqlExpr, schema: string, options: TriggerOptions): TriggerDef {
  const tokens = tokenizeSql(definition.text);
  const at = tokens.findIndex((t) => isWord(t, 'trigger'));
  const name = tokens[at + 1];
  const on = tokens.findIndex((t, i) => i > at + 1 && isWord(t, 'on'));
  const table = on < 0 ? null : qualifiedAt(tokens, on + 1);
  if (!isWord(tokens[0], 'create') || at < 0 || name?.kind !== 'ident' || table === null) {
    throw invalidModel('metadata.trigger()', 'expects a CREATE TRIGGER name ... ON table ... statement');
  }
  return Object.freeze({
    kind: 'trigger',
    definition,
    name: name.text,
    schema: table.schema ?? schema,
    table: table.name,
    options: { ...options },
  });
}
