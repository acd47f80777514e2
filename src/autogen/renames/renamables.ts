import type { ConstraintModel, EnumModel, IndexModel, SchemaModel, TableModel } from '../../schema/model.js';
import { multirangeTypeName } from '../../schema/model.js';
import type { RenameKind } from '../../schema/renames.js';
import { NAMED_KINDS } from '../../schema/model-kinds.js';
import { quoteIdent } from '../../sql/identifier.js';

/** What an object is apart from its name. */
export interface Definition {
  /** Equal signatures make an exact rename candidate. */
  signature: string;
  /** What a partial match counts: a table's `column type` list, a schema's object names, a column's type. */
  parts: string[];
}

/** One object a rename can name; `define` says what it is apart from its name (computed only when needed). */
export interface Renamable {
  kind: RenameKind;
  /** Its schema; for a schema, its own name. */
  schema: string;
  /** The table (or view) it belongs to, for columns, indexes, constraints, policies and triggers; the enum, for its values. */
  table?: string;
  name: string;
  /** Routines: the input argument types, part of their identity. */
  argumentTypes?: string;
  /** Range types: the multirange's name, which a rename may have to change too. */
  multirange?: string;
  define: () => Definition;
}

const json = (value: unknown): string => JSON.stringify(value);
const unnamed = <T extends { name: string }>(value: T): Omit<T, 'name'> => {
  const { name: _name, ...rest } = value;
  return rest;
};

/**
 * Every object of `model` that a rename can name, but the columns, keys,
 * indexes and policies of tables (`tableParts`).
 */
export function renamables(model: SchemaModel): Renamable[] {
  const found: Renamable[] = [...schemasOf(model)];
  const exact = (signature: () => unknown) => (): Definition => ({ signature: json(signature()), parts: [] });
  for (const table of model.tables) found.push(tableOf(table));
  for (const e of model.enums) {
    found.push({ kind: 'enum', schema: e.schema, name: e.name, define: exact(() => e.values) });
    found.push(...enumValuesOf(e));
  }
  for (const d of model.domains) {
    const define = exact(() => [d.type, d.default, d.notNull, d.checks.map((c) => c.expression)]);
    found.push({ kind: 'domain', schema: d.schema, name: d.name, define });
  }
  for (const c of model.composites)
    found.push({ kind: 'composite', schema: c.schema, name: c.name, define: exact(() => c.attributes) });
  for (const r of model.ranges) {
    const define = exact(() => ({ ...unnamed(r), schema: undefined }));
    found.push({ kind: 'range', schema: r.schema, name: r.name, multirange: multirangeTypeName(r), define });
  }
  for (const s of model.sequences)
    found.push({
      kind: 'sequence',
      schema: s.schema,
      name: s.name,
      define: exact(() => ({ ...unnamed(s), schema: undefined })),
    });
  for (const v of model.views) {
    const define = exact(() => [v.definition, v.options, v.columns, v.indexes.map(unnamed)]);
    found.push({ kind: v.materialized ? 'materializedView' : 'view', schema: v.schema, name: v.name, define });
    for (const index of v.indexes) found.push(indexOf(v.schema, v.name, index));
  }
  for (const f of model.functions) {
    // The first line of the definition names the routine: `CREATE OR REPLACE FUNCTION s.name(...)`.
    const define = exact(() => [f.arguments, f.result, f.definition.split('\n').slice(1).join('\n')]);
    found.push({ kind: f.kind, schema: f.schema, name: f.name, argumentTypes: f.argumentTypes, define });
  }
  for (const t of model.triggers) {
    found.push({
      kind: 'trigger',
      schema: t.schema,
      table: t.table,
      name: t.name,
      define: exact(() => withoutName(t.definition, t.name)),
    });
  }
  return found;
}

/** Each schema, defined by the names of the objects with names of their own in it (`NAMED_KINDS`). */
function schemasOf(model: SchemaModel): Renamable[] {
  const contents = new Map<string, string[]>(model.schemas.map((s): [string, string[]] => [s, []]));
  for (const kind of NAMED_KINDS) for (const o of model[kind]) contents.get(o.schema)?.push(o.name);
  return [...contents].map(([name, parts]) => ({
    kind: 'schema',
    schema: name,
    name,
    define: () => ({ signature: json(parts.sort()), parts }),
  }));
}

