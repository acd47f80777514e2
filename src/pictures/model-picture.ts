import type { EnumModel, SchemaModel, TableModel, ViewModel } from '../schema/model.js';
import { elementType } from '../schema/types.js';
import { AthanorError } from '../util/errors.js';
import { connectedComponents } from './components.js';
import { neighbourhood } from './neighbourhood.js';
import type { Box, Edge, Group, Picture, Row } from './picture.js';

/** What part of a model `migrate diagram` draws. */
export interface ModelFocus {
  /** Only these schemas (`--schema`, repeatable). */
  schemas?: readonly string[];
  /** A table (`schema.name`, or a name one schema has) and what lies within `depth` edges of it. */
  table?: string;
  /** How far from `table` to go (default 1). */
  depth?: number;
}

/** A box's id and title: `schema.name` (an enum's with the word, since a type may share a table's name). */
const relationId = (schema: string, name: string) => `${schema}.${name}`;
const enumId = (schema: string, name: string) => `${schema}.${name} (enum)`;

/**
 * The model as an entity picture: each table with its columns (type, keys,
 * nullability), its foreign keys as edges, partitions and inherited tables
 * linked to their parents, views with what they read, enums with the columns
 * that use them; grouped by schema, and inside a schema by connected
 * component.
 */
export function modelPicture(model: SchemaModel, focus: ModelFocus = {}, title = 'schema'): Picture {
  const schemas = focus.schemas && focus.schemas.length > 0 ? new Set(focus.schemas) : null;
  if (schemas) {
    const known = new Set([...model.tables, ...model.views, ...model.enums].map((o) => o.schema));
    const missing = [...schemas].filter((s) => !known.has(s));
    if (missing.length > 0)
      throw new AthanorError('bad-option', `--schema ${missing.join(', ')}: no table, view or enum in that schema`);
  }
  const inScope = (o: { schema: string }) => schemas === null || schemas.has(o.schema);
  const tables = model.tables.filter(inScope);
  const views = model.views.filter(inScope);
  const enums = model.enums.filter(inScope);
  const enumIds = new Map(enums.map((e) => [relationId(e.schema, e.name), enumId(e.schema, e.name)]));
  // A partition is a row of its parent's box (the parent drawn here), not a box of its own.
  const drawnTables = new Set(tables.map((t) => relationId(t.schema, t.name)));
  const isRow = (t: TableModel) =>
    t.partitionOf !== undefined && drawnTables.has(relationId(t.partitionOf.schema, t.partitionOf.table));
  const partitions = new Map<string, TableModel[]>();
  for (const t of tables.filter(isRow)) {
    const parent = relationId(t.partitionOf!.schema, t.partitionOf!.table);
    partitions.set(parent, [...(partitions.get(parent) ?? []), t]);
  }
  const boxes: Box[] = [
    ...tables.filter((t) => !isRow(t)).map((t) => tableBox(t, partitions.get(relationId(t.schema, t.name)) ?? [])),
    ...views.map(viewBox),
    ...enums.map(enumBox),
  ];
  const ids = new Set(boxes.map((b) => b.id));
  const edges = [
    ...tables.filter((t) => !isRow(t)).flatMap((t) => tableEdges(t, enumIds)),
    ...views.flatMap(viewEdges),
  ].filter((e) => ids.has(e.from) && ids.has(e.to));
  if (focus.table === undefined) return drawn(title, boxes, edges, []);
  const found = findTable(tables, focus.table);
  // A partition is found in its parent's box.
  const start = partitionParent(tables, found) ?? found;
  const depth = focus.depth ?? 1;
  const kept = neighbourhood([start], edges, depth);
  const left = boxes.length - kept.size;
  return drawn(
    `${title}: ${start} within ${depth}`,
    boxes.filter((b) => kept.has(b.id)),
    edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
    left > 0 ? [`${left} more objects are further than ${depth} from ${start}`] : [],
  );
}

function drawn(title: string, boxes: Box[], edges: Edge[], notes: string[]): Picture {
  return { title, boxes, edges, groups: schemaGroups(boxes, edges), notes, direction: 'LR' };
}

function partitionParent(tables: readonly TableModel[], id: string): string | undefined {
  const t = tables.find((t) => relationId(t.schema, t.name) === id);
  return t?.partitionOf && tables.some((p) => p.schema === t.partitionOf!.schema && p.name === t.partitionOf!.table)
    ? relationId(t.partitionOf.schema, t.partitionOf.table)
    : undefined;
}

function findTable(tables: readonly TableModel[], wanted: string): string {
  const exact = tables.find((t) => relationId(t.schema, t.name) === wanted);
  if (exact) return relationId(exact.schema, exact.name);
  const named = tables.filter((t) => t.name === wanted);
  if (named.length === 1) return relationId(named[0]!.schema, named[0]!.name);
  throw new AthanorError(
    'bad-option',
    named.length === 0
      ? `--table ${wanted}: no such table`
      : `--table ${wanted}: tables of that name are in ${named.map((t) => t.schema).join(', ')}; write SCHEMA.TABLE`,
  );
}

