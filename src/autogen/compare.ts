import type { Operation } from '../ops/operation.js';
import { qualifiedKey, serverTraits, type SchemaModel, type TableModel } from '../schema/model.js';
import { anyPublishes } from '../schema/objects/model-publications.js';
import { sameJson, stableJson } from '../util/plain-data.js';
import { modelIndex, tableIndex, unanswered } from '../schema/model-index.js';
import { keepsEveryObject } from '../schema/model-kinds.js';
import { compareEnums, type AddEnumValueOperation, type EnumsComparison } from './diff/compare-enums.js';
import { compareSchemas } from './diff/compare-schemas.js';
import { compareTables, withoutAltersOfRenewed } from './diff/compare-tables.js';
import { sameValueInOrder } from './diff/compare-values.js';
import { scheduleRevision } from './order/schedule.js';

export { downgradePlan } from './order/downgrade.js';
export { renamesFirst } from './order/schedule.js';
import { stepsIn } from './steps.js';
import { withRetypedColumnDependents } from './dependents/retyped-column-dependents.js';
import { withRoutineDependents } from './dependents/routine-dependents.js';
import { commentSteps } from './diff/objects/compare-comments.js';
import { grantSteps } from './diff/objects/compare-grants.js';
import { ownerSteps } from './diff/objects/compare-owners.js';
import { defaultPrivilegeSteps } from './diff/objects/compare-default-privileges.js';
import { compareObjects } from './diff/objects/compare-objects.js';
import { gainsEndColumns } from './diff/objects/compare-views.js';
import { withIdentityRefusals } from './diff/objects/compare-publications.js';
import { replacedDefaults, withoutReplacedDefaults } from './plan/compare-enum-columns.js';
import { partitionRestoreSteps } from './plan/partition-restore-steps.js';
import { restoredSerialDefaults } from './plan/serial-defaults.js';
import { withSerialsSpelledOut } from './plan/serial-spelled-out.js';
import { serialTransitions } from './plan/serial-transitions.js';
import { refuseSequencesDroppedInUse } from './plan/sequences-in-use.js';
import { textCastTest, withTextCasts } from './plan/text-casts.js';
import { enumReplacementCauses, withEnumDependents } from './plan/compare-enum-dependents.js';
import { partitionIndexNames } from './diff/compare-partition-indexes.js';
import { notNullNames, partitionNotNullKeeps, withPartitionNotNulls } from './diff/compare-not-null-names.js';
import { tablesForComparison } from './plan/compare-partitions.js';
import { tableDepths } from './order/table-depths.js';
import { places } from './order/places.js';
import { compareTableFeatures } from './diff/compare-table-features.js';
import { findRebuilds, keyOf, type Rebuilds, withTextColumns } from './plan/compare-rebuilds.js';
import {
  rebuiltPolicySteps,
  rebuiltRows,
  withRebuiltDependents,
  withRebuiltTables,
  withRowsKeptIn,
} from './plan/compare-rebuild-steps.js';

/** What the comparison of two models gives. */
export interface ModelComparison {
  /** The operations that turn the database into the model, in an order Postgres accepts. */
  operations: Operation[];
  /**
   * One message per difference the operations leave out, with why, as each
   * comparison decided it: enums, columns, domains, composite types,
   * collations, text search, partitions' index names, then NOT NULL
   * constraint names (PostgreSQL 18).
   */
  unsupported: string[];
  /**
   * Whether the comparison asked what uses what of a side that has not read
   * it (`SchemaModel.dependencies` absent): compared with it, the result may
   * differ. When false, reading it would change nothing.
   */
  asksDependencies: boolean;
}

/**
 * Compares `reflected` (what the database has) with `declared` (what the
 * model declares), once: the operations that turn one into the other, in an
 * order Postgres accepts, and the changes they leave out, each reported by
 * the comparison that leaves it out. Both models must be canonical; names,
 * types and expressions compare as exact strings. No operations and no
 * messages when the models are equal. Pure and deterministic: the order of
 * the models' lists (other than columns and enum values) does not matter.
 * Some operations may be there for one direction only (`OperationMarks`):
 * an upgrade runs `upgradeOperations` of them, a downgrade is planned from
 * them (`downgradePlan`).
 */
