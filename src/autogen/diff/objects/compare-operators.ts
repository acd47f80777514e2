import type { Operation } from '../../../ops/operation.js';
import {
  dropOperatorClassOf,
  dropOperatorOf,
  operatorName,
  type OperatorChange,
} from '../../../ops/objects/operator-operations.js';
import type { OperatorClassModel, OperatorModel } from '../../../schema/model.js';
import { operatorClassKey, operatorKey, operatorSignature } from '../../../schema/model.js';
import { sameValue } from '../compare-values.js';

/**
 * Operators are keyed by schema, symbol and operand types. Their estimators
 * (RESTRICT, JOIN) change in place; any other change, or a function of
 * theirs dropped (to be created again, say), drops the operator before
 * everything else and creates it again. New and recreated operators are
 * created after the routines that need no table and before the tables,
 * whose checks, indexes and defaults may use them; an operator that goes
 * for good is dropped after the tables changed, before its functions go.
 */
export interface OperatorSteps {
  create: Operation[];
  alter: Operation[];
  /** Operators created again: dropped before everything else, so are what uses them. */
  dropFirst: Operation[];
  /** Operators that go for good: dropped after the tables changed. */
  dropLate: Operation[];
}

const RECREATED_NOTE =
  'its function, commutator, negator, HASHES or MERGES change, and ALTER OPERATOR changes only its estimators (RESTRICT, JOIN)';

export function compareOperators(
  current: readonly OperatorModel[],
  target: readonly OperatorModel[],
  routineOps: readonly Operation[],
): OperatorSteps {
  const droppedFirst = droppedFunctions(routineOps.filter((op) => op.kind === 'dropFunction'));
  const before = byKey(current);
  const after = byKey(target);
  const steps: OperatorSteps = { create: [], alter: [], dropFirst: [], dropLate: [] };
  for (const [key, o] of before) {
    const next = after.get(key);
    const functionDropped = functionsOf(o).some((f) => droppedFirst.has(f));
    if (next === undefined) {
      (functionDropped ? steps.dropFirst : steps.dropLate).push(dropOperatorOf(o));
      continue;
    }
    if (!functionDropped && sameFixedParts(o, next)) {
      const change = estimatorChange(o, next);
      if (change !== null) steps.alter.push({ kind: 'alterOperator', ...operatorName(o), ...change });
      continue;
    }
    const why = functionDropped ? 'a function it calls is dropped and created again' : RECREATED_NOTE;
    steps.dropFirst.push(dropOperatorOf(o, `operator ${operatorSignature(o)} is dropped and created again: ${why}.`));
    steps.create.push({ kind: 'createOperator', operator: next });
  }
  for (const [key, o] of after) if (!before.has(key)) steps.create.push({ kind: 'createOperator', operator: o });
  return steps;
}

/**
 * The drops of views and routines in `first` split around the drops of
 * operators created again: `before` them what uses them (views and routines
 * are dropped there, dependents first), `after` them the functions they call.
 */
export function withOperatorDrops(
  first: readonly Operation[],
  drops: readonly Operation[],
): { before: Operation[]; after: Operation[] } {
  if (drops.length === 0) return { before: [...first], after: [] };
  const called = new Set(
    drops.flatMap((op) => (op.kind === 'dropOperator' && op.removed !== undefined ? functionsOf(op.removed) : [])),
  );
  const items = drops.flatMap((op) =>
    op.kind === 'dropOperatorClass' && op.removed !== undefined ? op.removed.items.map(unquoted) : [],
  );
  const isCalled = (op: Operation): boolean => {
    if (op.kind !== 'dropFunction') return false;
    const name = unquoted(`${op.schema}.${op.name}`);
    return called.has(name) || items.some((item) => item.includes(`${name}(`));
  };
  return { before: first.filter((op) => !isCalled(op)), after: first.filter(isCalled) };
}

