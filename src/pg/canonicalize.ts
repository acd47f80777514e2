import { compareQualified as bySchemaName } from '../schema/object-keys.js';
import { randomBytes } from 'node:crypto';
import type { Operation } from '../ops/operation.js';
import type { ColumnModel, ExclusionModel, SchemaModel, TableModel } from '../schema/model.js';
import { AthanorError, errorMessage } from '../util/errors.js';
import { compileOperation } from './ddl/compile.js';
import type { Driver } from './driver.js';
import { TX } from './lock.js';
import { quoteIdent } from './quote.js';
import { reflectSchema } from './reflect.js';
import { createScratchModel, objectSchemas, prepareScratchObjects, restoreObjects, scratchRestorers } from './canonicalize-objects.js';
import { movedTableFeatures, parentsFirst, policyCreations, withoutPolicies } from './canonical-table-features.js';

/**
 * Canonicalizes a declared model through the server itself: inside a
 * transaction that is always rolled back, the model is created in scratch
 * schemas and reflected back. Type spellings, default, check, index and
 * predicate expressions then read exactly as Postgres prints them, so that a
 * model and the database it describes compare equal. Nothing outside the
 * scratch schemas is touched, and nothing survives the rollback.
 */
export async function canonicalizeModel(driver: Driver, model: SchemaModel): Promise<SchemaModel> {
  const originals = schemasOf(model);
  if (originals.length === 0) return structuredClone(model);
  const tag = randomBytes(4).toString('hex');
  const scratch = originals.map((_, i) => `athanor_canon_${tag}_${i}`);
  const quoted = await quoteIdents(driver, [...originals, ...model.enums.map((e) => e.name)]);
  const rename = new Map(originals.map((name, i) => [name, scratch[i]!]));
  const scratchModel = moveModel(model, rename, (name) => quoted.get(name)!);
  await driver.exec(TX.begin);
  try {
    for (const name of scratch) await driver.exec(`CREATE SCHEMA ${quoteIdent(name)}`);
    await shadowSearchPath(driver, rename);
    const objects = await prepareScratchObjects(driver, model, scratchModel, rename);
    await createScratchModel(driver, objects, creationOps(objects.model), (op) => applyForCanonical(driver, op));
    const reflected = await reflectSchema(driver, { schemas: scratch });
    const back = new Map(scratch.map((s, i) => [s, originals[i]!]));
    const restored = restoreNames(reflected, back, (name) => quoted.get(name)!);
    return restoreObjects(reflected, restored, model, objects, scratchRestorers(back, (name) => quoted.get(name)!));
  } finally {
    await driver.exec(TX.rollback).catch(() => undefined);
  }
}

function schemasOf(model: SchemaModel): string[] {
  const names = new Set<string>(model.schemas);
  for (const t of model.tables) {
    names.add(t.schema);
    for (const fk of t.foreignKeys) names.add(fk.refSchema);
  }
  for (const e of model.enums) names.add(e.schema);
  for (const schema of objectSchemas(model)) names.add(schema);
  return [...names].sort();
}

/** `quote_ident()` as the server spells it, which is how `format_type` qualifies names. */
async function quoteIdents(driver: Driver, names: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(names)];
  const { rows } = await driver.query<{ name: string; quoted: string }>(
    'SELECT n AS name, quote_ident(n) AS quoted FROM unnest($1::text[]) AS n',
    [unique],
  );
  return new Map(rows.map((r) => [r.name, r.quoted]));
}

/** The model with every schema renamed, and enum type references following their enum. */
function moveModel(model: SchemaModel, rename: Map<string, string>, quoted: (name: string) => string): SchemaModel {
  const typeRenames = model.enums.map((e) => ({
    from: `${quoted(e.schema)}.${quoted(e.name)}`,
    to: `${rename.get(e.schema)!}.${quoted(e.name)}`,
  }));
  const moveType = (type: string): string => {
    for (const { from, to } of typeRenames) {
      if (type === from || type.startsWith(`${from}[`)) return to + type.slice(from.length);
    }
    return type;
  };
  /* Casts to a declared enum inside an expression, e.g. a default `'ok'::public.mood`. */
  const moveText = (text: string): string => typeRenames.reduce((acc, { from, to }) => acc.split(from).join(to), text);
  const moveNullable = (text: string | null): string | null => (text === null ? null : moveText(text));
  return {
    schemas: model.schemas.map((s) => rename.get(s) ?? s),
    enums: model.enums.map((e) => ({ ...e, schema: rename.get(e.schema)! })),
    tables: model.tables.map((t) => ({
      ...t,
      schema: rename.get(t.schema)!,
      columns: t.columns.map((c) => ({
        ...c,
        type: moveType(c.type),
        default: moveNullable(c.default),
        ...movedGenerated(c, moveText),
      })),
      foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, refSchema: rename.get(fk.refSchema)! })),
      checks: t.checks.map((c) => ({ ...c, expression: moveText(c.expression) })),
      ...movedExclusions(t, moveText),
      ...movedTableFeatures(t, (name) => rename.get(name) ?? name, moveText),
      indexes: t.indexes.map((i) => ({
        ...i,
        where: moveNullable(i.where),
        columns: i.columns.map((c) => ('expression' in c ? { ...c, expression: moveText(c.expression) } : c)),
      })),
    })),
  };
}

