import { describe, expect, it } from 'vitest';
import type { Operation, OperationOf } from '../../src/ops/operation.js';
import { orderOperations, type ChangePlan } from '../../src/autogen/order/order.js';
import { scheduleRevision, type RevisionParts } from '../../src/autogen/order/schedule.js';
import { places } from '../../src/autogen/order/places.js';
import { column, domain, sequence as namedSequence, table } from '../helpers/models.js';
import type { CompositeTypeModel, EnumModel, SequenceModel, TableModel } from '../../src/schema/model.js';
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
      { kind: 'addEnumValue', schema: 'public', name: 'e1', value: 'w', before: 'x', previous: previous(['x']) },
      { kind: 'addEnumValue', schema: 'public', name: 'e1', value: 'y', after: 'x', previous: previous(['w', 'x']) },
      {
        kind: 'addEnumValue',
        schema: 'public',
        name: 'e1',
        value: 'z',
        after: 'y',
        previous: previous(['w', 'x', 'y']),
      },
      { kind: 'addEnumValue', schema: 'public', name: 'e2', value: 'y', after: 'x', previous: previous(['x']) },
    ]),
    ...stepsIn('compositeAlters', [
      { kind: 'dropCompositeAttribute', schema: 'public', name: 'c1', attribute: 'gone2' },
      { kind: 'dropCompositeAttribute', schema: 'public', name: 'c1', attribute: 'gone1' },
      {
        kind: 'alterCompositeAttribute',
        schema: 'public',
        name: 'c1',
        attribute: 'b',
        to: { type: 'bigint' },
        from: { type: 'integer' },
      },
      { kind: 'addCompositeAttribute', schema: 'public', name: 'c1', attribute: { name: 'new1', type: 'integer' } },
      { kind: 'addCompositeAttribute', schema: 'public', name: 'c1', attribute: { name: 'new2', type: 'integer' } },
      { kind: 'addCompositeAttribute', schema: 'public', name: 'c2', attribute: { name: 'n', type: 'integer' } },
      { kind: 'dropCompositeType', schema: 'public', name: 'c3' },
      { kind: 'createCompositeType', composite: composite('c3', ['b', 'a']) },
    ]),
    ...stepsIn('indexRenames', [
      { kind: 'renameIndex', schema: 'public', from: 'i1', to: 'j1' },
      { kind: 'renameIndex', schema: 'public', from: 'i2', to: 'j2' },
    ]),
  ];
  const around = withAround(withAround(steps, 'routineCallers', aroundTable('m')), 'routineCallers', aroundTable('n'));
  return withAround(around, 'castingDefaults', {
    drops: ['b', 'a'].flatMap((name) => ['d2', 'd1'].map((d) => castingDefault(name, d, null, `'${d}'::text`))),
    creates: ['b', 'a'].flatMap((name) => ['d2', 'd1'].map((d) => castingDefault(name, d, `'${d}'::e`, null))),
  });
}

/** The values an enum had before one is added, as the comparison records them. */
function previous(values: string[]): { values: string[]; columns: [] } {
  return { values, columns: [] };
}

/** A column's default cleared or set around an enum replacement. */
function castingDefault(table: string, column: string, to: string | null, from: string | null): Operation {
  return { kind: 'alterColumn', schema: 'public', table, column, to: { default: to }, from: { default: from } };
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
    places: places(
      { tables: shuffle(TABLES.current), composites: shuffle(COMPOSITES.current) },
      { tables: shuffle(TABLES.target), composites: shuffle(COMPOSITES.target) },
    ),
  };
}

/** The composite types the attribute steps are on, as the database has them and as the target declares them. */
const COMPOSITES = {
  current: [composite('c1', ['a', 'gone1', 'b', 'gone2']), composite('c2', ['a']), composite('c3', ['a', 'b'])],
  target: [composite('c1', ['a', 'b', 'new1', 'new2']), composite('c2', ['a', 'n']), composite('c3', ['b', 'a'])],
};

function composite(name: string, attributes: string[]): CompositeTypeModel {
  return { schema: 'public', name, attributes: attributes.map((a) => ({ name: a, type: 'integer' })) };
}

/** The tables the column steps are on, as the database has them and as the target declares them. */
const TABLES = {
  current: [
    table('u', { columns: ['id', 'old1', 'a', 'old2'].map((name) => column(name)) }),
    table('w', { columns: [column('id')] }),
    ...['m', 'n'].map((name) => table(name, { columns: ['id', 'g1', 'd', 'g2'].map((c) => column(c)) })),
  ],
  target: [
    table('u', { columns: ['id', 'a', 'z', 'y'].map((name) => column(name)) }),
    table('w', { columns: [column('id'), column('k')] }),
    ...['m', 'n'].map((name) => table(name, { columns: ['id', 'g1', 'd', 'g2'].map((c) => column(c)) })),
  ],
};

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

