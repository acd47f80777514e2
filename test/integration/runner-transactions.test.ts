import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { migrationLockKey } from '../../src/runtime/run/runner.js';
import { createTestDatabase, queryRows, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { revisionSource, versionRows } from './runner-fixtures.js';
import { skipWhen } from '../helpers/skips.js';

const tables = async (url: string) =>
  (
    await queryRows<{ tablename: string }>(
      url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'athanor%' ORDER BY 1",
    )
  ).map((r) => r.tablename);

function threeRevisions(project: TempProject, third: string): void {
  project.write(
    'migrations/versions/r1.ts',
    revisionSource({ id: 'r1', down: null, date: '1', up: "  await op.execute('CREATE TABLE one (id int)');" }),
  );
  project.write(
    'migrations/versions/r2.ts',
    revisionSource({ id: 'r2', down: 'r1', date: '2', up: "  await op.execute('CREATE TABLE two (id int)');" }),
  );
  project.write('migrations/versions/r3.ts', revisionSource({ id: 'r3', down: 'r2', date: '3', up: third }));
}

describe('transaction modes', () => {
  it('rolls back only the failed revision by default, and the whole run in one transaction', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    threeRevisions(
      project,
      "  await op.execute('CREATE TABLE three (id int)');\n  await op.execute('CREATE TABLE one (id int)');",
    );

    const single = await project.migrate('upgrade', 'head', '--single-transaction');
    expect(single.code).toBe(2);
    expect(single.stderr).toBe(
      'error [revision-failed]: upgrade of revision r3 (r3.ts) failed and the run\'s transaction was rolled back: relation "one" already exists in statement: CREATE TABLE one (id int); the database is at base',
    );
    expect(await tables(db.url)).toEqual([]);
    expect(await versionRows(db.url)).toEqual([]);

    const perRevision = await project.migrate('upgrade', 'head');
    expect(perRevision.stderr).toBe(
      'error [revision-failed]: upgrade of revision r3 (r3.ts) failed and was rolled back: relation "one" already exists in statement: CREATE TABLE one (id int); the database is at r2',
    );
    expect(await tables(db.url)).toEqual(['one', 'two']);
    expect(await versionRows(db.url)).toEqual(['r2']);
  });

  it('takes the mode from the config, per environment', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url, 'environments: { ci: { transactionPerRevision: false } },');
    threeRevisions(project, "  await op.execute('CREATE TABLE one (id int)');");
    const result = await project.migrate('-x', 'env=ci', 'upgrade', 'head');
    expect(result.stderr).toMatch(/the run's transaction was rolled back: .*; the database is at base$/);
    expect(await tables(db.url)).toEqual([]);
  });

  it('runs op.autocommit blocks outside the transaction in a revision marked transactional = false', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write(
      'migrations/versions/r1.ts',
      revisionSource({
        id: 'r1',
        down: null,
        date: '1',
        up: "  await op.execute('CREATE TABLE t (id int, name text)');",
      }),
    );
    const concurrent = `  await op.bulkInsert('t', [{ id: 1, name: 'a' }, { id: 2 }]);
  await op.autocommit(async () => {
    await op.execute('CREATE INDEX CONCURRENTLY t_name ON t (name)');
    await op.execute('VACUUM t');
  });
  await op.execute("UPDATE t SET name = 'b' WHERE id = 2");`;
    project.write('migrations/versions/r2.ts', revisionSource({ id: 'r2', down: 'r1', date: '2', up: concurrent }));
    const refused = await project.migrate('upgrade', 'head');
    expect(refused.stderr).toBe(
      'error [not-transactional]: r2.ts must run partly outside a transaction (it calls op.autocommit): add `export const transactional = false` to it and put those statements in op.autocommit(async () => {...})',
    );
    expect(await versionRows(db.url)).toEqual(['r1']);
    expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);

    project.write(
      'migrations/versions/r2.ts',
      revisionSource({
        id: 'r2',
        down: 'r1',
        date: '2',
        up: concurrent,
        header: 'export const transactional = false;',
      }),
    );
    const up = await project.migrate('upgrade', 'head');
    expect(up.stderr).toBe('');
    expect(up.stdout).toContain('not transactional: its op.autocommit blocks run outside a transaction');
    expect(await versionRows(db.url)).toEqual(['r2']);
    expect(await queryRows(db.url, "SELECT indexname FROM pg_indexes WHERE tablename = 't'")).toEqual([
      { indexname: 't_name' },
    ]);
    expect(await queryRows(db.url, 'SELECT id, name FROM t ORDER BY id')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
  });

  it('tells the start of a revision that commits part way once, after a revision sent in a pipeline', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    const autocommit = `  await op.autocommit(async () => {
    await op.execute('CREATE INDEX CONCURRENTLY one_id ON one (id)');
  });`;
    threeRevisions(project, "  await op.execute('CREATE TABLE three (id int)');");
    project.write(
      'migrations/versions/r2.ts',
      revisionSource({
        id: 'r2',
        down: 'r1',
        date: '2',
        up: autocommit,
        header: 'export const transactional = false;',
      }),
    );
    const up = await project.migrate('upgrade', 'head');
    expect(up.stderr).toBe('');
    const lines = up.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('Upgrading to'))).toEqual([
      'Upgrading to r1  step r1',
      'Upgrading to r2  step r2',
      'Upgrading to r3  step r3',
    ]);
    expect(lines.filter((l) => l.includes('not transactional'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('done in'))).toHaveLength(3);
  });

  it('says what an autocommit block left committed when the revision fails after it', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    const up = `  await op.execute('CREATE TABLE t (id int)');
  await op.autocommit(async () => { await op.execute('CREATE TABLE kept (id int)'); });
  await op.execute('CREATE TABLE t (id int)');`;
    project.write(
      'migrations/versions/r1.ts',
      revisionSource({ id: 'r1', down: null, date: '1', up, header: 'export const transactional = false;' }),
    );
    const result = await project.migrate('upgrade', 'head');
    expect(result.stderr).toBe(
      'error [revision-failed]: upgrade of revision r1 (r1.ts) failed and was rolled back (except what its op.autocommit blocks committed): relation "t" already exists in statement: CREATE TABLE t (id int); the database is at base',
    );
    expect(await tables(db.url)).toEqual(['kept', 't']);
  });
});

