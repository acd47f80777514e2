import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';
import { revisionFile } from '../helpers/expand-revisions.js';

/*
 * `migrate upgrade head --expand` of a revision, written by
 * `migrate revision --autogenerate`, that renames a column and replaces the
 * application's SQL function, plpgsql function and views that read it: the
 * old version calls the old routines on the tables as they are, the new one
 * the new routines in its version schema; `contract` leaves what a plain
 * upgrade does (`check` clean), `abort` the old routines and views. Hand-written
 * revisions: a function, a SQL-standard body and a procedure created, a
 * function, an index and a check dropped at contract; an expand stopped
 * before its routines are made, aborted, then run again; a routine that
 * cannot be made over the version refused.
 */

const VERSION_SCHEMA = 'athanor_v_r2';

const BASE = [
  "  await op.execute('CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, balance integer NOT NULL DEFAULT 0)');",
  "  await op.execute('CREATE FUNCTION account_name(i integer) RETURNS text LANGUAGE sql STABLE AS $$ SELECT name FROM accounts WHERE id = i $$');",
  "  await op.execute('CREATE FUNCTION rich_names(min integer) RETURNS SETOF text LANGUAGE plpgsql STABLE SET search_path = public AS $$ BEGIN RETURN QUERY SELECT a.name FROM accounts a WHERE a.balance >= min ORDER BY a.id; END $$');",
  "  await op.execute('CREATE VIEW account_names AS SELECT id, name AS who FROM accounts');",
  "  await op.execute('CREATE VIEW named_accounts AS SELECT id, name FROM accounts');",
  "  await op.execute('CREATE VIEW account_labels AS SELECT id, $$x:$$ || name AS label FROM accounts');",
].join('\n');

/** The model at r1: what BASE makes. */
const MODEL_R1 = `import { defineMetadata, integer, serial, sql, text } from 'athanor';
export const metadata = defineMetadata();
export const accounts = metadata.table('accounts', {
  id: serial().primaryKey(),
  name: text().notNull(),
  balance: integer().notNull().default(sql\`0\`),
});
metadata.function(sql\`CREATE FUNCTION account_name(i integer) RETURNS text LANGUAGE sql STABLE AS $$ SELECT name FROM accounts WHERE id = i $$\`);
metadata.function(sql\`CREATE FUNCTION rich_names(min integer) RETURNS SETOF text LANGUAGE plpgsql STABLE SET search_path = public AS $$ BEGIN RETURN QUERY SELECT a.name FROM accounts a WHERE a.balance >= min ORDER BY a.id; END $$\`);
metadata.view('account_names', sql\`SELECT id, name AS who FROM accounts\`);
metadata.view('named_accounts', sql\`SELECT id, name FROM accounts\`);
metadata.view('account_labels', sql\`SELECT id, 'x:' || name AS label FROM accounts\`);
`;

/** The model at r2: \`name\` renamed \`full_name\`, the routines and views reading it rewritten. */
const MODEL_R2 = MODEL_R1.replace('name: text()', 'full_name: text()')
  .replace('SELECT name FROM accounts WHERE id = i', "SELECT full_name || '!' FROM accounts WHERE id = i")
  .replace('SELECT a.name FROM', "SELECT a.full_name || '?' FROM")
  .replace('SELECT id, name AS who', 'SELECT id, full_name AS who')
  .replace('SELECT id, name FROM', 'SELECT id, full_name FROM')
  .replace("SELECT id, 'x:' || name AS label", "SELECT id, 'y:' || full_name AS label");

/** The hand-written r2 over r1: `name` renamed `full_name`, then `lines`. */
const renameRevision = (...lines: string[]): string => {
  const rename = "  await op.renameColumn({ schema: 'public', table: 'accounts', from: 'name', to: 'full_name' });";
  return revisionFile('r2', 'r1', [rename, ...lines].join('\n'));
};
/** A line of a hand-written revision: a new body for the SQL function that reads the renamed column. */
const replaceAccountName = (body: string): string =>
  `  await op.replaceFunction({ function: { schema: 'public', name: 'account_name', kind: 'function', argumentTypes: 'integer', arguments: 'i integer', result: 'text', dependsOn: [], definition: "CREATE OR REPLACE FUNCTION public.account_name(i integer)\\n RETURNS text\\n LANGUAGE sql\\n STABLE\\nAS $function$ ${body} $function$" } });`;

