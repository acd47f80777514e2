import { expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { revisionFile } from '../helpers/expand-revisions.js';
import { skipWhen } from '../helpers/skips.js';

/*
 * Hand-written SQL under `migrate upgrade head --expand`: `op.execute(sql, { expand, contract, abort })`
 * runs its expand part at expand, its contract part at contract and its abort part at abort, beside the
 * revision's other operations; a plain upgrade runs `sql`. Without the parts the revision is refused.
 */

const BASE = [
  "  await op.execute('CREATE TABLE public.accounts (id serial PRIMARY KEY, name text NOT NULL)');",
  "  await op.execute('CREATE TABLE public.settings (id int PRIMARY KEY, colour text)');",
].join('\n');

/** A rename served by the views, and a column moved by hand-written SQL declared in parts. */
const RESHAPE = [
  "  await op.renameColumn({ schema: 'public', table: 'accounts', from: 'name', to: 'full_name' });",
  "  await op.execute('ALTER TABLE public.settings ADD COLUMN theme text; ALTER TABLE public.settings DROP COLUMN colour', {",
  "    expand: 'ALTER TABLE public.settings ADD COLUMN theme text',",
  "    contract: 'ALTER TABLE public.settings DROP COLUMN colour',",
  "    abort: 'ALTER TABLE public.settings DROP COLUMN theme',",
  '  });',
].join('\n');

const columns = async (url: string, table: string): Promise<string[]> =>
  (
    await queryRows<{ c: string }>(
      url,
      `SELECT attname AS c FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [table],
    )
  ).map((r) => r.c);

const version = async (url: string): Promise<string[]> =>
  (await queryRows<{ v: string }>(url, 'SELECT version_num AS v FROM public.athanor_version')).map((r) => r.v);

async function setUp(reshape: string) {
  const db = await createTestDatabase('expand_sql');
  const project = tempProject(db.url);
  project.write('migrations/versions/e1_base.ts', revisionFile('e1', null, BASE));
  const base = await project.migrate('upgrade', 'e1');
  expect([base.code, base.stderr]).toEqual([0, '']);
  await runSql(db.url, `INSERT INTO accounts (name) VALUES ('a'); INSERT INTO settings VALUES (1, 'red')`);
  project.write('migrations/versions/e2_reshape.ts', revisionFile('e2', 'e1', reshape));
  return { url: db.url, project };
}

skipWhen(testTarget() !== 'server', 'expand serves two versions through views and triggers on a server').describe(
  'hand-written SQL under upgrade --expand',
  () => {
    it('runs the expand part at expand and the contract part at contract', async () => {
      const { url, project } = await setUp(RESHAPE);
      const lint = await project.migrate('lint', 'e2', '--fail-on', 'expand');
      expect([lint.code, lint.stdout]).toEqual([0, expect.not.stringContaining('not-expandable')]);

      const expanded = await project.migrate('upgrade', 'head', '--expand');
      expect([expanded.code, expanded.stderr]).toEqual([0, '']);
      expect(await columns(url, 'public.settings')).toEqual(['id', 'colour', 'theme']);
      expect(await queryRows(url, 'SELECT full_name FROM athanor_v_e2.accounts')).toEqual([{ full_name: 'a' }]);
      expect(await version(url)).toEqual(['e1']);

      const contracted = await project.migrate('contract');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(await columns(url, 'public.settings')).toEqual(['id', 'theme']);
      expect(await columns(url, 'public.accounts')).toEqual(['id', 'full_name']);
      expect(await version(url)).toEqual(['e2']);
    });

    it('runs the abort part at abort, and nothing of the contract part', async () => {
      const { url, project } = await setUp(RESHAPE);
      const expanded = await project.migrate('upgrade', 'head', '--expand');
      expect([expanded.code, expanded.stderr]).toEqual([0, '']);
      const aborted = await project.migrate('abort');
      expect([aborted.code, aborted.stderr]).toEqual([0, '']);
      expect(await columns(url, 'public.settings')).toEqual(['id', 'colour']);
      expect(await columns(url, 'public.accounts')).toEqual(['id', 'name']);
      expect(await queryRows(url, 'SELECT colour FROM settings')).toEqual([{ colour: 'red' }]);
      expect(await version(url)).toEqual(['e1']);
      // A plain upgrade runs the SQL as written.
      const plain = await project.migrate('upgrade', 'head');
      expect([plain.code, plain.stderr]).toEqual([0, '']);
      expect(await columns(url, 'public.settings')).toEqual(['id', 'theme']);
    });

    it('a run stopped in an expand part goes on from it: each part that committed runs once', async () => {
      const once =
        '{ expand: "INSERT INTO public.log VALUES (\'first\')", contract: "INSERT INTO public.log VALUES (\'contract\')" }';
      const later = "{ expand: \"INSERT INTO public.later VALUES ('second')\", contract: '' }";
      const { url, project } = await setUp(
        [`  await op.execute('SELECT 1', ${once});`, `  await op.execute('SELECT 2', ${later});`].join('\n'),
      );
      await runSql(url, 'CREATE TABLE public.log (t text)');
      const stopped = await project.migrate('upgrade', 'head', '--expand');
      expect(stopped.code).not.toBe(0);
      expect(stopped.stderr).toContain('later');
      expect(JSON.parse((await project.migrate('current', '--json')).stdout)).toMatchObject({
        expand: { revisions: ['e2'], phase: 'expanding' },
      });
      await runSql(url, 'CREATE TABLE public.later (t text)');
      const rerun = await project.migrate('upgrade', 'head', '--expand');
      expect([rerun.code, rerun.stderr]).toEqual([0, '']);
      const contracted = await project.migrate('contract');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(await queryRows(url, 'SELECT t FROM public.log')).toEqual([{ t: 'first' }, { t: 'contract' }]);
      expect(await queryRows(url, 'SELECT t FROM public.later')).toEqual([{ t: 'second' }]);
      expect(await version(url)).toEqual(['e2']);
    });

    it('an expand over an expanded revision runs only its own parts; contract runs every contract part in order', async () => {
      const part = (id: string) =>
        `  await op.execute('SELECT 1', { expand: "INSERT INTO public.log (t) VALUES ('${id}')", contract: "INSERT INTO public.log (t) VALUES ('${id}-contract')" });`;
      const { url, project } = await setUp(part('e2'));
      project.write('migrations/versions/e3_more.ts', revisionFile('e3', 'e2', part('e3')));
      await runSql(url, 'CREATE TABLE public.log (n serial, t text)');
      const first = await project.migrate('upgrade', 'e2', '--expand');
      expect([first.code, first.stderr]).toEqual([0, '']);
      const over = await project.migrate('upgrade', 'head', '--expand');
      expect([over.code, over.stderr]).toEqual([0, '']);
      const contracted = await project.migrate('contract');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(await queryRows(url, 'SELECT t FROM public.log ORDER BY n')).toEqual([
        { t: 'e2' },
        { t: 'e3' },
        { t: 'e2-contract' },
        { t: 'e3-contract' },
      ]);
      expect(await version(url)).toEqual(['e3']);
    });

    it('refuses hand-written SQL without its parts in one line naming the file', async () => {
      const { url, project } = await setUp(
        "  await op.execute('ALTER TABLE public.settings ADD COLUMN theme text', { contract: '' });",
      );
      const refused = await project.migrate('upgrade', 'head', '--expand');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr.split('\n')).toHaveLength(1);
      expect(refused.stderr).toContain('migrations/versions/e2_reshape.ts');
      expect(refused.stderr).toContain('op.execute(sql, { expand, contract, abort })');
      expect(await columns(url, 'public.settings')).toEqual(['id', 'colour']);
    });
  },
);
