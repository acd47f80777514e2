import { describe, expect, inject, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { testTarget } from '../helpers/database.js';
import { SLOW } from './mutations-objects-base.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Extended statistics: on columns, with a target of their own, in another
 * schema than their table's, with a comment, and (PostgreSQL 14 on) on an
 * expression.
 * Autogenerate from the pulled base undoes each change, the downgrade
 * re-applies it, and nothing is left to generate afterwards (see
 * test/helpers/mutation.ts).
 */
const expressions = testTarget() === 'pglite' || (inject('serverVersion') ?? 0) >= 140000;

const base = `
CREATE SCHEMA stats;
CREATE TABLE public.item (id integer PRIMARY KEY, kind text, size integer, at timestamptz);
CREATE STATISTICS public.item_kind_size (ndistinct, dependencies) ON kind, size FROM public.item;
ALTER STATISTICS public.item_kind_size SET STATISTICS 500;
CREATE STATISTICS stats.item_mcv (mcv) ON kind, size FROM public.item;
`;

describe('mutations: extended statistics', { timeout: SLOW }, () => {
  it('a statistics object added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'CREATE STATISTICS public.item_size_at ON size, at FROM public.item;',
    });
    expect(revision).toContain('op.dropStatistics(');
  });

  it('a statistics object dropped: created again with its target', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP STATISTICS public.item_kind_size;' });
    expect(revision).toContain('op.createStatistics(');
    expect(revision).toContain('target: 500');
  });

  it('its kinds changed: dropped and created again', async () => {
    const mutation = `DROP STATISTICS stats.item_mcv; CREATE STATISTICS stats.item_mcv (ndistinct) ON kind, size FROM public.item;`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropStatistics(')).toBeLessThan(upgrade.indexOf('op.createStatistics('));
  });

  it('its target changed, and set back to the default: altered in place', async () => {
    const changed = await runMutation({ base, mutation: 'ALTER STATISTICS public.item_kind_size SET STATISTICS 50;' });
    expect(changed.revision).toContain('op.alterStatistics(');
    expect(changed.revision).not.toContain('op.dropStatistics(');
    const reset = await runMutation({ base, mutation: 'ALTER STATISTICS stats.item_mcv SET STATISTICS 20;' });
    expect(reset.revision).toMatch(/op\.alterStatistics\(\{[^}]*target: null/);
  });

  it('a column it covers changes type: Postgres keeps it, nothing is written for it', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'ALTER TABLE public.item ALTER COLUMN size TYPE bigint;',
    });
    expect(revision).toContain('op.alterColumn(');
    expect(revision).not.toMatch(/op\.(drop|create)Statistics\(/);
  });

  it('a table with statistics rebuilt (its partitioning changes): they are dropped before and created after', async () => {
    const event = 'CREATE STATISTICS public.event_stats ON id, kind FROM public.event;';
    const mutation = `DROP TABLE public.event;
      CREATE TABLE public.event (id integer, kind text) PARTITION BY LIST (kind);
      CREATE TABLE public.event_a PARTITION OF public.event FOR VALUES IN ('a');
      ${event}`;
    const { revision } = await runMutation({
      base: `${base}\nCREATE TABLE public.event (id integer, kind text);\n${event}`,
      mutation,
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropStatistics(')).toBeLessThan(upgrade.indexOf('op.dropTable('));
    expect(upgrade.lastIndexOf('op.createTable(')).toBeLessThan(upgrade.indexOf('op.createStatistics('));
  });

  it('a comment on one added, changed and dropped; one on statistics of a table dropped cleared first', async () => {
    const commented = `${base}\nCOMMENT ON STATISTICS stats.item_mcv IS 'common values';`;
    const comments = await runMutation({
      base: commented,
      mutation: `COMMENT ON STATISTICS public.item_kind_size IS 'pairs'; COMMENT ON STATISTICS stats.item_mcv IS 'changed';`,
    });
    expect(comments.revision).toContain("target: { on: 'statistics', schema: 'public', name: 'item_kind_size' }");
    const extra = `CREATE TABLE public.extra (a integer, b integer);
      CREATE STATISTICS public.extra_ab ON a, b FROM public.extra;
      COMMENT ON STATISTICS public.extra_ab IS 'goes with its table';`;
    const table = await runMutation({ base: commented, mutation: extra });
    expect(table.revision).toContain('op.dropTable(');
    // Cleared while the statistics exist, so that the downgrade can set it again once they do.
    const upgrade = table.revision.slice(0, table.revision.indexOf('downgrade'));
    expect(upgrade.indexOf("name: 'extra_ab' },\n    comment: null")).toBeLessThan(
      upgrade.indexOf('op.dropStatistics('),
    );
  });

  skipWhen(!expressions, 'needs PostgreSQL 14: statistics on expressions').it(
    'on an expression (PostgreSQL 14 on): added, and its expression changed',
    async () => {
      const added = await runMutation({
        base,
        mutation: 'CREATE STATISTICS public.item_kind_lower ON (lower(kind)), size FROM public.item;',
      });
      expect(added.revision).toContain('op.dropStatistics(');
      const expression = 'CREATE STATISTICS public.item_year ON (extract(year FROM at)), kind FROM public.item;';
      const changed = await runMutation({
        base: `${base}\n${expression}`,
        mutation: `DROP STATISTICS public.item_year; ${expression.replace('year FROM', 'month FROM')}`,
      });
      expect(changed.revision).toContain('op.createStatistics(');
    },
  );
});
