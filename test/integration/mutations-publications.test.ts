import { describe, expect, inject, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { testTarget } from '../helpers/database.js';
import { SLOW } from './mutations-objects-base.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Publications: one over a list of tables with options of its own and a
 * comment, one for every table, and (PostgreSQL 15 on) a table's column list
 * and row filter and a schema's tables. Autogenerate from the pulled base
 * undoes each change, the downgrade re-applies it, and nothing is left to
 * generate afterwards (see test/helpers/mutation.ts).
 */
const since15 = testTarget() === 'pglite' || (inject('serverVersion') ?? 0) >= 150000;

const base = `
CREATE SCHEMA app;
CREATE TABLE public.items (id integer PRIMARY KEY, kind text, size integer);
CREATE TABLE public.orders (id integer PRIMARY KEY, note text);
CREATE TABLE public.logs (id integer PRIMARY KEY, line text);
CREATE TABLE app.events (id integer PRIMARY KEY, payload text);
CREATE PUBLICATION items_pub FOR TABLE public.items, public.orders WITH (publish = 'insert, update');
COMMENT ON PUBLICATION items_pub IS 'to the copy';
CREATE PUBLICATION everything FOR ALL TABLES;
`;

const base15 = `${base}
CREATE PUBLICATION slices FOR TABLE public.items (id, kind) WHERE (kind <> 'draft');
CREATE PUBLICATION app_pub FOR TABLES IN SCHEMA app;
`;

describe('mutations: publications', { timeout: SLOW }, () => {
  it('a publication added by hand: dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'CREATE PUBLICATION extra FOR TABLE public.logs;' });
    expect(revision).toContain("op.dropPublication({ name: 'extra' })");
  });

  it('a publication of no table added by hand: dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'CREATE PUBLICATION later;' });
    expect(revision).toContain("op.dropPublication({ name: 'later' })");
  });

  it('a publication of no table dropped by hand: created again', async () => {
    const { revision } = await runMutation({
      base: `${base}\nCREATE PUBLICATION later WITH (publish = 'insert');`,
      mutation: 'DROP PUBLICATION later;',
    });
    expect(revision).toContain('op.createPublication(');
    expect(revision).toContain("name: 'later'");
  });

  it('a publication dropped by hand: created again with its options and comment', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP PUBLICATION items_pub;' });
    expect(revision).toContain('op.createPublication(');
    expect(revision).toContain("publish: ['insert', 'update']");
    expect(revision).toContain("comment: 'to the copy'");
  });

  it('a table added to its list by hand: dropped from it in place', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER PUBLICATION items_pub ADD TABLE public.logs;' });
    expect(revision).toContain('op.alterPublication(');
    expect(revision).not.toMatch(/op\.(create|drop)Publication\(/);
  });

  it('a table dropped from its list by hand: added again in place', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER PUBLICATION items_pub DROP TABLE public.orders;' });
    expect(revision).toContain('op.alterPublication(');
    expect(revision).not.toMatch(/op\.(create|drop)Publication\(/);
  });

  it('its options changed by hand: set back', async () => {
    const { revision } = await runMutation({
      base,
      mutation: "ALTER PUBLICATION items_pub SET (publish = 'insert', publish_via_partition_root = true);",
    });
    expect(revision).toContain('op.alterPublication(');
  });

  it('its comment changed by hand', async () => {
    const { revision } = await runMutation({ base, mutation: "COMMENT ON PUBLICATION items_pub IS 'elsewhere';" });
    expect(revision).toContain('op.setComment(');
  });

  it('a table it lists dropped by hand: created again, then added to the list', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP TABLE public.orders;' });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createTable(')).toBeLessThan(upgrade.indexOf('op.alterPublication('));
  });

  it('a table it lists rebuilt (its partitioning changes): it leaves the list before and joins it again after', async () => {
    const event = 'ALTER PUBLICATION items_pub ADD TABLE public.event;';
    const mutation = `DROP TABLE public.event;
      CREATE TABLE public.event (id integer, kind text) PARTITION BY LIST (kind);
      CREATE TABLE public.event_a PARTITION OF public.event FOR VALUES IN ('a');
      ${event}`;
    const { revision } = await runMutation({
      base: `${base}\nCREATE TABLE public.event (id integer, kind text);\n${event}`,
      mutation,
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.alterPublication(')).toBeLessThan(upgrade.indexOf('op.dropTable('));
    expect(upgrade.lastIndexOf('op.createTable(')).toBeLessThan(upgrade.lastIndexOf('op.alterPublication('));
  });

  it('the one for every table dropped by hand: created again', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP PUBLICATION everything;' });
    expect(revision).toContain('allTables: true');
  });

  skipWhen(!since15, "needs PostgreSQL 15: a table's column list and row filter, a schema's tables").it(
    'column lists, row filters and schemas (PostgreSQL 15 on): changed by hand',
    async () => {
      const columns = await runMutation({
        base: base15,
        mutation: "ALTER PUBLICATION slices SET TABLE public.items (id, size) WHERE (kind = 'x'), public.logs;",
      });
      expect(columns.revision).toContain('op.alterPublication(');
      const schemas = await runMutation({
        base: base15,
        mutation:
          'ALTER PUBLICATION app_pub DROP TABLES IN SCHEMA app; ALTER PUBLICATION app_pub ADD TABLE public.logs;',
      });
      expect(schemas.revision).toContain('op.alterPublication(');
      const dropped = await runMutation({ base: base15, mutation: 'DROP PUBLICATION slices;' });
      expect(dropped.revision).toContain("columns: ['id', 'kind']");
    },
  );
  skipWhen(!since15, "needs PostgreSQL 15: a table's column list and row filter").it(
    'a column of its column list added by hand: the table leaves the list before the column is dropped',
    async () => {
      const mutation = `ALTER TABLE public.items ADD COLUMN extra text;
        ALTER PUBLICATION slices SET TABLE public.items (id, kind, extra) WHERE (kind <> 'draft');`;
      const { revision } = await runMutation({ base: base15, mutation });
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade.indexOf('op.alterPublication(')).toBeLessThan(upgrade.indexOf('op.dropColumn('));
    },
  );

  skipWhen(!since15, "needs PostgreSQL 15: a table's column list and row filter").it(
    'a column its row filter or column list uses retyped by hand: the table leaves the list around the change',
    async () => {
      const filtered = await runMutation({
        base: base15,
        mutation: `ALTER PUBLICATION slices SET TABLE public.items;
          ALTER TABLE public.items ALTER COLUMN kind TYPE varchar(20);
          ALTER PUBLICATION slices SET TABLE public.items (id, kind) WHERE (kind <> 'draft');`,
      });
      const upgrade = filtered.revision.slice(0, filtered.revision.indexOf('downgrade'));
      expect(upgrade.indexOf('op.alterPublication(')).toBeLessThan(upgrade.indexOf('op.alterColumn('));
      expect(upgrade.lastIndexOf('op.alterPublication(')).toBeGreaterThan(upgrade.indexOf('op.alterColumn('));
      // The table's entry is the same before and after: the list still has to let go of the table.
      const listed = await runMutation({
        base: base15,
        mutation: `ALTER PUBLICATION slices SET TABLE public.items;
          ALTER TABLE public.items ALTER COLUMN id TYPE bigint;
          ALTER PUBLICATION slices SET TABLE public.items (id, kind) WHERE (kind <> 'draft');`,
      });
      expect(listed.revision).toContain('op.alterPublication(');
    },
  );
});
