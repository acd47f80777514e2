import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/ops/operation.js';
import { inSlotOrder } from '../../src/autogen/order/slots.js';
import { orderOperations, schedule, type ChangePlan } from '../../src/autogen/order/order.js';
import { column, domain, table } from '../helpers/models.js';
import { qualifiedKey, type TableModel, type ViewModel } from '../../src/schema/model.js';
import { privilegeEnvelope, scheduleRevision } from '../../src/autogen/order/schedule.js';
import { applyPlacements, type Placement } from '../../src/autogen/order/placements.js';
import { stepsIn, withAround, type Step } from '../../src/autogen/steps.js';
import {
  addColumnStep,
  addConstraintStep,
  alterColumnStep,
  createIndexStep,
  dropColumnStep,
  dropConstraintStep,
  dropIndexStep,
  type TableStep,
} from '../../src/autogen/diff/compare-tables.js';

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

/** The plan of the object steps `castDrops` (a, b, c, d) between the features' steps. */
const PLAN: ChangePlan = {
  schemas: { create: [], drop: [] },
  enums: { create: [], drop: [], addValues: [] },
  tables: { create: [], drop: [], changes: [] },
  steps: [
    ...stepsIn('tableFeaturesBefore', [op('before')]),
    ...stepsIn('castDrops', ['a', 'b', 'c', 'd'].map(op)),
    ...stepsIn('tableFeaturesAfter', [op('after')]),
  ],
};

/** The revision of `PLAN`. */
function scheduled(): string[] {
  return names(
    scheduleRevision({
      serial: { first: [op('serial')], last: [op('made serial')] },
      comments: () => ({ clears: [op('clear')], sets: [op('set')] }),
      grants: () => ({
        grants: { revokes: [op('revoke')], grants: [op('grant')] },
        defaults: { revokes: [], grants: [] },
        owners: { before: [], after: [] },
      }),
      plan: PLAN,
      rowCopies: [],
    }),
  );
}

/** `PLAN` scheduled, with `placements` applied. */
function placed(placements: Placement[]): string[] {
  return names(applyPlacements(orderOperations(PLAN), placements));
}

