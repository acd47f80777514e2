import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { runMutation } from '../helpers/mutation.js';
import type { TempProject } from '../helpers/project.js';
import { SLOW, OBJECTS_BASE as base } from './mutations-objects-base.js';
import { skipWhen } from '../helpers/skips.js';

/** customer_totals as the base creates it. */
const TOTALS = 'SELECT c.id, c.name, public.order_total(c.id) AS total FROM public.customer c';

/** The database a mutation's project points at, from its config. */
function urlOf(project: TempProject): string {
  const match = /url: ("[^"]*")/.exec(project.read('migrate.config.ts'));
  if (match === null) throw new Error('the project config names no url');
  return JSON.parse(match[1]!) as string;
}

/**
 * Single changes to sequences, domains, extensions and comments: autogenerate
 * from the pulled base undoes each, the downgrade re-applies it, and nothing
 * is left to generate afterwards (see test/helpers/mutation.ts). Views,
 * routines and triggers: mutations-objects-views/-routines.test.ts.
 */

describe('mutations: sequences', { timeout: SLOW }, () => {
  it('a sequence added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'CREATE SEQUENCE public.extra_seq INCREMENT BY 5 CYCLE;',
    });
    expect(revision).toContain('op.dropSequence(');
  });

  it('a sequence dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP SEQUENCE public.spare_seq;' });
    expect(revision).toContain('op.createSequence(');
  });

  it('options changed', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'ALTER SEQUENCE public.order_no INCREMENT BY 10 MAXVALUE 99999 CACHE 5;',
    });
    expect(revision).toContain('op.alterSequence(');
  });

  it('its type changed', async () => {
    await runMutation({ base, mutation: 'ALTER SEQUENCE public.spare_seq AS integer;' });
  });

  it('given an owner', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'ALTER SEQUENCE public.order_no OWNED BY public.orders.id;',
    });
    expect(revision).toContain('ownedBy: null');
  });

  it('its owner taken away', async () => {
    await runMutation({ base, mutation: 'ALTER SEQUENCE public.line_seq OWNED BY NONE;' });
  });

  it('a column with a nextval() default of a new sequence added: the column goes before its sequence', async () => {
    const mutation =
      "CREATE SEQUENCE public.ticket_seq; ALTER TABLE public.orders ADD COLUMN ticket integer DEFAULT nextval('public.ticket_seq');";
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropColumn(')).toBeLessThan(upgrade.indexOf('op.dropSequence('));
  });

  it('a table whose default uses a sequence dropped with it: created back after the sequence', async () => {
    const mutation =
      'DROP VIEW public.big_customers; DROP VIEW public.customer_totals; DROP FUNCTION public.order_total(integer);' +
      ' DROP MATERIALIZED VIEW public.order_stats; DROP VIEW reporting.summary; DROP TABLE public.orders; DROP SEQUENCE public.order_no;';
    const { revision } = await runMutation({ base, mutation });
    expect(revision.indexOf('op.createSequence(')).toBeLessThan(revision.indexOf('op.createTable('));
  });
});

