import type { Operation } from '../../../ops/operation.js';
import type { CompositeAttributeModel, CompositeTypeModel, DomainModel, SchemaModel } from '../../../schema/model.js';
import { elementType, qualifiedTypeName } from '../../../schema/types.js';
import { compareText } from '../compare-values.js';

/**
 * Composite types: created, dropped, and changed in place attribute by
 * attribute (`ALTER TYPE ... ADD | DROP | ALTER ATTRIBUTE`). An added
 * attribute comes last in the type; when that cannot give the declared order,
 * the type is dropped and created again if nothing holds it, and left out
 * and reported in `unsupported` otherwise, as is a new attribute type on a
 * type a table column holds (Postgres refuses it).
 *
 * Created types are ordered together with created domains (`typeCreation`),
 * since each may use the other; dropped ones likewise (`typeDrops`).
 */
export interface CompositeSteps {
  create: Operation[];
  /** Attribute changes, and types dropped and created again to reorder them. */
  alter: Operation[];
  drop: Operation[];
  /** The changes left out, one message each with why; by type name. */
  unsupported: string[];
}

const typeName = (o: { schema: string; name: string }): string => qualifiedTypeName(o.schema, o.name);

function byName(items: readonly CompositeTypeModel[]): Map<string, CompositeTypeModel> {
  return new Map(
    [...items].map((c) => [typeName(c), c] as [string, CompositeTypeModel]).sort((a, b) => compareText(a[0], b[0])),
  );
}

export function compareComposites(current: SchemaModel, target: SchemaModel): CompositeSteps {
  const before = byName(current.composites);
  const after = byName(target.composites);
  const steps: CompositeSteps = { create: [], alter: [], drop: [], unsupported: [] };
  for (const [name, c] of after) {
    const old = before.get(name);
    if (old === undefined) {
      steps.create.push({ kind: 'createCompositeType', composite: c });
      continue;
    }
    const problems = compositeProblems(old, c, current);
    if (problems.length === 0) steps.alter.push(...alterComposite(old, c, current));
    else steps.unsupported.push(...problems);
  }
  for (const [name, c] of before) {
    if (!after.has(name)) steps.drop.push({ kind: 'dropCompositeType', schema: c.schema, name: c.name, removed: c });
  }
  return steps;
}

/** The order of the attribute names once the kept ones stay in place and the new ones are added last. */
function reachableOrder(old: CompositeTypeModel, c: CompositeTypeModel): string[] {
  const names = new Set(c.attributes.map((a) => a.name));
  const kept = old.attributes.filter((a) => names.has(a.name)).map((a) => a.name);
  const added = c.attributes.filter((a) => !kept.includes(a.name)).map((a) => a.name);
  return [...kept, ...added];
}

function sameOrder(old: CompositeTypeModel, c: CompositeTypeModel): boolean {
  return reachableOrder(old, c).join('\u0000') === c.attributes.map((a) => a.name).join('\u0000');
}

const sameAttribute = (a: CompositeAttributeModel, b: CompositeAttributeModel): boolean =>
  a.type === b.type && a.collation === b.collation;

function compositeProblems(old: CompositeTypeModel, c: CompositeTypeModel, current: SchemaModel): string[] {
  const holders = typeHolders(old, current);
  if (holders.length === 0) return [];
  const what = `composite type ${old.schema}.${old.name}`;
  const held = `${holders.join(', ')} ${holders.length === 1 ? 'holds' : 'hold'} it`;
  if (!sameOrder(old, c)) {
    return [
      `${what}: its attributes change order, which takes dropping and creating it again, and ${held}; add new attributes last`,
    ];
  }
  const previous = new Map(old.attributes.map((a) => [a.name, a]));
  const retyped = c.attributes.filter((a) => {
    const was = previous.get(a.name);
    return was !== undefined && !sameAttribute(was, a);
  });
  return retyped.map(
    (a) =>
      `${what}: attribute ${a.name} changes type, which Postgres refuses while ${held}; change it by hand (add a new attribute, copy, drop the old one)`,
  );
}

function alterComposite(old: CompositeTypeModel, c: CompositeTypeModel, current: SchemaModel): Operation[] {
  const { schema, name } = c;
  if (!sameOrder(old, c)) {
    return [
      {
        kind: 'dropCompositeType',
        schema,
        name,
        removed: old,
        note: 'Its attributes change order (an added one always comes last): it is dropped and created again.',
      },
      { kind: 'createCompositeType', composite: c },
    ];
  }
  const usedBy = columnsHolding(old, current);
  const uses = usedBy.length === 0 ? {} : { usedBy };
  const next = new Map(c.attributes.map((a) => [a.name, a]));
  const previous = new Map(old.attributes.map((a) => [a.name, a]));
  const ops: Operation[] = [];
  for (const a of old.attributes) {
    const to = next.get(a.name);
    if (to === undefined)
      ops.push({ kind: 'dropCompositeAttribute', schema, name, attribute: a.name, removed: a, ...uses });
  }
  for (const a of c.attributes) {
    const was = previous.get(a.name);
    if (was === undefined) ops.push({ kind: 'addCompositeAttribute', schema, name, attribute: a, ...uses });
    else if (!sameAttribute(was, a)) {
      ops.push({
        kind: 'alterCompositeAttribute',
        schema,
        name,
        attribute: a.name,
        to: attributeType(a),
        from: attributeType(was),
      });
    }
  }
  return ops;
}

