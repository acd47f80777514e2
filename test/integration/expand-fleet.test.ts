import { expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget, type TestDatabase } from '../helpers/database.js';
import { FLEET_HEAD, fleetProject } from '../helpers/fleet.js';
import { revisionFile } from '../helpers/expand-revisions.js';
import { skipWhen } from '../helpers/skips.js';

/*
 * `migrate upgrade head --expand`, `contract` and `abort` with `--tenants`: each tenant of the fleet
 * expanded on its own, with its own state table beside its version table and, for a schema per
 * tenant, its own version schema in the one database.
 */

interface ExpandRecord {
  tenant: string;
  status: 'done' | 'failed' | 'skipped';
  revisions?: string[];
  versionSchema?: string;
  expand?: { revisions: string[]; versionSchema: string; phase: string };
  current?: string[];
  error: string | null;
  errorCode: string | null;
}

const records = (stdout: string): ExpandRecord[] => JSON.parse(stdout) as ExpandRecord[];

/**
 * r6, over the fleet fixture's head: a column renamed and one added, in the template schema, and
 * hand-written SQL in parts, its template names moved into each tenant's as they are in a plain upgrade.
 */
const R6 = revisionFile(
  'r6',
  FLEET_HEAD,
  [
    "  await op.renameColumn({ schema: 'tenant', table: 'accounts', from: 'name', to: 'full_name' });",
    "  await op.addColumn({ schema: 'tenant', table: 'accounts', column: { name: 'status', type: 'text', nullable: false, default: \"'active'::text\", identity: null } });",
    "  await op.execute('ALTER TABLE tenant.notes ADD COLUMN pinned boolean; ALTER TABLE tenant.notes DROP COLUMN body', {",
    "    expand: 'ALTER TABLE tenant.notes ADD COLUMN pinned boolean',",
    "    contract: 'ALTER TABLE tenant.notes DROP COLUMN body',",
    "    abort: 'ALTER TABLE tenant.notes DROP COLUMN pinned',",
    '  });',
  ].join('\n'),
);

/**
 * r7, over r5 like r6: a column renamed and a routine created in the template schema, its body reading the
 * table by the new name unqualified: each tenant's version schema serves the routine over its own tenant.
 */
const R7 = revisionFile(
  'r7',
  FLEET_HEAD,
  [
    "  await op.renameColumn({ schema: 'tenant', table: 'accounts', from: 'name', to: 'full_name' });",
    "  await op.createFunction({ function: { schema: 'tenant', name: 'label_of', kind: 'function', argumentTypes: 'integer', arguments: 'i integer', result: 'text', dependsOn: [], definition: \"CREATE OR REPLACE FUNCTION tenant.label_of(i integer)\\n RETURNS text\\n LANGUAGE sql\\n STABLE\\nAS $function$ SELECT upper(full_name) FROM accounts WHERE id = i $function$\\n\" } });",
  ].join('\n'),
);

const columnsOf = async (url: string, schema: string): Promise<string[]> =>
  (
    await queryRows<{ c: string }>(
      url,
      `SELECT attname AS c FROM pg_attribute WHERE attrelid = format('%I.accounts', $1::text)::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [schema],
    )
  ).map((r) => r.c);

const notesColumns = async (url: string, schema: string): Promise<string[]> =>
  (
    await queryRows<{ c: string }>(
      url,
      `SELECT attname AS c FROM pg_attribute WHERE attrelid = format('%I.notes', $1::text)::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [schema],
    )
  ).map((r) => r.c);

const versionSchemas = async (url: string): Promise<string[]> =>
  (
    await queryRows<{ n: string }>(
      url,
      `SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE 'athanor_v_%' ORDER BY 1`,
    )
  ).map((r) => r.n);

