import type { EnumColumnUse, DomainColumnUse, Operation } from '../../ops/operation.js';
import type { OperatorChange, OperatorName } from '../../ops/objects/operator-operations.js';
import type { CommentTarget } from '../../schema/objects/model-objects.js';
import type { ConstraintModel, PolicyModel } from '../../schema/model.js';
import { assertNever } from '../../util/assert-never.js';
import {
  mapCheck,
  mapColumn,
  mapComment,
  mapDomain,
  mapFunction,
  mapIndex,
  mapRule,
  mapCast,
  mapMappings,
  mapTextSearchConfiguration,
  mapTextSearchDictionary,
  mapOperator,
  mapOperatorClass,
  mapSequence,
  mapTable,
  mapTrigger,
  mapView,
  type NameMapper,
} from './map-model-names.js';
import { quoteIdent } from '../quote.js';
import { mapCompositeOperation } from './map-composite-names.js';
import { mapForeignOperation } from './map-foreign-names.js';
import { moveQualifiedNames, type SchemaMove } from '../sql-qualify.js';
import { moveQualifiedOperators } from '../sql-qualify-operators.js';

/**
 * Every name in schema `from` renamed into schema `to`, others left alone:
 * the schema fields, and in SQL text each qualified reference `from.name`
 * (written `quoted.name`, by default `"to".name`), the way a fleet's
 * template schema becomes a tenant's.
 */
export function schemaTranslation(from: string, to: string, quoted = quoteIdent(to)): NameMapper {
  const move: SchemaMove = (schema) => (schema === from ? quoted : null);
  return {
    schema: (name) => (name === from ? to : name),
    text: (value) => moveQualifiedOperators(moveQualifiedNames(value, move), move),
  };
}

