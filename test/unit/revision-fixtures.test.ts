import { describe, expect, it } from 'vitest';
import { compareFixtureRows, fixtureReads, fixtureTable, readFixtures } from '../../src/runtime/files/fixtures.js';

describe('revision fixtures', () => {
  it('read a table name with or without its schema', () => {
    expect(fixtureTable('users')).toEqual({ schema: 'public', name: 'users' });
    expect(fixtureTable('app.users')).toEqual({ schema: 'app', name: 'users' });
  });

  it('accept the documented shape, and none', () => {
    const fixtures = {
      before: { users: [{ id: 1, name: 'Ada' }] },
      after: { 'public.users': [{ id: 1, display_name: 'Ada' }] },
      afterDowngrade: [{ sql: 'select id, name from users', rows: [{ id: 1, name: 'Ada' }] }],
    };
    expect(readFixtures(fixtures, '/x/r1_a.ts')).toBe(fixtures);
    expect(readFixtures(undefined, '/x/r1_a.ts')).toBeNull();
  });

  it('refuse a malformed export with one line naming the file and the part', () => {
    const message = (value: unknown): string => {
      try {
        readFixtures(value, '/x/r1_a.ts');
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(message([])).toMatch(/^r1_a\.ts: fixtures must be an object/);
    expect(message({ befor: {} })).toMatch(/^r1_a\.ts: fixtures\.befor is not a part of fixtures/);
    expect(message({ before: { users: {} } })).toMatch(/fixtures\.before\['users'\] must be an array of rows/);
    expect(message({ before: { users: [1] } })).toMatch(/fixtures\.before\['users'\]\[0\] must be an object/);
    expect(message({ after: [{ rows: [] }] })).toMatch(/fixtures\.after\[0\] must be \{ sql, rows \}/);
    expect(message({ before: { users: [{ id: 1 }] } })).toBe('accepted');
  });

  it('turn an expectation into reads: a table on the columns its rows name, or a query', () => {
    expect(fixtureReads({ users: [{ id: 1 }, { id: 2, name: 'b' }] })).toEqual([
      {
        kind: 'table',
        table: { schema: 'public', name: 'users' },
        columns: ['id', 'name'],
        rows: [{ id: 1 }, { id: 2, name: 'b' }],
        label: 'table users',
      },
    ]);
    expect(fixtureReads([{ sql: 'select 1\n as x', rows: [{ x: 1 }] }])).toEqual([
      { kind: 'query', sql: 'select 1\n as x', rows: [{ x: 1 }], label: 'query select 1 as x' },
    ]);
  });

  it('compare rows in any order, key order and absent columns (null) aside', () => {
    expect(
      compareFixtureRows(
        [{ a: 1, b: 'x' }, { a: 2 }],
        [
          { a: 2, b: null },
          { b: 'x', a: 1 },
        ],
      ),
    ).toBeNull();
    expect(compareFixtureRows([{ j: { p: 1, q: [1, 2] } }], [{ j: { q: [1, 2], p: 1 } }])).toBeNull();
    expect(compareFixtureRows([{ a: 1 }, { a: 1 }], [{ a: 1 }])).toBe('missing {"a":1} (1 row(s) read, 2 expected)');
    expect(compareFixtureRows([{ id: 1, name: 'Ada' }], [{ id: 1, name: null }], ['id', 'name'])).toBe(
      'missing {"id":1,"name":"Ada"}; unexpected {"id":1,"name":null} (1 row(s) read, 1 expected)',
    );
  });
});
