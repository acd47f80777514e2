import type { EnumColumnUse } from '../../../ops/families/enums.js';
import type { ColumnModel, EnumModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import type { EnumSideModel, EnumTables } from './enum-columns.js';
import { inTheWayOf } from '../../graph/closure.js';
import { dependentsOf, tableIndex } from '../../../schema/model-index.js';
import { partId, tableId } from '../../../schema/object-id.js';
import { readAtCreation } from '../../../sql/routine-body.js';
import { enumTypeSpellings, mentionsType, spellsLabel, sqlLiteral, typeUsesEnum, type EnumName } from './enum-text.js';

/**
 * Two questions about an enum that gains or loses values: whether the target
 * uses a new value anywhere (Postgres refuses a value added by
 * `ALTER TYPE ... ADD VALUE` until its transaction commits, while the values
 * of a type created in the transaction are usable at once), and what would
 * keep a replacement (`replaceEnum`) from dropping the renamed old type.
 */

/**
 * The `values` of `model` that the target spells: in a default, a generated
 * column, a check, an index, a policy, a view, a trigger or a domain (as
 * `'v'::schema.enum` or in an array literal), or anywhere in a routine's
 * definition that the server reads when it makes it (a body kept as text is
 * not canonical, so any `'v'` counts; a plpgsql body is not read then) or
 * the bound of a partition of a table with a column of the enum.
 */
export function newValuesUsed(model: EnumModel, values: readonly string[], target: EnumSideModel): string[] {
  // A label is spelled only next to the type's name: texts without it are left out at once.
  const spellings = enumTypeSpellings(model);
  const texts = [
    ...strings(target.tables),
    ...strings(target.views),
    ...strings(target.triggers),
    ...strings(target.domains),
  ].filter((text) => spellings.some((type) => text.includes(type)));
  // Routine definitions kept as text, as far as the server reads them when it makes the routine (not a plpgsql
  // body), and partition bounds (printed without casts) of tables partitioned by the enum.
  const literalTexts = [
    ...target.functions.map((r) => readAtCreation(r.definition)),
    ...enumPartitionBounds(model, target),
  ];
  return values.filter(
    (value) =>
      texts.some((text) => spellsLabel(text, model, value)) ||
      literalTexts.some((text) => text.includes(sqlLiteral(value))),
  );
}

/** The bounds of the partitions whose parent has a column of the enum, its own or its root's (its key may be one). */
function enumPartitionBounds(model: EnumModel, target: EnumSideModel): string[] {
  // A partition has its root's columns: one partitioned again may be partitioned by the enum.
  const index = tableIndex(target.tables);
  const parents = new Set(
    target.tables
      .filter((t) => index.effectiveColumns(t).some((c) => typeUsesEnum(c.type, model)))
      .map((t) => qualifiedKey(t.schema, t.name)),
  );
  return target.tables.flatMap((t) =>
    t.partitionOf !== undefined && parents.has(qualifiedKey(t.partitionOf.schema, t.partitionOf.table))
      ? [t.partitionOf.bound]
      : [],
  );
}

/**
 * Why `model` cannot be replaced, one phrase per cause, sorted: a domain based
 * on it, a composite type with an attribute of it, a foreign table with a column of it, a partition key or a generated column using it or a column it converts, a
 * default of a column of another type that casts to it while that column
 * changes type (one keeping its type is handled, see `castingDefaults`).
 * Only what the target keeps counts (what goes is dropped before the
 * replacement), domains excepted (they are dropped after it).
 */
export function replaceBlockers(model: EnumModel, columns: readonly EnumColumnUse[], tables: EnumTables): string[] {
  const causes: string[] = [];
  for (const domain of tables.models?.current.domains ?? []) {
    if (typeUsesEnum(domain.type, model)) causes.push(`domain ${domain.schema}.${domain.name} is based on it`);
  }
  // Its old type would stay behind in the attribute: a composite type cannot be converted.
  for (const composite of tables.models?.current.composites ?? []) {
    if (composite.attributes.some((a) => typeUsesEnum(a.type, model)))
      causes.push(`composite type ${composite.schema}.${composite.name} has an attribute of it`);
  }
  // ALTER FOREIGN TABLE ... TYPE takes no USING: a foreign table's column cannot be converted.
  for (const table of tables.models?.current.foreignTables ?? []) {
    if (table.columns.some((c) => typeUsesEnum(c.type, model)))
      causes.push(`foreign table ${table.schema}.${table.name} has a column of it`);
  }
  const after = new Map(
    tables.target.map((t) => [qualifiedKey(t.schema, t.name), new Map(t.columns.map((c) => [c.name, c]))]),
  );
  const dependents = tables.models === undefined ? undefined : dependentsOf(tables.models.current);
  const index = tableIndex(tables.current);
  for (const table of tables.current) {
    const keptColumns = after.get(qualifiedKey(table.schema, table.name));
    if (keptColumns === undefined) continue;
    // A partition's columns are converted with its parents': its own partition key may use one.
    const around = new Set([qualifiedKey(table.schema, table.name), ...index.ancestorKeys(table)]);
    const converted = columns.filter((use) => around.has(qualifiedKey(use.schema, use.table))).map((use) => use.column);
    // Converting a column is a type change: a generated column using it, or a partition key, is in its way (`blocks`), as the catalog records it.
    const users = new Set(
      dependents === undefined
        ? []
        : converted.flatMap((name) => inTheWayOf(dependents, partId('column', table, name), 'retype')),
    );
    const key = table.partitionBy;
    if (key !== undefined && (mentionsType(key, model) || users.has(tableId(table)))) {
      causes.push(`the partition key of ${table.schema}.${table.name} uses it or a column it converts`);
    }
    for (const column of table.columns) {
      const kept = keptColumns.get(column.name);
      if (kept === undefined) continue;
      const where = `${table.schema}.${table.name}.${column.name}`;
      const generated = column.generated;
      if (
        generated !== undefined &&
        (mentionsType(generated, model) || users.has(partId('column', table, column.name)))
      ) {
        causes.push(`generated column ${where} is computed from it or from a column it converts`);
      } else if (castingDefault(column, model) && kept.type !== column.type) {
        causes.push(`the default of ${where} casts to it while the column changes type`);
      }
    }
  }
  return causes.sort();
}

/** Whether a column of another type has a default that casts to the enum. */
function castingDefault(column: ColumnModel, model: EnumName): boolean {
  return !typeUsesEnum(column.type, model) && column.default !== null && mentionsType(column.default, model);
}

/** A column of another type whose default casts to the enum, on both sides with the same type. */
export interface CastingDefault {
  schema: string;
  table: string;
  column: string;
  from: string;
  to: string | null;
}

/**
 * The columns of other types whose default casts to the enum and that keep
 * their type: their default is dropped before the replacement and set
 * again (the target's) after it, so the old type can be dropped.
 */
export function castingDefaults(model: EnumName, tables: EnumTables): CastingDefault[] {
  const after = new Map(tables.target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const found: CastingDefault[] = [];
  for (const table of tables.current) {
    const next = after.get(qualifiedKey(table.schema, table.name));
    for (const column of table.columns) {
      const kept = next?.columns.find((c) => c.name === column.name);
      if (kept === undefined || kept.type !== column.type || !castingDefault(column, model) || column.default === null)
        continue;
      found.push({
        schema: table.schema,
        table: table.name,
        column: column.name,
        from: column.default,
        to: kept.default,
      });
    }
  }
  return found;
}

/** Every string in a plain JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}
