import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { command } from '../../src/index.js';
import { testMigrations } from '../../src/testing.js';
import { adminUrl, createTestDatabase, queryRows, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';

/*
 * `migrate test` on both targets: PGlite in memory (the default), and on the
 * server target a scratch database made with --url on the test server.
 */

const MODEL = `import { defineMetadata, integer, text } from 'athanor';
export const metadata = defineMetadata();
export const users = metadata.table('users', { id: integer().primaryKey(), display_name: text() });
`;

interface Revision {
  id: string;
  parent: string | null;
  up: string[];
  down: string[];
  /** The source of `export const fixtures = ...`. */
  fixtures?: string;
}

function revisionFile({ id, parent, up, down, fixtures }: Revision): string {
  const calls = (sqls: string[]): string => sqls.map((s) => `  await op.execute(${JSON.stringify(s)});`).join('\n');
  return `/**
 * ${id}
 *
 * Revision: ${id}
 * Revises: ${parent ?? '(none)'}
 * Created: 2026-01-0${id.slice(1, 2)}T00:00:00.000Z
 */
import type { Operations } from 'athanor';
export const revision = '${id}';
export const downRevision: string | null = ${parent === null ? 'null' : `'${parent}'`};
export const message = '${id}';
export const createDate = '2026-01-0${id.slice(1, 2)}T00:00:00.000Z';
${fixtures === undefined ? '' : `export const fixtures = ${fixtures};`}
export async function upgrade(op: Operations): Promise<void> {
${calls(up)}
}
export async function downgrade(op: Operations): Promise<void> {
${calls(down)}
}
`;
}

const R1: Revision = {
  id: 'r1',
  parent: null,
  up: ['CREATE TABLE public.users (id integer PRIMARY KEY, name text)'],
  down: ['DROP TABLE public.users'],
};

const USER_FIXTURES = `{
  before: { users: [{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }] },
  after: [{ sql: 'SELECT id, display_name FROM public.users', rows: [{ id: 2, display_name: 'Grace' }, { id: 1, display_name: 'Ada' }] }],
}`;

const RENAME: Revision = {
  id: 'r2',
  parent: 'r1',
  up: ['ALTER TABLE public.users RENAME COLUMN name TO display_name'],
  down: ['ALTER TABLE public.users RENAME COLUMN display_name TO name'],
  fixtures: USER_FIXTURES,
};

/** The same change as a drop and an add: the schema is right, the names are lost. */
const DROP_ADD: Revision = {
  ...RENAME,
  up: ['ALTER TABLE public.users DROP COLUMN name', 'ALTER TABLE public.users ADD COLUMN display_name text'],
  down: ['ALTER TABLE public.users DROP COLUMN display_name', 'ALTER TABLE public.users ADD COLUMN name text'],
};

async function project(revisions: Revision[], model = MODEL): Promise<{ project: TempProject; configured: string }> {
  // The configured database: migrate test must never touch it.
  const db = await createTestDatabase();
  const p = tempProject(db.url);
  p.write('models.ts', model);
  for (const r of revisions) p.write(`migrations/versions/${r.id}_${r.id}.ts`, revisionFile(r));
  return { project: p, configured: db.url };
}

/** --url on the server target: the test server, where a scratch database is made. */
const urlArgs = (): string[] => (testTarget() === 'server' ? ['--url', adminUrl()] : []);

async function scratchDatabases(): Promise<string[]> {
  if (testTarget() !== 'server') return [];
  const rows = await queryRows<{ datname: string }>(
    adminUrl(),
    "SELECT datname FROM pg_database WHERE datname LIKE 'athanor\\_test\\_%'",
  );
  return rows.map((r) => r.datname).sort();
}

const lines = (stdout: string): string[] => stdout.split('\n');

// PGlite runs Postgres in WebAssembly: a whole `migrate test` takes seconds there, more on a loaded machine.
describe('migrate test', { timeout: 180_000 }, () => {
  it('passes a good history, leaves the configured database alone and drops its scratch database', async () => {
    const { project: p, configured } = await project([R1, RENAME]);
    const scratchBefore = await scratchDatabases();
    const result = await p.migrate('test', ...urlArgs());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out.map((l) => l.replace(/ \(\d+ ms\)$/, ''))).toEqual([
      'ok   one head (r2)',
      'ok   upgrade base -> head (2 revision(s))',
      'ok   the model matches head',
      'ok   downgrade head -> base leaves nothing behind',
      'ok   stairway: each of 2 revision(s) upgraded, downgraded, upgraded',
      expect.stringMatching(
        /^All 5 checks passed on (pglite:memory:|a scratch database on the server of postgres:\/\/)/,
      ),
    ]);
    expect(await queryRows(configured, "SELECT 1 FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
    // Other files' runs make and drop scratch databases of their own meanwhile: a new one must go within a minute.
    await expect
      .poll(async () => (await scratchDatabases()).filter((name) => !scratchBefore.includes(name)), {
        timeout: 60_000,
        interval: 500,
      })
      .toEqual([]);

    const json = JSON.parse((await p.migrate('test', '--json', ...urlArgs())).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ ok: true, from: null, checks: expect.any(Array) });
    expect((json.checks as { check: string }[]).map((c) => c.check)).toEqual([
      'heads',
      'upgrade',
      'model',
      'downgrade',
      'stairway',
    ]);
  });

  it('fails the stairway when a drop and an add lose the rows a rename would keep (fixtures)', async () => {
    const { project: p } = await project([R1, DROP_ADD]);
    const result = await p.migrate('test', ...urlArgs());
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    expect(out[4]).toMatch(/^FAIL stairway/);
    expect(out[5]).toBe(
      '       r2 (r2_r2.ts): after upgrade: query SELECT id, display_name FROM public.users: missing {"display_name":"Ada","id":1}, {"display_name":"Grace","id":2}; unexpected {"display_name":null,"id":1}, {"display_name":null,"id":2} (2 row(s) read, 2 expected)',
    );
    expect(out[6]).toMatch(/^ {7}r2 \(r2_r2\.ts\): after downgrade: table users: missing \{"id":1,"name":"Ada"\}/);
    expect(out.at(-1)).toMatch(/^1 of 5 checks failed/);
    // The schema is right: every other check passes.
    expect(out.slice(0, 4).every((l) => l.startsWith('ok'))).toBe(true);
  });

  it('fails downgrade and the stairway, naming the revision, when a downgrade leaves a table behind', async () => {
    const leaves: Revision = { id: 'r2', parent: 'r1', up: ['CREATE TABLE public.audit (id integer)'], down: [] };
    const { project: p } = await project(
      [R1, leaves],
      `${MODEL}export const audit = metadata.table('audit', { id: integer() });\n`,
    );
    const result = await p.migrate('test', ...urlArgs());
    expect(result.code).toBe(1);
    const out = lines(result.stdout).map((l) => l.replace(/ \(\d+ ms\)$/, ''));
    expect(out).toContain('FAIL downgrade head -> base leaves nothing behind');
    expect(out).toContain('       left behind (to undo: drop table public.audit)');
    expect(out).toContain(
      '       r2 (r2_r2.ts): downgrade does not return to the schema before the upgrade (to undo: drop table public.audit)',
    );
  });

  it('fails the stairway, naming the revision and the column, when a downgrade forgets a column', async () => {
    const forgets: Revision = {
      id: 'r2',
      parent: 'r1',
      up: ['ALTER TABLE public.users ADD COLUMN email text'],
      down: [],
    };
    const { project: p } = await project(
      [R1, forgets],
      `import { defineMetadata, integer, text } from 'athanor';
export const metadata = defineMetadata();
export const users = metadata.table('users', { id: integer().primaryKey(), name: text(), email: text() });
`,
    );
    const result = await p.migrate('test', ...urlArgs());
    expect(result.code).toBe(1);
    const out = lines(result.stdout).map((l) => l.replace(/ \(\d+ ms\)$/, ''));
    // Down to base, r1 drops the table and the column with it: only the stairway sees r2's own downgrade.
    expect(out).toContain('ok   downgrade head -> base leaves nothing behind');
    expect(out).toContain('FAIL stairway: each of 2 revision(s) upgraded, downgraded, upgraded');
    expect(out).toContain(
      '       r2 (r2_r2.ts): downgrade does not return to the schema before the upgrade (to undo: drop column public.users.email)',
    );
    expect(out.at(-1)).toMatch(/^1 of 5 checks failed/);
  });

  it('fails the stairway at the one revision whose downgrade forgets a column, among others that change the catalog', async () => {
    // r2 renames a column and back (the catalog's rows change, the schema does not): compared, and passes.
    const forgets: Revision = {
      id: 'r3',
      parent: 'r2',
      up: ['ALTER TABLE public.users ADD COLUMN IF NOT EXISTS email text'],
      down: [],
    };
    const audit: Revision = {
      id: 'r4',
      parent: 'r3',
      up: ['CREATE TABLE public.audit (id integer)'],
      down: ['DROP TABLE public.audit'],
    };
    const { project: p } = await project(
      [R1, RENAME, forgets, audit],
      `import { defineMetadata, integer, text } from 'athanor';
export const metadata = defineMetadata();
export const users = metadata.table('users', { id: integer().primaryKey(), display_name: text(), email: text() });
export const audit = metadata.table('audit', { id: integer() });
`,
    );
    const result = await p.migrate('test', ...urlArgs());
    expect(result.code).toBe(1);
    const out = lines(result.stdout).map((l) => l.replace(/ \(\d+ ms\)$/, ''));
    const stairway = out.indexOf('FAIL stairway: each of 4 revision(s) upgraded, downgraded, upgraded');
    expect(stairway).toBeGreaterThan(0);
    expect(out.slice(stairway + 1, -1)).toEqual([
      '       r3 (r3_r3.ts): downgrade does not return to the schema before the upgrade (to undo: drop column public.users.email)',
    ]);
    expect(out.at(-1)).toMatch(/^1 of 5 checks failed/);
  });

  it('fails the model check with what autogenerate would write', async () => {
    const { project: p } = await project(
      [R1, RENAME],
      MODEL.replace('display_name: text()', 'display_name: text(), email: text()'),
    );
    const result = await p.migrate('test', ...urlArgs());
    expect(result.code).toBe(1);
    const out = lines(result.stdout).map((l) => l.replace(/ \(\d+ ms\)$/, ''));
    expect(out[2]).toBe('FAIL the model matches head: 1 difference(s)');
    expect(out[3]).toMatch(/^ {7}autogenerate would write: add column public\.users\.email/);
  });

  it('fails on two heads, naming each, and on a statement that fails, naming the file and the statement', async () => {
    const second: Revision = { id: 'r3', parent: 'r1', up: ['SELECT 1'], down: [] };
    const broken: Revision = { id: 'r4', parent: 'r3', up: ['ALTER TABLE public.nope ADD COLUMN x int'], down: [] };
    const { project: p } = await project([R1, RENAME, second, broken]);
    const result = await p.migrate('test', ...urlArgs());
    expect(result.code).toBe(1);
    const out = lines(result.stdout).map((l) => l.replace(/ \(\d+ ms\)$/, ''));
    expect(out.slice(0, 3)).toEqual([
      'FAIL one head: found 2',
      '       r2 (r2_r2.ts): is a head; merge the heads with `migrate merge heads -m MSG`',
      '       r4 (r4_r4.ts): is a head; merge the heads with `migrate merge heads -m MSG`',
    ]);
    expect(out[3]).toBe('FAIL upgrade base -> head (4 revision(s))');
    expect(out[4]).toMatch(
      /^ {7}r4 \(r4_r4\.ts\): upgrade of revision r4 \(r4_r4\.ts\) failed and was rolled back: .*nope.* in statement: ALTER TABLE public\.nope ADD COLUMN x int/,
    );
  });

  it('tests only the revisions after --from', async () => {
    const { project: p } = await project([R1, RENAME]);
    const result = await p.migrate('test', '--from', 'r1', ...urlArgs());
    expect(result.code).toBe(0);
    const out = lines(result.stdout).map((l) => l.replace(/ \(\d+ ms\)$/, ''));
    expect(out[1]).toBe('ok   upgrade r1 -> head (1 revision(s))');
    expect(out[3]).toBe('ok   downgrade head -> r1 leaves nothing behind');
    expect(out[4]).toBe('ok   stairway: each of 1 revision(s) upgraded, downgraded, upgraded');

    // The same from code: command.test returns what --json prints.
    const fromCode = await command.test({
      cwd: p.dir,
      from: 'r1',
      ...(testTarget() === 'server' ? { url: adminUrl() } : {}),
    });
    expect(fromCode).toMatchObject({ ok: true, from: 'r1' });
    expect(fromCode.checks).toHaveLength(5);
  });

  it("passes the example project's history (a merge, an op.autocommit step, a backfill)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'athanor-example-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(fileURLToPath(new URL('../../migrations-example/', import.meta.url)), dir, {
      recursive: true,
      filter: (source) => !['.athanor', 'node_modules', '.env'].includes(basename(source)),
    });
    const stdout: string[] = [];
    const out: Output = { stdout: (s) => stdout.push(s), stderr: (s) => stdout.push(s), exitCode: 0 };
    const code = await run(['test', ...urlArgs()], out, dir);
    expect(stdout.join('\n')).toMatch(/\nAll 5 checks passed on /);
    expect(code).toBe(0);
  });

  it('refuses bad input with one line and exit 2', async () => {
    const { project: p } = await project([R1, RENAME]);
    const refused = async (...argv: string[]): Promise<string> => {
      const result = await p.migrate('test', ...argv);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')).toHaveLength(1);
      return result.stderr;
    };
    expect(await refused('--from', 'zz')).toBe(
      'error [unknown-revision]: no revision matches "zz"; run `migrate history` to see the revisions',
    );
    expect(await refused('--from', 'r2')).toBe(
      'error [nothing-to-test]: no revision comes after r2: leave out --from, or give an older revision',
    );
    expect(await refused('--url', 'pglite:./x')).toMatch(/^error \[bad-option\]: --url takes a server url/);
    expect(await refused('--url', 'mysql://x')).toMatch(/^error \[bad-url\]: invalid database url/);
  });
});

describe('athanor/testing', { timeout: 180_000 }, () => {
  it('runs one check per call, resolving when it passes and rejecting with the failures when not', async () => {
    const { project: p } = await project([R1, DROP_ADD]);
    const tests = testMigrations({ cwd: p.dir, ...(testTarget() === 'server' ? { url: adminUrl() } : {}) });
    try {
      expect(await tests.heads()).toMatchObject({ ok: true, title: 'one head (r2)' });
      expect(await tests.upgrade()).toMatchObject({ ok: true });
      expect(await tests.modelMatchesHead()).toMatchObject({ ok: true });
      expect(await tests.downgradeToBase()).toMatchObject({ ok: true });
      const failed = await tests.stairway().catch((error: unknown) => error);
      expect(failed).toMatchObject({ name: 'AthanorError', code: 'test-failed' });
      expect((failed as Error).message).toMatch(
        /^stairway: each of 2 revision\(s\) upgraded, downgraded, upgraded failed: r2 \(r2_r2\.ts\): after upgrade: query/,
      );
      // Out of order, a check starts again from a new scratch database.
      expect(await tests.modelMatchesHead()).toMatchObject({ ok: true });
    } finally {
      await tests.close();
    }
  });
});
