import { describe, expect, inject, it } from 'vitest';
import { skipWhen } from '../helpers/skips.js';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';
import { tempProject } from '../helpers/project.js';

/**
 * What depends on something that is dropped, re-created or retyped: a view
 * moved off a dropped table, the checks, defaults, indexes, generated columns
 * and trigger conditions calling a routine created again, and the generated
 * columns, policies, triggers and rules using a retyped column. Autogenerate from
 * the pulled base undoes each mutation, the downgrade re-applies it, and
 * nothing is left to generate afterwards (see test/helpers/mutation.ts).
 */

// Each mutation runs the CLI several times; PGlite on a busy machine needs more than the default minute.
const SLOW = 240_000;

const ROUTINE_BASE = `
CREATE FUNCTION public.f(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x::bigint * 2';
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE public.t (
  id integer PRIMARY KEY,
  a integer CONSTRAINT t_a_check CHECK (public.f(a) > 0),
  b bigint DEFAULT public.f(1),
  g bigint GENERATED ALWAYS AS (public.f(a)) STORED
);
CREATE INDEX t_f_idx ON public.t (public.f(a));
CREATE TRIGGER t_when BEFORE UPDATE ON public.t FOR EACH ROW WHEN ((public.f(new.a) > 0)) EXECUTE FUNCTION public.touch();`;

/** The base with `f` returning integer instead, and everything that calls it created again. */
const ROUTINE_RETYPED = `
DROP TRIGGER t_when ON public.t;
DROP INDEX public.t_f_idx;
ALTER TABLE public.t DROP CONSTRAINT t_a_check, ALTER COLUMN b DROP DEFAULT, DROP COLUMN g;
DROP FUNCTION public.f(integer);
CREATE FUNCTION public.f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
ALTER TABLE public.t ADD CONSTRAINT t_a_check CHECK (public.f(a) > 0), ALTER COLUMN b SET DEFAULT public.f(1),
  ADD COLUMN g bigint GENERATED ALWAYS AS (public.f(a)) STORED;
CREATE INDEX t_f_idx ON public.t (public.f(a));
CREATE TRIGGER t_when BEFORE UPDATE ON public.t FOR EACH ROW WHEN ((public.f(new.a) > 0)) EXECUTE FUNCTION public.touch();`;

