import { columnIds, idKind, objectId, partOfId, type ObjectId } from '../../../schema/object-id.js';
import { dependentsOf } from '../../../schema/model-index.js';
import type { Operation } from '../../../ops/operation.js';
import type { ComputedBy } from '../../../ops/objects/view-routine-operations.js';
import type { DependencyRef, FunctionModel, SchemaModel, ViewModel } from '../../../schema/model.js';
import { qualifiedKey, qualifiedKeyText } from '../../../schema/model.js';
import { dependencyKey, routineKey } from '../../../schema/object-keys.js';
import { compareIndexes } from '../compare-indexes.js';
import { clusterOnSteps } from '../compare-table-features.js';
import { columnsOf, type TablesComparison } from '../compare-tables.js';
import { sameValue } from '../compare-values.js';
import { dependents, reachable } from '../../graph/reach.js';
import { mergedColumns, withPartitionColumns } from '../../graph/partition-columns.js';
import { hasSqlStandardBody } from '../../../sql/routine-body.js';

/**
 * Views, materialized views and routines, compared together because they
 * depend on each other and on tables. A routine that uses no relation
 * (directly or through another routine) is "early": created before tables,
 * so that defaults and checks may call it, and dropped after them. Views and
 * the other routines are "late": created after tables, dropped before them.
 * Anything that depends on an object being dropped and created again, or on
 * a table whose columns are dropped or change type, is dropped and created
 * again as well.
 */
export interface ViewsAndRoutinesSteps {
  /** Drops of late objects and of objects created again, dependents first; index drops of materialized views. */
  first: Operation[];
  /** Creations and replacements of early routines, prerequisites first. */
  beforeTables: Operation[];
  /** Creations and replacements of late objects, prerequisites first; index creations of materialized views. */
  afterTables: Operation[];
  /** Drops of early routines that go for good, dependents first. */
  lateDrops: Operation[];
  /** Views dropped (`schema.name`), whether or not they come back. */
  droppedRelations: Set<string>;
  /** Routines dropped, whether or not they come back. */
  droppedRoutines: ObjectId[];
}

type Item = { kind: 'view'; view: ViewModel } | { kind: 'routine'; routine: FunctionModel };

/** A view or routine and the keys of what it depends on. */
interface Node {
  key: string;
  dependsOn: string[];
  item: Item;
  /** Whether it uses a relation, directly or through another routine. */
  late: boolean;
}

function nodesOf(model: SchemaModel): Map<string, Node> {
  const nodes = new Map<string, Node>();
  const refs = (list: readonly DependencyRef[]): string[] => list.map(dependencyKey);
  for (const view of model.views) {
    nodes.set(qualifiedKey(view.schema, view.name), {
      key: qualifiedKey(view.schema, view.name),
      dependsOn: refs(view.dependsOn),
      item: { kind: 'view', view },
      late: true,
    });
  }
  for (const routine of model.functions) {
    const key = routineKey(routine.schema, routine.name, routine.argumentTypes);
    const late = routine.dependsOn.some((ref) => ref.argumentTypes === undefined);
    nodes.set(key, { key, dependsOn: refs(routine.dependsOn), item: { kind: 'routine', routine }, late });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const node of nodes.values()) {
      if (!node.late && node.dependsOn.some((key) => nodes.get(key)?.late === true)) {
        node.late = true;
        changed = true;
      }
    }
  }
  return nodes;
}

const VIEW_COLUMNS_NOTE = "its columns change, and CREATE OR REPLACE VIEW cannot change a view's columns";
const MATERIALIZED_NOTE = 'a materialized view cannot be replaced in place';
const ROUTINE_NOTE = 'its arguments or result change, which CREATE OR REPLACE cannot do';

/**
 * Why an object present on both sides must be dropped and created again, or
 * null when it can be replaced or stays. A view gaining columns at its end is
 * replaced with `appendInPlace` (CREATE OR REPLACE VIEW appends them).
 */
