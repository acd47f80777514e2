import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { expectSameSchema } from '../helpers/fixtures.js';
import { roundTrip } from '../helpers/round-trip.js';
import { tempProject, type TempProject } from '../helpers/project.js';

/**
 * Some definitions print differently once the server re-creates them from
 * their printed text. `pull` writes the printed text; the comparison must
 * reach a fixed point instead of comparing one printing with another.
 */

const CLEAN = 'No differences: the database matches the model.';

async function pullCheckAutogenerate(sql: string): Promise<TempProject> {
  const db = await createTestDatabase();
  await runSql(db.url, sql);
  const project = tempProject(db.url);
  const pulled = await project.migrate('pull');
  expect(pulled.stderr).toBe('');
  expect(pulled.code).toBe(0);
  const checked = await project.migrate('check');
  expect(checked.stdout).toBe(CLEAN);
  expect(checked.code).toBe(0);
  const revision = await project.migrate('revision', '--autogenerate', '-m', 'nothing', '--rev-id', 'fix00001');
  expect(revision.code).toBe(0);
  expect(revision.stdout).toContain('No changes; no revision written');
  return project;
}

const ROUTINE_CHECK = `CREATE FUNCTION one() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';
  CREATE TABLE t (id integer PRIMARY KEY DEFAULT one(), c varchar(5) CHECK (c IN ('a', 'b')));`;
// Written as created: the printing, `((c)::text = ANY ((ARRAY['a'::character varying, ...])::text[]))`, creates another tree.
const PULLED_CHECK = "sql`(c IN ('a'::character varying, 'b'::character varying))`";

