import { expect, onTestFinished } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { startEmbeddedServer } from '../helpers/embedded-server.js';
import { expectSameSchema } from '../helpers/fixtures.js';
import { revisionFiles, tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/*
 * A revision runs in one transaction, which holds a lock on every relation it
 * creates or drops; the server's shared lock table holds about
 * max_locks_per_transaction x (max_connections + max_prepared_transactions).
 */

/** The issue's table: six relations (itself, its sequence, two indexes, its TOAST table and index). */
function issueTable(n: number): string {
  return `CREATE TABLE t${n} (id bigserial PRIMARY KEY, a text, b integer); CREATE INDEX ON t${n} (b);`;
}

async function lockTableSize(url: string): Promise<number> {
  const [row] = await queryRows<{ size: number }>(
    url,
    "SELECT current_setting('max_locks_per_transaction')::int * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int) AS size",
  );
  return row!.size;
}

/** The relations of the tests' tables (`t1`, `t1_pkey`, `t1_id_seq`, ...), without the version tables. */
async function tablesIn(url: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    url,
    "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname ~ '^t[0-9]+'",
  );
  return row!.n;
}

/** A hand-written revision whose upgrade creates the issue's tables `t<from>` to `t<to>` in a loop. */
function creatingTables(revision: string, down: string | null, from: number, to: number): string {
  return `import type { Operations } from 'athanor';
export const revision = '${revision}';
export const downRevision: string | null = ${JSON.stringify(down)};
export async function upgrade(op: Operations): Promise<void> {
  for (let i = ${from}; i <= ${to}; i++)
    await op.createTable({
      table: {
        schema: 'public',
        name: 't' + i,
        columns: [
          { name: 'id', type: 'bigserial', nullable: false },
          { name: 'a', type: 'text', nullable: true },
          { name: 'b', type: 'integer', nullable: true },
        ],
        primaryKey: { name: 't' + i + '_pkey', columns: ['id'] },
        indexes: [{ name: 't' + i + '_b_idx', columns: [{ column: 'b' }] }],
      },
    });
}
export async function downgrade(): Promise<void> {}
`;
}

const server = skipWhen(
  testTarget() !== 'server',
  "a server's lock table, shared by its sessions: PGlite runs in the test's process, one session, and the 3,000 tables would take minutes there",
);

