import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { SLOW, OBJECTS_BASE as base, recreateTotals } from './mutations-objects-base.js';

/**
 * Single changes to functions, procedures, aggregates and triggers:
 * autogenerate from the pulled base undoes each, the downgrade re-applies it,
 * and nothing is left to generate afterwards (see test/helpers/mutation.ts).
 */

const TOTALS = 'SELECT c.id, c.name, public.order_total(c.id) AS total FROM public.customer c';

describe('mutations: routines', { timeout: SLOW }, () => {
  it('a function added', async () => {
    const mutation =
      "CREATE FUNCTION public.double(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';";
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.dropFunction(');
  });

  it('a trigger function dropped with its trigger', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'DROP TRIGGER orders_touch ON public.orders; DROP FUNCTION public.touch();',
    });
    expect(revision.indexOf('op.createFunction(')).toBeLessThan(revision.indexOf('op.createTrigger('));
  });

  it('a body changed is replaced in place, the views on it kept', async () => {
    const mutation = `CREATE OR REPLACE FUNCTION public.order_total(c integer) RETURNS numeric LANGUAGE sql STABLE
      AS $$ SELECT coalesce(sum(amount), 0) + 0 FROM public.orders WHERE customer_id = c $$;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.replaceFunction(');
    expect(revision).not.toContain('op.dropView(');
  });

  it('a body an index, a generated column, a check and materialized views call changed: replaced in place, what they computed called out', async () => {
    const norm = (body: string): string =>
      `CREATE OR REPLACE FUNCTION public.norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT ${body} $$;`;
    const { revision } = await runMutation({
      base: `${base} ${norm('lower(x)')}
        CREATE TABLE public.tag (name text CHECK (public.norm(name) <> ''), key text GENERATED ALWAYS AS (public.norm(name)) STORED);
        CREATE INDEX tag_norm ON public.tag (public.norm(name));
        CREATE MATERIALIZED VIEW public.tag_keys AS SELECT public.norm(name) AS k FROM public.tag;
        CREATE VIEW public.tag_norms AS SELECT public.norm(name) AS n FROM public.tag;
        CREATE MATERIALIZED VIEW public.tag_norms_kept AS SELECT n FROM public.tag_norms;`,
      mutation: norm('lower(trim(x))'),
    });
    expect(revision).toContain('op.replaceFunction(');
    const hazard = revision.split('\n').find((line) => line.includes('[stale-computed]')) ?? '';
    expect(hazard).toMatch(
      /HAZARD: replace function public\.norm\(text\): .* keep what the old body computed until rebuilt, rewritten or refreshed/,
    );
    for (const part of [
      'index public.tag.tag_norm',
      'generated column public.tag.key',
      'constraint public.tag.tag_name_check',
      'materialized view public.tag_keys',
      'materialized view public.tag_norms_kept',
    ])
      expect(hazard).toContain(part);
    expect(hazard).not.toContain('public.tag_norms,');
  });

  it('a result type changed: dropped and created again with the views that call it', async () => {
    const mutation = `
      DROP VIEW public.big_customers; DROP VIEW public.customer_totals; DROP FUNCTION public.order_total(integer);
      CREATE FUNCTION public.order_total(c integer) RETURNS bigint LANGUAGE sql STABLE
        AS $$ SELECT count(*) FROM public.orders WHERE customer_id = c $$;
      ${recreateTotals(TOTALS).replace(/DROP VIEW [^;]+;/g, '')}`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('its arguments or result change, which CREATE OR REPLACE cannot do');
  });

  it('a procedure added', async () => {
    const mutation =
      'CREATE PROCEDURE public.reset_scores() LANGUAGE sql AS $$ UPDATE public.customer SET score = NULL $$;';
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain("routine: 'procedure'");
  });

  it('an aggregate added', async () => {
    const mutation =
      "CREATE AGGREGATE public.total_amount(numeric) (SFUNC = numeric_add, STYPE = numeric, INITCOND = '0');";
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain("routine: 'aggregate'");
  });

  it('a function returning rows of a table added (created after the table on the way back)', async () => {
    await runMutation({
      base,
      mutation:
        'CREATE FUNCTION public.all_orders() RETURNS SETOF public.orders LANGUAGE sql AS $$ SELECT * FROM public.orders $$;',
    });
  });

  /** A table with an index and a check calling functions over its row type (computed columns). */
  const computed = `
    CREATE TABLE public.doc (id integer PRIMARY KEY, title text);
    CREATE FUNCTION public.doc_label(d public.doc) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT d.title $$;
    CREATE INDEX doc_label_idx ON public.doc (public.doc_label(doc));
    ALTER TABLE public.doc ADD CONSTRAINT doc_labelled CHECK (public.doc_label(doc) <> '');`;

  it('a table with an index and a check calling a function over its row type added', async () => {
    const { revision } = await runMutation({ base, mutation: computed });
    const upgrade = revision.slice(0, revision.indexOf('downgrade('));
    const downgrade = revision.slice(revision.indexOf('downgrade('));
    // The index and the check go before the function, the function before the table...
    expect(upgrade.indexOf("name: 'doc_label_idx'")).toBeLessThan(upgrade.indexOf('op.dropFunction('));
    expect(upgrade.indexOf('op.dropFunction(')).toBeLessThan(upgrade.indexOf('op.dropTable('));
    // ...and come back after them: the table, the function, then them.
    expect(downgrade.indexOf('op.createTable(')).toBeLessThan(downgrade.indexOf('op.createFunction('));
    expect(downgrade.indexOf('op.createFunction(')).toBeLessThan(downgrade.indexOf('op.createIndex('));
  });

  it('a table with an index and a check calling a function over its row type dropped', async () => {
    const { revision } = await runMutation({
      base: `${base}${computed}`,
      mutation: 'DROP TABLE public.doc CASCADE;',
    });
    expect(revision.indexOf('op.createFunction(')).toBeLessThan(revision.indexOf('op.createIndex('));
    expect(revision.indexOf('op.createFunction(')).toBeLessThan(revision.indexOf('op.addConstraint('));
  });

  it('an overload added', async () => {
    const mutation = `CREATE FUNCTION public.order_total(c integer, since timestamptz) RETURNS numeric LANGUAGE sql STABLE
      AS $$ SELECT coalesce(sum(amount), 0) FROM public.orders WHERE customer_id = c AND updated_at >= since $$;`;
    await runMutation({ base, mutation });
  });

  // The same calls resolve to the other routine: what makes them is dropped before the old one goes, made again after.
  it('a parameter with a default added: the checks, policy, trigger, view and domain calling it move to the new one', async () => {
    const callers = `CREATE DOMAIN public.label AS text CHECK (public.ok(VALUE));
      CREATE TABLE public.tagged (id integer PRIMARY KEY, v text CHECK (public.ok(v)), l public.label);
      CREATE INDEX tagged_ok ON public.tagged (public.ok(v));
      ALTER TABLE public.tagged ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tagged_ok ON public.tagged USING (public.ok(v));
      CREATE TRIGGER tagged_touch BEFORE INSERT ON public.tagged FOR EACH ROW WHEN (public.ok(new.v))
        EXECUTE FUNCTION public.touch();
      CREATE VIEW public.ok_tagged AS SELECT id FROM public.tagged WHERE public.ok(v);`;
    const dropCallers = `DROP VIEW public.ok_tagged; DROP TABLE public.tagged; DROP DOMAIN public.label;`;
    const okWith = (args: string): string =>
      `CREATE FUNCTION public.ok(${args}) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT x <> '' $$;`;
    await runMutation({
      base: `${base} ${okWith('x text, strict boolean DEFAULT false')} ${callers}`,
      mutation: `${dropCallers} DROP FUNCTION public.ok(text, boolean); ${okWith('x text')} ${callers}`,
    });
  });
});

describe('mutations: triggers', { timeout: SLOW }, () => {
  it('a trigger added', async () => {
    const mutation =
      'CREATE TRIGGER orders_touch_insert BEFORE INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch();';
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.dropTrigger(');
  });

  it('a trigger dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP TRIGGER orders_touch ON public.orders;' });
    expect(revision).toContain('op.createTrigger(');
  });

  it('a trigger changed: dropped and created again', async () => {
    const mutation = `DROP TRIGGER orders_touch ON public.orders;
      CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch();`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.dropTrigger(');
    expect(revision).toContain('op.createTrigger(');
  });
});

describe('mutations: a SQL function an index calls, in a schema of its own', { timeout: SLOW }, () => {
  /**
   * The function's body names a collation, a text search configuration (in a
   * literal) and another function of the schema; created where the schema
   * does not exist, the index inlines it, so the body must name the scratch
   * copies. An extension beside it once kept the canonical forms from the
   * cache and showed the fault.
   */
  const indexed = (extension: string): string => `
    CREATE SCHEMA app;
    CREATE EXTENSION IF NOT EXISTS ${extension} WITH SCHEMA public;
    CREATE COLLATION app.app (provider = icu, locale = '@colCaseFirst=lower;colNumeric=yes');
    CREATE TEXT SEARCH CONFIGURATION app.simple_cfg (COPY = pg_catalog.simple);
    CREATE FUNCTION app.fold(input text) RETURNS text AS $$ SELECT lower(input COLLATE app.app) $$
      LANGUAGE SQL IMMUTABLE PARALLEL SAFE STRICT;
    CREATE FUNCTION app.vec(input text) RETURNS tsvector AS $$ SELECT to_tsvector('app.simple_cfg', app.fold(input)) $$
      LANGUAGE SQL IMMUTABLE PARALLEL SAFE STRICT;
    CREATE TABLE app.area (id serial PRIMARY KEY, name varchar);
    CREATE INDEX area_vec ON app.area USING gin (app.vec((name)::text));`;

  for (const extension of ['cube', 'unaccent']) {
    it(`created where nothing of it exists, beside the extension ${extension}`, async () => {
      const { revision } = await runMutation({
        base: indexed(extension),
        mutation: `DROP SCHEMA app CASCADE; DROP EXTENSION ${extension};`,
      });
      expect(revision).toContain("columns: [{ expression: 'app.vec((name)::text)' }]");
      // The bodies come back as written, naming the schema's own objects.
      expect(revision).toContain("to_tsvector('app.simple_cfg', app.fold(input))");
    });
  }
});
