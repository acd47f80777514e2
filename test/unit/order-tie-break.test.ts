import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/ops/operation.js';
import { orderOperations, type ChangePlan } from '../../src/autogen/order/order.js';
import { column, domain, table } from '../helpers/models.js';
import type { EnumModel, TableModel } from '../../src/schema/model.js';
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

const check = (name: string) => ({ type: 'check' as const, name, expression: 'true' });
const index = (name: string) => ({ name, columns: [{ column: 'a' }], unique: false, method: 'btree', where: null });
const enumOf = (name: string): EnumModel => ({ schema: 'public', name, values: ['x'] });

/** A table's column steps and one column's default moved out of the way, on `name`. */
function aroundTable(name: string): { drops: Operation[]; creates: Operation[] } {
  return {
    drops: [
      { kind: 'dropConstraint', schema: 'public', table: name, name: `${name}_c`, removed: check(`${name}_c`) },
      { kind: 'dropIndex', schema: 'public', table: name, name: `${name}_i` },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: name,
        column: 'd',
        to: { default: null },
        from: { default: '1' },
      },
      { kind: 'dropColumn', schema: 'public', table: name, column: 'g2' },
      { kind: 'dropColumn', schema: 'public', table: name, column: 'g1' },
    ],
    creates: [
      { kind: 'addColumn', schema: 'public', table: name, column: column('g1') },
      { kind: 'addColumn', schema: 'public', table: name, column: column('g2') },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: name,
        column: 'd',
        to: { default: '1' },
        from: { default: null },
      },
      { kind: 'addConstraint', schema: 'public', table: name, constraint: check(`${name}_c`) },
      { kind: 'createIndex', schema: 'public', table: name, index: index(`${name}_i`) },
    ],
  };
}

