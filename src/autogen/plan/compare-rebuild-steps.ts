import type { Operation } from '../../ops/operation.js';
import type { SchemaModel, TableModel, TriggerModel } from '../../schema/model.js';
import { foreignKeyConstraint } from '../diff/compare-constraints.js';
import { stepsIn, withAround, type Step } from '../steps.js';
import { afterTablesSteps, firstSteps } from '../order/slots.js';
import type { RebuiltRows } from '../order/row-copies.js';
import { rebuiltPolicyDrops } from '../diff/compare-table-features.js';
import { keyOf, type Rebuilds } from './compare-rebuilds.js';
import { tableIndex } from '../../schema/model-index.js';
import {
  addConstraintStep,
  dropConstraintStep,
  type TablesComparison,
  type TableStep,
  withStepsOnce,
} from '../diff/compare-tables.js';
import { orderedTable } from '../diff/compare-values.js';
import { qualifiedKey, withoutPolicies } from '../../schema/model.js';

/**
 * Fits the rebuilt tables (see compare-rebuilds.ts) into the other
 * comparisons: they are dropped and created, foreign keys of other tables
 * that reference them are dropped before and added back after, and so are
 * their triggers; sequences they own are let go during the rebuild. (Views
 * on them are created again as on any dropped table.)
 */

/** The table comparison of the other tables, with the rebuilt ones dropped and created. */
export function withRebuiltTables(
  tables: TablesComparison,
  rebuilds: Rebuilds,
  sides: {
    current: readonly TableModel[];
    target: readonly TableModel[];
    keptCurrent: readonly TableModel[];
    keptTarget: readonly TableModel[];
  },
): TablesComparison {
  if (rebuilds.dropped.size === 0) return tables;
  const drop = sides.current.filter((t) => rebuilds.dropped.has(keyOf(t))).map((t) => orderedTable(withoutPolicies(t)));
  const create = sides.target
    .filter((t) => rebuilds.created.has(keyOf(t)))
    .map((t) => orderedTable(withoutPolicies(t)));
  return {
    create: [...tables.create, ...create],
    drop: [...tables.drop, ...drop],
    changes: withReferencingKeys(tables.changes, rebuilds, sides.keptCurrent, sides.keptTarget),
  };
}

/** Foreign keys of the remaining tables to a rebuilt one: dropped before it goes, added back once it is filled again. */
function withReferencingKeys(
  changes: readonly TableStep[],
  rebuilds: Rebuilds,
  current: readonly TableModel[],
  target: readonly TableModel[],
): TableStep[] {
  const steps: TableStep[] = [];
  const targetByKey = new Map(target.map((t) => [keyOf(t), t]));
  for (const table of current) {
    const next = targetByKey.get(keyOf(table));
    if (next === undefined) continue;
    const { schema, name } = table;
    const keys = table.foreignKeys.filter((key) => rebuilds.dropped.has(qualifiedKey(key.refSchema, key.refTable)));
    for (const key of keys) {
      steps.push(dropConstraintStep(schema, name, foreignKeyConstraint(key)));
      const kept = next.foreignKeys.find((k) => k.name === key.name);
      if (kept !== undefined) steps.push(addConstraintStep(schema, name, foreignKeyConstraint(kept)));
    }
  }
  return withStepsOnce(changes, steps);
}

/**
 * Triggers and rules on rebuilt tables are dropped before and created again after, and
 * sequences they own are let go before and owned again after (dropping the
 * table would drop them), unless the comparison already does so.
 */
export function withRebuiltDependents(
  objects: readonly Step[],
  rebuilds: Rebuilds,
  current: SchemaModel,
  target: SchemaModel,
): readonly Step[] {
  const triggers = rebuiltTriggers(objects, rebuilds, current, target);
  const rules = rebuiltRules(objects, rebuilds, current, target);
  const owners = rebuiltSequenceOwners(objects, rebuilds, current, target);
  const withRules = withAround(withoutRebuiltAlters(objects, rebuilds, target), 'rebuiltRules', rules);
  const withStatistics = withAround(
    withRules,
    'rebuiltStatistics',
    rebuiltStatistics(objects, rebuilds, current, target),
  );
  const withTriggers = withAround(withStatistics, 'rebuiltTriggers', triggers);
  return withAround(withTriggers, 'rebuiltOwners', { drops: owners.clear, creates: owners.set });
}

