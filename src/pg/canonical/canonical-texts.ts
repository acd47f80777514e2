import type { DomainModel, IndexModel, SchemaModel, TableModel, TriggerModel, ViewModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { sameJson, stableJson } from './canonical-select.js';

/**
 * The texts of a model that the server prints (pg_get_expr,
 * pg_get_constraintdef, pg_get_viewdef, pg_get_triggerdef), one by one, so
 * that the fixed point (canonical-fixpoint.ts) can tell which of them differ
 * between the canonical model and the database, and put one in place of
 * another.
 */

/** The kinds of objects holding such texts. */
export type TextOwner = 'table' | 'view' | 'domain' | 'trigger';

export const TEXT_OWNERS: readonly TextOwner[] = ['table', 'view', 'domain', 'trigger'];

/** One text of an object: which one (`check/<name>`, `default/<column>`, ...), its value as JSON, and how to set it. */
export interface TextSlot {
  field: string;
  value: string;
  set(value: string): void;
}

/** One text whose canonical and live values differ. */
export interface TextDifference {
  owner: TextOwner;
  /** The key of its object (`ownerKey`). */
  key: string;
  field: string;
  /** The values (JSON) in the canonical model and in the database. */
  canonical: string;
  live: string;
}

type Owned = TableModel | ViewModel | DomainModel | TriggerModel;

/** The objects of one kind, by key. */
export function ownersOf(model: SchemaModel, owner: TextOwner): Map<string, Owned> {
  switch (owner) {
    case 'table':
      return new Map(model.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
    case 'view':
      return new Map(model.views.map((v) => [qualifiedKey(v.schema, v.name), v]));
    case 'domain':
      return new Map(model.domains.map((d) => [qualifiedKey(d.schema, d.name), d]));
    case 'trigger':
      return new Map(model.triggers.map((t) => [JSON.stringify([t.schema, t.table, t.name]), t]));
  }
}

/** The printed texts an object holds (texts that are null or absent are left out). */
export function slotsOf(owner: TextOwner, object: Owned): TextSlot[] {
  switch (owner) {
    case 'table':
      return tableSlots(object as TableModel);
    case 'view':
      return viewSlots(object as ViewModel);
    case 'domain':
      return domainSlots(object as DomainModel);
    case 'trigger': {
      const trigger = object as TriggerModel;
      return [textSlot('definition', trigger.definition, (v) => (trigger.definition = v))!];
    }
  }
}

/**
 * The texts of the objects both models hold whose values differ. Objects
 * that are equal as a whole are skipped, so a model that matches the
 * database costs one comparison per object.
 */
export function differingTexts(canonical: SchemaModel, live: SchemaModel): TextDifference[] {
  const out: TextDifference[] = [];
  for (const owner of TEXT_OWNERS) {
    const lives = ownersOf(live, owner);
    for (const [key, object] of ownersOf(canonical, owner)) {
      const mate = lives.get(key);
      if (mate === undefined || sameJson(object, mate) || !sameKind(owner, object, mate)) continue;
      const theirs = new Map(slotsOf(owner, mate).map((s) => [s.field, s.value]));
      for (const slot of slotsOf(owner, object)) {
        const value = theirs.get(slot.field);
        if (value !== undefined && value !== slot.value)
          out.push({ owner, key, field: slot.field, canonical: slot.value, live: value });
      }
    }
  }
  return out;
}

/** A view and a materialized view of one name are not two printings of one query. */
function sameKind(owner: TextOwner, a: Owned, b: Owned): boolean {
  return owner !== 'view' || (a as ViewModel).materialized === (b as ViewModel).materialized;
}

function textSlot(field: string, value: string | null | undefined, set: (value: string) => void): TextSlot | null {
  if (typeof value !== 'string') return null;
  return { field, value: JSON.stringify(value), set: (json) => set(JSON.parse(json) as string) };
}

/** An index's keys and predicate, when one of them is an expression the server prints. */
function indexSlot(index: IndexModel): TextSlot | null {
  if (index.where === null && index.columns.every((c) => !('expression' in c))) return null;
  return {
    field: `index/${index.name}`,
    value: stableJson({ columns: index.columns, where: index.where }),
    set: (json) => {
      const { columns, where } = JSON.parse(json) as Pick<IndexModel, 'columns' | 'where'>;
      index.columns = columns;
      index.where = where;
    },
  };
}

function tableSlots(table: TableModel): TextSlot[] {
  const slots: (TextSlot | null)[] = [];
  for (const c of table.columns) {
    slots.push(textSlot(`default/${c.name}`, c.default, (v) => (c.default = v)));
    slots.push(textSlot(`generated/${c.name}`, c.generated, (v) => (c.generated = v)));
  }
  for (const c of table.checks) slots.push(textSlot(`check/${c.name}`, c.expression, (v) => (c.expression = v)));
  for (const i of table.indexes) slots.push(indexSlot(i));
  for (const x of table.exclusions ?? [])
    slots.push(textSlot(`exclusion/${x.name}`, x.definition, (v) => (x.definition = v)));
  for (const p of table.policies ?? []) {
    slots.push(textSlot(`using/${p.name}`, p.using, (v) => (p.using = v)));
    slots.push(textSlot(`withCheck/${p.name}`, p.withCheck, (v) => (p.withCheck = v)));
  }
  for (const o of table.columnOverrides ?? [])
    slots.push(textSlot(`override/${o.name}`, o.default, (v) => (o.default = v)));
  return slots.filter((s): s is TextSlot => s !== null);
}

function viewSlots(view: ViewModel): TextSlot[] {
  const slots: (TextSlot | null)[] = [textSlot('definition', view.definition, (v) => (view.definition = v))];
  for (const i of view.indexes) slots.push(indexSlot(i));
  const defaults = view.columnDefaults;
  for (const column of Object.keys(defaults ?? {}))
    slots.push(textSlot(`columnDefault/${column}`, defaults![column], (v) => (defaults![column] = v)));
  return slots.filter((s): s is TextSlot => s !== null);
}

function domainSlots(domain: DomainModel): TextSlot[] {
  const slots: (TextSlot | null)[] = [textSlot('default', domain.default, (v) => (domain.default = v))];
  for (const c of domain.checks) slots.push(textSlot(`check/${c.name}`, c.expression, (v) => (c.expression = v)));
  return slots.filter((s): s is TextSlot => s !== null);
}
