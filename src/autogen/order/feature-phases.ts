import type { Operation } from '../../ops/operation.js';
import type { PolicyReason, TableFeaturesComparison } from '../diff/compare-table-features.js';
import { compareTuples } from '../diff/compare-values.js';

/**
 * Policies dropped and created again around the other changes, from the
 * outermost reason to the innermost: drops in this order before the
 * features' own `before`, creates in the reverse order after their `after`.
 */
const OUTER_REASONS: readonly PolicyReason[] = ['routinePolicies', 'retypedPolicies'];

/**
 * The table features' steps before and after the other changes. When policies
 * go around an enum replacement, every policy step is sorted by (schema,
 * table, name): the drops ahead of the partitions detached, the creates after
 * the rest.
 */
export function featurePhases(features: TableFeaturesComparison): { before: Operation[]; after: Operation[] } {
  const around = features.around ?? {};
  const before = [...OUTER_REASONS.flatMap((reason) => around[reason]?.drops ?? []), ...features.before];
  const after = [...features.after, ...[...OUTER_REASONS].reverse().flatMap((reason) => around[reason]?.creates ?? [])];
  const enums = around.enumPolicies;
  if (enums === undefined) return { before, after };
  return {
    before: [...sortPolicyOps([...before.filter(isPolicy), ...enums.drops]), ...before.filter((op) => !isPolicy(op))],
    after: [...after.filter((op) => !isPolicy(op)), ...sortPolicyOps([...after.filter(isPolicy), ...enums.creates])],
  };
}

function isPolicy(op: Operation): boolean {
  return op.kind === 'dropPolicy' || op.kind === 'createPolicy';
}

function sortPolicyOps(ops: Operation[]): Operation[] {
  const key = (op: Operation): string[] => {
    if (op.kind === 'dropPolicy') return [op.schema, op.table, op.name];
    if (op.kind === 'createPolicy') return [op.schema, op.table, op.policy.name];
    return [];
  };
  return [...ops].sort((a, b) => compareTuples(key(a), key(b)));
}
