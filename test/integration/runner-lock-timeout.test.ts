import { expect, it } from 'vitest';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import { createTestDatabase, queryRows, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { columnsOf, historyRows, revisionSource, versionRows } from './runner-fixtures.js';
import { skipWhen } from '../helpers/skips.js';

const V = 'migrations/versions';

/** r1 creates t; r2 adds a column to it (ACCESS EXCLUSIVE). r1 is applied. */
async function project(url: string): Promise<TempProject> {
  const p = tempProject(url);
  p.write(
    `${V}/r1.ts`,
    revisionSource({ id: 'r1', down: null, date: '1', up: "  await op.execute('CREATE TABLE t (id int)');" }),
  );
  p.write(
    `${V}/r2.ts`,
    revisionSource({ id: 'r2', down: 'r1', date: '2', up: "  await op.execute('ALTER TABLE t ADD COLUMN c int');" }),
  );
  expect((await p.migrate('upgrade', 'r1')).code).toBe(0);
  return p;
}

/** Another session that reads t in an open transaction, so it holds ACCESS SHARE on t until it ends. */
async function holdLock(url: string): Promise<{ pid: number; holder: Driver }> {
  const holder = await connect(url);
  const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await holder.query('BEGIN');
  await holder.query('SELECT count(*) AS held_for_the_test FROM t');
  return { pid: rows[0]!.pid, holder };
}

skipWhen(
  testTarget() !== 'server',
  'PGlite is one connection per directory: no second session can hold the lock',
).describe('lock timeouts by default', () => {
  it('gives up on a held lock without any setting, names the holder and its query, and changes nothing', async () => {
    const db = await createTestDatabase();
    const p = await project(db.url);
    const { pid, holder } = await holdLock(db.url);
    try {
      const result = await p.migrate('upgrade', 'head');
      expect(result.code).toBe(2);
      const retries = result.stderr.split('\n').filter((line) => line.includes('timed out waiting for a lock'));
      expect(retries).toHaveLength(3);
      const error = result.stderr.split('\n').at(-1)!;
      expect(error).toMatch(
        /^error \[revision-failed\]: upgrade of revision r2 \(r2\.ts\) failed and was rolled back: canceling statement due to lock timeout in statement: ALTER TABLE t ADD COLUMN c int; tried 4 times: /,
      );
      expect(error).toContain(
        `it waited for AccessExclusiveLock on relation public.t, held by process ${pid} (idle in transaction for `,
      );
      expect(error).toMatch(/s: SELECT count\(\*\) AS held_for_the_test FROM t\); the database is at r1$/);
    } finally {
      await holder.query('ROLLBACK');
      await holder.close();
    }
    expect(await versionRows(db.url)).toEqual(['r1']);
    expect(await columnsOf(db.url, 't')).toEqual(['id']);
    expect((await historyRows(db.url)).map((r) => r.revision)).toEqual(['r1']);
  });

  it('succeeds when the holder finishes while the step is tried again', async () => {
    const db = await createTestDatabase();
    const p = await project(db.url);
    const { holder } = await holdLock(db.url);
    const running = p.migrate('upgrade', 'head');
    // The first attempt waits the default 5s; the holder ends during the second.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await holder.query('COMMIT');
    await holder.close();
    const result = await running;
    expect([result.code, result.stderr]).toEqual([
      0,
      '  r2 timed out waiting for a lock and was rolled back; trying again in 250 ms (retry 1)',
    ]);
    expect(await versionRows(db.url)).toEqual(['r2']);
    expect(await columnsOf(db.url, 't')).toEqual(['id', 'c']);
  });

  it.each([
    ['', '5s'],
    ['lockTimeout: 0,', '0'],
    ['lockTimeout: 1500,', '1500ms'],
  ])('runs a revision with lock_timeout %j -> %s', async (config, expected) => {
    const db = await createTestDatabase();
    const p = tempProject(db.url, config);
    p.write(
      `${V}/r1.ts`,
      revisionSource({
        id: 'r1',
        down: null,
        date: '1',
        up: "  await op.execute(`CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS v`);",
      }),
    );
    expect((await p.migrate('upgrade', 'head')).code).toBe(0);
    expect(await queryRows(db.url, 'SELECT v FROM seen')).toEqual([{ v: expected }]);
  });
});