/** A Fisher-Yates shuffle by `next`. */
function shuffler(next: () => number): <T>(items: readonly T[]) => T[] {
  return <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
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

  it("puts a composite type's attributes in its order: dropped last first, then added and altered as the target declares them", () => {
    const attributes = expected.flatMap((o) => {
      switch (o.kind) {
        case 'dropCompositeAttribute':
          return [`-${o.name}.${o.attribute}`];
        case 'alterCompositeAttribute':
          return [`~${o.name}.${o.attribute}`];
        case 'addCompositeAttribute':
          return [`+${o.name}.${o.attribute.name}`];
        case 'dropCompositeType':
          return [`-${o.name}`];
        case 'createCompositeType':
          return [`+${o.composite.name}`];
        default:
          return [];
      }
    });
    expect(attributes).toEqual(['-c1.gone2', '-c1.gone1', '~c1.b', '+c1.new1', '+c1.new2', '+c2.n', '-c3', '+c3']);
  });

  it("puts a table's columns in its order: added and altered as the target declares them, dropped last first", () => {
    const columns = expected.flatMap((o) =>
      o.kind === 'addColumn'
        ? [`+${o.table}.${o.column.name}`]
        : o.kind === 'dropColumn' || (o.kind === 'alterColumn' && o.to.default === undefined)
          ? [`${o.kind === 'dropColumn' ? '-' : '~'}${o.table}.${o.column}`]
          : [],
    );
    expect(columns).toEqual([
      '-m.g2',
      '-m.g1',
      '-n.g2',
      '-n.g1',
      '-u.old2',
      '-u.old1',
      '~u.a',
      '+u.z',
      '+u.y',
      '+w.k',
      '+m.g1',
      '+m.g2',
      '+n.g1',
      '+n.g2',
    ]);
  });

  it("adds an enum's values in the order the target declares them, and the defaults cast to a replaced enum by column", () => {
    const values = expected.flatMap((o) => (o.kind === 'addEnumValue' ? [`${o.name}.${o.value}`] : []));
    expect(values).toEqual(['e1.w', 'e1.y', 'e1.z', 'e2.y']);
    const defaults = expected.flatMap((o) =>
      o.kind === 'alterColumn' && (o.table === 'a' || o.table === 'b')
        ? [`${o.table}.${o.column}${o.to.default === null ? '-' : '+'}`]
        : [],
    );
    expect(defaults).toEqual(['a.d1-', 'a.d2-', 'b.d1-', 'b.d2-', 'a.d1+', 'a.d2+', 'b.d1+', 'b.d2+']);
  });
});

describe('values added to an enum whose replacement is blocked (no values before them recorded)', () => {
  // e has [a]; the target declares [x, a, b, c, d]: x before a, b after a, c after b, d after c.
  const additions = (): OperationOf<'addEnumValue'>[] => [
    { kind: 'addEnumValue', schema: 'public', name: 'e', value: 'x', before: 'a' },
    { kind: 'addEnumValue', schema: 'public', name: 'e', value: 'b', after: 'a' },
    { kind: 'addEnumValue', schema: 'public', name: 'e', value: 'c', after: 'b' },
    { kind: 'addEnumValue', schema: 'public', name: 'e', value: 'd', after: 'c' },
  ];
  const ordered = (shuffle: <T>(items: readonly T[]) => T[]): string[] =>
    orderOperations({
      schemas: { create: [], drop: [] },
      enums: { create: [], drop: [], addValues: shuffle(additions()) },
      tables: { create: [], drop: [], changes: [] },
    }).flatMap((o) => (o.kind === 'addEnumValue' ? [o.value] : []));

  it.each([1, 2, 3, 17, 42, 2026])('come in one order, each after the value it follows (seed %i)', (seed) => {
    expect(ordered(shuffler(random(seed)))).toEqual(['b', 'x', 'c', 'd']);
  });
});

