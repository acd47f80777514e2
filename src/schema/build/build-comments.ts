import { invalidModel } from '../dsl/invalid-model.js';
import type { Metadata } from '../dsl/metadata.js';
import { declaredComments, type CommentDef, type CommentOn } from '../dsl/objects/objects.js';
import type { CommentModel, CommentObjectKind, CommentTarget, RoutineKind, SchemaModel, TableModel } from '../model.js';
import { commentTargetKey, compareCommentTargets } from '../object-keys.js';
import { modelTypes } from '../model-kinds.js';
import { notNullConstraintName } from '../naming.js';
import { declaredRoutineArguments } from './declared-routine.js';

/**
 * Every comment the metadata declares: `.comment()` on columns, `comment`
 * options of tables, enums and other objects, and `metadata.comment()`. Each
 * must name an object of the model; names are final here, except a routine's
 * argument types, which canonicalization fills in.
 */
export function buildComments(metadata: Metadata, model: SchemaModel): CommentModel[] {
  const comments: CommentModel[] = [];
  const add = (target: CommentTarget, text: string | undefined | null): void => {
    if (text !== undefined && text !== null) comments.push({ target, text });
  };
  for (const table of metadata.tables) {
    add({ on: 'table', schema: table.schema, name: table.name }, table.options.comment);
    // A partition's columns are its parent's builders; their comments are the parent's, not the partition's.
    if (table.options.partitionOf !== undefined) continue;
    for (const column of Object.values(table.columns)) {
      add({ on: 'column', schema: table.schema, name: column.name, parent: table.name }, column.builder.spec.comment);
    }
  }
  for (const e of metadata.enums) add({ on: 'type', schema: e.schema, name: e.name }, e.comment);
  const { objects } = metadata;
  for (const { target, comment } of declaredComments(objects)) add(target, comment);
  for (const def of objects.comments) comments.push({ target: commentTarget(def, model), text: def.text });

  const seen = new Set<string>();
  const declared = new Declared(model);
  for (const comment of comments) {
    const key = commentTargetKey(comment.target);
    if (seen.has(key)) throw invalidModel(`comment on ${describe(comment.target)}`, 'is given twice; keep one');
    seen.add(key);
    validateTarget(comment.target, model, declared);
  }
  return comments.sort((a, b) => compareCommentTargets(a.target, b.target));
}

const ROUTINE_KEYS: readonly RoutineKind[] = ['function', 'procedure', 'aggregate'];

/** The target of a `metadata.comment()` call; a routine without argument types must be the only one of its name. */
function commentTarget(def: CommentDef, model: SchemaModel): CommentTarget {
  if ('cast' in def.on) return castTarget(def.on.cast);
  if ('publication' in def.on) return { on: 'publication', schema: '', name: String(def.on.publication) };
  if ('extension' in def.on) return extensionTarget(def.on.extension, model);
  const on = def.on as Partial<Record<string, string>> & Exclude<CommentOn, { cast: unknown } | { extension: string }>;
  const schema = on.schema ?? def.defaultSchema;
  for (const kind of ROUTINE_KEYS) {
    const name = on[kind];
    if (name === undefined) continue;
    const argumentTypes =
      on.argumentTypes ?? declaredRoutineArguments(model, [kind], schema, name, `comment on ${kind} ${schema}.${name}`);
    return { on: kind, schema, name, argumentTypes };
  }
  const parented: [CommentObjectKind, string][] = [
    ['column', 'table'],
    ['constraint', 'table'],
    ['trigger', 'table'],
    ['rule', 'table'],
    ['policy', 'table'],
    ['domainConstraint', 'domain'],
  ];
  for (const [kind, parentKey] of parented) {
    const name = on[kind];
    if (name !== undefined) return { on: kind, schema, name, parent: on[parentKey] ?? '' };
  }
  for (const kind of [
    'table',
    'view',
    'materializedView',
    'foreignTable',
    'index',
    'sequence',
    'type',
    'textSearchDictionary',
    'textSearchConfiguration',
    'collation',
  ] as const) {
    const name = on[kind];
    if (name !== undefined) return { on: kind, schema, name };
  }
  if (on.schema !== undefined) return { on: 'schema', schema: on.schema, name: on.schema };
  throw invalidModel(
    'metadata.comment()',
    'names no object; pass e.g. { table: "users" } or { index: "users_email_idx" }',
  );
}

