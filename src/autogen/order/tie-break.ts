import { forKind, type Operation, type OperationOf, type PerKind } from '../../ops/operation.js';
import type { GrantTarget } from '../../schema/model.js';
import { compareTuples } from '../diff/compare-values.js';
import { NO_PLACES, placeText, type Place } from './places.js';

/**
 * The ranks of the families that share a slot, first to last (or last to
 * first in a slot of drops that `byTieBreak` reverses).
 */
const FIRST = '0';
const SECOND = '1';
const THIRD = '2';
const FOURTH = '3';

/**
 * The scheduler's tie-break within a slot: every operation's key, from its
 * kind's entry below, so that the order of a slot does not depend on the
 * order the stages emitted it in. A key is its family's rank, then the
 * object's names as the comparisons key it ((schema, name), or (schema,
 * table, name) for what belongs to a table), in `compareText` order; kinds
 * that share a slot family by family (triggers before event triggers, a
 * table's parts by kind) rank apart; a table's columns and a composite
 * type's attributes go by their places in it (`places.ts`), an enum's added
 * values by how many values it has before each is added. What is left equal
 * keeps its order: operations equal in every part.
 */

const KEYS: PerKind<readonly string[]> = {
  createSchema: (op) => [FIRST, op.schema],
  dropSchema: (op) => [FIRST, op.schema],
  renameSchema: (op) => [FIRST, op.from],
  renameTable: (op) => [FIRST, op.schema, op.from],
  renameColumn: (op) => [FIRST, op.schema, op.table, op.from],
  renameObject: (op) => [FIRST, op.schema, op.table ?? '', op.from],
  createEnum: (op) => [FIRST, op.enum.schema, op.enum.name],
  dropEnum: (op) => [FIRST, op.schema, op.name],
  // An enum's values added in the order the target declares them: each after the values added before it.
  addEnumValue: (op) => [FIRST, op.schema, op.name, valuesBefore(op)],
  renameEnumValue: (op) => [FIRST, op.schema, op.name],
  replaceEnum: (op) => [FIRST, op.schema, op.name],
  createTable: (op) => [FIRST, op.table.schema, op.table.name],
  dropTable: (op) => [FIRST, op.schema, op.name],
  // A table's features after the changes: attached, inheriting, then its switches and storage (table, then indexes).
  setUnlogged: (op) => [SECOND, op.schema, op.table, '3'],
  setReplicaIdentity: (op) => [SECOND, op.schema, op.table, '4'],
  setStorageParameters: (op) => [SECOND, op.schema, op.table, '5', op.index ?? ''],
  // A table's parts around the changes: constraints, indexes, then columns dropped (a column's default, then
  // the column); columns added, their defaults set, then constraints and indexes added. A table's columns
  // go by their places in it (`places.ts`).
  dropConstraint: (op) => [SECOND, op.schema, op.table, '0', op.name],
  dropIndex: (op) => [SECOND, op.schema, op.table, '1', op.name],
  addColumn: (op) => [SECOND, op.schema, op.table, '1'],
  alterColumn: (op) => [SECOND, op.schema, op.table, '2'],
  dropColumn: (op) => [SECOND, op.schema, op.table, '3'],
  addConstraint: (op) => [SECOND, op.schema, op.table, '3', op.constraint.name],
  createIndex: (op) => [SECOND, op.schema, op.table, '4', op.index.name],
  renameIndex: (op) => [FIRST, op.schema, op.from],
  backfill: (op) => [SECOND, op.schema, op.table, '6'],
  setRowLevelSecurity: (op) => [SECOND, op.schema, op.table, '2'],
  // Policies dropped before a table's other features, created after them.
  dropPolicy: (op) => [FIRST, op.schema, op.table, op.name],
  createPolicy: (op) => [THIRD, op.schema, op.table, op.policy.name],
  detachPartition: (op) => [SECOND, op.schema, op.table, '0'],
  attachPartition: (op) => [SECOND, op.schema, op.table, '0'],
  noInheritTable: (op) => [SECOND, op.schema, op.table, '1', op.parent.schema, op.parent.table],
  inheritTable: (op) => [SECOND, op.schema, op.table, '1', op.parent.schema, op.parent.table],
  stashRows: (op) => [SECOND, op.schema, op.table, '7'],
  restoreRows: (op) => [SECOND, op.schema, op.table, '7'],
  createExtension: (op) => [FIRST, op.extension.name],
  dropExtension: (op) => [FIRST, op.name],
  alterExtension: (op) => [FIRST, op.name],
  createSequence: (op) => [FIRST, op.sequence.schema, op.sequence.name],
  dropSequence: (op) => [FIRST, op.schema, op.name],
  alterSequence: (op) => [FIRST, op.schema, op.name],
  createDomain: (op) => [FIRST, op.domain.schema, op.domain.name],
  dropDomain: (op) => [FIRST, op.schema, op.name],
  alterDomain: (op) => [FIRST, op.schema, op.name],
  replaceDomain: (op) => [FIRST, op.domain.schema, op.domain.name],
  // Triggers before event triggers.
  createTrigger: (op) => [FIRST, op.trigger.schema, op.trigger.table, op.trigger.name],
  dropTrigger: (op) => [FIRST, op.schema, op.table, op.name],
  alterFiring: (op) => [FIRST, op.schema, op.table, op.name],
  createEventTrigger: (op) => [SECOND, op.eventTrigger.name],
  dropEventTrigger: (op) => [SECOND, op.name],
  alterEventTrigger: (op) => [SECOND, op.name],
  setComment: (op) => [
    FIRST,
    op.target.on,
    op.target.schema,
    op.target.parent ?? '',
    op.target.name,
    op.target.argumentTypes ?? '',
  ],
  // A composite type whose attributes change order is dropped, then created again.
  createCompositeType: (op) => [FIRST, op.composite.schema, op.composite.name, '1'],
  dropCompositeType: (op) => [FIRST, op.schema, op.name, '0'],
  // A composite type's attributes dropped, then added and altered, each by its place in the type.
  addCompositeAttribute: (op) => [FIRST, op.schema, op.name, '1'],
  dropCompositeAttribute: (op) => [FIRST, op.schema, op.name, '0'],
  alterCompositeAttribute: (op) => [FIRST, op.schema, op.name, '1'],
  createRangeType: (op) => [FIRST, op.range.schema, op.range.name],
  dropRangeType: (op) => [FIRST, op.schema, op.name],
  createView: (op) => [FIRST, op.view.schema, op.view.name],
  dropView: (op) => [FIRST, op.schema, op.name],
  replaceView: (op) => [FIRST, op.view.schema, op.view.name],
  createFunction: (op) => [FIRST, op.function.schema, op.function.name, op.function.argumentTypes],
  dropFunction: (op) => [FIRST, op.schema, op.name, op.argumentTypes],
  replaceFunction: (op) => [FIRST, op.function.schema, op.function.name, op.function.argumentTypes],
  createCollation: (op) => [FIRST, op.collation.schema, op.collation.name],
  dropCollation: (op) => [FIRST, op.schema, op.name],
  createRule: (op) => [FIRST, op.rule.schema, op.rule.table, op.rule.name],
  dropRule: (op) => [FIRST, op.schema, op.table, op.name],
  replaceRule: (op) => [FIRST, op.rule.schema, op.rule.table, op.rule.name],
  createStatistics: (op) => [FIRST, op.statistics.schema, op.statistics.name],
  dropStatistics: (op) => [FIRST, op.schema, op.name],
  alterStatistics: (op) => [FIRST, op.schema, op.name],
  createCast: (op) => [FIRST, op.cast.source, op.cast.target],
  dropCast: (op) => [FIRST, op.source, op.target],
  // Dictionaries before the configurations that use them; a recreated one dropped right before it is created.
  createTextSearchDictionary: (op) => [FIRST, op.dictionary.schema, op.dictionary.name, '1'],
  alterTextSearchDictionary: (op) => [SECOND, op.schema, op.name],
  dropTextSearchDictionary: (op) => [FIRST, op.schema, op.name, '0'],
  createTextSearchConfiguration: (op) => [THIRD, op.configuration.schema, op.configuration.name, '1'],
  alterTextSearchConfiguration: (op) => [FOURTH, op.schema, op.name],
  dropTextSearchConfiguration: (op) => [THIRD, op.schema, op.name, '0'],
  createOperator: (op) => [FIRST, op.operator.schema, op.operator.name, op.operator.left ?? '', op.operator.right],
  dropOperator: (op) => [SECOND, op.schema, op.name, op.left ?? '', op.right],
  alterOperator: (op) => [FIRST, op.schema, op.name, op.left ?? '', op.right],
  createOperatorClass: (op) => [FIRST, op.operatorClass.schema, op.operatorClass.name, op.operatorClass.method],
  dropOperatorClass: (op) => [FIRST, op.schema, op.name, op.method],
  // Foreign data: wrappers, servers, tables created in that order, dropped in the reverse.
  createForeignDataWrapper: (op) => [FIRST, op.wrapper.name],
  alterForeignDataWrapper: (op) => [FIRST, op.name],
  dropForeignDataWrapper: (op) => [FIRST, op.name],
  createForeignServer: (op) => [SECOND, op.server.name],
  alterForeignServer: (op) => [SECOND, op.name],
  dropForeignServer: (op) => [SECOND, op.name],
  createForeignTable: (op) => [THIRD, op.table.schema, op.table.name],
  alterForeignTable: (op) => [THIRD, op.schema, op.name],
  dropForeignTable: (op) => [THIRD, op.schema, op.name],
  grant: (op) => [FIRST, ...targetKey(op.on), op.to],
  revoke: (op) => [FIRST, ...targetKey(op.on), op.from],
  grantDefault: (op) => [FIRST, op.forRole ?? '', op.inSchema ?? '', op.on, op.to],
  revokeDefault: (op) => [FIRST, op.forRole ?? '', op.inSchema ?? '', op.on, op.from],
  alterOwner: (op) => [FIRST, ...targetKey(op.on)],
  createPublication: (op) => [FIRST, op.publication.name],
  dropPublication: (op) => [FIRST, op.name],
  alterPublication: (op) => [FIRST, op.name],
  executeSql: (op) => [FIRST, op.sql],
};

