import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { SLOW } from './mutations-objects-base.js';

/**
 * Foreign data: servers of postgres_fdw and file_fdw (extensions, whose
 * wrappers are theirs), a wrapper made by hand, foreign tables with column
 * and table options, a default, a collation, and a view over a foreign
 * table. Autogenerate from the pulled base undoes each change, the downgrade
 * re-applies it, and nothing is left to generate afterwards (see
 * test/helpers/mutation.ts).
 */
const base = `
CREATE EXTENSION postgres_fdw;
CREATE EXTENSION file_fdw;
CREATE FOREIGN DATA WRAPPER dummy OPTIONS (debug 'true');
CREATE SERVER dummy_srv FOREIGN DATA WRAPPER dummy OPTIONS (a '1');
CREATE SERVER films_srv FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'films.example', dbname 'films', port '5432');
CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
CREATE FOREIGN TABLE public.films (
  id integer NOT NULL,
  title text OPTIONS (column_name 'name'),
  kind varchar(10) COLLATE "C" DEFAULT 'feature'
) SERVER films_srv OPTIONS (schema_name 'public', table_name 'films');
CREATE FOREIGN TABLE public.log_lines (line text, at timestamptz) SERVER files OPTIONS (filename '/var/log/app.log', format 'csv');
CREATE VIEW public.film_titles AS SELECT title FROM public.films;
`;