function recreateReason(before: Item, after: Item, appendInPlace: boolean): string | null {
  if (before.kind === 'view' && after.kind === 'view') {
    const a = before.view;
    const b = after.view;
    if (a.materialized !== b.materialized) return 'it changes between view and materialized view';
    if (a.definition === b.definition && sameValue(a.options, b.options)) return null;
    // A materialized view has no column defaults; a view's change in place with CREATE OR REPLACE.
    if (b.materialized) return MATERIALIZED_NOTE;
    return sameValue(a.columns, b.columns) || (appendInPlace && gainsEndColumns(a, b)) ? null : VIEW_COLUMNS_NOTE;
  }
  if (before.kind === 'routine' && after.kind === 'routine') {
    const a = before.routine;
    const b = after.routine;
    if (a.definition === b.definition) return null;
    return a.kind === b.kind && a.arguments === b.arguments && a.result === b.result ? null : ROUTINE_NOTE;
  }
  return 'its kind changes';
}

/** Whether `after` has the columns of `before`, as they are, and more after them: no materialized view does. */
export function gainsEndColumns(before: ViewModel, after: ViewModel): boolean {
  return (
    !before.materialized &&
    !after.materialized &&
    after.columns.length > before.columns.length &&
    before.columns.every((column, i) => sameValue(column, after.columns[i]))
  );
}

function changed(before: Item, after: Item): boolean {
  if (before.kind === 'view' && after.kind === 'view') {
    const { view: a } = before;
    const { view: b } = after;
    return (
      a.materialized !== b.materialized ||
      a.definition !== b.definition ||
      !sameValue(a.options, b.options) ||
      !sameValue(a.columnDefaults ?? {}, b.columnDefaults ?? {})
    );
  }
  return (
    before.kind === 'routine' && after.kind === 'routine' && before.routine.definition !== after.routine.definition
  );
}

function describeKey(item: Item): string {
  if (item.kind === 'view')
    return `${item.view.materialized ? 'materialized view' : 'view'} ${item.view.schema}.${item.view.name}`;
  const r = item.routine;
  return `${r.kind} ${r.schema}.${r.name}(${r.argumentTypes})`;
}

/**
 * What uses an enum that is replaced around the comparison (or gains values,
 * which the downgrade removes by replacing it), as the enum plan finds it.
 */
