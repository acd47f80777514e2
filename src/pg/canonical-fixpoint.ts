import type { SchemaModel, TableModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import type { ViewModel } from '../schema/model-objects.js';
import { AthanorError } from '../util/errors.js';
import type { Driver } from './driver.js';
import { canonicalizeModel } from './canonicalize.js';
import { stableJson } from './canonical-select.js';

/**
 * The fixed point of canonicalization. Some texts the server prints do not
 * print the same once created again: a check stored as
 * `(c)::text = ANY ((ARRAY['a'::character varying])::text[])` comes back as
 * `= ANY (ARRAY[('a'::character varying)::text])`, a `UNION ALL` branch's
 * `NULL::integer` as `NULL::integer AS int4`. A database made by hand or by
 * another tool holds the first printing, the canonical model the second, and
 * comparing them would report a difference forever.
 *
 * So where a canonical text differs from the live one, the live text is
 * canonicalized as well: the declared model, with the live texts in place of
 * the declared ones, is created once more in scratch schemas (rolled back);
 * where that gives the same canonical text as the declared one, the two mean
 * the same and the canonical model takes the live text. Nothing is sent when
 * no text differs, and a text whose canonical forms differ stays a difference.
 */
export async function reachFixedPoint(driver: Driver, declared: SchemaModel, canonical: SchemaModel, live: SchemaModel): Promise<SchemaModel> {
  const slots = differingSlots(canonical, live);
  const views = differingViews(canonical, live);
  if (slots.length === 0 && views.length === 0) return canonical;
  const hybrid = withLiveTexts(declared, slots, views);
  if (hybrid === null) return canonical;
  let again: SchemaModel;
  try {
    again = await canonicalizeModel(driver, hybrid, canonical);
  } catch (error) {
    // The live texts do not create in the model's context: they are not the same, and the difference stays.
    if (error instanceof AthanorError && error.code === 'model-invalid') return canonical;
    throw error;
  }
  const result = structuredClone(canonical);
  const agains = byKey(again.tables);
  const results = byKey(result.tables);
  const canonicals = byKey(canonical.tables);
  for (const slot of slots) {
    const made = agains.get(slot.table);
    const before = canonicals.get(slot.table)!;
    if (made === undefined || readSlot(made, slot) !== readSlot(before, slot)) continue;
    writeSlot(results.get(slot.table)!, slot, slot.live);
  }
  const againViews = byKey(again.views ?? []);
  for (const view of result.views ?? []) {
    const mate = views.find((v) => v.key === qualifiedKey(view.schema, view.name));
    if (mate !== undefined && againViews.get(mate.key)?.definition === view.definition) view.definition = mate.live;
  }
  return result;
}

type SlotKind = 'default' | 'generated' | 'check' | 'index' | 'using' | 'withCheck';

/** One text of a table (by kind and the name of its column, constraint, index or policy) whose live value differs. */
interface Slot {
  table: string;
  kind: SlotKind;
  name: string;
  /** The live value, as `readSlot` gives it. */
  live: string;
}

const KINDS: readonly SlotKind[] = ['default', 'generated', 'check', 'index', 'using', 'withCheck'];

function byKey<T extends { schema: string; name: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((o) => [qualifiedKey(o.schema, o.name), o]));
}

/** The names a table has for one kind of slot. */
function slotNames(table: TableModel, kind: SlotKind): string[] {
  switch (kind) {
    case 'default':
    case 'generated':
      return table.columns.map((c) => c.name);
    case 'check':
      return table.checks.map((c) => c.name);
    case 'index':
      return table.indexes.map((i) => i.name);
    case 'using':
    case 'withCheck':
      return (table.policies ?? []).map((p) => p.name);
  }
}

/** A slot's value as JSON (an index: its keys and predicate), or undefined when the table has no such item. */
function readSlot(table: TableModel, slot: Pick<Slot, 'kind' | 'name'>): string | undefined {
  const named = <T extends { name: string }>(list: readonly T[] | undefined): T | undefined => list?.find((o) => o.name === slot.name);
  switch (slot.kind) {
    case 'default':
      return json(named(table.columns)?.default);
    case 'generated':
      return json(named(table.columns)?.generated);
    case 'check':
      return json(named(table.checks)?.expression);
    case 'index': {
      const index = named(table.indexes);
      return index === undefined ? undefined : stableJson({ columns: index.columns, where: index.where });
    }
    case 'using':
      return json(named(table.policies)?.using);
    case 'withCheck':
      return json(named(table.policies)?.withCheck);
  }
}

function json(value: string | null | undefined): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/** Sets a slot from its JSON value; the item is there (`readSlot` found it). */
function writeSlot(table: TableModel, slot: Pick<Slot, 'kind' | 'name'>, value: string): void {
  const named = <T extends { name: string }>(list: readonly T[] | undefined): T => list!.find((o) => o.name === slot.name)!;
  const parsed = JSON.parse(value) as never;
  switch (slot.kind) {
    case 'default':
      named(table.columns).default = parsed;
      return;
    case 'generated':
      named(table.columns).generated = parsed;
      return;
    case 'check':
      named(table.checks).expression = parsed;
      return;
    case 'index': {
      const { columns, where } = JSON.parse(value) as Pick<TableModel['indexes'][number], 'columns' | 'where'>;
      Object.assign(named(table.indexes), { columns, where });
      return;
    }
    case 'using':
      named(table.policies).using = parsed;
      return;
    case 'withCheck':
      named(table.policies).withCheck = parsed;
      return;
  }
}

/** The texts of the tables both models hold whose canonical and live values differ. */
function differingSlots(canonical: SchemaModel, live: SchemaModel): Slot[] {
  const lives = byKey(live.tables);
  const slots: Slot[] = [];
  for (const table of canonical.tables) {
    const key = qualifiedKey(table.schema, table.name);
    const mate = lives.get(key);
    if (mate === undefined || stableJson(table) === stableJson(mate)) continue;
    for (const kind of KINDS) {
      for (const name of slotNames(table, kind)) {
        const mine = readSlot(table, { kind, name });
        const theirs = readSlot(mate, { kind, name });
        if (mine !== undefined && theirs !== undefined && mine !== theirs) slots.push({ table: key, kind, name, live: theirs });
      }
    }
  }
  return slots;
}

/** The views both models hold whose canonical and live queries differ. */
function differingViews(canonical: SchemaModel, live: SchemaModel): { key: string; live: string }[] {
  const lives = byKey(live.views ?? []);
  const out: { key: string; live: string }[] = [];
  for (const view of canonical.views ?? []) {
    const key = qualifiedKey(view.schema, view.name);
    const mate = lives.get(key);
    if (mate !== undefined && mate.materialized === view.materialized && mate.definition !== view.definition) out.push({ key, live: mate.definition });
  }
  return out;
}

/** The declared model with the live texts in place of its own; null when none of them has a declared place. */
function withLiveTexts(declared: SchemaModel, slots: readonly Slot[], views: readonly { key: string; live: string }[]): SchemaModel | null {
  const hybrid = structuredClone(declared);
  const tables = byKey(hybrid.tables);
  let placed = 0;
  for (const slot of slots) {
    const table = tables.get(slot.table);
    if (table === undefined || readSlot(table, slot) === undefined) continue;
    writeSlot(table, slot, slot.live);
    placed++;
  }
  const declaredViews: Map<string, ViewModel> = byKey(hybrid.views ?? []);
  for (const view of views) {
    const target = declaredViews.get(view.key);
    if (target === undefined) continue;
    target.definition = view.live;
    placed++;
  }
  return placed === 0 ? null : hybrid;
}
