import { invalidModel } from '../dsl/invalid-model.js';
import type { Metadata } from '../dsl/metadata.js';
import { declaredComments, type CommentDef } from '../dsl/objects/objects.js';
import type {
  CommentModel,
  CommentTarget,
  InheritedTableModel,
  RoutineKind,
  SchemaModel,
  TableModel,
} from '../model.js';
import { inheritedFrom } from '../model-index.js';
import {
  COMMENT_TARGETS,
  commentParentKey,
  commentTargetFinder,
  hasCommentParent,
  isDeclaredComment,
  type ListedCommentKind,
} from '../comment-targets.js';
import { isCommentForm, kindWord, type CommentObjectKind } from '../object-kinds.js';
import { commentTargetKey, compareCommentTargets } from '../object-keys.js';
import { declaredRoutineArguments } from './declared-routine.js';

/**
 * Every comment the metadata declares: `.comment()` on columns, `comment`
 * options of tables, enums and other objects, and `metadata.comment()`. Each
 * must name an object of the model; names are final here, except a routine's
 * argument types, which canonicalization fills in. A comment '' is none
 * (Postgres keeps no empty comment), kept only on the public schema.
 */
export function buildComments(metadata: Metadata, model: SchemaModel): CommentModel[] {
  const comments: CommentModel[] = [];
  const add = (target: CommentTarget, text: string | undefined | null): void => {
    if (text !== undefined && text !== null && isDeclaredComment(target, text)) comments.push({ target, text });
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
  for (const def of objects.comments) add(commentTarget(def, model), def.text);

  const seen = new Set<string>();
  const declared = new Declared(model);
  for (const comment of comments) {
    const key = commentTargetKey(comment.target);
    if (seen.has(key)) throw invalidModel(`comment on ${describe(comment.target)}`, 'is given twice; keep one');
    seen.add(key);
    validateTarget(comment.target, declared);
  }
  return comments.sort((a, b) => compareCommentTargets(a.target, b.target));
}

const ROUTINE_KEYS: readonly RoutineKind[] = ['function', 'procedure', 'aggregate'];

/**
 * The kind of object a `metadata.comment()` target names: its key that is a
 * kind of comment target (`COMMENT_TARGETS`), the one that belongs to a table
 * or domain first (`{ column, table }` names a column of the table); the
 * schema when no other key names one.
 */
function commentKindOf(on: Partial<Record<string, unknown>>): CommentObjectKind | undefined {
  const named = Object.keys(on).filter(
    (key): key is CommentObjectKind => Object.hasOwn(COMMENT_TARGETS, key) && key !== 'schema',
  );
  return named.find(hasCommentParent) ?? named[0] ?? (on.schema === undefined ? undefined : 'schema');
}

/** The target of a `metadata.comment()` call; a routine without argument types must be the only one of its name. */
function commentTarget(def: CommentDef, model: SchemaModel): CommentTarget {
  if ('cast' in def.on) return castTarget(def.on.cast);
  const on = def.on as Partial<Record<string, string>>;
  const kind = commentKindOf(on);
  if (kind === undefined)
    throw invalidModel(
      'metadata.comment()',
      'names no object; pass e.g. { table: "users" } or { index: "users_email_idx" }',
    );
  const name = String(on[kind]);
  if (kind === 'extension') return extensionTarget(name, model);
  if (kind === 'schema') return { on: kind, schema: name, name };
  // Named alone: an object in no schema.
  if (isCommentForm(kind, 'bare')) return { on: kind, schema: '', name };
  const schema = on.schema ?? def.defaultSchema;
  if (isRoutineKey(kind)) {
    const argumentTypes =
      on.argumentTypes ?? declaredRoutineArguments(model, [kind], schema, name, `comment on ${kind} ${schema}.${name}`);
    return { on: kind, schema, name, argumentTypes };
  }
  if (hasCommentParent(kind)) return { on: kind, schema, name, parent: on[commentParentKey(kind)] ?? '' };
  return { on: kind, schema, name, ...(on.argumentTypes === undefined ? {} : { argumentTypes: on.argumentTypes }) };
}

function isRoutineKey(kind: CommentObjectKind): kind is RoutineKind {
  return (ROUTINE_KEYS as readonly string[]).includes(kind);
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
  if (target.schema === '' && isCommentForm(target.on, 'bare')) return `${kindWord(target.on)} ${target.name}`;
  if (target.on === 'cast') return `cast (${target.name} AS ${target.parent ?? ''})`;
  if (target.on === 'schema') return `schema ${target.name}`;
  const parent = target.parent === undefined ? '' : ` on ${target.parent}`;
  const args = target.argumentTypes === undefined ? '' : `(${target.argumentTypes})`;
  return `${target.on} ${target.schema}.${target.name}${args}${parent}`;
}

/**
 * Whether the model holds the objects comments name, found through the
 * schema's table of comment targets; a column is found here, by its table's
 * columns (its own and those it inherits; a partition's are its root
 * table's), or as any column of a view (whose columns are known only once
 * the server has read its query) or one of a foreign table's or a composite
 * type's attributes.
 */
class Declared {
  private readonly tables = new Map<string, TableModel>();
  readonly holds: (on: ListedCommentKind, target: CommentTarget) => boolean;
  private views: Set<string> | undefined;
  /** A foreign table's columns and a composite type's attributes, by schema, relation and name. */
  private otherColumns: Set<string> | undefined;

  constructor(private readonly model: SchemaModel) {
    for (const t of model.tables)
      if (!this.tables.has(key(t.schema, t.name))) this.tables.set(key(t.schema, t.name), t);
    this.holds = commentTargetFinder(model);
  }

  table(schema: string, name: string | undefined): TableModel | undefined {
    return name === undefined ? undefined : this.tables.get(key(schema, name));
  }

  hasColumn(target: CommentTarget): boolean {
    const table = this.table(target.schema, target.parent);
    if (table !== undefined) return this.columnNames(table).includes(target.name);
    if (target.parent === undefined) return false;
    this.views ??= new Set(this.model.views.map((v) => key(v.schema, v.name)));
    this.otherColumns ??= new Set([
      ...this.model.foreignTables.flatMap((t) => t.columns.map((c) => key(t.schema, t.name, c.name))),
      ...this.model.composites.flatMap((t) => t.attributes.map((a) => key(t.schema, t.name, a.name))),
    ]);
    return (
      this.views.has(key(target.schema, target.parent)) ||
      this.otherColumns.has(key(target.schema, target.parent, target.name))
    );
  }

  /** A table's column names, its own and those it inherits (`inheritedFrom`); a partition's are its root table's. */
  private columnNames(table: TableModel): string[] {
    let root = table;
    const seen = new Set<TableModel>();
    while (root.partitionOf !== undefined && !seen.has(root)) {
      seen.add(root);
      const parent = this.table(root.partitionOf.schema, root.partitionOf.table);
      if (parent === undefined) break;
      root = parent;
    }
    const tableOf = (p: InheritedTableModel): TableModel | undefined => this.table(p.schema, p.table);
    return inheritedFrom(tableOf, { schema: root.schema, table: root.name }, (t) => t.columns).map((c) => c.name);
  }
}

function key(...parts: string[]): string {
  return parts.join('\0');
}

/** Throws unless the target names an object of the model (routines with given argument types are checked later). */
function validateTarget(target: CommentTarget, declared: Declared): void {
  const exists = ((): boolean => {
    switch (target.on) {
      case 'column':
        return declared.hasColumn(target);
      case 'function':
      case 'procedure':
      case 'aggregate':
      case 'operator':
        // Their argument types are canonical only once the server has read them; canonicalization checks them.
        return true;
      case 'extension':
        // Its target was made from the model's extension of that name (`extensionTarget`).
        return true;
      default:
        return declared.holds(target.on, target);
    }
  })();
  if (!exists) throw invalidModel(`comment on ${describe(target)}`, 'names an object the model does not declare');
}
