import type { ObjectFamilyKind } from '../ops/operation-specs.js';
import type { Operation, OperationKind, OperationOf } from '../ops/operation.js';
import type { CastOperation } from '../ops/objects/cast-operations.js';
import type { CollationRuleOperation } from '../ops/objects/collation-rule-operations.js';
import type { StatisticsOperation } from '../ops/objects/statistics-operations.js';
import type { PublicationOperation } from '../ops/objects/publication-operations.js';
import type { CompositeOperationKind } from '../ops/objects/composite-operations.js';
import type { ForeignOperationKind } from '../ops/objects/foreign-operations.js';
import type { GrantOperation } from '../ops/objects/grant-operations.js';
import type { DomainChange, DomainColumnUse, ObjectOperationKind } from '../ops/objects/object-operations.js';
import type { OperatorChange, OperatorName, OperatorOperationKind } from '../ops/objects/operator-operations.js';
import type { TextSearchOperationKind } from '../ops/objects/text-search-operations.js';
import type { ViewRoutineOperation } from '../ops/objects/view-routine-operations.js';
import type { CommentTarget } from '../schema/objects/model-objects.js';
import { mapCompositeOperation } from './map-composite-names.js';
import { mapRangeOperation } from './map-range-names.js';
import type { RangeOperationKind } from '../ops/objects/range-operations.js';
import type { FiringOperationKind } from '../ops/objects/firing-operations.js';
import type { EventTriggerOperationKind } from '../ops/objects/event-trigger-operations.js';
import type { EventTriggerModel } from '../schema/model.js';
import { mapForeignOperation } from './map-foreign-names.js';
import {
  mapCast,
  mapComment,
  mapDomain,
  mapFunction,
  mapGrantTarget,
  mapMappings,
  mapOperator,
  mapOperatorClass,
  mapRule,
  mapStatistics,
  mapPublication,
  mapSequence,
  mapTextSearchConfiguration,
  mapTextSearchDictionary,
  mapTrigger,
  mapView,
  type NameMapper,
} from './map-model-names.js';

/** One name mapper per kind of the family `K`; `map-operation-names.ts` collects the families' tables. */
export type NameMappers<K extends OperationKind> = {
  readonly [P in K]: (op: OperationOf<P>, map: NameMapper) => Operation;
};

/** Extensions, sequences, domains, triggers and comments. */
const OBJECT_NAME_MAPPERS: NameMappers<ObjectOperationKind> = {
  createExtension: (op, map) => ({ ...op, extension: { ...op.extension, schema: map.schema(op.extension.schema) } }),
  dropExtension: (op, map) => ({
    ...op,
    ...(op.removed ? { removed: { ...op.removed, schema: map.schema(op.removed.schema) } } : {}),
  }),
  alterExtension: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.from !== undefined ? { from: map.schema(op.from) } : {}),
  }),
  createSequence: (op, map) => ({ ...op, sequence: mapSequence(op.sequence, map) }),
  dropSequence: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapSequence(op.removed, map) } : {}),
  }),
  alterSequence: (op, map) => ({ ...op, schema: map.schema(op.schema) }),
  createDomain: (op, map) => ({ ...op, domain: mapDomain(op.domain, map) }),
  dropDomain: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapDomain(op.removed, map) } : {}),
  }),
  alterDomain: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    to: mapDomainChange(op.to, map),
    ...(op.from ? { from: mapDomainChange(op.from, map) } : {}),
  }),
  replaceDomain: (op, map) => ({
    ...op,
    domain: mapDomain(op.domain, map),
    ...(op.from ? { from: mapDomain(op.from, map) } : {}),
    columns: op.columns.map((c) => domainUse(c, map)),
  }),
  createTrigger: (op, map) => ({ ...op, trigger: mapTrigger(op.trigger, map) }),
  dropTrigger: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapTrigger(op.removed, map) } : {}),
  }),
  setComment: (op, map) => ({ ...op, target: mapCommentTarget(op.target, map) }),
};

const VIEW_ROUTINE_NAME_MAPPERS: NameMappers<ViewRoutineOperation['kind']> = {
  createView: (op, map) => ({ ...op, view: mapView(op.view, map) }),
  replaceView: (op, map) => ({
    ...op,
    view: mapView(op.view, map),
    ...(op.from ? { from: mapView(op.from, map) } : {}),
  }),
  dropView: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapView(op.removed, map) } : {}),
  }),
  createFunction: (op, map) => ({ ...op, function: mapFunction(op.function, map) }),
  replaceFunction: (op, map) => ({
    ...op,
    function: mapFunction(op.function, map),
    ...(op.from ? { from: mapFunction(op.from, map) } : {}),
  }),
  dropFunction: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    argumentTypes: map.text(op.argumentTypes),
    ...(op.removed ? { removed: mapFunction(op.removed, map) } : {}),
  }),
};