describe('mutations: dependents of dropped tables and re-created routines', { timeout: SLOW }, () => {
  it('a view moved from a dropped table to a new one is dropped before the table and created after', async () => {
    const base = 'CREATE TABLE public.t2 (id integer); CREATE VIEW public.v AS SELECT id FROM public.t2;';
    const mutation =
      'DROP VIEW public.v; DROP TABLE public.t2; CREATE TABLE public.t (id integer); CREATE VIEW public.v AS SELECT id FROM public.t;';
    // t and t2 have the same columns: a rename candidate, said here to be a drop and a create.
    const { revision } = await runMutation({ base, mutation, revisionArgs: ['--no-rename', 't'] });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropView(')).toBeLessThan(upgrade.indexOf('op.dropTable('));
    expect(upgrade.indexOf('op.createTable(')).toBeLessThan(upgrade.indexOf('op.createView('));
  });

  it("a routine's result type changed: its checks, defaults, indexes, generated columns and trigger conditions are created again", async () => {
    const { revision } = await runMutation({ base: ROUTINE_BASE, mutation: ROUTINE_RETYPED });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    const dropFunction = upgrade.indexOf('op.dropFunction(');
    for (const call of [
      "op.dropConstraint({ schema: 'public', table: 't', name: 't_a_check'",
      "op.dropIndex({ schema: 'public', table: 't', name: 't_f_idx'",
      'op.dropTrigger(',
    ]) {
      expect(upgrade.indexOf(call)).toBeGreaterThanOrEqual(0);
      expect(upgrade.indexOf(call)).toBeLessThan(dropFunction);
    }
  });

  it('a policy using a generated column that calls a re-created routine is dropped and created again around it', async () => {
    const policy = 'CREATE POLICY p ON public.t USING (g > 0);';
    const base = `${ROUTINE_BASE.split('CREATE TABLE')[0]}
      CREATE TABLE public.t (a integer, g bigint GENERATED ALWAYS AS (public.f(a)) STORED);
      ALTER TABLE public.t ENABLE ROW LEVEL SECURITY; ${policy}`;
    const mutation = `DROP POLICY p ON public.t; ALTER TABLE public.t DROP COLUMN g; DROP FUNCTION public.f(integer);
      CREATE FUNCTION public.f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
      ALTER TABLE public.t ADD COLUMN g bigint GENERATED ALWAYS AS (public.f(a)) STORED; ${policy}`;
    await runMutation({ base, mutation });
  });

  it('a trigger whose condition calls a re-created routine, alone', async () => {
    const base = `${ROUTINE_BASE.split('CREATE TABLE')[0]}
      CREATE TABLE public.t (a integer);
      CREATE TRIGGER t_when BEFORE UPDATE ON public.t FOR EACH ROW WHEN ((public.f(new.a) > 0)) EXECUTE FUNCTION public.touch();`;
    const mutation = `DROP TRIGGER t_when ON public.t; DROP FUNCTION public.f(integer);
      CREATE FUNCTION public.f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
      CREATE TRIGGER t_when BEFORE UPDATE ON public.t FOR EACH ROW WHEN ((public.f(new.a) > 0)) EXECUTE FUNCTION public.touch();`;
    await runMutation({ base, mutation });
  });
});

describe('mutations: dependents of a retyped column', { timeout: SLOW }, () => {
  it('a generated column using a retyped column is dropped and added again around the type change', async () => {
    const base = 'CREATE TABLE public.t (a bigint, g bigint GENERATED ALWAYS AS (a * 2) STORED);';
    const mutation = `ALTER TABLE public.t DROP COLUMN g; ALTER TABLE public.t ALTER COLUMN a TYPE integer;
      ALTER TABLE public.t ADD COLUMN g bigint GENERATED ALWAYS AS (a * 2) STORED;`;
    await runMutation({ base, mutation });
  });

  it('a retyped column and a changed generation expression using it: the type changes before the column is added', async () => {
    const base = 'CREATE TABLE public.t (a bigint, g bigint GENERATED ALWAYS AS (a * 3) STORED);';
    const mutation = `ALTER TABLE public.t DROP COLUMN g; ALTER TABLE public.t ALTER COLUMN a TYPE integer;
      ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS (a * 2) STORED;`;
    await runMutation({ base, mutation });
  });

  // Reduced from a code-hosting platform's schema: a function returning a table's row, and a view over it, stayed
  // through the type change by hand; autogenerate dropped and made them again, losing grants it does not manage.
  it("a routine over the table's row type, and a view over it, stay where a column is retyped or dropped", async () => {
    const base = `CREATE TABLE public.users (id bigint PRIMARY KEY, name varchar, username varchar, extra integer);
      CREATE FUNCTION public.find_user(user_id bigint) RETURNS public.users LANGUAGE plpgsql STABLE
        AS $$ BEGIN RETURN (SELECT u FROM public.users u WHERE u.id = user_id); END $$;
      CREATE FUNCTION public.all_users() RETURNS SETOF public.users LANGUAGE sql AS 'SELECT * FROM public.users';
      CREATE VIEW public.first_user AS SELECT (public.find_user(1)).name AS name;`;
    const mutation = `ALTER TABLE public.users ALTER COLUMN username TYPE varchar(50) COLLATE "C";
      ALTER TABLE public.users DROP COLUMN extra;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).not.toMatch(/dropFunction|createFunction|dropView|createView/);
  });

  skipWhen((inject('serverVersion') ?? 0) < 140000, 'SQL-standard bodies (BEGIN ATOMIC) came with PostgreSQL 14').it(
    'a routine whose SQL-standard body reads a retyped column is dropped and created again',
    async () => {
      const base = `CREATE TABLE public.users (id bigint PRIMARY KEY, name varchar);
        CREATE FUNCTION public.names() RETURNS SETOF varchar LANGUAGE sql BEGIN ATOMIC SELECT name FROM public.users; END;`;
      const mutation = `DROP FUNCTION public.names(); ALTER TABLE public.users ALTER COLUMN name TYPE text;
        CREATE FUNCTION public.names() RETURNS SETOF varchar LANGUAGE sql BEGIN ATOMIC SELECT name FROM public.users; END;`;
      const { revision } = await runMutation({ base, mutation });
      expect(revision).toMatch(/dropFunction/);
    },
  );

  it('a policy using a retyped column is dropped and created again', async () => {
    const base =
      'CREATE TABLE public.t (a bigint); ALTER TABLE public.t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON public.t USING (a > 0);';
    const mutation =
      'DROP POLICY p ON public.t; ALTER TABLE public.t ALTER COLUMN a TYPE integer; CREATE POLICY p ON public.t USING (a > 0);';
    await runMutation({ base, mutation });
  });

  it("a policy reading another table's retyped column through a subquery is dropped and created again", async () => {
    const policy = 'CREATE POLICY q ON public.u USING (t_a IN (SELECT a FROM public.t));';
    const base = `CREATE TABLE public.t (a bigint); CREATE TABLE public.u (t_a bigint);
      ALTER TABLE public.u ENABLE ROW LEVEL SECURITY; ${policy}`;
    const mutation = `DROP POLICY q ON public.u; ALTER TABLE public.t ALTER COLUMN a TYPE integer; ${policy}`;
    await runMutation({ base, mutation });
  });

  it('a policy using a generated column over a retyped column is dropped and created again around it', async () => {
    const policy = 'CREATE POLICY p ON public.t USING (g > 0);';
    const base = `CREATE TABLE public.t (a bigint, g bigint GENERATED ALWAYS AS (a * 2) STORED);
      ALTER TABLE public.t ENABLE ROW LEVEL SECURITY; ${policy}`;
    const mutation = `DROP POLICY p ON public.t; ALTER TABLE public.t DROP COLUMN g;
      ALTER TABLE public.t ALTER COLUMN a TYPE integer;
      ALTER TABLE public.t ADD COLUMN g bigint GENERATED ALWAYS AS (a * 2) STORED; ${policy}`;
    await runMutation({ base, mutation });
  });

  it('a policy and a trigger using a generated column whose expression changes are dropped and created again around it', async () => {
    const policy = 'CREATE POLICY p ON public.t USING (g > 0);';
    const trigger = 'CREATE TRIGGER t_g BEFORE UPDATE OF g ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();';
    const base = `CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TABLE public.t (a bigint, g bigint GENERATED ALWAYS AS (a * 2) STORED);
      ALTER TABLE public.t ENABLE ROW LEVEL SECURITY; ${policy} ${trigger}`;
    const mutation = `DROP POLICY p ON public.t; DROP TRIGGER t_g ON public.t; ALTER TABLE public.t DROP COLUMN g;
      ALTER TABLE public.t ADD COLUMN g bigint GENERATED ALWAYS AS (a * 3) STORED; ${policy} ${trigger}`;
    await runMutation({ base, mutation });
  });

  it('a trigger using a retyped column is dropped and created again', async () => {
    const trigger =
      'CREATE TRIGGER t_a BEFORE UPDATE OF a ON public.t FOR EACH ROW WHEN ((new.a > 0)) EXECUTE FUNCTION public.touch();';
    const base = `CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TABLE public.t (a bigint); ${trigger}`;
    const mutation = `DROP TRIGGER t_a ON public.t; ALTER TABLE public.t ALTER COLUMN a TYPE integer; ${trigger}`;
    await runMutation({ base, mutation });
  });

  it('rules using a retyped column, on its table and on another, are dropped and created again', async () => {
    const rules = `CREATE RULE t_log AS ON UPDATE TO public.t DO ALSO INSERT INTO public.log VALUES (new.a);
      CREATE RULE log_t AS ON INSERT TO public.log DO ALSO UPDATE public.t SET a = a WHERE a = new.a;`;
    const base = `CREATE TABLE public.t (a bigint); CREATE TABLE public.log (a bigint); ${rules}`;
    const mutation = `DROP RULE t_log ON public.t; DROP RULE log_t ON public.log;
      ALTER TABLE public.t ALTER COLUMN a TYPE integer; ${rules}`;
    await runMutation({ base, mutation });
  });

  it('a rule and a policy whose text changes with the retype of the column they use (a cast appears)', async () => {
    const rule =
      "CREATE RULE t_log AS ON INSERT TO public.t WHERE new.v = 'x' DO ALSO INSERT INTO public.log VALUES (new.v);";
    const policy = "CREATE POLICY p ON public.t USING (v <> 'y');";
    const base = `CREATE TABLE public.t (v varchar(10)); CREATE TABLE public.log (v text);
      ALTER TABLE public.t ENABLE ROW LEVEL SECURITY; ${rule} ${policy}`;
    const mutation = `DROP RULE t_log ON public.t; DROP POLICY p ON public.t;
      ALTER TABLE public.t ALTER COLUMN v TYPE text; ${rule} ${policy}`;
    await runMutation({ base, mutation });
  });
});

describe('mutations: generated columns made plain', { timeout: SLOW }, () => {
  it('a generated column made plain keeps its values (DROP EXPRESSION)', async () => {
    const base = 'CREATE TABLE public.t (a integer, g integer);';
    const mutation =
      'ALTER TABLE public.t DROP COLUMN g; ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS (a * 2) STORED;';
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade).toContain('op.alterColumn(');
    expect(upgrade).toContain('generated: null');
    expect(upgrade).not.toContain('op.dropColumn(');
  });
});

/** `database` is upgraded to the model pulled from `model`; returns its url. */
async function upgradeTo(database: string, model: string): Promise<string> {
  const modelDb = await createTestDatabase('athanor_dep_model');
  const db = await createTestDatabase('athanor_dep_db');
  await runSql(modelDb.url, model);
  await runSql(db.url, database);
  const fromModel = tempProject(modelDb.url);
  expect((await fromModel.migrate('pull')).code).toBe(0);
  const project = tempProject(db.url);
  project.write('models.ts', fromModel.read('models.ts'));
  for (const argv of [
    ['revision', '--autogenerate', '-m', 'change'],
    ['upgrade', 'head'],
  ]) {
    const result = await project.migrate(...argv);
    expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
  }
  return db.url;
}

describe('data kept through column changes', { timeout: SLOW }, () => {
  it('a generated column made plain keeps the values it had', async () => {
    const url = await upgradeTo(
      'CREATE TABLE public.t (a integer, g integer GENERATED ALWAYS AS (a * 2) STORED); INSERT INTO public.t (a) VALUES (1), (2);',
      'CREATE TABLE public.t (a integer, g integer);',
    );
    expect(await queryRows(url, 'SELECT a, g FROM public.t ORDER BY a')).toEqual([
      { a: 1, g: 2 },
      { a: 2, g: 4 },
    ]);
  });

  it('an identity added to a populated column starts after its largest value', async () => {
    const url = await upgradeTo(
      "CREATE TABLE public.t (id integer PRIMARY KEY, v text); INSERT INTO public.t SELECT n, 'old' FROM generate_series(1, 5) n;",
      'CREATE TABLE public.t (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text);',
    );
    await runSql(url, "INSERT INTO public.t (v) VALUES ('new')");
    expect(await queryRows(url, "SELECT id FROM public.t WHERE v = 'new'")).toEqual([{ id: 6 }]);
  });

  it('an identity added to an empty column starts at its first value', async () => {
    const url = await upgradeTo(
      'CREATE TABLE public.t (id integer PRIMARY KEY, v text);',
      'CREATE TABLE public.t (id integer GENERATED BY DEFAULT AS IDENTITY (START WITH 10) PRIMARY KEY, v text);',
    );
    await runSql(url, "INSERT INTO public.t (v) VALUES ('new')");
    expect(await queryRows(url, 'SELECT id FROM public.t')).toEqual([{ id: 10 }]);
  });
});
