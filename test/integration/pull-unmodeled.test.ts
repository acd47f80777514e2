import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { expectSameSchema } from '../helpers/fixtures.js';
import { serverOlderThan } from '../helpers/embedded-server.js';
import { tempProject } from '../helpers/project.js';
import { testRoles } from '../helpers/roles.js';
import { strictTypeErrors } from '../helpers/typecheck.js';
import { skipWhen } from '../helpers/skips.js';

const UNMODELED_SCHEMA = `
  CREATE TYPE addr AS (street text, zip integer);
  CREATE TABLE items (id integer PRIMARY KEY, a integer, b integer, home addr);
  CREATE RULE items_keep AS ON DELETE TO items DO INSTEAD NOTHING;
  CREATE STATISTICS items_ab (ndistinct) ON a, b FROM items;
  CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);
  CREATE TABLE dense (id integer) WITH (fillfactor=70);
  CREATE TABLE parent (id integer NOT NULL CHECK (id > 0), name text);
  ALTER TABLE parent REPLICA IDENTITY FULL;
  CREATE TYPE shape AS (w integer);
  CREATE TABLE shaped OF shape;
  CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
  CREATE TABLE stamped (id integer, at date) PARTITION BY RANGE (at);
  CREATE TABLE stamped_2026 PARTITION OF stamped FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
  CREATE TRIGGER stamp BEFORE INSERT ON stamped FOR EACH ROW EXECUTE FUNCTION stamp();
  ALTER TABLE stamped_2026 DISABLE TRIGGER stamp;
  CREATE TABLE logged (id integer, at date, CONSTRAINT logged_pkey PRIMARY KEY (id, at) WITH (fillfactor = 90))
    PARTITION BY RANGE (at);
  CREATE TABLE logged_2026 PARTITION OF logged FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
  ALTER INDEX logged_2026_pkey SET (fillfactor = 70);
`;

