import { declaredOnce, invalidModel, namedOnce } from '../dsl/invalid-model.js';
import { columnTypeName } from '../dsl/columns/column-model.js';
import type { ColumnSpec } from '../dsl/columns/column.js';
import type { Metadata } from '../dsl/metadata.js';
import { buildOwnList, OWN_BUILT_LISTS, type OwnBuiltList } from '../dsl/objects/objects.js';
import type {
  DomainDefault,
  ObjectDefs,
  DomainType,
  RoutineDef,
  SequenceDef,
  SequenceNumber,
  ViewDef,
} from '../dsl/objects/objects.js';
import { collationModel } from '../dsl/objects/collation.js';
import { collationSql } from '../collation.js';
import { ruleModel } from '../dsl/objects/rule.js';
import { firingOf } from './build-firing.js';
import { castModel } from '../dsl/objects/cast.js';
import { textSearchConfigurationModel, textSearchDictionaryModel } from '../dsl/objects/text-search.js';
import { castKey, type CastModel } from '../objects/model-casts.js';
import { operatorClassModel, operatorModel } from '../dsl/objects/operator.js';
import {
  compareOperatorClasses,
  compareOperators,
  operatorClassKey,
  operatorKey,
  operatorSignature,
  type OperatorModel,
} from '../objects/model-operators.js';
import { foreignDataWrapperModels, foreignServerModels, foreignTableModels } from './build-foreign.js';
import { isSqlExpr } from '../dsl/sql.js';
import { indexFields, indexKey } from '../dsl/tables/table-attributes.js';
import { buildComments } from './build-comments.js';
import { buildGrants } from './build-grants.js';
import { buildOwners } from './build-owners.js';
import { buildDefaultPrivileges } from './build-default-privileges.js';
import { compositeModels } from './build-composites.js';
import type {
  CheckModel,
  DomainModel,
  ExtensionModel,
  Firing,
  FunctionModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TriggerModel,
  ViewColumnModel,
  ViewModel,
} from '../model.js';
import { qualifiedKey } from '../model.js';
import { modelOfKinds, objectSchemas, type ModelKind } from '../model-kinds.js';
import { chooseName, indexNameParts, nameFromParts } from '../naming.js';
import { compareQualified as bySchemaName, compareText, qualifiedName as qualified } from '../object-keys.js';
import { normalizeTypeName } from '../types.js';
import { printLiteral } from '../../sql/literal.js';

/** The lists built from what the metadata says of the model's other objects (comments, privileges, owners). */
type OnObjectsKind = 'comments' | 'grants' | 'defaultPrivileges' | 'owners';

/** What the declared lists are built from: the DSL's definitions, and the schemas, enums and tables built before. */
interface Declarations {
  readonly objects: ObjectDefs;
  readonly model: Pick<SchemaModel, 'schemas' | 'enums' | 'tables'>;
}

/**
 * How each declared list of the model is built, one entry per kind of the
 * model (the kinds `ON_OBJECTS` builds aside), so a list that is not built
 * fails to compile: each object declared once, the list sorted. A list whose
 * DSL module builds it (`OWN_BUILT_LISTS`) has its entry from there.
 */
const DECLARED: { readonly [K in Exclude<ModelKind, OnObjectsKind>]: (declared: Declarations) => SchemaModel[K] } = {
  ...ownBuilt(),
  schemas: ({ model }) => model.schemas,
  enums: ({ model }) => model.enums,
  tables: ({ model }) => model.tables,
  extensions: ({ objects }) =>
    declaredOnce(
      'extension',
      objects.extensions.map((e): ExtensionModel => ({ name: e.name, schema: e.schema })),
      (e) => e.name,
      (e) => e.name,
    ).sort((a, b) => compareText(a.name, b.name)),
  collations: ({ objects }) => namedOnce('collation', objects.collations.map(collationModel)),
  sequences: ({ objects }) => namedOnce('sequence', objects.sequences.map(sequenceModel)),
  domains: ({ objects }) => namedOnce('domain', objects.domains.map(domainModel)),
  composites: ({ objects }) => compositeModels(objects.composites),
  views: ({ objects }) => namedOnce('view', objects.views.map(viewModel)),
  functions: ({ objects }) => objects.routines.map(routineModel),
  triggers: ({ objects }) =>
    declaredOnce(
      'trigger',
      objects.triggers.map(triggerModel),
      (t) => qualifiedKey(key(t), t.table),
      (t) => `${qualified(t)} on ${t.table}`,
    ).sort((a, b) => bySchemaName(a, b) || compareText(a.table, b.table)),
  rules: ({ objects }) =>
    declaredOnce(
      'rule',
      objects.rules.map(ruleModel),
      (r) => qualifiedKey(key(r), r.table),
      (r) => `${qualified(r)} on ${r.table}`,
    ).sort(byTableAndName),
  casts: ({ objects }) => castModels(objects.casts.map(castModel)),
  textSearchDictionaries: ({ objects }) =>
    namedOnce('text search dictionary', objects.textSearchDictionaries.map(textSearchDictionaryModel)),
  textSearchConfigurations: ({ objects }) =>
    namedOnce('text search configuration', objects.textSearchConfigurations.map(textSearchConfigurationModel)),
  operators: ({ objects }) => operatorModels(objects.operators.map(operatorModel)),
  operatorClasses: ({ objects }) =>
    declaredOnce(
      'operator class',
      objects.operatorClasses.map(operatorClassModel),
      operatorClassKey,
      operatorClassKey,
    ).sort(compareOperatorClasses),
  foreignDataWrappers: ({ objects }) => foreignDataWrapperModels(objects),
  foreignServers: ({ objects }) => foreignServerModels(objects),
  foreignTables: ({ objects }) => foreignTableModels(objects),
};