server.it(
  'writes the first revision of 3,000 tables as several that each fit the lock table; upgrade, check and downgrade base run',
  { timeout: 600_000 },
  async () => {
    const a = await createTestDatabase('athanor_locks_a');
    const b = await createTestDatabase('athanor_locks_b');
    const empty = await createTestDatabase('athanor_locks_empty');
    // 3,000 tables, as in the report, or more on a server whose lock table is larger: 1.5 times what it holds.
    const count = Math.max(3000, Math.ceil((await lockTableSize(a.url)) / 4));
    // Loaded as psql loads a script, a transaction per statement (here per 250 tables).
    for (let first = 1; first <= count; first += 250)
      await runSql(
        a.url,
        Array.from({ length: Math.min(250, count - first + 1) }, (_, i) => issueTable(first + i)).join('\n'),
      );

    const fromA = tempProject(a.url);
    expect((await fromA.migrate('pull')).stderr).toBe('');
    const onB = tempProject(b.url);
    onB.write('models.ts', fromA.read('models.ts'));
    const revision = await onB.migrate('revision', '--autogenerate', '-m', 'all');
    expect(revision.stderr).toBe('');
    expect(revision.stdout).toMatch(
      /^Wrote \d+ operation\(s\), written as \d+ revisions: .*\(max_locks_per_transaction = \d+ .*/m,
    );
    expect(revisionFiles(onB).length).toBeGreaterThan(1);

    const upgrade = await onB.migrate('upgrade', 'head');
    expect(upgrade.stderr).toBe('');
    expect(await tablesIn(b.url)).toBe(await tablesIn(a.url));
    const check = await onB.migrate('check');
    expect(check.stdout).toContain('No differences');
    await expectSameSchema(b.url, a.url);

    const downgrade = await onB.migrate('downgrade', 'base');
    expect(downgrade.stderr).toBe('');
    await expectSameSchema(b.url, empty.url);
  },
);

server.it('refuses a hand-written revision larger than the lock table before running anything', async () => {
  const db = await createTestDatabase('athanor_locks_hand');
  const tables = Math.ceil((await lockTableSize(db.url)) / 6) + 100;
  const p = tempProject(db.url);
  p.write('migrations/versions/0001_many.ts', creatingTables('0001', null, 1, tables));
  const upgrade = await p.migrate('upgrade', 'head');
  expect(upgrade.code).not.toBe(0);
  expect(upgrade.stderr.split('\n')).toHaveLength(1);
  expect(upgrade.stderr).toMatch(
    new RegExp(
      `^error \\[lock-table\\]: the upgrade of revision 0001 \\(0001_many.ts\\) would hold about ${(tables * 6).toLocaleString('en-US')} relation locks, and the server's lock table \\(max_locks_per_transaction = \\d+ × \\d+ connection slots\\) holds about [\\d,]+ locks; nothing was applied\\. Raise max_locks_per_transaction .*, or split the revision into several`,
    ),
  );
  expect(await tablesIn(db.url)).toBe(0);
  expect((await p.migrate('current')).stdout).not.toContain('0001');
});

server.it('refuses a single-transaction run of revisions that each fit but together do not', async () => {
  const db = await createTestDatabase('athanor_locks_single');
  // Each revision about 60% of the lock table.
  const each = Math.ceil((await lockTableSize(db.url)) * 0.1);
  const p = tempProject(db.url);
  p.write('migrations/versions/0001_first.ts', creatingTables('0001', null, 1, each));
  p.write('migrations/versions/0002_second.ts', creatingTables('0002', '0001', each + 1, 2 * each));
  const upgrade = await p.migrate('upgrade', 'head', '--single-transaction');
  expect(upgrade.code).not.toBe(0);
  expect(upgrade.stderr.split('\n')).toHaveLength(1);
  expect(upgrade.stderr).toMatch(
    /^error \[lock-table\]: the run in one transaction would hold about [\d,]+ relation locks, .*max_locks_per_transaction = \d+ .*; nothing was applied\. Raise max_locks_per_transaction .*, or run it with one transaction per revision$/,
  );
  expect(await tablesIn(db.url)).toBe(0);
});

server.it(
  "cuts by the downgrade's locks too: a table's drop locks each of its constraints and defaults",
  { timeout: 600_000 },
  async () => {
    const a = await createTestDatabase('athanor_locks_checks_a');
    const b = await createTestDatabase('athanor_locks_checks_b');
    // Five relations each (itself, its sequence, its key, its TOAST table and index), few enough for one revision
    // by those alone; its drop locks 22 more (a key, ten checks, eleven defaults) and two row types.
    const count = Math.floor((await lockTableSize(a.url)) / 2 / 5) - 40;
    const columns = Array.from(
      { length: 10 },
      (_, i) => `c${i} text DEFAULT 'x' NOT NULL CHECK (char_length(c${i}) <= 255)`,
    ).join(', ');
    for (let first = 1; first <= count; first += 100)
      await runSql(
        a.url,
        Array.from(
          { length: Math.min(100, count - first + 1) },
          (_, i) => `CREATE TABLE t${first + i} (id bigserial PRIMARY KEY, ${columns});`,
        ).join('\n'),
      );
    const fromA = tempProject(a.url);
    expect((await fromA.migrate('pull')).stderr).toBe('');
    const onB = tempProject(b.url);
    onB.write('models.ts', fromA.read('models.ts'));
    const revision = await onB.migrate('revision', '--autogenerate', '-m', 'all');
    expect(revision.stderr).toBe('');
    expect(revisionFiles(onB).length).toBeGreaterThan(1);
    expect((await onB.migrate('upgrade', 'head')).stderr).toBe('');
    const downgrade = await onB.migrate('downgrade', 'base');
    expect(downgrade.stderr).toBe('');
    expect(await tablesIn(b.url)).toBe(0);
  },
);

server.it('refuses a downgrade that would drop more than the lock table holds, before running anything', async () => {
  const db = await createTestDatabase('athanor_locks_down');
  // A dropped table of no known shape: itself, its TOAST table and index.
  const tables = Math.ceil((await lockTableSize(db.url)) / 3) + 100;
  const p = tempProject(db.url);
  p.write(
    'migrations/versions/0001_many.ts',
    `import type { Operations } from 'athanor';
export const revision = '0001';
export const downRevision: string | null = null;
export async function upgrade(): Promise<void> {}
export async function downgrade(op: Operations): Promise<void> {
  for (let i = 1; i <= ${tables}; i++) await op.dropTable({ schema: 'public', name: 't' + i });
}
`,
  );
  expect((await p.migrate('stamp', 'head')).code).toBe(0);
  const downgrade = await p.migrate('downgrade', 'base');
  expect(downgrade.code).not.toBe(0);
  expect(downgrade.stderr.split('\n')).toHaveLength(1);
  expect(downgrade.stderr).toMatch(
    /^error \[lock-table\]: the downgrade of revision 0001 \(0001_many\.ts\) would hold about [\d,]+ relation locks, .*max_locks_per_transaction = \d+ .*; nothing was applied\./,
  );
  expect((await p.migrate('current')).stdout).toContain('0001');
});

server.it(
  'names max_locks_per_transaction when a revision runs out of shared memory all the same',
  { timeout: 120_000 },
  async () => {
    // A server of its own: filling the lock table of a shared one would fail other sessions' statements.
    const own = await startEmbeddedServer('18', { max_locks_per_transaction: '10', max_connections: '5' });
    onTestFinished(() => own.stop());
    const p = tempProject(own.url);
    // SQL the estimate does not read: 2,000 tables created by the server itself.
    p.write(
      'migrations/versions/0001_sql.ts',
      `import type { Operations } from 'athanor';
export const revision = '0001';
export const downRevision: string | null = null;
export async function upgrade(op: Operations): Promise<void> {
  await op.execute("DO $$ BEGIN FOR i IN 1..2000 LOOP EXECUTE format('CREATE TABLE t%s (a text)', i); END LOOP; END $$");
}
export async function downgrade(): Promise<void> {}
`,
    );
    const upgrade = await p.migrate('upgrade', 'head');
    expect(upgrade.code).not.toBe(0);
    expect(upgrade.stderr.split('\n')).toHaveLength(1);
    expect(upgrade.stderr).toMatch(
      /^error \[lock-table\]: upgrade of revision 0001 \(0001_sql\.ts\) failed and was rolled back: out of shared memory \(the server's lock table is full: raise max_locks_per_transaction .*, or split the revision into several\)/,
    );
    await runSql(own.url, 'SELECT 1');
    expect(await tablesIn(own.url)).toBe(0);
  },
);
