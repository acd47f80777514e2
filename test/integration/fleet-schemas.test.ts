import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { connect } from '../../src/pg/connection/driver.js';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { FLEET_HEAD, fleetProject, fleetRevision, tenantNames } from '../helpers/fleet.js';
import { tempProject } from '../helpers/project.js';
import { testRoles } from '../helpers/roles.js';
import { skipWhen } from '../helpers/skips.js';

interface TenantRecord {
  tenant: string;
  status: 'done' | 'failed' | 'skipped';
  from?: string[];
  to?: string[];
  error: string | null;
  clean?: boolean;
  atHead?: boolean;
  differences?: string[];
}

const records = (stdout: string): TenantRecord[] => JSON.parse(stdout) as TenantRecord[];

/** Each tenant schema's version rows, by schema. */
async function versionsBySchema(url: string, schemas: string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const schema of schemas) {
    const exists = await queryRows<{ t: string | null }>(url, 'SELECT to_regclass($1)::text AS t', [
      `"${schema}".athanor_version`,
    ]);
    found.set(
      schema,
      exists[0]?.t
        ? (await queryRows<{ v: string }>(url, `SELECT version_num AS v FROM "${schema}".athanor_version`)).map(
            (r) => r.v,
          )
        : [],
    );
  }
  return found;
}

/** Samples how many connections (besides its own) the server has to `database`, until stopped; returns the peak. */
async function watchConnections(url: string, database: string): Promise<{ stop(): Promise<number> }> {
  const driver = await connect(url);
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await driver.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      peak = Math.max(peak, rows[0]!.n);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await driver.close();
      return peak;
    },
  };
}