describe("the scheduler alone decides the order of the revision's envelope", () => {
  const target = (on: 'table' | 'view', name: string) => ({ on, schema: 'public', name });
  const comment = (name: string, text: string | null, from: string | null): Operation => ({
    kind: 'setComment',
    target: { on: 'table', schema: 'public', name },
    comment: text,
    from,
  });
  /** The envelope's parts as the comparisons of comments, grants, default privileges and owners hand them over. */
  function parts(shuffle: <T>(items: readonly T[]) => T[]): Omit<RevisionParts, 'serial' | 'plan' | 'rowCopies'> {
    return {
      comments: () => ({
        clears: shuffle([comment('b', null, 'x'), comment('a', null, 'x')]),
        // a and b are set again on their tables created again, c changes, d is removed: before the new e and aa.
        sets: shuffle([
          comment('e', 'new', null),
          comment('b', 'x', null),
          comment('d', null, 'old'),
          comment('aa', 'new', null),
          comment('a', 'x', null),
          comment('c', 'y', 'x'),
        ]),
      }),
      grants: () => ({
        grants: {
          revokes: shuffle<Operation>([
            { kind: 'revoke', on: target('table', 't'), privileges: ['SELECT'], columns: ['b'], from: 'r1' },
            { kind: 'revoke', on: target('table', 't'), privileges: ['SELECT', 'INSERT'], from: 'r2' },
            { kind: 'grant', on: target('table', 't'), privileges: ['SELECT'], to: 'r1' },
            { kind: 'revoke', on: target('table', 't'), privileges: ['SELECT'], from: 'r1' },
            { kind: 'revoke', on: target('view', 'a'), privileges: ['SELECT'], from: 'r1' },
          ]),
          grants: shuffle<Operation>([
            { kind: 'grant', on: target('table', 't'), privileges: ['UPDATE'], columns: ['a', 'c'], to: 'r1' },
            { kind: 'grant', on: target('table', 't'), privileges: ['SELECT'], to: 'r1', withGrantOption: true },
            { kind: 'grant', on: target('table', 't'), privileges: ['INSERT'], to: 'r1' },
            { kind: 'grant', on: target('table', 'p'), privileges: ['SELECT'], to: 'r2' },
          ]),
        },
        defaults: {
          revokes: shuffle<Operation>([
            { kind: 'revokeDefault', inSchema: 's', on: 'tables', privileges: ['SELECT'], from: 'r1' },
            { kind: 'revokeDefault', on: 'sequences', privileges: ['USAGE'], from: 'r1' },
            { kind: 'grantDefault', on: 'functions', privileges: ['EXECUTE'], to: 'PUBLIC' },
          ]),
          grants: shuffle<Operation>([
            { kind: 'grantDefault', forRole: 'owner', on: 'tables', privileges: ['SELECT'], to: 'r1' },
            { kind: 'grantDefault', on: 'tables', privileges: ['INSERT', 'SELECT'], to: 'r2' },
            { kind: 'grantDefault', on: 'tables', privileges: ['DELETE'], to: 'r1' },
          ]),
        },
        owners: {
          before: shuffle<Operation>([
            { kind: 'alterOwner', on: target('view', 'v'), from: 'o1' },
            { kind: 'alterOwner', on: target('table', 'z'), from: 'o1' },
          ]),
          after: shuffle<Operation>([
            { kind: 'alterOwner', on: target('view', 'a'), to: 'o2' },
            { kind: 'alterOwner', on: { on: 'schema', schema: 's', name: 's' }, to: 'o2', from: 'o1' },
            { kind: 'alterOwner', on: target('table', 'b'), to: 'o2' },
          ]),
        },
      }),
    };
  }
  const revision = (shuffle: <T>(items: readonly T[]) => T[]): Operation[] =>
    scheduleRevision({
      ...parts(shuffle),
      serial: { first: [], last: [] },
      plan: {
        schemas: { create: [], drop: [] },
        enums: { create: [], drop: [], addValues: [] },
        tables: { create: [], drop: [], changes: [] },
      },
      rowCopies: [],
    });
  const expected = revision((items) => [...items]);

  it.each([1, 2, 3, 17, 42, 2026])('gives the same envelope for its parts emitted in any order (seed %i)', (seed) => {
    expect(revision(shuffler(random(seed)))).toEqual(expected);
  });

  it('orders each part by what its operations are on, as the model orders it', () => {
    const label = (o: Operation): string => {
      switch (o.kind) {
        case 'setComment':
          return `comment ${o.target.name}${o.comment === null ? '-' : '+'}`;
        case 'grant':
        case 'revoke':
          return `${o.kind} ${o.on.name}${o.columns === undefined ? '' : `(${o.columns.join(',')})`} ${o.kind === 'grant' ? o.to : o.from} ${o.privileges.join(',')}`;
        case 'grantDefault':
        case 'revokeDefault':
          return `${o.kind} ${o.forRole ?? ''}/${o.inSchema ?? ''}/${o.on} ${o.kind === 'grantDefault' ? o.to : o.from}`;
        case 'alterOwner':
          return `owner ${o.on.on} ${o.on.name}`;
        default:
          return o.kind;
      }
    };
    expect(expected.map(label)).toEqual([
      'comment a-',
      'comment b-',
      'revoke t r1 SELECT',
      'grant t r1 SELECT',
      'revoke t r2 SELECT,INSERT',
      'revoke t(b) r1 SELECT',
      'revoke a r1 SELECT',
      'revokeDefault //sequences r1',
      'grantDefault //functions PUBLIC',
      'revokeDefault /s/tables r1',
      'owner table z',
      'owner view v',
      'comment a+',
      'comment b+',
      'comment c+',
      'comment d-',
      'comment aa+',
      'comment e+',
      'owner schema s',
      'owner table b',
      'owner view a',
      'grant p r2 SELECT',
      'grant t r1 SELECT',
      'grant t r1 INSERT',
      'grant t(a,c) r1 UPDATE',
      'grantDefault //tables r1',
      'grantDefault //tables r2',
      'grantDefault owner//tables r1',
    ]);
  });
});