function rebuiltTriggers(
  objects: readonly Step[],
  rebuilds: Rebuilds,
  current: SchemaModel,
  target: SchemaModel,
): { drops: Operation[]; creates: Operation[] } {
  const name = (t: { schema: string; table: string; name: string }): string =>
    qualifiedKey(qualifiedKey(t.schema, t.table), t.name);
  const dropping = new Set(firstSteps(objects).flatMap((op) => (op.kind === 'dropTrigger' ? [name(op)] : [])));
  const creating = new Set(
    afterTablesSteps(objects).flatMap((op) => (op.kind === 'createTrigger' ? [name(op.trigger)] : [])),
  );
  const drops = current.triggers
    .filter((t) => rebuilds.dropped.has(qualifiedKey(t.schema, t.table)) && !dropping.has(name(t)))
    .map((t): Operation => ({ kind: 'dropTrigger', schema: t.schema, table: t.table, name: t.name, removed: t }));
  const creates = target.triggers
    .filter((t: TriggerModel) => rebuilds.created.has(qualifiedKey(t.schema, t.table)) && !creating.has(name(t)))
    .map((trigger): Operation => ({ kind: 'createTrigger', trigger }));
  return { drops, creates };
}

function rebuiltRules(
  objects: readonly Step[],
  rebuilds: Rebuilds,
  current: SchemaModel,
  target: SchemaModel,
): { drops: Operation[]; creates: Operation[] } {
  const name = (r: { schema: string; table: string; name: string }): string =>
    qualifiedKey(qualifiedKey(r.schema, r.table), r.name);
  const dropping = new Set(firstSteps(objects).flatMap((op) => (op.kind === 'dropRule' ? [name(op)] : [])));
  const creating = new Set(
    afterTablesSteps(objects).flatMap((op) =>
      op.kind === 'createRule' || op.kind === 'replaceRule' ? [name(op.rule)] : [],
    ),
  );
  const drops = current.rules
    .filter((r) => rebuilds.dropped.has(qualifiedKey(r.schema, r.table)) && !dropping.has(name(r)))
    .map((r): Operation => ({ kind: 'dropRule', schema: r.schema, table: r.table, name: r.name, removed: r }));
  // A replaced rule needs nothing more: CREATE OR REPLACE creates the rule the table's drop took.
  const creates = target.rules
    .filter((r) => rebuilds.created.has(qualifiedKey(r.schema, r.table)) && !creating.has(name(r)))
    .map((rule): Operation => ({ kind: 'createRule', rule }));
  return { drops, creates };
}

/** Statistics on rebuilt tables, dropped before and created again after (with their targets), unless the comparison does so. */
function rebuiltStatistics(
  objects: readonly Step[],
  rebuilds: Rebuilds,
  current: SchemaModel,
  target: SchemaModel,
): { drops: Operation[]; creates: Operation[] } {
  const dropping = new Set(
    firstSteps(objects).flatMap((op) => (op.kind === 'dropStatistics' ? [qualifiedKey(op.schema, op.name)] : [])),
  );
  const creating = new Set(
    afterTablesSteps(objects).flatMap((op) =>
      op.kind === 'createStatistics' ? [qualifiedKey(op.statistics.schema, op.statistics.name)] : [],
    ),
  );
  const drops = current.statistics
    .filter((s) => rebuilds.dropped.has(qualifiedKey(s.tableSchema, s.table)))
    .filter((s) => !dropping.has(qualifiedKey(s.schema, s.name)))
    .map((s): Operation => ({ kind: 'dropStatistics', schema: s.schema, name: s.name, removed: s }));
  const creates = target.statistics
    .filter((s) => rebuilds.created.has(qualifiedKey(s.tableSchema, s.table)))
    .filter((s) => !creating.has(qualifiedKey(s.schema, s.name)))
    .map((statistics): Operation => ({ kind: 'createStatistics', statistics }));
  return { drops, creates };
}

/**
 * The comparison's changes of what a rebuilt table's statistics, triggers and rules are set to (targets,
 * firing) left out: created again, they get them then.
 */
function withoutRebuiltAlters(objects: readonly Step[], rebuilds: Rebuilds, target: SchemaModel): readonly Step[] {
  const rebuilt = new Set(
    target.statistics
      .filter((s) => rebuilds.created.has(qualifiedKey(s.tableSchema, s.table)))
      .map((s) => qualifiedKey(s.schema, s.name)),
  );
  return objects.filter(({ op, slot }) => {
    // A trigger or rule of a rebuilt table is created again, firing as the target says.
    if (op.kind === 'alterFiring') return !rebuilds.created.has(qualifiedKey(op.schema, op.table));
    return (
      slot !== 'statisticsCreates' || op.kind !== 'alterStatistics' || !rebuilt.has(qualifiedKey(op.schema, op.name))
    );
  });
}

