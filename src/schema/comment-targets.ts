import type { CommentObjectKind } from './object-kinds.js';
import type { CommentTarget, SchemaModel, TableModel } from './model.js';
import { modelTypes } from './model-kinds.js';
import { notNullConstraintName, ownSequenceName } from './naming.js';
import { operatorArgumentTypes } from './objects/model-operators.js';

/**
 * What a comment is on, kind by kind, as the model knows it: how
 * `metadata.comment()` names the object's table or domain (`parent`), and
 * how a model's objects of the kind are found (`objects`, and the `key` of
 * the one a target names). The build checks that a declared comment's object
 * is declared; the reflector keeps a comment only when its object was read;
 * `migrate pull` writes a target back as `metadata.comment()` names it.
 *
 * A column has no `objects`: a view's columns are known only once the server
 * has read its query, so each reader decides a column for itself. The public
 * schema holds a comment although no model creates it.
 */
/** The public schema's comment as initdb makes it: a model that declares none on that schema means this one. */
export const PUBLIC_SCHEMA_COMMENT = 'standard public schema';

/**
 * The text a comment the model does not declare stands for: none, or on the public schema initdb's.
 * There, a declared '' is none (`COMMENT ... IS ''` removes a comment), as a public schema made again reads.
 */
export function undeclaredComment(target: CommentTarget): string | null {
  return target.on === 'schema' && target.name === 'public' ? PUBLIC_SCHEMA_COMMENT : null;
}

/** Whether a declared comment is one: '' is none, which only the public schema declares (see `undeclaredComment`). */
export function isDeclaredComment(target: CommentTarget, text: string): boolean {
  return text !== '' || undeclaredComment(target) !== null;
}

export const COMMENT_TARGETS = {
  // The public schema, which every database has (initdb made it), whether or not the model lists it.
  schema: { objects: (model) => [...new Set(['public', ...model.schemas])].map((name) => [name]), key: alone },
  table: { objects: (model) => model.tables.map(byName), key: byName },
  column: { parent: 'table', key: inParent },
  index: { objects: indexNames, key: byName },
  constraint: {
    parent: 'table',
    objects: (model) => model.tables.flatMap((t) => constraintNames(t).map((name) => [t.schema, t.name, name])),
    key: inParent,
  },
  policy: {
    parent: 'table',
    objects: (model) => model.tables.flatMap((t) => (t.policies ?? []).map((p) => [t.schema, t.name, p.name])),
    key: inParent,
  },
  trigger: {
    parent: 'table',
    objects: (model) => model.triggers.map((t) => [t.schema, t.table, t.name]),
    key: inParent,
  },
  sequence: {
    // A serial or identity column's own sequence too.
    objects: (model) => [
      ...model.sequences.map(byName),
      ...model.tables.flatMap((t) =>
        t.columns.flatMap((c) => {
          const name = ownSequenceName(t.name, c);
          return name === null ? [] : [[t.schema, name]];
        }),
      ),
    ],
    key: byName,
  },
  view: { objects: (model) => model.views.filter((v) => !v.materialized).map(byName), key: byName },
  materializedView: { objects: (model) => model.views.filter((v) => v.materialized).map(byName), key: byName },
  function: { objects: (model) => routines(model, 'function'), key: withArguments },
  procedure: { objects: (model) => routines(model, 'procedure'), key: withArguments },
  aggregate: { objects: (model) => routines(model, 'aggregate'), key: withArguments },
  type: { objects: (model) => modelTypes(model).map(byName), key: byName },
  domainConstraint: {
    parent: 'domain',
    objects: (model) => model.domains.flatMap((d) => d.checks.map((c) => [d.schema, d.name, c.name])),
    key: inParent,
  },
  collation: { objects: (model) => model.collations.map(byName), key: byName },
  foreignTable: { objects: (model) => model.foreignTables.map(byName), key: byName },
  operator: {
    objects: (model) => model.operators.map((o) => [o.schema, o.name, operatorArgumentTypes(o)]),
    key: withArguments,
  },
  textSearchDictionary: { objects: (model) => model.textSearchDictionaries.map(byName), key: byName },
  textSearchConfiguration: { objects: (model) => model.textSearchConfigurations.map(byName), key: byName },
  rule: {
    parent: 'table',
    objects: (model) => model.rules.map((r) => [r.schema, r.table, r.name]),
    key: inParent,
  },
  cast: { objects: (model) => model.casts.map((c) => [c.source, c.target]), key: (t) => [t.name, t.parent ?? ''] },
  statistics: { objects: (model) => model.statistics.map(byName), key: byName },
  publication: { objects: (model) => model.publications.map((p) => [p.name]), key: alone },
  eventTrigger: { objects: (model) => model.eventTriggers.map((e) => [e.name]), key: alone },
  extension: { objects: (model) => model.extensions.map((e) => [e.name]), key: alone },
} as const satisfies Record<CommentObjectKind, CommentTargetSpec>;