/** The steps of many kinds that the comparisons hand the scheduler, in one order of emission. */
function objectSteps(): Step[] {
  const steps: Step[] = [
    ...stepsIn('tableFeaturesBefore', [
      { kind: 'dropPolicy', schema: 'public', table: 'a', name: 'q' },
      { kind: 'dropPolicy', schema: 'public', table: 'b', name: 'p' },
      {
        kind: 'detachPartition',
        schema: 'public',
        table: 'p_1',
        partitionOf: { schema: 'public', table: 'p', bound: 'DEFAULT' },
      },
      { kind: 'noInheritTable', schema: 'public', table: 'c', parent: { schema: 'public', table: 'base' } },
    ]),
    ...stepsIn('triggerDrops', [
      { kind: 'dropTrigger', schema: 'public', table: 's', name: 'tr2' },
      { kind: 'dropTrigger', schema: 'public', table: 't', name: 'tr1' },
      { kind: 'dropEventTrigger', name: 'audit' },
    ]),
    ...stepsIn('ruleDrops', [
      { kind: 'dropRule', schema: 'public', table: 'r', name: 'r1' },
      { kind: 'dropRule', schema: 'public', table: 'r', name: 'r2' },
    ]),
    ...stepsIn('statisticsDrops', [
      { kind: 'dropStatistics', schema: 'public', name: 'st1' },
      { kind: 'dropStatistics', schema: 'x', name: 'st0' },
    ]),
    ...stepsIn('publicationDrops', [
      { kind: 'dropPublication', name: 'pub_a' },
      { kind: 'dropPublication', name: 'pub_b' },
    ]),
    ...stepsIn('castDrops', [
      { kind: 'dropCast', source: 'bigint', target: 'money' },
      { kind: 'dropCast', source: 'text', target: 'money' },
    ]),
    ...stepsIn('viewAndRoutineDrops', [
      { kind: 'dropView', schema: 'public', name: 'v1' },
      { kind: 'dropView', schema: 'public', name: 'v2' },
      { kind: 'dropIndex', schema: 'public', table: 'mv', name: 'mv_i' },
    ]),
    ...stepsIn('foreignDrops', [
      { kind: 'dropForeignTable', schema: 'public', name: 'remote' },
      { kind: 'dropForeignServer', name: 'srv' },
      { kind: 'dropForeignDataWrapper', name: 'fdw' },
    ]),
    ...stepsIn('extensionCreates', [
      { kind: 'createExtension', extension: { name: 'citext', schema: 'public' } },
      { kind: 'createExtension', extension: { name: 'hstore', schema: 'public' } },
    ]),
    ...stepsIn('typeCreatesBeforeTables', [
      { kind: 'createDomain', domain: domain('d1', 'integer') },
      { kind: 'createDomain', domain: domain('d2', 'integer') },
    ]),
    ...stepsIn('sequenceAlters', [
      { kind: 'alterSequence', schema: 'public', name: 's1', to: { cache: '2' }, from: { cache: '1' } },
      { kind: 'alterSequence', schema: 'public', name: 's2', to: { cache: '2' }, from: { cache: '1' } },
    ]),
    ...stepsIn('triggerCreates', [
      { kind: 'alterFiring', on: 'trigger', schema: 'public', table: 's', name: 'tr3', firing: 'replica' },
      { kind: 'alterEventTrigger', name: 'audit2', firing: 'always' },
    ]),
    ...stepsIn('sequenceDrops', [
      { kind: 'dropSequence', schema: 'public', name: 'old1' },
      { kind: 'dropSequence', schema: 'public', name: 'old2' },
    ]),
    ...stepsIn('typeDropsLate', [
      { kind: 'dropDomain', schema: 'public', name: 'gone1' },
      { kind: 'dropDomain', schema: 'public', name: 'gone2' },
    ]),
    ...stepsIn('textSearchDrops', [
      { kind: 'dropTextSearchConfiguration', schema: 'public', name: 'docs' },
      { kind: 'dropTextSearchDictionary', schema: 'public', name: 'stem' },
    ]),
    ...stepsIn('collationDrops', [
      { kind: 'dropCollation', schema: 'public', name: 'c1' },
      { kind: 'dropCollation', schema: 'public', name: 'c2' },
    ]),
    ...stepsIn('extensionDrops', [
      { kind: 'dropExtension', name: 'cube' },
      { kind: 'dropExtension', name: 'ltree' },
    ]),
    ...stepsIn('tableFeaturesAfter', [
      {
        kind: 'attachPartition',
        schema: 'public',
        table: 'p_2',
        partitionOf: { schema: 'public', table: 'p', bound: 'DEFAULT' },
      },
      { kind: 'inheritTable', schema: 'public', table: 'p_2', parent: { schema: 'public', table: 'base' } },
      {
        kind: 'setRowLevelSecurity',
        schema: 'public',
        table: 'p_2',
        to: { enabled: true, forced: false },
        from: { enabled: false, forced: false },
      },
      { kind: 'setUnlogged', schema: 'public', table: 'p_2', unlogged: true },
      { kind: 'setStorageParameters', schema: 'public', table: 'p_2', to: { fillfactor: '50' } },
      { kind: 'setStorageParameters', schema: 'public', table: 'p_2', index: 'p_2_i', to: { fillfactor: '50' } },
      { kind: 'setUnlogged', schema: 'public', table: 'q', unlogged: true },
      {
        kind: 'createPolicy',
        schema: 'public',
        table: 'a',
        policy: { name: 'q', permissive: true, command: 'ALL', roles: ['public'], using: null, withCheck: null },
      },
      {
        kind: 'createPolicy',
        schema: 'public',
        table: 'b',
        policy: { name: 'p', permissive: true, command: 'ALL', roles: ['public'], using: null, withCheck: null },
      },
    ]),
    ...stepsIn('enumValueAdds', [
      { kind: 'addEnumValue', schema: 'public', name: 'e1', value: 'y', after: 'x' },
      { kind: 'addEnumValue', schema: 'public', name: 'e1', value: 'z', after: 'y' },
      { kind: 'addEnumValue', schema: 'public', name: 'e2', value: 'y', after: 'x' },
    ]),
    ...stepsIn('indexRenames', [
      { kind: 'renameIndex', schema: 'public', from: 'i1', to: 'j1' },
      { kind: 'renameIndex', schema: 'public', from: 'i2', to: 'j2' },
    ]),
  ];
  return withAround(withAround(steps, 'routineCallers', aroundTable('m')), 'routineCallers', aroundTable('n'));
}