export function diffModels(
  reflected: SchemaModel,
  declared: SchemaModel,
  options: ComparisonOptions = {},
): ModelComparison {
  // Equal models, `check`'s usual case: where the canonical model took the live forms, the two share
  // their tables, and this costs next to nothing. Key order counts here: some orders are part of the object.
  if (sameValueInOrder(reflected, declared)) return { operations: [], unsupported: [], asksDependencies: false };
  const asked = unanswered();
  const sides = comparedSides(reflected, declared);
  const whole = sidesCompared(sides, options, { additions: sides.enums.addValues, appendInPlace: false });
  const asksDependencies = () => unanswered() > asked;
  if (!sides.enums.addValues.some((op) => op.previous !== undefined) && !viewsGainEndColumns(sides))
    return { ...whole, asksDependencies: asksDependencies() };
  // What the downgrade needs that the upgrade does not: what uses an enum gaining values out of the way of the
  // replacement that removes them, a view gaining end columns dropped and created (it is replaced in place).
  const direct = sidesCompared(sides, options, { additions: [], appendInPlace: true });
  return {
    ...whole,
    operations: eachDirection(whole.operations, direct.operations),
    asksDependencies: asksDependencies(),
  };
}

/**
 * One list of `down`'s operations and `up`'s, marked (`OperationMarks`) so
 * that an upgrade runs `up` and a downgrade undoes `down`: the operations of
 * both once, in the order of each, those of one only marked with its
 * direction. `down` when the two order what they share differently.
 */
function eachDirection(down: readonly Operation[], up: readonly Operation[]): Operation[] {
  const downKeys = down.map(stableJson);
  const upKeys = up.map(stableJson);
  const shared = (keys: readonly string[], others: readonly string[]): boolean[] => {
    const left = new Map<string, number>();
    for (const key of others) left.set(key, (left.get(key) ?? 0) + 1);
    return keys.map((key) => {
      const count = left.get(key) ?? 0;
      if (count > 0) left.set(key, count - 1);
      return count > 0;
    });
  };
  const inUp = shared(downKeys, upKeys);
  const inDown = shared(upKeys, downKeys);
  const out: Operation[] = [];
  let i = 0;
  let j = 0;
  while (i < down.length || j < up.length) {
    if (i < down.length && !inUp[i]) out.push({ ...down[i++]!, only: 'downgrade' });
    else if (j < up.length && !inDown[j]) out.push({ ...up[j++]!, only: 'upgrade' });
    else if (i < down.length && j < up.length && downKeys[i] === upKeys[j]) (out.push(down[i]!), i++, j++);
    else return [...down];
  }
  return out;
}

/** Whether a view the sides share gains columns at its end (`appendInPlace`). */
function viewsGainEndColumns(sides: ComparedSides): boolean {
  const before = new Map(sides.current.views.map((v) => [qualifiedKey(v.schema, v.name), v]));
  return sides.target.views.some((view) => {
    const was = before.get(qualifiedKey(view.schema, view.name));
    return was !== undefined && gainsEndColumns(was, view);
  });
}

/**
 * The comparison of the sides, with what uses an enum placed around the
 * value additions `additions` as around a replacement (each carries its
 * reverse, a replacement, which the downgrade runs), and with views gaining
 * columns at their end replaced in place (`appendInPlace`) or dropped and
 * created.
 */
