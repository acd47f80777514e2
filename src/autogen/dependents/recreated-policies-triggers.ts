import type { Operation } from '../../ops/operation.js';
import type { PolicyModel, SchemaModel, TableModel, TriggerModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { withAround, type AroundReason, type Step } from '../steps.js';
import { afterTablesSteps, featuresAfter, featuresBefore, firstSteps } from '../order/slots.js';

/**
 * Policies and triggers that both sides have and that something else forces
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

function triggerKey(t: { schema: string; table: string; name: string }): string {
  return qualifiedKey(qualifiedKey(t.schema, t.table), t.name);
}

/**
 * `objects` with the triggers of both sides for which `uses` holds dropped
 * first and created after the tables (around them for `reason`).
 */
export function withRecreatedTriggers(
  objects: readonly Step[],
  sides: { current: SchemaModel; target: SchemaModel },
  uses: (trigger: TriggerModel) => boolean,
  reason: AroundReason,
): readonly Step[] {
  const dropped = new Set(firstSteps(objects).flatMap((op) => (op.kind === 'dropTrigger' ? [triggerKey(op)] : [])));
  const created = new Set(
    afterTablesSteps(objects).flatMap((op) => (op.kind === 'createTrigger' ? [triggerKey(op.trigger)] : [])),
  );
  const after = new Map(sides.target.triggers.map((t) => [triggerKey(t), t]));
  const drops: Operation[] = [];
  const creates: Operation[] = [];
  for (const trigger of sides.current.triggers) {
    const next = after.get(triggerKey(trigger));
    if (next === undefined || !uses(trigger)) continue;
    if (!dropped.has(triggerKey(trigger)))
      drops.push({
        kind: 'dropTrigger',
        schema: trigger.schema,
        table: trigger.table,
        name: trigger.name,
        removed: trigger,
      });
    if (!created.has(triggerKey(trigger))) creates.push({ kind: 'createTrigger', trigger: next });
  }
  return withAround(objects, reason, { drops, creates });
}
