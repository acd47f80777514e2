import type { Operation } from '../../../ops/operation.js';
import type { CommentModel, CommentTarget, SchemaModel, TableModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import { commentObjectKey, isTablePart, undeclaredComment } from '../../../schema/comment-targets.js';
import { commentTargetKey } from '../../../schema/object-keys.js';
import type { CommentObjectKind } from '../../../schema/object-kinds.js';
import { specOf } from '../../../ops/operation-specs.js';
import { notNullConstraintName, ownSequenceName } from '../../../schema/naming.js';

/**
 * The comment operations around the others (the scheduler, `order/schedule.ts`,
 * puts `clears` before and `sets` after them). A comment on an object that
 * the operations drop (for good, or to create it again) is removed first,
 * while the object still exists, so that the downgrade can put it back; it is
 * set again at the end when the object comes back. Every other new, changed
 * or removed comment is set at the end, once every object exists (a comment
 * on the public schema the model does not declare is initdb's, which the
 * reflection leaves out). The scheduler puts each part in order
 * (`order/envelope.ts`).
 */
export function commentSteps(
  current: SchemaModel,
  target: SchemaModel,
  ops: readonly Operation[],
): { clears: Operation[]; sets: Operation[] } {
  const before = new Map(current.comments.map((c) => [commentTargetKey(c.target), c]));
  const after = new Map(target.comments.map((c) => [commentTargetKey(c.target), c]));
  const dropped = droppedObjects(ops, current);
  const removed: Changed[] = [];
  for (const comment of before.values()) {
    const next = after.get(commentTargetKey(comment.target));
    if (dropped(comment.target) || next === undefined || next.text !== comment.text) removed.push({ comment, next });
  }
  const added: CommentModel[] = [];
  for (const [key, comment] of after) if (!before.has(key)) added.push(comment);
  const clears: Operation[] = [];
  const sets: Operation[] = [];
  const set = (list: Operation[], comment: CommentModel, text: string | null, from: string | null): void => {
    list.push({ kind: 'setComment', target: comment.target, comment: text, from });
  };
  for (const { comment, next } of removed) {
    if (dropped(comment.target)) {
      set(clears, comment, null, comment.text);
      if (next !== undefined) set(sets, next, next.text, null);
    } else if (next === undefined) set(sets, comment, undeclaredComment(comment.target), comment.text);
    else set(sets, next, next.text, comment.text);
  }
  for (const comment of added) set(sets, comment, comment.text, undeclaredComment(comment.target));
  return { clears, sets };
}

/** A comment of the current side that is dropped or changes, with the target side's on the same object. */
interface Changed {
  comment: CommentModel;
  next: CommentModel | undefined;
}

/**
 * Kinds whose objects share one name in a schema, which a drop and a target
 * may name differently (a grant `on: 'table'` names a view too; a function's
 * grant an aggregate): each is looked up as the first of its class.
 */
const SAME_NAMES: Partial<Record<CommentObjectKind, CommentObjectKind>> = {
  view: 'table',
  materializedView: 'table',
  foreignTable: 'table',
  procedure: 'function',
  aggregate: 'function',
};

/** A dropped object's key, its kind taken as its class's. */
function droppedKey(target: CommentTarget): string {
  return commentObjectKey({ ...target, on: SAME_NAMES[target.on] ?? target.on });
}

/**
 * Whether the operations drop the object a comment is on (and with it, the
 * comment): the object itself, as each operation's spec says (`drops`), or
 * what it belongs to (its schema, table, domain, or the column that owns a
 * sequence).
 */
export function droppedObjects(ops: readonly Operation[], current: SchemaModel): (target: CommentTarget) => boolean {
  const keys = new Set<string>();
  const notNullName = notNullNamesBefore(current);
  for (const op of ops) {
    for (const target of specOf(op).drops?.(op) ?? []) keys.add(droppedKey(target));
    // A column made nullable loses its NOT NULL constraint (named on PostgreSQL 18), and a comment on it.
    if (op.kind === 'alterColumn' && op.to.nullable === true)
      keys.add(droppedKey({ on: 'constraint', schema: op.schema, parent: op.table, name: notNullName(op) }));
  }
  // Every answer below is whether something is among the drops: with none, nothing is dropped.
  if (keys.size === 0) return () => false;
  const has = (target: CommentTarget): boolean => keys.has(droppedKey(target));
  const relation = (schema: string, name: string): boolean => has({ on: 'table', schema, name });
  // Each map walks every table: made on the first comment on an index or a sequence, if any.
  let indexRelation: Map<string, string> | undefined;
  let implicitSequence: ReturnType<typeof implicitSequences> | undefined;
  return (target): boolean => {
    const { on, schema, name } = target;
    const parent = target.parent ?? '';
    if (schema !== '' && on !== 'schema' && has({ on: 'schema', schema, name: schema })) return true;
    if (has(target)) return true;
    // A part of a table goes with its table; a composite type's attribute with its type.
    if (isTablePart(on))
      return relation(schema, parent) || (on === 'column' && has({ on: 'type', schema, name: parent }));
    if (on === 'index')
      return relation(schema, (indexRelation ??= indexRelations(current)).get(qualifiedKey(schema, name)) ?? '');
    if (on === 'domainConstraint') return has({ on: 'type', schema, name: parent });
    if (on !== 'sequence') return false;
    // A serial or identity column's own sequence goes with its table or column.
    const owner = (implicitSequence ??= implicitSequences(current)).get(qualifiedKey(schema, name));
    return (
      owner !== undefined &&
      (relation(schema, owner.table) || has({ on: 'column', schema, parent: owner.table, name: owner.column }))
    );
  };
}

/** The relation each index (and each key's index) is on, by `schema.index`. */
function indexRelations(model: SchemaModel): Map<string, string> {
  const map = new Map<string, string>();
  for (const table of model.tables) {
    const names = [
      ...table.indexes.map((i) => i.name),
      ...table.uniques.map((u) => u.name),
      ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
    ];
    for (const name of names) map.set(qualifiedKey(table.schema, name), table.name);
  }
  for (const view of model.views)
    for (const index of view.indexes) map.set(qualifiedKey(view.schema, index.name), view.name);
  return map;
}

type ColumnRef = { schema: string; table: string; column: string };

/**
 * The name of the NOT NULL constraint a column has before the change: its
 * own, or Postgres' default. The tables are looked up by key, indexed on
 * first use.
 */
function notNullNamesBefore(current: SchemaModel): (ref: ColumnRef) => string {
  let tables: ReadonlyMap<string, TableModel> | undefined;
  return (ref) => {
    tables ??= new Map(current.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
    const column = tables.get(qualifiedKey(ref.schema, ref.table))?.columns.find((c) => c.name === ref.column);
    return column?.notNullName ?? notNullConstraintName(ref.table, ref.column);
  };
}

/** A serial or identity column's own sequence (named as Postgres names it when the name is free), with its column. */
interface ImplicitSequence {
  readonly schema: string;
  readonly name: string;
  readonly table: string;
  readonly column: string;
}

/** The sequences serial and identity columns have of their own, by schema and name, with their column. */
export function implicitSequences(model: SchemaModel): Map<string, ImplicitSequence> {
  const owners = new Map<string, ImplicitSequence>();
  for (const table of model.tables) {
    for (const column of table.columns) {
      const name = ownSequenceName(table.name, column);
      if (name === null) continue;
      owners.set(qualifiedKey(table.schema, name), {
        schema: table.schema,
        name,
        table: table.name,
        column: column.name,
      });
    }
  }
  return owners;
}
