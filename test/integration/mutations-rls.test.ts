import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';

/**
 * Single changes to row-level security and policies: autogenerate from the pulled base undoes each,
 * the downgrade re-applies it, and nothing is left to generate afterwards
 * (see test/helpers/mutation.ts).
 */

const RLS_BASE = `
CREATE TABLE public.doc (
  id integer PRIMARY KEY,
  owner text NOT NULL,
  public boolean NOT NULL DEFAULT false
);
CREATE TABLE public.member (name text PRIMARY KEY);
ALTER TABLE public.doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_owner ON public.doc USING (owner = current_user);
CREATE POLICY doc_insert ON public.doc AS RESTRICTIVE FOR INSERT TO postgres WITH CHECK (owner = current_user);`;

// Each mutation runs the CLI eight times; PGlite on a busy machine needs more than the default minute.
describe('mutations: row-level security and policies', { timeout: 240_000 }, () => {
  it('row-level security disabled', async () => {
    await runMutation({ base: RLS_BASE, mutation: 'ALTER TABLE public.doc DISABLE ROW LEVEL SECURITY;' });
  });

  it('row-level security forced', async () => {
    await runMutation({ base: RLS_BASE, mutation: 'ALTER TABLE public.doc FORCE ROW LEVEL SECURITY;' });
  });

  it('row-level security enabled on another table', async () => {
    await runMutation({ base: RLS_BASE, mutation: 'ALTER TABLE public.member ENABLE ROW LEVEL SECURITY;' });
  });

  it('a policy dropped', async () => {
    await runMutation({ base: RLS_BASE, mutation: 'DROP POLICY doc_owner ON public.doc;' });
  });

  it('a policy added, with a subquery on another table', async () => {
    const mutation = `CREATE POLICY doc_members ON public.doc FOR SELECT
      USING (public OR EXISTS (SELECT 1 FROM public.member m WHERE m.name = doc.owner));`;
    await runMutation({ base: RLS_BASE, mutation });
  });

  it('a policy expression changed', async () => {
    await runMutation({
      base: RLS_BASE,
      mutation: 'ALTER POLICY doc_owner ON public.doc USING (owner = current_user OR public);',
    });
  });

  it('a comment on a policy added, and a commented policy dropped', async () => {
    const comment = "COMMENT ON POLICY doc_insert ON public.doc IS 'owners only';";
    const { revision } = await runMutation({
      base: `${RLS_BASE}\n${comment}`,
      mutation: `DROP POLICY doc_insert ON public.doc;
        COMMENT ON POLICY doc_owner ON public.doc IS 'their own';`,
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf("name: 'doc_owner'")).toBeGreaterThan(-1);
    expect(upgrade.indexOf('op.createPolicy(')).toBeLessThan(upgrade.lastIndexOf("on: 'policy'"));
  });

  it('a policy role changed', async () => {
    await runMutation({ base: RLS_BASE, mutation: 'ALTER POLICY doc_insert ON public.doc TO PUBLIC;' });
  });

  it('a new table with row-level security forced and a policy', async () => {
    const mutation = `
      CREATE TABLE public.secret (id integer PRIMARY KEY, owner text);
      ALTER TABLE public.secret ENABLE ROW LEVEL SECURITY;
      ALTER TABLE public.secret FORCE ROW LEVEL SECURITY;
      CREATE POLICY secret_owner ON public.secret FOR UPDATE USING (owner = current_user) WITH CHECK (owner IS NOT NULL);`;
    await runMutation({ base: RLS_BASE, mutation });
  });
});
