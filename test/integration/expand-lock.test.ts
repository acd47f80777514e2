import { expect } from 'vitest';
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

skipWhen(
  testTarget() === 'pglite',
  'PGlite is one connection per directory: a second connection waits for the first to close, not for the lock',
).it('refuses an upgrade that waited for the lock while an expand was started', { timeout: 120_000 }, async () => {
  const db = await createTestDatabase();
  const project = tempProject(db.url);
  project.write('migrations/versions/r1_base.ts', revisionFile('r1', null, BASE));
  project.write('migrations/versions/r2_rename.ts', revisionFile('r2', 'r1', RENAME));
  expect((await project.migrate('upgrade', 'r1')).code).toBe(0);

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