/**
 * One group per schema; inside it, when its boxes fall into several connected
 * components, one group per component of two or more boxes (the lone ones
 * stay in the schema's group).
 */
function schemaGroups(boxes: readonly Box[], edges: readonly Edge[]): Group[] {
  const bySchema = new Map<string, string[]>();
  for (const b of boxes) {
    const schema = b.schema ?? '';
    const list = bySchema.get(schema);
    if (list) list.push(b.id);
    else bySchema.set(schema, [b.id]);
  }
  return [...bySchema].map(([schema, ids]) => {
    const components = connectedComponents(ids, edges);
    const id = `schema ${schema}`;
    if (components.length < 2) return { id, label: schema, boxes: ids, groups: [] };
    const joined = components.filter((c) => c.length > 1);
    return {
      id,
      label: schema,
      boxes: components.filter((c) => c.length === 1).flat(),
      groups: joined.map((c, i) => ({ id: `${id} part ${i + 1}`, label: '', boxes: c, groups: [] })),
    };
  });
}

/** A table's box: its columns, then its partitions (each a row with its bound), when it has any. */
function tableBox(t: TableModel, partitions: readonly TableModel[]): Box {
  const pk = new Set(t.primaryKey?.columns ?? []);
  const fk = new Set(t.foreignKeys.flatMap((f) => f.columns));
  const unique = new Set(t.uniques.filter((u) => u.columns.length === 1).map((u) => u.columns[0]!));
  const rows: Row[] = t.columns.map((c) => ({
    name: c.name,
    detail: c.type,
    tags: [
      ...(pk.has(c.name) ? ['PK'] : []),
      ...(fk.has(c.name) ? ['FK'] : []),
      ...(unique.has(c.name) ? ['UQ'] : []),
      ...(c.nullable ? ['null'] : []),
    ],
    mark: 'plain',
    port: c.name,
  }));
  rows.push(
    ...partitions.map((p): Row => ({
      name: relationId(p.schema, p.name),
      detail: p.partitionOf!.bound,
      tags: ['partition'],
      mark: 'plain',
    })),
  );
  const subtitle = t.partitionOf
    ? `partition of ${t.partitionOf.schema}.${t.partitionOf.table} ${t.partitionOf.bound}`
    : t.partitionBy
      ? `partitioned by ${t.partitionBy}`
      : undefined;
  return {
    schema: t.schema,
    id: relationId(t.schema, t.name),
    kind: t.partitionBy ? 'partitioned' : 'table',
    title: relationId(t.schema, t.name),
    ...(subtitle ? { subtitle } : {}),
    rows,
    mark: 'plain',
  };
}

function tableEdges(t: TableModel, enumIds: ReadonlyMap<string, string>): Edge[] {
  const id = relationId(t.schema, t.name);
  const edges: Edge[] = t.foreignKeys.map((f) => ({
    from: id,
    to: relationId(f.refSchema, f.refTable),
    kind: 'foreign-key',
    label: `${f.columns.join(', ')} -> ${f.refColumns.join(', ')}`,
    ...(f.columns.length === 1 ? { fromPort: f.columns[0]! } : {}),
    ...(f.refColumns.length === 1 ? { toPort: f.refColumns[0]! } : {}),
  }));
  if (t.partitionOf)
    edges.push({
      from: id,
      to: relationId(t.partitionOf.schema, t.partitionOf.table),
      kind: 'partition-of',
      label: 'partition of',
    });
  for (const parent of t.inherits ?? [])
    edges.push({ from: id, to: relationId(parent.schema, parent.table), kind: 'inherits', label: 'inherits' });
  for (const c of t.columns) {
    const type = enumIds.get(elementType(c.type));
    if (type) edges.push({ from: id, to: type, kind: 'uses', label: c.name, fromPort: c.name });
  }
  return edges;
}

function viewBox(v: ViewModel): Box {
  return {
    schema: v.schema,
    id: relationId(v.schema, v.name),
    kind: v.materialized ? 'materialized' : 'view',
    title: relationId(v.schema, v.name),
    subtitle: v.materialized ? 'materialized view' : 'view',
    rows: v.columns.map((c) => ({ name: c.name, detail: c.type, tags: [], mark: 'plain', port: c.name })),
    mark: 'plain',
  };
}

function viewEdges(v: ViewModel): Edge[] {
  const id = relationId(v.schema, v.name);
  return v.dependsOn
    .filter((d) => d.argumentTypes === undefined)
    .map((d) => ({ from: id, to: relationId(d.schema, d.name), kind: 'uses' as const, label: 'reads' }));
}

function enumBox(e: EnumModel): Box {
  return {
    schema: e.schema,
    id: enumId(e.schema, e.name),
    kind: 'enum',
    title: relationId(e.schema, e.name),
    subtitle: 'enum',
    rows: e.values.map((value) => ({ name: value, detail: '', tags: [], mark: 'plain' })),
    mark: 'plain',
  };
}
