import { expect, inject, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget, type TestDatabase } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { testRoles } from '../helpers/roles.js';
import { skipWhen } from '../helpers/skips.js';
import { revisionFile } from '../helpers/expand-revisions.js';

/*
 * `migrate upgrade head --expand` where the application connects as a role
 * of its own, under row-level security: the new version's views of the
 * tables carry each table's grants (table and column ones), and the view of
 * a table with row-level security reads it as the role querying it
 * (`security_invoker`, PostgreSQL 15), so the new version sees the rows and
 * tables the old one sees, no more. Before 15 such a table is refused in one
 * line.
 */

const VERSION_SCHEMA = 'athanor_v_p2';
const roles = testRoles('app', 'auditor');
const [app, auditor] = roles.names as [string, string];

const BASE = [
  "  await op.execute('CREATE TABLE accounts (id serial PRIMARY KEY, owner name NOT NULL DEFAULT current_user, name text, note text)');",
  "  await op.execute('ALTER TABLE accounts ENABLE ROW LEVEL SECURITY');",
  "  await op.execute('CREATE POLICY own ON accounts USING (owner = current_user)');",
  `  await op.execute('GRANT SELECT, INSERT ON accounts TO "${app}"');`,
  `  await op.execute('GRANT USAGE ON SEQUENCE accounts_id_seq TO "${app}"');`,
  "  await op.execute('CREATE TABLE secrets (id serial PRIMARY KEY, body text)');",
  `  await op.execute('GRANT SELECT (id, body) ON secrets TO "${auditor}"');`,
].join('\n');

const RENAMES = [
  "  await op.renameColumn({ schema: 'public', table: 'accounts', from: 'name', to: 'full_name' });",
  "  await op.renameColumn({ schema: 'public', table: 'secrets', from: 'body', to: 'content' });",
].join('\n');

async function setUp(): Promise<{ db: TestDatabase; project: TempProject }> {
  const db = await createTestDatabase('expand_privileges');
  await roles.create(db);
  const project = tempProject(db.url);
  project.write('migrations/versions/p1_base.ts', revisionFile('p1', null, BASE));
  project.write('migrations/versions/p2_rename.ts', revisionFile('p2', 'p1', RENAMES));
  const base = await project.migrate('upgrade', 'p1');
  expect([base.code, base.stderr]).toEqual([0, '']);
  await runSql(
    db.url,
    `INSERT INTO accounts (owner, name, note) VALUES ('someone_else', 'secret', 'x'), ('${app}', 'mine', 'y');
     INSERT INTO secrets (body) VALUES ('hidden')`,
  );
  return { db, project };
}

/** `url` connected as `role`, the new version's schema first in its search_path. */
const as = (url: string, role: string, schema = VERSION_SCHEMA): string =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c role=${role} -c search_path=${schema},public`)}`;

const failure = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'succeeded',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );

const invoker = (): boolean => (inject('serverVersion') ?? 0) >= 150000;

