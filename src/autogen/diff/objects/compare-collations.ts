import type { Operation } from '../../../ops/operation.js';
import { splitQualifiedName } from '../../../schema/collation.js';
import type { CollationModel, IndexModel, SchemaModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import { compareText, sameValue } from '../compare-values.js';

/**
 * Collations are keyed by schema and name. Postgres cannot alter one's
 * definition, so a changed collation is dropped and created again; that is
 * left out and reported in `unsupported` while the database has a column or
 * an index key using it, which would block the drop.
 */
export interface CollationSteps {
  /** Right after schemas and extensions: new collations, and changed ones dropped then created. */
  create: Operation[];
  /** After the tables: collations the model no longer has. */
  drop: Operation[];
  /** One message per changed collation that something in the database uses; by (schema, name). */
  unsupported: string[];
}

export function compareCollations(current: SchemaModel, target: SchemaModel): CollationSteps {
  const before = byKey(current.collations);
  const after = byKey(target.collations);
  const used = collationUses(current);
  const steps: CollationSteps = { create: [], drop: [], unsupported: [] };
  for (const [key, collation] of after) {
    const old = before.get(key);
    const users = used.get(key);
    if (old === undefined) steps.create.push(create(collation));
    else if (sameValue(old, collation)) continue;
    else if (users === undefined) steps.create.push(drop(old), create(collation));
    else steps.unsupported.push(blockedMessage(collation, users));
  }
  for (const [key, old] of before) if (!after.has(key)) steps.drop.push(drop(old));
  return steps;
}

/** Why a changed collation is not dropped and created again. */
function blockedMessage(collation: CollationModel, users: readonly string[]): string {
  const name = `${collation.schema}.${collation.name}`;
  return (
    `collation ${name} changes its definition, but Postgres cannot alter a collation and cannot drop it while ${users.join(', ')} use it: ` +
    `declare the new definition as a collation under another name, move the columns and indexes to it, and drop ${name} in a later revision`
  );
}

function byKey(collations: readonly CollationModel[]): Map<string, CollationModel> {
  const entries = collations.map((c) => [qualifiedKey(c.schema, c.name), c] as [string, CollationModel]);
  return new Map(entries.sort((a, b) => compareText(a[0], b[0])));
}

function create(collation: CollationModel): Operation {
  return { kind: 'createCollation', collation: ordered(collation) };
}

function drop(collation: CollationModel): Operation {
  return { kind: 'dropCollation', schema: collation.schema, name: collation.name, removed: ordered(collation) };
}

/** Its keys in one order, whichever side built it. */
function ordered(c: CollationModel): CollationModel {
  return {
    schema: c.schema,
    name: c.name,
    provider: c.provider,
    ...(c.locale !== undefined ? { locale: c.locale } : {}),
    ...(c.lcCollate !== undefined ? { lcCollate: c.lcCollate } : {}),
    ...(c.lcCtype !== undefined ? { lcCtype: c.lcCtype } : {}),
    ...(c.rules !== undefined ? { rules: c.rules } : {}),
    ...(c.deterministic === false ? { deterministic: false } : {}),
  };
}

/** What uses each schema-qualified collation, by collation key: `column public.t.c`, `index public.t_c_idx`. */
function collationUses(model: SchemaModel): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  const note = (collation: string | undefined, what: string): void => {
    const parts = collation === undefined ? [] : splitQualifiedName(collation);
    if (parts.length !== 2) return;
    const key = qualifiedKey(parts[0] as string, parts[1] as string);
    uses.set(key, [...(uses.get(key) ?? []), what]);
  };
  const noteIndexes = (schema: string, indexes: readonly IndexModel[]): void => {
    for (const index of indexes)
      for (const column of index.columns) note(column.collation, `index ${schema}.${index.name}`);
  };
  for (const table of model.tables) {
    for (const column of table.columns) note(column.collation, `column ${table.schema}.${table.name}.${column.name}`);
    noteIndexes(table.schema, table.indexes);
  }
  for (const view of model.views) noteIndexes(view.schema, view.indexes);
  return uses;
}
