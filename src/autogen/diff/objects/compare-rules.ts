import type { Operation } from '../../../ops/operation.js';
import type { RuleModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import { firingChange } from './firing-change.js';

const firingOf = (r: RuleModel): Pick<RuleModel, 'firing'> => (r.firing === undefined ? {} : { firing: r.firing });

/**
 * Rules are keyed by schema, table and name. One whose firing alone changes
 * is altered (`alterFiring`) after the tables. A changed one is replaced
 * (`CREATE OR REPLACE RULE`) after the tables and views; one whose view is
 * dropped and created again is dropped first and created after it; the
 * others are dropped before anything else and created last.
 */
export function compareRules(
  current: readonly RuleModel[],
  target: readonly RuleModel[],
  droppedRelations: ReadonlySet<string>,
): { create: Operation[]; drop: Operation[] } {
  const before = byKey(current);
  const after = byKey(target);
  const create: Operation[] = [];
  const drop: Operation[] = [];
  for (const [key, rule] of before) {
    const next = after.get(key);
    if (next === undefined || droppedRelations.has(qualifiedKey(rule.schema, rule.table))) {
      drop.push({ kind: 'dropRule', schema: rule.schema, table: rule.table, name: rule.name, removed: rule });
      if (next !== undefined) create.push({ kind: 'createRule', rule: next });
    } else if (next.definition !== rule.definition) {
      create.push({ kind: 'replaceRule', rule: next, from: rule });
    } else if (next.firing !== rule.firing) {
      create.push(firingChange('rule', rule, next));
    }
  }
  for (const [key, rule] of after) if (!before.has(key)) create.push({ kind: 'createRule', rule });
  return { create, drop };
}

function byKey(rules: readonly RuleModel[]): Map<string, RuleModel> {
  const entries = rules.map(
    (r) =>
      [
        qualifiedKey(qualifiedKey(r.schema, r.table), r.name),
        { schema: r.schema, table: r.table, name: r.name, definition: r.definition, ...firingOf(r) },
      ] as [string, RuleModel],
  );
  return new Map(entries);
}
