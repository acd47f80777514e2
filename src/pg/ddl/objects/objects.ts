import type { ObjectFamilyKind } from '../../../ops/operation-specs.js';
import type { PerFamilyKind } from '../../../ops/operation.js';
import type { CastOperation } from '../../../ops/objects/cast-operations.js';
import type { CollationRuleOperation } from '../../../ops/objects/collation-rule-operations.js';
import type { StatisticsOperation } from '../../../ops/objects/statistics-operations.js';
import type { CompositeOperationKind } from '../../../ops/objects/composite-operations.js';
import type { RangeOperationKind } from '../../../ops/objects/range-operations.js';
import type { FiringOperationKind } from '../../../ops/objects/firing-operations.js';
import type { EventTriggerOperationKind } from '../../../ops/objects/event-trigger-operations.js';
import type { ForeignOperationKind } from '../../../ops/objects/foreign-operations.js';
import type { ObjectOperationKind } from '../../../ops/objects/object-operations.js';
import type { OperatorOperationKind } from '../../../ops/objects/operator-operations.js';
import type { TextSearchOperationKind } from '../../../ops/objects/text-search-operations.js';
import type { ViewRoutineOperation } from '../../../ops/objects/view-routine-operations.js';
import type { GrantOperation } from '../../../ops/objects/grant-operations.js';
import type { PublicationOperation } from '../../../ops/objects/publication-operations.js';
import { compileAlterPublication, compileCreatePublication, compileDropPublication } from './publication.js';
import type { Statement } from '../statement.js';
import { compileAlterOwner, compileGrant, compileGrantDefault, compileRevoke, compileRevokeDefault } from './grant.js';
import { compileCreateCast, compileDropCast } from './cast.js';
import { compileCreateCollation, compileDropCollation } from './collation.js';
import { compileSetComment } from './comment.js';
import { compileCompositeOperation } from './composite.js';
import { compileCreateRange, compileDropRange } from './range.js';
import { compileAlterFiring } from './firing.js';
import { compileAlterEventTrigger, compileCreateEventTrigger, compileDropEventTrigger } from './event-trigger.js';
import { compileAlterDomain, compileCreateDomain, compileDropDomain, compileReplaceDomain } from './domain.js';
import { compileForeignOperation } from './foreign.js';
import { compileOperatorOperation } from './operator.js';
import {
  compileCreateFunction,
  compileCreateTrigger,
  compileDropFunction,
  compileDropTrigger,
  compileReplaceFunction,
} from './routine.js';
import { compileCreateRule, compileDropRule, compileReplaceRule } from './rule.js';
import { compileAlterStatistics, compileCreateStatistics, compileDropStatistics } from './statistics.js';
import {
  compileAlterExtension,
  compileAlterSequence,
  compileCreateExtension,
  compileCreateSequence,
  compileDropExtension,
  compileDropSequence,
} from './sequence-extension.js';
import { compileTextSearchOperation } from './text-search.js';
import { compileCreateView, compileDropView, compileReplaceView } from './view.js';

/**
 * The compilers of the object families (`ops/objects/`), one table per
 * family; `compile.ts` collects them with the others.
 */

/** Extensions, sequences, domains, triggers and comments. */
const OBJECT_COMPILERS: PerFamilyKind<ObjectOperationKind, Statement[]> = {
  createExtension: compileCreateExtension,
  dropExtension: compileDropExtension,
  alterExtension: compileAlterExtension,
  createSequence: compileCreateSequence,
  dropSequence: compileDropSequence,
  alterSequence: compileAlterSequence,
  createDomain: compileCreateDomain,
  dropDomain: compileDropDomain,
  alterDomain: compileAlterDomain,
  replaceDomain: compileReplaceDomain,
  createTrigger: compileCreateTrigger,
  dropTrigger: compileDropTrigger,
  setComment: compileSetComment,
};

const VIEW_ROUTINE_COMPILERS: PerFamilyKind<ViewRoutineOperation['kind'], Statement[]> = {
  createView: compileCreateView,
  dropView: compileDropView,
  replaceView: compileReplaceView,
  createFunction: compileCreateFunction,
  dropFunction: compileDropFunction,
  replaceFunction: compileReplaceFunction,
};

const COLLATION_RULE_COMPILERS: PerFamilyKind<CollationRuleOperation['kind'], Statement[]> = {
  createCollation: compileCreateCollation,
  dropCollation: compileDropCollation,
  createRule: compileCreateRule,
  replaceRule: compileReplaceRule,
  dropRule: compileDropRule,
};