describe('the scheduler', () => {
  it('lays out the first serial steps, comments cleared, privileges revoked, features, the plan, features, the last serial steps, comments set, privileges granted', () => {
    expect(scheduled()).toEqual([
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

  it("puts the privileges around the revision: grants', default privileges', dropped owners' revoked first; owners, grants, default privileges granted last", () => {
    const envelope = privilegeEnvelope({
      grants: { revokes: [op('revoke')], grants: [op('grant')] },
      defaults: { revokes: [op('revoke default')], grants: [op('grant default')] },
      owners: { before: [op('owner of dropped')], after: [op('owner')] },
    });
    expect(names(envelope.revokes)).toEqual(['revoke', 'revoke default', 'owner of dropped']);
    expect(names(envelope.grants)).toEqual(['owner', 'grant', 'grant default']);
  });

  it('places operations before the first anchor, pulling what must precede them', () => {
    const placement: Placement = {
      at: 'beforeFirst',
      anchor: named('b', 'd'),
      pulled: named('a', 'c'),
      ops: [op('x')],
    };
    expect(placed([placement])).toEqual(['before', 'a', 'c', 'x', 'b', 'd', 'after']);
  });

  it('places operations after the last anchor, pushing what must follow them', () => {
    const placement: Placement = {
      at: 'afterLast',
      anchor: named('a', 'c'),
      pushed: named('b', 'before'),
      ops: [op('x')],
    };
    expect(placed([placement])).toEqual(['a', 'c', 'x', 'before', 'b', 'd', 'after']);
  });

  it('places operations at the start where no anchor is found', () => {
    const none = (): boolean => false;
    expect(placed([{ at: 'afterLast', anchor: none, pushed: none, ops: [op('y')] }]).slice(0, 2)).toEqual([
      'y',
      'before',
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
    const label = (o: Operation): string => (o.kind === 'dropPolicy' ? `${o.table}.${o.name}` : o.kind);
    const detach: Operation = {
      kind: 'detachPartition',
      schema: 'public',
      table: 'p1',
      partitionOf: { schema: 'public', table: 'p', bound: 'DEFAULT' },
    };
    const features = [
      ...stepsIn('tableFeaturesBefore', [drop('b', 'p'), detach, drop('a', 'q')]),
      ...stepsIn('routinePolicies.drop', [drop('c', 'p')]),
    ];
    // A slot's policies are dropped by table and name, before its partitions are detached.
    expect(schedule(features).map(label)).toEqual(['c.p', 'a.q', 'b.p', 'detachPartition']);
    const aroundEnum = withAround(features, 'enumPolicies', { drops: [drop('a', 'p')], creates: [] });
    expect(schedule(aroundEnum).map(label)).toEqual(['a.p', 'a.q', 'b.p', 'c.p', 'detachPartition']);
  });

  it("puts a table's changes in order whatever their order of emission, its columns' as emitted", () => {
    const check = (name: string) => ({ type: 'check' as const, name, expression: 'true' });
    const foreignKey = (name: string) => ({
      type: 'foreignKey' as const,
      name,
      columns: ['id'],
      refSchema: 'public',
      refTable: 'p',
      refColumns: ['id'],
      onDelete: 'NO ACTION' as const,
      onUpdate: 'NO ACTION' as const,
    });
    const index = (name: string) => ({
      name,
      columns: [{ column: 'id' }],
      unique: false,
      method: 'btree',
      where: null,
    });
    // Emitted as a later stage appends: the partition p1's steps among its parent p's, renewed ones last.
    const changes: TableStep[] = [
      dropColumnStep('public', 'p', column('z')),
      dropColumnStep('public', 'p', column('a')),
      addColumnStep('public', 'p', column('y')),
      addColumnStep('public', 'p', column('b')),
      dropConstraintStep('public', 'p1', check('p1_c')),
      addConstraintStep('public', 'p1', check('p1_c')),
      alterColumnStep({ kind: 'alterColumn', schema: 'public', table: 'p', column: 'x', to: { default: '1' } }),
      dropConstraintStep('public', 'p', check('p_b')),
      addConstraintStep('public', 'p', foreignKey('p_self')),
      dropIndexStep('public', 'p', index('p_i')),
      dropConstraintStep('public', 'p', check('p_a')),
      createIndexStep('public', 'p', index('p_i')),
      addConstraintStep('public', 'p', check('p_b')),
      addConstraintStep('public', 'p', check('p_a')),
      dropConstraintStep('public', 'a', foreignKey('a_self')),
    ];
    const label = (o: Operation): string => {
      switch (o.kind) {
        case 'dropConstraint':
        case 'dropIndex':
          return `${o.kind} ${o.table}.${o.name}`;
        case 'addConstraint':
          return `${o.kind} ${o.table}.${o.constraint.name}`;
        case 'createIndex':
          return `${o.kind} ${o.table}.${o.index.name}`;
        case 'dropColumn':
        case 'alterColumn':
          return `${o.kind} ${o.table}.${o.column}`;
        case 'addColumn':
          return `${o.kind} ${o.table}.${o.column.name}`;
        default:
          return o.kind;
      }
    };
    const ops = orderOperations({
      schemas: { create: [], drop: [] },
      enums: { create: [], drop: [], addValues: [] },
      tables: { create: [], drop: [], changes },
      tableDepths: new Map([
        [qualifiedKey('public', 'p'), 0],
        [qualifiedKey('public', 'p1'), 1],
      ]),
    });
    expect(ops.map(label)).toEqual([
      'dropConstraint a.a_self',
      'dropConstraint p1.p1_c',
      'dropConstraint p.p_a',
      'dropConstraint p.p_b',
      'dropIndex p.p_i',
      'dropColumn p.z',
      'dropColumn p.a',
      'alterColumn p.x',
      'addColumn p.y',
      'addColumn p.b',
      'addConstraint p.p_a',
      'addConstraint p.p_b',
      'createIndex p.p_i',
      'addConstraint p1.p1_c',
      'addConstraint p.p_self',
    ]);
  });

  it('orders the views, routines and types of a run by what they use, whatever their order of emission', () => {
    const view = (name: string, uses: string[] = []): ViewModel => ({
      schema: 'public',
      name,
      materialized: false,
      definition: 'SELECT 1',
      options: [],
      columns: [],
      indexes: [],
      dependsOn: uses.map((used) => ({ schema: 'public', name: used })),
    });
    const label = (o: Operation): string => {
      switch (o.kind) {
        case 'createView':
        case 'replaceView':
          return `${o.kind} ${o.view.name}`;
        case 'dropView':
        case 'dropDomain':
        case 'dropIndex':
          return `${o.kind} ${o.name}`;
        case 'createDomain':
          return `${o.kind} ${o.domain.name}`;
        default:
          return names([o])[0]!;
      }
    };
    // c uses b, b uses a; d uses nothing. A materialized view's index goes after the views of its slot.
    const [a, b, c, d] = [view('a'), view('b', ['a']), view('c', ['b']), view('d')];
    const steps: Step[] = [
      ...stepsIn('viewAndRoutineDrops', [
        { kind: 'dropView', schema: 'public', name: 'a', removed: a },
        { kind: 'dropIndex', schema: 'public', table: 'd', name: 'd_i' },
        { kind: 'dropView', schema: 'public', name: 'c', removed: c },
      ]),
      ...stepsIn('viewAndRoutineDropsLate', [{ kind: 'dropView', schema: 'public', name: 'b', removed: b }]),
      ...stepsIn('viewAndRoutineStepsBeforeTables', [
        { kind: 'createView', view: c },
        { kind: 'replaceView', view: d },
        { kind: 'createView', view: b },
        { kind: 'createView', view: a },
      ]),
      // d2 is over d1, which is over integer.
      ...stepsIn('typeCreatesBeforeTables', [
        { kind: 'createDomain', domain: domain('d2', 'public.d1[]') },
        { kind: 'createDomain', domain: domain('d1', 'integer') },
      ]),
      ...stepsIn('typeDropsLate', [
        { kind: 'dropDomain', schema: 'public', name: 'd1', removed: domain('d1', 'integer') },
        { kind: 'dropDomain', schema: 'public', name: 'd2', removed: domain('d2', 'public.d1') },
      ]),
    ];
    expect(inSlotOrder(steps).map(label)).toEqual([
      'dropView c',
      'dropView a',
      'dropIndex d_i',
      'createDomain d1',
      'createDomain d2',
      'createView a',
      'createView b',
      'createView c',
      'replaceView d',
      'dropView b',
      'dropDomain d2',
      'dropDomain d1',
    ]);
  });
});
