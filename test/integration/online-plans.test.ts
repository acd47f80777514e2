import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { expectSameSchema } from '../helpers/fixtures.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { columnsOf, historyRows, versionRows } from './runner-fixtures.js';
import { skipWhen } from '../helpers/skips.js';

/** Tables that hold rows before the change. */
const BEFORE_SQL = `
  CREATE TABLE users (id integer PRIMARY KEY, email text, name text);
  CREATE TABLE orders (id integer PRIMARY KEY, user_id integer, note text);
  INSERT INTO users SELECT g, 'u' || g || '@example.com', 'n' || g FROM generate_series(1, 2000) g;
  INSERT INTO orders SELECT g, g, 'note ' || g FROM generate_series(1, 2000) g;
`;

/** The change: an index, a foreign key, a check, NOT NULL and a unique constraint on tables that hold rows. */
const AFTER_MODEL = `import { check, defineMetadata, index, integer, sql, text } from 'athanor';
export const metadata = defineMetadata();
export const users = metadata.table('users', {
  id: integer().primaryKey(),
  email: text().notNull().unique(),
  name: text(),
}, { indexes: [index(['name'])] });
export const orders = metadata.table('orders', {
  id: integer().primaryKey(),
  user_id: integer().references(() => users.columns.id),
  note: text(),
}, { checks: [check(sql\`length(note) < 100\`, { name: 'note_length' })] });
`;

async function projectAt(before: string, extraConfig = ''): Promise<{ url: string; project: TempProject }> {
  const db = await createTestDatabase();
  await runSql(db.url, before);
  const project = tempProject(db.url, extraConfig);
  project.write('models.ts', AFTER_MODEL);
  return { url: db.url, project };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function revisionFile(project: TempProject): string {
  const [file] = readdirSync(project.versionsDir);
  return project.read(`migrations/versions/${file}`);
}

skipWhen(
  testTarget() === 'pglite',
  'written for the server target: online plans with CREATE INDEX CONCURRENTLY on tables with rows',
).describe('online plans', () => {
  it('write the online forms on tables with rows, and give the same schema as the simple plan, both ways', async () => {
    const online = await projectAt(BEFORE_SQL);
    const simple = await projectAt(BEFORE_SQL, "plan: 'simple',");
    const written = [];
    for (const { project } of [online, simple])
      written.push(await project.migrate('revision', '--autogenerate', '-m', 'constraints'));
    for (const run of written) expect(run.code).toBe(0);
    // The CLI lists each change it detected under the file it wrote.
    const count = Number(/\((\d+) operation\(s\)\)/.exec(written[0]!.stdout)?.[1]);
    expect(count).toBeGreaterThan(4);
    expect(written[0]!.stdout.match(/^ {2}Detected: /gm)).toHaveLength(count);
    expect(written[0]!.stdout).toMatch(/^ {2}Detected: .*users_name_idx/m);

    const source = revisionFile(online.project);
    expect(source).toContain('export const transactional = false;');
    expect(source).toContain('await op.autocommit(async () => {');
    // Each online call has the statements it runs above it.
    for (const statement of [
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_name_idx" ON "public"."users" ("name")',
      'ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_user_id_fkey"',
      'ALTER TABLE "public"."users" ALTER COLUMN "email" SET NOT NULL',
    ])
      expect(source).toMatch(
        new RegExp(`\\n {4}// Runs:\\n( {4}// {3}.*\\n)*? {4}// {3}${escapeRegExp(statement)}\\n`),
      );
    expect(source.match(/\/\/ Runs:/g)).toHaveLength(source.match(/online: true/g)!.length);
    expect(revisionFile(simple.project)).not.toContain('online');
    const script = (await online.project.migrate('upgrade', 'head', '--sql')).stdout;
    expect(script).toContain('CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_name_idx" ON "public"."users" ("name")');
    expect(script).toMatch(
      /ADD CONSTRAINT "orders_user_id_fkey" FOREIGN KEY \("user_id"\) REFERENCES "public"."users" \("id"\) NOT VALID/,
    );
    expect(script).toContain('ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_user_id_fkey"');
    expect(script).toMatch(/ADD CONSTRAINT "note_length" CHECK \(\(length\(note\) < 100\)\) NOT VALID/);
    expect(script).toMatch(/ADD CONSTRAINT "email_not_null_online" CHECK \("email" IS NOT NULL\) NOT VALID/);
    expect(script).toContain('ALTER TABLE "public"."users" ALTER COLUMN "email" SET NOT NULL');
    expect(script).toContain(
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "users_email_key" ON "public"."users" ("email")',
    );
    expect(script).toContain('ADD CONSTRAINT "users_email_key" UNIQUE USING INDEX "users_email_key"');

    for (const { project } of [online, simple]) {
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      expect((await project.migrate('check')).code).toBe(0);
    }
    await expectSameSchema(online.url, simple.url);
    expect(
      await queryRows(
        online.url,
        "SELECT count(*)::int AS n FROM pg_constraint WHERE NOT convalidated OR conname LIKE '%not_null_online'",
      ),
    ).toEqual([{ n: 0 }]);

    for (const { project } of [online, simple]) expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    await expectSameSchema(online.url, simple.url);
    expect((await online.project.migrate('upgrade', 'head')).code).toBe(0);
    expect((await online.project.migrate('check')).code).toBe(0);
  });

  it('keep the plain forms for a table created in the same revision', async () => {
    const { project } = await projectAt('CREATE TABLE users (id integer PRIMARY KEY, email text, name text);');
    expect((await project.migrate('revision', '--autogenerate', '-m', 'orders')).code).toBe(0);
    const source = revisionFile(project);
    expect(source).toContain('online: true'); // users: index, NOT NULL, unique
    expect(source).toMatch(/op\.createTable\(\{[\s\S]*name: 'orders'/);
    expect(source).not.toMatch(/table: 'orders',\s+constraint:[\s\S]*online: true/);
  });

  it('build in place a unique index that the foreign key of a new table references', async () => {
    const { project } = await projectAt(BEFORE_SQL);
    project.write(
      'models.ts',
      `import { defineMetadata, foreignKey, index, integer, text } from 'athanor';
export const metadata = defineMetadata();
export const users = metadata.table('users', { id: integer().primaryKey(), email: text(), name: text() }, {
  indexes: [index(['id', 'email'], { name: 'users_id_email', unique: true }), index(['name'])],
});
export const orders = metadata.table('orders', { id: integer().primaryKey(), user_id: integer(), note: text() });
export const receipts = metadata.table('receipts', { id: integer().primaryKey(), user_id: integer(), email: text() }, {
  foreignKeys: [foreignKey(['user_id', 'email'], () => users, ['id', 'email'], { name: 'receipts_user' })],
});
`,
    );
    expect((await project.migrate('revision', '--autogenerate', '-m', 'receipts')).code).toBe(0);
    const source = revisionFile(project);
    expect(source).toMatch(/name: 'users_name_idx'[\s\S]*online: true/);
    expect(source).not.toMatch(/name: 'users_id_email'[^}]*\}[^}]*online: true/);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect((await project.migrate('check')).code).toBe(0);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
  });
});