/** The operation with every schema name and every qualified name in its SQL text mapped. */
export function mapOperationNames(op: Operation, map: NameMapper): Operation {
  switch (op.kind) {
    case 'createSchema':
    case 'dropSchema':
      return { ...op, schema: map.schema(op.schema) };
    case 'renameSchema':
      return { ...op, from: map.schema(op.from), to: map.schema(op.to) };
    case 'renameTable':
    case 'renameColumn':
    case 'renameObject':
    case 'setUnlogged':
    case 'setStorageParameters':
      return { ...op, schema: map.schema(op.schema) };
    case 'createEnum':
      return { ...op, enum: { ...op.enum, schema: map.schema(op.enum.schema) } };
    case 'createCollation':
      return { ...op, collation: { ...op.collation, schema: map.schema(op.collation.schema) } };
    case 'createRule':
      return { ...op, rule: mapRule(op.rule, map) };
    case 'replaceRule':
      return { ...op, rule: mapRule(op.rule, map), ...(op.from ? { from: mapRule(op.from, map) } : {}) };
    case 'createCast':
      return { ...op, cast: mapCast(op.cast, map) };
    case 'dropCast':
      return {
        ...op,
        source: map.text(op.source),
        target: map.text(op.target),
        ...(op.removed ? { removed: mapCast(op.removed, map) } : {}),
      };
    case 'createOperator':
      return { ...op, operator: mapOperator(op.operator, map) };
    case 'dropOperator':
      return { ...op, ...mapOperatorName(op, map), ...(op.removed ? { removed: mapOperator(op.removed, map) } : {}) };
    case 'alterOperator':
      return {
        ...op,
        ...mapOperatorName(op, map),
        to: mapOperatorChange(op.to, map),
        ...(op.from ? { from: mapOperatorChange(op.from, map) } : {}),
      };
    case 'createOperatorClass':
      return { ...op, operatorClass: mapOperatorClass(op.operatorClass, map) };
    case 'dropOperatorClass':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.removed ? { removed: mapOperatorClass(op.removed, map) } : {}),
      };
    case 'dropRule':
      return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapRule(op.removed, map) } : {}) };
    case 'createTextSearchDictionary':
      return { ...op, dictionary: mapTextSearchDictionary(op.dictionary, map) };
    case 'alterTextSearchDictionary':
      return { ...op, schema: map.schema(op.schema) };
    case 'dropTextSearchDictionary':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.removed ? { removed: mapTextSearchDictionary(op.removed, map) } : {}),
      };
    case 'createTextSearchConfiguration':
      return { ...op, configuration: mapTextSearchConfiguration(op.configuration, map) };
    case 'alterTextSearchConfiguration':
      return {
        ...op,
        schema: map.schema(op.schema),
        mappings: mapMappings(op.mappings, map),
        ...(op.from ? { from: mapMappings(op.from, map) } : {}),
      };
    case 'dropTextSearchConfiguration':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.removed ? { removed: mapTextSearchConfiguration(op.removed, map) } : {}),
      };
    case 'dropCollation':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.removed ? { removed: { ...op.removed, schema: map.schema(op.removed.schema) } } : {}),
      };
    case 'dropEnum':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.removed ? { removed: { ...op.removed, schema: map.schema(op.removed.schema) } } : {}),
      };
    case 'addEnumValue':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.previous
          ? { previous: { ...op.previous, columns: op.previous.columns.map((c) => enumUse(c, map)) } }
          : {}),
      };
    case 'renameEnumValue':
      return { ...op, schema: map.schema(op.schema) };
    case 'replaceEnum':
      return { ...op, schema: map.schema(op.schema), columns: op.columns.map((c) => enumUse(c, map)) };
    case 'createTable':
      return { ...op, table: mapTable(op.table, map) };
    case 'dropTable':
      return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapTable(op.removed, map) } : {}) };
    case 'addColumn':
      return { ...op, schema: map.schema(op.schema), column: mapColumn(op.column, map) };
    case 'dropColumn':
      return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapColumn(op.removed, map) } : {}) };
    case 'alterColumn':
      return mapAlterColumn(op, map);
    case 'addConstraint':
      return { ...op, schema: map.schema(op.schema), constraint: mapConstraint(op.constraint, map) };
    case 'dropConstraint':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.removed ? { removed: mapConstraint(op.removed, map) } : {}),
      };
    case 'createIndex':
      return { ...op, schema: map.schema(op.schema), index: mapIndex(op.index, map) };
    case 'dropIndex':
      return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapIndex(op.removed, map) } : {}) };
    case 'renameIndex':
    case 'alterSequence':
    case 'attachPartition':
    case 'detachPartition':
      return mapPlainSchema(op, map);
    case 'createCompositeType':
    case 'dropCompositeType':
    case 'addCompositeAttribute':
    case 'dropCompositeAttribute':
    case 'alterCompositeAttribute':
      return mapCompositeOperation(op, map);
    case 'createForeignDataWrapper':
    case 'dropForeignDataWrapper':
    case 'alterForeignDataWrapper':
    case 'createForeignServer':
    case 'dropForeignServer':
    case 'alterForeignServer':
    case 'createForeignTable':
    case 'dropForeignTable':
    case 'alterForeignTable':
      return mapForeignOperation(op, map);
    default:
      return mapObjectOperation(op, map);
  }
}

type PlainSchemaOperation = Extract<
  Operation,
  { kind: 'renameIndex' | 'alterSequence' | 'attachPartition' | 'detachPartition' }
>;

function mapPlainSchema(op: PlainSchemaOperation, map: NameMapper): Operation {
  if (op.kind === 'attachPartition' || op.kind === 'detachPartition') {
    const partitionOf = {
      ...op.partitionOf,
      schema: map.schema(op.partitionOf.schema),
      bound: map.text(op.partitionOf.bound),
    };
    return { ...op, schema: map.schema(op.schema), partitionOf };
  }
  return { ...op, schema: map.schema(op.schema) };
}