const showSettings = (id: string) =>
  `  const [lock] = await op.query<{ lock_timeout: string }>('SHOW lock_timeout');
  const [statement] = await op.query<{ statement_timeout: string }>('SHOW statement_timeout');
  await op.execute('INSERT INTO seen VALUES ($1, $2, $3)', ['${id}', lock!.lock_timeout, statement!.statement_timeout]);`;

describe('timeouts', () => {
  it('sets lock_timeout and statement_timeout per run (config, CLI) and per revision', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url, "lockTimeout: '3s', statementTimeout: 60000,");
    project.write(
      'migrations/versions/r1.ts',
      revisionSource({
        id: 'r1',
        down: null,
        date: '1',
        up: "  await op.execute('CREATE TABLE seen (rev text, lock text, statement text)');\n" + showSettings('r1'),
      }),
    );
    project.write(
      'migrations/versions/r2.ts',
      revisionSource({
        id: 'r2',
        down: 'r1',
        date: '2',
        header: "export const lockTimeout = '250ms';",
        up: showSettings('r2'),
      }),
    );
    project.write(
      'migrations/versions/r3.ts',
      revisionSource({ id: 'r3', down: 'r2', date: '3', up: showSettings('r3') }),
    );
    expect((await project.migrate('upgrade', 'r2')).stderr).toBe('');
    expect((await project.migrate('upgrade', 'head', '--statement-timeout', '2min')).stderr).toBe('');
    expect(await queryRows(db.url, 'SELECT rev, lock, statement FROM seen ORDER BY rev')).toEqual([
      { rev: 'r1', lock: '3s', statement: '1min' },
      { rev: 'r2', lock: '250ms', statement: '1min' },
      { rev: 'r3', lock: '3s', statement: '2min' },
    ]);
    const bad = await project.migrate('upgrade', 'head', '--lock-timeout', 'soon');
    expect(bad.stderr).toBe(
      "error [bad-timeout]: --lock-timeout \"soon\" on the command line is not a timeout; use a number of milliseconds or a string such as '5s', '500ms' or '2min'",
    );
  });

  skipWhen(
    testTarget() !== 'server',
    'PGlite is one connection per directory: no second session can hold the lock that lock_timeout gives up on',
  ).it(
    'fails a revision that waits longer than its lock_timeout, and one that runs past its statement_timeout',
    async () => {
      const db = await createTestDatabase();
      const project = tempProject(db.url);
      project.write(
        'migrations/versions/r1.ts',
        revisionSource({ id: 'r1', down: null, date: '1', up: "  await op.execute('CREATE TABLE busy (id int)');" }),
      );
      project.write(
        'migrations/versions/r2.ts',
        revisionSource({
          id: 'r2',
          down: 'r1',
          date: '2',
          header: "export const lockTimeout = '200ms';",
          up: "  await op.execute('ALTER TABLE busy ADD COLUMN x int');",
        }),
      );
      project.write(
        'migrations/versions/r3.ts',
        revisionSource({
          id: 'r3',
          down: 'r2',
          date: '3',
          header: 'export const statementTimeout = 200;',
          up: "  await op.execute('SELECT pg_sleep(2)');",
        }),
      );
      await project.migrate('upgrade', 'r1');
      const holder = await connect(db.url);
      try {
        await holder.exec('BEGIN; LOCK TABLE busy IN ACCESS SHARE MODE');
        const blocked = await project.migrate('upgrade', 'r2');
        // Tried again three times (lock-timeout retries), then the holder is named.
        expect(blocked.stderr.split('\n').at(-1)).toMatch(
          /^error \[revision-failed\]: upgrade of revision r2 \(r2\.ts\) failed and was rolled back: canceling statement due to lock timeout in statement: ALTER TABLE busy ADD COLUMN x int; tried 4 times: it waited for AccessExclusiveLock on relation public\.busy, held by process \d+ \(idle in transaction for \d+s: BEGIN; LOCK TABLE busy IN ACCESS SHARE MODE\); the database is at r1$/,
        );
      } finally {
        await holder.close();
      }
      expect((await project.migrate('upgrade', 'r2')).code).toBe(0);
      const slow = await project.migrate('upgrade', 'r3');
      expect(slow.stderr).toBe(
        'error [revision-failed]: upgrade of revision r3 (r3.ts) failed and was rolled back: canceling statement due to statement timeout in statement: SELECT pg_sleep(2); the database is at r2',
      );
    },
  );
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the CLI in a separate Node process, from the sources. */
function migrateProcess(
  project: TempProject,
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const launcher = project.write(
    'launch.ts',
    `import { run } from '${ROOT}src/cli/main.ts';\nimport { processOutput } from '${ROOT}src/cli/output.ts';\nprocess.exitCode = await run(process.argv.slice(2), processOutput(), process.cwd());\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', `${ROOT}node_modules/jiti/lib/jiti-register.mjs`, launcher, ...argv],
      {
        cwd: project.dir,
        env: { ...process.env, FORCE_COLOR: '0' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('concurrent runs', () => {
  skipWhen(
    testTarget() !== 'server',
    'PGlite is one connection per directory: two processes cannot hold sessions at once to contend for the advisory lock',
  ).it(
    'take turns on the advisory lock: two processes apply each revision exactly once',
    async () => {
      const db = await createTestDatabase();
      const project = tempProject(db.url);
      project.write(
        'migrations/versions/r1.ts',
        revisionSource({
          id: 'r1',
          down: null,
          date: '1',
          up: "  await op.execute('CREATE TABLE ran (rev text)');\n  await op.execute(\"INSERT INTO ran VALUES ('r1')\");",
        }),
      );
      project.write(
        'migrations/versions/r2.ts',
        revisionSource({
          id: 'r2',
          down: 'r1',
          date: '2',
          up: '  await op.execute("INSERT INTO ran VALUES (\'r2\')");',
        }),
      );
      const holder = await connect(db.url);
      const key = migrationLockKey({ schema: 'public', name: 'athanor_version' });
      let runs: { code: number; stdout: string; stderr: string }[];
      try {
        await holder.query('SELECT pg_advisory_lock($1::bigint)', [key]);
        const both = Promise.all([
          migrateProcess(project, 'upgrade', 'head'),
          migrateProcess(project, 'upgrade', 'head'),
        ]);
        for (let waiting = 0; waiting < 2;) {
          await new Promise((r) => setTimeout(r, 100));
          const rows = await holder.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
          );
          waiting = rows.rows[0]!.n;
        }
        await holder.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        runs = await both;
      } finally {
        await holder.close();
      }
      for (const run of runs) {
        expect(run.code).toBe(0);
        expect(run.stderr).toContain(
          'Another migration run holds the lock on this database; waiting for it to finish...',
        );
      }
      const outputs = runs.map((r) => r.stdout).sort();
      expect(outputs[0]).toBe('Nothing to upgrade.\nDatabase is at r2.\n');
      expect(outputs[1]).toMatch(
        /^Upgrading to r1 {2}step r1\n {2}done in \d+ ms\nUpgrading to r2 {2}step r2\n {2}done in \d+ ms\nDatabase is at r2\.\n$/,
      );
      expect(await queryRows(db.url, 'SELECT rev FROM ran ORDER BY rev')).toEqual([{ rev: 'r1' }, { rev: 'r2' }]);
      expect(
        await queryRows(
          db.url,
          "SELECT revision, count(*)::int AS n FROM athanor_version_history WHERE action = 'upgrade' GROUP BY revision ORDER BY revision",
        ),
      ).toEqual([
        { revision: 'r1', n: 1 },
        { revision: 'r2', n: 1 },
      ]);
    },
    60_000,
  );
});