/** The entries of the lists whose DSL module builds them (`OWN_BUILT_LISTS`). */
function ownBuilt(): { readonly [K in OwnBuiltList]: (declared: Declarations) => ReturnType<typeof buildOwnList<K>> } {
  const entries = OWN_BUILT_LISTS.map((name) => [name, ({ objects }: Declarations) => buildOwnList(name, objects)]);
  return Object.fromEntries(entries) as {
    readonly [K in OwnBuiltList]: (d: Declarations) => ReturnType<typeof buildOwnList<K>>;
  };
}

/** How each list of what the metadata says of the other objects is built, from the model of the declared lists. */
const ON_OBJECTS: { readonly [K in OnObjectsKind]: (metadata: Metadata, model: SchemaModel) => SchemaModel[K] } = {
  comments: buildComments,
  grants: buildGrants,
  defaultPrivileges: buildDefaultPrivileges,
  owners: buildOwners,
};

function isOnObjects(kind: ModelKind): kind is OnObjectsKind {
  return kind in ON_OBJECTS;
}

/**
 * The declared objects besides tables and enums, as the model holds them
 * before the server has read them: what only the server knows (view columns,
 * routine signatures, dependencies) is empty until canonicalization. The
 * schemas are those declared and those the objects are in.
 */
export function withObjects(metadata: Metadata, model: Pick<SchemaModel, 'schemas' | 'enums' | 'tables'>): SchemaModel {
  const declarations: Declarations = { objects: metadata.objects, model };
  const declared = modelOfKinds(<K extends ModelKind>(kind: K): SchemaModel[K] => {
    if (isOnObjects(kind)) return [] as SchemaModel[K];
    return (DECLARED[kind as Exclude<ModelKind, OnObjectsKind>] as (d: Declarations) => SchemaModel[K])(declarations);
  });
  const schemas = objectSchemas(declared);
  schemas.delete('public');
  const placed: SchemaModel = { ...declared, schemas: [...schemas].sort(compareText) };
  return modelOfKinds(<K extends ModelKind>(kind: K): SchemaModel[K] => {
    if (!isOnObjects(kind)) return placed[kind];
    return (ON_OBJECTS[kind] as (m: Metadata, d: SchemaModel) => SchemaModel[K])(metadata, declared);
  });
}

/** The operators in schema, symbol and operand order; each signature once. */
function operatorModels(operators: OperatorModel[]): OperatorModel[] {
  const seen = new Set<string>();
  for (const o of operators) {
    if (seen.has(operatorKey(o)))
      throw invalidModel(`operator ${operatorSignature(o)}`, 'is declared twice; declare each operator once');
    seen.add(operatorKey(o));
  }
  return operators.sort(compareOperators);
}

/** The casts in source and target order; each pair of types once. */
function castModels(casts: CastModel[]): CastModel[] {
  const seen = new Set<string>();
  for (const cast of casts) {
    if (seen.has(castKey(cast)))
      throw invalidModel(`cast (${cast.source} AS ${cast.target})`, 'is declared twice; declare each cast once');
    seen.add(castKey(cast));
  }
  return casts.sort((a, b) => compareText(a.source, b.source) || compareText(a.target, b.target));
}

function byTableAndName(
  a: { schema: string; table: string; name: string },
  b: { schema: string; table: string; name: string },
): number {
  return compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name);
}

/** A collision-free key for `schema.name` (see `qualifiedKey`). */
function key(object: { schema: string; name: string }): string {
  return qualifiedKey(object.schema, object.name);
}

