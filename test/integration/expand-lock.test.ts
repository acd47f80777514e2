import { expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { versionTableLockKey, withAdvisoryLock } from '../../src/pg/locks/lock.js';
import { createTestDatabase, testTarget } from '../helpers/database.js';
import { revisionFile } from '../helpers/expand-revisions.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/*
 * A plain upgrade that waited for the migration lock while an expand took it
 * must see that expand once it has the lock: the check is made under the lock,
 * not only before it, or the upgrade would rename the column the old
 * application still reads.
 */

const BASE = "  await op.execute('CREATE TABLE accounts (id integer PRIMARY KEY, name text)');";
const RENAME = "  await op.renameColumn({ schema: 'public', table: 'accounts', from: 'name', to: 'full_name' });";

/** A database at r1 (the table `accounts`) with r2, whose upgrade is `body`, pending. */
async function atBase(body: string) {
  const db = await createTestDatabase();
  const project = tempProject(db.url);
  project.write('migrations/versions/r1_base.ts', revisionFile('r1', null, BASE));
  project.write('migrations/versions/r2_change.ts', revisionFile('r2', 'r1', body));
  expect((await project.migrate('upgrade', 'r1')).code).toBe(0);
  return { db, project };
}

skipWhen(
  testTarget() === 'pglite',
  'PGlite is one connection per directory: a second connection waits for the first to close, not for the lock',
).it('refuses an upgrade that waited for the lock while an expand was started', { timeout: 120_000 }, async () => {
  const { db, project } = await atBase(RENAME);

  const holder = await connect(db.url);
  try {
    let upgrade!: Promise<{ code: number; stdout: string; stderr: string }>;
    await withAdvisoryLock(
      holder,
      versionTableLockKey('public', 'athanor_version'),
      () => {
        throw new Error('the lock was free');
      },
      async () => {
        upgrade = project.migrate('upgrade', 'head');
        // The upgrade has passed its first look and waits for the lock.
        for (;;) {
          const { rows } = await holder.query<{ n: string }>(
            "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted " +
              'AND database = (SELECT oid FROM pg_database WHERE datname = current_database())',
          );
          if (Number(rows[0]!.n) > 0) break;
          await new Promise((done) => setTimeout(done, 50));
        }
        // What an expand leaves once it has the lock: its state row.
        await holder.query(
          'CREATE TABLE athanor_version_expand (id integer NOT NULL DEFAULT 1 PRIMARY KEY CHECK (id = 1), ' +
            'plan jsonb NOT NULL, phase text NOT NULL, done integer NOT NULL DEFAULT 0, progress jsonb, ' +
            'started_at timestamptz NOT NULL DEFAULT now())',
        );
        await holder.query(`INSERT INTO athanor_version_expand (plan, phase) VALUES ($1::jsonb, 'expanded')`, [
          JSON.stringify({
            revisions: ['r2'],
            previous: ['r1'],
            versionSchema: 'athanor_v_r2',
            tables: [],
            createdTables: [],
          }),
        ]);
      },
    );
    const ran = await upgrade;
    expect(ran.code).not.toBe(0);
    // The notice that it waited, then one line of refusal.
    expect(ran.stderr.split('\n'), ran.stderr).toEqual([
      expect.stringContaining('waiting for it to finish'),
      expect.stringContaining('revision r2 is expanded'),
    ]);
    const { rows } = await holder.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts' ORDER BY ordinal_position",
    );
    expect(rows.map((r) => r.column_name)).toEqual(['id', 'name']);
    const versions = await holder.query<{ version_num: string }>('SELECT version_num FROM athanor_version');
    expect(versions.rows.map((r) => r.version_num)).toEqual(['r1']);
  } finally {
    await holder.close();
  }
});

const ADD =
  "  await op.addColumn({ schema: 'public', table: 'accounts', column: { name: 'note', type: 'text', nullable: true, default: null, identity: null } });";

