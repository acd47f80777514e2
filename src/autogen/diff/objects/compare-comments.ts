import type { Operation } from '../../../ops/operation.js';
import type { CommentModel, CommentTarget, SchemaModel, TableModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import { isTablePart } from '../../../schema/comment-targets.js';
import { commentTargetKey, routineKey } from '../../../schema/object-keys.js';
import { operatorArgumentTypes } from '../../../schema/objects/model-operators.js';
import { notNullConstraintName, serialSequenceName } from '../../../schema/naming.js';
import { SERIAL_BASE_TYPES } from '../../../schema/types.js';

/**
 * The comment operations around the others (the scheduler, `order/schedule.ts`,
 * puts `clears` before and `sets` after them). A comment on an object that
 * the operations drop (for good, or to create it again) is removed first,
 * while the object still exists, so that the downgrade can put it back; it is
 * set again at the end when the object comes back. Every other new, changed
 * or removed comment is set at the end, once every object exists. The
 * scheduler puts each part in order (`order/envelope.ts`).
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
    } else if (next === undefined) set(sets, comment, null, comment.text);
    else set(sets, next, next.text, comment.text);
  }
  for (const comment of added) set(sets, comment, comment.text, null);
  return { clears, sets };
}

/** A comment of the current side that is dropped or changes, with the target side's on the same object. */
interface Changed {
  comment: CommentModel;
  next: CommentModel | undefined;
}

/** Whether the operations drop the object a comment is on (and with it, the comment). */
export function droppedObjects(ops: readonly Operation[], current: SchemaModel): (target: CommentTarget) => boolean {
  const keys = new Set<string>();
  const add = (kind: string, ...parts: string[]): void => {
    keys.add(JSON.stringify([kind, ...parts]));
  };
  const notNullName = notNullNamesBefore(current);
  for (const op of ops) recordDrop(op, add, notNullName);
  // Every answer below is whether something is among the drops: with none, nothing is dropped.
  if (keys.size === 0) return () => false;
  const has = (kind: string, ...parts: string[]): boolean => keys.has(JSON.stringify([kind, ...parts]));
  // Each map walks every table: made on the first comment on an index or a sequence, if any.
  let indexRelation: Map<string, string> | undefined;
  let implicitSequence: ReturnType<typeof implicitSequences> | undefined;
  return (target): boolean => {
    const { on, schema, name } = target;
    const parent = target.parent ?? '';
    if (schema !== '' && on !== 'schema' && has('schema', schema)) return true;
    // A part of a table goes with its table, or alone.
    if (isTablePart(on)) return has('relation', schema, parent) || has(on, schema, parent, name);
    switch (on) {
      case 'schema':
        return has('schema', name);
      case 'table':
      case 'view':
      case 'materializedView':
      case 'foreignTable':
        return has('relation', schema, name);
      case 'collation':
        return has('collation', schema, name);
      case 'cast':
        return has('cast', name, parent);
      case 'extension':
        return has('extension', name);
      case 'index':
        return (
          has('index', schema, name) ||
          has('relation', schema, (indexRelation ??= indexRelations(current)).get(qualifiedKey(schema, name)) ?? '')
        );
      case 'sequence': {
        if (has('sequence', schema, name)) return true;
        // A serial or identity column's own sequence goes with its table or column.
        const owner = (implicitSequence ??= implicitSequences(current)).get(qualifiedKey(schema, name));
        return (
          owner !== undefined &&
          (has('relation', schema, owner.table) || has('column', schema, owner.table, owner.column))
        );
      }
      case 'type':
        return has('type', schema, name);
      case 'domainConstraint':
        return has('type', schema, parent);
      case 'textSearchDictionary':
      case 'textSearchConfiguration':
      // A table's drop drops its statistics first (dropStatistics).
      case 'statistics':
        return has(on, schema, name);
      case 'operator':
        return has('operator', schema, name, target.argumentTypes ?? '');
      case 'publication':
      case 'eventTrigger':
        return has(on, name);
      case 'function':
      case 'procedure':
      case 'aggregate':
        return has('routine', routineKey(schema, name, target.argumentTypes ?? ''));
    }
  };
}

function recordDrop(
  op: Operation,
  add: (kind: string, ...parts: string[]) => void,
  notNullName: (column: ColumnRef) => string,
): void {
  switch (op.kind) {
    case 'alterColumn':
      // A column made nullable loses its NOT NULL constraint (named on PostgreSQL 18), and a comment on it.
      if (op.to.nullable === true) add('constraint', op.schema, op.table, notNullName(op));
      return undefined;
    case 'dropSchema':
      return add('schema', op.schema);
    case 'dropTable':
    case 'dropView':
      return add('relation', op.schema, op.name);
    case 'dropColumn':
      return add('column', op.schema, op.table, op.column);
    case 'dropForeignTable':
      return add('relation', op.schema, op.name);
    case 'alterForeignTable': {
      const kept = new Set(op.to.columns.map((c) => c.name));
      for (const column of op.from.columns) if (!kept.has(column.name)) add('column', op.schema, op.name, column.name);
      return undefined;
    }
    case 'dropConstraint':
      add('constraint', op.schema, op.table, op.name);
      return add('index', op.schema, op.name);
    case 'dropIndex':
      return add('index', op.schema, op.name);
    case 'dropTrigger':
      return add('trigger', op.schema, op.table, op.name);
    case 'dropFunction':
      return add('routine', routineKey(op.schema, op.name, op.argumentTypes));
    case 'dropSequence':
      return add('sequence', op.schema, op.name);
    case 'dropOperator':
      return add('operator', op.schema, op.name, operatorArgumentTypes(op));
    case 'dropEnum':
    case 'dropDomain':
    case 'dropCompositeType':
    case 'dropRangeType':
    case 'replaceEnum':
      return add('type', op.schema, op.name);
    case 'dropTextSearchDictionary':
      return add('textSearchDictionary', op.schema, op.name);
    case 'dropTextSearchConfiguration':
      return add('textSearchConfiguration', op.schema, op.name);
    case 'dropCollation':
      return add('collation', op.schema, op.name);
    case 'dropExtension':
      return add('extension', op.name);
    case 'dropRule':
      return add('rule', op.schema, op.table, op.name);
    case 'dropPolicy':
      return add('policy', op.schema, op.table, op.name);
    case 'dropCast':
      return add('cast', op.source, op.target);
    case 'dropPublication':
      return add('publication', op.name);
    case 'dropEventTrigger':
      return add('eventTrigger', op.name);
    case 'dropStatistics':
      return add('statistics', op.schema, op.name);
    default:
      return undefined;
  }
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

/** The sequences serial and identity columns have of their own, by schema and name, with their column. */
function implicitSequences(model: SchemaModel): Map<string, { table: string; column: string }> {
  const owners = new Map<string, { table: string; column: string }>();
  for (const table of model.tables) {
    for (const column of table.columns) {
      if (column.identity === null && SERIAL_BASE_TYPES[column.type] === undefined) continue;
      owners.set(qualifiedKey(table.schema, serialSequenceName(table.name, column.name)), {
        table: table.name,
        column: column.name,
      });
    }
  }
  return owners;
}
