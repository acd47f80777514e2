import type { Operation } from '../../ops/operation.js';
import type { ColumnChange } from '../../ops/families/columns.js';
import type { SchemaModel, TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { tableConstraints } from '../diff/compare-constraints.js';
import { modelIndex } from '../../schema/model-index.js';
import { idKind, objectId, operatorClassId, operatorId, partId, type ObjectId } from '../../schema/object-id.js';
import { blockedClosure, changed } from '../graph/closure.js';
import { withAround, type Step } from '../steps.js';
import { firstSteps } from '../order/slots.js';
import { nameOfStep, tableOfStep, type TablesComparison, type TableStep } from '../diff/compare-tables.js';
import { withRecreatedPolicies } from './recreated-table-parts.js';

/**
 * A routine dropped before the tables change (one created again because its
 * arguments or result change, or a late one that goes) cannot be dropped
 * while a table's check, exclusion, index, default or generated column calls
 * it. Those are taken out of the table comparison and handed to the
 * scheduler as the steps around the changes for `routineCallers`: dropped
 * before everything else and created again, in their target form, after
 * everything else (after the routine is created again). So are the constraints and indexes
 * on such a generated column. Policies calling it, or using such a
 * generated column, are dropped first and created last. What is in the way
 * is the closure rule's (`blockedClosure`) over what the database's catalog
 * records. (Triggers calling it, as their function or in `WHEN`, are the
 * trigger comparison's, which asks the same rule.)
 * An operator or operator class dropped before the tables change (to be
 * created again) is treated the same: what the catalog records as using it
 * (an expression calling the operator, an exclusion constraint or foreign
 * key's operators, an index or key of the class, named or the default one,
 * and the foreign keys on such a key) moves around it.
 */

export interface RoutineDependentsParts {
  tables: TablesComparison;
  features: readonly Step[];
  objects: readonly Step[];
}

/**
 * The routines, operators and operator classes dropped with
 * `objects.first`: they are gone before any table changes.
 */
export function droppedFirst(objects: readonly Step[]): ObjectId[] {
  return firstSteps(objects).flatMap((op): ObjectId[] => {
    switch (op.kind) {
      case 'dropFunction':
        return [objectId('routine', op.schema, op.name, op.argumentTypes)];
      case 'dropOperator':
        return [operatorId(op)];
      case 'dropOperatorClass':
        return [operatorClassId(op)];
      default:
        return [];
    }
  });
}

export function withRoutineDependents(
  parts: RoutineDependentsParts,
  sides: {
    tables: { current: readonly TableModel[]; target: readonly TableModel[] };
    current: SchemaModel;
    target: SchemaModel;
  },
): RoutineDependentsParts {
  const dropped = droppedFirst(parts.objects);
  if (dropped.length === 0) return parts;
  const targets = new Map(sides.tables.target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  // The tables both sides have: what is on them moves.
  const pairs = sides.tables.current.flatMap((before) => {
    const after = targets.get(qualifiedKey(before.schema, before.name));
    return after === undefined ? [] : [{ before, after }];
  });
  const inWay = callers(sides.current, pairs, dropped);
  const features = withRecreatedPolicies(
    parts.features,
    { current: sides.current.tables, target: sides.target.tables },
    (policy, table) => inWay(partId('policy', table, policy.name)),
    'routinePolicies',
  );
  const rest = new Map<string, (step: TableStep) => TableStep[]>();
  const drops: Operation[] = [];
  const creates: Operation[] = [];
  for (const { before, after } of pairs) {
    const moved = moveCallers(before, after, inWay);
    if (moved === null) continue;
    drops.push(...moved.early);
    creates.push(...moved.late);
    rest.set(qualifiedKey(before.schema, before.name), moved.rest);
  }
  if (drops.length === 0) return { ...parts, features };
  const changes = parts.tables.changes.flatMap((step) => rest.get(tableOfStep(step))?.(step) ?? [step]);
  return {
    tables: { ...parts.tables, changes },
    features,
    objects: withAround(parts.objects, 'routineCallers', { drops, creates }),
  };
}

/**
 * What is in the way of the routines, operators and operator classes dropped
 * first, as the catalog records it (the closure rule, which also takes what
 * is on a generated column that moves): whether an object of the current
 * side is.
 */
function callers(
  current: SchemaModel,
  pairs: readonly { before: TableModel }[],
  dropped: readonly ObjectId[],
): (id: ObjectId) => boolean {
  const columns = new Set(
    pairs.flatMap(({ before: t }) =>
      t.columns.filter((c) => c.generated !== undefined).map((c) => partId('column', t, c.name)),
    ),
  );
  // Triggers are the trigger comparison's.
  const blocked = blockedClosure(modelIndex(current), changed(dropped, 'drop'), (id) =>
    idKind(id) === 'column' ? columns.has(id) : idKind(id) !== 'trigger',
  );
  return (id) => blocked.has(id);
}

interface Moved {
  /** What becomes of each of the table's own steps. */
  rest: (step: TableStep) => TableStep[];
  early: Operation[];
  late: Operation[];
}

/** Takes what uses a routine, operator or class dropped first out of the table's changes: dropped early, created late. Null when nothing calls one. */
function moveCallers(before: TableModel, after: TableModel, inWay: (id: ObjectId) => boolean): Moved | null {
  const generated = before.columns.filter((c) => inWay(partId('column', before, c.name))).map((c) => c.name);
  const regenerated = new Set(generated);
  const constraints = tableConstraints(before).filter((c) => inWay(partId('constraint', before, c.name)));
  const indexes = before.indexes.filter((i) => inWay(partId('index', before, i.name)));
  const defaults = before.columns.filter((c) => !regenerated.has(c.name) && inWay(partId('default', before, c.name)));
  if (constraints.length + indexes.length + defaults.length + generated.length === 0) return null;
  const { schema, name: table } = before;
  const targetColumns = new Map(after.columns.map((c) => [c.name, c]));
  const targetConstraints = new Map(tableConstraints(after).map((c) => [c.name, c]));
  const targetIndexes = new Map(after.indexes.map((i) => [i.name, i]));
  const early: Operation[] = [
    ...constraints.map((c): Operation => ({ kind: 'dropConstraint', schema, table, name: c.name, removed: c })),
    ...indexes.map((i): Operation => ({ kind: 'dropIndex', schema, table, name: i.name, removed: i })),
    ...defaults.map((c): Operation => ({
      kind: 'alterColumn',
      schema,
      table,
      column: c.name,
      to: { default: null },
      from: { default: c.default },
    })),
    ...before.columns
      .filter((c) => regenerated.has(c.name))
      .map((c): Operation => ({ kind: 'dropColumn', schema, table, column: c.name, removed: c })),
  ];
  const late: Operation[] = [
    ...after.columns
      .filter((c) => regenerated.has(c.name))
      .map((column): Operation => ({ kind: 'addColumn', schema, table, column })),
    ...defaults.flatMap((c): Operation[] => {
      const next = targetColumns.get(c.name)?.default ?? null;
      return next === null || !targetColumns.has(c.name)
        ? []
        : [{ kind: 'alterColumn', schema, table, column: c.name, to: { default: next }, from: { default: null } }];
    }),
    ...constraints.flatMap((c): Operation[] => {
      const next = targetConstraints.get(c.name);
      return next === undefined ? [] : [{ kind: 'addConstraint', schema, table, constraint: next }];
    }),
    ...indexes.flatMap((i): Operation[] => {
      const next = targetIndexes.get(i.name);
      return next === undefined ? [] : [{ kind: 'createIndex', schema, table, index: next }];
    }),
  ];
  const names = { constraints: new Set(constraints.map((c) => c.name)), indexes: new Set(indexes.map((i) => i.name)) };
  return { rest: withoutMoved(regenerated, new Set(defaults.map((c) => c.name)), names), early, late };
}

/**
 * A step of the table's changes without what moved: its constraints,
 * indexes and regenerated columns, and the defaults of the others (a dropped
 * column goes without its default, which is gone by then).
 */
function withoutMoved(
  regenerated: ReadonlySet<string>,
  defaults: ReadonlySet<string>,
  names: { constraints: ReadonlySet<string>; indexes: ReadonlySet<string> },
): (step: TableStep) => TableStep[] {
  return (step) => {
    const { op } = step;
    switch (op.kind) {
      case 'dropConstraint':
      case 'addConstraint':
      case 'alterConstraint':
        return names.constraints.has(nameOfStep(step)) ? [] : [step];
      case 'dropIndex':
      case 'createIndex':
        return names.indexes.has(nameOfStep(step)) ? [] : [step];
      case 'addColumn':
        return regenerated.has(op.column.name) ? [] : [step];
      case 'dropColumn':
        if (regenerated.has(op.column)) return [];
        return defaults.has(op.column)
          ? [{ ...step, op: { ...op, removed: { ...op.removed, default: null } } }]
          : [step];
      case 'alterColumn': {
        if (regenerated.has(op.column)) return [];
        if (!defaults.has(op.column)) return [step];
        const { default: _to, ...to }: ColumnChange = op.to;
        const { default: _from, ...from }: ColumnChange = op.from ?? {};
        return Object.keys(to).length === 0 ? [] : [{ ...step, op: { ...op, to, from } }];
      }
    }
  };
}
