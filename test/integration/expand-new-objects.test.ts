import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';
import { revisionFile } from '../helpers/expand-revisions.js';

/*
 * `migrate upgrade head --expand` of a revision, written by
 * `migrate revision --autogenerate`, that creates a schema, an enum, a domain
 * and a sequence and adds columns of them to a table with rows: they are
 * created at expand (the old version uses none of them), kept by contract
 * (`check` clean), dropped by abort after the columns over them. Comments
 * are set at contract.
 */

const VERSION_SCHEMA = 'athanor_v_n2';

const BASE = "  await op.execute('CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL)');";

const MODEL = `import { defineMetadata, serial, text, bigint, integer, check, sql } from 'athanor';
export const metadata = defineMetadata();
export const tier = metadata.enum('tier', ['free', 'pro']);
export const positive = metadata.domain('positive', integer(), { checks: [check(sql\`VALUE > 0\`)] });
export const invoiceNo = metadata.sequence('invoice_no');
export const accounts = metadata.table('accounts', {
  id: serial().primaryKey(),
  name: text().notNull(),
  tier: tier.column().notNull().default('free').comment('the plan paid for'),
  credits: positive.column(),
  invoice: bigint().default(invoiceNo.nextval()),
});
export const audit = metadata.table('entries', { id: serial().primaryKey(), note: text() }, { schema: 'audit', comment: 'what happened' });
`;

async function setUp(): Promise<{ url: string; project: TempProject }> {
  const db = await createTestDatabase('expand_new_objects');
  const project = tempProject(db.url);
  project.write('migrations/versions/n1_base.ts', revisionFile('n1', null, BASE));
  const base = await project.migrate('upgrade', 'n1');
  expect([base.code, base.stderr]).toEqual([0, '']);
  await runSql(db.url, `INSERT INTO accounts (name) VALUES ('ann'), ('bob')`);
  project.write('models.ts', MODEL);
  const written = await project.migrate('revision', '--autogenerate', '-m', 'tiers', '--rev-id', 'n2');
  expect([written.code, written.stderr]).toEqual([0, '']);
  const file = readdirSync(project.versionsDir).find((f) => f.startsWith('n2_'));
  const revision = readFileSync(join(project.versionsDir, file!), 'utf8');
  for (const call of ['createSchema', 'createEnum', 'createDomain', 'createSequence', 'setComment'])
    expect(revision).toContain(`op.${call}(`);
  expect(revision).not.toContain('upgrade --expand cannot serve');
  return { url: db.url, project };
}