const SEQUENCE_RANGES: Readonly<Record<string, [bigint, bigint]>> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

function wholeNumber(where: string, key: string, value: SequenceNumber): bigint {
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw invalidModel(where, `${key} must be a whole number, not ${String(value)}`);
  return BigInt(text);
}

/** Every option filled in as Postgres fills it in: the bounds of the type in the increment's direction. */
function sequenceModel(def: SequenceDef): SequenceModel {
  const where = `sequence ${qualified(def)}`;
  const { options } = def;
  const type = options.type ?? 'bigint';
  const range = SEQUENCE_RANGES[type];
  if (range === undefined) throw invalidModel(where, `type must be smallint, integer or bigint, not ${String(type)}`);
  const number = (key: 'start' | 'increment' | 'min' | 'max' | 'cache', fallback: bigint): bigint => {
    const value = options[key];
    return value === undefined ? fallback : wholeNumber(where, key, value);
  };
  const increment = number('increment', 1n);
  if (increment === 0n) throw invalidModel(where, 'increment cannot be 0');
  const min = number('min', increment > 0n ? 1n : range[0]);
  const max = number('max', increment > 0n ? range[1] : -1n);
  return {
    schema: def.schema,
    name: def.name,
    type,
    start: String(number('start', increment > 0n ? min : max)),
    increment: String(increment),
    min: String(min),
    max: String(max),
    cache: String(number('cache', 1n)),
    cycle: options.cycle === true,
    ownedBy: options.ownedBy === undefined ? null : { table: options.ownedBy.table, column: options.ownedBy.column },
    ...(options.unlogged === true ? { unlogged: true } : {}),
  };
}

function domainDefault(value: DomainDefault | undefined): string | null {
  if (value === undefined) return null;
  if (isSqlExpr(value)) return value.text;
  if (typeof value === 'string') return printLiteral(value);
  return String(value);
}

/**
 * What a column builder can say of a column but a domain's base type cannot, each with where to say it
 * instead; every field of a builder but its type and collation, so that a field added is placed here.
 */
const COLUMN_ONLY: Readonly<Record<Exclude<keyof ColumnSpec, 'type' | 'array' | 'collation'>, string>> = {
  notNull: "the domain's notNull option",
  notNullName: "the domain's notNull option",
  primaryKey: 'a column of the domain',
  unique: 'a column of the domain',
  default: "the domain's default option",
  references: 'a column of the domain',
  identity: 'a column of the domain',
  identityOptions: 'a column of the domain',
  generated: 'a column of the domain',
  generatedVirtual: 'a column of the domain',
  comment: "the domain's comment option",
  statistics: 'a column of the domain',
  options: 'a column of the domain',
  storage: 'a column of the domain',
  compression: 'a column of the domain',
  renamedFrom: 'a column of the domain',
};

/**
 * A domain's collation, quoted: its `collation` option, or its base builder's `.collate()`;
 * a base builder saying what only a column can is refused, naming where it goes.
 */
function domainCollation(domain: DomainType, where: string): string | undefined {
  const option = domain.options.collation;
  const declared = option === undefined ? undefined : typeof option === 'string' ? option : option.sql;
  if (typeof domain.base === 'string') return declared === undefined ? undefined : collationSql(declared);
  const spec = domain.base.spec;
  for (const [field, instead] of Object.entries(COLUMN_ONLY)) {
    const value = spec[field as keyof typeof COLUMN_ONLY];
    if (value !== undefined && value !== null && value !== false)
      throw invalidModel(where, `its base type cannot carry ${field}: give it on ${instead}`);
  }
  const fromBase = spec.collation ?? undefined;
  if (declared !== undefined && fromBase !== undefined && collationSql(declared) !== collationSql(fromBase))
    throw invalidModel(where, `its collation is given twice (${declared} and the base type's ${fromBase}): give one`);
  const collation = declared ?? fromBase;
  return collation === undefined ? undefined : collationSql(collation);
}