const COLLATION_RULE_NAME_MAPPERS: NameMappers<CollationRuleOperation['kind']> = {
  createCollation: (op, map) => ({ ...op, collation: { ...op.collation, schema: map.schema(op.collation.schema) } }),
  dropCollation: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: { ...op.removed, schema: map.schema(op.removed.schema) } } : {}),
  }),
  createRule: (op, map) => ({ ...op, rule: mapRule(op.rule, map) }),
  replaceRule: (op, map) => ({
    ...op,
    rule: mapRule(op.rule, map),
    ...(op.from ? { from: mapRule(op.from, map) } : {}),
  }),
  dropRule: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapRule(op.removed, map) } : {}),
  }),
};

const STATISTICS_NAME_MAPPERS: NameMappers<StatisticsOperation['kind']> = {
  createStatistics: (op, map) => ({ ...op, statistics: mapStatistics(op.statistics, map) }),
  dropStatistics: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapStatistics(op.removed, map) } : {}),
  }),
  alterStatistics: (op, map) => ({ ...op, schema: map.schema(op.schema) }),
};

/** A tenant's publication lists the tenant's tables and schemas; its name stays. */
const PUBLICATION_NAME_MAPPERS: NameMappers<PublicationOperation['kind']> = {
  createPublication: (op, map) => ({ ...op, publication: mapPublication(op.publication, map) }),
  dropPublication: (op, map) => ({ ...op, ...(op.removed ? { removed: mapPublication(op.removed, map) } : {}) }),
  alterPublication: (op, map) => ({ ...op, from: mapPublication(op.from, map), to: mapPublication(op.to, map) }),
};

const CAST_NAME_MAPPERS: NameMappers<CastOperation['kind']> = {
  createCast: (op, map) => ({ ...op, cast: mapCast(op.cast, map) }),
  dropCast: (op, map) => ({
    ...op,
    source: map.text(op.source),
    target: map.text(op.target),
    ...(op.removed ? { removed: mapCast(op.removed, map) } : {}),
  }),
};

const TEXT_SEARCH_NAME_MAPPERS: NameMappers<TextSearchOperationKind> = {
  createTextSearchDictionary: (op, map) => ({ ...op, dictionary: mapTextSearchDictionary(op.dictionary, map) }),
  alterTextSearchDictionary: (op, map) => ({ ...op, schema: map.schema(op.schema) }),
  dropTextSearchDictionary: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapTextSearchDictionary(op.removed, map) } : {}),
  }),
  createTextSearchConfiguration: (op, map) => ({
    ...op,
    configuration: mapTextSearchConfiguration(op.configuration, map),
  }),
  alterTextSearchConfiguration: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    mappings: mapMappings(op.mappings, map),
    ...(op.from ? { from: mapMappings(op.from, map) } : {}),
  }),
  dropTextSearchConfiguration: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapTextSearchConfiguration(op.removed, map) } : {}),
  }),
};

const OPERATOR_NAME_MAPPERS: NameMappers<OperatorOperationKind> = {
  createOperator: (op, map) => ({ ...op, operator: mapOperator(op.operator, map) }),
  dropOperator: (op, map) => ({
    ...op,
    ...mapOperatorName(op, map),
    ...(op.removed ? { removed: mapOperator(op.removed, map) } : {}),
  }),
  alterOperator: (op, map) => ({
    ...op,
    ...mapOperatorName(op, map),
    to: mapOperatorChange(op.to, map),
    ...(op.from ? { from: mapOperatorChange(op.from, map) } : {}),
  }),
  createOperatorClass: (op, map) => ({ ...op, operatorClass: mapOperatorClass(op.operatorClass, map) }),
  dropOperatorClass: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapOperatorClass(op.removed, map) } : {}),
  }),
};

const COMPOSITE_NAME_MAPPERS: NameMappers<CompositeOperationKind> = {
  createCompositeType: mapCompositeOperation,
  dropCompositeType: mapCompositeOperation,
  addCompositeAttribute: mapCompositeOperation,
  dropCompositeAttribute: mapCompositeOperation,
  alterCompositeAttribute: mapCompositeOperation,
};