describe('pull then check reaches a fixed point', () => {
  it('a check whose = ANY array cast prints differently once re-created', async () => {
    await pullCheckAutogenerate(`CREATE TABLE t (id integer PRIMARY KEY, c varchar(5) CHECK (c IN ('a', 'b')));`);
  });

  it('the same check on a table canonicalization creates (its default calls a routine)', async () => {
    await pullCheckAutogenerate(ROUTINE_CHECK);
  });

  it('the model spelling the check as it prints once re-created is no difference either', async () => {
    const project = await pullCheckAutogenerate(ROUTINE_CHECK);
    const models = project.read('models.ts');
    expect(models).toContain(PULLED_CHECK);
    const reprinted = "sql`(c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text])`";
    project.write('models.ts', models.replace(PULLED_CHECK, reprinted));
    const checked = await project.migrate('check');
    expect(checked.stdout).toBe(CLEAN);
  });

  it('a check that means something else is still a difference', async () => {
    const project = await pullCheckAutogenerate(ROUTINE_CHECK);
    project.write('models.ts', project.read('models.ts').replace(PULLED_CHECK, "sql`c IN ('a', 'b', 'c')`"));
    const checked = await project.migrate('check');
    expect(checked.stdout).toContain('drop check constraint t_c_check on public.t');
    expect(checked.stdout).toContain('add check constraint t_c_check on public.t');
    expect(checked.code).not.toBe(0);
  });

  it('a view whose UNION ALL branch prints NULL::integer, and NULL::integer AS int4 once re-created', async () => {
    await pullCheckAutogenerate(
      `CREATE TABLE s (id integer PRIMARY KEY);
       CREATE VIEW v AS SELECT q.a FROM (SELECT 1 AS a UNION ALL SELECT NULL) q;
       CREATE VIEW w AS SELECT s.id FROM s;`,
    );
  });

  it('a live text that does not create in the model (its column renamed there) is a difference, not an error', async () => {
    const project = await pullCheckAutogenerate(ROUTINE_CHECK);
    const models = project.read('models.ts').replace('c: varchar(5),', 'd: varchar(5),');
    // The check keeps its name, so the live text is tried in its place, where column c is gone.
    project.write('models.ts', models.replace(PULLED_CHECK, "sql`d IN ('a', 'b')`, { name: 't_c_check' }"));
    const checked = await project.migrate('check');
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toContain('add check constraint t_c_check on public.t');
    expect(checked.code).not.toBe(0);
  });

  it('a view query that means something else is still a difference', async () => {
    const project = await pullCheckAutogenerate(
      `CREATE VIEW v AS SELECT q.a FROM (SELECT 1 AS a UNION ALL SELECT NULL) q;`,
    );
    const models = project.read('models.ts');
    expect(models).toContain('SELECT 1 AS a');
    project.write('models.ts', models.replace('SELECT 1 AS a', 'SELECT 2 AS a'));
    const checked = await project.migrate('check');
    expect(checked.stdout).toContain('replace view public.v');
    expect(checked.code).not.toBe(0);
  });

  it('a default, an index expression and predicate holding the same array cast', async () => {
    await pullCheckAutogenerate(
      `CREATE FUNCTION one() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';
       CREATE TABLE d (
         id integer PRIMARY KEY,
         c varchar(5),
         ok boolean DEFAULT ('x'::varchar IN ('a', 'b')),
         n integer DEFAULT one()
       );
       CREATE INDEX d_c_idx ON d ((c IN ('a', 'b'))) WHERE c IN ('a', 'b');`,
    );
  });

  it('a domain check, an exclusion predicate, a policy and a trigger condition holding the same array cast', async () => {
    await pullCheckAutogenerate(
      `CREATE FUNCTION one() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';
       CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
       CREATE DOMAIN code AS varchar(5) CHECK (VALUE IN ('a', 'b'));
       CREATE TABLE e (
         id integer DEFAULT one(),
         c varchar(5),
         k code,
         EXCLUDE USING btree (id WITH =) WHERE (c IN ('a', 'b'))
       );
       ALTER TABLE e ENABLE ROW LEVEL SECURITY;
       CREATE POLICY e_ab ON e USING (c IN ('a', 'b'));
       CREATE TRIGGER e_touch BEFORE INSERT ON e FOR EACH ROW WHEN (NEW.c IN ('a', 'b')) EXECUTE FUNCTION touch();`,
    );
  });

  it('a view over a function whose result type changes in the same revision is created as the model prints it', async () => {
    const numeric = `CREATE FUNCTION total() RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT 1';
      CREATE VIEW totals AS SELECT total() AS total;
      CREATE VIEW big AS SELECT total FROM totals WHERE total > 100;`;
    const pulled = await pullCheckAutogenerate(numeric);
    const db = await createTestDatabase();
    await runSql(db.url, numeric.replace('RETURNS numeric', 'RETURNS bigint'));
    const project = tempProject(db.url);
    project.write('models.ts', pulled.read('models.ts'));
    const generated = await project.migrate('revision', '--autogenerate', '-m', 'numeric', '--rev-id', 'fix00002');
    expect(generated.stderr).toBe('');
    const files = readdirSync(project.versionsDir).filter((f) => f.endsWith('.ts'));
    const revision = files.map((f) => readFileSync(join(project.versionsDir, f), 'utf8')).join('\n');
    const [upgrade, downgrade] = revision.split('export async function downgrade');
    // The upgrade creates the view as the model prints it over the numeric function, the downgrade as the database holds it
    // (newer servers print the column there without its relation's name).
    expect(upgrade).toMatch(/WHERE \((totals\.)?total > \(100\)::numeric\)/);
    expect(downgrade).toMatch(/WHERE \((totals\.)?total > 100\)/);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    const checked = await project.migrate('check');
    expect(checked.stdout).toBe(CLEAN);
  });
});

/**
 * A `varchar` column compared with a list (`c IN ('a', 'b')`) is printed in a
 * form that, created again, the server holds as another tree (the casts move
 * into the array): pull and autogenerate write it so that it creates what it
 * was printed from, and a database holding the other tree (restored from a
 * dump) compares as the same.
 */