describe('mutations: foreign data', { timeout: SLOW }, () => {
  it('a server added', async () => {
    const { revision } = await runMutation({
      base,
      mutation:
        "CREATE SERVER other_srv TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'other.example');",
    });
    expect(revision).toContain('op.dropForeignServer(');
  });

  it('a server dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP SERVER dummy_srv;' });
    expect(revision).toContain('op.createForeignServer(');
  });

  it("a server's options changed: set, dropped, added", async () => {
    const { revision } = await runMutation({
      base,
      mutation:
        "ALTER SERVER films_srv VERSION '2' OPTIONS (SET host 'db3.example', DROP dbname, ADD fetch_size '500');",
    });
    expect(revision).toContain('op.alterForeignServer(');
  });

  it('a foreign table added', async () => {
    const mutation =
      'CREATE FOREIGN TABLE public.actors (id bigint NOT NULL, name text OPTIONS (column_name \'full_name\') COLLATE "C") SERVER films_srv;';
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.dropForeignTable(');
  });

  it('a foreign table dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP FOREIGN TABLE public.log_lines;' });
    expect(revision).toContain('op.createForeignTable(');
  });

  it('a column added and one dropped, in place', async () => {
    const mutation =
      "ALTER FOREIGN TABLE public.films DROP COLUMN kind, ADD COLUMN year integer OPTIONS (column_name 'yr') NOT NULL DEFAULT 2000;";
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.alterForeignTable(');
    expect(revision).not.toContain('op.dropForeignTable(');
  });

  it("a table's and a column's options changed, a default and NOT NULL changed", async () => {
    const mutation = `ALTER FOREIGN TABLE public.films OPTIONS (SET table_name 'movies', DROP schema_name),
      ALTER COLUMN title OPTIONS (SET column_name 'label'), ALTER COLUMN kind SET DEFAULT 'short', ALTER COLUMN id DROP NOT NULL;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.alterForeignTable(');
  });

  it("a column's type changed in place", async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'ALTER FOREIGN TABLE public.films ALTER COLUMN id TYPE bigint;',
    });
    expect(revision).toContain('op.alterForeignTable(');
  });

  it('a wrapper added, and one changed in place', async () => {
    const { revision } = await runMutation({
      base,
      mutation:
        "CREATE FOREIGN DATA WRAPPER other_fdw OPTIONS (x '1'); ALTER FOREIGN DATA WRAPPER dummy OPTIONS (DROP debug, ADD level '2');",
    });
    expect(revision).toContain('op.dropForeignDataWrapper(');
    expect(revision).toContain('op.alterForeignDataWrapper(');
  });

  it('a server dropped with its foreign table, and the extension with them: created back in order', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP EXTENSION file_fdw CASCADE;' });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    const at = (call: string): number => upgrade.indexOf(call);
    expect(at('op.createExtension(')).toBeLessThan(at('op.createForeignServer('));
    expect(at('op.createForeignServer(')).toBeLessThan(at('op.createForeignTable('));
  });

  it("a server's wrapper changed: the server and its foreign tables are dropped and created again", async () => {
    const mutation =
      'DROP FOREIGN TABLE public.log_lines; DROP SERVER files; CREATE SERVER files FOREIGN DATA WRAPPER dummy; CREATE FOREIGN TABLE public.log_lines (line text, at timestamptz) SERVER files;';
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropForeignTable(')).toBeLessThan(upgrade.indexOf('op.dropForeignServer('));
  });

  // The database's server of that name refuses the model's options (file_fdw knows no table_name): the scratch copy has the model's wrapper.
  it("a server's wrapper changed to one that refuses the model's table options", async () => {
    const mutation =
      "DROP FOREIGN TABLE public.log_lines; DROP SERVER files; CREATE SERVER files FOREIGN DATA WRAPPER postgres_fdw; CREATE FOREIGN TABLE public.log_lines (line text, at timestamptz) SERVER files OPTIONS (table_name 'log');";
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.createForeignServer(');
  });

  it('a comment on a foreign table and one on its column added', async () => {
    const mutation =
      "COMMENT ON FOREIGN TABLE public.films IS 'remote films'; COMMENT ON COLUMN public.films.title IS 'as the remote side names it';";
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain("on: 'foreignTable'");
  });

  it('a commented foreign table dropped: created again with its comments, after its server', async () => {
    const commented = `${base}\nCOMMENT ON FOREIGN TABLE public.films IS 'remote films'; COMMENT ON COLUMN public.films.kind IS 'short or feature';`;
    const { revision } = await runMutation({
      base: commented,
      mutation: 'DROP VIEW public.film_titles; DROP FOREIGN TABLE public.films;',
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createForeignTable(')).toBeLessThan(upgrade.indexOf('op.setComment('));
  });

  it('a column reordered: the foreign table and the view over it are created again', async () => {
    const mutation = `DROP VIEW public.film_titles; DROP FOREIGN TABLE public.films;
      CREATE FOREIGN TABLE public.films (title text OPTIONS (column_name 'name'), id integer NOT NULL, kind varchar(10) COLLATE "C" DEFAULT 'feature')
        SERVER films_srv OPTIONS (schema_name 'public', table_name 'films');
      CREATE VIEW public.film_titles AS SELECT title FROM public.films;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.createForeignTable(');
  });
});

/** A wrapper made by hand, without handler: servers and foreign tables on it need no extension. */
const handMade = `
CREATE FOREIGN DATA WRAPPER dummy;
CREATE SERVER dummy_srv FOREIGN DATA WRAPPER dummy OPTIONS (a '1');
CREATE FOREIGN TABLE public.remote (id integer NOT NULL, note text OPTIONS (column_name 'n')) SERVER dummy_srv OPTIONS (table_name 'r');
`;

describe('mutations: foreign data through a wrapper made by hand', { timeout: SLOW }, () => {
  it('a server and a foreign table on it added', async () => {
    const mutation =
      'CREATE SERVER other_srv FOREIGN DATA WRAPPER dummy; CREATE FOREIGN TABLE public.other (x text) SERVER other_srv;';
    const { revision } = await runMutation({ base: handMade, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropForeignTable(')).toBeLessThan(upgrade.indexOf('op.dropForeignServer('));
  });

  it("a foreign table's column added and options changed", async () => {
    const { revision } = await runMutation({
      base: handMade,
      mutation: "ALTER FOREIGN TABLE public.remote ADD COLUMN extra boolean, OPTIONS (SET table_name 's');",
    });
    expect(revision).toContain('op.alterForeignTable(');
  });
});