/** The process running `sql` (a statement in progress), waited for. */
async function backendRunning(url: string, pattern: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const rows = await queryRows<{ pid: number }>(
      url,
      "SELECT pid FROM pg_stat_activity WHERE query LIKE $1 AND state = 'active' AND pid <> pg_backend_pid()",
      [pattern],
    );
    if (rows.length > 0) return rows[0]!.pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no process ran ${pattern}`);
}

skipWhen(
  testTarget() !== 'server',
  'PGlite is one connection per directory: no second session can hold the snapshot the build waits on, nor be killed part way',
).describe('a concurrent index build killed part way', () => {
  it('leaves an invalid index that the next upgrade drops and builds again, without running the committed part twice', async () => {
    const { url, project } = await projectAt(
      'CREATE TABLE users (id integer PRIMARY KEY, email text); INSERT INTO users SELECT g, g::text FROM generate_series(1, 1000) g;',
    );
    project.write('models.ts', MODEL_WITH_NAME_INDEX);
    expect((await project.migrate('revision', '--autogenerate', '-m', 'name')).code).toBe(0);
    // An open snapshot makes CREATE INDEX CONCURRENTLY wait (without a lock_timeout: its lock blocks no one).
    const holder = await connect(url);
    await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await holder.query('SELECT 1');
    const running = project.migrate('upgrade', 'head');
    const builder = await backendRunning(url, 'CREATE INDEX CONCURRENTLY%');
    await queryRows(url, 'SELECT pg_terminate_backend($1)', [builder]);
    const failed = await running;
    await holder.query('COMMIT');
    await holder.close();
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('(except what its op.autocommit blocks committed)');
    expect(
      await queryRows(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.users_name_idx'::regclass"),
    ).toEqual([{ indisvalid: false }]);
    expect(await columnsOf(url, 'users')).toEqual(['id', 'email', 'name']);
    expect(await versionRows(url)).toEqual([]);

    const rerun = await project.migrate('upgrade', 'head');
    expect([rerun.code, rerun.stderr]).toEqual([0, '']);
    expect(rerun.stdout).toContain('resuming: an earlier run committed its work before op.autocommit block 1');
    expect(
      await queryRows(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.users_name_idx'::regclass"),
    ).toEqual([{ indisvalid: true }]);
    expect((await historyRows(url)).map((r) => r.action)).toEqual(['partial-up:0', 'partial-up:0', 'upgrade']);
    expect((await project.migrate('check')).code).toBe(0);
  });
});

const MODEL_WITH_NAME_INDEX = `import { defineMetadata, index, integer, text } from 'athanor';
export const metadata = defineMetadata();
export const users = metadata.table('users', { id: integer().primaryKey(), email: text(), name: text() }, { indexes: [index(['name'])] });
`;