skipWhen(
  testTarget() !== 'server',
  'PGlite is one connection per directory: a fleet runs its tenants one at a time there, with no pool of connections to bound',
).describe('fleets: a schema per tenant', () => {
  it('brings 60 tenant schemas to head with a bounded pool, each with its own version row; a rerun does nothing', async () => {
    const db = await createTestDatabase();
    const schemas = tenantNames(60);
    const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(schemas)} }`);

    const watch = await watchConnections(db.url, db.name);
    const first = await project.migrate('upgrade', 'head', '--tenants', 'all', '--concurrency', '8', '--json');
    const peak = await watch.stop();
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(8);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const ran = records(first.stdout);
    expect(ran.map((r) => r.tenant)).toEqual(schemas);
    expect(ran.every((r) => r.status === 'done' && r.from!.length === 0 && r.to!.join() === FLEET_HEAD)).toBe(true);
    const versions = await versionsBySchema(db.url, schemas);
    expect([...versions.values()].every((rows) => rows.join() === FLEET_HEAD)).toBe(true);
    // The tables are in each tenant's schema, and none in the template's.
    const tables = await queryRows<{ n: string }>(
      db.url,
      "SELECT count(*)::text AS n FROM pg_tables WHERE tablename IN ('accounts', 'notes') AND schemaname LIKE 't%'",
    );
    expect(tables[0]!.n).toBe(String(schemas.length * 2));
    expect(await queryRows(db.url, "SELECT 1 FROM pg_namespace WHERE nspname = 'tenant'")).toEqual([]);
    // Each tenant's foreign key points at its own accounts table.
    const fk = await queryRows<{ def: string }>(
      db.url,
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'notes_account_id_fkey' AND connamespace = 't007'::regnamespace",
    );
    expect(fk[0]!.def).toContain('t007.accounts');

    const again = await project.migrate('upgrade', 'head', '--tenants', 'all', '--concurrency', '8', '--json');
    expect(again.code).toBe(0);
    expect(
      records(again.stdout).every(
        (r) => r.status === 'done' && r.from!.join() === FLEET_HEAD && r.to!.join() === FLEET_HEAD,
      ),
    ).toBe(true);
    const history = await queryRows<{ n: string }>(
      db.url,
      'SELECT count(*)::text AS n FROM t000.athanor_version_history',
    );
    expect(history[0]!.n).toBe('5');
  });

  it('check --tenants all --json names exactly the tenants changed by hand, and how', async () => {
    const db = await createTestDatabase();
    const schemas = tenantNames(8);
    const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(schemas)} }`);
    expect((await project.migrate('upgrade', 'head', '--tenants', 'all')).code).toBe(0);
    await runSql(db.url, 'ALTER TABLE t002.accounts ADD COLUMN nickname text; DROP INDEX t005.notes_account_id_idx');
    await project.migrate('downgrade', '-1', '--tenants', 't006');

    const report = await project.migrate('check', '--tenants', 'all', '--json');
    expect(report.code).toBe(1);
    const drift = records(report.stdout).filter((r) => !r.clean || !r.atHead);
    expect(drift.map((r) => r.tenant)).toEqual(['t002', 't005', 't006']);
    expect(drift[0]!.differences).toEqual([expect.stringMatching(/drop column t002\.accounts\.nickname/i)]);
    expect(drift[1]!.differences).toEqual([expect.stringMatching(/create index notes_account_id_idx on t005\.notes/i)]);
    expect(drift[2]!.atHead).toBe(false);
    expect(records(report.stdout).every((r) => r.status === 'done')).toBe(true);

    const table = await project.migrate('check', '--tenants', 't00*');
    // A check migrates nothing: its table says where each tenant is and how it compares, not "done".
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^tenant\s+status\s+current\s+head\s+time$/);
    expect(table.stdout).toMatch(/t000\s+matches\s+r5\s+r5\s+\d+ ms\s+matches the model/);
    expect(table.stdout).toMatch(/t002\s+differs\s+r5\s+r5\s+\d+ ms\s+drop column/i);
    expect(table.stdout).toMatch(/t006\s+behind\s+r4\s+r5\s+\d+ ms\s+not at head/);
    expect(lines.at(-1)).toBe('8 tenant(s): 5 match, 2 differ, 1 behind, 0 failed, 0 not started');
  });

  it("check --tenants leaves the database's foreign data wrappers and servers alone: they belong to no tenant", async () => {
    const db = await createTestDatabase();
    const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(tenantNames(2))} }`);
    expect((await project.migrate('upgrade', 'head', '--tenants', 'all')).code).toBe(0);
    await runSql(
      db.url,
      "CREATE FOREIGN DATA WRAPPER shared_fdw; CREATE SERVER shared_srv FOREIGN DATA WRAPPER shared_fdw OPTIONS (host 'x')",
    );
    const report = await project.migrate('check', '--tenants', 'all', '--json');
    expect(records(report.stdout).map((r) => r.differences ?? [])).toEqual([[], []]);
    expect(report.code).toBe(0);
  });

  it("with privileges managed, a tenant's comparison leaves the grants on wrappers and servers to the database, and keeps its own", async () => {
    const db = await createTestDatabase();
    const roles = testRoles('app');
    const [app] = roles.names as [string];
    const schemas = tenantNames(2);
    const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(schemas)} }`);
    project.write(
      'migrate.config.ts',
      `import { defineConfig } from 'athanor';\nexport default defineConfig({ url: ${JSON.stringify(db.url)}, privileges: 'all', tenants: { template: 'tenant', schemas: ${JSON.stringify(schemas)} } });\n`,
    );
    // The template's model declares the shared wrapper and server, with their grants: the database's, not a tenant's.
    project.write(
      'models.ts',
      `import { grant } from 'athanor';\n${project.read('models.ts')}
const fdw = metadata.foreignDataWrapper('shared_fdw', { grants: [grant(['usage'], '${app}')] });
metadata.foreignServer('shared_srv', { wrapper: fdw, grants: [grant(['usage'], '${app}', { withGrantOption: true })] });
`,
    );
    try {
      await roles.create(db);
      expect((await project.migrate('upgrade', 'head', '--tenants', 'all')).code).toBe(0);
      const clean = await project.migrate('check', '--tenants', 'all', '--json');
      expect(records(clean.stdout).map((r) => r.differences ?? [])).toEqual([[], []]);
      expect(clean.code).toBe(0);
      // Made by hand with other grants than the model's, they are still no tenant's difference.
      await runSql(
        db.url,
        `CREATE FOREIGN DATA WRAPPER shared_fdw; CREATE SERVER shared_srv FOREIGN DATA WRAPPER shared_fdw;
         GRANT USAGE ON FOREIGN SERVER shared_srv TO "${app}"; GRANT USAGE ON FOREIGN DATA WRAPPER shared_fdw TO PUBLIC;
         GRANT SELECT ON t001.accounts TO "${app}"`,
      );
      const report = await project.migrate('check', '--tenants', 'all', '--json');
      expect(records(report.stdout).map((r) => r.differences ?? [])).toEqual([
        [],
        [`revoke select on table t001.accounts from ${app}`],
      ]);
      expect(report.code).toBe(1);
    } finally {
      await roles.drop(db);
    }
  });

  it('upgrade --tenants refuses, in each tenant before anything runs, revisions that grant to a role the cluster lacks', async () => {
    const roles = testRoles('gone');
    const [gone] = roles.names as [string];
    const plainDb = await createTestDatabase();
    const db = await createTestDatabase();
    const access = `privileges: { roles: ['${gone}'] },`;
    // Two revisions written on a database alone: the table, then a grant on it.
    const alone = tempProject(plainDb.url, access);
    const model = (grants: string): string =>
      `import { defineMetadata, grant, integer } from 'athanor';\nexport const metadata = defineMetadata({ schema: 'tenant' });\nmetadata.table('items', { id: integer().primaryKey() }${grants});\n`;
    try {
      await roles.create(plainDb);
      alone.write('models.ts', model(''));
      expect((await alone.migrate('revision', '--autogenerate', '-m', 'items', '--rev-id', 'g1')).code).toBe(0);
      expect((await alone.migrate('upgrade', 'head')).code).toBe(0);
      alone.write('models.ts', model(`, { grants: [grant(['select'], '${gone}')] }`));
      expect((await alone.migrate('revision', '--autogenerate', '-m', 'grant', '--rev-id', 'g2')).code).toBe(0);
      await roles.drop(plainDb);

      const fleet = tempProject(db.url, `${access}\n  tenants: { template: 'tenant', schemas: ['t0', 't1'] },`);
      cpSync(alone.versionsDir, fleet.versionsDir, { recursive: true });
      const up = await fleet.migrate('upgrade', 'head', '--tenants', 'all');
      expect(up.code).not.toBe(0);
      expect(`${up.stdout}\n${up.stderr}`).toContain(`roles the database does not have: ${gone}`);
      expect(await queryRows(db.url, "SELECT to_regclass('t0.items') AS a, to_regclass('t1.items') AS b")).toEqual([
        { a: null, b: null },
      ]);
    } finally {
      await roles.drop(plainDb);
    }
  });

  it('upgrade --tenants refuses, in each tenant before anything runs, a data-loss hazard not acknowledged when requireAcknowledged is on', async () => {
    const plainDb = await createTestDatabase();
    const db = await createTestDatabase();
    // Two revisions written on a database alone: a table, then one of its columns dropped.
    const alone = tempProject(plainDb.url);
    const model = (columns: string): string =>
      `import { defineMetadata, integer, text } from 'athanor';\nexport const metadata = defineMetadata({ schema: 'tenant' });\nmetadata.table('items', { id: integer().primaryKey()${columns} });\n`;
    alone.write('models.ts', model(', note: text()'));
    expect((await alone.migrate('revision', '--autogenerate', '-m', 'items', '--rev-id', 'd1')).code).toBe(0);
    expect((await alone.migrate('upgrade', 'head')).code).toBe(0);
    alone.write('models.ts', model(''));
    expect((await alone.migrate('revision', '--autogenerate', '-m', 'no note', '--rev-id', 'd2')).code).toBe(0);

    const fleet = tempProject(
      db.url,
      "requireAcknowledged: true,\n  tenants: { template: 'tenant', schemas: ['t0', 't1'] },",
    );
    cpSync(alone.versionsDir, fleet.versionsDir, { recursive: true });
    expect((await fleet.migrate('upgrade', 'd1', '--tenants', 'all')).code).toBe(0);
    const up = await fleet.migrate('upgrade', 'head', '--tenants', 'all');
    expect(up.code).not.toBe(0);
    expect(`${up.stdout}\n${up.stderr}`).toContain(
      'data-loss hazard(s) in the revisions to apply are not acknowledged',
    );
    const notes = await queryRows(
      db.url,
      "SELECT table_schema AS tenant FROM information_schema.columns WHERE column_name = 'note' ORDER BY 1",
    );
    expect(notes).toEqual([{ tenant: 't0' }, { tenant: 't1' }]);
  });

  it('--canary 3 stops before the rest when a revision fails on one canary tenant', async () => {
    const db = await createTestDatabase();
    const schemas = tenantNames(10);
    const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(schemas)} }`);
    // r3 fails (division by zero) where the tenant holds a marker table.
    await runSql(db.url, 'CREATE SCHEMA t001; CREATE TABLE t001.marker (id int)');
    const failWhereMarked =
      "SELECT 1 / (1 - (SELECT count(*)::int FROM pg_class WHERE oid = to_regclass('tenant.marker')))";
    project.write('migrations/versions/r3_step.ts', fleetRevision(2, { extra: failWhereMarked }));

    const run = await project.migrate('upgrade', 'head', '--tenants', 'all', '--canary', '3', '--json');
    expect(run.code).toBe(2);
    const outcome = records(run.stdout);
    expect(outcome.slice(0, 3).map((r) => r.status)).toEqual(['done', 'failed', 'done']);
    expect(outcome[1]!.error).toMatch(/upgrade of revision r3 .* division by zero/);
    expect(outcome[1]).toMatchObject({ from: [], to: ['r2'] });
    expect(outcome.slice(3).every((r) => r.status === 'skipped')).toBe(true);
    const versions = await versionsBySchema(db.url, schemas);
    expect(versions.get('t000')).toEqual([FLEET_HEAD]);
    // The failing tenant stopped at the revision before, with nothing of r3 applied.
    expect(versions.get('t001')).toEqual(['r2']);
    expect(
      await queryRows(
        db.url,
        "SELECT 1 FROM information_schema.columns WHERE table_schema = 't001' AND column_name = 'email'",
      ),
    ).toEqual([]);
    expect(versions.get('t003')).toEqual([]);
    expect(await queryRows(db.url, "SELECT 1 FROM pg_namespace WHERE nspname = 't003'")).toEqual([]);
  });

  it('--sql --tenants writes one script per tenant, with its own names and version table', async () => {
    const schemas = ['alpha', 'Beta'];
    const project = fleetProject(
      'postgres://nobody@127.0.0.1:1/none',
      `{ template: 'tenant', schemas: ${JSON.stringify(schemas)} }`,
    );
    const run = await project.migrate('upgrade', '--sql', 'base:head', '--tenants', 'all', '--sql-dir', 'scripts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(join(project.dir, 'scripts')).sort()).toEqual(['Beta.sql', 'alpha.sql']);
    const beta = readFileSync(join(project.dir, 'scripts', 'Beta.sql'), 'utf8');
    expect(beta).toContain('CREATE TABLE "Beta".accounts');
    expect(beta).toContain('REFERENCES "Beta".accounts');
    expect(beta).toContain('"Beta"."athanor_version"');
    expect(beta).not.toMatch(/\btenant\./);
  });

  it('--sql-dir takes an absolute folder as it is', async () => {
    const project = fleetProject('postgres://nobody@127.0.0.1:1/none', "{ template: 'tenant', schemas: ['t10'] }");
    const folder = mkdtempSync(join(tmpdir(), 'athanor-scripts-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const run = await project.migrate('upgrade', '--sql', 'base:head', '--tenants', 'all', '--sql-dir', folder);
    expect(run.stderr).toBe('');
    expect(readdirSync(folder)).toEqual(['t10.sql']);
    expect(run.stdout).toContain(join(folder, 't10.sql'));
  });

  it('revision --autogenerate --tenant writes in the template names; stamp and verify run per tenant', async () => {
    const db = await createTestDatabase();
    const project = fleetProject(db.url, "{ template: 'tenant', schemas: ['t0', 't1', 't2'] }");
    expect((await project.migrate('upgrade', 'head', '--tenants', 'all')).code).toBe(0);
    project.write(
      'models.ts',
      project
        .read('models.ts')
        .replace('email: varchar(255),', "email: varchar(255),\n  plan: text().default(sql`'free'`),"),
    );

    const written = await project.migrate(
      'revision',
      '--autogenerate',
      '-m',
      'add plan',
      '--rev-id',
      'r6',
      '--tenant',
      't1',
    );
    expect(written.stderr).toBe('');
    const source = project.read('migrations/versions/r6_add_plan.ts');
    expect(source).toMatch(/op\.addColumn\(\{\s*schema: 'tenant',\s*table: 'accounts'/);
    expect(source).not.toMatch(/t1/);
    const upgraded = await project.migrate('upgrade', 'head', '--tenants', 'all', '--json');
    expect(JSON.parse(upgraded.stdout).map((r: TenantRecord) => r.to)).toEqual([['r6'], ['r6'], ['r6']]);
    const checked = await project.migrate('check', '--tenants', 'all', '--json');
    expect(checked.code).toBe(0);
    expect(records(checked.stdout).every((r) => r.clean && r.atHead)).toBe(true);

    const stamped = await project.migrate('stamp', 'r5', '--tenants', 't2', '--json');
    expect(records(stamped.stdout)).toEqual([
      expect.objectContaining({ tenant: 't2', status: 'done', from: ['r6'], to: ['r5'] }),
    ]);
    project.write('migrations/versions/r4_step.ts', `${project.read('migrations/versions/r4_step.ts')}// edited\n`);
    const verified = await project.migrate('verify', '--tenants', 't0,t2', '--json');
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout).map((r: { tenant: string; ok: boolean }) => [r.tenant, r.ok])).toEqual([
      ['t0', false],
      ['t2', false],
    ]);
    const unknown = await project.migrate('revision', '--autogenerate', '-m', 'x', '--tenant', 'nobody');
    expect(unknown.stderr).toMatch(/^error \[unknown-tenant\]: no tenant "nobody" in the fleet/);
  });

  it('shows a live progress line where the output has one (a terminal), cleared before the summary', async () => {
    const db = await createTestDatabase();
    const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(tenantNames(6))} }`, {
      slow: 0.15,
    });
    const lines: string[] = [];
    const progress: (string | null)[] = [];
    const out: Output = {
      stdout: (t) => lines.push(t),
      stderr: (t) => lines.push(t),
      progress: (line) => progress.push(line),
      exitCode: 0,
    };
    expect(await run(['upgrade', 'head', '--tenants', 'all', '--concurrency', '2'], out, project.dir)).toBe(0);
    expect(
      progress.some(
        (line) => line !== null && /^tenants: \d\/6  done \d  failed 0  running [12]  ETA \d+s$/.test(line),
      ),
    ).toBe(true);
    expect(progress.at(-1)).toBeNull();
    expect(lines.at(-1)).toBe('6 tenant(s): 6 done, 0 failed, 0 not started');
    progress.length = 0;
    await run(['upgrade', 'head', '--tenants', 'all', '--json'], out, project.dir);
    expect(progress.filter((line) => line !== null)).toEqual([]);
  });

  it('lists the tenants with a schemas function that reads the database; a function that throws is a one-line error', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'CREATE SCHEMA cust_b; CREATE SCHEMA cust_a; CREATE SCHEMA other');
    const listing =
      'async (db) => (await db.query<{ name: string }>("SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE \'cust\\\\_%\' ORDER BY 1")).map((r) => r.name)';
    const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${listing} }`);
    const run = await project.migrate('upgrade', 'head', '--tenants', 'all', '--json');
    expect(run.stderr).toBe('');
    expect(records(run.stdout).map((r) => [r.tenant, r.status, r.to])).toEqual([
      ['cust_a', 'done', [FLEET_HEAD]],
      ['cust_b', 'done', [FLEET_HEAD]],
    ]);

    const throwing = fleetProject(
      db.url,
      "{ template: 'tenant', schemas: async () => { throw new Error('customers table is gone'); } }",
    );
    const failed = await throwing.migrate('current', '--tenants', 'all');
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(
      /^error \[bad-tenants\]: tenants\.schemas in .*migrate\.config\.ts threw: customers table is gone; fix the function$/,
    );
    const unset = fleetProject(null, '{ databases: { acme: process.env.ATHANOR_UNSET_TENANT_URL } }');
    expect((await unset.migrate('current', '--tenants', 'all')).stderr).toMatch(
      /tenants\.databases\["acme"\] in .* is not a url; set the variable it reads/,
    );
    // A url of the wrong kind fails its own tenant only.
    const wrong = fleetProject(null, `{ databases: { bad: 'mysql://h/db', good: ${JSON.stringify(db.url)} } }`);
    const mixed = records((await wrong.migrate('current', '--tenants', 'all', '--continue-on-error', '--json')).stdout);
    expect(mixed.map((r) => [r.tenant, r.status])).toEqual([
      ['bad', 'failed'],
      ['good', 'done'],
    ]);
    expect(mixed[0]!.error).toMatch(/^invalid database url "mysql:\/\/h\/db"/);
  });

  it('refuses an operation outside the template schema in a tenant run, rolling its revision back', async () => {
    const db = await createTestDatabase();
    const project = fleetProject(db.url, "{ template: 'tenant', schemas: ['s1', 's2'] }");
    project.write(
      'migrations/versions/r2_step.ts',
      fleetRevision(1).replace(
        'export async function upgrade(op: Operations): Promise<void> {',
        "export async function upgrade(op: Operations): Promise<void> {\n  await op.createEnum({ enum: { schema: 'public', name: 'plan', values: ['free'] } });",
      ),
    );
    const run = await project.migrate('upgrade', 'head', '--tenants', 'all', '--concurrency', '1', '--json');
    const outcome = records(run.stdout);
    expect(outcome.map((r) => r.status)).toEqual(['failed', 'skipped']);
    expect(outcome[0]!.error).toMatch(
      /^upgrade of revision r2 \(r2_step\.ts\) failed and was rolled back: r2_step\.ts would create enum public\.plan for every tenant, outside the template schema/,
    );
    expect(outcome[0]).toMatchObject({ from: [], to: ['r1'] });
    expect(await queryRows(db.url, "SELECT 1 FROM pg_type WHERE typname = 'plan'")).toEqual([]);
    // A publication of the template's tables: its name is the database's, so each tenant would make the same one.
    project.write(
      'migrations/versions/r2_step.ts',
      fleetRevision(1).replace(
        'export async function upgrade(op: Operations): Promise<void> {',
        "export async function upgrade(op: Operations): Promise<void> {\n  await op.createPublication({ publication: { name: 'feed', tables: [{ schema: 'tenant', table: 'accounts' }] } });",
      ),
    );
    const published = records(
      (await project.migrate('upgrade', 'head', '--tenants', 'all', '--concurrency', '1', '--json')).stdout,
    );
    expect(published.map((r) => r.status)).toEqual(['failed', 'skipped']);
    expect(published[0]!.error).toMatch(
      /r2_step\.ts would create publication feed for 1 table for every tenant: its name is the database's, which the tenants share/,
    );
    expect(await queryRows(db.url, "SELECT 1 FROM pg_publication WHERE pubname = 'feed'")).toEqual([]);
  });

  it('refuses a selector that matches no tenant, and --tenants without a fleet, changing nothing', async () => {
    const db = await createTestDatabase();
    const project = fleetProject(db.url, "{ template: 'tenant', schemas: ['a1', 'a2'] }");
    const unknown = await project.migrate('upgrade', 'head', '--tenants', 'a1,zz*');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^error \[unknown-tenant\]: --tenants zz\* matches no tenant; the fleet has 2 \(a1, a2\)$/,
    );
    expect(await queryRows(db.url, "SELECT 1 FROM pg_namespace WHERE nspname IN ('a1', 'a2')")).toEqual([]);
    const bad = await project.migrate('upgrade', 'head', '--tenants', 'all', '--concurrency', '0');
    expect(bad.stderr).toMatch(/--concurrency takes a whole number of at least 1/);
  });
});
