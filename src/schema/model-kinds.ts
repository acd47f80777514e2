import { qualifiedReferences } from '../sql/references.js';
import { tokenizeSql } from '../sql/lexer.js';
import type {
  CastModel,
  CommentModel,
  GrantObjectKind,
  GrantTarget,
  OwnerTarget,
  PartialSchemaModel,
  PublicationModel,
  SchemaModel,
  SchemaModelList,
} from './model.js';
import { isDatabaseGrantTarget, serverTraits } from './model.js';
import { sameJson, stableJson } from '../util/plain-data.js';
import { objectId, tableId, withIdSchema, type ObjectId } from './object-id.js';
import { qualifiedKey, withKeySchema } from './qualified-key.js';
import type { NameMapper } from './names/name-mapper.js';
import {
  mapCast,
  mapComment,
  mapDefaultPrivilege,
  mapDomain,
  mapFunction,
  mapGrant,
  mapGrantTarget,
  mapOperator,
  mapOperatorClass,
  mapRule,
  mapSequence,
  mapTable,
  mapTextSearchConfiguration,
  mapTextSearchDictionary,
  mapTrigger,
  mapView,
} from './names/map-model-names.js';
import { mapComposite } from './names/map-composite-names.js';
import { mapForeignTable, mapWrapper } from './names/map-foreign-names.js';
import { mapRange, rangeNeeds } from './objects/model-range.js';
import { mapStatistics, statisticsNeeds } from './objects/model-statistics.js';
import { mapEventTrigger } from './objects/model-event-triggers.js';
import { mapPublication, publicationNeeds } from './objects/model-publications.js';
import { needsVersion, type VersionNeed } from './version-features.js';
import { tableNeeds } from './model-table.js';
import { sequenceNeeds, viewNeeds } from './objects/model-objects.js';
import { collationNeeds } from './objects/model-collations.js';
import { grantNeeds } from './objects/model-grants.js';
import { defaultPrivilegeNeeds } from './objects/model-default-privileges.js';

/**
 * The registry of model kinds: one entry per list of a `SchemaModel`, and
 * what the schema layer knows of each: where its objects live, whether they
 * have names of their own in their schema, how their schema names are
 * mapped and what they need of the server's version (the last two written in
 * the kind's module where it has one), the ids that name them and what a
 * privilege on them is on. The table's mapped type covers the
 * model's lists, so a new list fails to compile until it has an entry here;
 * what is derived from it (`MODEL_KIND_LISTS`, the empty model,
 * `modelInSchemas`, `keepsEveryObject`, `objectSchemas`, `NAMED_KINDS`,
 * `TYPE_KINDS`, `mapModelNames`, `missingFeatures`, `modelObjectsById`,
 * `modelGrantTargets`) never lists kinds itself.
 * The other layers keep a table of their own per kind
 * (`{ [K in ModelKind]: ... }`) and build whole models from it with
 * `modelOfKinds` (reflection, the DSL's build, canonical forms), so the
 * compiler names each one a new list is missing from.
 */
export type ModelKind = SchemaModelList;

/** One object of a kind: an element of its list. */
export type ModelObject<K extends ModelKind> = SchemaModel[K][number];

/**
 * Where an object of a kind lives, which decides whether it belongs to a
 * part of the model restricted to some schemas (one tenant of a fleet):
 * - `schema`: in the one schema it names;
 * - `schemas`: wherever the schemas it names are, in no schema when it names none;
 * - `database`: in the database, whatever the schemas (shared by every tenant).
 */
type Placement<T> =
  | { readonly in: 'schema'; readonly schemaOf: (object: T) => string }
  | { readonly in: 'schemas'; readonly schemasOf: (object: T) => readonly string[] }
  | { readonly in: 'database' };

