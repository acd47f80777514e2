import type {
  DefaultPrivilegeModel,
  GrantModel,
  OwnerTarget,
  CheckModel,
  ColumnModel,
  CommentModel,
  DependencyRef,
  DomainModel,
  FunctionModel,
  IndexColumnModel,
  IndexModel,
  RuleModel,
  CastModel,
  TextSearchConfigurationModel,
  TextSearchDictionaryModel,
  OperatorModel,
  OperatorClassModel,
  SequenceModel,
  TableModel,
  TriggerModel,
  ViewModel,
} from '../model.js';
import { movedTableFeatures } from './map-table-features.js';
import { isDatabaseGrantTarget } from '../model.js';
import type { NameMapper } from './name-mapper.js';

export type { NameMapper } from './name-mapper.js';

/*
 * How the objects of the kinds declared in `model.ts` are renamed, for the
 * model's walk (`mapModelNames`, through each kind's `mapNames` in
 * `MODEL_KINDS`) and the operations' name mappers; a kind with a module of
 * its own keeps its mapper there.
 */

export function mapSequence(sequence: SequenceModel, map: NameMapper): SequenceModel {
  return {
    ...sequence,
    schema: map.schema(sequence.schema),
    ownedBy: sequence.ownedBy === null ? null : { ...sequence.ownedBy },
  };
}

export function mapTrigger(trigger: TriggerModel, map: NameMapper): TriggerModel {
  return { ...trigger, schema: map.schema(trigger.schema), definition: map.text(trigger.definition) };
}

export function mapRule(rule: RuleModel, map: NameMapper): RuleModel {
  return { ...rule, schema: map.schema(rule.schema), definition: map.text(rule.definition) };
}

/** A cast names its types and function in text: each mapped as text. */
export function mapCast(cast: CastModel, map: NameMapper): CastModel {
  return {
    ...cast,
    source: map.text(cast.source),
    target: map.text(cast.target),
    ...(cast.function !== undefined ? { function: map.text(cast.function) } : {}),
  };
}

/** A dictionary's template is text (an extension's may move). */
export function mapTextSearchDictionary(
  dictionary: TextSearchDictionaryModel,
  map: NameMapper,
): TextSearchDictionaryModel {
  return {
    ...dictionary,
    schema: map.schema(dictionary.schema),
    template: map.text(dictionary.template),
    ...(dictionary.options !== undefined ? { options: { ...dictionary.options } } : {}),
  };
}

/** A configuration's parser, copied configuration and mapped dictionaries are text. */
export function mapTextSearchConfiguration(
  configuration: TextSearchConfigurationModel,
  map: NameMapper,
): TextSearchConfigurationModel {
  return {
    ...configuration,
    schema: map.schema(configuration.schema),
    mappings: mapMappings(configuration.mappings, map),
    ...(configuration.parser !== undefined ? { parser: map.text(configuration.parser) } : {}),
    ...(configuration.copy !== undefined ? { copy: map.text(configuration.copy) } : {}),
  };
}

export function mapMappings(
  mappings: Readonly<Record<string, readonly string[]>>,
  map: NameMapper,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(mappings).map(([token, dictionaries]) => [token, dictionaries.map(map.text)]),
  );
}

/** An operator's schema, and its types, functions, commutator and negator as text. */
export function mapOperator(operator: OperatorModel, map: NameMapper): OperatorModel {
  const mapped: OperatorModel = {
    ...operator,
    schema: map.schema(operator.schema),
    left: nullableText(operator.left, map),
    right: map.text(operator.right),
    function: map.text(operator.function),
  };
  const { commutator, negator, restrict, join } = operator;
  return {
    ...mapped,
    ...(commutator !== undefined ? { commutator: map.text(commutator) } : {}),
    ...(negator !== undefined ? { negator: map.text(negator) } : {}),
    ...(restrict !== undefined ? { restrict: map.text(restrict) } : {}),
    ...(join !== undefined ? { join: map.text(join) } : {}),
  };
}

/** An operator class's schema, and its types, family and items as text. */
export function mapOperatorClass(c: OperatorClassModel, map: NameMapper): OperatorClassModel {
  return {
    ...c,
    schema: map.schema(c.schema),
    type: map.text(c.type),
    items: c.items.map(map.text),
    ...(c.family !== undefined ? { family: map.text(c.family) } : {}),
    ...(c.storage !== undefined ? { storage: map.text(c.storage) } : {}),
  };
}

export function mapTable(table: TableModel, map: NameMapper): TableModel {
  const { exclusions } = table;
  return {
    ...table,
    schema: map.schema(table.schema),
    columns: table.columns.map((c) => mapColumn(c, map)),
    primaryKey: table.primaryKey === null ? null : { ...table.primaryKey },
    foreignKeys: table.foreignKeys.map((fk) => ({ ...fk, refSchema: map.schema(fk.refSchema) })),
    uniques: table.uniques.map((u) => ({ ...u })),
    checks: table.checks.map((c) => mapCheck(c, map)),
    indexes: table.indexes.map((i) => mapIndex(i, map)),
    ...movedTableFeatures(table, map.schema, map.text),
    ...(exclusions !== undefined
      ? { exclusions: exclusions.map((x) => ({ ...x, definition: map.text(x.definition) })) }
      : {}),
  };
}

