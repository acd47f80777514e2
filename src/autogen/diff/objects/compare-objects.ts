import type { Operation } from '../../../ops/operation.js';
import type { SequenceChange } from '../../../ops/objects/object-operations.js';
import type { ExtensionModel, SchemaModel, SequenceModel, TableModel, TriggerModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import { compareCollations } from './compare-collations.js';
import { compareRules } from './compare-rules.js';
import { compareStatistics } from './compare-statistics.js';
import { comparePublications, recreatedTables } from './compare-publications.js';
import { compareCasts, typesMadeAfterTables } from './compare-casts.js';
import { compareTextSearch } from './compare-text-search.js';
import { compareOperatorClasses, compareOperators, withOperatorDrops } from './compare-operators.js';
import { droppedOperators, recreatedOperatorUsers } from './operator-uses.js';
import { compareForeign, foreignTablesGone } from './compare-foreign.js';
import { compareDomains, withConvertedColumns } from './compare-domains.js';
import { compareComposites, typeCreation, typeDrops } from './compare-composites.js';
import { compareRanges } from './compare-ranges.js';
import { firingChange } from './firing-change.js';
import { compareEventTriggers } from './compare-event-triggers.js';
import { columnsOf, retypes, type TablesComparison } from '../compare-tables.js';
import { sameValue } from '../compare-values.js';
import { compareViewsAndRoutines, type EnumReplacementUses, type ViewsAndRoutinesSteps } from './compare-views.js';
import { blockedClosure, changed } from '../../graph/closure.js';
import { modelIndex } from '../../../schema/model-index.js';
import { idKind, partId } from '../../../schema/object-id.js';
import { stepsIn, type Step } from '../../steps.js';

/** The steps on the objects other than tables and enums, and the changes they leave out. */
export interface ObjectsComparison {
  /** Each operation in its part (`ObjectPart`): the scheduler places the parts. */
  steps: Step[];
  /**
   * One message per change left out, with why: domain replacements,
   * composite type changes, collation and text search changes that
   * something else would block, in that order.
   */
  unsupported: string[];
}

/**
 * `enumUses` is what uses an enum replaced around the comparison: views and
 * routines that use it, or a table with columns converted to it, are dropped
 * and created again around the replacement.
 */
export function compareObjects(
  current: SchemaModel,
  target: SchemaModel,
  tables: TablesComparison,
  enumUses: EnumReplacementUses,
  appendInPlace = false,
): ObjectsComparison {
  const extensions = compareExtensions(current.extensions, target.extensions);
  const collations = compareCollations(current, target);
  const textSearch = compareTextSearch(current, target);
  const sequences = compareSequences(current.sequences, target.sequences);
  const domains = compareDomains(current, target, tables);
  const composites = compareComposites(current, target);
  const ranges = compareRanges(current, target);
  // Domains, composite and range types use each other: created and dropped in one order.
  const types = typeCreation([...domains.create, ...composites.create, ...ranges.create], target);
  const typeDropped = typeDrops([...domains.drop, ...composites.drop, ...ranges.drop], current);
  const converted = withConvertedColumns(tables, domains.alter, current.tables);
  // Views over a foreign table dropped, created again or losing a column are dropped and created around it.
  const gone = foreignTablesGone(current, target).map(({ schema, name }) => relationGone(schema, name));
  const withGone = { ...converted, drop: [...converted.drop, ...gone] };
  const routinesOnly = compareViewsAndRoutines(current, target, withGone, enumUses, appendInPlace);
  const operators = compareOperators(current.operators, target.operators, routinesOnly.first);
  // Views and routines using an operator created again are created again around it.
  const recreatedOperators = droppedOperators(operators.dropFirst);
  const classes = compareOperatorClasses(current.operatorClasses, target.operatorClasses, {
    operators: recreatedOperators,
    routineOps: routinesOnly.first,
  });
  const late =
    recreatedOperators.length === 0
      ? routinesOnly
      : compareViewsAndRoutines(
          current,
          target,
          withGone,
          enumUses,
          appendInPlace,
          recreatedOperatorUsers(current, operators.dropFirst),
        );
  const triggers = compareTriggers(current, target.triggers, late);
  const rules = compareRules(current.rules, target.rules, late.droppedRelations);
  const statistics = compareStatistics(current.statistics, target.statistics);
  const publications = comparePublications(current.publications, target.publications, {
    recreated: recreatedTables(tables.drop, tables.create),
    changedColumns: columnsOf(tables.changes, (op) => op.kind === 'dropColumn' || retypes(op)),
  });
  const eventTriggers = compareEventTriggers(current.eventTriggers, target.eventTriggers);
  const casts = compareCasts(current.casts, target.casts, [...late.first, ...late.lateDrops], {
    routines: late.afterTables,
    types: typesMadeAfterTables(target, types.afterTables),
  });
  const foreign = compareForeign(current, target);
  const operatorDrops = [...classes.dropFirst, ...operators.dropFirst];
  const viewAndRoutineDrops = withOperatorDrops(late.first, operatorDrops);
  // Each operation in its part: the scheduler places the parts (order/slots.ts).
  const steps: Step[] = [
    ...stepsIn('publicationDrops', publications.drop),
    ...stepsIn('castDrops', casts.drop),
    ...stepsIn('ruleDrops', rules.drop),
    ...stepsIn('statisticsDrops', statistics.drop),
    ...stepsIn('triggerDrops', [...triggers.drop, ...eventTriggers.drop]),
    ...stepsIn('sequenceOwnersCleared', sequences.clearOwners),
    ...stepsIn('callsCleared', domains.clearCalls),
    ...stepsIn('viewAndRoutineDrops', viewAndRoutineDrops.before),
    ...stepsIn('recreatedOperatorDrops', operatorDrops),
    ...stepsIn('operatorFunctionDrops', viewAndRoutineDrops.after),
    ...stepsIn('foreignDrops', foreign.drop),
    ...stepsIn('typeDropsFirst', typeDropped.first),
    ...stepsIn('extensionCreates', extensions.create),
    ...stepsIn('collationCreates', collations.create),
    ...stepsIn('textSearchCreates', textSearch.create),
    ...stepsIn('typeCreatesBeforeTables', types.beforeTables),
    ...stepsIn('domainAlters', domains.alter),
    ...stepsIn('compositeAlters', composites.alter),
    ...stepsIn('rangeAlters', ranges.alter),
    ...stepsIn('sequenceCreates', sequences.create),
    ...stepsIn('sequenceAlters', sequences.alter),
    ...stepsIn('viewAndRoutineStepsBeforeTables', late.beforeTables),
    ...stepsIn('castCreatesBeforeTables', casts.beforeTables),
    ...stepsIn('domainCallsSet', domains.setCalls),
    ...stepsIn('operatorCreates', operators.create),
    ...stepsIn('operatorAlters', operators.alter),
    ...stepsIn('operatorClassCreates', classes.create),
    ...stepsIn('foreignCreates', foreign.create),
    ...stepsIn('typeCreatesAfterTables', types.afterTables),
    ...stepsIn('viewAndRoutineStepsAfterTables', late.afterTables),
    ...stepsIn('callsSetLate', domains.setCallsLate),
    ...stepsIn('sequenceOwnersSet', sequences.setOwners),
    ...stepsIn('triggerCreates', [...triggers.create, ...eventTriggers.create]),
    ...stepsIn('ruleCreates', rules.create),
    ...stepsIn('statisticsCreates', statistics.create),
    ...stepsIn('castCreates', casts.create),
    ...stepsIn('publicationCreates', publications.create),
    ...stepsIn('extensionMoves', extensions.move),
    ...stepsIn('operatorClassDropsLate', classes.dropLate),
    ...stepsIn('operatorDropsLate', operators.dropLate),
    ...stepsIn('viewAndRoutineDropsLate', late.lateDrops),
    ...stepsIn('sequenceDrops', sequences.drop),
    ...stepsIn('typeDropsLate', typeDropped.late),
    ...stepsIn('textSearchDrops', textSearch.drop),
    ...stepsIn('collationDrops', collations.drop),
    ...stepsIn('extensionDrops', extensions.drop),
  ];
  return {
    steps,
    unsupported: [
      ...domains.unsupported,
      ...composites.unsupported,
      ...ranges.unsupported,
      ...collations.unsupported,
      ...textSearch.unsupported,
    ],
  };
}

/** A relation that goes away, as the view comparison takes it: only its name counts. */
function relationGone(schema: string, name: string): TableModel {
  return { schema, name, columns: [], primaryKey: null, foreignKeys: [], uniques: [], checks: [], indexes: [] };
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item] as [string, T]));
}