interface ModelKindSpec<K extends ModelKind> {
  readonly placement: Placement<ModelObject<K>>;
  /**
   * Whether its objects have names of their own in their schema, which SQL
   * text names as `schema.name` (a relation, a type, a routine, an operator):
   * not a schema, an extension, what lives on a table, a cast, a wrapper or
   * server, or a comment. Only a kind whose objects have a schema and a name may be.
   */
  readonly named: ModelObject<K> extends { readonly schema: string; readonly name: string } ? boolean : false;
  /**
   * Whether its objects are types of their own (`CREATE TYPE`, `CREATE DOMAIN`), which a comment or
   * grant `on: 'type'` names; left out when they are not. Only a named kind's objects may be.
   */
  readonly type?: ModelObject<K> extends { readonly schema: string; readonly name: string } ? true : never;
  /**
   * The object with every schema name it holds mapped (`mapModelNames`), a
   * copy that shares no list with it; absent optional fields stay absent.
   */
  readonly mapNames: (object: ModelObject<K>, map: NameMapper) => ModelObject<K>;
  /** What each object needs of the server's version (`missingFeatures`); left out when nothing. */
  readonly needs?: (object: ModelObject<K>) => readonly VersionNeed[];
  /** The object's `ObjectId`, where ids name the kind's objects (`modelObjectsById`); left out when they do not. */
  readonly id?: (object: ModelObject<K>) => ObjectId;
  /** What a privilege on the object is on (`modelGrantTargets`); left out for a kind no privilege is on. */
  readonly grantOn?: (object: ModelObject<K>) => GrantTarget;
}

/** What a privilege on an object of a kind named in its schema is on: `on` with its schema and name. */
const grantOnNamed =
  (on: GrantObjectKind) =>
  (o: { schema: string; name: string }): GrantTarget => ({ on, schema: o.schema, name: o.name });

/** What a privilege on a wrapper or server is on: in no schema (''). */
const grantOnDatabase =
  (on: GrantObjectKind) =>
  (o: { name: string }): GrantTarget => ({ on, schema: '', name: o.name });

const bySchemaField = { in: 'schema', schemaOf: (o: { schema: string }) => o.schema } as const;

/** A grant or an owner goes with its object's schema; one on an object in no schema (a wrapper, a server) is the database's. */
const byGrantTarget = {
  in: 'schemas',
  schemasOf: (entry: { target: OwnerTarget }) => (isDatabaseGrantTarget(entry.target) ? [] : [entry.target.schema]),
} as const;

