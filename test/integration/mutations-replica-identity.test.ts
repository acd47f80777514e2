import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { SLOW } from './mutations-objects-base.js';

/**
 * Replica identity (`ALTER TABLE ... REPLICA IDENTITY`): full, nothing, and
 * using one of the table's unique indexes. Autogenerate from the pulled base
 * undoes each change, the downgrade re-applies it, and nothing is left to
 * generate afterwards (see test/helpers/mutation.ts).
 */
const base = `
CREATE TABLE public.events (id integer PRIMARY KEY, payload text);
ALTER TABLE public.events REPLICA IDENTITY FULL;
CREATE TABLE public.accounts (id integer NOT NULL, email text NOT NULL, note text);
CREATE UNIQUE INDEX accounts_email ON public.accounts (email);
ALTER TABLE public.accounts REPLICA IDENTITY USING INDEX accounts_email;
CREATE TABLE public.plain (id integer PRIMARY KEY);
`;

describe('mutations: replica identity', { timeout: SLOW }, () => {
  it('set by hand on a table at the default', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER TABLE public.plain REPLICA IDENTITY NOTHING;' });
    expect(revision).toMatch(/op\.setReplicaIdentity\(\{[^}]*to: null/);
  });

  it('set back to the default by hand', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER TABLE public.events REPLICA IDENTITY DEFAULT;' });
    expect(revision).toMatch(/op\.setReplicaIdentity\(\{[^}]*to: 'full'/);
  });

  it('its index changed by hand: full instead', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER TABLE public.accounts REPLICA IDENTITY FULL;' });
    expect(revision).toContain("to: { index: 'accounts_email' }");
  });

  it('its index dropped by hand: the index is created before the identity uses it', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP INDEX public.accounts_email;' });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createIndex(')).toBeGreaterThan(-1);
    expect(upgrade.indexOf('op.createIndex(')).toBeLessThan(upgrade.indexOf('op.setReplicaIdentity('));
  });

  it('its index redefined by hand: built again, and the identity set on it again, both ways', async () => {
    const mutation = `ALTER TABLE public.accounts REPLICA IDENTITY DEFAULT;
      DROP INDEX public.accounts_email;
      CREATE UNIQUE INDEX accounts_email ON public.accounts (email, id);
      ALTER TABLE public.accounts REPLICA IDENTITY USING INDEX accounts_email;`;
    const { revision } = await runMutation({ base, mutation });
    const downgrade = revision.slice(revision.indexOf('downgrade'));
    expect(downgrade.lastIndexOf('op.createIndex(')).toBeLessThan(downgrade.lastIndexOf('op.setReplicaIdentity('));
  });

  it('a table with a replica identity dropped by hand: created again with it', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP TABLE public.events;' });
    expect(revision).toContain("replicaIdentity: 'full'");
  });
});
