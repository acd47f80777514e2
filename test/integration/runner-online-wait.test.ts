import { expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { revisionSource, versionRows } from './runner-fixtures.js';
import { skipWhen } from '../helpers/skips.js';

const CREATE_INDEX_ONLINE = [
  "    await op.createIndex({ schema: 'public', table: 't', online: true,",
  "      index: { name: 't_v_idx', unique: false, method: 'btree', columns: [{ column: 'v' }], where: null } });",
];

/** r1 builds an index on t concurrently, in an op.autocommit block: through op.createIndex, or the lines given. */
function project(url: string, config: string, build: readonly string[] = CREATE_INDEX_ONLINE): TempProject {
  const p = tempProject(url, config);
  p.write(
    'migrations/versions/r1.ts',
    revisionSource({
      id: 'r1',
      down: null,
      date: '1',
      header: 'export const transactional = false;',
      up: ['  await op.autocommit(async () => {', ...build, '  });'].join('\n'),
    }),
  );
  return p;
}

/** A session that wrote to t and sits idle in its transaction: a concurrent build waits for it. */
async function idleWriter(url: string): Promise<{ pid: number; holder: pg.Client }> {
  const holder = new pg.Client({ connectionString: url });
  // Ended by the server under the terminate-idle policy.
  holder.on('error', () => undefined);
  await holder.connect();
  const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await holder.query('BEGIN');
  await holder.query('INSERT INTO t VALUES (1000, 1)');
  return { pid: rows[0]!.pid, holder };
}

const indexes = async (url: string): Promise<string[]> =>
  (await queryRows<{ n: string }>(url, "SELECT indexname AS n FROM pg_indexes WHERE tablename = 't' ORDER BY 1")).map(
    (r) => r.n,
  );

/** The indexes of t a concurrent build finished (`indisvalid`). */
const validIndexes = async (url: string): Promise<string[]> =>
  (
    await queryRows<{ n: string }>(
      url,
      "SELECT indexrelid::regclass::text AS n FROM pg_index WHERE indrelid = 't'::regclass AND indisvalid ORDER BY 1",
    )
  ).map((r) => r.n);

skipWhen(
  testTarget() !== 'server',
  'PGlite is one connection per directory: no second session can hold the lock an online build waits for',
).describe('the bound of an online wait', () => {
  it("fails at onlineWait.timeout, naming whom it waited for, and the next run builds the index (policy 'fail')", async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'CREATE TABLE t (id integer PRIMARY KEY, v integer)');
    const p = project(db.url, "onlineWait: { timeout: '1s' },");
    const { pid, holder } = await idleWriter(db.url);
    const started = Date.now();
    try {
      const result = await p.migrate('upgrade', 'head');
      expect(result.code).toBe(2);
      // Tried once: the bound is the bound, not multiplied by the lock retries.
      expect(result.stderr).not.toContain('trying again');
      expect(result.stderr).toMatch(/canceling statement due to lock timeout in statement: CREATE INDEX CONCURRENTLY/);
      expect(result.stderr).toContain(`held by process ${pid} (idle in transaction for `);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(await versionRows(db.url)).toEqual([]);
    // The build left an invalid index; the rerun drops it and builds it again.
    expect(await p.migrate('upgrade', 'head')).toMatchObject({ code: 0 });
    expect(await indexes(db.url)).toEqual(['t_pkey', 't_v_idx']);
    const valid = await queryRows<{ ok: boolean }>(
      db.url,
      "SELECT indisvalid AS ok FROM pg_index WHERE indexrelid = 't_v_idx'::regclass",
    );
    expect(valid).toEqual([{ ok: true }]);
  });

  it("ends the idle sessions it waits for at the bound and goes on (policy 'terminate-idle')", async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'CREATE TABLE t (id integer PRIMARY KEY, v integer)');
    const p = project(db.url, "onlineWait: { timeout: 1000, policy: 'terminate-idle' },");
    const { pid, holder } = await idleWriter(db.url);
    const result = await p.migrate('upgrade', 'head');
    await holder.end().catch(() => undefined);
    expect([result.code, result.stderr]).toEqual([
      0,
      `  r1 reached the online wait's bound behind sessions idle in a transaction, and ended them (pid ${pid}); trying once more`,
    ]);
    expect(await versionRows(db.url)).toEqual(['r1']);
    expect(await indexes(db.url)).toEqual(['t_pkey', 't_v_idx']);
    expect(await validIndexes(db.url)).toEqual(['t_pkey', 't_v_idx']);
    // The idle session's insert was rolled back with it.
    expect(await queryRows(db.url, 'SELECT id FROM t')).toEqual([]);
  });

  it("bounds a concurrent build written by hand (op.execute) the same way, not by the run's lock_timeout", async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'CREATE TABLE t (id integer PRIMARY KEY, v integer)');
    const config = "lockTimeout: '30s', onlineWait: { timeout: 1000, policy: 'terminate-idle' },";
    const p = project(db.url, config, ["    await op.execute('CREATE INDEX CONCURRENTLY t_v_idx ON t (v)');"]);
    const { pid, holder } = await idleWriter(db.url);
    const started = Date.now();
    const result = await p.migrate('upgrade', 'head');
    await holder.end().catch(() => undefined);
    expect([result.code, result.stderr]).toEqual([
      0,
      `  r1 reached the online wait's bound behind sessions idle in a transaction, and ended them (pid ${pid}); trying once more`,
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await validIndexes(db.url)).toEqual(['t_pkey', 't_v_idx']);
  });

  it('refuses a policy it does not know', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'CREATE TABLE t (id integer PRIMARY KEY, v integer)');
    const p = project(db.url, "onlineWait: { policy: 'wait' as never },");
    const result = await p.migrate('upgrade', 'head');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/onlineWait\.policy in .* must be 'fail' or 'terminate-idle', not "wait"/);
  });
});