export const MODEL_KINDS: { readonly [K in ModelKind]: ModelKindSpec<K> } = {
  schemas: {
    placement: { in: 'schema', schemaOf: (name) => name },
    named: false,
    mapNames: (name, map) => map.schema(name),
    id: (name) => objectId('schema', name, ''),
    grantOn: (name) => ({ on: 'schema', schema: name, name }),
  },
  enums: {
    placement: bySchemaField,
    named: true,
    type: true,
    mapNames: (e, map) => ({ ...e, schema: map.schema(e.schema), values: [...e.values] }),
    id: (e) => objectId('enum', e.schema, e.name),
    grantOn: grantOnNamed('type'),
  },
  tables: {
    placement: bySchemaField,
    named: true,
    mapNames: mapTable,
    needs: tableNeeds,
    id: tableId,
    grantOn: grantOnNamed('table'),
  },
  extensions: {
    placement: bySchemaField,
    named: false,
    mapNames: (e, map) => ({ ...e, schema: map.schema(e.schema) }),
  },
  collations: {
    placement: bySchemaField,
    named: true,
    mapNames: (c, map) => ({ ...c, schema: map.schema(c.schema) }),
    needs: collationNeeds,
    id: (c) => objectId('collation', c.schema, c.name),
  },
  sequences: {
    placement: bySchemaField,
    named: true,
    mapNames: mapSequence,
    needs: sequenceNeeds,
    id: (s) => objectId('sequence', s.schema, s.name),
    grantOn: grantOnNamed('sequence'),
  },
  domains: {
    placement: bySchemaField,
    named: true,
    type: true,
    mapNames: mapDomain,
    id: (d) => objectId('domain', d.schema, d.name),
    grantOn: grantOnNamed('domain'),
  },
  composites: {
    placement: bySchemaField,
    named: true,
    type: true,
    mapNames: mapComposite,
    id: (c) => objectId('composite', c.schema, c.name),
    grantOn: grantOnNamed('type'),
  },
  ranges: {
    placement: bySchemaField,
    named: true,
    type: true,
    mapNames: mapRange,
    needs: rangeNeeds,
    id: (r) => objectId('range', r.schema, r.name),
    grantOn: grantOnNamed('type'),
  },
  views: {
    placement: bySchemaField,
    named: true,
    mapNames: mapView,
    needs: viewNeeds,
    id: (v) => objectId('view', v.schema, v.name),
    grantOn: grantOnNamed('view'),
  },
  functions: {
    placement: bySchemaField,
    named: true,
    mapNames: mapFunction,
    id: (f) => objectId('routine', f.schema, f.name, f.argumentTypes),
    grantOn: (f) => ({
      on: f.kind === 'procedure' ? 'procedure' : 'function',
      schema: f.schema,
      name: f.name,
      argumentTypes: f.argumentTypes,
    }),
  },
  triggers: {
    placement: bySchemaField,
    named: false,
    mapNames: mapTrigger,
    id: (t) => objectId('trigger', t.schema, t.table, t.name),
  },
  rules: {
    placement: bySchemaField,
    named: false,
    mapNames: mapRule,
    id: (r) => objectId('rule', r.schema, r.table, r.name),
  },
  statistics: { placement: bySchemaField, named: true, mapNames: mapStatistics, needs: statisticsNeeds },
  casts: { placement: { in: 'schemas', schemasOf: castSchemas }, named: false, mapNames: mapCast },
  textSearchDictionaries: { placement: bySchemaField, named: true, mapNames: mapTextSearchDictionary },
  textSearchConfigurations: { placement: bySchemaField, named: true, mapNames: mapTextSearchConfiguration },
  operators: { placement: bySchemaField, named: true, mapNames: mapOperator },
  operatorClasses: { placement: bySchemaField, named: true, mapNames: mapOperatorClass },
  foreignDataWrappers: {
    placement: { in: 'database' },
    named: false,
    mapNames: mapWrapper,
    grantOn: grantOnDatabase('foreignDataWrapper'),
  },
  foreignServers: {
    placement: { in: 'database' },
    named: false,
    mapNames: (s) => structuredClone(s),
    grantOn: grantOnDatabase('foreignServer'),
  },
  foreignTables: {
    placement: bySchemaField,
    named: true,
    mapNames: mapForeignTable,
    id: (t) => objectId('foreignTable', t.schema, t.name),
    grantOn: grantOnNamed('table'),
  },
  eventTriggers: { placement: { in: 'database' }, named: false, mapNames: mapEventTrigger },
  comments: { placement: { in: 'schemas', schemasOf: commentSchemas }, named: false, mapNames: mapComment },
  grants: { placement: byGrantTarget, named: false, mapNames: mapGrant, needs: grantNeeds },
  // A global entry is the database's: it goes with no schema.
  defaultPrivileges: {
    placement: { in: 'schemas', schemasOf: (d) => (d.schema === undefined ? [] : [d.schema]) },
    named: false,
    mapNames: mapDefaultPrivilege,
    needs: defaultPrivilegeNeeds,
  },
  owners: {
    placement: byGrantTarget,
    named: false,
    mapNames: (o, map) => ({ ...o, target: mapGrantTarget(o.target, map) }),
  },
  // The database's: a tenant's goes with the schemas of its tables; one for all tables with no schema.
  publications: {
    placement: { in: 'schemas', schemasOf: publicationSchemas },
    named: false,
    mapNames: mapPublication,
    needs: publicationNeeds,
  },
};

/** Every list of a model, in the order of `SchemaModel`. */
export const MODEL_KIND_LISTS = Object.keys(MODEL_KINDS) as readonly ModelKind[];

/**
 * A model made list by list: `list` gives each kind's list, every kind of the
 * registry asked in the order of `SchemaModel`. The one way a layer builds a
 * whole model, from its own table of kinds, without writing every list by hand.
 */
export function modelOfKinds(list: <K extends ModelKind>(kind: K) => SchemaModel[K]): SchemaModel {
  return Object.fromEntries(MODEL_KIND_LISTS.map((kind) => [kind, list(kind)])) as unknown as SchemaModel;
}

/** A model with no objects: every list present and empty. */
export function emptySchemaModel(): SchemaModel {
  return modelOfKinds(() => []);
}

