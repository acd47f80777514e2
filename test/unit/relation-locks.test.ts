import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/ops/operation.js';
import { thing } from '../../src/ops/things.js';
import { countLockedRelations, lockedRelations } from '../../src/ops/relation-locks.js';
import { chunkByLocks } from '../../src/autogen/order/lock-chunks.js';
import { downgradePlan } from '../../src/autogen/order/downgrade.js';
import type { IndexModel, TableModel } from '../../src/schema/model.js';
import { column, table } from '../helpers/models.js';

/** `CREATE TABLE tN (id bigserial PRIMARY KEY, a text, b integer); CREATE INDEX ON tN (b)`, as autogenerate writes it. */
function issueTable(n: number): TableModel {
  return table(`t${n}`, {
    columns: [column('id', 'bigserial', { nullable: false }), column('a', 'text'), column('b', 'integer')],
    indexes: [index(`t${n}_b_idx`, 'b')],
  });
}

/** A relation's key, with the suffix of a TOAST relation. */
const rel = (name: string, suffix = ''): string => `${thing.relation('public', name)}${suffix}`;

/** A plain btree index on one column. */
const index = (name: string, on: string): IndexModel => ({
  name,
  unique: false,
  method: 'btree',
  columns: [{ column: on }],
  where: null,
});

const create = (t: TableModel): Operation => ({ kind: 'createTable', table: t });

describe('the relations an operation locks', () => {
  it('counts a new table, its serial sequence, its indexes and its TOAST table and index', () => {
    expect(lockedRelations(create(issueTable(1))).sort()).toEqual([
      rel('t1'),
      rel('t1', '#toast'),
      rel('t1', '#toast-index'),
      rel('t1_b_idx'),
      rel('t1_id_seq'),
      rel('t1_pkey'),
    ]);
  });

  it('counts no TOAST relations for a table of fixed-length columns, nor for a partitioned one', () => {
    expect(lockedRelations(create(table('fixed', { columns: [column('id', 'bigint')] }))).sort()).toEqual([
      rel('fixed'),
      rel('fixed_pkey'),
    ]);
    const parent = table('p', { columns: [column('a', 'text')], primaryKey: null, partitionBy: 'LIST (a)' });
    expect(lockedRelations(create(parent))).toEqual([rel('p')]);
  });

  it('counts a dropped table as the table it removes with the objects its drop locks, and a relation once however often it is locked', () => {
    const t = issueTable(2);
    const drop: Operation = { kind: 'dropTable', schema: 'public', name: 't2', removed: t };
    // DROP TABLE locks each constraint, column default and row type of the table too (the serial's default).
    expect(lockedRelations(drop).sort()).toEqual(
      [
        ...lockedRelations(create(t)),
        rel('t2', '#constraint:t2_pkey'),
        rel('t2', '#default:id'),
        rel('t2', '#type'),
        rel('t2', '#array-type'),
      ].sort(),
    );
    const checked = table('checked', {
      columns: [column('id', 'bigint'), column('a', 'integer', { default: '0' })],
      checks: [{ name: 'checked_a_check', expression: '(a > 0)' }],
    });
    expect(lockedRelations({ kind: 'dropTable', schema: 'public', name: 'checked', removed: checked }).sort()).toEqual(
      [
        rel('checked'),
        rel('checked_pkey'),
        rel('checked', '#constraint:checked_pkey'),
        rel('checked', '#constraint:checked_a_check'),
        rel('checked', '#default:a'),
        rel('checked', '#type'),
        rel('checked', '#array-type'),
      ].sort(),
    );
    const another: Operation = { kind: 'createIndex', schema: 'public', table: 't2', index: index('t2_a_idx', 'a') };
    expect(countLockedRelations([create(t), another])).toBe(7);
  });
});

describe('a revision cut to fit the lock table', () => {
  const operations = Array.from({ length: 3000 }, (_, i) => create(issueTable(i + 1)));

  it('is left whole when it fits, however close', () => {
    const few = operations.slice(0, 10);
    expect(chunkByLocks(few, 100)).toEqual({ chunks: [few], locks: 100 });
  });

  it('is cut into runs of the ordered operations, each holding at most the budget up and down', () => {
    // Each table's drop, the downgrade, locks ten: its six relations, its key, its serial's default and its two types.
    const { chunks, locks } = chunkByLocks(operations, 3200);
    expect(locks).toBe(30_000);
    expect(chunks.map((c) => c.length)).toEqual([...Array<number>(9).fill(320), 120]);
    expect(chunks.flat()).toEqual(operations);
    for (const chunk of chunks) {
      expect(countLockedRelations(chunk)).toBeLessThanOrEqual(3200);
      const down = downgradePlan(chunk).rest.flatMap((r) => ('op' in r ? [r.op] : []));
      expect(down).toHaveLength(chunk.length);
      expect(countLockedRelations(down)).toBeLessThanOrEqual(3200);
    }
  });

  it('keeps an operation that alone holds more than the budget whole, in a run of its own', () => {
    const wide = table('wide', {
      columns: [column('a', 'integer')],
      primaryKey: null,
      indexes: Array.from({ length: 20 }, (_, i) => index(`wide_${i}_idx`, 'a')),
    });
    const { chunks } = chunkByLocks([create(issueTable(1)), create(wide), create(issueTable(2))], 10);
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
  });
});
