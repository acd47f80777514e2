import type { Operation } from '../../../ops/operation.js';
import type { RangeTypeModel, SchemaModel } from '../../../schema/model.js';
import { multirangeTypeName } from '../../../schema/model.js';
import { elementType, qualifiedTypeName } from '../../../schema/types.js';
import { sameJson } from '../../../util/plain-data.js';
import { compareText } from '../compare-values.js';

/**
 * Range types, keyed by schema and name. Postgres cannot change one in
 * place: a changed range type is dropped and created again (`alter`) when
 * nothing holds it, and left out and reported in `unsupported` otherwise.
 * New and gone ones are ordered with the domains and composite types
 * (`typeCreation`, `typeDrops`), which may use them.
 */
export interface RangeSteps {
  create: Operation[];
  /** Changed range types that nothing holds: dropped, then created again. */
  alter: Operation[];
  drop: Operation[];
  /** The changes left out, one message each with why. */
  unsupported: string[];
}

const typeName = (o: { schema: string; name: string }): string => qualifiedTypeName(o.schema, o.name);

function byName(items: readonly RangeTypeModel[]): Map<string, RangeTypeModel> {
  return new Map(
    [...items].map((r) => [typeName(r), r] as [string, RangeTypeModel]).sort((a, b) => compareText(a[0], b[0])),
  );
}

export function compareRanges(current: SchemaModel, target: SchemaModel): RangeSteps {
  const before = byName(current.ranges);
  const after = byName(target.ranges);
  const steps: RangeSteps = { create: [], alter: [], drop: [], unsupported: [] };
  for (const [name, r] of after) {
    const old = before.get(name);
    if (old === undefined) {
      steps.create.push({ kind: 'createRangeType', range: r });
      continue;
    }
    if (sameJson(old, r)) continue;
    const holders = rangeHolders(name, current);
    if (holders.length > 0) {
      const held = `${holders.join(', ')} ${holders.length === 1 ? 'holds' : 'hold'} it`;
      steps.unsupported.push(
        `range type ${r.schema}.${r.name}: it changes, which takes dropping and creating it again, and ${held}; declare a new range type and move the columns to it`,
      );
      continue;
    }
    steps.alter.push(
      {
        kind: 'dropRangeType',
        schema: old.schema,
        name: old.name,
        removed: old,
        note: 'Postgres cannot change a range type: it is dropped and created again.',
      },
      { kind: 'createRangeType', range: r },
    );
  }
  for (const [name, r] of before) {
    if (!after.has(name)) steps.drop.push({ kind: 'dropRangeType', schema: r.schema, name: r.name, removed: r });
  }
  return steps;
}

/** What holds a range type (or its multirange): table columns, attributes, domains, other range types, routines. */
function rangeHolders(name: string, model: SchemaModel): string[] {
  const range = model.ranges.find((r) => typeName(r) === name);
  const names = new Set([name, ...(range === undefined ? [] : [multirangeName(range)])]);
  const holds = (type: string): boolean => names.has(elementType(type));
  return [
    ...model.tables.flatMap((t) =>
      t.columns.filter((c) => holds(c.type)).map((c) => `column ${t.schema}.${t.name}.${c.name}`),
    ),
    ...model.composites
      .filter((c) => c.attributes.some((a) => holds(a.type)))
      .map((c) => `composite type ${c.schema}.${c.name}`),
    ...model.domains.filter((d) => holds(d.type)).map((d) => `domain ${d.schema}.${d.name}`),
    ...model.ranges.filter((r) => holds(r.subtype)).map((r) => `range type ${r.schema}.${r.name}`),
    ...model.functions
      .filter((f) => f.argumentTypes.split(', ').some(holds))
      .map((f) => `routine ${f.schema}.${f.name}(${f.argumentTypes})`),
  ];
}

/** The multirange type's name as `format_type` prints it: the declared one, or the one Postgres makes up. */
function multirangeName(range: RangeTypeModel): string {
  return qualifiedTypeName(range.schema, multirangeTypeName(range));
}
