import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';
import { testRoles } from '../helpers/roles.js';

/*
 * A schema-per-tenant fleet whose template declares one object of every
 * model kind that can live in a schema, against the same model without
 * `tenants`. Extensions are left out: one is installed once per database, so
 * no fleet declares one per tenant. Wrappers and servers are the database's,
 * shared by every tenant: the model declares them, the tenant's comparison
 * leaves them out, and the fleet's database has them already (as the shared
 * project would have made them). Privileges and owners are compared for
 * two roles of the test's own (roles belong to the cluster).
 */
const roles = testRoles('fleetreader', 'fleetowner');
const [reader, owner] = roles.names as [string, string];
const ACCESS = `privileges: { roles: ['${reader}'] },\n  owners: true,`;

const MODEL = `
import { check, defineMetadata, grant, integer, sql, text } from 'athanor';

export const metadata = defineMetadata({ schema: 'tenant' });

export const mood = metadata.enum('mood', ['sad', 'ok', 'happy']);
metadata.collation('c_copy', { locale: 'C' });
metadata.sequence('order_no', { start: 1000 });
metadata.domain('year', integer(), { checks: [check(sql\`VALUE > 0\`, { name: 'year_positive' })] });
metadata.compositeType('address', { street: text() });
metadata.function(sql\`CREATE FUNCTION tenant.int_diff(a integer, b integer) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT (a - b)::double precision $$\`);
metadata.rangeType('span', { subtype: 'integer', subtypeDiff: 'tenant.int_diff', comment: 'a span', grants: [grant(['usage'], '${reader}')] });
export const items = metadata.table(
  'items',
  { id: integer().primaryKey(), name: text(), feeling: mood.column() },
  { comment: 'the items', grants: [grant(['select'], '${reader}')] },
);
metadata.view('item_names', sql\`SELECT id, name FROM tenant.items\`);
metadata.function(sql\`CREATE FUNCTION tenant.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$\`);
metadata.function(sql\`CREATE FUNCTION tenant.ci_eq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(a) = lower(b) $$\`);
metadata.function(sql\`CREATE FUNCTION tenant.ci_hash(a text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT hashtext(lower(a)) $$\`);
metadata.trigger(sql\`CREATE TRIGGER items_touch BEFORE UPDATE ON tenant.items FOR EACH ROW EXECUTE FUNCTION tenant.touch()\`);
metadata.rule(sql\`CREATE RULE items_keep AS ON DELETE TO tenant.items DO INSTEAD NOTHING\`);
metadata.statistics(sql\`CREATE STATISTICS tenant.items_stats (ndistinct) ON id, name FROM tenant.items\`);
metadata.cast({ source: 'tenant.address', target: 'text', method: 'inout' });
const plain = metadata.textSearchDictionary('plain', { template: 'simple', options: { accept: 'false' } });
metadata.textSearchConfiguration('docs', { copy: 'english', mappings: { asciiword: plain } });
metadata.operator({ name: '===', left: 'text', right: 'text', function: 'tenant.ci_eq', restrict: 'eqsel' });
metadata.operatorClass({
  name: 'ci_ops',
  type: 'text',
  method: 'hash',
  items: ['OPERATOR 1 tenant.===(text,text)', 'FUNCTION 1 tenant.ci_hash(text)'],
});
const wrapper = metadata.foreignDataWrapper('shared_fdw', {});
const server = metadata.foreignServer('shared_srv', { wrapper });
metadata.foreignTable('remote_items', { server, columns: { id: integer(), name: text() } });
metadata.comment({ rule: 'items_keep', table: 'items' }, 'deletes do nothing');
metadata.defaultPrivileges({ on: 'tables', inSchema: 'tenant' }, [grant(['select'], '${reader}')]);
metadata.owner({ sequence: 'order_no' }, '${owner}');
`;

/** The lines of a revision file's upgrade and downgrade, without the header (its id, message and date). */
function body(source: string): string {
  return source.slice(source.indexOf('export async function upgrade'));
}

function onlyRevision(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files).toHaveLength(1);
  return readFileSync(join(dir, files[0]!), 'utf8');
}

interface TenantRecord {
  tenant: string;
  clean?: boolean;
  differences?: string[];
}