type ObjectOperation = Exclude<Operation, { kind: Exclude<Operation['kind'], ObjectKind> }>;
type ObjectKind =
  | 'createExtension'
  | 'dropExtension'
  | 'alterExtension'
  | 'createSequence'
  | 'dropSequence'
  | 'createDomain'
  | 'dropDomain'
  | 'alterDomain'
  | 'replaceDomain'
  | 'createView'
  | 'dropView'
  | 'replaceView'
  | 'createFunction'
  | 'dropFunction'
  | 'replaceFunction'
  | 'createTrigger'
  | 'dropTrigger'
  | 'setComment'
  | 'setRowLevelSecurity'
  | 'createPolicy'
  | 'dropPolicy'
  | 'stashRows'
  | 'restoreRows'
  | 'executeSql';

function mapObjectOperation(op: ObjectOperation, map: NameMapper): Operation {
  switch (op.kind) {
    case 'createExtension':
      return { ...op, extension: { ...op.extension, schema: map.schema(op.extension.schema) } };
    case 'dropExtension':
      return { ...op, ...(op.removed ? { removed: { ...op.removed, schema: map.schema(op.removed.schema) } } : {}) };
    case 'alterExtension':
      return { ...op, schema: map.schema(op.schema), ...(op.from !== undefined ? { from: map.schema(op.from) } : {}) };
    case 'createSequence':
      return { ...op, sequence: mapSequence(op.sequence, map) };
    case 'dropSequence':
      return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapSequence(op.removed, map) } : {}) };
    case 'createDomain':
      return { ...op, domain: mapDomain(op.domain, map) };
    case 'dropDomain':
      return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapDomain(op.removed, map) } : {}) };
    case 'alterDomain':
      return {
        ...op,
        schema: map.schema(op.schema),
        to: mapDomainChange(op.to, map),
        ...(op.from ? { from: mapDomainChange(op.from, map) } : {}),
      };
    case 'replaceDomain':
      return {
        ...op,
        domain: mapDomain(op.domain, map),
        ...(op.from ? { from: mapDomain(op.from, map) } : {}),
        columns: op.columns.map((c) => domainUse(c, map)),
      };
    case 'createView':
    case 'replaceView':
      return {
        ...op,
        view: mapView(op.view, map),
        ...('from' in op && op.from ? { from: mapView(op.from, map) } : {}),
      };
    case 'dropView':
      return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapView(op.removed, map) } : {}) };
    case 'createFunction':
    case 'replaceFunction':
      return {
        ...op,
        function: mapFunction(op.function, map),
        ...('from' in op && op.from ? { from: mapFunction(op.from, map) } : {}),
      };
    case 'dropFunction':
      return {
        ...op,
        schema: map.schema(op.schema),
        argumentTypes: map.text(op.argumentTypes),
        ...(op.removed ? { removed: mapFunction(op.removed, map) } : {}),
      };
    case 'createTrigger':
      return { ...op, trigger: mapTrigger(op.trigger, map) };
    case 'dropTrigger':
      return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapTrigger(op.removed, map) } : {}) };
    case 'setComment':
      return { ...op, target: mapCommentTarget(op.target, map) };
    case 'setRowLevelSecurity':
      return { ...op, schema: map.schema(op.schema) };
    case 'createPolicy':
      return { ...op, schema: map.schema(op.schema), policy: mapPolicy(op.policy, map) };
    case 'dropPolicy':
      return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapPolicy(op.removed, map) } : {}) };
    case 'stashRows':
    case 'restoreRows':
      return mapRowCopy(op, map);
    case 'executeSql':
      return {
        ...op,
        sql: map.text(op.sql),
        ...(op.reverseSql !== undefined ? { reverseSql: map.text(op.reverseSql) } : {}),
      };
    default:
      return assertNever(op, 'operation');
  }
}

