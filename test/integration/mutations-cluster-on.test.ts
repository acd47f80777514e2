import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { SLOW } from './mutations-objects-base.js';

/**
 * The index a table is clustered on (`ALTER TABLE ... CLUSTER ON`): a plain
 * index or a key's. Autogenerate from the pulled base undoes each change, the
 * downgrade re-applies it, and nothing is left to generate afterwards (see
 * test/helpers/mutation.ts).
 */
const base = `
CREATE TABLE public.orders (id integer PRIMARY KEY, customer integer, placed date);
CREATE INDEX orders_customer ON public.orders (customer);
ALTER TABLE public.orders CLUSTER ON orders_customer;
CREATE TABLE public.items (id integer CONSTRAINT items_pk PRIMARY KEY, name text);
ALTER TABLE public.items CLUSTER ON items_pk;
CREATE TABLE public.plain (id integer PRIMARY KEY);
CREATE MATERIALIZED VIEW public.customers AS SELECT DISTINCT customer FROM public.orders;
CREATE INDEX customers_customer ON public.customers (customer);
`;

describe('mutations: CLUSTER ON', { timeout: SLOW }, () => {
  it('set by hand on a table clustered on nothing', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER TABLE public.plain CLUSTER ON plain_pkey;' });
    expect(revision).toMatch(/op\.setClusterOn\(\{[^}]*to: null/);
  });

  it('taken off by hand', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER TABLE public.items SET WITHOUT CLUSTER;' });
    expect(revision).toMatch(/op\.setClusterOn\(\{[^}]*to: 'items_pk'/);
  });

  it('moved to another index by hand', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER TABLE public.orders CLUSTER ON orders_pkey;' });
    expect(revision).toMatch(/op\.setClusterOn\(\{[^}]*to: 'orders_customer'/);
  });

  it('its index redefined by hand: built again, and marked again, both ways', async () => {
    const mutation = `DROP INDEX public.orders_customer;
      CREATE INDEX orders_customer ON public.orders (customer, placed);
      ALTER TABLE public.orders CLUSTER ON orders_customer;`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    const downgrade = revision.slice(revision.indexOf('downgrade'));
    expect(upgrade.lastIndexOf('op.createIndex(')).toBeLessThan(upgrade.lastIndexOf('op.setClusterOn('));
    expect(downgrade.lastIndexOf('op.createIndex(')).toBeLessThan(downgrade.lastIndexOf('op.setClusterOn('));
  });

  it('set by hand on a materialized view, and a clustered one created again with another query', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'ALTER MATERIALIZED VIEW public.customers CLUSTER ON customers_customer;',
    });
    expect(revision).toMatch(/op\.setClusterOn\(\{[^}]*table: 'customers', to: null/);
    const recreated = await runMutation({
      base: `${base} ALTER MATERIALIZED VIEW public.customers CLUSTER ON customers_customer;`,
      mutation: `DROP MATERIALIZED VIEW public.customers;
        CREATE MATERIALIZED VIEW public.customers AS SELECT DISTINCT customer FROM public.orders WHERE customer > 0;`,
    });
    expect(recreated.revision).toContain("clusterOn: 'customers_customer'");
  });

  it('a clustered table dropped by hand: created again, clustered', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP TABLE public.items;' });
    expect(revision).toContain("clusterOn: 'items_pk'");
  });
});