skipWhen(testTarget() !== 'server', 'PGlite runs as no superuser, which CREATE FOREIGN DATA WRAPPER needs').describe(
  'a fleet whose template declares every kind of object',
  () => {
    it('autogenerates what the model without tenants does, and check --tenants sees a change of each kind', async () => {
      const plainDb = await createTestDatabase();
      const made = [plainDb];
      onTestFinished(() => roles.drop(...made));
      await roles.create(plainDb);
      const alone = tempProject(plainDb.url, ACCESS);
      alone.write('models.ts', MODEL);
      const wrote = await alone.migrate('revision', '--autogenerate', '-m', 'every kind', '--rev-id', 'k1');
      expect(wrote.stderr).toBe('');
      expect(wrote.code).toBe(0);
      const expected = body(onlyRevision(alone.versionsDir));

      const fleetDb = await createTestDatabase();
      made.push(fleetDb);
      await roles.create(fleetDb);
      await runSql(
        fleetDb.url,
        'CREATE FOREIGN DATA WRAPPER shared_fdw; CREATE SERVER shared_srv FOREIGN DATA WRAPPER shared_fdw',
      );
      const fleet = tempProject(fleetDb.url, `tenants: { template: 'tenant', schemas: ['t0', 't1'] },\n  ${ACCESS}`);
      fleet.write('models.ts', MODEL);
      const written = await fleet.migrate(
        'revision',
        '--autogenerate',
        '-m',
        'every kind',
        '--rev-id',
        'k1',
        '--tenant',
        't0',
      );
      expect(written.stderr).toBe('');
      expect(written.code).toBe(0);
      // The same revision, less the database's own objects, which the tenant's comparison leaves out.
      const databaseWide = /^\s*await op\.(create|drop)(ForeignDataWrapper|ForeignServer)\(\{[\s\S]*?\}\);\n/gm;
      expect(body(onlyRevision(fleet.versionsDir))).toBe(expected.replace(databaseWide, ''));

      expect((await fleet.migrate('upgrade', 'head', '--tenants', 'all')).code).toBe(0);
      const clean = await fleet.migrate('check', '--tenants', 'all', '--json');
      expect(clean.code).toBe(0);
      expect((JSON.parse(clean.stdout) as TenantRecord[]).map((r) => r.differences ?? [])).toEqual([[], []]);

      // One change by hand of each kind, in t1 alone.
      await runSql(
        fleetDb.url,
        [
          "ALTER TYPE t1.mood ADD VALUE 'meh'",
          'DROP COLLATION t1.c_copy',
          'ALTER SEQUENCE t1.order_no INCREMENT BY 5',
          'ALTER DOMAIN t1.year SET DEFAULT 2000',
          'ALTER TYPE t1.address ADD ATTRIBUTE zip text',
          'DROP TYPE t1.span',
          'ALTER TABLE t1.items ADD COLUMN extra integer',
          'CREATE OR REPLACE VIEW t1.item_names AS SELECT id, name FROM t1.items WHERE id > 0',
          'CREATE OR REPLACE FUNCTION t1.ci_hash(a text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT hashtext(upper(a)) $$',
          'DROP TRIGGER items_touch ON t1.items',
          'DROP RULE items_keep ON t1.items',
          'ALTER STATISTICS t1.items_stats SET STATISTICS 50',
          'DROP CAST (t1.address AS text)',
          'ALTER TEXT SEARCH DICTIONARY t1.plain (accept = true)',
          'ALTER TEXT SEARCH CONFIGURATION t1.docs ALTER MAPPING FOR asciiword WITH simple',
          'ALTER OPERATOR t1.=== (text, text) SET (RESTRICT = scalarltsel)',
          'DROP OPERATOR CLASS t1.ci_ops USING hash',
          'ALTER FOREIGN TABLE t1.remote_items ADD COLUMN extra integer',
          "COMMENT ON TABLE t1.items IS 'changed by hand'",
          `REVOKE SELECT ON t1.items FROM "${reader}"`,
          `ALTER DEFAULT PRIVILEGES IN SCHEMA t1 REVOKE SELECT ON TABLES FROM "${reader}"`,
          'ALTER SEQUENCE t1.order_no OWNER TO CURRENT_USER',
        ].join(';\n'),
      );
      const report = await fleet.migrate('check', '--tenants', 'all', '--json');
      expect(report.code).toBe(1);
      const [t0, t1] = JSON.parse(report.stdout) as TenantRecord[];
      expect(t0!.differences ?? []).toEqual([]);
      const seen = (t1!.differences ?? []).join('\n');
      for (const change of [
        /enum t1\.mood/,
        /collation t1\.c_copy/i,
        /sequence t1\.order_no/i,
        /domain t1\.year/i,
        /t1\.address/,
        /range type t1\.span/,
        /column t1\.items\.extra/i,
        /view t1\.item_names/i,
        /t1\.ci_hash/,
        /trigger items_touch/i,
        /rule items_keep/i,
        /statistics t1\.items_stats/i,
        /cast \(t1\.address as text\)/i,
        /dictionary t1\.plain/i,
        /configuration t1\.docs/i,
        /operator t1\.===/i,
        /operator class t1\.ci_ops/i,
        /foreign table t1\.remote_items/i,
        /comment on table t1\.items/i,
        new RegExp(`grant select on table t1\\.items to ${reader}`),
        new RegExp(`grant select on new tables .*in schema t1 to ${reader}`),
        new RegExp(`give sequence t1\\.order_no to ${owner}`),
      ]) {
        expect(seen).toMatch(change);
      }
    });
  },
);