/** An extension is named alone; its target holds the schema the model declares it in. */
function extensionTarget(name: string, model: SchemaModel): CommentTarget {
  const extension = model.extensions.find((e) => e.name === name);
  if (extension === undefined)
    throw invalidModel(
      `comment on extension ${name}`,
      'names an extension the model does not declare (metadata.extension())',
    );
  return { on: 'extension', schema: extension.schema, name };
}

/** A cast is in no schema: its target names the source type and, as `parent`, the target type. */
function castTarget(cast: { source: string; target: string }): CommentTarget {
  const { source, target } = cast ?? {};
  if (typeof source !== 'string' || typeof target !== 'string')
    throw invalidModel('metadata.comment()', 'a comment on a cast names it as { cast: { source, target } }');
  return { on: 'cast', schema: '', name: source.trim(), parent: target.trim() };
}

function describe(target: CommentTarget): string {
  if (target.on === 'publication') return `publication ${target.name}`;
  if (target.on === 'cast') return `cast (${target.name} AS ${target.parent ?? ''})`;
  const parent = target.parent === undefined ? '' : ` on ${target.parent}`;
  const args = target.argumentTypes === undefined ? '' : `(${target.argumentTypes})`;
  return `${target.on} ${target.schema}.${target.name}${args}${parent}`;
}

function constraintNames(table: TableModel): string[] {
  return [
    ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
    ...table.uniques.map((u) => u.name),
    ...table.checks.map((c) => c.name),
    ...table.foreignKeys.map((f) => f.name),
    ...(table.exclusions ?? []).map((x) => x.name),
    // PostgreSQL 18 makes NOT NULL a named constraint, which takes a comment like the others.
    ...table.columns.filter((c) => !c.nullable).map((c) => c.notNullName ?? notNullConstraintName(table.name, c.name)),
  ];
}

type NameKind =
  | 'view'
  | 'materializedView'
  | 'anyView'
  | 'foreignTable'
  | 'foreignColumn'
  | 'index'
  | 'domainConstraint'
  | 'sequence'
  | 'type'
  | 'trigger'
  | 'textSearchDictionary'
  | 'textSearchConfiguration'
  | 'collation'
  | 'rule'
  | 'policy'
  | 'cast';

/**
 * The model's objects by schema and name, gathered once for all the comments:
 * a scan of the model for each comment made the build quadratic (a pulled
 * model has a comment on every table and on many columns).
 */
class Declared {
  private readonly tables = new Map<string, TableModel>();
  /** The keys of each kind's objects, gathered when a comment first names that kind. */
  private readonly lists: Record<NameKind, () => readonly string[][]>;
  private readonly names = new Map<NameKind, Set<string>>();

