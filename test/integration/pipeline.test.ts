import { describe, expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { PipelineError } from '../../src/pg/connection/pipeline.js';
import { createTestDatabase } from '../helpers/database.js';

describe('driver pipelines', () => {
  it('runs statements in order, binds parameters as queries do, and tells each one that ends', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    try {
      const done: number[] = [];
      const when = new Date('2026-01-02T03:04:05.678Z');
      await driver.pipeline(
        [
          { sql: 'CREATE TABLE t (n int, at timestamptz, tags text[], note text)' },
          { sql: 'INSERT INTO t VALUES ($1, $2, $3, $4)', params: [1, when, ['a', 'b'], null], flush: true },
          { sql: 'INSERT INTO t SELECT n + 1, at, tags, $1 FROM t', params: ['copy'] },
        ],
        (index) => done.push(index),
      );
      expect(done).toEqual([0, 1, 2]);
      const { rows } = await driver.query<{ n: number; at: string; tags: string[]; note: string | null }>(
        "SELECT n, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS at, tags, note FROM t ORDER BY n",
      );
      expect(rows).toEqual([
        { n: 1, at: '2026-01-02 03:04:05.678', tags: ['a', 'b'], note: null },
        { n: 2, at: '2026-01-02 03:04:05.678', tags: ['a', 'b'], note: 'copy' },
      ]);
    } finally {
      await driver.close();
    }
  });

  it('stops at the first statement that fails, names it, and keeps what a COMMIT before it committed', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    try {
      await driver.exec('CREATE TABLE t (n int PRIMARY KEY)');
      const done: number[] = [];
      const failure = await driver
        .pipeline(
          [
            { sql: 'BEGIN' },
            { sql: 'INSERT INTO t VALUES (1)' },
            { sql: 'COMMIT', flush: true },
            { sql: 'BEGIN' },
            { sql: 'INSERT INTO t VALUES (2)' },
            { sql: 'INSERT INTO t VALUES (1)' },
            { sql: 'COMMIT' },
            { sql: 'INSERT INTO t VALUES (3)' },
          ],
          (index) => done.push(index),
        )
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PipelineError);
      expect((failure as PipelineError).index).toBe(5);
      expect((failure as PipelineError).message).toMatch(/duplicate key/);
      expect(done).toEqual([0, 1, 2, 3, 4]);
      await driver.exec('ROLLBACK');
      const { rows } = await driver.query<{ n: number }>('SELECT n FROM t ORDER BY n');
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await driver.close();
    }
  });

  it('fails with what the listener threw, after the pipeline ran, and the connection goes on', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    try {
      const failure = await driver
        .pipeline([{ sql: 'CREATE TABLE t (n int)' }, { sql: 'INSERT INTO t VALUES (1)' }], (index) => {
          if (index === 0) throw new Error('listener broke');
        })
        .catch((error: unknown) => error);
      expect(String(failure)).toBe('Error: listener broke');
      expect((await driver.query<{ n: number }>('SELECT n FROM t')).rows).toEqual([{ n: 1 }]);
    } finally {
      await driver.close();
    }
  });
});