export interface EnumReplacementUses {
  /** The keys of the views and routines that use a replaced enum directly. */
  objects: readonly string[];
  /** The columns converted to a replaced enum, by table (`qualifiedKey`), a partitioned table's partitions included. */
  columns: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * `enumUses` names what uses a replaced enum: those views and routines, and
 * those that use a table with columns converted, are dropped before and
 * created again after. `usesRecreated` tells the views and routines that use
 * an object dropped and created again around them (an operator): they are
 * dropped before and created again after, with what depends on them. A view
 * gaining columns at its end is replaced in place with `appendInPlace`, when
 * no routine uses it.
 */
export function compareViewsAndRoutines(
  current: SchemaModel,
  target: SchemaModel,
  tables: TablesComparison,
  enumUses: EnumReplacementUses,
  appendInPlace: boolean,
  usesRecreated?: { view: (view: ViewModel) => boolean; routine: (routine: FunctionModel) => boolean },
): ViewsAndRoutinesSteps {
  const before = nodesOf(current);
  const after = nodesOf(target);
  // A routine's stored body (BEGIN ATOMIC) keeps the columns a view had: a view a routine uses is not appended to.
  const routineUsed = new Set(
    [...before.values()].flatMap((node) => (node.item.kind === 'routine' ? node.dependsOn : [])),
  );
  const notes = new Map<string, string>();
  const drop = new Set<string>();
  const create = new Set<string>();
  const replace = new Set<string>();
  for (const [key, node] of before) {
    const next = after.get(key);
    if (next === undefined) drop.add(key);
    else if (changed(node.item, next.item)) {
      const reason = recreateReason(node.item, next.item, appendInPlace && !routineUsed.has(key));
      if (reason === null) replace.add(key);
      else {
        drop.add(key);
        create.add(key);
        notes.set(key, `${describeKey(next.item)} is dropped and created again: ${reason}.`);
      }
    }
  }
  for (const key of after.keys()) if (!before.has(key)) create.add(key);
  recreateEnumUsers(enumUses.objects, before, after, { drop, create, replace, notes });
  if (usesRecreated !== undefined) {
    const users = [...before.values()]
      .filter((n) => (n.item.kind === 'view' ? usesRecreated.view(n.item.view) : usesRecreated.routine(n.item.routine)))
      .map((n) => n.key);
    recreateUsers(
      users,
      before,
      after,
      { drop, create, replace, notes },
      'it uses an operator that is dropped and created again.',
    );
  }
  cascade(before, after, { ...tables, current }, { drop, create, replace, notes }, enumUses.columns);
  return withComputedBy(steps(before, after, { drop, create, replace, notes }), current);
}

/**
 * Each routine replaced in place with what the database computed with its
 * old body and keeps (`computedBy`): the indexes, generated columns and
 * constraints calling it, and the materialized views calling it, themselves
 * or through plain views, as the catalog records them.
 */
function withComputedBy(result: ViewsAndRoutinesSteps, current: SchemaModel): ViewsAndRoutinesSteps {
  const { usersOf } = dependentsOf(current);
  // The views by what their queries use (`dependsOn`, by `dependencyKey`), read once a routine is replaced.
  let viewsUsing: Map<string, ViewModel[]> | undefined;
  const usingOf = (key: string): ViewModel[] => {
    if (viewsUsing === undefined) {
      viewsUsing = new Map();
      for (const view of current.views)
        for (const ref of view.dependsOn) {
          const at = dependencyKey(ref);
          viewsUsing.set(at, [...(viewsUsing.get(at) ?? []), view]);
        }
    }
    return viewsUsing.get(key) ?? [];
  };
  const materializedOver = (key: string, seen: Set<string>): ComputedBy[] =>
    usingOf(key).flatMap((view): ComputedBy[] => {
      const own = qualifiedKey(view.schema, view.name);
      if (seen.has(own)) return [];
      seen.add(own);
      return view.materialized
        ? [{ kind: 'materializedView', schema: view.schema, name: view.name }]
        : materializedOver(own, seen);
    });
  const mark = (op: Operation): Operation => {
    if (op.kind !== 'replaceFunction') return op;
    const { schema, name, argumentTypes } = op.function;
    const computedBy = [
      ...usersOf(objectId('routine', schema, name, argumentTypes)).flatMap((id): ComputedBy[] => {
        const kind = idKind(id);
        const part = partOfId(id);
        if (part === undefined) return [];
        switch (kind) {
          case 'index':
          case 'column':
          case 'constraint':
            return [{ kind, ...part }];
          default:
            return [];
        }
      }),
      ...materializedOver(routineKey(schema, name, argumentTypes), new Set()),
    ];
    return computedBy.length === 0 ? op : { ...op, computedBy };
  };
  return { ...result, beforeTables: result.beforeTables.map(mark), afterTables: result.afterTables.map(mark) };
}

interface Decisions {
  drop: Set<string>;
  create: Set<string>;
  replace: Set<string>;
  notes: Map<string, string>;
}

/** Objects that name an enum being replaced (or take or return it) are dropped before and created again after. */
function recreateEnumUsers(
  keys: readonly string[],
  before: Map<string, Node>,
  after: Map<string, Node>,
  d: Decisions,
): void {
  const why =
    'it uses an enum that is replaced (or gains values, which its downgrade removes by replacing it), or a column converted to it.';
  recreateUsers(keys, before, after, d, why);
}

/** Objects on both sides that use something dropped and created again around them: dropped before and created again after. */
function recreateUsers(
  keys: readonly string[],
  before: Map<string, Node>,
  after: Map<string, Node>,
  d: Decisions,
  why: string,
): void {
  for (const key of keys) {
    const next = after.get(key);
    if (!before.has(key) || next === undefined || d.drop.has(key)) continue;
    d.drop.add(key);
    d.create.add(key);
    d.replace.delete(key);
    d.notes.set(key, `${describeKey(next.item)} is dropped and created again: ${why}`);
  }
}

/**
 * Objects that use what is dropped (a view or routine, a table, a column
 * dropped or retyped, on a table or a partition below it, or a table with
 * columns converted to a replaced enum: `converted`) are dropped and created
 * again. Which views read which columns is the catalog's (`pg_depend`,
 * through the current side's `dependencies`): a view over a changed table
 * that reads none of its changed columns stays.
 */
function cascade(
  before: Map<string, Node>,
  after: Map<string, Node>,
  tables: TablesComparison & { current: SchemaModel },
  d: Decisions,
  converted: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): void {
  // Only views and routines are dropped here: with none, there is nothing to follow.
  if (before.size === 0) return;
  const changedColumns = columnsOf(
    tables.changes,
    (op) =>
      op.kind === 'dropColumn' ||
      (op.kind === 'alterColumn' && (op.to.type !== undefined || op.to.generated !== undefined)),
  );
  // A column moved between a parent and children that keep it as their own, or give theirs up to it: the
  // children's column is made anew (the copy of the values goes through another column of theirs).
  // The partitions below such a table (any depth) have their columns dropped or retyped with it; and the
  // columns a replaced enum's conversion retypes (their partitions' among them) are changed too.
  const columns = mergedColumns([
    withPartitionColumns(mergedColumns([changedColumns, movedColumns(tables.changes)]), tables.current.tables),
    converted,
  ]);
  const dropped = tables.drop.map((table) => qualifiedKey(table.schema, table.name));
  const edges = dependents([...before.values()]);
  // From a table whose columns change, only to the views that read them.
  const whole = new Set(dropped);
  for (const [table, names] of columns) {
    if (!whole.has(table))
      edges.set(table, columnReaders(tables.current, table, names, edges.get(table) ?? [], before));
  }
  const causes = [...d.drop, ...dropped, ...columns.keys()];
  for (const key of reachable(causes, edges)) {
    const node = before.get(key);
    if (node === undefined || d.drop.has(key)) continue;
    d.drop.add(key);
    d.replace.delete(key);
    const next = after.get(key);
    if (next === undefined) continue;
    d.create.add(key);
    const cause = causes.find((c) => reachable([c], edges).has(key)) ?? '';
    d.notes.set(
      key,
      `${describeKey(next.item)} is dropped and created again: it depends on ${qualifiedKeyText(cause)}, which is dropped or changes its columns.`,
    );
  }
}

/**
 * The columns of the children that a column's move between them and their
 * parent makes anew (`keptBy` of a parent's dropped column, `takenFrom` of
 * one added to it), by table.
 */
function movedColumns(changes: TablesComparison['changes']): Map<string, Set<string>> {
  const moved = new Map<string, Set<string>>();
  for (const { op } of changes) {
    const children = op.kind === 'dropColumn' ? op.keptBy : op.kind === 'addColumn' ? op.takenFrom : undefined;
    const name = op.kind === 'dropColumn' ? op.column : op.kind === 'addColumn' ? op.column.name : undefined;
    if (children === undefined || name === undefined) continue;
    for (const child of children) {
      const key = qualifiedKey(child.schema, child.table);
      moved.set(key, new Set([...(moved.get(key) ?? []), name]));
    }
  }
  return moved;
}

/**
 * Of `users` (the keys of what uses `table`), the views that read one of its
 * columns `names`, as the catalog records it, and the routines with a
 * SQL-standard body (whose uses of columns the reading does not say); all of
 * them where the side has not read what uses what (a model built from code).
 * A routine whose body is a string uses the table only as a type of its
 * signature (its row type), which stands in the way of no column change.
 */
function columnReaders(
  model: SchemaModel,
  table: string,
  names: ReadonlySet<string>,
  users: readonly string[],
  nodes: Map<string, Node>,
): string[] {
  const { usersOf } = dependentsOf(model);
  const readers = new Set([...columnIds(new Map([[table, names]]))].flatMap((column) => usersOf(column)));
  if (model.dependencies === undefined) return [...users];
  return users.filter((key) => {
    const item = nodes.get(key)?.item;
    if (item?.kind === 'routine') return hasSqlStandardBody(item.routine.definition);
    return item?.kind !== 'view' || readers.has(objectId('view', item.view.schema, item.view.name));
  });
}

function steps(before: Map<string, Node>, after: Map<string, Node>, d: Decisions): ViewsAndRoutinesSteps {
  const droppedNodes = [...before.values()].filter((n) => d.drop.has(n.key));
  const result: ViewsAndRoutinesSteps = {
    first: [],
    beforeTables: [],
    afterTables: [],
    lateDrops: [],
    droppedRelations: new Set(droppedNodes.filter((n) => n.item.kind === 'view').map((n) => n.key)),
    droppedRoutines: droppedNodes.flatMap((n) => {
      if (n.item.kind !== 'routine') return [];
      const { schema, name, argumentTypes } = n.item.routine;
      return [objectId('routine', schema, name, argumentTypes)];
    }),
  };
  // An early routine that goes while an overload of its name comes goes first: the calls that stay would
  // resolve to the new one, and the two side by side make them ambiguous. What calls it moves around it
  // (routine-dependents.ts).
  const overloaded = new Set(
    [...after.values()].flatMap((n) => (n.item.kind === 'routine' && !before.has(n.key) ? [routineName(n)] : [])),
  );
  // The scheduler orders them by what they use (order/slots.ts), as it does the creates below.
  for (const node of droppedNodes) {
    const op = dropOp(node.item, d.notes.get(node.key));
    const replacedByOverload = !after.has(node.key) && overloaded.has(routineName(node));
    if (node.late || d.create.has(node.key) || replacedByOverload) result.first.push(op);
    else result.lateDrops.push(op);
  }
  for (const node of [...after.values()].filter((n) => d.create.has(n.key) || d.replace.has(n.key))) {
    const old = before.get(node.key);
    const op =
      d.replace.has(node.key) && old !== undefined
        ? replaceOp(old.item, node.item)
        : createOp(node.item, d.notes.get(node.key));
    (node.late ? result.afterTables : result.beforeTables).push(op);
  }
  for (const [key, node] of after) {
    const old = before.get(key);
    if (old === undefined || d.drop.has(key) || old.item.kind !== 'view' || node.item.kind !== 'view') continue;
    const { schema, name: table } = node.item.view;
    const indexes = compareIndexes(old.item.view.indexes, node.item.view.indexes);
    result.first.push(
      ...indexes.drop.map((index): Operation => ({
        kind: 'dropIndex',
        schema,
        table,
        name: index.name,
        removed: index,
      })),
    );
    result.afterTables.push(...indexes.add.map((index): Operation => ({ kind: 'createIndex', schema, table, index })));
    const to = node.item.view.clusterOn;
    const rebuilt = indexes.add.some((index) => index.name === to);
    result.afterTables.push(...clusterOnSteps(node.item.view, old.item.view.clusterOn, to, rebuilt));
  }
  return result;
}

/** A routine's schema and name, whatever its arguments; '' for a view. */
function routineName(node: Node): string {
  return node.item.kind === 'routine' ? qualifiedKey(node.item.routine.schema, node.item.routine.name) : '';
}

function dropOp(item: Item, note: string | undefined): Operation {
  const withNote = note === undefined ? {} : { note };
  if (item.kind === 'view') {
    const { view } = item;
    return {
      kind: 'dropView',
      schema: view.schema,
      name: view.name,
      materialized: view.materialized,
      removed: view,
      ...withNote,
    };
  }
  const { routine } = item;
  return {
    kind: 'dropFunction',
    schema: routine.schema,
    name: routine.name,
    routine: routine.kind,
    argumentTypes: routine.argumentTypes,
    removed: routine,
    ...withNote,
  };
}

function createOp(item: Item, note: string | undefined): Operation {
  const withNote = note === undefined ? {} : { note };
  return item.kind === 'view'
    ? { kind: 'createView', view: item.view, ...withNote }
    : { kind: 'createFunction', function: item.routine, ...withNote };
}

function replaceOp(before: Item, after: Item): Operation {
  if (before.kind === 'view' && after.kind === 'view')
    return { kind: 'replaceView', view: after.view, from: before.view };
  if (before.kind === 'routine' && after.kind === 'routine')
    return { kind: 'replaceFunction', function: after.routine, from: before.routine };
  throw new Error('an object cannot be replaced by one of another kind');
}