const qualified = (o: { schema: string; name: string }): string => qualifiedKey(o.schema, o.name);

/**
 * Extensions are keyed by name: one that changes schema is moved with
 * `alterExtension`, never dropped (that would drop every column of its types).
 * The declared model names the extension's types where the database has them
 * until the move (see `relocatedExtensionMembers`), so every other operation
 * spells them so, and the move comes after all of them; its reverse comes
 * first in the downgrade.
 */
function compareExtensions(
  current: readonly ExtensionModel[],
  target: readonly ExtensionModel[],
): { create: Operation[]; move: Operation[]; drop: Operation[] } {
  const key = (e: ExtensionModel): string => e.name;
  const before = byKey(current, key);
  const after = byKey(target, key);
  const move = [...after.values()].flatMap((e): Operation[] => {
    const old = before.get(e.name);
    return old === undefined || old.schema === e.schema
      ? []
      : [{ kind: 'alterExtension', name: e.name, schema: e.schema, from: old.schema }];
  });
  return {
    create: [...after.values()]
      .filter((e) => !before.has(key(e)))
      .map((extension): Operation => ({ kind: 'createExtension', extension })),
    move,
    drop: [...before.values()]
      .filter((e) => !after.has(key(e)))
      .map((e): Operation => ({ kind: 'dropExtension', name: e.name, removed: e })),
  };
}