function sameFixedParts(a: OperatorModel, b: OperatorModel): boolean {
  return (
    a.function === b.function &&
    (a.commutator ?? null) === (b.commutator ?? null) &&
    (a.negator ?? null) === (b.negator ?? null) &&
    (a.hashes ?? false) === (b.hashes ?? false) &&
    (a.merges ?? false) === (b.merges ?? false)
  );
}

function estimatorChange(a: OperatorModel, b: OperatorModel): { to: OperatorChange; from: OperatorChange } | null {
  const restrict = (a.restrict ?? null) !== (b.restrict ?? null);
  const join = (a.join ?? null) !== (b.join ?? null);
  const to: OperatorChange = {
    ...(restrict ? { restrict: b.restrict ?? null } : {}),
    ...(join ? { join: b.join ?? null } : {}),
  };
  const from: OperatorChange = {
    ...(restrict ? { restrict: a.restrict ?? null } : {}),
    ...(join ? { join: a.join ?? null } : {}),
  };
  return Object.keys(to).length === 0 ? null : { to, from };
}

/** The functions an operator calls, `schema.name` without double quotes. */
function functionsOf(o: OperatorModel): string[] {
  return [o.function, o.restrict, o.join].flatMap((f) => (f === undefined ? [] : [unquoted(f)]));
}

function droppedFunctions(ops: readonly Operation[]): Set<string> {
  return new Set(ops.flatMap((op) => (op.kind === 'dropFunction' ? [unquoted(`${op.schema}.${op.name}`)] : [])));
}

function unquoted(text: string): string {
  return text.replace(/"/g, '');
}

function byKey(operators: readonly OperatorModel[]): Map<string, OperatorModel> {
  const entries = operators.map((o) => [operatorKey(o), o] as [string, OperatorModel]);
  return new Map(entries);
}

export interface OperatorClassSteps {
  create: Operation[];
  /** Classes created again (a change, or an operator or function of theirs dropped first): dropped before the operators. */
  dropFirst: Operation[];
  /** Classes that go for good: dropped after the tables changed, before the operators. */
  dropLate: Operation[];
}

/**
 * Operator classes are keyed by schema, name and index method. A class
 * cannot be altered: a changed one, or one whose operator or function is
 * dropped before the tables change, is dropped and created again (the
 * indexes using it around it); it is created after the operators.
 */
export function compareOperatorClasses(
  current: readonly OperatorClassModel[],
  target: readonly OperatorClassModel[],
  droppedFirst: { operators: readonly { schema: string; name: string }[]; routineOps: readonly Operation[] },
): OperatorClassSteps {
  const functions = [...droppedFunctions(droppedFirst.routineOps)];
  const operators = droppedFirst.operators.map((o) => unquoted(`${o.schema}.${o.name}(`));
  const usesDropped = (c: OperatorClassModel): boolean =>
    c.items.some(
      (item) =>
        operators.some((o) => unquoted(item).includes(o)) || functions.some((f) => unquoted(item).includes(`${f}(`)),
    );
  const after = new Map(target.map((c) => [operatorClassKey(c), c]));
  const before = new Map(current.map((c) => [operatorClassKey(c), c]));
  const steps: OperatorClassSteps = { create: [], dropFirst: [], dropLate: [] };
  for (const c of current) {
    const next = after.get(operatorClassKey(c));
    const dropped = usesDropped(c);
    if (next === undefined) (dropped ? steps.dropFirst : steps.dropLate).push(dropOperatorClassOf(c));
    else if (dropped || !sameValue(c, next)) {
      const why = dropped
        ? 'an operator or function it uses is dropped and created again'
        : 'it changes, and ALTER OPERATOR CLASS cannot change its members';
      steps.dropFirst.push(
        dropOperatorClassOf(
          c,
          `operator class ${c.schema}.${c.name} using ${c.method} is dropped and created again: ${why}.`,
        ),
      );
      steps.create.push({ kind: 'createOperatorClass', operatorClass: next });
    }
  }
  for (const c of target)
    if (!before.has(operatorClassKey(c))) steps.create.push({ kind: 'createOperatorClass', operatorClass: c });
  return steps;
}