async function setUp(): Promise<{ url: string; project: TempProject; revision: string }> {
  const db = await createTestDatabase('expand_routines');
  const project = tempProject(db.url);
  project.write('migrations/versions/r1_base.ts', revisionFile('r1', null, BASE));
  const base = await project.migrate('upgrade', 'r1');
  expect([base.code, base.stderr]).toEqual([0, '']);
  await runSql(db.url, `INSERT INTO accounts (name, balance) VALUES ('ann', 10), ('bob', 20), ('cat', 30)`);
  project.write('models.ts', MODEL_R2);
  const written = await project.migrate(
    'revision',
    '--autogenerate',
    '-m',
    'rename',
    '--rev-id',
    'r2',
    '--rename',
    'accounts.name=full_name',
  );
  expect([written.code, written.stderr]).toEqual([0, '']);
  const file = readdirSync(project.versionsDir).find((f) => f.startsWith('r2_'));
  return { url: db.url, project, revision: readFileSync(join(project.versionsDir, file!), 'utf8') };
}

const oldVersion = async (url: string) => ({
  name: await queryRows(url, `SELECT account_name(2) AS v`),
  rich: await queryRows(url, `SELECT rich_names(20) AS v`),
  view: await queryRows(url, `SELECT who FROM account_names ORDER BY id`),
  named: await queryRows(url, `SELECT name FROM named_accounts ORDER BY id`),
  label: await queryRows(url, `SELECT label FROM account_labels WHERE id = 2`),
});

/** The connection string of the new version: the version schema first in its search_path. */
const inVersion = (url: string, schema = VERSION_SCHEMA): string =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema},public`)}`;

const newVersion = async (url: string) => ({
  name: await queryRows(inVersion(url), `SELECT account_name(2) AS v`),
  rich: await queryRows(inVersion(url), `SELECT rich_names(20) AS v`),
  view: await queryRows(inVersion(url), `SELECT who FROM account_names ORDER BY id`),
  named: await queryRows(inVersion(url), `SELECT full_name FROM named_accounts ORDER BY id`),
  label: await queryRows(inVersion(url), `SELECT label FROM account_labels WHERE id = 2`),
});