  constructor(model: SchemaModel) {
    for (const t of model.tables)
      if (!this.tables.has(key(t.schema, t.name))) this.tables.set(key(t.schema, t.name), t);
    const views = model.views;
    this.lists = {
      view: () => views.filter((v) => !v.materialized).map((v) => [v.schema, v.name]),
      materializedView: () => views.filter((v) => v.materialized).map((v) => [v.schema, v.name]),
      anyView: () => views.map((v) => [v.schema, v.name]),
      index: () => [
        ...model.tables.flatMap((t) =>
          [...t.indexes.map((i) => i.name), ...constraintNames(t)].map((name) => [t.schema, name]),
        ),
        ...views.flatMap((v) => v.indexes.map((i) => [v.schema, i.name])),
      ],
      domainConstraint: () => model.domains.flatMap((d) => d.checks.map((c) => [d.schema, d.name, c.name])),
      sequence: () => model.sequences.map((q) => [q.schema, q.name]),
      type: () => modelTypes(model).map((t) => [t.schema, t.name]),
      trigger: () => model.triggers.map((t) => [t.schema, t.table, t.name]),
      foreignTable: () => model.foreignTables.map((t) => [t.schema, t.name]),
      foreignColumn: () => model.foreignTables.flatMap((t) => t.columns.map((c) => [t.schema, t.name, c.name])),
      textSearchDictionary: () => model.textSearchDictionaries.map((d) => [d.schema, d.name]),
      textSearchConfiguration: () => model.textSearchConfigurations.map((c) => [c.schema, c.name]),
      collation: () => model.collations.map((c) => [c.schema, c.name]),
      rule: () => model.rules.map((r) => [r.schema, r.table, r.name]),
      policy: () => model.tables.flatMap((t) => (t.policies ?? []).map((p) => [t.schema, t.name, p.name])),
      cast: () => model.casts.map((c) => ['', c.source, c.target]),
    };
  }

  table(schema: string, name: string | undefined): TableModel | undefined {
    return name === undefined ? undefined : this.tables.get(key(schema, name));
  }

  has(kind: NameKind, ...parts: (string | undefined)[]): boolean {
    if (!parts.every((p) => p !== undefined)) return false;
    let names = this.names.get(kind);
    if (names === undefined) {
      names = new Set(this.lists[kind]().map((list) => key(...list)));
      this.names.set(kind, names);
    }
    return names.has(key(...(parts as string[])));
  }

  /** A table's column names; a partition's are its root table's. */
  columnNames(table: TableModel): string[] {
    let root = table;
    const seen = new Set<TableModel>();
    while (root.partitionOf !== undefined && !seen.has(root)) {
      seen.add(root);
      const parent = this.table(root.partitionOf.schema, root.partitionOf.table);
      if (parent === undefined) break;
      root = parent;
    }
    return root.columns.map((c) => c.name);
  }
}

function key(...parts: string[]): string {
  return parts.join('\0');
}

/** Throws unless the target names an object of the model (routines with given argument types are checked later). */
function validateTarget(target: CommentTarget, model: SchemaModel, declared: Declared): void {
  const table = declared.table(target.schema, target.on === 'table' ? target.name : target.parent);
  const exists = ((): boolean => {
    switch (target.on) {
      case 'schema':
        return model.schemas.includes(target.name);
      case 'table':
        return table !== undefined;
      case 'column':
        // A view's columns are known only once the server has read its query.
        if (table !== undefined) return declared.columnNames(table).includes(target.name);
        return (
          declared.has('anyView', target.schema, target.parent) ||
          declared.has('foreignColumn', target.schema, target.parent, target.name)
        );
      case 'foreignTable':
      case 'view':
      case 'materializedView':
        return declared.has(target.on, target.schema, target.name);
      case 'index':
        return declared.has('index', target.schema, target.name);
      case 'constraint':
        return table !== undefined && constraintNames(table).includes(target.name);
      case 'domainConstraint':
        return declared.has('domainConstraint', target.schema, target.parent, target.name);
      case 'sequence':
        return declared.has('sequence', target.schema, target.name);
      case 'type':
        return declared.has('type', target.schema, target.name);
      case 'trigger':
        return declared.has('trigger', target.schema, target.parent, target.name);
      case 'textSearchDictionary':
      case 'textSearchConfiguration':
      case 'collation':
        return declared.has(target.on, target.schema, target.name);
      case 'rule':
      case 'policy':
        return declared.has(target.on, target.schema, target.parent, target.name);
      case 'cast':
        return declared.has('cast', '', target.name, target.parent);
      case 'publication':
        return model.publications.some((p) => p.name === target.name);
      default:
        return true;
    }
  })();
  if (!exists) throw invalidModel(`comment on ${describe(target)}`, 'names an object the model does not declare');
}