describe("the serial columns' steps", () => {
  const sequence = (table: string, column: string): SequenceModel =>
    namedSequence(`${table}_${column}_seq`, { ownedBy: { table, column } });
  const setDefault = (table: string, column: string, to: string | null): Operation => ({
    kind: 'alterColumn',
    schema: 'public',
    table,
    column,
    to: { default: to },
    from: { default: to === null ? `nextval('${table}_${column}_seq'::regclass)` : null },
    pastRows: true,
  });
  const dropSequence = (table: string, column: string): Operation => ({
    kind: 'dropSequence',
    schema: 'public',
    name: `${table}_${column}_seq`,
    removed: sequence(table, column),
  });
  const createSequence = (table: string, column: string): Operation => ({
    kind: 'createSequence',
    sequence: sequence(table, column),
  });
  // Columns made plain (their default dropped, then their sequence) and one whose lost default is set again, first;
  // columns made serial (their sequence created, then their default set), last. In t, z comes before a.
  const first = (): Operation[] => [
    setDefault('t', 'a', null),
    dropSequence('t', 'a'),
    setDefault('s', 'b', null),
    dropSequence('s', 'b'),
    setDefault('t', 'z', "nextval('t_z_seq'::regclass)"),
  ];
  const last = (): Operation[] => [
    createSequence('t', 'c'),
    setDefault('t', 'c', "nextval('t_c_seq'::regclass)"),
    createSequence('s', 'd'),
    setDefault('s', 'd', "nextval('s_d_seq'::regclass)"),
  ];
  const models = {
    tables: [
      table('s', { columns: ['id', 'b', 'd'].map((name) => column(name)) }),
      table('t', { columns: ['id', 'z', 'c', 'a'].map((name) => column(name)) }),
    ],
    composites: [],
  };
  const revision = (shuffle: <T>(items: readonly T[]) => T[]): Operation[] =>
    scheduleRevision({
      serial: { first: shuffle(first()), last: shuffle(last()) },
      comments: () => ({ clears: [], sets: [] }),
      grants: () => ({
        grants: { revokes: [], grants: [] },
        defaults: { revokes: [], grants: [] },
        owners: { before: [], after: [] },
      }),
      plan: {
        schemas: { create: [], drop: [] },
        enums: { create: [], drop: [], addValues: [] },
        tables: { create: [], drop: [], changes: [] },
        places: places(models, models),
      },
      rowCopies: [],
    });
  const expected = revision((items) => [...items]);

  it.each([1, 2, 3, 17, 42, 2026])('come in one order whatever order they were found in (seed %i)', (seed) => {
    expect(revision(shuffler(random(seed)))).toEqual(expected);
  });

  it("go by table, then by the column's place in it; a column's sequence created before its default is set, dropped after its default is", () => {
    const label = (o: Operation): string =>
      o.kind === 'alterColumn'
        ? `${o.table}.${o.column} default ${o.to.default === null ? 'dropped' : 'set'}`
        : o.kind === 'createSequence'
          ? `create ${o.sequence.name}`
          : o.kind === 'dropSequence'
            ? `drop ${o.name}`
            : o.kind;
    expect(expected.map(label)).toEqual([
      's.b default dropped',
      'drop s_b_seq',
      't.z default set',
      't.a default dropped',
      'drop t_a_seq',
      'create s_d_seq',
      's.d default set',
      'create t_c_seq',
      't.c default set',
    ]);
  });
});