interface SequenceSteps {
  create: Operation[];
  alter: Operation[];
  clearOwners: Operation[];
  setOwners: Operation[];
  drop: Operation[];
}

const SEQUENCE_PARTS = ['type', 'start', 'increment', 'min', 'max', 'cache', 'cycle'] as const;

/**
 * A sequence is created before the tables whose defaults call it, and given
 * its owner after them; an owner is cleared before anything is dropped (so
 * dropping the owning column does not drop the sequence), and the sequence
 * is dropped after the tables.
 */
function compareSequences(current: readonly SequenceModel[], target: readonly SequenceModel[]): SequenceSteps {
  const before = byKey(current, qualified);
  const after = byKey(target, qualified);
  const steps: SequenceSteps = { create: [], alter: [], clearOwners: [], setOwners: [], drop: [] };
  const owner = (s: SequenceModel, from: SequenceModel['ownedBy']): Operation => ({
    kind: 'alterSequence',
    schema: s.schema,
    name: s.name,
    to: { ownedBy: s.ownedBy },
    from: { ownedBy: from },
  });
  for (const [key, s] of after) {
    const old = before.get(key);
    if (old === undefined) {
      steps.create.push({ kind: 'createSequence', sequence: { ...s, ownedBy: null } });
      if (s.ownedBy !== null) steps.setOwners.push(owner(s, null));
      continue;
    }
    const to: SequenceChange = {};
    const from: SequenceChange = {};
    for (const part of SEQUENCE_PARTS) {
      if (old[part] === s[part]) continue;
      Object.assign(to, { [part]: s[part] });
      Object.assign(from, { [part]: old[part] });
    }
    if ((old.unlogged ?? false) !== (s.unlogged ?? false)) {
      Object.assign(to, { unlogged: s.unlogged === true });
      Object.assign(from, { unlogged: old.unlogged === true });
    }
    if (Object.keys(to).length > 0)
      steps.alter.push({ kind: 'alterSequence', schema: s.schema, name: s.name, to, from });
    if (sameValue(old.ownedBy, s.ownedBy)) continue;
    // A new owner is set after the tables; the old one is let go first, in case its column is dropped.
    if (old.ownedBy !== null) steps.clearOwners.push(owner({ ...s, ownedBy: null }, old.ownedBy));
    if (s.ownedBy !== null) steps.setOwners.push(owner(s, null));
  }
  for (const [key, s] of before) {
    if (after.has(key)) continue;
    if (s.ownedBy !== null) steps.clearOwners.push(owner({ ...s, ownedBy: null }, s.ownedBy));
    steps.drop.push({ kind: 'dropSequence', schema: s.schema, name: s.name, removed: { ...s, ownedBy: null } });
  }
  return steps;
}

/**
 * A trigger whose firing alone changes is altered (`alterFiring`) after the
 * tables. A trigger whose definition changes is dropped and created again; so is one
 * on a view that is created again, or one that calls a routine dropped (its
 * function, or one its `WHEN` calls, as the catalog records it: the closure
 * rule's drop, `blockedClosure`).
 */
function compareTriggers(
  current: SchemaModel,
  target: readonly TriggerModel[],
  late: Pick<ViewsAndRoutinesSteps, 'droppedRelations' | 'droppedRoutines'>,
): { create: Operation[]; drop: Operation[] } {
  const key = (t: TriggerModel): string => qualifiedKey(qualifiedKey(t.schema, t.table), t.name);
  const before = byKey(current.triggers, key);
  const after = byKey(target, key);
  const callers = blockedClosure(
    modelIndex(current),
    changed(late.droppedRoutines, 'drop'),
    (id) => idKind(id) === 'trigger',
  );
  const affected = (t: TriggerModel): boolean =>
    late.droppedRelations.has(qualifiedKey(t.schema, t.table)) ||
    callers.has(partId('trigger', { schema: t.schema, name: t.table }, t.name));
  const create: Operation[] = [];
  const drop: Operation[] = [];
  for (const [k, t] of before) {
    const next = after.get(k);
    if (next === undefined || next.definition !== t.definition || affected(t)) {
      drop.push({ kind: 'dropTrigger', schema: t.schema, table: t.table, name: t.name, removed: t });
      if (next !== undefined) create.push({ kind: 'createTrigger', trigger: next });
    } else if (next.firing !== t.firing) {
      create.push(firingChange('trigger', t, next));
    }
  }
  for (const [k, t] of after) if (!before.has(k)) create.push({ kind: 'createTrigger', trigger: t });
  return { create, drop };
}