/** The connection string of the new version: the version schema first in its search_path. */
const inVersion = (url: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${VERSION_SCHEMA},public`)}`;

const made = (url: string) =>
  queryRows(
    url,
    `SELECT to_regtype('public.tier')::text AS tier, to_regtype('public.positive')::text AS positive,
            to_regclass('public.invoice_no')::text AS invoice_no, to_regnamespace('audit')::text AS audit`,
  );

const accountColumns = async (url: string): Promise<string[]> =>
  (
    await queryRows<{ attname: string }>(
      url,
      `SELECT attname FROM pg_attribute WHERE attrelid = 'public.accounts'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    )
  ).map((r) => r.attname);

skipWhen(testTarget() !== 'server', 'expand serves two versions through views on a server').describe(
  'migrate upgrade --expand of new schemas, types and sequences',
  () => {
    it('creates them at expand for the new version, the old one writing on; contract keeps them', async () => {
      const { url, project } = await setUp();
      const expanded = await project.migrate('upgrade', 'head', '--expand');
      expect([expanded.code, expanded.stderr]).toEqual([0, '']);
      expect(await made(url)).toEqual([
        { tier: 'tier', positive: 'positive', invoice_no: 'invoice_no', audit: 'audit' },
      ]);
      await runSql(url, `INSERT INTO accounts (name) VALUES ('old')`);
      await runSql(inVersion(url), `INSERT INTO accounts (name, tier, credits) VALUES ('new', 'pro', 5)`);
      await runSql(url, `INSERT INTO audit.entries (note) VALUES ('new version')`);

      const contracted = await project.migrate('contract');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(
        await queryRows(
          url,
          `SELECT col_description('public.accounts'::regclass, 3) AS tier, obj_description('audit.entries'::regclass) AS entries`,
        ),
      ).toEqual([{ tier: 'the plan paid for', entries: 'what happened' }]);
      expect(await queryRows(url, `SELECT name, tier::text, credits FROM accounts ORDER BY id`)).toEqual([
        { name: 'ann', tier: 'free', credits: null },
        { name: 'bob', tier: 'free', credits: null },
        { name: 'old', tier: 'free', credits: null },
        { name: 'new', tier: 'pro', credits: 5 },
      ]);
      const check = await project.migrate('check');
      expect([check.code, check.stderr]).toEqual([0, '']);
    });

    it('abort drops them after the columns over them: the old shape back', async () => {
      const { url, project } = await setUp();
      const expanded = await project.migrate('upgrade', 'head', '--expand');
      expect([expanded.code, expanded.stderr]).toEqual([0, '']);
      await runSql(inVersion(url), `INSERT INTO accounts (name, tier) VALUES ('new', 'pro')`);

      const aborted = await project.migrate('abort');
      expect([aborted.code, aborted.stderr]).toEqual([0, '']);
      expect(await made(url)).toEqual([{ tier: null, positive: null, invoice_no: null, audit: null }]);
      expect(await accountColumns(url)).toEqual(['id', 'name']);
      expect(await queryRows(url, `SELECT name FROM accounts ORDER BY id`)).toEqual([
        { name: 'ann' },
        { name: 'bob' },
        { name: 'new' },
      ]);
      // Expanded again after the abort, the same revision is served anew.
      const again = await project.migrate('upgrade', 'head', '--expand');
      expect([again.code, again.stderr]).toEqual([0, '']);
      expect((await project.migrate('contract')).code).toBe(0);
      expect((await project.migrate('check')).code).toBe(0);
    });
  },
);

/*
 * A publication's table list changed as a table is created and another dropped: the publication is altered
 * in contract's transaction before the table is dropped, and what subscribers receive stays as it was until
 * then; abort leaves it alone. One that lists a table renamed in the same expand is refused.
 */
const PUBLICATION_BASE = [
  "  await op.execute('CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL)');",
  "  await op.execute('CREATE TABLE notes (id serial PRIMARY KEY, body text)');",
  "  await op.execute('CREATE PUBLICATION feed FOR TABLE accounts, notes');",
].join('\n');

const PUBLICATION_MODEL = `import { defineMetadata, serial, text } from 'athanor';
export const metadata = defineMetadata();
export const accounts = metadata.table('accounts', { id: serial().primaryKey(), name: text().notNull() });
export const invoices = metadata.table('invoices', { id: serial().primaryKey(), total: text().notNull(), due: text() });
metadata.publication('feed', { tables: [accounts, invoices] });
`;

async function publicationSetUp(): Promise<{ url: string; project: TempProject }> {
  const db = await createTestDatabase('expand_publication');
  const project = tempProject(db.url);
  project.write('migrations/versions/p1_base.ts', revisionFile('p1', null, PUBLICATION_BASE));
  const base = await project.migrate('upgrade', 'p1');
  expect(base.code).toBe(0);
  project.write('models.ts', PUBLICATION_MODEL);
  const written = await project.migrate('revision', '--autogenerate', '-m', 'invoices', '--rev-id', 'p2');
  expect([written.code, written.stderr]).toEqual([0, '']);
  const file = readdirSync(project.versionsDir).find((f) => f.startsWith('p2_'));
  const revision = readFileSync(join(project.versionsDir, file!), 'utf8');
  expect(revision).toContain('op.alterPublication(');
  expect(revision).not.toContain('upgrade --expand cannot serve');
  return { url: db.url, project };
}

const published = async (url: string): Promise<string[]> =>
  (
    await queryRows<{ tablename: string }>(
      url,
      `SELECT tablename::text FROM pg_publication_tables WHERE pubname = 'feed' ORDER BY tablename`,
    )
  ).map((r) => r.tablename);

skipWhen(testTarget() !== 'server', 'expand serves two versions through views on a server').describe(
  'migrate upgrade --expand of a publication altered',
  () => {
    it('alters it at contract, after the table it adds is created at expand', async () => {
      const { url, project } = await publicationSetUp();
      const expanded = await project.migrate('upgrade', 'head', '--expand');
      expect(expanded.code, expanded.stderr).toBe(0);
      expect(await published(url)).toEqual(['accounts', 'notes']);
      expect(await queryRows(url, `SELECT to_regclass('public.invoices')::text AS invoices`)).toEqual([
        { invoices: 'invoices' },
      ]);
      await runSql(url, `INSERT INTO notes (body) VALUES ('the old version writes on')`);

      const contracted = await project.migrate('contract');
      expect(contracted.code, contracted.stderr).toBe(0);
      expect(await published(url)).toEqual(['accounts', 'invoices']);
      expect(await queryRows(url, `SELECT to_regclass('public.notes')::text AS notes`)).toEqual([{ notes: null }]);
      const check = await project.migrate('check');
      expect([check.code, check.stdout]).toEqual([0, 'No differences: the database matches the model.']);
    });

    it('refuses one that lists a table renamed in the same expand, changing nothing', async () => {
      const db = await createTestDatabase('expand_publication');
      const project = tempProject(db.url);
      project.write('migrations/versions/p1_base.ts', revisionFile('p1', null, PUBLICATION_BASE));
      expect((await project.migrate('upgrade', 'p1')).code).toBe(0);
      const feed = (...tables: string[]) =>
        JSON.stringify({
          name: 'feed',
          allTables: false,
          tables: tables.map((table) => ({ schema: 'public', table })),
          schemas: [],
          publish: ['insert', 'update', 'delete', 'truncate'],
          viaRoot: false,
        });
      const body = [
        "  await op.renameTable({ schema: 'public', from: 'accounts', to: 'customers' });",
        `  await op.alterPublication({ name: 'feed', from: ${feed('accounts', 'notes')}, to: ${feed('customers')} });`,
      ].join('\n');
      project.write('migrations/versions/p2_rename.ts', revisionFile('p2', 'p1', body));
      const expanded = await project.migrate('upgrade', 'head', '--expand');
      expect(expanded.code).toBe(2);
      expect(expanded.stderr).toContain('publication feed lists public.customers, renamed in the same expand');
      expect(expanded.stderr.trim().split('\n')).toHaveLength(1);
      expect(await published(db.url)).toEqual(['accounts', 'notes']);
    });

    it('abort leaves it as it was', async () => {
      const { url, project } = await publicationSetUp();
      expect((await project.migrate('upgrade', 'head', '--expand')).code).toBe(0);
      const aborted = await project.migrate('abort');
      expect(aborted.code, aborted.stderr).toBe(0);
      expect(await published(url)).toEqual(['accounts', 'notes']);
      expect(await queryRows(url, `SELECT to_regclass('public.invoices')::text AS invoices`)).toEqual([
        { invoices: null },
      ]);
    });
  },
);
