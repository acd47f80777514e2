import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { queryRows } from '../helpers/database.js';
import { SLOW } from './mutations-objects-base.js';

/**
 * Single changes to composite types: autogenerate from the pulled base undoes
 * each, the downgrade re-applies it, and nothing is left to generate
 * afterwards (see test/helpers/mutation.ts). The base has composite types
 * using an enum, a domain, another composite type and arrays, one with a
 * collation, one in another schema, held by table columns, passed to a
 * function and commented.
 */
const base = `
CREATE SCHEMA geo;
CREATE TYPE public.mood AS ENUM ('ok', 'sad');
CREATE DOMAIN public.posint AS integer CHECK (VALUE > 0);
CREATE TYPE public.address AS (street text, zip varchar(10) COLLATE "C", mood public.mood);
CREATE TYPE geo.point2 AS (x double precision, y double precision);
CREATE TYPE public.shipment AS (dest public.address, weight public.posint, tags text[]);
CREATE TYPE public.spare AS (a integer, b text);
CREATE TABLE public.customer (id integer PRIMARY KEY, home public.address, places geo.point2[]);
INSERT INTO public.customer VALUES (1, ROW('Main St', '12345', 'ok'), ARRAY[ROW(1, 2)::geo.point2]);
CREATE FUNCTION public.zip_of(a public.address) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT a.zip $$;
COMMENT ON TYPE public.address IS 'A postal address';
`;

function upgradeOf(revision: string): string {
  return revision.slice(0, revision.indexOf('downgrade'));
}

describe('mutations: composite types', { timeout: SLOW }, () => {
  it('a composite type added', async () => {
    const { revision } = await runMutation({ base, mutation: 'CREATE TYPE public.extra AS (a integer, b text);' });
    expect(revision).toContain('op.dropCompositeType(');
  });

  it('a composite type dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP TYPE public.spare;' });
    expect(revision).toContain('op.createCompositeType(');
  });

  it('an attribute added to a type a table column holds: dropping it is data loss', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER TYPE public.address ADD ATTRIBUTE city text;' });
    expect(upgradeOf(revision)).toContain('op.dropCompositeAttribute(');
    expect(upgradeOf(revision)).toContain("usedBy: ['public.customer.home']");
  });

  it('a comment on an attribute added', async () => {
    const { revision } = await runMutation({ base, mutation: "COMMENT ON COLUMN public.spare.b IS 'the b';" });
    expect(upgradeOf(revision)).toContain('op.setComment(');
  });

  it('a type with a commented attribute added: the comment is removed before the type', async () => {
    const { revision } = await runMutation({
      base,
      mutation: "CREATE TYPE public.extra AS (a integer); COMMENT ON COLUMN public.extra.a IS 'the a';",
    });
    const upgrade = upgradeOf(revision);
    expect(upgrade.indexOf('op.setComment(')).toBeGreaterThan(-1);
    expect(upgrade.indexOf('op.setComment(')).toBeLessThan(upgrade.indexOf('op.dropCompositeType('));
  });

  it('a commented attribute added: the comment is removed before the attribute', async () => {
    const { revision } = await runMutation({
      base,
      mutation: "ALTER TYPE public.spare ADD ATTRIBUTE c text; COMMENT ON COLUMN public.spare.c IS 'the c';",
    });
    const upgrade = upgradeOf(revision);
    expect(upgrade.indexOf('op.setComment(')).toBeGreaterThan(-1);
    expect(upgrade.indexOf('op.setComment(')).toBeLessThan(upgrade.indexOf('op.dropCompositeAttribute('));
  });

  it('its last attribute dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'ALTER TYPE public.address DROP ATTRIBUTE mood;' });
    expect(upgradeOf(revision)).toContain('op.addCompositeAttribute(');
  });

  it('an attribute retyped', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'ALTER TYPE public.spare ALTER ATTRIBUTE a TYPE bigint;',
    });
    expect(revision).toContain('op.alterCompositeAttribute(');
  });

  it('its attributes in another order: nothing holds it, so it is created again', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'DROP TYPE public.spare; CREATE TYPE public.spare AS (b text, a integer);',
    });
    expect(upgradeOf(revision)).toMatch(/op\.dropCompositeType\([\s\S]*op\.createCompositeType\(/);
  });

  it('a new table with a column of a new composite type: the type is created first and dropped last', async () => {
    const mutation =
      'CREATE TYPE public.dims AS (w integer, h integer); CREATE TABLE public.box (id integer, d public.dims, ds public.dims[]);';
    const { revision } = await runMutation({ base, mutation });
    const upgrade = upgradeOf(revision);
    expect(upgrade.indexOf('op.dropTable(')).toBeLessThan(upgrade.indexOf('op.dropCompositeType('));
  });

  it('a column of a composite type added', async () => {
    await runMutation({ base, mutation: 'ALTER TABLE public.customer ADD COLUMN work public.address;' });
  });

  it('a domain over a new composite type, and a composite type over that domain', async () => {
    const mutation = `CREATE TYPE public.pair AS (a integer, b integer);
      CREATE DOMAIN public.pair_d AS public.pair CHECK ((VALUE).a IS NOT NULL);
      CREATE TYPE public.pairs AS (p public.pair_d, q public.pair);`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = upgradeOf(revision);
    expect(upgrade.indexOf("name: 'pairs'")).toBeLessThan(upgrade.indexOf("name: 'pair_d'"));
    expect(upgrade.indexOf("name: 'pair_d'")).toBeLessThan(upgrade.indexOf("name: 'pair'"));
  });

  it("a domain over a table's row type: created after the table, dropped before it", async () => {
    const mutation = 'CREATE TABLE public.item (id integer, name text); CREATE DOMAIN public.item_d AS public.item;';
    const { revision } = await runMutation({ base, mutation });
    const upgrade = upgradeOf(revision);
    expect(upgrade.indexOf('op.dropDomain(')).toBeLessThan(upgrade.indexOf('op.dropTable('));
  });

  it('a function taking a new composite type', async () => {
    const mutation =
      'CREATE TYPE public.pt AS (x integer); CREATE FUNCTION public.px(p public.pt) RETURNS integer LANGUAGE sql AS $$ SELECT p.x $$;';
    const { revision } = await runMutation({ base, mutation });
    const upgrade = upgradeOf(revision);
    expect(upgrade.indexOf('op.dropFunction(')).toBeLessThan(upgrade.indexOf('op.dropCompositeType('));
  });

  it('its comment changed', async () => {
    const { revision } = await runMutation({
      base,
      mutation: "COMMENT ON TYPE public.address IS 'Where to ship'; COMMENT ON TYPE geo.point2 IS 'A point';",
    });
    expect(revision).toContain('op.setComment(');
  });
  it('one a column and a function hold renamed by hand: renamed back with --rename, rows kept', async () => {
    const { revision, url } = await runMutation({
      base,
      mutation: 'ALTER TYPE public.address RENAME TO postal;',
      revisionArgs: ['--rename', 'composite:postal=address'],
    });
    expect(revision).toMatch(/op\.renameObject\(\{[^}]*object: 'composite'/);
    expect(revision).not.toContain('op.dropCompositeType(');
    expect(await queryRows(url, 'SELECT (home).street FROM public.customer')).toEqual([{ street: 'Main St' }]);
  });
});
