import type { SchemaModel, TableModel, TriggerModel } from '../schema/model.js';
import { qualifiedKey, serverTraits } from '../schema/model.js';
import { compareQualified as bySchemaName, compareText } from '../schema/object-keys.js';
import type { Batch } from './canonical-batches.js';
import type { Selection } from './canonical-select.js';
import { CANONICAL_KINDS } from './canonical-kinds.js';
import { MODEL_KIND_LISTS, type ModelKind } from '../schema/model-kinds.js';

/**
 * The canonical model put together from what compare first kept (live
 * forms) and what each batch created and reflected (canonical-batches.ts),
 * in the order a single creation of the whole model gives.
 */

/**
 * Nothing was sent: every declared object matches the database, and its live
 * form is its canonical form. Each kind as compare first treats it
 * (`CANONICAL_KINDS`' `compareFirst`): one compared takes its live form, one declared is kept as
 * declared, and of a kind always sent none is declared (else something would
 * have been sent).
 */
export function fromLive(declared: SchemaModel, live: SchemaModel, originals: readonly string[]): SchemaModel {
  const mate = <T extends { schema: string; name: string }>(mine: readonly T[], theirs: readonly T[]): T[] => {
    const byKey = new Map(theirs.map((o) => [qualifiedKey(o.schema, o.name), o]));
    // The model is readonly: a live form is taken as it is, not copied.
    return mine.map((o) => byKey.get(qualifiedKey(o.schema, o.name)) ?? structuredClone(o)).sort(bySchemaName);
  };
  const model = Object.fromEntries(
    MODEL_KIND_LISTS.map((kind) => {
      const treatment = CANONICAL_KINDS[kind].compareFirst;
      if (treatment === 'declared') return [kind, structuredClone(declared[kind])];
      if (treatment === 'compared') return [kind, mate(compared(declared, kind), compared(live, kind))];
      return [kind, []];
    }),
  ) as unknown as SchemaModel;
  return {
    ...model,
    schemas: originals.filter((s) => s !== 'public').sort(),
    triggers: [...model.triggers].sort(byTrigger),
    // Read from the same server as a batch would be: on PostgreSQL 18 it names NOT NULL constraints.
    ...serverTraits(live),
  };
}

/** The list of a kind compare first compares, whose objects it matches by schema and name. */
function compared(model: SchemaModel, kind: ModelKind): readonly { schema: string; name: string }[] {
  return model[kind] as readonly { schema: string; name: string }[];
}

/**
 * The first batch's model (every object besides tables and triggers), with
 * each sent table and trigger from the batch that owns it and the others in
 * their live form.
 */
export function mergeBatches(
  declared: SchemaModel,
  live: SchemaModel,
  selection: Selection,
  batches: readonly Batch[],
  made: readonly SchemaModel[],
): SchemaModel {
  const liveTables = new Map(live.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const madeTables = new Map<string, TableModel>();
  batches.forEach((batch, i) => {
    for (const t of made[i]!.tables) {
      const key = qualifiedKey(t.schema, t.name);
      if (batch.own.has(key)) madeTables.set(key, t);
    }
  });
  const tables = declared.tables.map((t) => {
    const key = qualifiedKey(t.schema, t.name);
    const found = selection.sentTables.has(key) ? madeTables.get(key) : liveTables.get(key);
    if (found === undefined) throw new Error(`canonicalization lost table ${t.schema}.${t.name}`);
    return found;
  });
  const kept = declared.triggers.filter((t) => !selection.sentTriggers.has(t));
  const triggers = [...structuredClone(kept), ...made.flatMap((m) => m.triggers)].sort(byTrigger);
  return { ...made[0]!, tables: tables.sort(bySchemaName), triggers };
}

function byTrigger(a: TriggerModel, b: TriggerModel): number {
  return compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name);
}