function mapAlterColumn(op: Extract<Operation, { kind: 'alterColumn' }>, map: NameMapper): Operation {
  const change = (c: NonNullable<typeof op.from>): typeof c => {
    const mapped = { ...c };
    if (typeof c.type === 'string') mapped.type = map.text(c.type);
    if (typeof c.default === 'string') mapped.default = map.text(c.default);
    if (typeof c.collation === 'string') mapped.collation = map.text(c.collation);
    if (typeof c.generated === 'string') mapped.generated = map.text(c.generated);
    return mapped;
  };
  return {
    ...op,
    schema: map.schema(op.schema),
    to: change(op.to),
    ...(op.from ? { from: change(op.from) } : {}),
    ...(op.using !== undefined ? { using: map.text(op.using) } : {}),
  };
}

function mapConstraint(constraint: ConstraintModel, map: NameMapper): ConstraintModel {
  switch (constraint.type) {
    case 'foreignKey':
      return { ...constraint, refSchema: map.schema(constraint.refSchema) };
    case 'check':
      return { ...constraint, ...mapCheck(constraint, map) };
    case 'exclusion':
      return { ...constraint, definition: map.text(constraint.definition) };
    case 'primaryKey':
    case 'unique':
      return { ...constraint };
    default:
      return assertNever(constraint, 'constraint');
  }
}

function enumUse(use: EnumColumnUse, map: NameMapper): EnumColumnUse {
  const mapped: EnumColumnUse = { ...use, schema: map.schema(use.schema), type: map.text(use.type) };
  if (use.default) mapped.default = { from: nullable(use.default.from, map), to: nullable(use.default.to, map) };
  return mapped;
}

function domainUse(use: DomainColumnUse, map: NameMapper): DomainColumnUse {
  const mapped: DomainColumnUse = { ...use, schema: map.schema(use.schema) };
  if (use.type !== undefined) mapped.type = map.text(use.type);
  if (use.default !== undefined) mapped.default = map.text(use.default);
  return mapped;
}

function mapDomainChange<T extends { default?: string | null; checks?: { expression: string }[] }>(
  change: T,
  map: NameMapper,
): T {
  const mapped = { ...change };
  if (typeof change.default === 'string') mapped.default = map.text(change.default);
  if (change.checks) mapped.checks = change.checks.map((c) => ({ ...c, expression: map.text(c.expression) }));
  return mapped;
}

function mapCommentTarget(target: CommentTarget, map: NameMapper): CommentTarget {
  return mapComment({ target, text: '' }, map).target;
}

function mapPolicy(policy: PolicyModel, map: NameMapper): PolicyModel {
  return { ...policy, using: nullable(policy.using, map), withCheck: nullable(policy.withCheck, map) };
}

function mapRowCopy(op: Extract<Operation, { kind: 'stashRows' | 'restoreRows' }>, map: NameMapper): Operation {
  const mapped = { ...op, schema: map.schema(op.schema) };
  if (op.asText) mapped.asText = op.asText.map((c) => ({ ...c, type: map.text(c.type) }));
  if (op.casts) mapped.casts = op.casts.map((c) => ({ ...c, type: map.text(c.type) }));
  if (op.keptPartitions) mapped.keptPartitions = op.keptPartitions.map((p) => ({ ...p, schema: map.schema(p.schema) }));
  return mapped;
}

function nullable(value: string | null, map: NameMapper): string | null {
  return value === null ? null : map.text(value);
}

function mapOperatorName(o: OperatorName, map: NameMapper): OperatorName {
  return {
    schema: map.schema(o.schema),
    name: o.name,
    left: o.left === null ? null : map.text(o.left),
    right: map.text(o.right),
  };
}

function mapOperatorChange(change: OperatorChange, map: NameMapper): OperatorChange {
  const mapped: OperatorChange = {};
  for (const part of ['restrict', 'join'] as const) {
    const value = change[part];
    if (value !== undefined) mapped[part] = value === null ? null : map.text(value);
  }
  return mapped;
}
