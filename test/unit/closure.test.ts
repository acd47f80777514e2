import { describe, expect, it } from 'vitest';
import { blockedClosure, blocks, changed, inTheWayOf } from '../../src/autogen/graph/closure.js';
import { modelIndex } from '../../src/schema/model-index.js';
import { idKind, objectId, partId, type ObjectId } from '../../src/schema/object-id.js';
import { diffModels, mayAskDependencies } from '../../src/autogen/compare.js';
import type { TableModel } from '../../src/schema/model.js';
import { calls, column, model, table, uses } from '../helpers/models.js';

/** The one rule for what stands in a change's way, over what the current side's catalog records. */

const t = { schema: 'public', name: 't' };
const col = (name: string): ObjectId => partId('column', t, name);
const fn = objectId('routine', 'public', 'f', 'integer');

const side = modelIndex(
  model({
    dependencies: [
      uses('t', 'column', 'g', 'a'), // a generated column over a
      uses('t', 'index', 't_g_idx', 'g'),
      uses('t', 'policy', 'p_g', 'g'),
      uses('t', 'index', 't_a_idx', 'a'),
      uses('t', 'constraint', 't_a_check', 'a'),
      uses('t', 'policy', 'p_a', 'a'),
      uses('t', 'trigger', 'tr_a', 'a'),
      calls('t', 'default', 'b', 'f', 'integer'),
      calls('t', 'trigger', 'tr_f', 'f', 'integer'),
      calls('t', 'column', 'h', 'f', 'integer'),
      uses('t', 'constraint', 't_h_check', 'h'),
    ],
  }),
);

const sorted = (ids: Iterable<ObjectId>): string[] => [...ids].map((id) => id.replaceAll('\u0000', ' ')).sort();

describe('blocks', () => {
  it('lets a retype rebuild constraints, indexes and defaults, and stops at anything using what is dropped', () => {
    expect(['column', 'policy', 'trigger'].every((k) => blocks('retype', k as never))).toBe(true);
    expect(['constraint', 'index', 'default'].some((k) => blocks('retype', k as never))).toBe(false);
    expect(
      ['constraint', 'index', 'default', 'column', 'policy', 'trigger'].every((k) => blocks('drop', k as never)),
    ).toBe(true);
  });

  it('counts a partition key as in the way of a type change of its columns', () => {
    expect(blocks('retype', 'table')).toBe(true);
  });
});

describe('inTheWayOf', () => {
  it('lists what uses an object and blocks the change, directly only', () => {
    expect(sorted(inTheWayOf(side, col('a'), 'retype'))).toEqual(
      sorted([col('g'), partId('policy', t, 'p_a'), partId('trigger', t, 'tr_a')]),
    );
    expect(inTheWayOf(side, col('a'), 'drop')).toHaveLength(5);
  });
});

describe('blockedClosure', () => {
  it('takes what uses a retyped column and blocks it, then everything using what that drops', () => {
    const blocked = blockedClosure(side, changed([col('a')], 'retype'), () => true);
    expect(sorted(blocked)).toEqual(
      sorted([
        col('g'),
        partId('index', t, 't_g_idx'),
        partId('policy', t, 'p_g'),
        partId('policy', t, 'p_a'),
        partId('trigger', t, 'tr_a'),
      ]),
    );
  });

  it('stops where the cause does not create an object again, and does not go through it', () => {
    const blocked = blockedClosure(side, changed([col('a')], 'retype'), (id) => idKind(id) !== 'column');
    expect(sorted(blocked)).toEqual(sorted([partId('policy', t, 'p_a'), partId('trigger', t, 'tr_a')]));
  });

  it('takes everything that calls a routine dropped, and what is on a generated column calling it', () => {
    const blocked = blockedClosure(side, changed([fn], 'drop'), (id) => idKind(id) !== 'trigger');
    expect(sorted(blocked)).toEqual(
      sorted([partId('default', t, 'b'), col('h'), partId('constraint', t, 't_h_check')]),
    );
  });

  it('is empty for a change nothing uses, and for a model whose catalog was not read', () => {
    expect(blockedClosure(side, changed([col('z')], 'drop'), () => true).size).toBe(0);
    expect(blockedClosure(modelIndex(model()), changed([col('a'), fn], 'drop'), () => true).size).toBe(0);
  });
});

describe('usersOf', () => {
  it('lists what uses an object in the order the catalog gave', () => {
    expect(side.usersOf(col('a'))).toEqual([
      col('g'),
      partId('index', t, 't_a_idx'),
      partId('constraint', t, 't_a_check'),
      partId('policy', t, 'p_a'),
      partId('trigger', t, 'tr_a'),
    ]);
    expect(side.usersOf(partId('index', t, 't_a_idx'))).toEqual([]);
  });
});

describe('diffModels asks what uses what only where something may stand in the way', () => {
  const before = table('t', { columns: [column('id', 'integer', { nullable: false }), column('a', 'bigint')] });
  const retyped = table('t', { columns: [column('id', 'integer', { nullable: false }), column('a', 'integer')] });

  it('does not ask when the models are equal or a table is only added', () => {
    expect(diffModels(model({ tables: [before] }), model({ tables: [before] })).asksDependencies).toBe(false);
    const added = diffModels(model({ tables: [before] }), model({ tables: [before, table('u')] }));
    expect(added.operations).toHaveLength(1);
    expect(added.asksDependencies).toBe(false);
  });

  it('asks when a column is retyped or dropped and added again, and not of a side that read it', () => {
    expect(diffModels(model({ tables: [before] }), model({ tables: [retyped] })).asksDependencies).toBe(true);
    const g = (expression: string): TableModel =>
      table('t', { columns: [...before.columns, column('g', 'bigint', { generated: expression })] });
    expect(diffModels(model({ tables: [g('(a * 2)')] }), model({ tables: [g('(a * 3)')] })).asksDependencies).toBe(
      true,
    );
    const read = model({ tables: [before], dependencies: [] });
    expect(diffModels(read, model({ tables: [retyped] })).asksDependencies).toBe(false);
  });

  it('is foreseen before the comparison (mayAskDependencies), which then runs once', () => {
    const g = (expression: string): TableModel =>
      table('t', { columns: [...before.columns, column('g', 'bigint', { generated: expression })] });
    const pairs: Array<[TableModel[], TableModel[]]> = [
      [[before], [before]],
      [[before], [table('u'), before]],
      [[before], [retyped]],
      [[g('(a * 2)')], [g('(a * 3)')]],
      [[before, table('u')], [before]],
    ];
    for (const [current, target] of pairs) {
      const [reflected, declared] = [model({ tables: current }), model({ tables: target })];
      const may = mayAskDependencies(reflected, declared);
      if (diffModels(reflected, declared).asksDependencies) expect(may).toBe(true);
      // Equal, or only added to: nothing is read.
      if (current.every((t) => target.includes(t))) expect(may).toBe(false);
    }
    expect(mayAskDependencies(model({ tables: [before], dependencies: [] }), model({ tables: [retyped] }))).toBe(false);
  });
});