skipWhen(testTarget() !== 'server', 'expand serves two versions through views and triggers on a server').describe(
  'migrate upgrade --expand, contract and abort on a fleet',
  () => {
    it('a schema per tenant: each tenant served in its own version schema; contract and abort per tenant; a failing tenant stops the fleet', async () => {
      const db = await createTestDatabase('expand_fleet');
      const tenants = ['acme', 'globex', 'initech'];
      const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(tenants)} }`);
      const up = await project.migrate('upgrade', 'head', '--tenants', 'all');
      expect([up.code, up.stderr]).toEqual([0, '']);
      for (const t of tenants) await runSql(db.url, `INSERT INTO "${t}".accounts (name) VALUES ('${t}-1')`);
      project.write('migrations/versions/r6_reshape.ts', R6);

      // globex lacks the column r6 renames: its expand is refused, and initech, after it, never starts.
      await runSql(db.url, `ALTER TABLE globex.accounts RENAME COLUMN name TO label`);
      const stopped = await project.migrate(
        'upgrade',
        'head',
        '--expand',
        '--tenants',
        'all',
        '--concurrency',
        '1',
        '--json',
      );
      expect(stopped.code).toBe(2);
      const first = records(stopped.stdout);
      expect(first.map((r) => [r.tenant, r.status])).toEqual([
        ['acme', 'done'],
        ['globex', 'failed'],
        ['initech', 'skipped'],
      ]);
      expect(first[0]).toMatchObject({ revisions: ['r6'], versionSchema: 'athanor_v_acme_r6' });
      expect(first[1]!.errorCode).toBe('expand-refused');
      expect(first[1]!.error).toContain('migrations/versions/r6_reshape.ts');
      expect(first[1]!.error).toContain('table globex.accounts has no column "name"');
      expect(await versionSchemas(db.url)).toEqual(['athanor_v_acme_r6']);
      expect(await columnsOf(db.url, 'globex')).toEqual(['id', 'label', 'email']);

      await runSql(db.url, `ALTER TABLE globex.accounts RENAME COLUMN label TO name`);
      // acme's expand is done: --expand again there is refused, so the rest are named.
      const rest = await project.migrate('upgrade', 'head', '--expand', '--tenants', 'globex,initech', '--json');
      expect([rest.code, rest.stderr]).toEqual([0, '']);
      expect(records(rest.stdout).map((r) => [r.tenant, r.status, r.versionSchema])).toEqual([
        ['globex', 'done', 'athanor_v_globex_r6'],
        ['initech', 'done', 'athanor_v_initech_r6'],
      ]);
      expect(await versionSchemas(db.url)).toEqual([
        'athanor_v_acme_r6',
        'athanor_v_globex_r6',
        'athanor_v_initech_r6',
      ]);

      // Each tenant's two versions, and its own state table beside its version table.
      for (const t of tenants) {
        await runSql(db.url, `INSERT INTO "${t}".accounts (name) VALUES ('${t}-old')`);
        await runSql(
          db.url,
          `SET search_path = athanor_v_${t}_r6, "${t}"; INSERT INTO accounts (full_name) VALUES ('${t}-new')`,
        );
        expect(await queryRows(db.url, `SELECT full_name, status FROM athanor_v_${t}_r6.accounts ORDER BY id`)).toEqual(
          [
            { full_name: `${t}-1`, status: 'active' },
            { full_name: `${t}-old`, status: 'active' },
            { full_name: `${t}-new`, status: 'active' },
          ],
        );
        expect(await queryRows(db.url, `SELECT phase FROM "${t}".athanor_version_expand`)).toEqual([
          { phase: 'expanded' },
        ]);
        expect(await notesColumns(db.url, t)).toEqual(['id', 'account_id', 'body', 'created_at', 'pinned']);
      }
      // Nothing in the template schema's names: it does not exist here.
      expect(await queryRows(db.url, `SELECT to_regclass('tenant.notes')::text AS t`)).toEqual([{ t: null }]);
      const current = await project.migrate('current', '--tenants', 'all', '--json');
      expect(records(current.stdout).map((r) => [r.tenant, r.current, r.expand?.versionSchema])).toEqual(
        tenants.map((t) => [t, [FLEET_HEAD], `athanor_v_${t}_r6`]),
      );
      const table = await project.migrate('current', '--tenants', 'acme');
      expect(table.stdout).toMatch(
        /^acme\s+done\s+r5\s+\d+ ms\s+serving r6 too, in schema athanor_v_acme_r6 \(expanded\)$/m,
      );

      // A plain upgrade of the fleet is refused per tenant while they are expanded.
      const plain = await project.migrate('upgrade', 'head', '--tenants', 'acme', '--json');
      expect(plain.code).toBe(2);
      expect(records(plain.stdout)[0]!.error).toContain('is expanded');

      const contracted = await project.migrate('contract', '--tenants', 'acme,globex', '--json');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(records(contracted.stdout).map((r) => [r.tenant, r.status, r.revisions])).toEqual([
        ['acme', 'done', ['r6']],
        ['globex', 'done', ['r6']],
      ]);
      const aborted = await project.migrate('abort', '--tenants', 'initech');
      expect([aborted.code, aborted.stderr]).toEqual([0, '']);
      expect(aborted.stdout).toMatch(/^initech\s+done\s+r6\s+\d+ ms$/m);

      expect(await versionSchemas(db.url)).toEqual([]);
      for (const t of ['acme', 'globex']) {
        expect(await columnsOf(db.url, t)).toEqual(['id', 'full_name', 'email', 'status']);
        expect(await notesColumns(db.url, t)).toEqual(['id', 'account_id', 'created_at', 'pinned']);
        expect(await queryRows(db.url, `SELECT version_num FROM "${t}".athanor_version`)).toEqual([
          { version_num: 'r6' },
        ]);
      }
      expect(await columnsOf(db.url, 'initech')).toEqual(['id', 'name', 'email']);
      expect(await notesColumns(db.url, 'initech')).toEqual(['id', 'account_id', 'body', 'created_at']);
      expect(await queryRows(db.url, `SELECT name FROM initech.accounts ORDER BY id`)).toEqual([
        { name: 'initech-1' },
        { name: 'initech-old' },
        { name: 'initech-new' },
      ]);
      expect(await queryRows(db.url, `SELECT version_num FROM initech.athanor_version`)).toEqual([
        { version_num: FLEET_HEAD },
      ]);
      // Nothing expanded any more: contract is refused per tenant.
      const none = await project.migrate('contract', '--tenants', 'acme', '--json');
      expect(none.code).toBe(2);
      expect(records(none.stdout)[0]!.error).toContain('nothing is expanded');
    });

    it('a schema per tenant: a routine the revision creates is served over each tenant in its version schema; contract makes it in the tenant, abort leaves none', async () => {
      const db = await createTestDatabase('expand_fleet');
      const tenants = ['acme', 'globex'];
      const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(tenants)} }`);
      const up = await project.migrate('upgrade', 'head', '--tenants', 'all');
      expect([up.code, up.stderr]).toEqual([0, '']);
      for (const t of tenants) await runSql(db.url, `INSERT INTO "${t}".accounts (name) VALUES ('${t}-1')`);
      project.write('migrations/versions/r7_label.ts', R7);

      const expanded = await project.migrate('upgrade', 'head', '--expand', '--tenants', 'all', '--json');
      expect([expanded.code, expanded.stderr]).toEqual([0, '']);
      for (const t of tenants) {
        // The new version calls the routine over its own tenant's rows; the old version has none yet.
        expect(await queryRows(db.url, `SET search_path = athanor_v_${t}_r7, "${t}"; SELECT label_of(1) AS v`)).toEqual(
          [{ v: `${t.toUpperCase()}-1` }],
        );
        expect(await queryRows(db.url, `SELECT to_regprocedure('"${t}".label_of(integer)')::text AS f`)).toEqual([
          { f: null },
        ]);
      }
      const contracted = await project.migrate('contract', '--tenants', 'acme');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      const aborted = await project.migrate('abort', '--tenants', 'globex');
      expect([aborted.code, aborted.stderr]).toEqual([0, '']);
      expect(await versionSchemas(db.url)).toEqual([]);
      expect(await queryRows(db.url, `SET search_path = acme; SELECT label_of(1) AS v`)).toEqual([{ v: 'ACME-1' }]);
      expect(await queryRows(db.url, `SELECT to_regprocedure('globex.label_of(integer)')::text AS f`)).toEqual([
        { f: null },
      ]);
      expect(await columnsOf(db.url, 'globex')).toEqual(['id', 'name', 'email']);
      const check = await project.migrate('current', '--tenants', 'all', '--json');
      expect(records(check.stdout).map((r) => [r.tenant, r.current])).toEqual([
        ['acme', ['r7']],
        ['globex', [FLEET_HEAD]],
      ]);
    });

    it('a schema per tenant: a tenant whose version schema another holds already is refused, changing nothing of its own', async () => {
      const db = await createTestDatabase('expand_fleet');
      const project = fleetProject(db.url, `{ template: 'tenant', schemas: ['acme', 'Acme'] }`);
      const up = await project.migrate('upgrade', 'head', '--tenants', 'all');
      expect([up.code, up.stderr]).toEqual([0, '']);
      project.write('migrations/versions/r6_reshape.ts', R6);
      const run = await project.migrate(
        'upgrade',
        'head',
        '--expand',
        '--tenants',
        'all',
        '--concurrency',
        '1',
        '--json',
      );
      expect(run.code).toBe(2);
      const [first, second] = records(run.stdout);
      expect([first!.status, first!.versionSchema]).toEqual(['done', 'athanor_v_acme_r6']);
      expect([second!.status, second!.errorCode]).toEqual(['failed', 'expand-state']);
      expect(second!.error).toContain('schema athanor_v_acme_r6');
      expect(second!.error).toContain('nothing was changed');
      expect(await columnsOf(db.url, 'Acme')).toEqual(['id', 'name', 'email']);
      expect(await queryRows(db.url, `SELECT to_regclass('"Acme".athanor_version_expand')::text AS t`)).toEqual([
        { t: null },
      ]);
    });

    it('a database per tenant: each database expanded and contracted on its own', async () => {
      const databases: TestDatabase[] = [];
      for (let i = 0; i < 2; i++) databases.push(await createTestDatabase('expand_fleet_db'));
      const urls = { east: databases[0]!.url, west: databases[1]!.url };
      const project = fleetProject(null, `{ databases: ${JSON.stringify(urls)} }`);
      const up = await project.migrate('upgrade', 'head', '--tenants', 'all');
      expect([up.code, up.stderr]).toEqual([0, '']);
      project.write('migrations/versions/r6_reshape.ts', R6);

      const expanded = await project.migrate('upgrade', 'head', '--expand', '--tenants', 'all', '--json');
      expect([expanded.code, expanded.stderr]).toEqual([0, '']);
      expect(records(expanded.stdout).map((r) => [r.tenant, r.status, r.versionSchema])).toEqual([
        ['east', 'done', 'athanor_v_r6'],
        ['west', 'done', 'athanor_v_r6'],
      ]);
      for (const db of databases) {
        expect(await versionSchemas(db.url)).toEqual(['athanor_v_r6']);
        expect(await queryRows(db.url, `SELECT phase FROM public.athanor_version_expand`)).toEqual([
          { phase: 'expanded' },
        ]);
      }
      const contracted = await project.migrate('contract', '--tenants', 'all');
      expect([contracted.code, contracted.stderr]).toEqual([0, '']);
      expect(contracted.stdout).toContain('2 tenant(s): 2 done, 0 failed, 0 not started');
      for (const db of databases) {
        expect(await versionSchemas(db.url)).toEqual([]);
        expect(await columnsOf(db.url, 'tenant')).toEqual(['id', 'full_name', 'email', 'status']);
        expect(await queryRows(db.url, `SELECT version_num FROM public.athanor_version`)).toEqual([
          { version_num: 'r6' },
        ]);
      }
    });
  },
);
