import { describe, expect, it } from 'vitest';
import { queryRows, runSql } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';
import { SLOW, OBJECTS_BASE as base, recreateTotals } from './mutations-objects-base.js';

/**
 * Single changes to views and materialized views:
 * autogenerate from the pulled base undoes each, the downgrade re-applies it,
 * and nothing is left to generate afterwards (see test/helpers/mutation.ts).
 */

const TOTALS = 'SELECT c.id, c.name, public.order_total(c.id) AS total FROM public.customer c';

describe('mutations: views', { timeout: SLOW }, () => {
  it('a view added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'CREATE VIEW public.names AS SELECT name FROM public.customer;',
    });
    expect(revision).toContain('op.dropView(');
  });

  it('a view on a view dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP VIEW public.big_customers;' });
    expect(revision).toContain('op.createView(');
  });

  it('a view and the view on it dropped: created back in dependency order, with its comment', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'DROP VIEW public.big_customers; DROP VIEW public.customer_totals;',
    });
    expect(revision.indexOf("name: 'customer_totals'")).toBeLessThan(revision.indexOf("name: 'big_customers'"));
    expect(revision).toContain('op.setComment(');
  });

  it('a query changed with the same columns is replaced in place', async () => {
    const mutation = `CREATE OR REPLACE VIEW public.customer_totals AS ${TOTALS} WHERE c.id > 0;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.replaceView(');
    expect(revision).not.toContain('op.dropView(');
  });

  it('columns changed: dropped and created again, with the view on it, and a note saying why', async () => {
    const mutation = recreateTotals(
      'SELECT c.id, c.name AS customer_name, public.order_total(c.id) AS total FROM public.customer c',
      'SELECT id, customer_name AS name FROM public.customer_totals WHERE total > 100',
    );
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain(
      "// view public.customer_totals is dropped and created again: its columns change, and CREATE OR REPLACE VIEW cannot change a view's columns.",
    );
  });

  it('a column gone from the end: put back in place, the view on it and the comment kept; the downgrade drops and creates them', async () => {
    const mutation = `${recreateTotals('SELECT c.id, c.name FROM public.customer c', 'SELECT id, name FROM public.customer_totals')}
      COMMENT ON VIEW public.customer_totals IS 'Totals per customer';`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade('));
    const downgrade = revision.slice(revision.indexOf('downgrade('));
    expect(upgrade.match(/await op\.\w+/g)).toEqual(['await op.replaceView', 'await op.replaceView']);
    expect(downgrade.indexOf("op.dropView({ schema: 'public', name: 'customer_totals'")).toBeGreaterThan(-1);
    expect(downgrade).toContain('op.setComment(');
  });

  it('view options changed', async () => {
    await runMutation({ base, mutation: 'ALTER VIEW public.customer_totals SET (security_barrier = true);' });
  });

  it('a column a view reads changes type: the views are dropped around the table change', async () => {
    const mutation = `
      DROP VIEW public.big_customers; DROP VIEW public.customer_totals;
      ALTER TABLE public.customer ALTER COLUMN name TYPE varchar(200);
      CREATE VIEW public.customer_totals AS ${TOTALS};
      CREATE VIEW public.big_customers AS SELECT id, name FROM public.customer_totals WHERE total > 100;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision.indexOf('op.dropView(')).toBeLessThan(revision.indexOf('op.alterColumn('));
    expect(revision.indexOf('op.alterColumn(')).toBeLessThan(revision.indexOf('op.createView('));
  });

  it('a column no view reads is dropped: the views stay', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER TABLE public.customer ADD COLUMN note text;' });
    expect(revision).toContain('op.dropColumn(');
    expect(revision).not.toContain('op.dropView(');
  });

  it('a column changes type: only the views that read it are dropped around the change, a SELECT * one among them', async () => {
    const withAll = `${base}\nCREATE VIEW public.all_orders AS SELECT * FROM public.orders;`;
    const mutation = `
      DROP VIEW public.all_orders;
      ALTER TABLE public.orders ALTER COLUMN amount TYPE numeric(12,2);
      CREATE VIEW public.all_orders AS SELECT * FROM public.orders;`;
    const { revision } = await runMutation({ base: withAll, mutation });
    expect(revision).toContain('op.alterColumn(');
    expect(revision).toContain("name: 'all_orders'");
    expect(revision).not.toContain("name: 'order_stats'");
  });

  it('a view in another schema dropped', async () => {
    await runMutation({ base, mutation: 'DROP VIEW reporting.summary;' });
  });

  it('a view in a schema whose name needs quoting dropped', async () => {
    const quoted = `${base}
      CREATE SCHEMA "Reports Dept";
      CREATE VIEW "Reports Dept"."Monthly Orders" AS SELECT count(*) AS n FROM public.orders;`;
    const { revision } = await runMutation({ base: quoted, mutation: 'DROP VIEW "Reports Dept"."Monthly Orders";' });
    expect(revision).toContain("schema: 'Reports Dept'");
  });
});

