import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';

/**
 * A partition's index attached to its parent's index renamed in the database: autogenerate from the
 * pulled base renames it back (`renameIndex`), the downgrade renames it again, and nothing is left to
 * generate afterwards (see test/helpers/mutation.ts).
 */

const BASE = `
CREATE TABLE public.event (
  id bigint NOT NULL,
  kind text NOT NULL,
  at timestamptz NOT NULL
) PARTITION BY RANGE (at);
CREATE INDEX event_kind_idx ON public.event (kind);
CREATE INDEX event_id_idx ON public.event (id) INCLUDE (kind);
CREATE TABLE public.event_2024 PARTITION OF public.event FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE TABLE public.event_rest PARTITION OF public.event DEFAULT PARTITION BY LIST (kind);
CREATE TABLE public.event_rest_a PARTITION OF public.event_rest FOR VALUES IN ('a');
ALTER INDEX public.event_rest_id_kind_idx RENAME TO "event rest ""id""";
ALTER INDEX public.event_rest_a_id_kind_idx RENAME TO event_rest_a_by_id;`;

// Each mutation runs the CLI eight times; PGlite on a busy machine needs more than the default minute.
describe('mutations: names of partition indexes attached to their parents', { timeout: 240_000 }, () => {
  it("a partition index renamed from Postgres' default name to a name of its own", async () => {
    const { revision } = await runMutation({
      base: BASE,
      mutation: 'ALTER INDEX public.event_2024_kind_idx RENAME TO event_2024_by_kind;',
    });
    expect(revision).toContain(
      "await op.renameIndex({ schema: 'public', from: 'event_2024_by_kind', to: 'event_2024_kind_idx' });",
    );
    expect(revision).toContain(
      "await op.renameIndex({ schema: 'public', from: 'event_2024_kind_idx', to: 'event_2024_by_kind' });",
    );
  });

  it("a partition index given a storage parameter of its own, then its parent's again", async () => {
    const own = await runMutation({
      base: BASE,
      mutation: 'ALTER INDEX public.event_2024_kind_idx SET (fillfactor = 50);',
    });
    expect(own.revision).toContain("index: 'event_2024_kind_idx',");
    expect(own.revision).toContain('await op.setStorageParameters(');
    await runMutation({
      base: `${BASE}\nALTER INDEX public.event_2024_kind_idx SET (fillfactor = 50);`,
      mutation: 'ALTER INDEX public.event_2024_kind_idx RESET (fillfactor);',
    });
  });

  it('a partition index renamed from a name of its own to another', async () => {
    const { revision } = await runMutation({
      base: BASE,
      mutation: 'ALTER INDEX public."event rest ""id""" RENAME TO "event rest ids";',
    });
    expect(revision).toContain(
      `await op.renameIndex({ schema: 'public', from: 'event rest ids', to: 'event rest "id"' });`,
    );
  });

  it("a partition index of a partition's partition renamed from a name of its own back to Postgres' default name", async () => {
    const { revision } = await runMutation({
      base: BASE,
      mutation: 'ALTER INDEX public.event_rest_a_by_id RENAME TO event_rest_a_id_kind_idx;',
    });
    expect(revision).toContain(
      "await op.renameIndex({ schema: 'public', from: 'event_rest_a_id_kind_idx', to: 'event_rest_a_by_id' });",
    );
  });
});