/**
 * Puts each scratch schema in the search path ahead of the schema it stands
 * for, so unqualified names in the user's expressions (`'ok'::mood`) resolve
 * to the scratch copies, while everything else still resolves as before.
 */
async function shadowSearchPath(driver: Driver, rename: Map<string, string>): Promise<void> {
  const { rows } = await driver.query<{ name: string }>('SELECT unnest(current_schemas(false))::text AS name');
  const shadows = rows.map((r) => rename.get(r.name)).filter((s): s is string => s !== undefined);
  if (shadows.length === 0) return;
  await driver.query("SELECT set_config('search_path', $1 || ', ' || current_setting('search_path'), true)", [
    shadows.map(quoteIdent).join(', '),
  ]);
}

/** Enums, then tables (parents before partitions) without foreign keys or policies, then every foreign key, then policies. */
function creationOps(model: SchemaModel): Operation[] {
  const ops: Operation[] = model.enums.map((e) => ({ kind: 'createEnum', enum: e }));
  for (const table of parentsFirst(model.tables)) ops.push({ kind: 'createTable', table: { ...withoutPolicies(table), foreignKeys: [] } });
  for (const table of model.tables) {
    for (const fk of table.foreignKeys) {
      ops.push({ kind: 'addConstraint', schema: table.schema, table: table.name, constraint: { type: 'foreignKey', ...fk } });
    }
  }
  ops.push(...policyCreations(model.tables));
  return ops;
}

async function applyForCanonical(driver: Driver, op: Operation): Promise<void> {
  for (const statement of compileOperation(op)) {
    try {
      await driver.query(statement.sql, statement.params);
    } catch (error) {
      const what =
        op.kind === 'createTable' ? `table ${op.table.name}`
        : op.kind === 'createEnum' ? `enum ${op.enum.name}`
        : op.kind === 'createPolicy' ? `policy ${op.policy.name} on ${op.table}`
        : 'a foreign key';
      throw new AthanorError(
        'model-invalid',
        `the model does not load into Postgres (${what}): ${errorMessage(error).replace(/athanor_canon_[0-9a-f]+_\d+\./g, '')}; fix the model file`,
        { cause: error },
      );
    }
  }
}

/** Maps scratch schema names back: raw in name fields, quoted inside SQL text. */
function restoreNames(model: SchemaModel, back: Map<string, string>, quoted: (name: string) => string): SchemaModel {
  const pattern = /\bathanor_canon_[0-9a-f]+_\d+\b/g;
  const text = (s: string): string => s.replace(pattern, (m) => quoted(back.get(m) ?? m));
  const raw = (s: string): string => back.get(s) ?? s;
  const table = (t: TableModel): TableModel => ({
    ...t,
    schema: raw(t.schema),
    columns: t.columns.map((c) => ({
      ...c,
      type: text(c.type),
      default: c.default === null ? null : text(c.default),
      ...movedGenerated(c, text),
    })),
    foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, refSchema: raw(fk.refSchema) })),
    checks: t.checks.map((c) => ({ ...c, expression: text(c.expression) })),
    ...movedExclusions(t, text),
    ...movedTableFeatures(t, raw, text),
    indexes: t.indexes.map((i) => ({
      ...i,
      where: i.where === null ? null : text(i.where),
      columns: i.columns.map((c) => ('expression' in c ? { ...c, expression: text(c.expression) } : c)),
    })),
  });
  return {
    schemas: model.schemas.map(raw).filter((s) => s !== 'public').sort(),
    enums: model.enums.map((e) => ({ ...e, schema: raw(e.schema) })).sort(bySchemaName),
    tables: model.tables.map(table).sort(bySchemaName),
  };
}

/** A generated column's expression with schema names moved; nothing for other columns. */
function movedGenerated(column: ColumnModel, move: (text: string) => string): { generated?: string } {
  return column.generated === undefined ? {} : { generated: move(column.generated) };
}

/** A table's exclusion constraints with schema names moved inside their definitions; nothing when it has none. */
function movedExclusions(table: TableModel, move: (text: string) => string): { exclusions?: ExclusionModel[] } {
  if (table.exclusions === undefined) return {};
  return { exclusions: table.exclusions.map((e) => ({ ...e, definition: move(e.definition) })) };
}

