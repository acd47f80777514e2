import type { Operation } from '../../../ops/operation.js';
import {
  dropTextSearchConfigurationOf,
  dropTextSearchDictionaryOf,
} from '../../../ops/objects/text-search-operations.js';
import type { SchemaModel, TextSearchConfigurationModel, TextSearchDictionaryModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import { qualifiedTypeName } from '../../../schema/types.js';
import { compareText } from '../compare-values.js';

/**
 * Text search dictionaries and configurations, keyed by schema and name.
 * A dictionary's options and a configuration's mappings change in place; a
 * new template or parser is a drop and a create, left out and reported in
 * `unsupported` while something would hold on to the old object: a
 * configuration mapping to the dictionary, a table, view, routine, domain,
 * trigger or rule naming the configuration.
 */
export interface TextSearchSteps {
  /** Right after collations: dictionaries (new, recreated, altered), then configurations. */
  create: Operation[];
  /** After the tables (and the routines and views that may use them): configurations, then dictionaries. */
  drop: Operation[];
  /** One message per dictionary whose template, or configuration whose parser, changes while something holds on to it. */
  unsupported: string[];
}

/** The steps of dictionaries or of configurations. */
type Steps = Pick<TextSearchSteps, 'create' | 'drop'>;

export function compareTextSearch(current: SchemaModel, target: SchemaModel): TextSearchSteps {
  const changes = blockedChanges(current, target);
  const blocked = new Set(changes.map((b) => b.key));
  const dictionaries = compareDictionaries(
    byKey(current.textSearchDictionaries),
    byKey(target.textSearchDictionaries),
    blocked,
  );
  const configurations = compareConfigurations(
    byKey(current.textSearchConfigurations),
    byKey(target.textSearchConfigurations),
    blocked,
  );
  return {
    create: [...dictionaries.create, ...configurations.create],
    drop: [...configurations.drop, ...dictionaries.drop],
    unsupported: changes.map(blockedMessage),
  };
}

/** Why a dictionary or configuration is not dropped and created again. */
function blockedMessage({ what, name, by }: Blocked): string {
  return (
    `text search ${what} ${name} changes its ${what === 'dictionary' ? 'template' : 'parser'}, which Postgres cannot alter, and it cannot be dropped and created again while ${by} use it: ` +
    `declare the new one under another name, move its users to it, and drop ${name} in a later revision`
  );
}

interface Blocked {
  key: string;
  what: 'dictionary' | 'configuration';
  name: string;
  by: string;
}

function blockedChanges(current: SchemaModel, target: SchemaModel): Blocked[] {
  const blocked: Blocked[] = [];
  const dictionaries = byKey(current.textSearchDictionaries);
  const configurations = current.textSearchConfigurations;
  for (const next of target.textSearchDictionaries) {
    const key = qualifiedKey(next.schema, next.name);
    const old = dictionaries.get(key);
    if (old === undefined || old.template === next.template) continue;
    const ref = qualifiedTypeName(old.schema, old.name);
    const users = configurations.filter((c) => Object.values(c.mappings).some((list) => list.includes(ref)));
    if (users.length > 0)
      blocked.push({
        key,
        what: 'dictionary',
        name: `${old.schema}.${old.name}`,
        by: users.map((c) => `configuration ${c.schema}.${c.name}`).join(', '),
      });
  }
  const before = byKey(configurations);
  for (const next of target.textSearchConfigurations) {
    const key = qualifiedKey(next.schema, next.name);
    const old = before.get(key);
    if (old === undefined || old.parser === next.parser) continue;
    const users = configurationUsers(current, qualifiedTypeName(old.schema, old.name));
    if (users.length > 0)
      blocked.push({ key, what: 'configuration', name: `${old.schema}.${old.name}`, by: users.join(', ') });
  }
  return blocked;
}

/** What names the configuration (`'public.cfg'::regconfig` in an index, a default, a routine's body). */
function configurationUsers(model: SchemaModel, ref: string): string[] {
  const names = (o: { schema: string; name: string }): boolean =>
    JSON.stringify(o).includes(JSON.stringify(ref).slice(1, -1));
  return [
    ...model.tables.filter(names).map((t) => `table ${t.schema}.${t.name}`),
    ...model.views.filter(names).map((v) => `view ${v.schema}.${v.name}`),
    ...model.functions.filter(names).map((f) => `${f.kind} ${f.schema}.${f.name}`),
    ...model.domains.filter(names).map((d) => `domain ${d.schema}.${d.name}`),
    ...model.triggers.filter(names).map((t) => `trigger ${t.name} on ${t.schema}.${t.table}`),
  ];
}

function compareDictionaries(
  before: Map<string, TextSearchDictionaryModel>,
  after: Map<string, TextSearchDictionaryModel>,
  blocked: ReadonlySet<string>,
): Steps {
  const steps: Steps = { create: [], drop: [] };
  const recreated: Operation[] = [];
  const altered: Operation[] = [];
  for (const [key, next] of after) {
    const old = before.get(key);
    if (old === undefined)
      steps.create.push({ kind: 'createTextSearchDictionary', dictionary: orderedDictionary(next) });
    else if (old.template !== next.template) {
      if (!blocked.has(key))
        recreated.push(dropTextSearchDictionaryOf(orderedDictionary(old)), {
          kind: 'createTextSearchDictionary',
          dictionary: orderedDictionary(next),
        });
    } else if (
      JSON.stringify(Object.entries(old.options ?? {})) !== JSON.stringify(Object.entries(next.options ?? {}))
    ) {
      altered.push({
        kind: 'alterTextSearchDictionary',
        schema: next.schema,
        name: next.name,
        options: { ...(next.options ?? {}) },
        from: { ...(old.options ?? {}) },
      });
    }
  }
  for (const [key, old] of before)
    if (!after.has(key)) steps.drop.push(dropTextSearchDictionaryOf(orderedDictionary(old)));
  steps.create = [...recreated, ...steps.create, ...altered];
  return steps;
}

function compareConfigurations(
  before: Map<string, TextSearchConfigurationModel>,
  after: Map<string, TextSearchConfigurationModel>,
  blocked: ReadonlySet<string>,
): Steps {
  const steps: Steps = { create: [], drop: [] };
  const altered: Operation[] = [];
  for (const [key, next] of after) {
    const old = before.get(key);
    if (old === undefined)
      steps.create.push({ kind: 'createTextSearchConfiguration', configuration: orderedConfiguration(next) });
    else if (old.parser !== next.parser || old.copy !== next.copy) {
      if (!blocked.has(key))
        steps.create.push(dropTextSearchConfigurationOf(orderedConfiguration(old)), {
          kind: 'createTextSearchConfiguration',
          configuration: orderedConfiguration(next),
        });
    } else {
      const change = mappingChange(old.mappings, next.mappings);
      if (change !== null)
        altered.push({ kind: 'alterTextSearchConfiguration', schema: next.schema, name: next.name, ...change });
    }
  }
  for (const [key, old] of before)
    if (!after.has(key)) steps.drop.push(dropTextSearchConfigurationOf(orderedConfiguration(old)));
  steps.create.push(...altered);
  return steps;
}

/** The token types whose dictionaries differ: their new lists (empty: dropped) and old ones (empty: none); null when none differ. */
function mappingChange(
  before: Readonly<Record<string, readonly string[]>>,
  after: Readonly<Record<string, readonly string[]>>,
): { mappings: Record<string, string[]>; from: Record<string, string[]> } | null {
  const mappings: Record<string, string[]> = {};
  const from: Record<string, string[]> = {};
  for (const token of new Set([...Object.keys(after), ...Object.keys(before)])) {
    const old = before[token] ?? [];
    const next = after[token] ?? [];
    if (JSON.stringify(old) === JSON.stringify(next)) continue;
    mappings[token] = [...next];
    from[token] = [...old];
  }
  return Object.keys(mappings).length === 0 ? null : { mappings, from };
}

function byKey<T extends { schema: string; name: string }>(items: readonly T[]): Map<string, T> {
  const entries = items.map((o) => [qualifiedKey(o.schema, o.name), o] as [string, T]);
  return new Map(entries.sort((a, b) => compareText(a[0], b[0])));
}

/** Its keys in one order, whichever side built it. */
function orderedDictionary(d: TextSearchDictionaryModel): TextSearchDictionaryModel {
  return {
    schema: d.schema,
    name: d.name,
    template: d.template,
    ...(d.options !== undefined && Object.keys(d.options).length > 0 ? { options: { ...d.options } } : {}),
  };
}

function orderedConfiguration(c: TextSearchConfigurationModel): TextSearchConfigurationModel {
  const mappings = Object.fromEntries(Object.entries(c.mappings).map(([token, list]) => [token, [...list]]));
  return {
    schema: c.schema,
    name: c.name,
    ...(c.parser === undefined ? {} : { parser: c.parser }),
    ...(c.copy === undefined ? {} : { copy: c.copy }),
    mappings,
  };
}
