import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/ops/operation.js';
import { objectPhases } from '../../src/autogen/order/object-phases.js';
import { rewrittenBefore, scheduleRevision, type Placement } from '../../src/autogen/order/schedule.js';
import { emptyObjectSteps, withAround, type ObjectSteps } from '../../src/autogen/object-steps.js';

/** A stand-in operation, told apart by its SQL. */
function op(name: string): Operation {
  return { kind: 'executeSql', sql: name };
}

function names(ops: readonly Operation[]): string[] {
  return ops.map((o) => (o.kind === 'executeSql' ? o.sql : o.kind));
}

const named =
  (...wanted: string[]) =>
  (o: Operation): boolean =>
    o.kind === 'executeSql' && wanted.includes(o.sql);

/** The revision of the object steps `objects.first` (a, b, c, d) with `placements` applied. */
function scheduled(placements: Placement[]): string[] {
  const objects = { ...emptyObjectSteps(), parts: { castDrops: ['a', 'b', 'c', 'd'].map(op) } };
  return names(
    scheduleRevision({
      serial: { first: [op('serial')], last: [op('made serial')] },
      comments: () => ({ clears: [op('clear')], sets: [op('set')] }),
      grants: () => ({ revokes: [op('revoke')], grants: [op('grant')] }),
      features: { before: [op('before')], after: [op('after')] },
      plan: {
        schemas: { create: [], drop: [] },
        enums: { create: [], drop: [], addValues: [] },
        tables: { create: [], drop: [], changes: [] },
        objects,
      },
      placements,
    }),
  );
}

describe('the scheduler', () => {
  it('lays out the first serial steps, comments cleared, privileges revoked, features, the plan, features, the last serial steps, comments set, privileges granted', () => {
    expect(scheduled([])).toEqual([
      'serial',
      'clear',
      'revoke',
      'before',
      'a',
      'b',
      'c',
      'd',
      'after',
      'made serial',
      'set',
      'grant',
    ]);
  });

  it('places operations before the first anchor, pulling what must precede them', () => {
    const placement: Placement = {
      at: 'beforeFirst',
      anchor: named('b', 'd'),
      pulled: named('a', 'c'),
      ops: [op('x')],
    };
    expect(scheduled([placement])).toEqual([
      'serial',
      'clear',
      'revoke',
      'before',
      'a',
      'c',
      'x',
      'b',
      'd',
      'after',
      'made serial',
      'set',
      'grant',
    ]);
  });

  it('places operations after the last anchor, pushing what must follow them', () => {
    const placement: Placement = {
      at: 'afterLast',
      anchor: named('a', 'c'),
      pushed: named('b', 'before'),
      ops: [op('x')],
    };
    expect(scheduled([placement])).toEqual([
      'serial',
      'clear',
      'revoke',
      'a',
      'c',
      'x',
      'before',
      'b',
      'd',
      'after',
      'made serial',
      'set',
      'grant',
    ]);
  });

  it('places operations at the start, and where no anchor is found', () => {
    const none = (): boolean => false;
    expect(scheduled([{ at: 'start', ops: [op('x')] }])).toEqual([
      'serial',
      'clear',
      'revoke',
      'x',
      'before',
      'a',
      'b',
      'c',
      'd',
      'after',
      'made serial',
      'set',
      'grant',
    ]);
    expect(scheduled([{ at: 'afterLast', anchor: none, pushed: none, ops: [op('y')] }]).slice(0, 4)).toEqual([
      'serial',
      'clear',
      'revoke',
      'y',
    ]);
  });

  it('nests the steps around changes by reason, the later stages outside', () => {
    let objects: ObjectSteps = {
      ...emptyObjectSteps(),
      parts: { triggerDrops: [op('drop')], triggerCreates: [op('create')] },
    };
    objects = withAround(objects, 'rebuiltRules', { drops: [op('rule-')], creates: [op('rule+')] });
    objects = withAround(objects, 'castingDefaults', { drops: [op('default-')], creates: [op('default+')] });
    objects = withAround(objects, 'enumTriggers', { drops: [op('enum-')], creates: [op('enum+')] });
    const phases = objectPhases(objects);
    expect(names(phases.first)).toEqual(['enum-', 'rule-', 'drop', 'default-']);
    expect(names(phases.afterTables)).toEqual(['default+', 'create', 'rule+', 'enum+']);
  });

  it('rewrites the operations before the first marker, all of them when there is none', () => {
    const rewrite = (o: Operation): Operation => op(`${names([o])[0] ?? ''}'`);
    expect(names(rewrittenBefore(['a', 'm', 'b'].map(op), named('m'), rewrite))).toEqual(["a'", 'm', 'b']);
    expect(names(rewrittenBefore(['a', 'b'].map(op), named('m'), rewrite))).toEqual(["a'", "b'"]);
  });
});
