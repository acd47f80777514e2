import { spawn } from 'node:child_process';
import pg from 'pg';
import { expect, it } from 'vitest';
import { BIN, hasScript } from '../helpers/bin.js';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

const REVISION = `import type { Operations } from 'athanor';

export const revision = 'w1';
export const downRevision: string | null = null;
export const message = 'index on t';
export const transactional = false;

export async function upgrade(op: Operations): Promise<void> {
  await op.autocommit(async () => {
    await op.createIndex({
      schema: 'public',
      table: 't',
      index: { name: 't_v_idx', unique: false, method: 'btree', columns: [{ column: 'v' }], where: null },
      online: true,
    });
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropIndex({ schema: 'public', table: 't', name: 't_v_idx' });
}
`;

/** Runs the built CLI on a real pseudo-terminal; resolves with everything the terminal showed and the exit code. */
function onTerminal(
  cwd: string,
  argv: string,
  seen: (text: string) => void,
): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `"${process.execPath}" "${BIN}" ${argv}`, '/dev/null'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      seen(text);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, text }));
  });
}

skipWhen(
  testTarget() !== 'server' || !hasScript(),
  'needs the server target (TEST_TARGETS names one) and util-linux script for a real terminal',
).describe('a concurrent index build behind an idle transaction', () => {
  it('says on the terminal whom it waits for, refreshed, and goes on once that transaction ends', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      'CREATE TABLE t (id integer PRIMARY KEY, v integer); INSERT INTO t SELECT g, g FROM generate_series(1, 100) g',
    );
    const project = tempProject(db.url);
    project.write('migrations/versions/w1_index_on_t.ts', REVISION);

    // A transaction that wrote to t and then sits idle: the build waits for it.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await holder.query('BEGIN');
    await holder.query('INSERT INTO t VALUES (1000, 1)');

    const pattern = new RegExp(
      `waiting for pid ${holderPid}, idle in transaction for (\\d+) s: INSERT INTO t VALUES \\(1000, 1\\)`,
      'g',
    );
    let released: Promise<void> | null = null;
    let refreshed = false;
    const release = (): Promise<void> => (released ??= holder.query('ROLLBACK').then(() => holder.end()));
    // Without a word on the terminal the build would wait for as long as the holder idles: it is let go after a while.
    const giveUp = setTimeout(() => void release(), 10_000);
    const run = onTerminal(project.dir, 'upgrade head', (text) => {
      const seconds = new Set([...text.matchAll(pattern)].map((m) => m[1]));
      // Refreshed: the same wait shown with two different durations, then the holder ends its transaction.
      if (seconds.size >= 2 && !refreshed) {
        refreshed = true;
        void release();
      }
    });
    const { code, text } = await run;
    clearTimeout(giveUp);
    await release();
    expect(refreshed, text).toBe(true);
    expect(code, text).toBe(0);
    // Each refresh replaces the line; the bound is named; the line is cleared before what follows.
    expect(text).toMatch(
      new RegExp(
        `\\r\\x1b\\[2Kwaiting for pid ${holderPid}, idle in transaction for \\d+ s: INSERT INTO t VALUES \\(1000, 1\\) \\(ShareLock on virtualxid; waited \\d+ s of 10min\\)`,
      ),
    );
    expect(text).toContain('done in');
  }, 60_000);
});