describe('a varchar column compared with a list is written as created', () => {
  const LISTS = `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE DOMAIN code AS varchar(5) CHECK (VALUE IN ('a', 'b'));
    CREATE TABLE t (
      id integer PRIMARY KEY,
      type varchar(64) CHECK (type IN ('a', 'it''s')),
      "Kind" varchar,
      k code,
      ok boolean DEFAULT ('x'::varchar IN ('a', 'b')),
      CHECK ("Kind" NOT IN ('x', 'y') OR type = 'z'),
      EXCLUDE USING btree (id WITH =) WHERE (type IN ('a', 'b'))
    );
    CREATE INDEX t_type ON t (type) WHERE type IN ('a', 'b');
    CREATE VIEW v AS SELECT * FROM t WHERE type IN ('a', 'b') AND "Kind" IN ('q');
    ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    CREATE POLICY p ON t USING (type IN ('a', 'c'));
    CREATE TRIGGER t_touch BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.type IN ('a', 'b')) EXECUTE FUNCTION touch();`;

  it('pulled, then built into an empty database: the same catalog and pg_dump', async () => {
    await roundTrip(LISTS);
  });

  const HAND_MODEL = `import { check, defineMetadata, index, integer, sql, varchar } from 'athanor';
export const metadata = defineMetadata({});
export const t = metadata.table('t', {
  id: integer().primaryKey(),
  type: varchar(64),
}, {
  checks: [check(sql\`type in ('a', 'b')\`, { name: 't_type_check' })],
  indexes: [index(['type'], { name: 't_type', where: sql\`type IN ('a', 'b')\` })],
});
export const v = metadata.view('v', sql\`SELECT t.type FROM t WHERE t.type NOT IN ('x', 'y')\`);
`;
  const HAND_SQL = `CREATE TABLE t (id integer PRIMARY KEY, type varchar(64), CONSTRAINT t_type_check CHECK (type in ('a', 'b')));
    CREATE INDEX t_type ON t (type) WHERE type IN ('a', 'b');
    CREATE VIEW v AS SELECT t.type FROM t WHERE t.type NOT IN ('x', 'y');`;

  it('written by hand in the model: the revision creates what the same SQL run by hand does, and check is clean', async () => {
    const db = await createTestDatabase();
    const byHand = await createTestDatabase();
    await runSql(byHand.url, HAND_SQL);
    const project = tempProject(db.url);
    project.write('models.ts', HAND_MODEL);
    expect((await project.migrate('revision', '--autogenerate', '-m', 'lists', '--rev-id', 'list0001')).code).toBe(0);
    const revision = readFileSync(join(project.versionsDir, 'list0001_lists.ts'), 'utf8');
    expect(revision).toContain("(type IN ('a'::character varying, 'b'::character varying))");
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect((await project.migrate('check')).stdout).toBe(CLEAN);
    await expectSameSchema(db.url, byHand.url);
  });

  it('a database holding the second printing (restored from a dump) matches the model', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE t (id integer PRIMARY KEY, type varchar(64),
         CONSTRAINT t_type_check CHECK (((type)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))));
       CREATE INDEX t_type ON t (type) WHERE ((type)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]));
       CREATE VIEW v AS SELECT t.type FROM t WHERE ((t.type)::text <> ALL ((ARRAY['x'::character varying, 'y'::character varying])::text[]));`,
    );
    const [printed] = await queryRows<{ def: string }>(
      db.url,
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 't_type_check'",
    );
    expect(printed!.def).toContain("ANY (ARRAY[('a'::character varying)::text");
    const project = tempProject(db.url);
    project.write('models.ts', HAND_MODEL);
    await project.migrate('stamp', 'head');
    const checked = await project.migrate('check');
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toBe(CLEAN);
  });

  it('dropped by the model: the downgrade creates the lists as the database had them', async () => {
    const start = `CREATE TABLE t (id integer PRIMARY KEY, type varchar(64) CHECK (type IN ('a', 'b')));
      CREATE INDEX t_type ON t (type) WHERE type IN ('a', 'b');`;
    const db = await createTestDatabase();
    const before = await createTestDatabase();
    await runSql(db.url, start);
    await runSql(before.url, start);
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      `import { defineMetadata, integer, varchar } from 'athanor';
export const metadata = defineMetadata({});
export const t = metadata.table('t', { id: integer().primaryKey(), type: varchar(64) });
`,
    );
    expect((await project.migrate('revision', '--autogenerate', '-m', 'drop', '--rev-id', 'list0002')).code).toBe(0);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    await expectSameSchema(db.url, before.url);
  });
});

describe("a subquery's unnamed target is written as created", () => {
  // `SELECT NULL` in a branch is printed `NULL::integer`, without a name (its name is `?column?`); that text,
  // created, names the target `int4` and prints `NULL::integer AS int4`.
  const UNNAMED = `CREATE TABLE t (id integer PRIMARY KEY, kind text);
    CREATE VIEW v AS SELECT q.a, q.b FROM (SELECT 1 AS a, 'x' AS b UNION ALL SELECT NULL, 'y' FROM t) q;
    CREATE VIEW w AS SELECT t.id, (SELECT 'one') AS label FROM t
      WHERE t.kind IN (SELECT 'a' UNION SELECT 'b'::varchar);
    CREATE VIEW c AS WITH k AS (SELECT t.id, 'it''s' FROM t) SELECT k.id FROM k;`;

  it('pulled, then built into an empty database: the same catalog and pg_dump', async () => {
    await roundTrip(UNNAMED);
  });
});
