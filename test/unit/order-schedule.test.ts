import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/ops/operation.js';
import { inSlotOrder } from '../../src/autogen/order/slots.js';
import { schedule } from '../../src/autogen/order/order.js';
import { table } from '../helpers/models.js';
import type { TableModel } from '../../src/schema/model.js';
import { rewrittenBefore, scheduleRevision, type Placement } from '../../src/autogen/order/schedule.js';
import { stepsIn, withAround, type Step } from '../../src/autogen/steps.js';

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
  const objects = stepsIn('castDrops', ['a', 'b', 'c', 'd'].map(op));
  return names(
    scheduleRevision({
      serial: { first: [op('serial')], last: [op('made serial')] },
      comments: () => ({ clears: [op('clear')], sets: [op('set')] }),
      grants: () => ({ revokes: [op('revoke')], grants: [op('grant')] }),
      plan: {
        features: [...stepsIn('tableFeaturesBefore', [op('before')]), ...stepsIn('tableFeaturesAfter', [op('after')])],
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

  it('places operations at the start where no anchor is found', () => {
    const none = (): boolean => false;
    expect(scheduled([{ at: 'afterLast', anchor: none, pushed: none, ops: [op('y')] }]).slice(0, 4)).toEqual([
      'serial',
      'clear',
      'revoke',
      'y',
    ]);
  });

  it('nests the steps around changes by reason, the later stages outside', () => {
    let objects: Step[] = [...stepsIn('triggerDrops', [op('drop')]), ...stepsIn('triggerCreates', [op('create')])];
    objects = withAround(objects, 'rebuiltRules', { drops: [op('rule-')], creates: [op('rule+')] });
    objects = withAround(objects, 'castingDefaults', { drops: [op('default-')], creates: [op('default+')] });
    objects = withAround(objects, 'enumTriggers', { drops: [op('enum-')], creates: [op('enum+')] });
    expect(names(inSlotOrder(objects))).toEqual([
      'enum-',
      'rule-',
      'drop',
      'default-',
      'default+',
      'create',
      'rule+',
      'enum+',
    ]);
  });

  it('rewrites the operations before the first marker, all of them when there is none', () => {
    const rewrite = (o: Operation): Operation => op(`${names([o])[0] ?? ''}'`);
    expect(names(rewrittenBefore(['a', 'm', 'b'].map(op), named('m'), rewrite))).toEqual(["a'", 'm', 'b']);
    expect(names(rewrittenBefore(['a', 'b'].map(op), named('m'), rewrite))).toEqual(["a'", "b'"]);
  });

  it('holds a step back until the operations it waits for have run, whatever their order of emission', () => {
    const references = (name: string, target: string): TableModel =>
      table(name, {
        foreignKeys: [
          {
            name: `${name}_${target}_fkey`,
            columns: ['id'],
            refSchema: 'public',
            refTable: target,
            refColumns: ['id'],
            onDelete: 'NO ACTION',
            onUpdate: 'NO ACTION',
          },
        ],
      });
    const created = (ops: readonly Operation[]): string[] =>
      ops.map((o) => (o.kind === 'createTable' ? o.table.name : o.kind === 'dropTable' ? o.name : names([o])[0]!));
    // A references b, b references c: c, b, a; the step of a later slot still comes after them.
    const creates = stepsIn(
      'tableCreates',
      [references('a', 'b'), references('b', 'c'), table('c')].map((t): Operation => ({
        kind: 'createTable',
        table: t,
      })),
    );
    expect(created(schedule([...stepsIn('triggerCreates', [op('trigger')]), ...creates]))).toEqual([
      'c',
      'b',
      'a',
      'trigger',
    ]);
    // Dropped: who references first, so a, b, c; a partition before its parent.
    const drops = stepsIn(
      'tableDrops',
      [
        table('c'),
        references('b', 'c'),
        references('a', 'b'),
        table('p'),
        table('p1', { partitionOf: { schema: 'public', table: 'p', bound: 'DEFAULT' } }),
      ].map((t): Operation => ({ kind: 'dropTable', schema: t.schema, name: t.name, removed: t })),
    );
    expect(created(schedule(drops))).toEqual(['a', 'b', 'c', 'p1', 'p']);
  });

  it('drops the policies around an enum replacement with all the others, in one run sorted by table and name', () => {
    const drop = (table: string, name: string): Operation => ({ kind: 'dropPolicy', schema: 'public', table, name });
    const label = (o: Operation): string => (o.kind === 'dropPolicy' ? `${o.table}.${o.name}` : names([o])[0]!);
    const features = [
      ...stepsIn('tableFeaturesBefore', [drop('b', 'p'), op('detach'), drop('a', 'q')]),
      ...stepsIn('routinePolicies.drop', [drop('c', 'p')]),
    ];
    expect(schedule(features).map(label)).toEqual(['c.p', 'b.p', 'detach', 'a.q']);
    const aroundEnum = withAround(features, 'enumPolicies', { drops: [drop('a', 'p')], creates: [] });
    expect(schedule(aroundEnum).map(label)).toEqual(['a.p', 'a.q', 'b.p', 'c.p', 'detach']);
  });
});