/**
 * How many values an enum has before a value is added (`previous`, set on
 * every generated addition), as text that sorts as the number does; empty
 * where it is not known, and the additions keep their order.
 */
function valuesBefore(op: OperationOf<'addEnumValue'>): string {
  return op.previous === undefined ? '' : placeText(op.previous.values.length);
}

function targetKey(target: GrantTarget): string[] {
  return [target.schema, target.on, target.name, target.argumentTypes ?? ''];
}

/**
 * An operation's key: its family's rank (reversed: from the last family),
 * then its names, then its place inside its object (`places.ts`).
 */
function tieBreakKey(op: Operation, reversed: boolean, place: Place): readonly string[] {
  const [family, ...names] = forKind(KEYS, op);
  return [reversed ? String(9 - Number(family)) : family!, ...names, place(op)];
}

/**
 * `ops` in their keys' order (`tieBreakKey`), the families from the last
 * when `reversed` (a slot of drops, dependents first); equal keys keep their order.
 */
export function byTieBreak(ops: readonly Operation[], reversed = false, place: Place = NO_PLACES): Operation[] {
  if (ops.length < 2) return [...ops];
  const keyed = ops.map((op, i) => ({ op, i, key: tieBreakKey(op, reversed, place) }));
  keyed.sort((a, b) => compareTuples(a.key, b.key) || a.i - b.i);
  return keyed.map(({ op }) => op);
}
