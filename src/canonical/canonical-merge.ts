import type { SchemaModel, TableModel, TriggerModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import { compareQualified as bySchemaName, compareText } from '../schema/object-keys.js';
import type { Batch } from './canonical-batches.js';
import type { Selection } from './canonical-select.js';

/**
 * The canonical model put together from what compare first kept (live
 * forms) and what each batch created and reflected (canonical-batches.ts),
 * in the order a single creation of the whole model gives.
 */

/** Nothing was sent: every declared object matches the database, and its live form is its canonical form. */
export function fromLive(declared: SchemaModel, live: SchemaModel, originals: readonly string[]): SchemaModel {
  const mate = <T extends { schema: string; name: string }>(list: readonly T[]): ((o: T) => T) => {
    const byKey = new Map(list.map((o) => [qualifiedKey(o.schema, o.name), o]));
    // The model is readonly: a live form is taken as it is, not copied.
    return (o) => byKey.get(qualifiedKey(o.schema, o.name)) ?? structuredClone(o);
  };
  return {
    schemas: originals.filter((s) => s !== 'public').sort(),
    enums: declared.enums.map(mate(live.enums)).sort(bySchemaName),
    tables: declared.tables.map(mate(live.tables)).sort(bySchemaName),
    extensions: declared.extensions.map((e) => ({ ...e })),
    sequences: declared.sequences.map(mate(live.sequences)).sort(bySchemaName),
    domains: declared.domains.map(mate(live.domains)).sort(bySchemaName),
    composites: [],
    collations: [],
    views: [],
    functions: [],
    rules: [],
    statistics: [],
    casts: [],
    textSearchDictionaries: [],
    textSearchConfigurations: [],
    operators: [],
    operatorClasses: [],
    foreignDataWrappers: structuredClone(declared.foreignDataWrappers),
    foreignServers: structuredClone(declared.foreignServers),
    foreignTables: [],
    triggers: [...structuredClone(declared.triggers)].sort(byTrigger),
    comments: structuredClone(declared.comments),
    // Read from the same server as a batch would be: on PostgreSQL 18 it names NOT NULL constraints.
    ...(live.notNullNames === true ? { notNullNames: true as const } : {}),
  };
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