/** The other kinds; event triggers and foreign-data wrappers need a superuser, so the server only. */
const MORE_UNMODELED = `
  CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
  CREATE TABLE tags (name text COLLATE nocase NOT NULL);
  CREATE INDEX tags_name ON tags (name COLLATE "C");
  CREATE TYPE pair AS (x integer, y text COLLATE "C");
  CREATE FUNCTION pair_eq(pair, pair) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
  CREATE OPERATOR === (LEFTARG = pair, RIGHTARG = pair, FUNCTION = pair_eq, COMMUTATOR = ===);
  CREATE OPERATOR FAMILY pair_fam USING btree;
  CREATE OPERATOR CLASS pair_ops FOR TYPE pair USING hash AS OPERATOR 1 ===;
  CREATE CAST (pair AS text) WITH INOUT AS ASSIGNMENT;
  CREATE TEXT SEARCH DICTIONARY my_stem (TEMPLATE = snowball, language = 'english');
  CREATE TEXT SEARCH CONFIGURATION my_cfg (COPY = english);
  ALTER TEXT SEARCH CONFIGURATION my_cfg ALTER MAPPING FOR asciiword WITH my_stem;
  CREATE FOREIGN DATA WRAPPER dummy;
  CREATE SERVER srv FOREIGN DATA WRAPPER dummy OPTIONS (host 'x');
  CREATE USER MAPPING FOR PUBLIC SERVER srv OPTIONS (password 'never printed');
  CREATE FOREIGN TABLE remote (a integer OPTIONS (column_name 'A') NOT NULL, b text) SERVER srv OPTIONS (table_name 'r');
  ALTER FOREIGN TABLE remote ADD CONSTRAINT remote_a_check CHECK (a > 0);
  COMMENT ON FOREIGN TABLE remote IS 'far away';
  ALTER FOREIGN TABLE remote ALTER COLUMN b SET STATISTICS 100, ALTER COLUMN b SET (n_distinct = 5);
  COMMENT ON SERVER srv IS 'the dummy server';
  CREATE TABLE measured (id integer, at date) PARTITION BY RANGE (at);
  CREATE FOREIGN TABLE measured_2000 PARTITION OF measured FOR VALUES FROM ('2000-01-01') TO ('2001-01-01') SERVER srv;
  CREATE TABLE items (id integer PRIMARY KEY, a integer, b integer, note text) WITH (toast.autovacuum_enabled = false);
  CREATE INDEX items_a ON items (a) WITH (fillfactor = 50);
  CREATE TABLE keyed (id integer, CONSTRAINT keyed_pkey PRIMARY KEY (id) WITH (fillfactor = 80));
  ALTER TABLE items CLUSTER ON items_a, REPLICA IDENTITY FULL;
  CREATE MATERIALIZED VIEW item_counts AS SELECT a, count(*) AS n FROM items GROUP BY a;
  CREATE INDEX item_counts_a ON item_counts (a);
  ALTER MATERIALIZED VIEW item_counts CLUSTER ON item_counts_a;
  CREATE INDEX items_sum ON items ((a + b));
  ALTER INDEX items_sum ALTER COLUMN 1 SET STATISTICS 300;
  CREATE VIEW item_notes AS SELECT id, note FROM items;
  ALTER VIEW item_notes ALTER COLUMN note SET DEFAULT 'none';
  ALTER TABLE items ALTER COLUMN note SET STORAGE EXTERNAL, ALTER COLUMN note SET COMPRESSION pglz,
    ALTER COLUMN a SET STATISTICS 500, ALTER COLUMN b SET (n_distinct = 10);
  CREATE TYPE shape AS (w integer);
  CREATE TABLE shaped OF shape;
  CREATE TABLE counted (id integer GENERATED ALWAYS AS IDENTITY, n integer);
  ALTER SEQUENCE counted_id_seq SET UNLOGGED;
  CREATE UNLOGGED SEQUENCE spare_no;
  CREATE TABLE base (id integer, note text DEFAULT 'base', flag boolean);
  CREATE TABLE derived () INHERITS (base);
  ALTER TABLE derived ALTER COLUMN note SET DEFAULT 'derived', ALTER COLUMN flag SET NOT NULL;
  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
  CREATE TRIGGER items_touch BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION touch();
  ALTER TABLE items DISABLE TRIGGER items_touch;
  CREATE PUBLICATION items_pub FOR TABLE items (id, a) WHERE (a > 1);
  CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';
  CREATE EVENT TRIGGER on_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION on_ddl();
  ALTER EVENT TRIGGER on_ddl DISABLE;
  CREATE EXTENSION hstore;
  CREATE EXTENSION citext;
  COMMENT ON EXTENSION citext IS 'our text';
  ALTER TABLE items ENABLE ROW LEVEL SECURITY;
  CREATE POLICY items_all ON items USING (true);
  COMMENT ON POLICY items_all ON items IS 'everyone';
  COMMENT ON OPERATOR CLASS pair_ops USING hash IS 'pairs';
  COMMENT ON COLUMN pair.x IS 'first';
  COMMENT ON EVENT TRIGGER on_ddl IS 'on tables';
  COMMENT ON PUBLICATION items_pub IS 'to the copy';
  COMMENT ON OPERATOR FAMILY pair_fam USING btree IS 'empty';
`;

/** The SQL of the "not modeled" block: its indented comment lines, uncommented. */
function blockSql(models: string): string {
  return models
    .split('\n')
    .filter((line) => line.startsWith('//   '))
    .map((line) => line.slice('//   '.length))
    .join('\n');
}