/** `model` with every list it leaves out present and empty; the lists it has are kept as they are. */
export function completeModel(model: PartialSchemaModel): SchemaModel {
  const complete = emptySchemaModel();
  for (const [name, value] of Object.entries(model)) {
    if (value !== undefined) Object.assign(complete, { [name]: value });
  }
  return complete;
}

/** The kinds whose objects have names of their own in their schema (`named`). */
export const NAMED_KINDS = MODEL_KIND_LISTS.filter((kind) => MODEL_KINDS[kind].named) as readonly NamedKind[];

/** The kinds whose objects are types of their own (`type`), in the order of `SchemaModel`. */
export const TYPE_KINDS = MODEL_KIND_LISTS.filter((kind) => MODEL_KINDS[kind].type === true) as readonly NamedKind[];

/** The model's own types (enums, domains and the rest of `TYPE_KINDS`), kind by kind. */
export function modelTypes(model: SchemaModel): readonly { readonly schema: string; readonly name: string }[] {
  return TYPE_KINDS.flatMap((kind) => model[kind]);
}

/** A kind whose objects have a schema and a name of their own in it. */
type NamedKind = {
  [K in ModelKind]: ModelObject<K> extends { readonly schema: string; readonly name: string } ? K : never;
}[ModelKind];

/** The objects of the kinds ids name (`ModelKindSpec`'s `id`), by id. */
export function modelObjectsById(model: SchemaModel): Map<ObjectId, unknown> {
  const objects = new Map<ObjectId, unknown>();
  for (const kind of MODEL_KIND_LISTS) {
    const { id } = MODEL_KINDS[kind] as ModelKindSpec<ModelKind>;
    if (id !== undefined)
      for (const object of model[kind] as readonly ModelObject<ModelKind>[]) objects.set(id(object), object);
  }
  return objects;
}

/** What the privileges on the model's objects can be on (`ModelKindSpec`'s `grantOn`), kind by kind. */
export function modelGrantTargets(model: SchemaModel): GrantTarget[] {
  return MODEL_KIND_LISTS.flatMap((kind) => {
    const { grantOn } = MODEL_KINDS[kind] as ModelKindSpec<ModelKind>;
    return grantOn === undefined ? [] : (model[kind] as readonly ModelObject<ModelKind>[]).map(grantOn);
  });
}

/** The schemas the model's objects live in, of the kinds that live in one schema (a foreign key's target left out). */
export function objectSchemas(model: SchemaModel): Set<string> {
  const schemas = new Set<string>();
  for (const kind of MODEL_KIND_LISTS) {
    const { placement } = MODEL_KINDS[kind] as ModelKindSpec<ModelKind>;
    if (placement.in !== 'schema') continue;
    for (const object of model[kind] as readonly ModelObject<ModelKind>[]) schemas.add(placement.schemaOf(object));
  }
  return schemas;
}

/** The schemas `text` (a type, a routine's signature) names: `tenant.mood[]` names `tenant`. */
function schemasNamedIn(text: string): string[] {
  return qualifiedReferences(tokenizeSql(text)).map((r) => r.schema.text);
}

/** A cast is in no schema: it goes with the schemas of its types and function (none for built-in ones). */
function castSchemas(cast: CastModel): string[] {
  return [cast.source, cast.target, cast.function ?? ''].flatMap(schemasNamedIn);
}

/** A comment goes with its object: a cast's (named by its types), or the schema its target names ('' for a wrapper or server). */
function commentSchemas(comment: CommentModel): string[] {
  const { target } = comment;
  if (target.on === 'cast') return [target.name, target.parent ?? ''].flatMap(schemasNamedIn);
  return target.schema === '' ? [] : [target.schema];
}

/** The schemas a publication's tables are in (listed or whole), none for one of every table. */
function publicationSchemas(publication: PublicationModel): string[] {
  return [...publication.tables.map((t) => t.schema), ...publication.schemas];
}

/** Whether an object placed as `placement` says belongs to the part of a model in `schemas`. */
function placedIn<T>(placement: Placement<T>, object: T, schemas: ReadonlySet<string>): boolean {
  switch (placement.in) {
    case 'schema':
      return schemas.has(placement.schemaOf(object));
    case 'schemas':
      return placement.schemasOf(object).some((s) => schemas.has(s));
    case 'database':
      return false;
  }
}