const versionSchemas = (url: string) =>
  queryRows(url, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'athanor\\_v\\_%'`);

skipWhen(testTarget() !== 'server', 'expand serves two versions through views on a server').describe(
  'migrate upgrade --expand of the application’s routines and views',
  () => {
    for (const finish of ['contract', 'abort'] as const)
      it(`serves the old routines and views to the old version, the new ones to the new; ${finish}`, async () => {
        const { url, project, revision } = await setUp();
        expect(revision).toContain('renameColumn');
        expect(revision).toContain('replaceFunction');
        expect(revision).toContain('replaceView');
        expect(revision).not.toContain('upgrade --expand cannot serve');

        const expanded = await project.migrate('upgrade', 'head', '--expand');
        expect([expanded.code, expanded.stderr]).toEqual([0, '']);

        // Both versions write; each reads the other's rows through its own routines and views.
        await runSql(url, `INSERT INTO accounts (name, balance) VALUES ('old', 40)`);
        await runSql(inVersion(url), `INSERT INTO accounts (full_name, balance) VALUES ('new', 50)`);
        const old = {
          name: [{ v: 'bob' }],
          rich: ['bob', 'cat', 'old', 'new'].map((v) => ({ v })),
          view: ['ann', 'bob', 'cat', 'old', 'new'].map((who) => ({ who })),
          named: ['ann', 'bob', 'cat', 'old', 'new'].map((name) => ({ name })),
          label: [{ label: 'x:bob' }],
        };
        expect(await oldVersion(url)).toEqual(old);
        expect(await newVersion(url)).toEqual({
          name: [{ v: 'bob!' }],
          rich: ['bob?', 'cat?', 'old?', 'new?'].map((v) => ({ v })),
          view: ['ann', 'bob', 'cat', 'old', 'new'].map((who) => ({ who })),
          named: ['ann', 'bob', 'cat', 'old', 'new'].map((full_name) => ({ full_name })),
          // Replaced by the revision and reading a renamed column: the revision's definition, once.
          label: [{ label: 'y:bob' }],
        });
        // The old routines are untouched.
        expect(
          await queryRows(
            url,
            `SELECT proname, prosrc LIKE '%full_name%' AS new FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1`,
          ),
        ).toEqual([
          { proname: 'account_name', new: false },
          { proname: 'rich_names', new: false },
        ]);

        const done = await project.migrate(finish);
        expect([done.code, done.stderr]).toEqual([0, '']);
        expect(await versionSchemas(url)).toEqual([]);
        if (finish === 'contract') {
          expect(
            await queryRows(url, `SELECT account_name(2) AS v, (SELECT count(*)::int FROM rich_names(0)) AS n`),
          ).toEqual([{ v: 'bob!', n: 5 }]);
          expect(await queryRows(url, `SELECT full_name FROM named_accounts ORDER BY id LIMIT 1`)).toEqual([
            { full_name: 'ann' },
          ]);
        } else {
          expect(await oldVersion(url)).toEqual(old);
          // Against the old model, without the revision aborted.
          project.write('models.ts', MODEL_R1);
          for (const f of readdirSync(project.versionsDir).filter((f) => f.startsWith('r2_')))
            rmSync(join(project.versionsDir, f));
        }
        const check = await project.migrate('check');
        expect([check.code, check.stdout, check.stderr]).toEqual([0, expect.any(String), '']);
      });

    it('creates a new function in the version schema; keeps a dropped function, index and check until contract', async () => {
      const { url, project } = await setUp();
      await runSql(
        url,
        `CREATE INDEX accounts_balance_idx ON accounts (balance); ALTER TABLE accounts ADD CONSTRAINT accounts_balance_check CHECK (balance >= 0)`,
      );
      project.write(
        'migrations/versions/r2_rename.ts',
        renameRevision(
          "  await op.dropFunction({ schema: 'public', name: 'account_name', routine: 'function', argumentTypes: 'integer' });",
          "  await op.autocommit(async () => { await op.dropIndex({ schema: 'public', table: 'accounts', name: 'accounts_balance_idx', online: true }); });",
          "  await op.dropConstraint({ schema: 'public', table: 'accounts', name: 'accounts_balance_check' });",
          "  await op.createFunction({ function: { schema: 'public', name: 'shout', kind: 'function', argumentTypes: 'integer', arguments: 'i integer', result: 'text', dependsOn: [], definition: \"CREATE OR REPLACE FUNCTION public.shout(i integer)\\n RETURNS text\\n LANGUAGE sql\\n STABLE\\nAS $function$ SELECT upper(full_name) FROM accounts WHERE id = i $function$\\n\" } });",
          "  await op.createFunction({ function: { schema: 'public', name: 'mark', kind: 'procedure', argumentTypes: 'text', arguments: 'suffix text', result: '', dependsOn: [], definition: \"CREATE PROCEDURE public.mark(suffix text) LANGUAGE sql AS $$ UPDATE accounts SET full_name = full_name || suffix WHERE id = 3 $$\" } });",
        ) + 'export const transactional = false;\n',
      );
      const expanded = await project.migrate('upgrade', 'head', '--expand');
      expect([expanded.code, expanded.stderr]).toEqual([0, '']);
      // The old version still has the dropped function, not the new one; the new version has the new one.
      expect(await queryRows(url, `SELECT account_name(1) AS v`)).toEqual([{ v: 'ann' }]);
      await expect(queryRows(url, `SELECT shout(1) AS v`)).rejects.toThrow(/does not exist/);
      expect(await queryRows(inVersion(url), `SELECT shout(1) AS v`)).toEqual([{ v: 'ANN' }]);

      // A procedure.
      await runSql(inVersion(url), `CALL mark('+')`);
      expect(await queryRows(url, `SELECT name FROM accounts WHERE id = 3`)).toEqual([{ name: 'cat+' }]);
      // The index and the check stay for both versions until contract.
      const kept = `SELECT (SELECT count(*)::int FROM pg_indexes WHERE indexname = 'accounts_balance_idx') AS indexes,
        (SELECT count(*)::int FROM pg_constraint WHERE conname = 'accounts_balance_check') AS checks`;
      expect(await queryRows(url, kept)).toEqual([{ indexes: 1, checks: 1 }]);
      await expect(
        runSql(inVersion(url), `INSERT INTO accounts (full_name, balance) VALUES ('neg', -1)`),
      ).rejects.toThrow(/accounts_balance_check/);

      const contracted = await project.migrate('contract');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(await queryRows(url, `SELECT shout(2) AS v`)).toEqual([{ v: 'BOB' }]);
      await expect(queryRows(url, `SELECT account_name(1) AS v`)).rejects.toThrow(/does not exist/);
      expect(await versionSchemas(url)).toEqual([]);
      expect(await queryRows(url, kept)).toEqual([{ indexes: 0, checks: 0 }]);
    });

    skipWhen((inject('serverVersion') ?? 0) < 140000, 'SQL-standard bodies (BEGIN ATOMIC) came with PostgreSQL 14').it(
      'creates a function with a SQL-standard body over the version’s views',
      async () => {
        const { url, project } = await setUp();
        project.write(
          'migrations/versions/r2_rename.ts',
          renameRevision(
            "  await op.createFunction({ function: { schema: 'public', name: 'first_name', kind: 'function', argumentTypes: '', arguments: '', result: 'text', dependsOn: [], definition: 'CREATE FUNCTION first_name() RETURNS text LANGUAGE sql STABLE BEGIN ATOMIC SELECT full_name FROM accounts ORDER BY id LIMIT 1; END' } });",
          ),
        );
        const expanded = await project.migrate('upgrade', 'head', '--expand');
        expect([expanded.code, expanded.stderr]).toEqual([0, '']);
        // Read over the version's views as it is created: the new column's name, served there only.
        expect(await queryRows(inVersion(url), `SELECT first_name() AS v`)).toEqual([{ v: 'ann' }]);
        await expect(queryRows(url, `SELECT first_name() AS v`)).rejects.toThrow(/does not exist/);
        const contracted = await project.migrate('contract');
        expect([contracted.code, contracted.stderr]).toEqual([0, '']);
        expect(await queryRows(url, `SELECT first_name() AS v`)).toEqual([{ v: 'ann' }]);
        expect(await versionSchemas(url)).toEqual([]);
      },
    );

    it('an expand stopped before its routines are made is aborted, or run again to the end', async () => {
      const { url, project } = await setUp();
      project.write(
        'migrations/versions/r2_rename.ts',
        renameRevision(
          replaceAccountName("SELECT full_name || '!' FROM accounts WHERE id = i"),
          `  await op.execute('SELECT 1', { expand: "INSERT INTO public.gate VALUES (1)", contract: '' });`,
        ),
      );
      const stopped = await project.migrate('upgrade', 'head', '--expand');
      expect(stopped.code).not.toBe(0);
      expect(stopped.stderr).toContain('gate');
      const aborted = await project.migrate('abort');
      expect([aborted.code, aborted.stderr]).toEqual([0, '']);
      expect(await queryRows(url, `SELECT account_name(2) AS v`)).toEqual([{ v: 'bob' }]);
      expect(await versionSchemas(url)).toEqual([]);

      // Stopped again at the same part; run again once it can go on.
      expect((await project.migrate('upgrade', 'head', '--expand')).code).not.toBe(0);
      await runSql(url, 'CREATE TABLE public.gate (n integer)');
      const rerun = await project.migrate('upgrade', 'head', '--expand');
      expect([rerun.code, rerun.stderr]).toEqual([0, '']);
      expect(await queryRows(url, `SELECT account_name(2) AS v`)).toEqual([{ v: 'bob' }]);
      expect(await queryRows(inVersion(url), `SELECT account_name(2) AS v`)).toEqual([{ v: 'bob!' }]);
      const contracted = await project.migrate('contract');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(await queryRows(url, `SELECT account_name(2) AS v`)).toEqual([{ v: 'bob!' }]);
      expect(await versionSchemas(url)).toEqual([]);
    });

    it('an expand over an expanded revision serves the newest definition; contract makes it', async () => {
      const { url, project } = await setUp();
      project.write(
        'migrations/versions/r2_rename.ts',
        renameRevision(replaceAccountName("SELECT full_name || '!' FROM accounts WHERE id = i")),
      );
      const first = await project.migrate('upgrade', 'head', '--expand');
      expect([first.code, first.stderr]).toEqual([0, '']);
      project.write(
        'migrations/versions/r3_again.ts',
        revisionFile('r3', 'r2', replaceAccountName("SELECT full_name || '!!' FROM accounts WHERE id = i")),
      );
      const over = await project.migrate('upgrade', 'head', '--expand');
      expect([over.code, over.stderr]).toEqual([0, '']);
      const r3 = inVersion(url, 'athanor_v_r3');
      expect(await queryRows(r3, `SELECT account_name(2) AS v`)).toEqual([{ v: 'bob!!' }]);
      expect(await queryRows(url, `SELECT account_name(2) AS v`)).toEqual([{ v: 'bob' }]);
      expect(await versionSchemas(url)).toEqual([{ nspname: 'athanor_v_r3' }]);
      const contracted = await project.migrate('contract');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(await queryRows(url, `SELECT account_name(2) AS v`)).toEqual([{ v: 'bob!!' }]);
      expect(await versionSchemas(url)).toEqual([]);
    });

    it('refuses in one line a routine whose new definition cannot be made over the version, changing nothing', async () => {
      const { url, project } = await setUp();
      project.write(
        'migrations/versions/r2_rename.ts',
        renameRevision(
          "  await op.createFunction({ function: { schema: 'public', name: 'broken', kind: 'function', argumentTypes: '', arguments: '', result: 'text', dependsOn: [], definition: \"CREATE OR REPLACE FUNCTION public.broken()\\n RETURNS text\\n LANGUAGE sql\\nAS $function$ SELECT nickname FROM accounts $function$\\n\" } });",
        ),
      );
      const refused = await project.migrate('upgrade', 'head', '--expand');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('function public.broken() cannot be made in athanor_v_r2');
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(await versionSchemas(url)).toEqual([]);
      expect(await queryRows(url, `SELECT to_regprocedure('public.broken()') IS NULL AS gone`)).toEqual([
        { gone: true },
      ]);
    });
  },
);
