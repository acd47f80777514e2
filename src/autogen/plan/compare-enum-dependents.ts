import type { Operation, OperationOf } from '../../ops/operation.js';
import type { ConstraintModel, SchemaModel, TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { routineKey } from '../../schema/object-keys.js';
import { tableConstraints } from '../diff/compare-constraints.js';
import { withoutDefaultChanges } from './compare-enum-columns.js';
import type { EnumTables } from '../diff/enums/enum-columns.js';
import { compareEnums } from '../diff/compare-enums.js';
import { withAround, type Step } from '../steps.js';
import {
  addConstraintStep,
  createIndexStep,
  dropConstraintStep,
  dropIndexStep,
  type TablesComparison,
  type TableStep,
  withStepsOnce,
} from '../diff/compare-tables.js';
import { compareTuples } from '../diff/compare-values.js';
import { EnumUses, objectUses, directObjectUses, type ReplacedEnum } from '../dependents/enum-dependents.js';
import type { EnumReplacementUses } from '../diff/objects/compare-views.js';
import { mergedColumns } from '../graph/partition-columns.js';
import { castingDefaults, type CastingDefault } from '../diff/enums/enum-value-uses.js';
import {
  RULE_PARTS,
  TRIGGER_PARTS,
  withRecreatedParts,
  withRecreatedPolicies,
} from '../dependents/recreated-table-parts.js';

/**
 * Puts what uses a replaced enum (see enum-dependents.ts) into the
 * comparisons, dropped before the replacement and created again after it:
 * checks, exclusions, foreign keys and indexes with the table changes
 * (dropped before enums change, added after), policies with the table
 * features (dropped first, created last), triggers and rules with the other objects
 * (dropped first, created after the tables). Views and routines are the
 * view comparison's (`enumReplacementCauses`). Each drop has its create, so
 * the reversed list (the downgrade) drops them again before its own
 * replacement. Only what both sides have is created again, in its target form.
 * The same is done around the additions of values whose reverse is a
 * replacement, so that the downgrade works (`diffModels` marks what is there
 * for that alone: the upgrade adds the values only); and
 * defaults of columns of other types that cast to the enum are dropped first
 * and set again after the tables.
 */

type ReplaceEnumOperation = OperationOf<'replaceEnum'>;
type AddEnumValueOperation = OperationOf<'addEnumValue'>;

/**
 * The views and routines using a replaced enum directly, and the columns
 * converted, by table (`qualifiedKey` keys); with the enums gaining values
 * `additions` among the replaced (see `withEnumDependents`).
 */
export function enumReplacementCauses(
  current: SchemaModel,
  target: SchemaModel,
  additions: readonly AddEnumValueOperation[],
): EnumReplacementUses {
  const enums = compareEnums(current.enums, target.enums, {
    current: current.tables,
    target: target.tables,
    models: { current, target },
  });
  const gaining = new Set(additions.map((op) => qualifiedKey(op.schema, op.name)));
  const uses = replacedEnums(
    enums.replace ?? [],
    enums.addValues.filter((op) => gaining.has(qualifiedKey(op.schema, op.name))),
  ).map((op) => new EnumUses(op, current));
  return {
    objects: [...new Set(uses.flatMap((u) => directObjectUses(u, current)))].sort(),
    columns: mergedColumns(uses.map((u) => u.converted)),
  };
}

export interface EnumDependentsParts {
  tables: TablesComparison;
  features: readonly Step[];
  objects: readonly Step[];
}

/**
 * The comparisons with the dependents of `replace` recreated around it, and
 * the replacements with a note naming what is recreated. `tables` are the
 * sides the table comparison saw; `current` and `target` the whole models.
 */
export function withEnumDependents(
  parts: EnumDependentsParts,
  replace: readonly ReplaceEnumOperation[],
  sides: { tables: EnumTables; current: SchemaModel; target: SchemaModel },
  additions: readonly AddEnumValueOperation[] = [],
): EnumDependentsParts & { replace: ReplaceEnumOperation[] } {
  const replaced = replacedEnums(replace, additions);
  if (replaced.length === 0) return { ...parts, replace: [] };
  const uses = replaced.map((op) => new EnumUses(op, sides.current));
  const labels = uses.map((): string[] => []);
  const tables = withTableDependents(parts.tables, sides.tables, uses, labels);
  const features = withPolicyDependents(parts.features, sides, uses, labels);
  const defaults = withCastingDefaults(
    withTablePartDependents(parts.objects, sides, uses, labels),
    tables,
    sides.tables,
    uses,
    labels,
  );
  const objects = defaults.objects;
  const views = viewLabels(uses, sides.current, sides.target);
  const noted = replace.map((op, i) => withDependentsNote(op, [...(views[i] ?? []), ...(labels[i] ?? [])]));
  return { tables: defaults.tables, features, objects, replace: noted };
}

/**
 * The enums replaced, then those gaining values whose additions carry their
 * reverse (a replacement without the values): what uses those is dropped and
 * created around the additions, so that the reversed list (the downgrade) has
 * it around its replacement. Noted are the replacements only (the first
 * `replace.length` entries).
 */
function replacedEnums(
  replace: readonly ReplaceEnumOperation[],
  additions: readonly AddEnumValueOperation[],
): ReplacedEnum[] {
  const out: ReplacedEnum[] = [...replace];
  const seen = new Set<string>();
  for (const op of additions) {
    const key = qualifiedKey(op.schema, op.name);
    if (op.previous === undefined || seen.has(key)) continue;
    seen.add(key);
    out.push({ schema: op.schema, name: op.name, columns: op.previous.columns });
  }
  return out;
}

function withDependentsNote(op: ReplaceEnumOperation, labels: string[]): ReplaceEnumOperation {
  if (labels.length === 0) return op;
  const line = `Dropped before it and created again after it, since they use ${op.schema}.${op.name} or a column it converts: ${labels.join(', ')}.`;
  return { ...op, note: op.note === undefined ? line : `${op.note}\n${line}` };
}

/** Whether any of `uses` holds; `label` is added to the labels of each that does. */
function mark(uses: readonly EnumUses[], labels: string[][], label: string, test: (u: EnumUses) => boolean): boolean {
  let any = false;
  uses.forEach((u, i) => {
    if (!test(u)) return;
    labels[i]?.push(label);
    any = true;
  });
  return any;
}

function tablesByKey(tables: readonly TableModel[]): Map<string, TableModel> {
  return new Map(tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
}

function pairs(current: readonly TableModel[], target: readonly TableModel[]): [TableModel, TableModel][] {
  const after = tablesByKey(target);
  return [...current]
    .sort((a, b) => compareTuples([a.schema, a.name], [b.schema, b.name]))
    .flatMap((t): [TableModel, TableModel][] => {
      const next = after.get(qualifiedKey(t.schema, t.name));
      return next === undefined ? [] : [[t, next]];
    });
}

const CONSTRAINT_WORDS: Record<ConstraintModel['type'], string> = {
  primaryKey: 'primary key',
  foreignKey: 'foreign key',
  unique: 'unique constraint',
  check: 'check',
  exclusion: 'exclusion constraint',
};

function withTableDependents(
  tables: TablesComparison,
  sides: EnumTables,
  uses: readonly EnumUses[],
  labels: string[][],
): TablesComparison {
  const renewed: TableStep[] = [];
  for (const [before, after] of pairs(sides.current, sides.target)) {
    const { schema, name } = before;
    const on = `on ${schema}.${name}`;
    const targetConstraints = new Map(tableConstraints(after).map((c) => [c.name, c]));
    for (const c of tableConstraints(before)) {
      const next = targetConstraints.get(c.name);
      if (
        next === undefined ||
        !mark(uses, labels, `${CONSTRAINT_WORDS[c.type]} ${c.name} ${on}`, (u) => u.constraint(c, schema, name))
      )
        continue;
      renewed.push(dropConstraintStep(schema, name, c), addConstraintStep(schema, name, next));
    }
    const targetIndexes = new Map(after.indexes.map((index) => [index.name, index]));
    for (const index of before.indexes) {
      const next = targetIndexes.get(index.name);
      if (next === undefined || !mark(uses, labels, `index ${index.name} ${on}`, (u) => u.index(index, schema, name)))
        continue;
      renewed.push(dropIndexStep(schema, name, index), createIndexStep(schema, name, next));
    }
  }
  return { ...tables, changes: withStepsOnce(tables.changes, renewed) };
}

/** The policies that use a replaced enum or a column it converts, dropped first and created last, each named in its use's note. */
function withPolicyDependents(
  features: readonly Step[],
  sides: { current: SchemaModel; target: SchemaModel },
  uses: readonly EnumUses[],
  labels: string[][],
): readonly Step[] {
  return withRecreatedPolicies(
    features,
    { current: sides.current.tables, target: sides.target.tables },
    (policy, { schema, name: table }) =>
      mark(uses, labels, `policy ${policy.name} on ${schema}.${table}`, (u) => u.policy(policy, schema, table)),
    'enumPolicies',
  );
}

/** The triggers and rules that use a replaced enum or a column it converts, dropped first and created after the tables. */
function withTablePartDependents(
  objects: readonly Step[],
  sides: { current: SchemaModel; target: SchemaModel },
  uses: readonly EnumUses[],
  labels: string[][],
): readonly Step[] {
  const triggers = withRecreatedParts(
    TRIGGER_PARTS,
    objects,
    sides,
    (t) => mark(uses, labels, `trigger ${t.name} on ${t.schema}.${t.table}`, (u) => u.trigger(t)),
    'enumTriggers',
  );
  return withRecreatedParts(
    RULE_PARTS,
    triggers,
    sides,
    (r) => mark(uses, labels, `rule ${r.name} on ${r.schema}.${r.table}`, (u) => u.rule(r)),
    'enumRules',
  );
}

/** For each use, the views and routines recreated because of it that the target keeps, as the note names them. */
function viewLabels(uses: readonly EnumUses[], current: SchemaModel, target: SchemaModel): string[][] {
  const labels = new Map<string, string>();
  for (const view of current.views)
    labels.set(
      qualifiedKey(view.schema, view.name),
      `${view.materialized ? 'materialized view' : 'view'} ${view.schema}.${view.name}`,
    );
  for (const r of current.functions) labels.set(routineKeyOf(r), `${r.kind} ${r.schema}.${r.name}(${r.argumentTypes})`);
  const kept = new Set([
    ...target.views.map((v) => qualifiedKey(v.schema, v.name)),
    ...target.functions.map(routineKeyOf),
  ]);
  return uses.map((u) =>
    objectUses(u, current).flatMap((k) => (kept.has(k) && labels.has(k) ? [labels.get(k) as string] : [])),
  );
}

function routineKeyOf(r: { schema: string; name: string; argumentTypes: string }): string {
  return routineKey(r.schema, r.name, r.argumentTypes);
}

/**
 * Defaults of columns of other types that cast to the enum: dropped first
 * and set again (the target's) after the tables, with the table changes'
 * own default changes for those columns left out.
 */
function withCastingDefaults(
  objects: readonly Step[],
  tables: TablesComparison,
  sides: EnumTables,
  uses: readonly EnumUses[],
  labels: string[][],
): { objects: readonly Step[]; tables: TablesComparison } {
  const found = new Map<string, CastingDefault>();
  uses.forEach((u, i) => {
    for (const d of castingDefaults(u.replaced, sides)) {
      const key = qualifiedKey(qualifiedKey(d.schema, d.table), d.column);
      labels[i]?.push(`the default of ${d.schema}.${d.table}.${d.column}`);
      found.set(key, d);
    }
  });
  if (found.size === 0) return { objects, tables };
  // In any order: the scheduler puts them in order (`order/slots.ts`).
  const all = [...found.values()];
  const alter = (d: CastingDefault, to: string | null, from: string | null): Operation => ({
    kind: 'alterColumn',
    schema: d.schema,
    table: d.table,
    column: d.column,
    to: { default: to },
    from: { default: from },
  });
  const drops = all.map((d) => alter(d, null, d.from));
  const sets = all.flatMap((d) => (d.to === null ? [] : [alter(d, d.to, null)]));
  const changes = withoutDefaultChanges(tables.changes, new Set([...found.keys()]));
  return {
    objects: withAround(objects, 'castingDefaults', { drops, creates: sets }),
    tables: { ...tables, changes },
  };
}