function sidesCompared(
  sides: ComparedSides,
  options: ComparisonOptions,
  placing: { additions: readonly AddEnumValueOperation[]; appendInPlace: boolean },
): Omit<ModelComparison, 'asksDependencies'> {
  const { additions } = placing;
  const { reflected } = sides;
  const { current, target, rebuilds, enums, kept } = sides;
  const currentTables = current.tables;
  // PostgreSQL 18: a partition's own NOT NULL constraint outlives its parent's DROP NOT NULL, and must come before it.
  // PostgreSQL 18 sets no virtual column's expression in place on a table a publication sends, before or after.
  const publications = [...current.publications, ...target.publications];
  const published = new Set(
    target.tables
      .filter((t) => anyPublishes(publications, t.schema, t.name))
      .map((t) => qualifiedKey(t.schema, t.name)),
  );
  const comparison = compareTables(
    kept.keptCurrent,
    kept.keptTarget,
    modelIndex(current),
    serverTraits(reflected),
    published,
  );
  const compared18 =
    reflected.notNullNames === true ? withPartitionNotNulls(comparison, currentTables, target.tables) : comparison;
  const tables = withRebuiltTables(compared18, rebuilds, {
    current: currentTables,
    target: target.tables,
    ...kept,
  });
  const features = compareTableFeatures(currentTables, target.tables, new Set(rebuilds.dropped.keys()));
  // Views and routines using an enum being replaced: the enum plan finds them, the view comparison creates them again.
  const objectComparison = compareObjects(
    current,
    target,
    tables,
    enumReplacementCauses(current, target, additions),
    placing.appendInPlace,
  );
  const objects = withRebuiltDependents(objectComparison.steps, rebuilds, current, target);
  // What uses a retyped column, or calls a routine dropped before the tables change, is dropped before and created again after.
  const dependentSides = { tables: { current: kept.keptCurrent, target: kept.keptTarget }, current, target };
  // What uses an enum being replaced is dropped before and created again after. Last, what calls a routine
  // dropped first moves out of the table changes, once, wherever the steps above put it (an index on a converted
  // column calling a function that takes the enum is found by both).
  const aroundEnums = withEnumDependents(
    withRetypedColumnDependents({ tables, features, objects }, dependentSides),
    enums.replace,
    {
      tables: { current: kept.keptCurrent, target: kept.keptTarget },
      current: { ...current, tables: currentTables },
      target,
    },
    additions,
  );
  const around = { ...withRoutineDependents(aroundEnums, dependentSides), replace: aroundEnums.replace };
  const names = {
    index: partitionIndexNames(sides.notRebuilt(currentTables), sides.notRebuilt(target.tables)),
    notNull:
      reflected.notNullNames === true
        ? notNullNames(sides.notRebuilt(currentTables), sides.notRebuilt(target.tables))
        : undefined,
  };
  return {
    // What makes Postgres refuse a published table's UPDATE or DELETE carries the hazard.
    operations: withIdentityRefusals(revisionOperations(sides, around, names, options), current, target),
    unsupported: [
      ...enums.unsupported,
      ...comparison.unsupported,
      ...objectComparison.unsupported,
      ...names.index.unsupported,
      ...(names.notNull?.unsupported ?? []),
    ],
  };
}

export interface ComparisonOptions {
  /**
   * The role the migrations run as: the default privileges it holds
   * (`DefaultPrivilegeModel.role` absent) give the objects the revision
   * creates what the target may not have, taken away after (`grantSteps`).
   * Without it, they are not read.
   */
  readonly sessionRole?: string;
}

/** Whether the comparison may use the session's role (`ComparisonOptions`): the database has default privileges of its own and differs from the model. */
export function asksSessionRole(reflected: SchemaModel, declared: SchemaModel): boolean {
  return (
    reflected.defaultPrivileges.some((d) => d.role === undefined && d.revoked !== true) &&
    !sameValueInOrder(reflected, declared)
  );
}

/**
 * Whether comparing `reflected` with `declared` may ask what uses what of
 * `reflected` when it has not read it (`ModelComparison.asksDependencies`).
 * The comparison asks only about objects of `reflected` that the declared
 * model changes or drops (a column retyped or dropped and added again, a
 * routine or operator dropped first, an enum or a domain replaced): a
 * declared model that keeps every object as it is and at most adds asks
 * nothing. A caller reads what uses what before comparing when this is true,
 * and compares once.
 */
export function mayAskDependencies(reflected: SchemaModel, declared: SchemaModel): boolean {
  return reflected.dependencies === undefined && !keepsEveryObject(declared, reflected);
}

/**
 * The tables of `reflected` whose columns and keys a comparison with
 * `declared` may ask what uses (`SchemaModel.dependencyTables`): those the
 * declared model lacks or has otherwise. A guess the comparison checks: a
 * question about another table's shows in `ModelComparison.asksDependencies`.
 */
export function differingTables(reflected: SchemaModel, declared: SchemaModel): TableModel[] {
  const mates = tableIndex(declared.tables);
  return reflected.tables.filter((table) => {
    const mate = mates.get(qualifiedKey(table.schema, table.name));
    return mate === undefined || !sameJson(mate, table);
  });
}

/** The models as the comparisons see them, and what is decided before the tables are compared. */
interface ComparedSides {
  reflected: SchemaModel;
  /** Defaults of serial columns set again and serial columns made plain, first; columns made serial, last. */
  serial: { first: Operation[]; last: Operation[] };
  /** The current side with renamed enum values followed in every default and expression. */
  current: SchemaModel;
  target: SchemaModel;
  rebuilds: Rebuilds;
  /** The tables of a side without those the rebuilds drop. */
  notRebuilt: (tables: SchemaModel['tables']) => SchemaModel['tables'];
  enums: Required<EnumsComparison>;
  /** The tables the table comparison sees, those rebuilt left out. */
  kept: { keptCurrent: TableModel[]; keptTarget: TableModel[] };
}