const STATISTICS_COMPILERS: PerFamilyKind<StatisticsOperation['kind'], Statement[]> = {
  createStatistics: compileCreateStatistics,
  dropStatistics: compileDropStatistics,
  alterStatistics: compileAlterStatistics,
};

const CAST_COMPILERS: PerFamilyKind<CastOperation['kind'], Statement[]> = {
  createCast: compileCreateCast,
  dropCast: compileDropCast,
};

const COMPOSITE_COMPILERS: PerFamilyKind<CompositeOperationKind, Statement[]> = {
  createCompositeType: compileCompositeOperation,
  dropCompositeType: compileCompositeOperation,
  addCompositeAttribute: compileCompositeOperation,
  dropCompositeAttribute: compileCompositeOperation,
  alterCompositeAttribute: compileCompositeOperation,
};

const RANGE_COMPILERS: PerFamilyKind<RangeOperationKind, Statement[]> = {
  createRangeType: compileCreateRange,
  dropRangeType: compileDropRange,
};

const FIRING_COMPILERS: PerFamilyKind<FiringOperationKind, Statement[]> = {
  alterFiring: compileAlterFiring,
};

const EVENT_TRIGGER_COMPILERS: PerFamilyKind<EventTriggerOperationKind, Statement[]> = {
  createEventTrigger: compileCreateEventTrigger,
  dropEventTrigger: compileDropEventTrigger,
  alterEventTrigger: compileAlterEventTrigger,
};

const TEXT_SEARCH_COMPILERS: PerFamilyKind<TextSearchOperationKind, Statement[]> = {
  createTextSearchDictionary: compileTextSearchOperation,
  alterTextSearchDictionary: compileTextSearchOperation,
  dropTextSearchDictionary: compileTextSearchOperation,
  createTextSearchConfiguration: compileTextSearchOperation,
  alterTextSearchConfiguration: compileTextSearchOperation,
  dropTextSearchConfiguration: compileTextSearchOperation,
};

const OPERATOR_COMPILERS: PerFamilyKind<OperatorOperationKind, Statement[]> = {
  createOperator: compileOperatorOperation,
  dropOperator: compileOperatorOperation,
  alterOperator: compileOperatorOperation,
  createOperatorClass: compileOperatorOperation,
  dropOperatorClass: compileOperatorOperation,
};

const FOREIGN_COMPILERS: PerFamilyKind<ForeignOperationKind, Statement[]> = {
  createForeignDataWrapper: compileForeignOperation,
  dropForeignDataWrapper: compileForeignOperation,
  alterForeignDataWrapper: compileForeignOperation,
  createForeignServer: compileForeignOperation,
  dropForeignServer: compileForeignOperation,
  alterForeignServer: compileForeignOperation,
  createForeignTable: compileForeignOperation,
  dropForeignTable: compileForeignOperation,
  alterForeignTable: compileForeignOperation,
};

const GRANT_COMPILERS: PerFamilyKind<GrantOperation['kind'], Statement[]> = {
  grant: compileGrant,
  revoke: compileRevoke,
  grantDefault: compileGrantDefault,
  revokeDefault: compileRevokeDefault,
  alterOwner: compileAlterOwner,
};

const PUBLICATION_COMPILERS: PerFamilyKind<PublicationOperation['kind'], Statement[]> = {
  createPublication: compileCreatePublication,
  dropPublication: compileDropPublication,
  alterPublication: compileAlterPublication,
};

/** The compilers of the operations on the objects besides tables, one table of all their families. */
export const OBJECT_FAMILY_COMPILERS: PerFamilyKind<ObjectFamilyKind, Statement[]> = {
  ...OBJECT_COMPILERS,
  ...VIEW_ROUTINE_COMPILERS,
  ...COLLATION_RULE_COMPILERS,
  ...STATISTICS_COMPILERS,
  ...CAST_COMPILERS,
  ...COMPOSITE_COMPILERS,
  ...RANGE_COMPILERS,
  ...FIRING_COMPILERS,
  ...EVENT_TRIGGER_COMPILERS,
  ...TEXT_SEARCH_COMPILERS,
  ...OPERATOR_COMPILERS,
  ...FOREIGN_COMPILERS,
  ...GRANT_COMPILERS,
  ...PUBLICATION_COMPILERS,
};