function attributeType(a: CompositeAttributeModel): { type: string; collation?: string } {
  return a.collation === undefined ? { type: a.type } : { type: a.type, collation: a.collation };
}

/** The domains over the type, and over those, by type name. */
function typeAndDomains(c: CompositeTypeModel, domains: readonly DomainModel[]): Set<string> {
  const names = new Set([typeName(c)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const d of domains) {
      if (names.has(elementType(d.type)) && !names.has(typeName(d))) {
        names.add(typeName(d));
        grew = true;
      }
    }
  }
  return names;
}

/** The table columns (`schema.table.column`) holding the type, directly, as an array or through domains over it. */
function columnsHolding(c: CompositeTypeModel, model: SchemaModel): string[] {
  const names = typeAndDomains(c, model.domains);
  return model.tables.flatMap((t) =>
    t.columns.filter((col) => names.has(elementType(col.type))).map((col) => `${t.schema}.${t.name}.${col.name}`),
  );
}

/** What holds the type so that it cannot be dropped or have an attribute retyped: table columns, and other composite types. */
function typeHolders(c: CompositeTypeModel, model: SchemaModel): string[] {
  const names = typeAndDomains(c, model.domains);
  const composites = model.composites.filter((o) => o.attributes.some((a) => names.has(elementType(a.type))));
  return [
    ...columnsHolding(c, model).map((col) => `column ${col}`),
    ...composites.map((o) => `composite type ${o.schema}.${o.name}`),
  ];
}

/** A domain or composite type to create or drop, with the type names it uses. */
interface TypeNode {
  name: string;
  uses: string[];
  op: Operation;
}

function typeOf(op: Operation): { schema: string; name: string } | null {
  switch (op.kind) {
    case 'createDomain':
      return op.domain;
    case 'createCompositeType':
      return op.composite;
    case 'createRangeType':
      return op.range;
    case 'dropDomain':
    case 'dropCompositeType':
    case 'dropRangeType':
      return op;
    default:
      return null;
  }
}

function typeNodes(ops: readonly Operation[], model: SchemaModel): TypeNode[] {
  const domains = new Map(model.domains.map((d) => [typeName(d), d]));
  const composites = new Map(model.composites.map((c) => [typeName(c), c]));
  const ranges = new Map(model.ranges.map((r) => [typeName(r), r]));
  return ops.flatMap((op): TypeNode[] => {
    const type = typeOf(op);
    if (type === null) return [];
    const name = typeName(type);
    const domain = domains.get(name);
    const composite = composites.get(name);
    const range = ranges.get(name);
    const uses =
      domain !== undefined
        ? [elementType(domain.type)]
        : range !== undefined
          ? [elementType(range.subtype)]
          : (composite?.attributes ?? []).map((a) => elementType(a.type));
    return [{ name, uses, op }];
  });
}

/** The types that use a table's row type, directly or through the other types. */
function overRowTypes(nodes: readonly TypeNode[], model: SchemaModel): Set<string> {
  const rows = new Set(model.tables.map(typeName));
  const over = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const node of nodes) {
      if (over.has(node.name) || !node.uses.some((u) => rows.has(u) || over.has(u))) continue;
      over.add(node.name);
      changed = true;
    }
  }
  return over;
}

/**
 * The created domains and composite types, those over a table's row type
 * after the tables; the scheduler creates each after the types it uses
 * (order/slots.ts).
 */
export function typeCreation(
  creates: readonly Operation[],
  target: SchemaModel,
): { beforeTables: Operation[]; afterTables: Operation[] } {
  const nodes = typeNodes(creates, target);
  const over = overRowTypes(nodes, target);
  return {
    beforeTables: nodes.filter((n) => !over.has(n.name)).map((n) => n.op),
    afterTables: nodes.filter((n) => over.has(n.name)).map((n) => n.op),
  };
}

/**
 * The dropped domains and composite types: those over a table's row type go
 * before the tables change, the others after; the scheduler drops each after
 * the types that use it (order/slots.ts).
 */
export function typeDrops(
  drops: readonly Operation[],
  current: SchemaModel,
): { first: Operation[]; late: Operation[] } {
  const nodes = typeNodes(drops, current);
  const over = overRowTypes(nodes, current);
  return {
    first: nodes.filter((n) => over.has(n.name)).map((n) => n.op),
    late: nodes.filter((n) => !over.has(n.name)).map((n) => n.op),
  };
}
