import { describe, expect, it } from 'vitest';
import { queryRows } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';
import type { TempProject } from '../helpers/project.js';

/**
 * Rows, types and sequences of a table rebuilt because its partitioning changes, checked after the
 * upgrade and again after the downgrade (see test/helpers/mutation.ts for the round trip itself).
 */

/** The url of the project's database, as its config names it. */
function projectUrl(project: TempProject): string {
  const match = /url: ("[^"]*")/.exec(project.read('migrate.config.ts'));
  if (match === null) throw new Error('the project config names no url');
  return JSON.parse(match[1] as string) as string;
}

// Each mutation runs the CLI eight times; PGlite on a busy machine needs more than the default minute.
describe('mutations: the rows of a rebuilt table, both ways', { timeout: 240_000 }, () => {
  it('a column retyped without an assignment cast while the table is partitioned: the restore casts it, and back', async () => {
    const base = `
      CREATE TYPE public.mood AS ENUM ('a', 'b');
      CREATE TABLE public.t (id integer NOT NULL, at date NOT NULL, n integer, m text, j json, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE TABLE public.tp PARTITION OF public.t DEFAULT;`;
    const mutation = `
      DROP TABLE public.t;
      CREATE TABLE public.t (id integer NOT NULL, at date NOT NULL, n text, m public.mood, j jsonb, PRIMARY KEY (id, at));
      INSERT INTO public.t VALUES (1, '2024-01-01', '3', 'a', '{"k": 1}');`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain('casts: [');
    const url = projectUrl(project);
    const row =
      'SELECT id, n::text AS n, pg_typeof(n)::text AS nt, m::text AS m, pg_typeof(m)::text AS mt, j::text AS j FROM public.t';
    expect(await queryRows(url, row)).toEqual([{ id: 1, n: '3', nt: 'integer', m: 'a', mt: 'text', j: '{"k": 1}' }]);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect(await queryRows(url, row)).toEqual([{ id: 1, n: '3', nt: 'text', m: 'a', mt: 'mood', j: '{"k": 1}' }]);
  });

  it('the key column of a partitioned table moved from one enum type to another: the rows go through text, both ways', async () => {
    const base = `
      CREATE TYPE public.a AS ENUM ('x', 'y');
      CREATE TYPE public.b AS ENUM ('x', 'y');
      CREATE TABLE public.t (id integer NOT NULL, c public.a NOT NULL) PARTITION BY LIST (c);
      CREATE TABLE public.t_x PARTITION OF public.t FOR VALUES IN ('x');
      CREATE TABLE public.t_y PARTITION OF public.t FOR VALUES IN ('y');`;
    const mutation = `
      DROP TABLE public.t;
      CREATE TABLE public.t (id integer NOT NULL, c public.b NOT NULL) PARTITION BY LIST (c);
      CREATE TABLE public.t_x PARTITION OF public.t FOR VALUES IN ('x');
      CREATE TABLE public.t_y PARTITION OF public.t FOR VALUES IN ('y');
      INSERT INTO public.t VALUES (1, 'x'), (2, 'y');`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain('asText: [');
    const url = projectUrl(project);
    const rows =
      'SELECT id, c::text AS c, pg_typeof(c)::text AS ct, tableoid::regclass::text AS part FROM public.t ORDER BY id';
    expect(await queryRows(url, rows)).toEqual([
      { id: 1, c: 'x', ct: 'a', part: 't_x' },
      { id: 2, c: 'y', ct: 'a', part: 't_y' },
    ]);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect(await queryRows(url, rows)).toEqual([
      { id: 1, c: 'x', ct: 'b', part: 't_x' },
      { id: 2, c: 'y', ct: 'b', part: 't_y' },
    ]);
  });

  it('a plain table partitioned with a standalone table attached and a default partition: rows go where they belong, and stay there', async () => {
    const base = `
      CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE TABLE public.x (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at));
      ALTER TABLE public.p ATTACH PARTITION public.x FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE public.pd PARTITION OF public.p DEFAULT;`;
    const mutation = `
      ALTER TABLE public.p DETACH PARTITION public.x;
      DROP TABLE public.p;
      CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at));
      INSERT INTO public.x VALUES (1, '2024-01-01');
      INSERT INTO public.p VALUES (2, '2024-06-06'), (3, '2023-03-03');`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision.indexOf('op.attachPartition(')).toBeLessThan(revision.indexOf('op.restoreRows('));
    const url = projectUrl(project);
    const ids = async (table: string): Promise<number[]> =>
      (await queryRows<{ id: number }>(url, `SELECT id FROM public.${table} ORDER BY id`)).map((r) => r.id);
    expect([await ids('p'), await ids('x'), await ids('pd')]).toEqual([[1, 2, 3], [1, 2], [3]]);
    // Detached again, x keeps the rows in its range; p gets back only those of the default partition.
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect([await ids('p'), await ids('x')]).toEqual([[3], [1, 2]]);
  });

  it('a plain table partitioned with only a standalone table attached: its rows are restored into the attached partition', async () => {
    const base = `
      CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE TABLE public.x (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at));
      ALTER TABLE public.p ATTACH PARTITION public.x FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`;
    const mutation = `
      ALTER TABLE public.p DETACH PARTITION public.x;
      DROP TABLE public.p;
      CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at));
      INSERT INTO public.x VALUES (1, '2024-01-01');
      INSERT INTO public.p VALUES (2, '2024-06-06');`;
    const { project } = await runMutation({ base, mutation });
    const url = projectUrl(project);
    const ids = async (table: string): Promise<number[]> =>
      (await queryRows<{ id: number }>(url, `SELECT id FROM public.${table} ORDER BY id`)).map((r) => r.id);
    expect([await ids('p'), await ids('x')]).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect([await ids('p'), await ids('x')]).toEqual([[], [1, 2]]);
  });

  it('a partitioned table made plain while a partition leaves it as a table of its own: the stash leaves its rows out, and back', async () => {
    const base = `
      CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at));
      CREATE TABLE public.x (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at));`;
    const mutation = `
      DROP TABLE public.p;
      CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      ALTER TABLE public.p ATTACH PARTITION public.x FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE public.pd PARTITION OF public.p DEFAULT;
      INSERT INTO public.x VALUES (1, '2024-01-01');
      INSERT INTO public.p VALUES (2, '2024-06-06'), (3, '2023-03-03');`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision.indexOf('op.stashRows(')).toBeLessThan(revision.indexOf('op.detachPartition('));
    const url = projectUrl(project);
    const ids = async (table: string): Promise<number[]> =>
      (await queryRows<{ id: number }>(url, `SELECT id FROM public.${table} ORDER BY id`)).map((r) => r.id);
    expect([await ids('p'), await ids('x')]).toEqual([[3], [1, 2]]);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect([await ids('p'), await ids('x'), await ids('pd')]).toEqual([[1, 2, 3], [1, 2], [3]]);
  });

  it('serial and identity sequences keep their positions past deleted rows, both ways', async () => {
    const base = `
      CREATE TABLE public.s (id serial, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY LIST (at);
      CREATE TABLE public.s_rest PARTITION OF public.s DEFAULT;
      CREATE TABLE public.i (id integer GENERATED ALWAYS AS IDENTITY, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE TABLE public.i_rest PARTITION OF public.i DEFAULT;`;
    const mutation = `
      DROP TABLE public.s;
      DROP TABLE public.i;
      CREATE TABLE public.s (id serial, at date NOT NULL, PRIMARY KEY (id, at));
      CREATE TABLE public.i (id integer GENERATED ALWAYS AS IDENTITY, at date NOT NULL, PRIMARY KEY (id, at));
      INSERT INTO public.s (at) SELECT '2024-01-01' FROM generate_series(1, 10);
      INSERT INTO public.i (at) SELECT '2024-01-01' FROM generate_series(1, 10);
      DELETE FROM public.s WHERE id > 3;
      DELETE FROM public.i WHERE id > 3;`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain("positions: 's__athanor_positions'");
    const url = projectUrl(project);
    const state = async (): Promise<unknown[]> => [
      await queryRows(url, 'SELECT array_agg(id ORDER BY id)::text AS s FROM public.s'),
      await queryRows(url, 'SELECT array_agg(id ORDER BY id)::text AS i FROM public.i'),
      await queryRows(url, 'SELECT last_value::int AS s, is_called FROM public.s_id_seq'),
      await queryRows(url, 'SELECT last_value::int AS i, is_called FROM public.i_id_seq'),
    ];
    const expected = [
      [{ s: '{1,2,3}' }],
      [{ i: '{1,2,3}' }],
      [{ s: 10, is_called: true }],
      [{ i: 10, is_called: true }],
    ];
    expect(await state()).toEqual(expected);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect(await state()).toEqual(expected);
    expect(await queryRows(url, "INSERT INTO public.i (at) VALUES ('2024-02-02') RETURNING id")).toEqual([{ id: 11 }]);
  });
});