describe('migrate pull lists what the model cannot hold', () => {
  it('writes each object as SQL in a comment block and warns once per kind; check stays clean; the SQL recreates them', async () => {
    const a = await createTestDatabase();
    await runSql(a.url, UNMODELED_SCHEMA);
    const fromA = tempProject(a.url);
    const pulled = await fromA.migrate('pull');
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('not modeled: 1 typed table(s): public.shaped of public.shape');
    // A partition's own firing of the trigger it has from its parent.
    expect(pulled.stdout).toContain('not modeled: 1 partition trigger firing(s): public.stamped_2026 stamp');
    // A partition's key's index's own storage parameters (its parent key's are modeled).
    expect(pulled.stdout).toContain('not modeled: 1 partition key storage setting(s): public.logged_2026_pkey');
    expect(pulled.stdout.match(/not modeled:/g)).toHaveLength(3);

    const models = fromA.read('models.ts');
    expect(models).toContain('// Not modeled.');
    // An unlogged table is modeled (`unlogged: true`), not listed.
    expect(models).toMatch(/'cache',[^;]*unlogged: true,/);
    // So are a table's storage parameters.
    expect(models).toMatch(/'dense',[^;]*with: \{ fillfactor: '70' \},/);
    // And composite types, with the columns of their type.
    expect(models).toContain("export const addr = metadata.compositeType('addr', { street: text(), zip: integer() });");
    expect(models).toContain('home: addr.column()');
    expect(models).not.toContain('CREATE TYPE');
    // And a rule.
    expect(models).toContain(
      'metadata.rule(sql`CREATE RULE items_keep AS\n    ON DELETE TO public.items DO INSTEAD NOTHING`);',
    );
    // And extended statistics.
    expect(models).toContain(
      'metadata.statistics(sql`CREATE STATISTICS public.items_ab (ndistinct) ON a, b FROM public.items`);',
    );
    // A replica identity is modeled.
    expect(models).toMatch(/'parent',[^;]*replicaIdentity: 'full',/);
    expect(models).toContain('//   ALTER TABLE public.shaped OF public.shape;');
    expect(models).toContain('//   ALTER TABLE public.stamped_2026 DISABLE TRIGGER stamp;');
    expect(strictTypeErrors([join(fromA.dir, 'models.ts')], fromA.dir)).toEqual([]);

    const checked = await fromA.migrate('check');
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toContain('No differences');
    expect(checked.code).toBe(0);

    // Into an empty database: the model through a revision (its composite type
    // before the table using it), then the block.
    const b = await createTestDatabase();
    const sql = blockSql(models);
    const onB = tempProject(b.url);
    onB.write('models.ts', models);
    expect((await onB.migrate('revision', '--autogenerate', '-m', 'initial')).code).toBe(0);
    expect((await onB.migrate('upgrade', 'head')).code).toBe(0);
    await runSql(b.url, sql);
    const again = tempProject(b.url);
    expect((await again.migrate('pull')).code).toBe(0);
    expect(blockSql(again.read('models.ts'))).toBe(sql);
  });

  // Column compression came with PostgreSQL 14, a publication's column list and row filter with 15.
  skipWhen(
    testTarget() !== 'server' || serverOlderThan(15),
    "needs a PostgreSQL 15 server: a publication's column list and row filter",
  ).it("lists every other kind as SQL that recreates it, and never prints a user mapping's options", async () => {
    const a = await createTestDatabase();
    await runSql(a.url, MORE_UNMODELED);
    const fromA = tempProject(a.url);
    const pulled = await fromA.migrate('pull');
    expect(pulled.code).toBe(0);
    const kinds = [...pulled.stdout.matchAll(/not modeled: \d+ (.+?)\(s\)/g)].map((m) => m[1]);
    expect(kinds).toEqual([
      'operator family',
      'user mapping',
      'foreign table partition or child',
      'foreign table check constraint',
      'foreign table column setting',
      'comment on a foreign server or wrapper',
      'typed table',
      'identity sequence persistence',
      'inherited column setting',
      'comment',
    ]);
    // Comments the model has no place for are listed, each as the statement that sets it.
    for (const name of ['operator class public.pair_ops USING hash', 'operator family public.pair_fam USING btree'])
      expect(pulled.stdout).toContain(name);
    expect(pulled.stdout).toMatch(/not modeled: 2 comment\(s\)/);
    // A child's own default and NOT NULL on columns it inherits.
    expect(pulled.stdout).toContain(
      'not modeled: 2 inherited column setting(s): public.derived.flag, public.derived.note',
    );
    const models = fromA.read('models.ts');
    expect(models).not.toContain('never printed');
    // A publication is modeled, with its comment; so is a replica identity.
    expect(models).toContain(
      "metadata.publication('items_pub', { tables: [{ table: 'items', columns: ['id', 'a'], where: sql`(a > 1)` }], comment: 'to the copy' });",
    );
    expect(models).toMatch(/'items',[^;]*replicaIdentity: 'full',/);
    // So are a primary key's index's storage parameters.
    expect(models).toMatch(/'keyed',[^;]*primaryKey: \{ columns: \['id'\], with: \{ fillfactor: '80' \} \}/);
    // So is a table's clustered index, and a materialized view's.
    expect(models).toMatch(/'items',[^;]*clusterOn: 'items_a',/);
    expect(models).toMatch(/'item_counts',[^;]*clusterOn: 'item_counts_a'/);
    // A comment on a policy is modeled, as is one on a composite type's attribute.
    expect(models).toContain("metadata.comment({ column: 'x', table: 'pair' }, 'first');");
    expect(models).toContain("metadata.comment({ policy: 'items_all', table: 'items' }, 'everyone');");
    // So is a collation.
    expect(models).toContain(
      "metadata.collation('nocase', { provider: 'icu', locale: 'und-u-ks-level2', deterministic: false });",
    );
    expect(models).toContain(`name: text().collate('"public"."nocase"').notNull()`);
    // So are foreign data wrappers, servers and foreign tables; a user mapping is not (its options may hold a password).
    expect(models).toContain("metadata.foreignDataWrapper('dummy');");
    expect(models).toContain("metadata.foreignServer('srv', { wrapper: 'dummy', options: { host: 'x' } });");
    expect(models).toContain(
      "metadata.foreignTable('remote', { server: 'srv', columns: { a: integer().notNull(), b: text() }, options: { table_name: 'r' }, columnOptions: { a: { column_name: 'A' } } });",
    );
    expect(models).toContain("metadata.comment({ foreignTable: 'remote' }, 'far away');");
    // So are an event trigger with its firing and comment, and an extension's comment other than its own (hstore's own is not written).
    expect(models).toContain(
      "metadata.eventTrigger('on_ddl', { event: 'ddl_command_end', function: 'public.on_ddl', tags: ['CREATE TABLE'], firing: 'disabled', comment: 'on tables' });",
    );
    expect(models).toContain("metadata.comment({ extension: 'citext' }, 'our text');");
    expect(models).not.toContain("{ extension: 'hstore' }");
    // So is a cast.
    expect(models).toContain(
      "metadata.cast({ source: 'public.pair', target: 'text', method: 'inout', context: 'assignment' });",
    );
    // So are text search dictionaries and configurations (the copy written whole).
    expect(models).toContain(
      "metadata.textSearchDictionary('my_stem', { template: 'snowball', options: { language: 'english' } });",
    );
    expect(models).toMatch(
      /metadata\.textSearchConfiguration\('my_cfg', \{\n {2}parser: 'default',\n {2}mappings: \{\n {4}asciiword: \['public\.my_stem'\],/,
    );
    // So are an operator and an operator class (a family made on its own is not).
    expect(models).toContain(
      "metadata.operator({ name: '===', left: 'public.pair', right: 'public.pair', function: 'public.pair_eq', commutator: '===' });",
    );
    expect(models).toContain(
      "metadata.operatorClass({ name: 'pair_ops', type: 'public.pair', method: 'hash', items: ['OPERATOR 1 public.===(public.pair,public.pair)'] });",
    );
    // An identity's sequence made unlogged apart from its table is not; an unlogged sequence is.
    expect(pulled.stdout).toContain('not modeled: 1 identity sequence persistence(s): public.counted_id_seq');
    expect(models).toContain("metadata.sequence('spare_no', { unlogged: true });");
    // A column's statistics target is modeled.
    expect(models).toMatch(/a: integer\(\)\.statistics\(500\)/);
    expect(models).toMatch(/b: integer\(\)\.options\(\{ n_distinct: '10' \}\)/);
    expect(models).toMatch(/note: text\(\)\.storage\('external'\)\.compression\('pglz'\)/);
    expect(models).toContain('col(sql`((a + b))`, { statistics: 300 })');
    expect(models).toContain("columnDefaults: { note: sql`'none'::text` }");
    expect(strictTypeErrors([join(fromA.dir, 'models.ts')], fromA.dir)).toEqual([]);
    expect((await fromA.migrate('check')).code).toBe(0);

    const b = await createTestDatabase();
    const sql = blockSql(models);
    // The collation first (a modeled composite type uses it); composite types are in the model.
    const first = (line: string): boolean => /^CREATE COLLATION/.test(line);
    await runSql(b.url, sql.split('\n').filter(first).join('\n'));
    const onB = tempProject(b.url);
    onB.write('models.ts', models);
    expect((await onB.migrate('revision', '--autogenerate', '-m', 'initial')).code).toBe(0);
    expect((await onB.migrate('upgrade', 'head')).code).toBe(0);
    await runSql(
      b.url,
      `${sql
        .split('\n')
        .filter((line) => !first(line))
        .join('\n')}\nCREATE USER MAPPING FOR PUBLIC SERVER srv;`,
    );
    const again = tempProject(b.url);
    expect((await again.migrate('pull')).code).toBe(0);
    expect(blockSql(again.read('models.ts'))).toBe(sql);
  });

  it("a database holding nothing of the kind gets no block and no warning; the tool's own tables are left out", async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE plain (id serial PRIMARY KEY, name text NOT NULL);
       CREATE TABLE athanor_version (version_num varchar(32) PRIMARY KEY) WITH (fillfactor=50);`,
    );
    const project = tempProject(db.url);
    const pulled = await project.migrate('pull');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).not.toContain('not modeled');
    expect(project.read('models.ts')).not.toContain('Not modeled');
  });

  it("with privileges managed, lists the privileges on an extension's members that differ from the extension's own, and applied they give the same schema", async () => {
    const roles = testRoles('dash', 'Web App');
    const [dash, web] = roles.names;
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    onTestFinished(() => roles.drop(a, b));
    await roles.create(a);
    await roles.create(b);
    await runSql(
      a.url,
      `CREATE EXTENSION hstore;
       CREATE TABLE t (id integer PRIMARY KEY, h hstore);
       GRANT SELECT ON t TO "${dash}";
       GRANT EXECUTE ON FUNCTION akeys(hstore), avals(hstore) TO "${web}";
       GRANT EXECUTE ON FUNCTION akeys(hstore) TO "${dash}" WITH GRANT OPTION;
       REVOKE ALL ON TYPE hstore FROM PUBLIC;
       GRANT USAGE ON TYPE hstore TO "${dash}";`,
    );
    const fromA = tempProject(a.url, "privileges: 'all',");
    const pulled = await fromA.migrate('pull');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('not modeled: 5 extension member privilege(s)');
    const models = fromA.read('models.ts');
    // The grant on the table is modeled; those on hstore's function and type are listed, and nothing else of hstore's.
    expect(models).toContain(`grant(['select'], '${dash}')`);
    expect(blockSql(models).split('\n')).toEqual([
      `GRANT EXECUTE ON FUNCTION public.akeys(public.hstore) TO "${web}";`,
      `GRANT EXECUTE ON FUNCTION public.akeys(public.hstore) TO ${dash} WITH GRANT OPTION;`,
      `GRANT EXECUTE ON FUNCTION public.avals(public.hstore) TO "${web}";`,
      'REVOKE USAGE ON TYPE public.hstore FROM PUBLIC;',
      `GRANT USAGE ON TYPE public.hstore TO ${dash};`,
    ]);
    expect((await fromA.migrate('check')).code).toBe(0);
    // Only the roles the setting names.
    const onlyWeb = tempProject(a.url, `privileges: { roles: [${JSON.stringify(web)}] },`);
    expect((await onlyWeb.migrate('pull')).stdout).toContain('not modeled: 2 extension member privilege(s)');
    // Not at all when privileges are left alone.
    expect((await tempProject(a.url).migrate('pull')).stdout).not.toContain('extension member privilege');

    const onB = tempProject(b.url, "privileges: 'all',");
    onB.write('models.ts', models);
    expect((await onB.migrate('revision', '--autogenerate', '-m', 'initial')).code).toBe(0);
    expect((await onB.migrate('upgrade', 'head')).code).toBe(0);
    // An ACL lists its entries in the order they were granted, as pg_dump prints them: those above are in the block's order.
    await runSql(b.url, blockSql(models));
    await expectSameSchema(b.url, a.url, { privileges: true });
  }, 300_000);

  it('lists only what lies in the configured schemas', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE SCHEMA app; CREATE SCHEMA other;
       CREATE TYPE app.pair AS (x integer, y integer);
       CREATE TYPE other.triple AS (x integer, y integer, z integer);
       CREATE TABLE app.t (id integer);`,
    );
    const project = tempProject(db.url, "schemas: ['app'],");
    const pulled = await project.migrate('pull');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).not.toContain('not modeled');
    expect(project.read('models.ts')).toContain(
      "metadata.compositeType('pair', { x: integer(), y: integer() }, { schema: 'app' })",
    );
    expect(project.read('models.ts')).not.toContain('triple');
  });
});
