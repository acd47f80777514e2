import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { canonicalizeModel } from '../../src/canonical/canonicalize.js';
import { connect } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { strictTypeErrors } from '../helpers/typecheck.js';
import { skipWhen } from '../helpers/skips.js';

/** `migrate pull` writes a model that means exactly the database it was pulled from. */

const CLEAN = 'No differences: the database matches the model.';

async function pullAndCheck(url: string): Promise<TempProject> {
  const project = tempProject(url);
  const pulled = await project.migrate('pull');
  expect(pulled.stderr).toBe('');
  expect(pulled.code).toBe(0);
  const checked = await project.migrate('check');
  expect(checked.stdout).toBe(CLEAN);
  expect(checked.code).toBe(0);
  return project;
}

/** A fresh database built from a pulled model: autogenerate from nothing, upgrade, and check. */
async function buildFromModel(models: string): Promise<string> {
  const db = await createTestDatabase();
  const project = tempProject(db.url);
  project.write('models.ts', models);
  const revision = await project.migrate('revision', '--autogenerate', '-m', 'from pull', '--rev-id', 'pull0001');
  expect(revision.stderr).toBe('');
  expect(revision.code).toBe(0);
  const upgraded = await project.migrate('upgrade', 'head');
  expect(upgraded.stderr).toBe('');
  expect(upgraded.code).toBe(0);
  const checked = await project.migrate('check');
  expect(checked.stdout).toBe(CLEAN);
  return db.url;
}

const CONSTRAINTS_SQL = `
  SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
  WHERE conrelid IN ('public.u'::regclass, 'public.v'::regclass) AND contype IN ('p', 'u') ORDER BY conname`;

describe('migrate pull keeps keys that repeat one another', () => {
  it('a primary key and a unique key on the same column, and two identical unique keys, survive pull, check and a fresh build', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE u (a integer PRIMARY KEY);
       ALTER TABLE u ADD CONSTRAINT u_a_uniq UNIQUE (a);
       CREATE TABLE v (b integer, c integer);
       ALTER TABLE v ADD CONSTRAINT v_b_one UNIQUE (b);
       ALTER TABLE v ADD CONSTRAINT v_b_two UNIQUE (b);
       ALTER TABLE v ADD CONSTRAINT v_bc UNIQUE (b, c);`,
    );
    const project = await pullAndCheck(db.url);
    const fresh = await buildFromModel(project.read('models.ts'));
    const expected = await queryRows(db.url, CONSTRAINTS_SQL);
    expect(expected.map((row) => row.name)).toEqual(['u_a_uniq', 'u_pkey', 'v_b_one', 'v_b_two', 'v_bc']);
    expect(await queryRows(fresh, CONSTRAINTS_SQL)).toEqual(expected);
  });
});

describe('migrate pull keeps text with line breaks', () => {
  it('defaults, checks, index predicates, view and function bodies survive pull, check and a fresh build', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE notes (
         id integer PRIMARY KEY,
         b text DEFAULT E'tab\\there\\nnl',
         c text CHECK (c <> E'x\\n  y')
       );
       CREATE INDEX notes_b_idx ON notes (b) WHERE b <> E'p\\n  q';
       CREATE VIEW note_view AS SELECT b, E'line\\n  two' AS t FROM notes;
       CREATE FUNCTION note_text() RETURNS text LANGUAGE sql AS $$
         SELECT 'a
           b'::text
       $$;`,
    );
    const project = await pullAndCheck(db.url);
    const fresh = await buildFromModel(project.read('models.ts'));
    const texts = `
      SELECT (SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'notes'::regclass) AS "default",
             (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'notes'::regclass AND contype = 'c') AS "check",
             pg_get_indexdef('notes_b_idx'::regclass) AS "index",
             pg_get_viewdef('note_view'::regclass) AS "view",
             (SELECT prosrc FROM pg_proc WHERE proname = 'note_text') AS "function"`;
    const expected = await queryRows<Record<string, string>>(db.url, texts);
    expect(expected[0]!.default).toBe("'tab\there\nnl'::text");
    expect(await queryRows(fresh, texts)).toEqual(expected);
  });
});