/**
 * The part of a model that lives in the given schemas (a tenant's part of a
 * model that also declares shared objects): each kind's objects as its
 * placement says, the database's own objects (wrappers, servers, casts of
 * built-in types) left out. Optional fields other than the server's traits (`serverTraits`) are left out.
 */
export function modelInSchemas(model: SchemaModel, schemas: readonly string[]): SchemaModel {
  const within = new Set(schemas);
  const part = Object.fromEntries(
    MODEL_KIND_LISTS.map((kind) => {
      const { placement } = MODEL_KINDS[kind] as ModelKindSpec<ModelKind>;
      const list = model[kind] as readonly ModelObject<ModelKind>[];
      return [kind, list.filter((o) => placedIn(placement, o, within))];
    }),
  ) as unknown as SchemaModel;
  return { ...part, ...serverTraits(model) };
}

/**
 * Whether every object of `part` is in `model` as it is, kind by kind and
 * whatever the order of the lists: `model` keeps all of `part` and at most
 * adds to it. An object of a named kind is looked for among those of its
 * name, so that a model of 10,000 tables that changes one is told apart
 * without printing them (a second at that size).
 */
export function keepsEveryObject(model: SchemaModel, part: SchemaModel): boolean {
  return MODEL_KIND_LISTS.every((kind) => {
    const kept: readonly unknown[] = model[kind];
    const objects: readonly unknown[] = part[kind];
    if (objects.length > kept.length) return false;
    if (objects.every((o, i) => sameJson(o, kept[i]))) return true;
    if (MODEL_KINDS[kind].named) {
      const byName = new Map<string, unknown[]>();
      for (const o of kept as readonly { schema: string; name: string }[]) {
        const key = qualifiedKey(o.schema, o.name);
        const same = byName.get(key);
        if (same === undefined) byName.set(key, [o]);
        else same.push(o);
      }
      return (objects as readonly { schema: string; name: string }[]).every(
        (o) => byName.get(qualifiedKey(o.schema, o.name))?.some((k) => sameJson(o, k)) === true,
      );
    }
    const texts = new Set(kept.map(stableJson));
    return objects.every((o) => texts.has(stableJson(o)));
  });
}

/**
 * The one walk over a `SchemaModel` that renames schemas: the model with every
 * schema name mapped (its rename hints left out); absent optional fields stay
 * absent, nothing is reordered.
 */
export function mapModelNames(model: SchemaModel, map: NameMapper): SchemaModel {
  const lists = modelOfKinds((kind) => mapList(kind, model[kind], map));
  return {
    ...lists,
    ...serverTraits(model),
    ...(model.dependencies === undefined
      ? {}
      : {
          dependencies: model.dependencies.map((d) => ({
            dependent: withIdSchema(d.dependent, map.schema),
            on: withIdSchema(d.on, map.schema),
          })),
        }),
    ...(model.dependencyTables === undefined
      ? {}
      : { dependencyTables: model.dependencyTables.map((key) => withKeySchema(key, map.schema)) }),
  };
}

/** A kind's list with every object's names mapped. */
function mapList<K extends ModelKind>(kind: K, list: SchemaModel[K], map: NameMapper): SchemaModel[K] {
  const { mapNames } = MODEL_KINDS[kind] as ModelKindSpec<K>;
  return (list as readonly ModelObject<K>[]).map((object) => mapNames(object, map)) as SchemaModel[K];
}

/**
 * What in the model the server of `serverVersion` cannot create, one
 * sentence each naming the object, the feature and the version it needs,
 * kind by kind as each kind's `needs` says.
 */
export function missingFeatures(model: SchemaModel, serverVersion: number): string[] {
  return MODEL_KIND_LISTS.flatMap((kind) => {
    const { needs } = MODEL_KINDS[kind] as ModelKindSpec<ModelKind>;
    if (needs === undefined) return [];
    return (model[kind] as readonly ModelObject<ModelKind>[])
      .flatMap((object) => needs(object))
      .filter((n) => serverVersion < n.since)
      .map((n) => needsVersion(n.what, n.since));
  });
}