function tableOf(table: TableModel): Renamable {
  const { schema, name, partitionOf } = table;
  if (partitionOf !== undefined)
    return {
      kind: 'table',
      schema,
      name,
      define: () => ({ signature: json(partitionOf), parts: [partitionOf.bound] }),
    };
  // Loose, so that a naming convention applied (`pollId` to `poll_id`, `"PollStatus"` to `poll_status`) still matches.
  const columns = (): string[] => table.columns.map((c) => looseName(`${c.name} ${c.type}`));
  return {
    kind: 'table',
    schema,
    name,
    define: () => ({ signature: json([table.columns, table.partitionBy ?? null]), parts: columns() }),
  };
}

/**
 * An enum's values, named within it: a value is what rows hold, so one gone
 * beside one new is a rename to decide. What stands around a value is its
 * definition, so the value in the same place ranks first.
 */
function enumValuesOf(e: EnumModel): Renamable[] {
  return e.values.map((value, i) => ({
    kind: 'enumValue',
    schema: e.schema,
    table: e.name,
    name: value,
    define: () => ({ signature: json([e.values[i - 1] ?? null, e.values[i + 1] ?? null]), parts: [] }),
  }));
}

/** The names of a table's columns, keys, indexes and policies: when equal on both sides, none of them is renamed. */
export function partNames(table: TableModel): string {
  // constraintsOf's order, without copying each constraint for its name (every table of both sides comes here).
  const names: string[] = [];
  const add = (list: readonly { name: string }[] | undefined): void => {
    for (const part of list ?? []) names.push(part.name);
  };
  add(table.columns);
  if (table.primaryKey) names.push(table.primaryKey.name);
  add(table.uniques);
  add(table.foreignKeys);
  add(table.checks);
  add(table.exclusions);
  add(table.indexes);
  add(table.policies);
  return names.join('\u0000');
}

/** A table's columns, keys, indexes and policies. */
export function tableParts(table: TableModel): Renamable[] {
  const { schema, name } = table;
  const found: Renamable[] = [];
  for (const column of table.columns) {
    found.push({
      kind: 'column',
      schema,
      table: name,
      name: column.name,
      define: () => ({ signature: json(unnamed(column)), parts: [column.type] }),
    });
  }
  for (const constraint of constraintsOf(table)) {
    found.push({
      kind: 'constraint',
      schema,
      table: name,
      name: constraint.name,
      define: () => ({ signature: json(unnamed(constraint)), parts: [] }),
    });
  }
  for (const index of table.indexes) found.push(indexOf(schema, name, index));
  for (const policy of table.policies ?? []) {
    found.push({
      kind: 'policy',
      schema,
      table: name,
      name: policy.name,
      define: () => ({ signature: json(unnamed(policy)), parts: [] }),
    });
  }
  return found;
}

function indexOf(schema: string, table: string, index: IndexModel): Renamable {
  return {
    kind: 'index',
    schema,
    table,
    name: index.name,
    define: () => ({ signature: json(unnamed(index)), parts: [] }),
  };
}

function constraintsOf(table: TableModel): ConstraintModel[] {
  return [
    ...(table.primaryKey ? [{ type: 'primaryKey' as const, ...table.primaryKey }] : []),
    ...table.uniques.map((u) => ({ type: 'unique' as const, ...u })),
    ...table.foreignKeys.map((f) => ({ type: 'foreignKey' as const, ...f })),
    ...table.checks.map((c) => ({ type: 'check' as const, ...c })),
    ...(table.exclusions ?? []).map((x) => ({ type: 'exclusion' as const, ...x })),
  ];
}

/** A definition that spells its own name (a trigger's), with the name taken out. */
function withoutName(definition: string, name: string): string {
  const quoted = quoteIdent(name);
  const at = definition.indexOf(` ${quoted} `) >= 0 ? quoted : name;
  return definition.replace(` ${at} `, ' ? ');
}

/**
 * A name without case, underscores, quotes or spaces: what a naming
 * convention changes (`pollId`, `poll_id`, `"PollId"`), so that a rename
 * applying one is still a candidate.
 */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[_"\s]/g, '');
}