function domainModel(domain: DomainType): DomainModel {
  const where = `domain ${qualified(domain)}`;
  const type = typeof domain.base === 'string' ? normalizeTypeName(domain.base) : columnTypeName(domain.base.spec);
  const taken = new Set((domain.options.checks ?? []).flatMap((c) => (c.name === undefined ? [] : [c.name])));
  const checks = (domain.options.checks ?? []).map((def): CheckModel => {
    let name = def.name;
    if (def.options?.noInherit === true || def.options?.notEnforced === true)
      throw invalidModel(where, "a check NO INHERIT or NOT ENFORCED is a table's only: leave the option out");
    if (name === undefined) {
      name = chooseName({ table: domain.name, columns: null, label: 'check' }, (candidate) => taken.has(candidate));
      taken.add(name);
    }
    return { name, expression: def.expression.text, ...(def.options?.notValid === true ? { notValid: true } : {}) };
  });
  if (new Set(checks.map((c) => c.name)).size !== checks.length)
    throw invalidModel(where, 'two checks have the same name');
  const collation = domainCollation(domain, where);
  return {
    schema: domain.schema,
    name: domain.name,
    type,
    ...(collation === undefined ? {} : { collation }),
    default: domainDefault(domain.options.default),
    notNull: domain.options.notNull === true,
    checks: checks.sort((a, b) => compareText(a.name, b.name)),
  };
}

function viewModel(view: ViewDef): ViewModel {
  const indexes = (view.options.indexes ?? []).map((def): IndexModel => {
    const columns = def.columns.map((key) => indexKey(key, (name) => name));
    if (columns.length === 0) throw invalidModel(`materialized view ${qualified(view)}`, 'an index has no columns');
    const { unique: isUnique = false, method = 'btree', where } = def.options;
    const name = def.options.name ?? nameFromParts(indexNameParts(view.name, columns));
    return {
      name,
      unique: isUnique,
      method,
      columns,
      where: where?.text ?? null,
      ...indexFields(def.options, (names) => [...names]),
    };
  });
  if (!view.materialized && indexes.length > 0)
    throw invalidModel(`view ${qualified(view)}`, 'only a materialized view has indexes');
  const clusterOn = view.options.clusterOn;
  if (clusterOn !== undefined && !indexes.some((i) => i.name === clusterOn))
    throw invalidModel(
      `materialized view ${qualified(view)}`,
      `clusterOn: it has no index "${clusterOn}" (its indexes: ${indexes.map((i) => i.name).join(', ') || 'none'})`,
    );
  const withNoData = view.options.withData === false;
  if (withNoData && !view.materialized)
    throw invalidModel(`view ${qualified(view)}`, 'only a materialized view is created without data (withData)');
  const defaults = Object.entries(view.options.columnDefaults ?? {}).sort(([a], [b]) => compareText(a, b));
  const placeholder = placeholderColumns(view);
  const model: ViewModel = {
    schema: view.schema,
    name: view.name,
    materialized: view.materialized,
    definition: view.query.text,
    options: [...(view.options.options ?? [])].sort(compareText),
    columns: placeholder ?? [],
    indexes: indexes.sort((a, b) => compareText(a.name, b.name)),
    ...(clusterOn !== undefined ? { clusterOn } : {}),
    ...(withNoData ? { withNoData: true } : {}),
    dependsOn: [],
    ...(defaults.length > 0
      ? { columnDefaults: Object.fromEntries(defaults.map(([column, expression]) => [column, expression.text])) }
      : {}),
    ...(placeholder !== undefined ? { readsItself: true } : {}),
  };
  return model;
}

/** The columns `readsItself` declares for a view whose query reads it, checked; undefined for any other view. */
function placeholderColumns(view: ViewDef): ViewColumnModel[] | undefined {
  const declared = view.options.readsItself;
  if (declared === undefined) return undefined;
  const where = `${view.materialized ? 'materialized view' : 'view'} ${qualified(view)}`;
  if (view.materialized) throw invalidModel(where, 'only a view can read itself (readsItself)');
  if (declared.length === 0) throw invalidModel(where, 'readsItself lists no column');
  const names = declared.map((column) => column.name);
  if (new Set(names).size !== names.length) throw invalidModel(where, 'readsItself names a column twice');
  return declared.map(({ name, type }) => ({ name, type }));
}

/**
 * Before canonicalization a routine's argument types are unknown: each gets a
 * placeholder `?<n>` (its place in declaration order) that canonicalization
 * replaces, in the routine and in comments on it.
 */
function routineModel(def: RoutineDef, index: number): FunctionModel {
  return {
    schema: def.schema,
    name: def.name,
    kind: def.routine,
    argumentTypes: `?${index}`,
    arguments: '',
    result: '',
    definition: def.definition.text,
    dependsOn: [],
  };
}

function triggerModel(def: {
  schema: string;
  table: string;
  name: string;
  definition: { text: string };
  options: { firing?: Firing };
}): TriggerModel {
  const where = `trigger ${def.name} on ${def.schema}.${def.table}`;
  const model = { schema: def.schema, table: def.table, name: def.name, definition: def.definition.text };
  return { ...model, ...firingOf(where, def.options.firing) };
}
