import type { Operation, OperationOf } from '../../ops/operation.js';
import type { SchemaModel } from '../../schema/model.js';
import { labelRewrite } from '../diff/enums/enum-text.js';
import type { TableStep } from '../diff/compare-tables.js';
import { qualifiedKey } from '../../schema/model.js';

/**
 * What replacing enums and renaming their values do to the rest of the
 * comparison: a replacement sets the final defaults of the columns it
 * converts (`enumColumnUses`, `diff/enums/enum-columns.ts`), so the table
 * changes need not; renamed labels read anew in every expression.
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

/**
 * The model as it reads once the values are renamed: Postgres stores a label
 * by its enum value, so defaults and expressions (of tables, views, routines,
 * triggers and domains) that spell `'old'::schema.enum` or
 * `'{old}'::schema.enum[]` print the new label after `RENAME VALUE`.
 */
export function withRenamedValues<
  M extends Pick<SchemaModel, 'tables' | 'views' | 'functions' | 'triggers' | 'domains'>,
>(model: M, renames: readonly OperationOf<'renameEnumValue'>[]): M {
  if (renames.length === 0) return model;
  const rewrite = labelRewrite(renames, false);
  return {
    ...model,
    tables: mapStrings(model.tables, rewrite),
    views: mapStrings(model.views, rewrite),
    functions: mapStrings(model.functions, rewrite),
    triggers: mapStrings(model.triggers, rewrite),
    domains: mapStrings(model.domains, rewrite),
  };
}

/**
 * Drops that run before values are renamed have their reverses run after the
 * renames are undone: what they remove is put back as it read before the
 * renames. The scheduler (`rewrittenBefore` in `order/schedule.ts`) applies
 * this rewrite to the operations before the first rename; drops after the
 * renames keep the renamed forms.
 */
export function originalRemoved(renames: readonly OperationOf<'renameEnumValue'>[]): (op: Operation) => Operation {
  if (renames.length === 0) return (op) => op;
  const rewrite = labelRewrite(renames, true);
  return (op) =>
    'removed' in op && op.removed !== undefined
      ? ({ ...op, removed: mapStrings(op.removed, rewrite) } as Operation)
      : op;
}

/** A deep copy of a plain JSON value with every string passed through `fn`. */
function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, fn)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, fn)])) as T;
  }
  return value;
}