export function mapColumn(column: ColumnModel, map: NameMapper): ColumnModel {
  return {
    ...column,
    type: map.text(column.type),
    default: nullableText(column.default, map),
    identity: column.identity === null ? null : { ...column.identity },
    ...(column.generated !== undefined ? { generated: map.text(column.generated) } : {}),
    ...(column.collation !== undefined ? { collation: map.text(column.collation) } : {}),
  };
}

export function mapCheck(check: CheckModel, map: NameMapper): CheckModel {
  return { ...check, expression: map.text(check.expression) };
}

export function mapIndex(index: IndexModel, map: NameMapper): IndexModel {
  return { ...index, where: nullableText(index.where, map), columns: index.columns.map((c) => mapIndexColumn(c, map)) };
}

function mapIndexColumn(key: IndexColumnModel, map: NameMapper): IndexColumnModel {
  const mapped: IndexColumnModel = 'expression' in key ? { ...key, expression: map.text(key.expression) } : { ...key };
  return {
    ...mapped,
    ...(key.opclass !== undefined ? { opclass: map.text(key.opclass) } : {}),
    ...(key.collation !== undefined ? { collation: map.text(key.collation) } : {}),
  };
}

export function mapDomain(domain: DomainModel, map: NameMapper): DomainModel {
  return {
    ...domain,
    schema: map.schema(domain.schema),
    type: map.text(domain.type),
    ...(domain.collation !== undefined ? { collation: map.text(domain.collation) } : {}),
    default: nullableText(domain.default, map),
    checks: domain.checks.map((c) => mapCheck(c, map)),
    ...(domain.dependsOn !== undefined ? { dependsOn: domain.dependsOn.map((r) => mapDependency(r, map)) } : {}),
  };
}

export function mapView(view: ViewModel, map: NameMapper): ViewModel {
  return {
    ...view,
    schema: map.schema(view.schema),
    definition: map.text(view.definition),
    options: [...view.options],
    columns: view.columns.map((c) => ({ ...c, type: map.text(c.type) })),
    indexes: view.indexes.map((i) => mapIndex(i, map)),
    dependsOn: view.dependsOn.map((r) => mapDependency(r, map)),
    ...(view.columnDefaults === undefined
      ? {}
      : { columnDefaults: Object.fromEntries(Object.entries(view.columnDefaults).map(([c, e]) => [c, map.text(e)])) }),
  };
}

export function mapFunction(routine: FunctionModel, map: NameMapper): FunctionModel {
  return {
    ...routine,
    schema: map.schema(routine.schema),
    argumentTypes: map.text(routine.argumentTypes),
    arguments: map.text(routine.arguments),
    result: map.text(routine.result),
    definition: map.text(routine.definition),
    dependsOn: routine.dependsOn.map((r) => mapDependency(r, map)),
  };
}

function mapDependency(ref: DependencyRef, map: NameMapper): DependencyRef {
  return {
    ...ref,
    schema: map.schema(ref.schema),
    ...(ref.argumentTypes !== undefined ? { argumentTypes: map.text(ref.argumentTypes) } : {}),
  };
}

export function mapComment(comment: CommentModel, map: NameMapper): CommentModel {
  const target = { ...comment.target, schema: map.schema(comment.target.schema) };
  if (comment.target.argumentTypes !== undefined) target.argumentTypes = map.text(comment.target.argumentTypes);
  // A cast's types are its name and parent.
  if (target.on === 'cast')
    Object.assign(target, { name: map.text(target.name), parent: map.text(target.parent ?? '') });
  return { ...comment, target };
}

/** A default privilege for one schema, for the mapped schema; a global one as it is. */
export function mapDefaultPrivilege(entry: DefaultPrivilegeModel, map: NameMapper): DefaultPrivilegeModel {
  return entry.schema === undefined ? { ...entry } : { ...entry, schema: map.schema(entry.schema) };
}

/** A privilege's object in its mapped schema; a schema's name is its schema. */
export function mapGrant(grant: GrantModel, map: NameMapper): GrantModel {
  return { ...grant, target: mapGrantTarget(grant.target, map) };
}

export function mapGrantTarget<T extends OwnerTarget>(target: T, map: NameMapper): T {
  // One in no schema (a wrapper, a server) is the database's: it keeps its name.
  if (isDatabaseGrantTarget(target)) return { ...target };
  const schema = map.schema(target.schema);
  return {
    ...target,
    schema,
    name: target.on === 'schema' ? schema : target.name,
    ...(target.argumentTypes === undefined ? {} : { argumentTypes: map.text(target.argumentTypes) }),
  };
}

function nullableText(value: string | null, map: NameMapper): string | null {
  return value === null ? null : map.text(value);
}
