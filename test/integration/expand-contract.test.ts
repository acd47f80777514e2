import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';
import { ACCOUNT_CHANGES, revisionFile } from '../helpers/expand-revisions.js';

/*
 * `migrate upgrade head --expand`, `contract` and `abort` on a table whose
 * revision renames a column, widens integer to bigint, adds a NOT NULL
 * column with a default and drops a column; under load, Debian's pgbench
 * plays the application's old version (on the tables as they are) and its
 * new one (on the version's schema of views).
 */

const PGBENCH = '/usr/bin/pgbench';
const hasPgbench = spawnSync(PGBENCH, ['--version']).status === 0;

const BASE = `  await op.execute('CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, balance integer NOT NULL DEFAULT 0, legacy text)');`;

const MODEL = `import { bigint, defineMetadata, serial, sql, text } from 'athanor';
export const metadata = defineMetadata();
export const accounts = metadata.table('accounts', {
  id: serial().primaryKey(),
  full_name: text().notNull(),
  balance: bigint().notNull().default(sql\`0\`),
  status: text().notNull().default(sql\`'active'::text\`),
});
`;

const VERSION_SCHEMA = 'athanor_v_e2';

async function setUp(rows: number): Promise<{ url: string; project: TempProject }> {
  const db = await createTestDatabase('expand');
  const project = tempProject(db.url);
  project.write('models.ts', MODEL);
  project.write('migrations/versions/e1_base.ts', revisionFile('e1', null, BASE));
  project.write('migrations/versions/e2_reshape.ts', revisionFile('e2', 'e1', ACCOUNT_CHANGES));
  const base = await project.migrate('upgrade', 'e1');
  expect([base.code, base.stderr]).toEqual([0, '']);
  await runSql(
    db.url,
    `INSERT INTO accounts (name, balance, legacy) SELECT 'n' || g, g % 100, 'x' FROM generate_series(1, ${rows}) g; ANALYZE accounts`,
  );
  return { url: db.url, project };
}