/** Sequences owned by a column of a rebuilt table, on both sides with the same owner (other changes are the comparison's). */
function rebuiltSequenceOwners(
  objects: readonly Step[],
  rebuilds: Rebuilds,
  current: SchemaModel,
  target: SchemaModel,
): { clear: Operation[]; set: Operation[] } {
  const touched = new Set(
    [...firstSteps(objects), ...afterTablesSteps(objects)].flatMap((op) =>
      op.kind === 'alterSequence' && op.to.ownedBy !== undefined ? [qualifiedKey(op.schema, op.name)] : [],
    ),
  );
  const targetByKey = new Map(target.sequences.map((s) => [qualifiedKey(s.schema, s.name), s]));
  const clear: Operation[] = [];
  const set: Operation[] = [];
  for (const sequence of current.sequences) {
    const key = qualifiedKey(sequence.schema, sequence.name);
    const owner = sequence.ownedBy;
    if (owner === null || touched.has(key) || !rebuilds.dropped.has(qualifiedKey(sequence.schema, owner.table)))
      continue;
    const next = targetByKey.get(key);
    if (
      next === undefined ||
      next.ownedBy === null ||
      !rebuilds.created.has(qualifiedKey(next.schema, next.ownedBy.table))
    )
      continue;
    const { schema, name } = sequence;
    clear.push({ kind: 'alterSequence', schema, name, to: { ownedBy: null }, from: { ownedBy: { ...owner } } });
    set.push({ kind: 'alterSequence', schema, name, to: { ownedBy: { ...next.ownedBy } }, from: { ownedBy: null } });
  }
  return { clear, set };
}

/**
 * The rows of each rebuilt table, handed to the scheduler, which places them
 * (`order/row-copies.ts`): its `stashRows` with the policy drops of the tables
 * whose rows share its holding table, its `restoreRows`, and the tables and
 * partitions the placements are anchored on.
 */
export function rebuiltRows(
  rebuilds: Rebuilds,
  current: readonly TableModel[],
  target: readonly TableModel[],
): RebuiltRows[] {
  return rebuilds.tables.map((rebuild) => {
    const group = stashGroup(rebuilds, rebuild.stash.stash);
    const tree = subtree(keyOf(rebuild.target), target);
    return {
      stash: { kind: 'stashRows', ...rebuild.stash },
      policyDrops: rebuiltPolicyDrops(current, group),
      restore: { kind: 'restoreRows', ...rebuild.restore },
      dropped: group,
      leaving: partitionKeys(rebuild.stash.keptPartitions),
      tree,
      created: new Set([...tree].filter((key) => rebuilds.created.has(key))),
      joining: partitionKeys(rebuild.restore.keptPartitions),
    };
  });
}

/** The policies of the rebuilt tables with no column to copy, dropped first, as dropped tables' are. */
export function rebuiltPolicySteps(rebuilds: Rebuilds, current: readonly TableModel[]): Step[] {
  return stepsIn('rebuiltPolicyDrops', rebuiltPolicyDrops(current, stashGroup(rebuilds, '')));
}

/** The rebuilt tables whose rows go to the holding table `stash` ('' for none), by key. */
function stashGroup(rebuilds: Rebuilds, stash: string): Set<string> {
  return new Set([...rebuilds.dropped].filter(([, s]) => s === stash).map(([key]) => key));
}

/** The drops of rebuilt tables marked with the holding table their rows are kept in. */
export function withRowsKeptIn(ops: readonly Operation[], rebuilds: Rebuilds): Operation[] {
  return ops.map((op): Operation => {
    if (op.kind !== 'dropTable') return op;
    const stash = rebuilds.dropped.get(qualifiedKey(op.schema, op.name));
    return stash === undefined || stash === '' ? op : { ...op, rowsKeptIn: stash };
  });
}

function partitionKeys(partitions: readonly { schema: string; table: string }[] | undefined): Set<string> {
  return new Set((partitions ?? []).map((p) => qualifiedKey(p.schema, p.table)));
}

/** The table and every partition under it, by key. */
function subtree(root: string, tables: readonly TableModel[]): Set<string> {
  const index = tableIndex(tables);
  return new Set([root, ...tables.filter((t) => index.ancestorKeys(t).includes(root)).map(keyOf)]);
}
