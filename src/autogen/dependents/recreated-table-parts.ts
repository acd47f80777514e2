import type { Operation } from '../../ops/operation.js';
import type { PolicyModel, RuleModel, SchemaModel, TableModel, TriggerModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { withAround, type AroundReason, type Step } from '../steps.js';
import { afterTablesSteps, featuresAfter, featuresBefore, firstSteps } from '../order/slots.js';

/**
 * Policies, triggers and rules that both sides have and that something else forces
 * out of the way (a column whose type changes, a routine created again, an
 * enum replaced) are dropped before every other change and created again, in
 * their target form, after every other change. What the comparison already drops or creates is
 * left as it is, so each drop has one create and the reversed list (the
 * downgrade) does the same around its own changes.
 */

function byTable(tables: readonly TableModel[]): Map<string, TableModel> {
  return new Map(tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
}

function policyKey(op: Operation): string | null {
  if (op.kind === 'dropPolicy') return qualifiedKey(qualifiedKey(op.schema, op.table), op.name);
  if (op.kind === 'createPolicy') return qualifiedKey(qualifiedKey(op.schema, op.table), op.policy.name);
  return null;
}

/**
 * `features` with the policies of both sides for which `uses(policy, table)`
 * holds dropped first and created last (around the changes for `reason`).
 */
export function withRecreatedPolicies(
  features: readonly Step[],
  sides: { current: readonly TableModel[]; target: readonly TableModel[] },
  uses: (policy: PolicyModel, table: TableModel) => boolean,
  reason: AroundReason,
): readonly Step[] {
  const dropped = new Set(featuresBefore(features).map(policyKey));
  const created = new Set(featuresAfter(features).map(policyKey));
  const targets = byTable(sides.target);
  const drops: Operation[] = [];
  const creates: Operation[] = [];
  for (const table of sides.current) {
    const next = targets.get(qualifiedKey(table.schema, table.name));
    const { schema, name } = table;
    for (const policy of table.policies ?? []) {
      const after = (next?.policies ?? []).find((p) => p.name === policy.name);
      if (after === undefined || !uses(policy, table)) continue;
      const key = qualifiedKey(qualifiedKey(schema, name), policy.name);
      // A policy created anyway is dropped where the comparison says (with a rebuilt table, say).
      if (created.has(key)) continue;
      if (!dropped.has(key))
        drops.push({ kind: 'dropPolicy', schema, table: name, name: policy.name, removed: policy });
      creates.push({ kind: 'createPolicy', schema, table: name, policy: after });
    }
  }
  if (creates.length === 0) return features;
  return withAround(features, reason, { drops, creates });
}

/** A part of a table in `SchemaModel`'s own list (a trigger, a rule), named on its table. */
export interface TablePart {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
}

function partKey(p: TablePart): string {
  return qualifiedKey(qualifiedKey(p.schema, p.table), p.name);
}

/** How a kind of table part in the model's own list is found, dropped and created again. */
export interface PartKind<T extends TablePart> {
  of: (model: SchemaModel) => readonly T[];
  /** The part an operation drops, or creates (or replaces) in its target form; null for other operations. */
  dropped: (op: Operation) => TablePart | null;
  created: (op: Operation) => T | null;
  drop: (part: T) => Operation;
  create: (part: T) => Operation;
}

export const TRIGGER_PARTS: PartKind<TriggerModel> = {
  of: (model) => model.triggers,
  dropped: (op) => (op.kind === 'dropTrigger' ? op : null),
  created: (op) => (op.kind === 'createTrigger' ? op.trigger : null),
  drop: (t) => ({ kind: 'dropTrigger', schema: t.schema, table: t.table, name: t.name, removed: t }),
  create: (trigger) => ({ kind: 'createTrigger', trigger }),
};

export const RULE_PARTS: PartKind<RuleModel> = {
  of: (model) => model.rules,
  dropped: (op) => (op.kind === 'dropRule' ? op : null),
  created: (op) => (op.kind === 'createRule' || op.kind === 'replaceRule' ? op.rule : null),
  drop: (r) => ({ kind: 'dropRule', schema: r.schema, table: r.table, name: r.name, removed: r }),
  create: (rule) => ({ kind: 'createRule', rule }),
};

/**
 * `objects` with the parts of `kind` (`TRIGGER_PARTS`, `RULE_PARTS`) that
 * both sides have and for which `uses` holds dropped first and created after
 * the tables (around them for `reason`).
 */
export function withRecreatedParts<T extends TablePart>(
  kind: PartKind<T>,
  objects: readonly Step[],
  sides: { current: SchemaModel; target: SchemaModel },
  uses: (part: T) => boolean,
  reason: AroundReason,
): readonly Step[] {
  const keysOf = (ops: readonly Operation[], part: (op: Operation) => TablePart | null): Set<string> =>
    new Set(ops.flatMap((op) => [part(op)].flatMap((p) => (p === null ? [] : [partKey(p)]))));
  const dropped = keysOf(firstSteps(objects), kind.dropped);
  const created = keysOf(afterTablesSteps(objects), kind.created);
  const after = new Map(kind.of(sides.target).map((p) => [partKey(p), p]));
  const drops: Operation[] = [];
  const creates: Operation[] = [];
  const droppedHere = new Set<string>();
  for (const part of kind.of(sides.current)) {
    const next = after.get(partKey(part));
    if (next === undefined || !uses(part)) continue;
    if (!dropped.has(partKey(part))) {
      drops.push(kind.drop(part));
      droppedHere.add(partKey(part));
    }
    if (!created.has(partKey(part))) creates.push(kind.create(next));
  }
  // A part the comparison replaces in place (a rule's CREATE OR REPLACE) is gone by then: it is created.
  const replaced = objects.map((step): Step => {
    const part = kind.created(step.op);
    return part === null || !droppedHere.has(partKey(part)) ? step : { ...step, op: kind.create(part) };
  });
  return withAround(replaced, reason, { drops, creates });
}