describe('migrate pull with dots in names', () => {
  it('writes one const per table for schema "a.b" table c and schema a table "b.c", and the model compiles', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE SCHEMA "a.b";
       CREATE SCHEMA a;
       CREATE TABLE "a.b".c (id integer PRIMARY KEY);
       CREATE TABLE a."b.c" (id integer PRIMARY KEY);
       CREATE TABLE r (x integer REFERENCES "a.b".c, y integer REFERENCES a."b.c");`,
    );
    const project = tempProject(db.url);
    const pulled = await project.migrate('pull');
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    const models = project.read('models.ts');
    const consts = [...models.matchAll(/^export const (\S+) =/gm)].map((m) => m[1]!);
    expect(consts).toHaveLength(4);
    expect(new Set(consts).size).toBe(4);
    const targets = [...models.matchAll(/\.references\(\(\) => (\w+)\.columns/g)].map((m) => m[1]!);
    expect(targets).toHaveLength(2);
    expect(targets[0]).not.toBe(targets[1]);
    expect(strictTypeErrors([join(project.dir, 'models.ts')], project.dir)).toEqual([]);
    const checked = await project.migrate('check');
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
  }, 60_000);

  it('canonicalizes a model where one name with dots spells another (a type x."y.z" next to a table "x.y".z) and finds no differences', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE SCHEMA "a.b";
       CREATE SCHEMA a;
       CREATE TABLE "a.b".c (id integer PRIMARY KEY, note text DEFAULT 'c');
       CREATE TABLE a."b.c" (id integer PRIMARY KEY, note text DEFAULT 'b.c');
       CREATE TABLE r (x integer REFERENCES "a.b".c, y integer REFERENCES a."b.c");
       CREATE VIEW a."b.v" AS SELECT id FROM a."b.c";
       CREATE VIEW "a.b".v AS SELECT id, note FROM "a.b".c;
       CREATE SCHEMA "x.y";
       CREATE SCHEMA x;
       CREATE TABLE "x.y".z (id integer);
       CREATE TYPE x."y.z" AS (n integer);
       CREATE TABLE uses_type (v x."y.z" DEFAULT '(1)'::x."y.z");`,
    );
    const driver = await connect(db.url);
    try {
      const live = await reflectSchema(driver);
      const canonical = await canonicalizeModel(driver, live);
      expect(compareModels(live, canonical)).toEqual([]);
      expect(
        canonical.tables.map((t) => [t.schema, t.name, t.columns.find((c) => c.name === 'note')?.default ?? null]),
      ).toEqual([
        ['a', 'b.c', "'b.c'::text"],
        ['a.b', 'c', "'c'::text"],
        ['public', 'r', null],
        ['public', 'uses_type', null],
        ['x.y', 'z', null],
      ]);
    } finally {
      await driver.close();
    }
  });
});