/** The table comparison's steps: the columns of a table in the order the table declares them. */
function tableChanges(): TableStep[] {
  return [
    dropConstraintStep('public', 'u', check('u_c')),
    dropIndexStep('public', 'u', index('u_i')),
    dropColumnStep('public', 'u', column('old2')),
    dropColumnStep('public', 'u', column('old1')),
    alterColumnStep({ kind: 'alterColumn', schema: 'public', table: 'u', column: 'a', to: { nullable: false } }),
    addColumnStep('public', 'u', column('z')),
    addColumnStep('public', 'u', column('y')),
    addConstraintStep('public', 'u', check('u_c2')),
    createIndexStep('public', 'u', index('u_i2')),
    addColumnStep('public', 'w', column('k')),
  ];
}

function plan(shuffle: <T>(items: readonly T[]) => T[]): ChangePlan {
  return {
    schemas: { create: shuffle(['s1', 's2', 's3']), drop: shuffle(['o1', 'o2']) },
    enums: {
      create: shuffle([enumOf('e3'), enumOf('e4')]),
      drop: shuffle([enumOf('e5'), enumOf('e6')]),
      addValues: [],
    },
    tables: {
      create: shuffle<TableModel>([table('n1'), table('n2'), table('n3')]),
      drop: shuffle<TableModel>([table('x1'), table('x2')]),
      changes: shuffle(tableChanges()),
    },
    steps: shuffle(objectSteps()),
  };
}

/** A seeded generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What an object declares the order of (a table's columns, an enum's values)
 * keeps its order among itself; everything else lands anywhere.
 */
function ownOrder(item: unknown): string | null {
  const o = ((item as Step).op ?? item) as Operation;
  if (o.kind === 'addColumn' || o.kind === 'dropColumn' || o.kind === 'alterColumn')
    return `${(item as Step).slot ?? ''}.${o.schema}.${o.table}.${o.kind}`;
  if (o.kind === 'addEnumValue') return `${o.schema}.${o.name}`;
  return null;
}

/** A Fisher-Yates shuffle by `next`, then each object's own order put back among its places. */
function shuffler(next: () => number): <T>(items: readonly T[]) => T[] {
  return <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const group = ownOrder(item);
      if (group !== null) groups.set(group, [...(groups.get(group) ?? []), item]);
    }
    const taken = new Map<string, number>();
    return out.map((item) => {
      const group = ownOrder(item);
      if (group === null) return item;
      const n = taken.get(group) ?? 0;
      taken.set(group, n + 1);
      return groups.get(group)![n]!;
    });
  };
}

describe('the scheduler alone decides the order', () => {
  const expected = orderOperations(plan((items) => [...items]));

  it.each([1, 2, 3, 17, 42, 2026])('gives the same operations for the steps emitted in any order (seed %i)', (seed) => {
    const shuffled = plan(shuffler(random(seed)));
    expect(shuffled.steps).not.toEqual(plan((items) => [...items]).steps);
    expect(orderOperations(shuffled)).toEqual(expected);
  });

  it('orders a slot by its families, then by (schema, table, name)', () => {
    const at = (kind: Operation['kind'], name: string): number =>
      expected.findIndex((o) => o.kind === kind && JSON.stringify(o).includes(`"${name}"`));
    expect(at('dropPolicy', 'a')).toBeLessThan(at('dropPolicy', 'b'));
    expect(at('dropPolicy', 'b')).toBeLessThan(at('detachPartition', 'p_1'));
    expect(at('dropTrigger', 'tr2')).toBeLessThan(at('dropTrigger', 'tr1'));
    expect(at('dropTrigger', 'tr1')).toBeLessThan(at('dropEventTrigger', 'audit'));
    expect(at('dropForeignTable', 'remote')).toBeLessThan(at('dropForeignServer', 'srv'));
    expect(at('dropForeignServer', 'srv')).toBeLessThan(at('dropForeignDataWrapper', 'fdw'));
    expect(at('dropTextSearchConfiguration', 'docs')).toBeLessThan(at('dropTextSearchDictionary', 'stem'));
    expect(at('dropStatistics', 'st1')).toBeLessThan(at('dropStatistics', 'st0'));
    expect(at('setStorageParameters', 'p_2')).toBeLessThan(at('setStorageParameters', 'p_2_i'));
    expect(at('setUnlogged', 'q')).toBeLessThan(at('createPolicy', 'a'));
    expect(at('dropConstraint', 'm_c')).toBeLessThan(at('dropIndex', 'm_i'));
    expect(at('dropColumn', 'g1')).toBeLessThan(at('dropConstraint', 'n_c'));
  });
});