describe('mutations: materialized views', { timeout: SLOW }, () => {
  it('dropped: created back with its unique index', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP MATERIALIZED VIEW public.order_stats;' });
    expect(revision).toContain('materialized: true');
  });

  it('its index dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP INDEX public.order_stats_customer;' });
    expect(revision).toContain('op.createIndex(');
  });

  it('its query changed', async () => {
    const mutation = `
      DROP MATERIALIZED VIEW public.order_stats;
      CREATE MATERIALIZED VIEW public.order_stats AS SELECT customer_id, count(*) AS n, sum(amount) AS total FROM public.orders GROUP BY customer_id;
      CREATE UNIQUE INDEX order_stats_customer ON public.order_stats (customer_id);`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('a materialized view cannot be replaced in place');
  });
});

describe('mutations: a materialized view created WITH NO DATA', { timeout: SLOW }, () => {
  const unpopulated = `
    CREATE TABLE public.events (id integer PRIMARY KEY, kind text);
    CREATE MATERIALIZED VIEW public.event_kinds AS SELECT kind, count(*) AS n FROM public.events GROUP BY kind WITH NO DATA;`;
  const populated = async (url: string): Promise<boolean | undefined> =>
    (
      await queryRows<{ populated: boolean }>(
        url,
        "SELECT relispopulated AS populated FROM pg_class WHERE oid = 'public.event_kinds'::regclass",
      )
    )[0]?.populated;

  it('dropped: created back without data, as pull declared it; whether it holds data is not compared', async () => {
    const { revision, project, url } = await runMutation({
      base: unpopulated,
      mutation: 'DROP MATERIALIZED VIEW public.event_kinds;',
    });
    expect(project.read('models.ts')).toContain('withData: false');
    expect(revision).toContain('withNoData: true');
    expect(await populated(url)).toBe(false);
    await runSql(url, 'REFRESH MATERIALIZED VIEW public.event_kinds;');
    expect(await populated(url)).toBe(true);
    const check = await project.migrate('check');
    expect(check.stdout).toContain('No differences');
  });
});

describe('mutations: view column defaults', { timeout: SLOW }, () => {
  it('a default changed, one dropped, one added, and a view with one dropped: set in place, created with it', async () => {
    const { revision } = await runMutation({
      base:
        'CREATE TABLE public.ticket (id serial PRIMARY KEY, status text NOT NULL, note text, opened date NOT NULL);' +
        "CREATE VIEW public.open_ticket AS SELECT id, status, note, opened FROM public.ticket WHERE status <> 'closed';" +
        "ALTER VIEW public.open_ticket ALTER COLUMN status SET DEFAULT 'new', ALTER COLUMN opened SET DEFAULT CURRENT_DATE;" +
        'CREATE VIEW public.ticket_note AS SELECT id, note FROM public.ticket;' +
        "ALTER VIEW public.ticket_note ALTER COLUMN note SET DEFAULT '';",
      mutation:
        "ALTER VIEW public.open_ticket ALTER COLUMN status SET DEFAULT 'open', ALTER COLUMN opened DROP DEFAULT, ALTER COLUMN note SET DEFAULT 'x';" +
        'DROP VIEW public.ticket_note;',
    });
    expect(revision).toContain('await op.replaceView({');
    expect(revision).toMatch(/columnDefaults: \{ opened: 'CURRENT_DATE', status: "'new'::text" \}/);
    expect(revision).toMatch(/name: 'ticket_note',[^;]*columnDefaults: \{ note: "''::text" \}/);
  });
});
