import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyOf, lockBudget, planBatches, tableLocks } from '../../src/canonical/canonical-batches.js';
import {
  namesIn,
  sameJson,
  selectForServer,
  sendEverything,
  stableJson,
  sameTable,
} from '../../src/canonical/canonical-select.js';
import { qualifiedKey, type SchemaModel, type TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns: [
      { name: 'id', type: 'integer', nullable: false, default: null, identity: null },
      { name: 'n', type: 'integer', nullable: true, default: null, identity: null },
    ],
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

function fk(from: string, to: string): Partial<TableModel> {
  return {
    foreignKeys: [
      {
        name: `${from}_n_fkey`,
        columns: ['n'],
        refSchema: 'public',
        refTable: to,
        refColumns: ['id'],
        onDelete: 'NO ACTION',
        onUpdate: 'NO ACTION',
      },
    ],
  };
}

function model(tables: TableModel[], more: Partial<SchemaModel> = {}): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables, ...more });
}

const key = (name: string): string => qualifiedKey('public', name);

describe('compare first: what must go to the server', () => {
  it('sends nothing when every declared object equals the live one, whatever the order of named lists', () => {
    const a = table('a', {
      checks: [
        { name: 'a_x', expression: '(n > 0)' },
        { name: 'a_y', expression: '(n < 9)' },
      ],
    });
    const live = model([{ ...a, checks: [...a.checks].reverse() }], {
      enums: [{ schema: 'public', name: 'e', values: ['x', 'y'] }],
    });
    const declared = model([a], { enums: [{ schema: 'public', name: 'e', values: ['x', 'y'] }] });
    const selection = selectForServer(declared, live);
    expect(selection.sentTables.size).toBe(0);
    expect(selection.objectsClean).toBe(true);
    expect(planBatches(declared, selection, 50)).toEqual([]);
  });

  it('sends a table whose text differs from what the server printed, and tables naming it, not the others', () => {
    const live = model([table('a'), table('b', fk('b', 'a')), table('c')]);
    const declared = model([
      table('a', { checks: [{ name: 'a_n_check', expression: 'n > 0' }] }),
      table('b', fk('b', 'a')),
      table('c'),
    ]);
    const selection = selectForServer(declared, live);
    expect([...selection.sentTables].sort()).toEqual([key('a'), key('b')]);
  });

  it('keeps column order significant and enum value order significant', () => {
    const a = table('a');
    const swapped = { ...a, columns: [...a.columns].reverse() };
    expect(sameTable(a, swapped)).toBe(false);
    const live = model([], { enums: [{ schema: 'public', name: 'e', values: ['x', 'y'] }] });
    const declared = model(
      [
        table('t', {
          columns: [{ name: 'v', type: 'public.e', nullable: true, default: "'x'::public.e", identity: null }],
        }),
      ],
      {
        enums: [{ schema: 'public', name: 'e', values: ['y', 'x'] }],
      },
    );
    const selection = selectForServer(declared, { ...live, tables: declared.tables });
    expect(selection.objectsClean).toBe(false);
    expect([...selection.sentTables]).toEqual([key('t')]);
  });

  it('sends a whole partition tree when one member differs, and everything naming a routine', () => {
    const parent = table('p', { partitionBy: 'RANGE (id)' });
    const part = table('p1', { partitionOf: { schema: 'public', table: 'p', bound: 'FOR VALUES FROM (0) TO (10)' } });
    const user = table('u', {
      columns: [{ name: 'id', type: 'integer', nullable: false, default: 'public.next_id()', identity: null }],
    });
    const live = model([
      parent,
      { ...part, partitionOf: { ...part.partitionOf!, bound: 'FOR VALUES FROM (0) TO (20)' } },
      user,
      table('q'),
    ]);
    const routine = {
      schema: 'public',
      name: 'next_id',
      kind: 'function' as const,
      argumentTypes: '?0',
      arguments: '',
      result: '',
      definition: 'CREATE FUNCTION next_id() ...',
      dependsOn: [],
    };
    const selection = selectForServer(model([parent, part, user, table('q')], { functions: [routine] }), live);
    expect([...selection.sentTables].sort()).toEqual([key('p'), key('p1'), key('u')]);
  });

  it('sends everything when a declared extension is not installed where the model has it', () => {
    const declared = model([table('a')], { extensions: [{ name: 'citext', schema: 'public' }] });
    expect(selectForServer(declared, model([table('a')])).sentTables).toEqual(sendEverything(declared).sentTables);
  });

  it('reads names from SQL text, quoted, bare and inside string literals', () => {
    const names = namesIn(`nextval('public.my_seq'::regclass) + "Odd ""Name"".x" + Lower(v)`);
    for (const name of ['public', 'my_seq', 'regclass', 'Odd "Name".x', 'lower', 'Lower', 'v'])
      expect(names).toContain(name);
  });

  it('reads the bare words after a double quote that opens no identifier (in a string or a comment)', () => {
    // A stray quote pairs with the next one, many objects later: the words between must still be read.
    const names = namesIn(`SELECT '"' || x FROM t;\nCREATE FUNCTION f() RETURNS test.shops;\nSELECT "Odd"`);
    expect([...names]).toEqual(expect.arrayContaining(['shops', 'test', 'Odd', 'x']));
  });
});

