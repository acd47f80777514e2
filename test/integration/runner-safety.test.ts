import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { revisionSource, versionRows, type RevisionSpec } from './runner-fixtures.js';

const V = 'migrations/versions';

const tables = async (url: string) =>
  (
    await queryRows<{ tablename: string }>(
      url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'athanor%' ORDER BY 1",
    )
  ).map((r) => r.tablename);

const indexes = async (url: string) =>
  (
    await queryRows<{ indexname: string }>(
      url,
      "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE 'athanor%' ORDER BY 1",
    )
  ).map((r) => r.indexname);

const create = (table: string) => `  await op.execute('CREATE TABLE ${table} (id int)');`;

function write(project: TempProject, spec: RevisionSpec): void {
  project.write(`${V}/${spec.id}.ts`, revisionSource(spec));
}

/** The same revision with `fn` exported as a constant holding no function. */
const withoutFunction = (source: string, fn: 'upgrade' | 'downgrade') =>
  source
    .replace(`export async function ${fn}(`, `async function ${fn}Body(`)
    .replace(`export const createDate`, `export const ${fn} = undefined;\nexport const createDate`);

describe('revision files are loaded before anything runs', () => {
  const broken: [string, (source: string) => string, RegExp][] = [
    [
      'a syntax error',
      (s) => s.replace("CREATE TABLE b2 (id int)');", "CREATE TABLE b2 (id int)' +;"),
      /^error \[revision-load\]: revision file b2\.ts does not compile or fails to load: .+; fix it and run the command again$/,
    ],
    [
      'a throw at import',
      (s) => s.replace('export const createDate', "throw new Error('b2 refuses to load');\nexport const createDate"),
      /^error \[revision-load\]: revision file b2\.ts does not compile or fails to load: line 5 of b2\.ts: b2 refuses to load; fix it and run the command again$/,
    ],
    [
      'an upgrade that is not a function',
      (s) => withoutFunction(s, 'upgrade'),
      /^error \[bad-revision-file\]: revision file b2\.ts does not export upgrade\(\)$/,
    ],
  ];

  it.each(broken)(
    'refuses %s in a later revision before the first one commits, online and with --sql',
    async (_what, breakIt, message) => {
      const db = await createTestDatabase();
      const project = tempProject(db.url);
      write(project, { id: 'b1', down: null, date: '1', up: create('b1') });
      project.write(`${V}/b2.ts`, breakIt(revisionSource({ id: 'b2', down: 'b1', date: '2', up: create('b2') })));
      for (const argv of [
        ['upgrade', 'head'],
        ['upgrade', 'head', '--single-transaction'],
        ['upgrade', '--sql', 'head'],
      ]) {
        const result = await project.migrate(...argv);
        expect([result.code, result.stdout]).toEqual([2, '']);
        expect(result.stderr).toMatch(message);
      }
      expect(await tables(db.url)).toEqual([]);
      expect(await versionRows(db.url)).toEqual([]);
    },
  );

  it('refuses a downgrade whose file has no downgrade function before any revision is downgraded', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    write(project, {
      id: 'b1',
      down: null,
      date: '1',
      up: create('b1'),
      down_: "  await op.execute('DROP TABLE b1');",
    });
    write(project, {
      id: 'b2',
      down: 'b1',
      date: '2',
      up: create('b2'),
      down_: "  await op.execute('DROP TABLE b2');",
    });
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    project.write(
      `${V}/b1.ts`,
      withoutFunction(revisionSource({ id: 'b1', down: null, date: '1', up: create('b1') }), 'downgrade'),
    );
    for (const argv of [
      ['downgrade', 'base'],
      ['downgrade', '--sql', 'head:base'],
    ]) {
      const result = await project.migrate(...argv);
      expect([result.code, result.stdout]).toEqual([2, '']);
      // The online run warns first that b1.ts changed since it was applied.
      expect(result.stderr.split('\n').at(-1)).toBe(
        'error [bad-revision-file]: revision file b1.ts does not export downgrade()',
      );
    }
    expect(await tables(db.url)).toEqual(['b1', 'b2']);
    expect(await versionRows(db.url)).toEqual(['b2']);
  });
});