skipWhen(testTarget() !== 'server', 'expand serves two versions through views on a server').describe(
  'migrate upgrade --expand and the application’s own roles',
  () => {
    skipWhen(!invoker(), 'security_invoker views came with PostgreSQL 15').it(
      "serves each role the rows, tables and columns it may read, through the version's views",
      async () => {
        const { db, project } = await setUp();
        try {
          const expanded = await project.migrate('upgrade', 'head', '--expand');
          expect([expanded.code, expanded.stderr]).toEqual([0, '']);
          // The policy holds through the view: the application's role sees its own row only.
          expect(await queryRows(as(db.url, app), 'SELECT full_name FROM accounts ORDER BY id')).toEqual([
            { full_name: 'mine' },
          ]);
          await runSql(as(db.url, app), "INSERT INTO accounts (full_name) VALUES ('new')");
          expect(await queryRows(as(db.url, app), 'SELECT full_name FROM accounts ORDER BY id')).toEqual([
            { full_name: 'mine' },
            { full_name: 'new' },
          ]);
          // A table it has no grant on stays closed to it; column grants follow the renamed column (on a table
          // without row-level security, whose view reads it as its owner); an invoker's view needs them all.
          expect(await failure(queryRows(as(db.url, app), 'SELECT content FROM secrets'))).toContain(
            'permission denied',
          );
          expect(await queryRows(as(db.url, auditor), 'SELECT id, content FROM secrets')).toEqual([
            { id: 1, content: 'hidden' },
          ]);
          expect(await failure(queryRows(as(db.url, auditor), 'SELECT id FROM accounts'))).toContain(
            'permission denied',
          );
          const contracted = await project.migrate('contract');
          expect([contracted.code, contracted.stderr]).toEqual([0, '']);
        } finally {
          await roles.drop(db);
        }
      },
    );

    it('grants at expand what the new version needs, revokes at contract what the old one had, and abort takes the grants back', async () => {
      const db = await createTestDatabase('expand_grants');
      await roles.create(db);
      try {
        const project = tempProject(db.url);
        project.write(
          'migrations/versions/g1_base.ts',
          revisionFile(
            'g1',
            null,
            [
              "  await op.execute('CREATE TABLE accounts (id serial PRIMARY KEY, name text)');",
              `  await op.execute('GRANT SELECT ON accounts TO "${app}", "${auditor}"');`,
            ].join('\n'),
          ),
        );
        project.write(
          'migrations/versions/g2_grants.ts',
          revisionFile(
            'g2',
            'g1',
            [
              "  await op.createTable({ table: { schema: 'public', name: 'notes', columns: [{ name: 'body', type: 'text', nullable: true }] } });",
              `  await op.grant({ on: { on: 'table', schema: 'public', name: 'notes' }, privileges: ['SELECT', 'INSERT'], to: '${app}' });`,
              "  await op.renameColumn({ schema: 'public', table: 'accounts', from: 'name', to: 'full_name' });",
              `  await op.grant({ on: { on: 'table', schema: 'public', name: 'accounts' }, privileges: ['INSERT'], to: '${app}' });`,
              `  await op.grant({ on: { on: 'table', schema: 'public', name: 'accounts' }, privileges: ['UPDATE'], columns: ['full_name'], to: '${app}' });`,
              `  await op.revoke({ on: { on: 'table', schema: 'public', name: 'accounts' }, privileges: ['SELECT'], from: '${auditor}' });`,
            ].join('\n'),
          ),
        );
        expect((await project.migrate('upgrade', 'g1')).code).toBe(0);
        const may = async (role: string, privilege: string): Promise<boolean> =>
          (
            await queryRows<{ may: boolean }>(
              db.url,
              `SELECT has_table_privilege('${role}', 'public.accounts', '${privilege}') AS may`,
            )
          )[0]!.may;
        const mayUpdate = async (): Promise<boolean> =>
          (
            await queryRows<{ may: boolean }>(
              db.url,
              `SELECT bool_or(has_column_privilege('${app}', 'public.accounts', attname, 'UPDATE')) AS may FROM pg_attribute WHERE attrelid = 'public.accounts'::regclass AND attnum > 0`,
            )
          )[0]!.may;

        const expand = async (): Promise<void> => {
          const expanded = await project.migrate('upgrade', 'head', '--expand');
          expect([expanded.code, expanded.stderr]).toEqual([0, '']);
        };
        await expand();
        // The new version writes the new table and the old one's; the old version's reader still reads.
        await runSql(
          as(db.url, app, 'athanor_v_g2'),
          "INSERT INTO notes VALUES ('hello'); SELECT full_name FROM accounts",
        );
        expect(await may(app, 'INSERT')).toBe(true);
        expect(await may(auditor, 'SELECT')).toBe(true);
        // A column grant on the renamed column waits for contract, where the column takes its name.
        expect(await mayUpdate()).toBe(false);

        const aborted = await project.migrate('abort');
        expect([aborted.code, aborted.stderr]).toEqual([0, '']);
        expect(await may(app, 'INSERT')).toBe(false);
        expect(await may(auditor, 'SELECT')).toBe(true);

        await expand();
        const contracted = await project.migrate('contract');
        expect([contracted.code, contracted.stderr]).toEqual([0, '']);
        expect(await may(app, 'INSERT')).toBe(true);
        expect(await may(auditor, 'SELECT')).toBe(false);
        expect(await mayUpdate()).toBe(true);
        expect(await queryRows(as(db.url, app, 'public'), 'SELECT body FROM notes')).toEqual([]);
      } finally {
        await roles.drop(db);
      }
    });

    it('changes default privileges at contract, not at expand nor after abort; refuses a revoked one beside a new object', async () => {
      const db = await createTestDatabase('expand_defaults');
      await roles.create(db);
      try {
        const project = tempProject(db.url);
        const base = "  await op.execute('CREATE TABLE accounts (id integer PRIMARY KEY)');";
        const defaults = [
          `  await op.grantDefault({ on: 'tables', privileges: ['SELECT'], to: '${app}' });`,
          "  await op.revokeDefault({ on: 'functions', privileges: ['EXECUTE'], from: 'PUBLIC' });",
        ].join('\n');
        project.write('migrations/versions/d1_base.ts', revisionFile('d1', null, base));
        project.write('migrations/versions/d2_defaults.ts', revisionFile('d2', 'd1', defaults));
        expect((await project.migrate('upgrade', 'd1')).code).toBe(0);
        const entries = (): Promise<unknown[]> =>
          queryRows(
            db.url,
            'SELECT defaclobjtype::text AS kind, defaclacl::text AS acl FROM pg_default_acl ORDER BY 1',
          );

        const expand = async (): Promise<void> => {
          const expanded = await project.migrate('upgrade', 'head', '--expand');
          expect([expanded.code, expanded.stderr]).toEqual([0, '']);
        };
        await expand();
        expect(await entries()).toEqual([]);
        const aborted = await project.migrate('abort');
        expect([aborted.code, aborted.stderr]).toEqual([0, '']);
        expect(await entries()).toEqual([]);
        await expand();
        const contracted = await project.migrate('contract');
        expect([contracted.code, contracted.stderr]).toEqual([0, '']);
        const after = (await entries()) as { kind: string; acl: string }[];
        expect(after.map((e) => e.kind)).toEqual(['f', 'r']);
        expect(after[1]!.acl).toContain(`${app}=r/`);

        // A new table made at expand would get the default the revision revokes until contract.
        const made = [
          `  await op.revokeDefault({ on: 'tables', privileges: ['SELECT'], from: '${app}' });`,
          "  await op.createTable({ table: { schema: 'public', name: 'notes', columns: [{ name: 'body', type: 'text', nullable: true }] } });",
        ].join('\n');
        project.write('migrations/versions/d3_made.ts', revisionFile('d3', 'd2', made));
        const refused = await project.migrate('upgrade', 'head', '--expand');
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toContain(
          `default privileges SELECT on new tables from ${app} are revoked in an expand that makes objects`,
        );
        expect(refused.stderr.trim().split('\n')).toHaveLength(1);
        expect((await entries()).length).toBe(2);
      } finally {
        await roles.drop(db);
      }
    });

    skipWhen(invoker(), 'before PostgreSQL 15 only').it(
      'refuses a table with row-level security in one line, changing nothing',
      async () => {
        const { db, project } = await setUp();
        try {
          const refused = await project.migrate('upgrade', 'head', '--expand');
          expect(refused.code).not.toBe(0);
          expect(refused.stderr).toContain(
            "table accounts has row-level security, which the new version's view of it keeps only from PostgreSQL 15",
          );
          expect(refused.stderr.trim().split('\n')).toHaveLength(1);
          expect(
            await queryRows(db.url, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'athanor\\_v\\_%'"),
          ).toEqual([]);
        } finally {
          await roles.drop(db);
        }
      },
    );
  },
);
