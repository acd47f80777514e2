import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';

/**
 * Single changes to partitioned tables and partitions: autogenerate from the pulled base undoes each,
 * the downgrade re-applies it, and nothing is left to generate afterwards
 * (see test/helpers/mutation.ts).
 */

const PARTITION_BASE = `
CREATE TABLE public.customer (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.event (
  id bigint NOT NULL,
  customer_id integer NOT NULL REFERENCES public.customer (id),
  kind text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (at, id)
) PARTITION BY RANGE (at);
CREATE INDEX event_kind_idx ON public.event (kind);
CREATE TABLE public.event_2024 PARTITION OF public.event FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE TABLE public.event_2025 PARTITION OF public.event FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
CREATE TABLE public.event_other PARTITION OF public.event DEFAULT;
CREATE INDEX event_2025_customer_idx ON public.event_2025 (customer_id);
CREATE TABLE public.region_sale (region text NOT NULL, amount numeric(10,2)) PARTITION BY LIST (region);
CREATE TABLE public.region_sale_eu PARTITION OF public.region_sale FOR VALUES IN ('de', 'fr');
CREATE TABLE public.bucket (id integer NOT NULL) PARTITION BY HASH (id);
CREATE TABLE public.bucket_0 PARTITION OF public.bucket FOR VALUES WITH (modulus 2, remainder 0);
CREATE TABLE public.bucket_1 PARTITION OF public.bucket FOR VALUES WITH (modulus 2, remainder 1);`;

// Each mutation runs the CLI eight times; PGlite on a busy machine needs more than the default minute.
describe('mutations: partitioned tables and partitions', { timeout: 240_000 }, () => {
  it('a range partition added', async () => {
    const mutation = `CREATE TABLE public.event_2026 PARTITION OF public.event
      FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');`;
    const { revision } = await runMutation({ base: PARTITION_BASE, mutation });
    expect(revision).toContain('op.dropTable(');
  });

  it('a partition dropped', async () => {
    await runMutation({ base: PARTITION_BASE, mutation: 'DROP TABLE public.event_2025;' });
  });

  it('the default partition dropped', async () => {
    await runMutation({ base: PARTITION_BASE, mutation: 'DROP TABLE public.event_other;' });
  });

  it('a partition detached', async () => {
    const { revision } = await runMutation({ base: PARTITION_BASE, mutation: 'ALTER TABLE public.event DETACH PARTITION public.event_2024;' });
    expect(revision).toContain('op.attachPartition(');
  });

  it('a standalone table attached as a partition', async () => {
    const base = `${PARTITION_BASE}
      CREATE TABLE public.region_sale_us (region text NOT NULL, amount numeric(10,2));`;
    const mutation = `ALTER TABLE public.region_sale ATTACH PARTITION public.region_sale_us FOR VALUES IN ('us');`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.detachPartition(');
  });

  it('a partition bound changed', async () => {
    const mutation = `
      ALTER TABLE public.region_sale DETACH PARTITION public.region_sale_eu;
      ALTER TABLE public.region_sale ATTACH PARTITION public.region_sale_eu FOR VALUES IN ('de', 'fr', 'it');`;
    await runMutation({ base: PARTITION_BASE, mutation });
  });

  it('an index on one partition added', async () => {
    await runMutation({ base: PARTITION_BASE, mutation: 'CREATE INDEX event_2024_customer_idx ON public.event_2024 (customer_id);' });
  });

  it('an index on the partitioned parent added', async () => {
    // Not on (customer_id): event_2025 has an index on it, which the parent's would adopt, name and all,
    // and a partition's index attached to its parent's is not part of the model.
    await runMutation({ base: PARTITION_BASE, mutation: 'CREATE INDEX event_kind_at_idx ON public.event (kind, at);' });
  });

  it('a column added to the partitioned parent', async () => {
    await runMutation({ base: PARTITION_BASE, mutation: 'ALTER TABLE public.event ADD COLUMN source text;' });
  });

  it('a partitioned table with its partitions dropped', async () => {
    await runMutation({ base: PARTITION_BASE, mutation: 'DROP TABLE public.bucket;' });
  });

  it('a foreign key on one partition added', async () => {
    await runMutation({
      base: PARTITION_BASE,
      mutation: 'ALTER TABLE public.event_2024 ADD CONSTRAINT event_2024_customer_fkey2 FOREIGN KEY (customer_id) REFERENCES public.customer (id);',
    });
  });

  it('a list partition added with a check of its own, itself partitioned by hash', async () => {
    const mutation = `
      CREATE TABLE public.region_sale_us PARTITION OF public.region_sale (CONSTRAINT us_positive CHECK (amount > 0))
        FOR VALUES IN ('us') PARTITION BY HASH (amount);
      CREATE TABLE public.region_sale_us_0 PARTITION OF public.region_sale_us FOR VALUES WITH (modulus 1, remainder 0);`;
    await runMutation({ base: PARTITION_BASE, mutation });
  });
});