describe('op calls that are not awaited', () => {
  it('fails the revision and rolls it back, without running two statements at once', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      write(project, { id: 'r1', down: null, date: '1', up: create('t') });
      write(project, {
        id: 'r2',
        down: 'r1',
        date: '2',
        up: "  op.execute('INSERT INTO t VALUES (1)');\n  await op.execute('INSERT INTO t VALUES (2)');",
      });
      const middle = await project.migrate('upgrade', 'head');
      expect([middle.code, middle.stderr]).toEqual([
        2,
        'error [op-not-awaited]: op.execute was not awaited in r2.ts; put await before each op call',
      ]);
      expect(await versionRows(db.url)).toEqual(['r1']);
      expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);

      write(project, {
        id: 'r2',
        down: 'r1',
        date: '2',
        up: "  await op.execute('INSERT INTO t VALUES (1)');\n  op.execute('CREATE TABLE last (id int)');",
      });
      const last = await project.migrate('upgrade', 'head');
      expect(last.stderr).toBe(
        'error [op-not-awaited]: op.execute was not awaited in r2.ts; put await before each op call',
      );
      expect(await tables(db.url)).toEqual(['t']);

      write(project, {
        id: 'r2',
        down: 'r1',
        date: '2',
        up: "  op.query('SELECT * FROM nowhere');\n  await new Promise((resolve) => setTimeout(resolve, 50));\n  await op.execute('INSERT INTO t VALUES (1)');",
      });
      const failing = await project.migrate('upgrade', 'head', '--single-transaction');
      expect(failing.stderr).toBe(
        'error [op-not-awaited]: op.query was not awaited in r2.ts; put await before each op call',
      );
      expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('runs calls awaited together one after another, and refuses a call made after upgrade returned', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    write(project, {
      id: 'r1',
      down: null,
      date: '1',
      up: `${create('t')}\n  await Promise.all([op.execute('INSERT INTO t VALUES (1)'), op.bulkInsert('t', [{ id: 2 }]), op.execute('INSERT INTO t VALUES (3)')]);`,
    });
    const late = `  const g = globalThis as { lateCall?: string };
  void (async () => {
    await op.execute('CREATE TABLE early (id int)');
    await op.execute('CREATE TABLE late (id int)');
  })().catch((error: Error) => { g.lateCall = error.message; });`;
    write(project, { id: 'r2', down: 'r1', date: '2', up: late });
    const result = await project.migrate('upgrade', 'head');
    expect(result.stderr).toBe(
      'error [op-not-awaited]: op.execute was not awaited in r2.ts; put await before each op call',
    );
    expect(await queryRows(db.url, 'SELECT id FROM t ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(await versionRows(db.url)).toEqual(['r1']);
    expect(await tables(db.url)).toEqual(['t']);
    expect((globalThis as { lateCall?: string }).lateCall).toBe(
      'op.execute was called in r2.ts after upgrade() returned, so it did not run; put await before each op call',
    );
  });
});

describe('--single-transaction', () => {
  it('refuses a revision that would commit part way, and rolls back the whole run', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    write(project, { id: 'r1', down: null, date: '1', up: create('t1') });
    const r2 = `${create('t2')}\n  await op.autocommit(async () => { await op.execute('CREATE INDEX CONCURRENTLY i2 ON t2 (id)'); });\n${create('t5')}`;
    write(project, { id: 'r2', down: 'r1', date: '2', header: 'export const transactional = false;', up: r2 });
    write(project, { id: 'r3', down: 'r2', date: '3', up: create('t1') });
    const why =
      'r2.ts must commit part way (it calls op.autocommit), which a single-transaction run cannot do; run it with one transaction per revision (without --single-transaction or transactionPerRevision: false)';
    const single = await project.migrate('upgrade', 'head', '--single-transaction');
    expect([single.code, single.stderr]).toEqual([
      2,
      `error [single-transaction-autocommit]: upgrade of revision r2 (r2.ts) failed and the run's transaction was rolled back: ${why}; the database is at base`,
    ]);
    expect(await tables(db.url)).toEqual([]);
    expect(await indexes(db.url)).toEqual([]);
    expect(await versionRows(db.url)).toEqual([]);
    const script = await project.migrate('upgrade', '--sql', 'head', '--single-transaction');
    expect([script.code, script.stdout, script.stderr]).toEqual([
      2,
      '',
      `error [single-transaction-autocommit]: upgrade of revision r2 (r2.ts) failed while writing the SQL script: ${why}`,
    ]);

    const perRevision = await project.migrate('upgrade', 'head');
    expect(perRevision.stderr).toMatch(
      /^error \[revision-failed\]: upgrade of revision r3 \(r3\.ts\) failed and was rolled back: relation "t1" already exists .*; the database is at r2$/,
    );
    expect(await tables(db.url)).toEqual(['t1', 't2', 't5']);
    expect(await indexes(db.url)).toEqual(['i2']);
  });
});

describe('a failure at COMMIT', () => {
  function deferred(project: TempProject): void {
    const d1 =
      "  await op.execute('CREATE TABLE pa (id int PRIMARY KEY)');\n  await op.execute('CREATE TABLE ch (pid int REFERENCES pa DEFERRABLE INITIALLY DEFERRED)');";
    write(project, { id: 'd1', down: null, date: '1', up: d1 });
    write(project, { id: 'd2', down: 'd1', date: '2', up: "  await op.execute('INSERT INTO ch VALUES (42)');" });
  }
  const violation = 'insert or update on table "ch" violates foreign key constraint "ch_pid_fkey"';

  it("says the run's transaction was rolled back and where the database is", async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    deferred(project);
    const result = await project.migrate('upgrade', 'head', '--single-transaction');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error [revision-failed]: the run's transaction failed at COMMIT and was rolled back: ${violation}; the database is at base`,
    );
    expect(await tables(db.url)).toEqual([]);
    expect(await versionRows(db.url)).toEqual([]);
  });

  it('names the revision whose own COMMIT failed', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    deferred(project);
    const result = await project.migrate('upgrade', 'head');
    expect(result.stderr).toBe(
      `error [revision-failed]: upgrade of revision d2 (d2.ts) failed at COMMIT and was rolled back: ${violation}; the database is at d1`,
    );
    expect(await tables(db.url)).toEqual(['ch', 'pa']);
    expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM ch')).toEqual([{ n: 0 }]);
  });
});
