import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, runSql } from '../helpers/database.js';
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
const PULLED_CHECK = "sql`((c)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))`";

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