const RANGE_NAME_MAPPERS: NameMappers<RangeOperationKind> = {
  createRangeType: mapRangeOperation,
  dropRangeType: mapRangeOperation,
};

const FIRING_NAME_MAPPERS: NameMappers<FiringOperationKind> = {
  alterFiring: (op, map) => ({ ...op, schema: map.schema(op.schema) }),
};

const mapEventTrigger = (e: EventTriggerModel, map: NameMapper): EventTriggerModel => ({
  ...e,
  functionSchema: map.schema(e.functionSchema),
});

const EVENT_TRIGGER_NAME_MAPPERS: NameMappers<EventTriggerOperationKind> = {
  createEventTrigger: (op, map) => ({ ...op, eventTrigger: mapEventTrigger(op.eventTrigger, map) }),
  dropEventTrigger: (op, map) => (op.removed ? { ...op, removed: mapEventTrigger(op.removed, map) } : op),
  alterEventTrigger: (op) => op,
};

const FOREIGN_NAME_MAPPERS: NameMappers<ForeignOperationKind> = {
  createForeignDataWrapper: mapForeignOperation,
  dropForeignDataWrapper: mapForeignOperation,
  alterForeignDataWrapper: mapForeignOperation,
  createForeignServer: mapForeignOperation,
  dropForeignServer: mapForeignOperation,
  alterForeignServer: mapForeignOperation,
  createForeignTable: mapForeignOperation,
  dropForeignTable: mapForeignOperation,
  alterForeignTable: mapForeignOperation,
};

/** Privileges: the object they are on moves with its schema, and so do default privileges for one schema. */
const GRANT_NAME_MAPPERS: NameMappers<GrantOperation['kind']> = {
  grant: (op, map) => ({ ...op, on: mapGrantTarget(op.on, map) }),
  revoke: (op, map) => ({ ...op, on: mapGrantTarget(op.on, map) }),
  grantDefault: (op, map) => (op.inSchema === undefined ? op : { ...op, inSchema: map.schema(op.inSchema) }),
  revokeDefault: (op, map) => (op.inSchema === undefined ? op : { ...op, inSchema: map.schema(op.inSchema) }),
  alterOwner: (op, map) => ({ ...op, on: mapGrantTarget(op.on, map) }),
};

function domainUse(use: DomainColumnUse, map: NameMapper): DomainColumnUse {
  return {
    ...use,
    schema: map.schema(use.schema),
    ...(use.type !== undefined ? { type: map.text(use.type) } : {}),
    ...(use.default !== undefined ? { default: map.text(use.default) } : {}),
  };
}

function mapDomainChange(change: DomainChange, map: NameMapper): DomainChange {
  return {
    ...change,
    ...(typeof change.default === 'string' ? { default: map.text(change.default) } : {}),
    ...(change.checks ? { checks: change.checks.map((c) => ({ ...c, expression: map.text(c.expression) })) } : {}),
  };
}

function mapCommentTarget(target: CommentTarget, map: NameMapper): CommentTarget {
  return mapComment({ target, text: '' }, map).target;
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
  const { restrict, join } = change;
  return {
    ...(restrict !== undefined ? { restrict: restrict === null ? null : map.text(restrict) } : {}),
    ...(join !== undefined ? { join: join === null ? null : map.text(join) } : {}),
  };
}

/** The name mappers of the operations on the objects besides tables, one table of all their families. */
export const OBJECT_FAMILY_NAME_MAPPERS: NameMappers<ObjectFamilyKind> = {
  ...OBJECT_NAME_MAPPERS,
  ...VIEW_ROUTINE_NAME_MAPPERS,
  ...COLLATION_RULE_NAME_MAPPERS,
  ...STATISTICS_NAME_MAPPERS,
  ...PUBLICATION_NAME_MAPPERS,
  ...CAST_NAME_MAPPERS,
  ...TEXT_SEARCH_NAME_MAPPERS,
  ...OPERATOR_NAME_MAPPERS,
  ...COMPOSITE_NAME_MAPPERS,
  ...RANGE_NAME_MAPPERS,
  ...FIRING_NAME_MAPPERS,
  ...EVENT_TRIGGER_NAME_MAPPERS,
  ...FOREIGN_NAME_MAPPERS,
  ...GRANT_NAME_MAPPERS,
};