describe('mutations: domains', { timeout: SLOW }, () => {
  it('a domain added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: "CREATE DOMAIN public.email AS text CHECK (VALUE LIKE '%@%');",
    });
    expect(revision).toContain('op.dropDomain(');
  });

  it('a default set', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER DOMAIN public.positive_int SET DEFAULT 1;' });
    expect(revision).toContain('op.alterDomain(');
  });

  it('made NOT NULL', async () => {
    await runMutation({ base, mutation: 'ALTER DOMAIN public.positive_int SET NOT NULL;' });
  });

  it('a check added', async () => {
    await runMutation({
      base,
      mutation: 'ALTER DOMAIN public.positive_int ADD CONSTRAINT positive_int_small CHECK (VALUE < 1000000);',
    });
  });

  it('a check dropped', async () => {
    await runMutation({ base, mutation: 'ALTER DOMAIN public.positive_int DROP CONSTRAINT positive_int_check;' });
  });

  it('a domain whose check calls a function taking it, both added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: `
        CREATE DOMAIN public.even_int AS integer;
        CREATE FUNCTION public.is_even(x public.even_int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'select x % 2 = 0';
        ALTER DOMAIN public.even_int ADD CONSTRAINT even_int_check CHECK (public.is_even(VALUE));
      `,
    });
    // The check goes before the function it calls, the function before the domain it takes.
    const [clear, dropFunction, dropDomain] = ['op.alterDomain(', 'op.dropFunction(', 'op.dropDomain('].map((call) =>
      revision.indexOf(call),
    );
    expect(clear).toBeGreaterThan(-1);
    expect(clear).toBeLessThan(dropFunction!);
    expect(dropFunction).toBeLessThan(dropDomain!);
  });

  it('a check calling a function dropped with it: the function comes back before the check', async () => {
    const small =
      "CREATE FUNCTION public.small(x integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'select x < 1000';";
    const { revision } = await runMutation({
      base: `${base} ${small} ALTER DOMAIN public.positive_int ADD CONSTRAINT positive_int_small CHECK (public.small(VALUE));`,
      mutation:
        'ALTER DOMAIN public.positive_int DROP CONSTRAINT positive_int_small; DROP FUNCTION public.small(integer);',
    });
    expect(revision.indexOf('op.createFunction(')).toBeLessThan(revision.indexOf('op.alterDomain('));
  });

  it('a NOT VALID check validated: pulled NOT VALID, made so again', async () => {
    const { revision } = await runMutation({
      base: 'CREATE DOMAIN public.pos AS integer; ALTER DOMAIN public.pos ADD CONSTRAINT pos_check CHECK (VALUE > 0) NOT VALID;',
      mutation: 'ALTER DOMAIN public.pos VALIDATE CONSTRAINT pos_check;',
    });
    expect(revision).toContain('notValid: true');
  });

  it('its collation changed: replaced, its column converted with its rows', async () => {
    const { revision } = await runMutation({
      base: `CREATE DOMAIN public.code AS text COLLATE "C";
        CREATE TABLE public.coded (c public.code); INSERT INTO public.coded VALUES ('b'), ('A');`,
      mutation: `ALTER TABLE public.coded ALTER COLUMN c TYPE text; DROP DOMAIN public.code;
        CREATE DOMAIN public.code AS text; ALTER TABLE public.coded ALTER COLUMN c TYPE public.code;`,
    });
    expect(revision).toContain('op.replaceDomain(');
    expect(revision).toContain(`collation: '"C"'`);
  });

  it('a check on the domain whose name needs quoting', async () => {
    await runMutation({
      base,
      mutation: 'ALTER DOMAIN public."bıgınt" ADD CONSTRAINT "bıgınt_positive" CHECK (VALUE >= 0);',
    });
  });

  it('its base type changed: replaced, its column converted with its rows; the views on its table, which do not read it, stay', async () => {
    const withRows = `${base} INSERT INTO public.customer (name, score) VALUES ('a', 7), ('b', NULL);`;
    const mutation = `
      DROP VIEW public.big_customers; DROP VIEW public.customer_totals;
      ALTER TABLE public.customer ALTER COLUMN score TYPE integer;
      DROP DOMAIN public.positive_int;
      CREATE DOMAIN public.positive_int AS bigint CONSTRAINT positive_int_check CHECK (VALUE > 0);
      ALTER TABLE public.customer ALTER COLUMN score TYPE public.positive_int;
      CREATE VIEW public.customer_totals AS ${TOTALS};
      CREATE VIEW public.big_customers AS SELECT id, name FROM public.customer_totals WHERE total > 100;
      COMMENT ON VIEW public.customer_totals IS 'Totals per customer';`;
    const { revision, project } = await runMutation({ base: withRows, mutation });
    expect(revision).toContain('op.replaceDomain(');
    expect(revision).toContain('// Postgres cannot change the base type of a domain (bigint -> integer)');
    expect(revision).not.toContain('op.dropView(');
    const rows = await queryRows(urlOf(project), 'SELECT name, score FROM public.customer ORDER BY name');
    expect(rows).toEqual([
      { name: 'a', score: 7 },
      { name: 'b', score: null },
    ]);
  });

  it('the base type of a domain used by an array column and a casting default changed', async () => {
    const withUses = `${base} ALTER TABLE public.orders ADD COLUMN bigs public."bıgınt"[] DEFAULT '{}',
      ADD COLUMN fallback integer DEFAULT (1)::public."bıgınt";`;
    const mutation = `
      DROP MATERIALIZED VIEW public.order_stats; DROP VIEW reporting.summary;
      ALTER TABLE public.orders ALTER COLUMN bigs DROP DEFAULT;
      ALTER TABLE public.orders ALTER COLUMN fallback DROP DEFAULT;
      ALTER TABLE public.orders ALTER COLUMN big TYPE bigint;
      ALTER TABLE public.orders ALTER COLUMN bigs TYPE bigint[];
      DROP DOMAIN public."bıgınt";
      CREATE DOMAIN public."bıgınt" AS numeric(20,0) DEFAULT 0 NOT NULL;
      ALTER TABLE public.orders ALTER COLUMN big TYPE public."bıgınt";
      ALTER TABLE public.orders ALTER COLUMN bigs TYPE public."bıgınt"[];
      ALTER TABLE public.orders ALTER COLUMN bigs SET DEFAULT '{}';
      ALTER TABLE public.orders ALTER COLUMN fallback SET DEFAULT (1)::public."bıgınt";
      CREATE MATERIALIZED VIEW public.order_stats AS SELECT customer_id, count(*) AS n FROM public.orders GROUP BY customer_id;
      CREATE UNIQUE INDEX order_stats_customer ON public.order_stats (customer_id);
      CREATE VIEW reporting.summary AS SELECT count(*) AS orders FROM public.orders;`;
    const { revision } = await runMutation({ base: withUses, mutation });
    expect(revision).toContain('op.replaceDomain(');
    expect(revision).toContain('type: \'public."bıgınt"[]\'');
  });

  it('the base type of a commented domain changed: its comments come back with it', async () => {
    const comments = `COMMENT ON DOMAIN public.positive_int IS 'greater than zero';
      COMMENT ON CONSTRAINT positive_int_check ON DOMAIN public.positive_int IS 'no zero';`;
    const mutation = `
      DROP VIEW public.big_customers; DROP VIEW public.customer_totals;
      ALTER TABLE public.customer ALTER COLUMN score TYPE integer;
      DROP DOMAIN public.positive_int;
      CREATE DOMAIN public.positive_int AS numeric CONSTRAINT positive_int_check CHECK (VALUE > 0);
      ALTER TABLE public.customer ALTER COLUMN score TYPE public.positive_int;
      CREATE VIEW public.customer_totals AS ${TOTALS};
      CREATE VIEW public.big_customers AS SELECT id, name FROM public.customer_totals WHERE total > 100;
      COMMENT ON VIEW public.customer_totals IS 'Totals per customer';
      ${comments}`;
    const { revision } = await runMutation({ base: `${base} ${comments}`, mutation });
    expect(revision).toMatch(
      /comments: \{\s+domain: 'greater than zero',\s+checks: \[\s+\{ name: 'positive_int_check', text: 'no zero' \},\s+\]/,
    );
  });

  it('a column of a new domain added: the column goes before its domain', async () => {
    const mutation =
      'CREATE DOMAIN public.note_text AS text; ALTER TABLE public.customer ADD COLUMN note public.note_text;';
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropColumn(')).toBeLessThan(upgrade.indexOf('op.dropDomain('));
  });

  it('NOT NULL dropped from a domain a column holds inside a composite type: reported, not written, as Postgres refuses it', async () => {
    const db = await createTestDatabase('athanor_domain_held');
    await runSql(
      db.url,
      `CREATE DOMAIN public.url AS varchar(2048) NOT NULL;
       CREATE TYPE public.wrapped_url AS (url public.url);
       CREATE TABLE public.person (id integer PRIMARY KEY, site public.wrapped_url);`,
    );
    const project = tempProject(db.url);
    expect((await project.migrate('pull')).code).toBe(0);
    await runSql(db.url, 'ALTER DOMAIN public.url DROP NOT NULL;');
    const line =
      'domain public.url: NOT NULL is left out, since a column of a table holds the domain inside an array, a composite ' +
      'type or a range, where Postgres refuses to validate it; add a check NOT VALID, or change it by hand';
    const result = await project.migrate('revision', '--autogenerate', '-m', 'held');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`not written: ${line}`);
    expect(readdirSync(project.versionsDir).filter((f) => f.endsWith('.ts'))).toEqual([]);
    const check = await project.migrate('check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(line);
  });
});

describe('mutations: comments', { timeout: SLOW }, () => {
  const cases: [string, string][] = [
    ['a table comment changed', "COMMENT ON TABLE public.orders IS 'Changed';"],
    ['a column comment removed', 'COMMENT ON COLUMN public.orders.amount IS NULL;'],
    [
      'an index of a materialized view commented',
      "COMMENT ON INDEX public.order_stats_customer IS 'one row per customer';",
    ],
    ['a constraint commented', "COMMENT ON CONSTRAINT orders_pkey ON public.orders IS 'the key';"],
    ['a sequence commented', "COMMENT ON SEQUENCE public.order_no IS 'order numbers';"],
    ['a domain commented', "COMMENT ON DOMAIN public.positive_int IS 'greater than zero';"],
    [
      'a domain check commented',
      "COMMENT ON CONSTRAINT positive_int_check ON DOMAIN public.positive_int IS 'no zero';",
    ],
    ['a function comment changed', "COMMENT ON FUNCTION public.order_total(integer) IS 'Total';"],
    ['a trigger commented', "COMMENT ON TRIGGER orders_touch ON public.orders IS 'keeps updated_at';"],
    ['a materialized view commented', "COMMENT ON MATERIALIZED VIEW public.order_stats IS 'per customer';"],
    ['a view column commented', "COMMENT ON COLUMN public.customer_totals.total IS 'in euros';"],
    ['a schema commented', "COMMENT ON SCHEMA reporting IS 'read-only views';"],
    // A model that declares no comment on the public schema means initdb's: set back to it.
    ['the public schema commented', "COMMENT ON SCHEMA public IS 'app data';"],
    [
      'a commented table dropped: the comment comes back with it',
      'DROP VIEW reporting.summary; DROP MATERIALIZED VIEW public.order_stats;' +
        ' DROP VIEW public.big_customers; DROP VIEW public.customer_totals; DROP FUNCTION public.order_total(integer); DROP TABLE public.orders;',
    ],
  ];
  for (const [name, mutation] of cases) {
    it(name, async () => {
      const { revision } = await runMutation({ base, mutation });
      expect(revision).toContain('op.setComment(');
    });
  }

  it("the public schema's comment removed: pull writes it, and it is set again", async () => {
    const { revision, project } = await runMutation({
      base: `${base}\n    COMMENT ON SCHEMA public IS 'app data';`,
      mutation: 'COMMENT ON SCHEMA public IS NULL;',
    });
    expect(revision).toContain("comment: 'app data'");
    expect(project.read('models.ts')).toMatch(/metadata\.comment\(\{ schema: 'public' \}, 'app data'\)/);
  });

  // A public schema dropped and made again has no comment, which is not initdb's: pull writes '' (none).
  it("the public schema made again, with no comment: pull writes '', and initdb's set by hand is removed", async () => {
    const { revision, project } = await runMutation({
      base: `${base}\n    COMMENT ON SCHEMA public IS NULL;`,
      mutation: "COMMENT ON SCHEMA public IS 'standard public schema';",
    });
    expect(revision).toContain("comment: ''");
    expect(project.read('models.ts')).toMatch(/metadata\.comment\(\{ schema: 'public' \}, ''\)/);
  });

  // Built again online (the index beside the old one, the check NOT VALID then validated): the downgrade's own
  // rebuild comes back with the comment, set once the old definition is made again.
  const commented = `${base}
    CREATE INDEX orders_amount ON public.orders (amount);
    COMMENT ON INDEX public.orders_amount IS 'by amount';
    ALTER TABLE public.orders ADD CONSTRAINT orders_amount_check CHECK (amount >= 0);
    COMMENT ON CONSTRAINT orders_amount_check ON public.orders IS 'no refunds';`;
  it('a commented index defined anew: the comment stays with the index each way', async () => {
    const { revision } = await runMutation({
      base: commented,
      mutation: `DROP INDEX public.orders_amount; CREATE INDEX orders_amount ON public.orders (amount) WHERE amount > 0;
        COMMENT ON INDEX public.orders_amount IS 'by amount';`,
    });
    expect(revision).toContain('online: true');
  });
  it('a commented check defined anew: the comment stays with the constraint each way', async () => {
    const { revision } = await runMutation({
      base: commented,
      mutation: `ALTER TABLE public.orders DROP CONSTRAINT orders_amount_check;
        ALTER TABLE public.orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
        COMMENT ON CONSTRAINT orders_amount_check ON public.orders IS 'no refunds';`,
    });
    expect(revision).toContain('online: true');
  });
});

// PGlite ships no extension besides plpgsql unless it is built in.
skipWhen(testTarget() === 'pglite', 'PGlite loads no extension besides plpgsql').describe(
  'mutations: extensions',
  { timeout: SLOW },
  () => {
    it('an extension added', async () => {
      const { revision } = await runMutation({ base, mutation: 'CREATE EXTENSION citext;' });
      expect(revision).toContain('op.dropExtension(');
    });

    it('an extension a column uses dropped with the column', async () => {
      const withHstore = `${base} CREATE EXTENSION hstore; ALTER TABLE public.customer ADD COLUMN attributes public.hstore;`;
      const { revision } = await runMutation({
        base: withHstore,
        mutation: 'ALTER TABLE public.customer DROP COLUMN attributes; DROP EXTENSION hstore;',
      });
      expect(revision.indexOf('op.createExtension(')).toBeLessThan(revision.indexOf('op.addColumn('));
    });

    it("an extension dropped whose operators share names with an installed one's: each check keeps its own", async () => {
      // citext and hstore both define `<>` in public; the model reads each as OPERATOR(public.<>).
      const withBoth = `${base} CREATE EXTENSION citext; CREATE EXTENSION hstore;
      ALTER TABLE public.customer ADD COLUMN handle public.citext CHECK (handle <> ''),
        ADD COLUMN attributes public.hstore CHECK (attributes <> ''::public.hstore);`;
      const { revision } = await runMutation({
        base: withBoth,
        mutation: 'DROP EXTENSION hstore CASCADE;',
      });
      expect(revision.indexOf('op.createExtension(')).toBeLessThan(revision.indexOf('op.addColumn('));
    });

    it('an extension moved to another schema: moved back, not dropped', async () => {
      const withCitext = `${base} CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext;`;
      const { revision } = await runMutation({
        base: withCitext,
        mutation: 'ALTER EXTENSION citext SET SCHEMA public;',
      });
      expect(revision).toContain("op.alterExtension({ name: 'citext', schema: 'ext', from: 'public' })");
      expect(revision).not.toContain('op.dropExtension(');
    });

    it('an extension whose types columns, a domain and a view use moved to another schema: moved back last, nothing else changed', async () => {
      const withCitext = `${base} CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext;
      CREATE DOMAIN public.email AS ext.citext CHECK (ext.strpos(VALUE, '@') > 0);
      ALTER TABLE public.customer ADD COLUMN email public.email, ADD COLUMN aliases ext.citext[] DEFAULT '{}'::ext.citext[];
      CREATE VIEW public.emails AS SELECT lower(email::ext.citext) AS email FROM public.customer;`;
      const { revision } = await runMutation({
        base: withCitext,
        mutation: 'ALTER EXTENSION citext SET SCHEMA public;',
      });
      expect(revision).toContain("op.alterExtension({ name: 'citext', schema: 'ext', from: 'public' })");
      expect(revision).not.toMatch(/op\.(dropExtension|alterColumn|replaceDomain|dropView)\(/);
    });

    it('a column of an extension type added while the extension moves: the column comes first', async () => {
      const withCitext = `${base} CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext; ALTER TABLE public.customer ADD COLUMN email ext.citext;`;
      const mutation = 'ALTER TABLE public.customer DROP COLUMN email; ALTER EXTENSION citext SET SCHEMA public;';
      const { revision } = await runMutation({ base: withCitext, mutation });
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade.indexOf('op.addColumn(')).toBeLessThan(upgrade.indexOf('op.alterExtension('));
    });

    it('an extension moved by hand to a schema outside `schemas`: moved back, not created', async () => {
      const db = await createTestDatabase('athanor_extension_elsewhere');
      await runSql(db.url, 'CREATE EXTENSION citext; CREATE TABLE public.handle (h public.citext);');
      const project = tempProject(db.url, "schemas: ['public'],");
      expect((await project.migrate('pull')).code).toBe(0);
      await runSql(db.url, 'CREATE SCHEMA elsewhere; ALTER EXTENSION citext SET SCHEMA elsewhere;');
      const check = await project.migrate('check');
      expect(check.code).toBe(1);
      expect(check.stdout).not.toContain('create extension');
      expect((await project.migrate('revision', '--autogenerate', '-m', 'back')).code).toBe(0);
      const [file] = readdirSync(project.versionsDir).filter((f) => f.endsWith('.ts'));
      const revision = project.read(`migrations/versions/${file}`);
      expect(revision).toContain("op.alterExtension({ name: 'citext', schema: 'public', from: 'elsewhere' })");
      expect(revision).not.toContain('op.createExtension(');
      const schemaOf = async () =>
        (
          await queryRows(
            db.url,
            "SELECT extnamespace::regnamespace::text AS s FROM pg_extension WHERE extname = 'citext'",
          )
        )[0];
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      expect(await schemaOf()).toEqual({ s: 'public' });
      expect((await project.migrate('check')).code).toBe(0);
      expect((await project.migrate('downgrade', '-1')).code).toBe(0);
      expect(await schemaOf()).toEqual({ s: 'elsewhere' });
    });

    it('extensions whose routines name their types unqualified, moved outside `schemas` under an index: moved back', async () => {
      // earthdistance's ll_to_earth, inlined in the index, names cube's and its own types bare.
      const db = await createTestDatabase('athanor_extension_path');
      await runSql(
        db.url,
        `CREATE EXTENSION cube; CREATE EXTENSION earthdistance;
        CREATE TABLE public.place (id integer PRIMARY KEY, lat float8, lon float8);
        CREATE INDEX place_earth ON public.place USING gist (public.ll_to_earth(lat, lon));`,
      );
      const project = tempProject(db.url, "schemas: ['public'],");
      expect((await project.migrate('pull')).code).toBe(0);
      await runSql(
        db.url,
        'CREATE SCHEMA ext; ALTER EXTENSION earthdistance SET SCHEMA ext; ALTER EXTENSION cube SET SCHEMA ext;',
      );
      const generated = await project.migrate('revision', '--autogenerate', '-m', 'back');
      expect(generated.stderr).toBe('');
      expect(generated.stdout).toContain('move extension earthdistance: schema ext -> public');
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      expect((await project.migrate('check')).code).toBe(0);
    });

    it('an extension moved out of a schema that is dropped with the move', async () => {
      const withCitext = `${base} CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext;`;
      const { revision } = await runMutation({
        base: withCitext,
        mutation: 'ALTER EXTENSION citext SET SCHEMA public; DROP SCHEMA ext;',
      });
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade.indexOf('op.createSchema(')).toBeLessThan(upgrade.indexOf('op.alterExtension('));
    });
  },
);

describe('mutations: domains over domains', { timeout: SLOW }, () => {
  it('a domain over another one, named before it: created after it and dropped before it', async () => {
    const { revision } = await runMutation({
      base: 'CREATE DOMAIN public.zz AS integer CHECK (VALUE > 0); CREATE DOMAIN public.aa AS public.zz; CREATE TABLE public.box (id integer PRIMARY KEY, size public.aa);',
      mutation: 'DROP TABLE public.box; DROP DOMAIN public.aa; DROP DOMAIN public.zz;',
    });
    const [upgrade, downgrade] = revision.split('export async function downgrade');
    expect(upgrade!.indexOf("name: 'zz'")).toBeLessThan(upgrade!.indexOf("name: 'aa'"));
    expect(downgrade!.indexOf("name: 'aa'")).toBeLessThan(downgrade!.indexOf("name: 'zz'"));
  });
});
