import type { OperationOf } from '../../ops/operation.js';
import type { TableStep } from '../diff/compare-tables.js';
import { qualifiedKey } from '../../schema/model.js';

/**
 * What replacing enums does to the rest of the comparison: a replacement
 * sets the final defaults of the columns it converts (`enumColumnUses`,
 * `diff/enums/enum-columns.ts`), so the table changes need not.
 */

/**
 * Removes from the table changes the default changes that replacing enums
 * already makes: a replacement sets each converted column's final default.
 * A column change left with nothing to do is dropped.
 */
export function withoutReplacedDefaults(
  changes: TableStep[],
  replaced: readonly OperationOf<'replaceEnum'>[],
): TableStep[] {
  return withoutDefaultChanges(changes, replacedDefaults(replaced));
}

/** The columns (`qualifiedKey(qualifiedKey(schema, table), column)`) whose defaults the replacements set. */
export function replacedDefaults(replaced: readonly OperationOf<'replaceEnum'>[]): Set<string> {
  const handled = new Set<string>();
  for (const op of replaced) {
    for (const use of op.columns) {
      if (use.default !== undefined) handled.add(qualifiedKey(qualifiedKey(use.schema, use.table), use.column));
    }
  }
  return handled;
}

/**
 * The table changes without their default changes for the columns `handled`
 * holds (`qualifiedKey(qualifiedKey(schema, table), column)`); a column change left
 * with nothing to do is dropped.
 */
export function withoutDefaultChanges(changes: TableStep[], handled: ReadonlySet<string>): TableStep[] {
  if (handled.size === 0) return changes;
  return changes.flatMap((step): TableStep[] => {
    const { op } = step;
    if (op.kind !== 'alterColumn') return [step];
    const key = qualifiedKey(qualifiedKey(op.schema, op.table), op.column);
    if (!handled.has(key) || op.to.default === undefined || op.to.type !== undefined) return [step];
    const { default: _to, ...to } = op.to;
    const from = op.from === undefined ? undefined : (({ default: _from, ...rest }) => rest)(op.from);
    if (Object.values(to).every((value) => value === undefined)) return [];
    return [{ ...step, op: { ...op, to, ...(from === undefined ? {} : { from }) } }];
  });
}
