import type {
  ColumnModel,
  DomainModel,
  IndexModel,
  PolicyModel,
  SchemaModel,
  TableModel,
  TriggerModel,
  ViewModel,
} from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import { sameJson, stableJson } from './canonical-select.js';

/**
 * The texts of a model that the server prints (pg_get_expr,
 * pg_get_constraintdef, pg_get_viewdef, pg_get_triggerdef), one by one, so
 * that the fixed point (canonical-fixpoint.ts) can tell which of them differ
 * between the canonical model and the database, and put one in place of
 * another.
 */

/** The kinds of objects holding such texts. */
type TextOwner = 'table' | 'view' | 'domain' | 'trigger';

export const TEXT_OWNERS: readonly TextOwner[] = ['table', 'view', 'domain', 'trigger'];

/**
 * One text of an object: which one (`check/<name>`, `default/<column>`, ...),
 * its value as JSON, and the object with another value (JSON) in its place.
 */
interface TextSlot<T = Owned> {
  field: string;
  value: string;
  set(value: string): T;
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

/** How the objects of one kind are keyed and what texts they hold. */
interface OwnerSpec<T extends Owned> {
  owner: TextOwner;
  key(object: T): string;
  slots(object: T): TextSlot<T>[];
}

const TABLES: OwnerSpec<TableModel> = { owner: 'table', key: relationKey, slots: tableSlots };
const VIEWS: OwnerSpec<ViewModel> = { owner: 'view', key: relationKey, slots: viewSlots };
const DOMAINS: OwnerSpec<DomainModel> = { owner: 'domain', key: relationKey, slots: domainSlots };
const TRIGGERS: OwnerSpec<TriggerModel> = {
  owner: 'trigger',
  key: (t) => JSON.stringify([t.schema, t.table, t.name]),
  slots: (trigger) => [textSlot('definition', trigger.definition, (v) => ({ ...trigger, definition: v }))!],
};

function relationKey(object: { schema: string; name: string }): string {
  return qualifiedKey(object.schema, object.name);
}

/** The objects of one kind, by key. */
export function ownersOf(model: SchemaModel, owner: TextOwner): Map<string, Owned> {
  switch (owner) {
    case 'table':
      return new Map(model.tables.map((t) => [TABLES.key(t), t]));
    case 'view':
      return new Map(model.views.map((v) => [VIEWS.key(v), v]));
    case 'domain':
      return new Map(model.domains.map((d) => [DOMAINS.key(d), d]));
    case 'trigger':
      return new Map(model.triggers.map((t) => [TRIGGERS.key(t), t]));
  }
}

/** The printed texts an object holds (texts that are null or absent are left out). */
export function slotsOf(owner: TextOwner, object: Owned): TextSlot[] {
  switch (owner) {
    case 'table':
      return TABLES.slots(object as TableModel);
    case 'view':
      return VIEWS.slots(object as ViewModel);
    case 'domain':
      return DOMAINS.slots(object as DomainModel);
    case 'trigger':
      return TRIGGERS.slots(object as TriggerModel);
  }
}

/** A text to set: the field of the object of `owner` with key `key`, and its value as JSON. */
interface TextSetting {
  owner: TextOwner;
  key: string;
  field: string;
  value: string;
}

/** `model` with each text of `settings` set, the objects holding them in their places. */
export function withTexts(model: SchemaModel, settings: readonly TextSetting[]): SchemaModel {
  return {
    ...model,
    tables: withTextsOf(TABLES, model.tables, settings),
    views: withTextsOf(VIEWS, model.views, settings),
    domains: withTextsOf(DOMAINS, model.domains, settings),
    triggers: withTextsOf(TRIGGERS, model.triggers, settings),
  };
}

function withTextsOf<T extends Owned>(
  spec: OwnerSpec<T>,
  objects: readonly T[],
  settings: readonly TextSetting[],
): readonly T[] {
  const own = settings.filter((s) => s.owner === spec.owner);
  if (own.length === 0) return objects;
  return objects.map((object) => {
    const key = spec.key(object);
    return own
      .filter((s) => s.key === key)
      .reduce(
        (o, s) =>
          spec
            .slots(o)
            .find((slot) => slot.field === s.field)!
            .set(s.value),
        object,
      );
  });
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

function textSlot<T>(field: string, value: string | null | undefined, set: (value: string) => T): TextSlot<T> | null {
  if (typeof value !== 'string') return null;
  return { field, value: JSON.stringify(value), set: (json) => set(JSON.parse(json) as string) };
}

/** `list` with `next` in the place of `item`. */
function replaced<T>(list: readonly T[], item: T, next: T): T[] {
  return list.map((x) => (x === item ? next : x));
}

/** An index's keys and predicate, when one of them is an expression the server prints. */
function indexSlot<T>(index: IndexModel, within: (next: IndexModel) => T): TextSlot<T> | null {
  if (index.where === null && index.columns.every((c) => !('expression' in c))) return null;
  return {
    field: `index/${index.name}`,
    value: stableJson({ columns: index.columns, where: index.where }),
    set: (json) => {
      const { columns, where } = JSON.parse(json) as Pick<IndexModel, 'columns' | 'where'>;
      return within({ ...index, columns, where });
    },
  };
}

function tableSlots(table: TableModel): TextSlot<TableModel>[] {
  const slots: (TextSlot<TableModel> | null)[] = [];
  for (const c of table.columns) {
    const column = (next: ColumnModel): TableModel => ({ ...table, columns: replaced(table.columns, c, next) });
    slots.push(textSlot(`default/${c.name}`, c.default, (v) => column({ ...c, default: v })));
    slots.push(textSlot(`generated/${c.name}`, c.generated, (v) => column({ ...c, generated: v })));
  }
  for (const c of table.checks) {
    const check = (v: string): TableModel => ({ ...table, checks: replaced(table.checks, c, { ...c, expression: v }) });
    slots.push(textSlot(`check/${c.name}`, c.expression, check));
  }
  for (const i of table.indexes)
    slots.push(indexSlot(i, (next) => ({ ...table, indexes: replaced(table.indexes, i, next) })));
  const exclusions = table.exclusions ?? [];
  for (const x of exclusions) {
    const exclusion = (v: string): TableModel => ({
      ...table,
      exclusions: replaced(exclusions, x, { ...x, definition: v }),
    });
    slots.push(textSlot(`exclusion/${x.name}`, x.definition, exclusion));
  }
  slots.push(...policySlots(table));
  const overrides = table.columnOverrides ?? [];
  for (const o of overrides) {
    const override = (v: string): TableModel => ({
      ...table,
      columnOverrides: replaced(overrides, o, { ...o, default: v }),
    });
    slots.push(textSlot(`override/${o.name}`, o.default, override));
  }
  return slots.filter((s): s is TextSlot<TableModel> => s !== null);
}

function policySlots(table: TableModel): (TextSlot<TableModel> | null)[] {
  const policies = table.policies ?? [];
  return policies.flatMap((p) => {
    const policy = (next: PolicyModel): TableModel => ({ ...table, policies: replaced(policies, p, next) });
    return [
      textSlot(`using/${p.name}`, p.using, (v) => policy({ ...p, using: v })),
      textSlot(`withCheck/${p.name}`, p.withCheck, (v) => policy({ ...p, withCheck: v })),
    ];
  });
}

function viewSlots(view: ViewModel): TextSlot<ViewModel>[] {
  const slots: (TextSlot<ViewModel> | null)[] = [
    textSlot('definition', view.definition, (v) => ({ ...view, definition: v })),
  ];
  for (const i of view.indexes)
    slots.push(indexSlot(i, (next) => ({ ...view, indexes: replaced(view.indexes, i, next) })));
  const defaults = view.columnDefaults ?? {};
  for (const [column, value] of Object.entries(defaults)) {
    const columnDefault = (v: string): ViewModel => ({ ...view, columnDefaults: { ...defaults, [column]: v } });
    slots.push(textSlot(`columnDefault/${column}`, value, columnDefault));
  }
  return slots.filter((s): s is TextSlot<ViewModel> => s !== null);
}

function domainSlots(domain: DomainModel): TextSlot<DomainModel>[] {
  const slots: (TextSlot<DomainModel> | null)[] = [
    textSlot('default', domain.default, (v) => ({ ...domain, default: v })),
  ];
  for (const c of domain.checks) {
    const check = (v: string): DomainModel => ({
      ...domain,
      checks: replaced(domain.checks, c, { ...c, expression: v }),
    });
    slots.push(textSlot(`check/${c.name}`, c.expression, check));
  }
  return slots.filter((s): s is TextSlot<DomainModel> => s !== null);
}
