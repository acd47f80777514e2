import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { OBJECTS_BASE, SLOW } from './mutations-objects-base.js';

/**
 * One object of each kind renamed in the database: autogenerate, told with
 * `--rename` that the model's name is the same object, renames it back (no
 * drop, no create), the downgrade renames it again, and nothing is left to
 * generate afterwards (see test/helpers/mutation.ts).
 */
const base = `${OBJECTS_BASE}
CREATE TYPE public.mood AS ENUM ('happy', 'sad');
ALTER TABLE public.customer ADD COLUMN mood public.mood;
CREATE PROCEDURE public.reset_orders() LANGUAGE sql AS $$ DELETE FROM public.orders $$;
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_own ON public.orders USING (customer_id > 0);
`;

const CASES: [kind: string, mutation: string, rename: string, call: string][] = [
  ['schema', 'ALTER SCHEMA reporting RENAME TO reports;', 'schema:reports=reporting', 'op.renameSchema('],
  ['table', 'ALTER TABLE public.customer RENAME TO client;', 'client=customer', 'op.renameTable('],
  [
    'column',
    'ALTER TABLE public.customer RENAME COLUMN name TO full_name;',
    'customer.full_name=name',
    'op.renameColumn(',
  ],
  ['enum', 'ALTER TYPE public.mood RENAME TO feeling;', 'enum:feeling=mood', "object: 'enum'"],
  ['domain', 'ALTER DOMAIN public.positive_int RENAME TO pos_int;', 'domain:pos_int=positive_int', "object: 'domain'"],
  [
    'sequence',
    'ALTER SEQUENCE public.order_no RENAME TO order_number;',
    'sequence:order_number=order_no',
    "object: 'sequence'",
  ],
  [
    'view',
    'ALTER VIEW public.big_customers RENAME TO top_customers;',
    'view:top_customers=big_customers',
    "object: 'view'",
  ],
  [
    'materialized view',
    'ALTER MATERIALIZED VIEW public.order_stats RENAME TO order_counts;',
    'materialized-view:order_counts=order_stats',
    "object: 'materializedView'",
  ],
  [
    'function',
    'ALTER FUNCTION public.order_total(integer) RENAME TO customer_total;',
    'function:customer_total=order_total',
    "object: 'function'",
  ],
  [
    'procedure',
    'ALTER PROCEDURE public.reset_orders() RENAME TO clear_orders;',
    'procedure:clear_orders=reset_orders',
    "object: 'procedure'",
  ],
  [
    'index',
    'ALTER INDEX public.order_stats_customer RENAME TO order_stats_by_customer;',
    'index:order_stats_by_customer=order_stats_customer',
    'op.renameIndex(',
  ],
  [
    'constraint',
    'ALTER TABLE public.customer RENAME CONSTRAINT customer_pkey TO customer_pk;',
    'constraint:customer.customer_pk=customer_pkey',
    "object: 'constraint'",
  ],
  [
    'policy',
    'ALTER POLICY orders_own ON public.orders RENAME TO orders_positive;',
    'policy:orders.orders_positive=orders_own',
    "object: 'policy'",
  ],
  [
    'trigger',
    'ALTER TRIGGER orders_touch ON public.orders RENAME TO orders_touch_row;',
    'trigger:orders.orders_touch_row=orders_touch',
    "object: 'trigger'",
  ],
];

describe('mutations: renames', { timeout: SLOW }, () => {
  it.each(CASES)('renamed: %s', async (_kind, mutation, rename, call) => {
    const { revision } = await runMutation({ base, mutation, revisionArgs: ['--rename', rename] });
    const upgrade = revision.slice(0, revision.indexOf('export async function downgrade'));
    expect(upgrade).toContain(call);
    expect(revision).not.toMatch(/op\.(drop|create)\w*\(|op\.addColumn\(/);
  });
});