function comparedSides(reflected: SchemaModel, declared: SchemaModel): ComparedSides {
  // A serial column that lost its default gets it back first; its sequence stays.
  const { current: restored, operations: serialDefaults } = restoredSerialDefaults(reflected, declared);
  // A column serial on one side only, its sequence on both: the sequence's owner or options change.
  const spelled = withSerialsSpelledOut(restored, declared);
  // A sequence the model drops while a default it keeps calls it: Postgres would refuse the drop.
  refuseSequencesDroppedInUse(spelled.current, spelled.target);
  // A column serial on one side only otherwise (its table not rebuilt): its sequence dropped first or created last.
  const rebuiltFirst = findRebuilds(spelled.current.tables, spelled.target.tables).dropped;
  const { current, target, first, last } = serialTransitions(spelled.current, spelled.target, (t) =>
    rebuiltFirst.has(keyOf(t)),
  );
  // Tables whose partitioning changes are dropped and created, their rows kept aside: enums leave them alone.
  const rebuilds = findRebuilds(current.tables, target.tables);
  const notRebuilt = (tables: SchemaModel['tables']): SchemaModel['tables'] =>
    tables.filter((t) => !rebuilds.dropped.has(keyOf(t)));
  const enumTables = { current: notRebuilt(current.tables), target: notRebuilt(target.tables) };
  const enums = compareEnums(current.enums, target.enums, { ...enumTables, models: { current, target } });
  const compared = tablesForComparison(current.tables, target.tables);
  const kept = {
    keptCurrent: compared.current.filter((t) => !rebuilds.dropped.has(keyOf(t))),
    keptTarget: compared.target.filter((t) => !rebuilds.created.has(keyOf(t))),
  };
  const serial = { first: [...serialDefaults, ...first], last };
  return { reflected, serial, current, target, rebuilds, notRebuilt, enums, kept };
}

/** The revision's operations in order, from the comparisons with their dependents around them. */
function revisionOperations(
  sides: ComparedSides,
  around: ReturnType<typeof withEnumDependents>,
  names: {
    index: ReturnType<typeof partitionIndexNames>;
    notNull: ReturnType<typeof notNullNames> | undefined;
  },
  options: ComparisonOptions,
): Operation[] {
  const { current, target, rebuilds, enums, notRebuilt } = sides;
  const currentTables = current.tables;
  // Rows of rebuilt tables are stashed right before their drops and restored right after their creation.
  const replaced = [...around.replace, ...around.objects.map((step) => step.op)];
  const copies = withTextColumns(rebuilds, replaced, textCastTest(current, target));
  const scheduled = scheduleRevision({
    serial: sides.serial,
    comments: (ops) => commentSteps(current, target, ops),
    grants: (ops) => ({
      grants: grantSteps(current, target, ops, options.sessionRole),
      defaults: defaultPrivilegeSteps(current, target, ops),
      owners: ownerSteps(current, target, ops),
    }),
    plan: {
      schemas: compareSchemas(current.schemas, target.schemas),
      enums: { ...enums, replace: around.replace },
      tables: {
        ...around.tables,
        changes: withoutAltersOfRenewed(
          withoutReplacedDefaults(around.tables.changes, around.replace),
          [...around.features, ...around.objects].map((step) => step.op),
        ),
      },
      steps: [
        ...rebuiltPolicySteps(rebuilds, currentTables),
        ...around.features,
        ...around.objects,
        ...stepsIn(
          'partitionRestores',
          partitionRestoreSteps(notRebuilt(currentTables), notRebuilt(target.tables), replacedDefaults(around.replace)),
        ),
        ...stepsIn(
          'partitionNotNullKeeps',
          sides.reflected.notNullNames === true
            ? partitionNotNullKeeps(notRebuilt(currentTables), notRebuilt(target.tables))
            : [],
        ),
        ...stepsIn('indexRenames', names.index.renames),
        ...stepsIn('notNullRenamesEarly', names.notNull?.early ?? []),
        ...stepsIn('notNullRenamesLate', names.notNull?.late ?? []),
      ],
      tableDepths: tableDepths(currentTables, target.tables),
      partitionTree: tableIndex(target.tables),
      places: places(current, target),
    },
    rowCopies: rebuiltRows(copies, currentTables, target.tables),
  });
  const operations = withRowsKeptIn(scheduled, copies);
  // Retypes between types Postgres has no cast for (an enum and another type) cast through text.
  return withTextCasts(operations, current, target);
}
