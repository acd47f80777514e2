import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { SLOW } from './mutations-objects-base.js';

/**
 * Casts: through a function, WITH INOUT, AS ASSIGNMENT, AS IMPLICIT, from
 * an enum and from a domain (which Postgres accepts with a warning). Autogenerate
 * from the pulled base undoes each change, the downgrade re-applies it, and
 * nothing is left to generate afterwards (see test/helpers/mutation.ts).
 */
const base = `
CREATE DOMAIN public.money_t AS numeric(12,2);
CREATE TYPE public.mood AS ENUM ('ok', 'sad');
CREATE FUNCTION public.money_to_text(m public.money_t) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT m::numeric::text $$;
CREATE FUNCTION public.mood_to_int(m public.mood) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT CASE m WHEN 'ok' THEN 1 ELSE 0 END $$;
CREATE TABLE public.account (id integer PRIMARY KEY, balance public.money_t, mood public.mood);
CREATE CAST (public.mood AS integer) WITH FUNCTION public.mood_to_int(public.mood);
CREATE CAST (public.mood AS text) WITH INOUT AS ASSIGNMENT;
`;

describe('mutations: casts', { timeout: SLOW }, () => {
  it('a cast through a function added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'CREATE CAST (public.money_t AS text) WITH FUNCTION public.money_to_text(public.money_t);',
    });
    expect(revision).toContain('op.dropCast(');
  });

  it('a cast WITH INOUT AS ASSIGNMENT added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'CREATE CAST (public.mood AS bigint) WITH INOUT AS ASSIGNMENT;',
    });
    expect(revision).toContain('op.dropCast(');
  });

  it('a cast dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP CAST (public.mood AS integer);' });
    expect(revision).toContain('op.createCast(');
  });

  it("a cast's context changed: dropped and created again", async () => {
    const mutation = 'DROP CAST (public.mood AS text); CREATE CAST (public.mood AS text) WITH INOUT AS IMPLICIT;';
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropCast(')).toBeLessThan(upgrade.indexOf('op.createCast('));
  });

  it('a comment on a cast added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: "COMMENT ON CAST (public.mood AS integer) IS 'ok is 1';",
    });
    expect(revision).toContain("on: 'cast', schema: '', name: 'public.mood', parent: 'integer'");
  });

  it('a commented cast dropped: the comment is removed before the cast and set after it comes back', async () => {
    const comment = "COMMENT ON CAST (public.mood AS text) IS 'the label';";
    const { revision } = await runMutation({
      base: `${base}\n${comment}`,
      mutation: 'DROP CAST (public.mood AS text);',
    });
    const downgrade = revision.slice(revision.indexOf('downgrade'));
    expect(downgrade.indexOf("on: 'cast'")).toBeLessThan(downgrade.indexOf('op.dropCast('));
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createCast(')).toBeLessThan(upgrade.indexOf("on: 'cast'"));
  });

  it('a cast dropped with its function: the function comes back before the cast', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'DROP CAST (public.mood AS integer); DROP FUNCTION public.mood_to_int(public.mood);',
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createFunction(')).toBeLessThan(upgrade.indexOf('op.createCast('));
  });

  // Named by no type or function of the model: not created in the scratch schemas, compared as declared.
  it('a cast between built-in types dropped', async () => {
    const { revision } = await runMutation({
      base: `${base}\nCREATE CAST (boolean AS bytea) WITH INOUT;`,
      mutation: 'DROP CAST (boolean AS bytea);',
    });
    expect(revision).toContain('op.createCast(');
  });

  it('a cast between built-in types added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'CREATE CAST (boolean AS bytea) WITH INOUT AS IMPLICIT;',
    });
    expect(revision).toContain('op.dropCast(');
  });

  it('the function a cast uses dropped and created again (a parameter renamed): the cast is dropped before and created after', async () => {
    const mutation = `DROP CAST (public.mood AS integer); DROP FUNCTION public.mood_to_int(public.mood);
      CREATE FUNCTION public.mood_to_int(x public.mood) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT CASE x WHEN 'ok' THEN 1 ELSE 0 END $$;
      CREATE CAST (public.mood AS integer) WITH FUNCTION public.mood_to_int(public.mood);`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropCast(')).toBeLessThan(upgrade.indexOf('op.dropFunction('));
    expect(upgrade.indexOf('op.createFunction(')).toBeLessThan(upgrade.indexOf('op.createCast('));
  });
});
