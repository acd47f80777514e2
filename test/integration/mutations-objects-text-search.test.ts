import { describe, expect, it } from 'vitest';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { serverOlderThan } from '../helpers/embedded-server.js';
import { runMutation } from '../helpers/mutation.js';
import { tempProject } from '../helpers/project.js';
import { SLOW } from './mutations-objects-base.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Text search dictionaries and configurations: a dictionary from the
 * snowball template with options, one from the simple template, a
 * configuration mapping to both (and to built-in dictionaries), and an
 * expression index over that configuration. Autogenerate from the pulled base
 * undoes each change, the downgrade re-applies it, and nothing is left to
 * generate afterwards (see test/helpers/mutation.ts).
 */
const base = `
CREATE TEXT SEARCH DICTIONARY public.en_stem (TEMPLATE = snowball, language = 'english', stopwords = 'english');
CREATE TEXT SEARCH DICTIONARY public.plain (TEMPLATE = simple, accept = false);
CREATE TEXT SEARCH CONFIGURATION public.docs (PARSER = default);
ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR asciiword, word WITH public.plain, public.en_stem;
ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR int, uint WITH simple;
CREATE TABLE public.article (id integer PRIMARY KEY, title text NOT NULL, body text);
`;

describe('mutations: text search', { timeout: SLOW }, () => {
  it('a configuration added (a copy of english with a mapping changed and one dropped)', async () => {
    const mutation = `CREATE TEXT SEARCH CONFIGURATION public.en (COPY = english);
      ALTER TEXT SEARCH CONFIGURATION public.en ALTER MAPPING FOR asciiword WITH public.en_stem;
      ALTER TEXT SEARCH CONFIGURATION public.en DROP MAPPING FOR email;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.dropTextSearchConfiguration(');
  });

  it('a configuration dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP TEXT SEARCH CONFIGURATION public.docs;' });
    expect(revision).toContain('op.createTextSearchConfiguration(');
  });

  it('a mapping changed, one added and one dropped: altered in place', async () => {
    const mutation = `ALTER TEXT SEARCH CONFIGURATION public.docs ALTER MAPPING FOR word WITH public.en_stem;
      ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR email WITH simple;
      ALTER TEXT SEARCH CONFIGURATION public.docs DROP MAPPING FOR uint;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.alterTextSearchConfiguration(');
    expect(revision).not.toContain('op.dropTextSearchConfiguration(');
  });

  it('a snowball dictionary with options added, and mapped', async () => {
    const mutation = `CREATE TEXT SEARCH DICTIONARY public.fr_stem (TEMPLATE = snowball, language = 'french');
      ALTER TEXT SEARCH CONFIGURATION public.docs ALTER MAPPING FOR word WITH public.fr_stem;`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.alterTextSearchConfiguration(')).toBeLessThan(
      upgrade.indexOf('op.dropTextSearchDictionary('),
    );
  });

  it("a dictionary's options changed: altered in place, in the server's order", async () => {
    const mutation = `ALTER TEXT SEARCH DICTIONARY public.en_stem (language = 'english');
      ALTER TEXT SEARCH DICTIONARY public.plain (accept = true, stopwords = 'english');`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.alterTextSearchDictionary(');
    expect(revision).not.toContain('op.dropTextSearchDictionary(');
  });

  it("a dictionary's template changed while nothing maps to it: dropped and created again", async () => {
    const mutation = `CREATE TEXT SEARCH DICTIONARY public.spare (TEMPLATE = simple);`;
    const { revision } = await runMutation({
      base: `${base}\nCREATE TEXT SEARCH DICTIONARY public.spare (TEMPLATE = snowball, language = 'english');`,
      mutation: `DROP TEXT SEARCH DICTIONARY public.spare; ${mutation}`,
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropTextSearchDictionary(')).toBeLessThan(
      upgrade.indexOf('op.createTextSearchDictionary('),
    );
  });

  it('an expression index over a configuration, added with it: the index goes before the configuration', async () => {
    const mutation = `CREATE TEXT SEARCH CONFIGURATION public.titles (COPY = public.docs);
      CREATE INDEX article_title_fts ON public.article USING gin (to_tsvector('public.titles'::regconfig, title));`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropIndex(')).toBeLessThan(upgrade.indexOf('op.dropTextSearchConfiguration('));
  });

  it('a configuration and the generated column over it dropped: the configuration comes back before the column', async () => {
    const withColumn = `${base}\nALTER TABLE public.article ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('public.docs'::regconfig, coalesce(body, ''))) STORED;`;
    const { revision } = await runMutation({
      base: withColumn,
      mutation: 'ALTER TABLE public.article DROP COLUMN search; DROP TEXT SEARCH CONFIGURATION public.docs;',
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createTextSearchConfiguration(')).toBeLessThan(upgrade.indexOf('op.addColumn('));
  });

  it('a function calling a configuration dropped with it: the configuration comes back first', async () => {
    const withFunction = `${base}\nCREATE FUNCTION public.doc_vector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$ SELECT to_tsvector('public.docs', t) $$;`;
    const { revision } = await runMutation({
      base: withFunction,
      mutation: 'DROP FUNCTION public.doc_vector(text); DROP TEXT SEARCH CONFIGURATION public.docs;',
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createTextSearchConfiguration(')).toBeLessThan(upgrade.indexOf('op.createFunction('));
  });

  // PGlite ships no dict_xsyn.
  skipWhen(testTarget() === 'pglite', 'PGlite ships no dict_xsyn').it(
    "a configuration mapping to an extension's dictionary dropped with the extension: both come back, the extension first",
    async () => {
      const withUnaccent = `${base}\nCREATE SCHEMA ext; CREATE EXTENSION dict_xsyn SCHEMA ext;
      CREATE TEXT SEARCH CONFIGURATION public.fr (COPY = french);
      ALTER TEXT SEARCH CONFIGURATION public.fr ALTER MAPPING FOR hword, word WITH ext.xsyn, french_stem;`;
      const { revision } = await runMutation({
        base: withUnaccent,
        mutation: 'DROP TEXT SEARCH CONFIGURATION public.fr; DROP EXTENSION dict_xsyn;',
      });
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade.indexOf('op.createExtension(')).toBeLessThan(upgrade.indexOf('op.createTextSearchConfiguration('));
    },
  );

  // A SQL-standard body (PostgreSQL 14+) depends on the configuration it names: dropping the configuration first would fail.
  skipWhen(serverOlderThan(14), 'needs PostgreSQL 14: SQL-standard function bodies').it(
    'a function with a SQL-standard body over a configuration dropped with it: the configuration comes back first',
    async () => {
      const withFunction = `${base}\nCREATE FUNCTION public.title_vector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE
      BEGIN ATOMIC SELECT to_tsvector('public.docs'::regconfig, t); END;`;
      const { revision } = await runMutation({
        base: withFunction,
        mutation: 'DROP FUNCTION public.title_vector(text); DROP TEXT SEARCH CONFIGURATION public.docs;',
      });
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade.indexOf('op.createTextSearchConfiguration(')).toBeLessThan(upgrade.indexOf('op.createFunction('));
    },
  );

  it('comments on a dictionary and a configuration changed, and the commented configuration dropped: the comment comes back with it', async () => {
    const commented = `${base}\nCOMMENT ON TEXT SEARCH DICTIONARY public.en_stem IS 'english stems';
      COMMENT ON TEXT SEARCH CONFIGURATION public.docs IS 'for articles';`;
    const first = await runMutation({
      base: commented,
      mutation:
        "COMMENT ON TEXT SEARCH DICTIONARY public.en_stem IS 'stems'; COMMENT ON TEXT SEARCH CONFIGURATION public.docs IS NULL;",
    });
    expect(first.revision).toContain('op.setComment(');
    const second = await runMutation({ base: commented, mutation: 'DROP TEXT SEARCH CONFIGURATION public.docs;' });
    const upgrade = second.revision.slice(0, second.revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createTextSearchConfiguration(')).toBeLessThan(upgrade.indexOf('op.setComment('));
  });

  it('a dictionary whose template changes while a configuration maps to it is not written, and the message names the configuration', async () => {
    const from = await createTestDatabase('athanor_ts_refused_base');
    await runSql(from.url, base);
    const pulled = tempProject(from.url);
    expect((await pulled.migrate('pull')).code).toBe(0);
    const db = await createTestDatabase('athanor_ts_refused');
    await runSql(
      db.url,
      base.replace("(TEMPLATE = snowball, language = 'english', stopwords = 'english')", '(TEMPLATE = simple)'),
    );
    const project = tempProject(db.url);
    project.write('models.ts', pulled.read('models.ts'));
    const result = await project.migrate('revision', '--autogenerate', '-m', 'new template');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'not written: text search dictionary public.en_stem changes its template, which Postgres cannot alter, and it cannot be dropped and created again while configuration public.docs use it',
    );
  });
});