const columnsOf = async (url: string): Promise<string[]> =>
  (
    await queryRows<{ c: string }>(
      url,
      `SELECT attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null' ELSE '' END AS c
       FROM pg_attribute WHERE attrelid = 'public.accounts'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    )
  ).map((r) => r.c);

const leftovers = async (url: string): Promise<unknown[]> => [
  ...(await queryRows(
    url,
    `SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.accounts'::regclass AND NOT tgisinternal`,
  )),
  ...(await queryRows(url, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'athanor_v_%'`)),
  ...(await queryRows(url, `SELECT conname FROM pg_constraint WHERE conname LIKE 'athanor\\_nn\\_%'`)),
];

const totals = async (url: string, column: string): Promise<{ count: number; sum: number }> => {
  const [row] = await queryRows<{ count: string; sum: string }>(
    url,
    `SELECT count(*)::text AS count, sum(${column})::text AS sum FROM public.accounts`,
  );
  return { count: Number(row!.count), sum: Number(row!.sum) };
};

skipWhen(testTarget() !== 'server', 'expand serves two versions through views and triggers on a server').describe(
  'migrate upgrade --expand, contract and abort',
  () => {
    it('serves both versions, then contracts to the new shape; bad input is refused in one line', async () => {
      const { url, project } = await setUp(500);
      const before = await totals(url, 'balance');

      for (const [args, message] of [
        [['contract'], 'nothing is expanded'],
        [['abort'], 'nothing is expanded'],
      ] as const) {
        const refused = await project.migrate(...args);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toContain(message);
        expect(refused.stderr.split('\n')).toHaveLength(1);
      }

      const expanded = await project.migrate('upgrade', 'head', '--expand');
      expect([expanded.code, expanded.stderr]).toEqual([0, '']);
      expect(expanded.stdout).toContain(VERSION_SCHEMA);

      // The old version, on the tables as they are, works as before.
      await runSql(
        url,
        `UPDATE accounts SET balance = balance + 5 WHERE id = 1; INSERT INTO accounts (name, balance, legacy) VALUES ('old', 7, 'y')`,
      );
      // The new version, through its schema.
      await runSql(
        url,
        `SET search_path = ${VERSION_SCHEMA}, public;
         UPDATE accounts SET balance = balance + 3 WHERE id = 2;
         INSERT INTO accounts (full_name, balance) VALUES ('new', 11)`,
      );
      expect(
        await queryRows(
          url,
          `SELECT full_name, balance::text, status FROM ${VERSION_SCHEMA}.accounts WHERE full_name IN ('old', 'new') ORDER BY id`,
        ),
      ).toEqual([
        { full_name: 'old', balance: '7', status: 'active' },
        { full_name: 'new', balance: '11', status: 'active' },
      ]);
      // Each version sees the other's writes.
      expect(await queryRows(url, `SELECT name, balance FROM public.accounts WHERE name = 'new'`)).toEqual([
        { name: 'new', balance: 11 },
      ]);
      expect(await totals(url, 'balance')).toEqual({ count: before.count + 2, sum: before.sum + 5 + 7 + 3 + 11 });

      const current = await project.migrate('current', '--json');
      expect(JSON.parse(current.stdout)).toMatchObject({
        current: ['e1'],
        expand: { revisions: ['e2'], versionSchema: VERSION_SCHEMA, phase: 'expanded' },
      });
      expect((await project.migrate('current')).stdout).toContain(`Serving two versions`);

      const shape = await columnsOf(url);
      for (const [args, message] of [
        [['upgrade', 'head', '--expand'], 'already expanded'],
        [['downgrade', 'base'], 'is expanded'],
        [['upgrade', 'head'], 'is expanded'],
      ] as const) {
        const refused = await project.migrate(...args);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toContain(message);
        expect(refused.stderr).toContain('nothing was changed');
      }
      expect(await columnsOf(url)).toEqual(shape);

      const contracted = await project.migrate('contract');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(await columnsOf(url)).toEqual([
        'id integer not null',
        'full_name text not null',
        'status text not null',
        'balance bigint not null',
      ]);
      expect(await totals(url, 'balance')).toEqual({ count: before.count + 2, sum: before.sum + 26 });
      expect(await leftovers(url)).toEqual([]);
      expect(JSON.parse((await project.migrate('current', '--json')).stdout)).toMatchObject({ current: ['e2'] });
      expect(JSON.parse((await project.migrate('current', '--json')).stdout).expand).toBeUndefined();
      const check = await project.migrate('check');
      expect([check.code, check.stdout, check.stderr]).toEqual([0, expect.any(String), '']);
    });

    it('refuses an operation that cannot be served in both versions in one line naming it and its file', async () => {
      const { url, project } = await setUp(10);
      project.write(
        'migrations/versions/e3_sql.ts',
        revisionFile('e3', 'e2', "  await op.execute('ALTER TABLE accounts ADD COLUMN x int');"),
      );
      const refused = await project.migrate('upgrade', 'head', '--expand');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr.split('\n')).toHaveLength(1);
      expect(refused.stderr).toContain('migrations/versions/e3_sql.ts');
      expect(refused.stderr).toContain('cannot be served in both versions');
      expect(await leftovers(url)).toEqual([]);
      expect(await columnsOf(url)).toEqual([
        'id integer not null',
        'name text not null',
        'balance integer not null',
        'legacy text',
      ]);
    });

    it('aborts: the old shape back with every write of both versions kept', async () => {
      const { url, project } = await setUp(300);
      const before = await totals(url, 'balance');
      expect((await project.migrate('upgrade', 'head', '--expand')).code).toBe(0);
      await runSql(
        url,
        `SET search_path = ${VERSION_SCHEMA}, public; INSERT INTO accounts (full_name, balance) VALUES ('new', 4); UPDATE accounts SET balance = balance + 1 WHERE id = 3`,
      );
      await runSql(url, `INSERT INTO accounts (name, balance) VALUES ('old', 6)`);
      const aborted = await project.migrate('abort');
      expect([aborted.code, aborted.stderr]).toEqual([0, '']);
      expect(await columnsOf(url)).toEqual([
        'id integer not null',
        'name text not null',
        'balance integer not null',
        'legacy text',
      ]);
      expect(await totals(url, 'balance')).toEqual({ count: before.count + 2, sum: before.sum + 11 });
      expect(await leftovers(url)).toEqual([]);
      expect(JSON.parse((await project.migrate('current', '--json')).stdout)).toMatchObject({ current: ['e1'] });
    });
  },
);

/**
 * One pgbench run in the background: two clients, `perClient` transactions
 * each at `rate` a second in all (a count, not a duration, so that every
 * transaction that committed is counted); its exit code, output and the
 * transactions it processed.
 */
function pgbench(
  url: string,
  script: string,
  perClient: number,
  rate: number,
  searchPath: string | null,
): Promise<{ code: number | null; stdout: string; stderr: string; transactions: number }> {
  return new Promise((resolve) => {
    const child = spawn(PGBENCH, ['-n', '-c', '2', '-t', String(perClient), '-R', String(rate), '-f', script, url], {
      env: { ...process.env, ...(searchPath === null ? {} : { PGOPTIONS: `-c search_path=${searchPath}` }) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const processed = /number of transactions actually processed: (\d+)/.exec(stdout);
      resolve({ code, stdout, stderr, transactions: processed ? Number(processed[1]) : -1 });
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

skipWhen(
  testTarget() !== 'server' || !hasPgbench,
  testTarget() !== 'server'
    ? 'pgbench plays the applications against a server'
    : `${PGBENCH} is not installed (Debian's postgresql-client package has it)`,
).describe('under load from both versions of the application (pgbench)', () => {
  const ROWS = 20000;
  const scripts = (project: TempProject) => {
    const old = join(project.dir, 'old.sql');
    const next = join(project.dir, 'new.sql');
    writeFileSync(
      old,
      `\\set id random(1, ${ROWS})\nUPDATE accounts SET balance = balance + 1 WHERE id = :id;\nINSERT INTO accounts (name, balance, legacy) VALUES ('old', 1, 'x');\nSELECT name, balance FROM accounts WHERE id = :id;\n`,
    );
    writeFileSync(
      next,
      `\\set id random(1, ${ROWS})\nUPDATE accounts SET balance = balance + 2 WHERE id = :id;\nINSERT INTO accounts (full_name, balance) VALUES ('new', 2);\nSELECT full_name, balance, status FROM accounts WHERE id = :id;\n`,
    );
    return { old, next };
  };
  const clean = (run: { code: number | null; stdout: string; stderr: string; transactions: number }) => {
    expect(run.stderr).not.toMatch(/aborted/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/number of transactions actually processed: (\d+)\/\1\n/);
  };

  it('contract: no client aborted, every write counted, check clean, nothing left', { timeout: 120_000 }, async () => {
    const { url, project } = await setUp(ROWS);
    const { old, next } = scripts(project);
    const before = await totals(url, 'balance');
    const oldApp = pgbench(url, old, 800, 200, null);
    await sleep(1500);
    const expanded = await project.migrate('upgrade', 'head', '--expand');
    expect([expanded.code, expanded.stderr]).toEqual([0, '']);
    const newApp = pgbench(url, next, 800, 200, `${VERSION_SCHEMA},public`);
    const oldRun = await oldApp;
    const contracted = await project.migrate('contract');
    expect([contracted.code, contracted.stderr]).toEqual([0, '']);
    const newRun = await newApp;
    clean(oldRun);
    clean(newRun);
    expect(await totals(url, 'balance')).toEqual({
      count: before.count + oldRun.transactions + newRun.transactions,
      sum: before.sum + 2 * oldRun.transactions + 4 * newRun.transactions,
    });
    expect((await project.migrate('check')).code).toBe(0);
    expect(await leftovers(url)).toEqual([]);
  });

  it('abort: no client aborted, the old shape back, every write kept', { timeout: 120_000 }, async () => {
    const { url, project } = await setUp(ROWS);
    const { old, next } = scripts(project);
    const before = await totals(url, 'balance');
    const oldApp = pgbench(url, old, 1200, 200, null);
    await sleep(1500);
    expect((await project.migrate('upgrade', 'head', '--expand')).code).toBe(0);
    const newRun = await pgbench(url, next, 300, 200, `${VERSION_SCHEMA},public`);
    const aborted = await project.migrate('abort');
    expect([aborted.code, aborted.stderr]).toEqual([0, '']);
    const oldRun = await oldApp;
    clean(oldRun);
    clean(newRun);
    expect(await columnsOf(url)).toEqual([
      'id integer not null',
      'name text not null',
      'balance integer not null',
      'legacy text',
    ]);
    expect(await totals(url, 'balance')).toEqual({
      count: before.count + oldRun.transactions + newRun.transactions,
      sum: before.sum + 2 * oldRun.transactions + 4 * newRun.transactions,
    });
    expect(await leftovers(url)).toEqual([]);
  });
});
