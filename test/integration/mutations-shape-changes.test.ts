import { describe, expect, it } from 'vitest';
import { queryRows } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';

/**
 * Schemas Postgres accepts in shapes the other suites do not reach: a view
 * that reads itself, a sequence made apart and owned by an unlogged table's
 * column, a view that becomes a materialized view of its name, a primary key
 * put over a nullable column through its index, a type narrowed by the
 * downgrade, a partition's unique index promoted to a constraint of the
 * parent's. The base is the target; autogenerate undoes the mutation, the
 * downgrade re-applies it (see test/helpers/mutation.ts).
 */

/** Each mutation runs the CLI six times. */
const SLOW = 240_000;

describe('mutations: shapes of objects', { timeout: SLOW }, () => {
  it('a view that reads itself is created as a placeholder of its columns, then replaced', async () => {
    const base = `
      CREATE TABLE public.projects (id integer PRIMARY KEY, name text);
      CREATE VIEW public.loop_view AS SELECT id, name FROM public.projects;
      CREATE OR REPLACE VIEW public.loop_view AS SELECT id, name FROM public.loop_view;`;
    const { revision, project } = await runMutation({ base, mutation: 'DROP VIEW public.loop_view;' });
    expect(revision).toContain('op.createView(');
    const check = await project.migrate('check');
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  it("a sequence made apart and owned by an unlogged table's column keeps its own persistence", async () => {
    const base = `
      CREATE UNLOGGED TABLE public.rate_limits (id bigint NOT NULL, key text);
      CREATE SEQUENCE public.rate_limits_id_seq;
      ALTER SEQUENCE public.rate_limits_id_seq OWNED BY public.rate_limits.id;
      ALTER TABLE public.rate_limits ALTER COLUMN id SET DEFAULT nextval('public.rate_limits_id_seq');`;
    const { url } = await runMutation({ base, mutation: 'DROP TABLE public.rate_limits;' });
    const rows = await queryRows<{ relpersistence: string }>(
      url,
      "SELECT relpersistence FROM pg_class WHERE oid = 'public.rate_limits_id_seq'::regclass",
    );
    expect(rows).toEqual([{ relpersistence: 'p' }]);
  });

  it('a view becomes a materialized view of the same name', async () => {
    const query = 'SELECT id, value * 2 AS doubled FROM public.reading';
    const base = `CREATE TABLE public.reading (id integer PRIMARY KEY, value numeric);
      CREATE MATERIALIZED VIEW public.doubled AS ${query};`;
    const mutation = `DROP MATERIALIZED VIEW public.doubled; CREATE VIEW public.doubled AS ${query};`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('it changes between view and materialized view.');
  });

  it('a materialized view becomes a view of the same name', async () => {
    const query = 'SELECT id, value * 2 AS doubled FROM public.reading';
    const base = `CREATE TABLE public.reading (id integer PRIMARY KEY, value numeric);
      CREATE VIEW public.doubled AS ${query};`;
    const mutation = `DROP VIEW public.doubled; CREATE MATERIALIZED VIEW public.doubled AS ${query};`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('it changes between view and materialized view.');
  });

  it('a deferrable primary key added through the unique index over a nullable column: the downgrade drops it first', async () => {
    const base = `
      CREATE TABLE public.c (cc integer UNIQUE);
      INSERT INTO public.c VALUES (1), (2), (3);
      CREATE UNIQUE INDEX c_pkey ON public.c (cc);
      ALTER TABLE public.c ADD CONSTRAINT c_pkey PRIMARY KEY USING INDEX c_pkey DEFERRABLE INITIALLY DEFERRED;`;
    const mutation = 'ALTER TABLE public.c DROP CONSTRAINT c_pkey; ALTER TABLE public.c ALTER COLUMN cc DROP NOT NULL;';
    await runMutation({ base, mutation });
  });

  it('a type widened by the upgrade is narrowed by the downgrade, under the same warning', async () => {
    const base = 'CREATE TABLE public.counter (id integer PRIMARY KEY, hits bigint);';
    const { revision } = await runMutation({
      base,
      mutation: 'ALTER TABLE public.counter ALTER COLUMN hits TYPE integer;',
    });
    const downgrade = revision.slice(revision.indexOf('export async function downgrade'));
    expect(downgrade).toContain('// DESTRUCTIVE: alter column public.counter.hits: type bigint -> integer');
  });

  it("a partition's unique index promoted to a constraint and attached to the parent's", async () => {
    const parent = `
      CREATE TABLE public.foobar (id integer NOT NULL, foo integer NOT NULL) PARTITION BY LIST (foo);
      CREATE TABLE public.foobar_1 PARTITION OF public.foobar FOR VALUES IN (1);
      ALTER TABLE ONLY public.foobar ADD CONSTRAINT foobar_foo_id_key UNIQUE (foo, id);
      CREATE UNIQUE INDEX foobar_1_foo_id_key ON public.foobar_1 (foo, id);`;
    const base = `${parent}
      ALTER TABLE public.foobar_1 ADD CONSTRAINT foobar_1_foo_id_key UNIQUE USING INDEX foobar_1_foo_id_key;
      ALTER INDEX public.foobar_foo_id_key ATTACH PARTITION public.foobar_1_foo_id_key;`;
    await runMutation({ base, mutation: `DROP TABLE public.foobar; ${parent}` });
  });
});