describe("migrate pull under the database's own DateStyle, IntervalStyle and extra_float_digits", () => {
  const SCHEMA = `
    CREATE TABLE events (
      id integer PRIMARY KEY,
      d date DEFAULT '2020-02-01',
      at timestamp DEFAULT '2020-02-01 10:30:00',
      span interval DEFAULT '1 day 02:03:04',
      f double precision DEFAULT 0.30000000000000004
    );`;

  // ALTER DATABASE ... SET needs a database of its own on a server.
  skipWhen(testTarget() !== 'server', 'ALTER DATABASE ... SET needs a database of its own on a server').it(
    'writes ISO dates, Postgres intervals and exact floats; check is clean and a fresh build means the same values',
    async () => {
      const db = await createTestDatabase();
      await runSql(
        db.url,
        `ALTER DATABASE "${db.name}" SET DateStyle = 'SQL, DMY';
       ALTER DATABASE "${db.name}" SET IntervalStyle = 'sql_standard';
       ALTER DATABASE "${db.name}" SET extra_float_digits = 0;`,
      );
      await runSql(db.url, SCHEMA);
      const project = await pullAndCheck(db.url);
      const models = project.read('models.ts');
      expect(models).toContain("'2020-02-01'::date");
      expect(models).toContain("'2020-02-01 10:30:00'::timestamp without time zone");
      expect(models).toContain("'1 day 02:03:04'::interval");
      expect(models).toContain('0.30000000000000004');
      const fresh = await buildFromModel(models);
      const values = `
      INSERT INTO events (id) VALUES (1);
      CREATE TABLE seen AS SELECT to_char(d, 'YYYY-MM-DD') AS d, to_char(at, 'YYYY-MM-DD HH24:MI:SS') AS at,
        extract(epoch FROM span)::numeric(12, 6)::text AS span, (f = 0.30000000000000004::float8) AS f FROM events;`;
      await runSql(db.url, values);
      await runSql(fresh, values);
      const seen = 'SELECT * FROM seen';
      expect(await queryRows(db.url, seen)).toEqual([
        { d: '2020-02-01', at: '2020-02-01 10:30:00', span: '93784.000000', f: true },
      ]);
      expect(await queryRows(fresh, seen)).toEqual(await queryRows(db.url, seen));
    },
  );

  it("restores the session's own settings after reading, outside and inside a transaction", async () => {
    const db = await createTestDatabase();
    await runSql(db.url, SCHEMA);
    const driver = await connect(db.url);
    const settings = `SELECT current_setting('DateStyle') AS date_style, current_setting('IntervalStyle') AS interval_style,
      current_setting('extra_float_digits') AS extra_float_digits, current_setting('search_path') AS search_path`;
    try {
      await driver.exec(`SET DateStyle = 'SQL, DMY'; SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 0`);
      const before = (await driver.query(settings)).rows;
      const outside = await reflectSchema(driver);
      expect((await driver.query(settings)).rows).toEqual(before);
      await driver.exec('BEGIN');
      const inside = await reflectSchema(driver);
      expect((await driver.query(settings)).rows).toEqual(before);
      await driver.exec('COMMIT');
      expect(inside).toEqual(outside);
      const events = outside.tables.find((t) => t.name === 'events')!;
      expect(events.columns.find((c) => c.name === 'd')!.default).toBe("'2020-02-01'::date");
    } finally {
      await driver.close();
    }
  });
});

describe('migrate pull writes routines that newer servers read', () => {
  skipWhen(testTarget() !== 'server', 'pulls from a server and builds on PGlite, which is PostgreSQL 17').it(
    'quotes parameter names that PostgreSQL 16 on reads as keywords (json), which older servers print bare',
    async () => {
      const db = await createTestDatabase();
      await runSql(
        db.url,
        `CREATE FUNCTION echo(json json, json_table int DEFAULT 1, VARIADIC merge_action text[] DEFAULT '{}')
           RETURNS TABLE(system_user text, json_value json) LANGUAGE sql AS $$ SELECT 'x', json $$;
         CREATE FUNCTION typed(json, json[]) RETURNS json LANGUAGE sql AS $$ SELECT $1 $$;`,
      );
      const pulled = await pullAndCheck(db.url);
      const embedded = tempProject(null);
      embedded.write('models.ts', pulled.read('models.ts'));
      const revision = await embedded.migrate('revision', '--autogenerate', '-m', 'from pull');
      expect(revision.stderr).not.toContain('error');
      expect(revision.code).toBe(0);
      expect(pulled.read('models.ts')).toContain('"json" json');
      expect((await embedded.migrate('upgrade', 'head')).code).toBe(0);
      expect((await embedded.migrate('check')).stdout).toBe(CLEAN);
    },
  );
});