/** Waits until some backend waits for a lock; fails after `ms`. */
async function lockWaitSeen(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const rows = await queryRows(
      url,
      "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no lock wait seen');
}

skipWhen(
  testTarget() !== 'server',
  'PGlite is one connection per directory: no second session can hold the lock',
).describe('lock timeouts at COMMIT', () => {
  it('moves the version row when a step that timed out at COMMIT is tried again', async () => {
    const db = await createTestDatabase();
    const p = tempProject(db.url, 'lockTimeout: 1000,');
    const tables = [
      'CREATE TABLE parent (id int PRIMARY KEY)',
      'INSERT INTO parent VALUES (1)',
      'CREATE TABLE child (parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED)',
    ];
    p.write(
      `${V}/r1.ts`,
      revisionSource({
        id: 'r1',
        down: null,
        date: '1',
        up: tables.map((sql) => `  await op.execute('${sql}');`).join('\n'),
      }),
    );
    // The deferred foreign key is checked at COMMIT, where it waits for the row another session locked.
    p.write(
      `${V}/r2.ts`,
      revisionSource({ id: 'r2', down: 'r1', date: '2', up: "  await op.execute('INSERT INTO child VALUES (1)');" }),
    );
    expect((await p.migrate('upgrade', 'r1')).code).toBe(0);
    const holder = await connect(db.url);
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM parent FOR UPDATE');
    const running = p.migrate('upgrade', 'head');
    try {
      await lockWaitSeen(db.url);
      // The first attempt has timed out (1 s) and rolled back; the holder lets go before the retry ends.
      await new Promise((resolve) => setTimeout(resolve, 1200));
    } finally {
      await holder.query('ROLLBACK');
      await holder.close();
    }
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('r2 timed out waiting for a lock and was rolled back; trying again');
    expect(await queryRows(db.url, 'SELECT parent_id FROM child')).toEqual([{ parent_id: 1 }]);
    expect(await versionRows(db.url)).toEqual(['r2']);
    expect((await historyRows(db.url)).map((r) => [r.revision, r.action])).toEqual([
      ['r1', 'upgrade'],
      ['r2', 'upgrade'],
    ]);
  });
});

skipWhen(
  testTarget() !== 'server',
  'PGlite is one connection per directory: no second session can hold the version row',
).describe('lock timeouts in the bookkeeping', () => {
  it('tries a step again whose version row was locked, in the round trip that also commits', async () => {
    const db = await createTestDatabase();
    const p = tempProject(db.url, 'lockTimeout: 1000,');
    p.write(
      `${V}/r1.ts`,
      revisionSource({ id: 'r1', down: null, date: '1', up: "  await op.execute('CREATE TABLE t1 (id int)');" }),
    );
    p.write(
      `${V}/r2.ts`,
      revisionSource({ id: 'r2', down: 'r1', date: '2', up: "  await op.execute('CREATE TABLE t2 (id int)');" }),
    );
    expect((await p.migrate('upgrade', 'r1')).code).toBe(0);
    const holder = await connect(db.url);
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM athanor_version FOR UPDATE');
    const running = p.migrate('upgrade', 'head');
    try {
      await lockWaitSeen(db.url);
      await new Promise((resolve) => setTimeout(resolve, 1200));
    } finally {
      await holder.query('ROLLBACK');
      await holder.close();
    }
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('r2 timed out waiting for a lock and was rolled back; trying again');
    expect(await versionRows(db.url)).toEqual(['r2']);
    expect((await historyRows(db.url)).map((r) => [r.revision, r.action])).toEqual([
      ['r1', 'upgrade'],
      ['r2', 'upgrade'],
    ]);
  });
});