interface CommentTargetSpec {
  /** The key of `metadata.comment()` that names the table or domain the object belongs to. */
  readonly parent?: 'table' | 'domain';
  /** The key of each of the model's objects of the kind, in parts. */
  readonly objects?: (model: SchemaModel) => readonly (readonly string[])[];
  /** The key of the object a target names, in the parts of `objects`. */
  readonly key: (target: CommentTarget) => readonly string[];
}

/** The kinds whose objects a model lists in full: every kind but the column. */
export type ListedCommentKind = {
  [K in CommentObjectKind]: (typeof COMMENT_TARGETS)[K] extends { readonly objects: unknown } ? K : never;
}[CommentObjectKind];

/** The kinds of object that belong to a table or domain, which `metadata.comment()` names with the object. */
export type ParentedCommentKind = {
  [K in CommentObjectKind]: (typeof COMMENT_TARGETS)[K] extends { readonly parent: string } ? K : never;
}[CommentObjectKind];

/** The key of `metadata.comment()` naming the table or domain an object of `kind` belongs to, if it belongs to one. */
export function commentParentKey(kind: ParentedCommentKind): 'table' | 'domain';
export function commentParentKey(kind: CommentObjectKind): 'table' | 'domain' | undefined;
export function commentParentKey(kind: CommentObjectKind): 'table' | 'domain' | undefined {
  const spec: CommentTargetSpec = COMMENT_TARGETS[kind];
  return spec.parent;
}

/** Whether an object of `kind` belongs to a table or domain, which a target names as its `parent`. */
export function hasCommentParent(kind: CommentObjectKind): kind is ParentedCommentKind {
  return commentParentKey(kind) !== undefined;
}

/** The kinds of object that belong to a table (its `parent`): a column, constraint, trigger, rule or policy. */
export type TablePartKind = {
  [K in CommentObjectKind]: (typeof COMMENT_TARGETS)[K] extends { readonly parent: 'table' } ? K : never;
}[CommentObjectKind];

/** Whether an object of `kind` belongs to a table, which a target names as its `parent`. */
export function isTablePart(kind: CommentObjectKind): kind is TablePartKind {
  return commentParentKey(kind) === 'table';
}

/** The object a target names, as a key: its kind and the parts its kind's `key` gives. */
export function commentObjectKey(target: CommentTarget): string {
  const spec: CommentTargetSpec = COMMENT_TARGETS[target.on];
  return JSON.stringify([target.on, ...spec.key(target)]);
}

/**
 * Whether the model holds the object a target names, for a kind whose
 * objects it lists. Each kind's keys are gathered when a target first names
 * it, once for all the targets: a scan of the model per comment made reading
 * or building a model with many comments quadratic.
 */
export function commentTargetFinder(model: SchemaModel): (on: ListedCommentKind, target: CommentTarget) => boolean {
  const keys = new Map<ListedCommentKind, Set<string>>();
  return (on, target) => {
    const spec = COMMENT_TARGETS[on];
    let listed = keys.get(on);
    if (listed === undefined) {
      listed = new Set(spec.objects(model).map((parts) => parts.join('\0')));
      keys.set(on, listed);
    }
    return listed.has(spec.key(target).join('\0'));
  };
}

/**
 * The names of a table's constraints: its keys, checks, foreign keys and
 * exclusions, and (PostgreSQL 18 names them) its NOT NULL constraints.
 */
export function constraintNames(table: TableModel): string[] {
  return [
    ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
    ...table.uniques.map((u) => u.name),
    ...table.checks.map((c) => c.name),
    ...table.foreignKeys.map((f) => f.name),
    ...(table.exclusions ?? []).map((x) => x.name),
    ...table.columns.filter((c) => !c.nullable).map((c) => c.notNullName ?? notNullConstraintName(table.name, c.name)),
  ];
}

/** The indexes of tables (with the names of their constraints, some of which are indexes) and materialized views. */
function indexNames(model: SchemaModel): string[][] {
  return [
    ...model.tables.flatMap((t) =>
      [...t.indexes.map((i) => i.name), ...constraintNames(t)].map((name) => [t.schema, name]),
    ),
    ...model.views.flatMap((v) => v.indexes.map((i) => [v.schema, i.name])),
  ];
}

function routines(model: SchemaModel, kind: 'function' | 'procedure' | 'aggregate'): string[][] {
  return model.functions.filter((f) => f.kind === kind).map((f) => [f.schema, f.name, f.argumentTypes]);
}

function byName(o: { schema: string; name: string }): string[] {
  return [o.schema, o.name];
}

function inParent(target: CommentTarget): string[] {
  return [target.schema, target.parent ?? '', target.name];
}

function withArguments(target: CommentTarget): string[] {
  return [target.schema, target.name, target.argumentTypes ?? ''];
}

function alone(target: CommentTarget): string[] {
  return [target.name];
}