skipWhen(
  testTarget() === 'pglite',
  'PGlite is one connection per directory: a second connection waits for the first to close, not for a table lock',
).it("waits for a table's lock no longer than --lock-timeout, then tries again", { timeout: 120_000 }, async () => {
  const { db, project } = await atBase(`${RENAME}\n${ADD}`);

  const holder = await connect(db.url);
  const watcher = await connect(db.url);
  try {
    await holder.exec('BEGIN');
    await holder.exec('LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
    const expand = project.migrate('upgrade', 'head', '--expand', '--lock-timeout', '100ms');
    // Each try is a transaction of its own that waits for the table: under a 100 ms timeout several
    // start within three seconds, where the default (2 s) would let at most two.
    const tries = new Set<string>();
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      const { rows } = await watcher.query<{ started: string }>(
        "SELECT xact_start::text AS started FROM pg_stat_activity WHERE wait_event_type = 'Lock' " +
          'AND datname = current_database() AND pid <> pg_backend_pid()',
      );
      for (const row of rows) tries.add(row.started);
      await new Promise((done) => setTimeout(done, 20));
    }
    await holder.exec('ROLLBACK');
    const ran = await expand;
    expect(ran.code, ran.stderr).toBe(0);
    expect(tries.size).toBeGreaterThanOrEqual(3);
  } finally {
    await holder.close();
    await watcher.close();
  }
});

it('refuses --statement-timeout with --expand in one line, changing nothing', async () => {
  const { project } = await atBase(ADD);
  const ran = await project.migrate('upgrade', 'head', '--expand', '--statement-timeout', '1min');
  expect(ran.code).not.toBe(0);
  expect(ran.stderr.trim().split('\n'), ran.stderr).toEqual([expect.stringContaining('--statement-timeout')]);
  expect((await project.migrate('current')).stdout).toContain('r1');
  expect((await project.migrate('current')).stdout).not.toContain('athanor_v_r2');
});

const INDEX =
  "  await op.createIndex({ schema: 'public', table: 'accounts', index: { name: 'accounts_name_idx', columns: [{ column: 'name' }] } });";

skipWhen(
  testTarget() === 'pglite',
  'PGlite is one connection per directory: a second connection waits for the first to close, not for a table lock',
).it(
  'drops an invalid index a killed build left concurrently, so the applications keep reading while it waits',
  { timeout: 120_000 },
  async () => {
    const { db, project } = await atBase(INDEX);

    const holder = await connect(db.url);
    const reader = await connect(db.url);
    try {
      // What a build killed half-way leaves: an invalid index of the name (a unique build over duplicates fails so).
      await holder.exec("INSERT INTO accounts VALUES (1, 'a'), (2, 'a')");
      await expect(
        holder.exec('CREATE UNIQUE INDEX CONCURRENTLY accounts_name_idx ON accounts (name)'),
      ).rejects.toThrow();
      // An application's transaction that read the table and is still open: a drop of the index waits for it.
      await holder.exec('BEGIN');
      await holder.query('SELECT count(*) FROM accounts');
      const expand = project.migrate('upgrade', 'head', '--expand');
      for (;;) {
        const { rows } = await reader.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%DROP INDEX%' " +
            'AND datname = current_database()',
        );
        if (Number(rows[0]!.n) > 0) break;
        await new Promise((done) => setTimeout(done, 20));
      }
      // While the drop waits, the applications' queries on the table are not queued behind it.
      await reader.exec("SET statement_timeout = '3s'");
      const { rows } = await reader.query<{ n: string }>('SELECT count(*) AS n FROM accounts');
      expect(Number(rows[0]!.n)).toBe(2);
      await holder.exec('ROLLBACK');
      const ran = await expand;
      expect(ran.code, ran.stderr).toBe(0);
      const index = await reader.query<{ valid: boolean }>(
        "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'public.accounts_name_idx'::regclass",
      );
      expect(index.rows).toEqual([{ valid: true }]);
    } finally {
      await holder.close();
      await reader.close();
    }
  },
);