describe('batches under the lock budget', () => {
  it('counts the relations a table creates', () => {
    const t = table('a', {
      uniques: [{ name: 'a_n_key', columns: ['n'] }],
      columns: [{ name: 'id', type: 'serial', nullable: false, default: null, identity: null }],
    });
    expect(tableLocks(t)).toBe(3 + 2 + 1);
    // A quarter of the lock table the connection slots account for; never less than most of one's own share.
    expect(lockBudget(64, 100)).toBe(1600);
    expect(lockBudget(10, 5)).toBe(12);
    expect(lockBudget(64, 1)).toBeLessThan(64);
    expect(lockBudget(1, 1)).toBeGreaterThan(0);
  });

  it('cuts many tables into batches under the budget, copying foreign key targets into the batches that need them', () => {
    const tables = Array.from({ length: 40 }, (_, i) => table(`t${i}`, i === 0 ? {} : fk(`t${i}`, `t${i - 1}`)));
    const declared = model(tables);
    const batches = planBatches(declared, sendEverything(declared), 20);
    expect(batches.length).toBeGreaterThan(1);
    const owned = batches.flatMap((b) => [...b.own]);
    expect(owned.sort()).toEqual(tables.map((t) => key(t.name)).sort());
    expect(new Set(owned).size).toBe(owned.length);
    for (const batch of batches) {
      expect(batch.model.tables.reduce((sum, t) => sum + tableLocks(t), 0)).toBeLessThanOrEqual(20);
      const present = new Set(batch.model.tables.map((t) => key(t.name)));
      for (const t of batch.model.tables) {
        for (const f of t.foreignKeys) expect(present).toContain(key(f.refTable));
        // A copy of another batch's table is created without its foreign keys.
        if (!batch.own.has(key(t.name))) expect(t.foreignKeys).toEqual([]);
      }
    }
    expect(batches.map((b) => b.first)).toEqual(batches.map((_, i) => i === 0));
  });

  it("puts a table with a column of a view's row type in the first batch, the one that creates the views", () => {
    const view = {
      schema: 'public',
      name: 'v',
      materialized: false,
      definition: ' SELECT 1 AS a;',
      options: [],
      columns: [],
      indexes: [],
      dependsOn: [],
    };
    const holder = table('t39', {
      columns: [
        { name: 'id', type: 'integer', nullable: false, default: null, identity: null },
        { name: 'r', type: 'public.v[]', nullable: true, default: null, identity: null },
      ],
    });
    const tables = [...Array.from({ length: 39 }, (_, i) => table(`t${i}`)), holder];
    const declared = model(tables, { views: [view] });
    const batches = planBatches(declared, sendEverything(declared), 20);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches[0]!.own).toContain(key('t39'));
    expect(batches[0]!.model.views).toEqual([view]);
  });

  it('always sends casts, in the first batch only', () => {
    const cast = { source: 'public.a', target: 'text', method: 'inout' as const, context: 'explicit' as const };
    const tables = Array.from({ length: 10 }, (_, i) => table(`t${i}`));
    const live = model(tables, { casts: [cast] });
    const declared = model(tables, { casts: [cast] });
    const selection = selectForServer(declared, live);
    expect(selection.sentTables.size).toBe(0);
    expect(selection.objectsClean).toBe(false);
    expect(planBatches(declared, selection, 50).map((b) => b.model.casts)).toEqual([[cast]]);
    const batches = planBatches(declared, sendEverything(declared), 5);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.map((b) => b.model.casts)).toEqual(batches.map((_, i) => (i === 0 ? [cast] : [])));
  });

  it("creates another batch's table as a copy: columns and what a foreign key may reference", () => {
    const index = (name: string, unique: boolean) => ({
      name,
      unique,
      method: 'btree',
      columns: [{ column: 'n' }],
      where: null,
    });
    const target = table('a', {
      uniques: [{ name: 'a_n_key', columns: ['n'] }],
      checks: [{ name: 'a_n_check', expression: 'n > 0' }],
      indexes: [index('a_n_idx', false), index('a_n_uidx', true), index('a_n_idx2', false)],
      exclusions: [{ name: 'a_x', definition: 'EXCLUDE USING gist (n WITH =)' }],
      policies: [{ name: 'p', command: 'ALL', permissive: true, roles: ['public'], using: 'true', withCheck: null }],
    } as Partial<TableModel>);
    const copy = copyOf(target);
    expect(copy).toEqual({
      ...target,
      checks: [],
      indexes: [index('a_n_uidx', true)],
      exclusions: undefined,
      policies: undefined,
    });
    expect(Object.keys(copy)).not.toContain('policies');
    expect(tableLocks(copy)).toBe(tableLocks(target) - 3);
    // Two tables sent that reference it, with a budget that holds them and a copy of it, not it whole.
    const declared = model([target, table('b', fk('b', 'a')), table('c', fk('c', 'a'))]);
    const selection = { ...sendEverything(declared), sentTables: new Set([key('b'), key('c')]) };
    const budget = 2 * tableLocks(table('b')) + tableLocks(copy);
    const [batch, ...rest] = planBatches(declared, selection, budget);
    expect(rest).toEqual([]);
    expect(batch!.model.tables).toEqual([copy, table('b', fk('b', 'a')), table('c', fk('c', 'a'))]);
  });

  it('keeps a partition tree in one batch even when it is larger than the budget', () => {
    const parent = table('p', { partitionBy: 'RANGE (id)' });
    const parts = Array.from({ length: 10 }, (_, i) =>
      table(`p${i}`, { partitionOf: { schema: 'public', table: 'p', bound: `FOR VALUES FROM (${i}) TO (${i + 1})` } }),
    );
    const declared = model([parent, ...parts, table('z')]);
    const batches = planBatches(declared, sendEverything(declared), 8);
    expect(batches[0]!.own.size).toBe(11);
    expect([...batches[1]!.own]).toEqual([key('z')]);
  });
});

describe('sameJson', () => {
  /** The value with every object's keys in reverse order. */
  const reordered = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reordered);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reordered(v)]),
    );
  };

  it('says what comparing the stable printings says', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJson(a, b)).toBe(stableJson(a) === stableJson(b));
        expect(sameJson(a, reordered(a))).toBe(true);
      }),
    );
  });

  it('takes an undefined field as absent and an undefined item as null', () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, c: 2 })).toBe(false);
    expect(sameJson([undefined, 1], [null, 1])).toBe(true);
    expect(sameJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toBe(false);
    expect(sameJson([], {})).toBe(false);
  });
});
