import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';

/**
 * Single changes to tables that inherit (`INHERITS`): autogenerate from the
 * pulled base undoes each, the downgrade re-applies it, and nothing is left to
 * generate afterwards (see test/helpers/mutation.ts).
 */

const BASE = `
CREATE TABLE public.parent (id integer NOT NULL, name text, note text, CONSTRAINT parent_name_check CHECK (name <> ''));
CREATE TABLE public.child (extra integer) INHERITS (public.parent);
CREATE TABLE public.grandchild (deep boolean) INHERITS (public.child);
CREATE TABLE public.loner (id integer NOT NULL, name text, note text, CONSTRAINT parent_name_check CHECK (name <> ''), extra integer);
CREATE TABLE public.adopted (id integer NOT NULL, name text, note text, CONSTRAINT parent_name_check CHECK (name <> ''));
ALTER TABLE public.adopted INHERIT public.parent;`;

describe('mutations: table inheritance', { timeout: 240_000 }, () => {
  it('a column added to the parent reaches its children: no column added to them', async () => {
    const { revision } = await runMutation({ base: BASE, mutation: 'ALTER TABLE public.parent DROP COLUMN note;' });
    expect(revision.match(/op\.addColumn\(/g)).toHaveLength(1);
    expect(revision).toContain("table: 'parent'");
    expect(revision).not.toMatch(/table: '(child|grandchild|adopted)'/);
  });

  it('a table that no longer inherits: INHERIT', async () => {
    const { revision } = await runMutation({
      base: BASE,
      mutation: 'ALTER TABLE public.adopted NO INHERIT public.parent;',
    });
    expect(revision).toContain('op.inheritTable(');
    expect(revision).toContain('op.noInheritTable(');
    expect(revision).not.toMatch(/op\.(add|drop)Column\(/);
  });

  it('a table that inherits: NO INHERIT', async () => {
    const { revision } = await runMutation({ base: BASE, mutation: 'ALTER TABLE public.loner INHERIT public.parent;' });
    expect(revision.indexOf('op.noInheritTable(')).toBeLessThan(revision.indexOf('op.inheritTable('));
    expect(revision).not.toMatch(/op\.(add|drop)Column\(/);
  });

  it("a table to inherit lacks the parent's column and check: they are added to it before INHERIT", async () => {
    const mutation = `ALTER TABLE public.adopted NO INHERIT public.parent;
      ALTER TABLE public.adopted DROP COLUMN note;
      ALTER TABLE public.adopted DROP CONSTRAINT parent_name_check;`;
    const { revision } = await runMutation({ base: BASE, mutation });
    const inherit = revision.indexOf('op.inheritTable(');
    expect(revision.indexOf('op.addColumn(')).toBeLessThan(inherit);
    expect(revision.indexOf('op.addConstraint(')).toBeLessThan(inherit);
  });

  it('a new child table', async () => {
    await runMutation({ base: BASE, mutation: 'CREATE TABLE public.child2 (x integer) INHERITS (public.parent);' });
  });

  it('the whole hierarchy dropped', async () => {
    const { revision } = await runMutation({ base: BASE, mutation: 'DROP TABLE public.parent CASCADE;' });
    expect(revision.indexOf("name: 'parent'")).toBeLessThan(revision.indexOf("name: 'child'"));
    expect(revision.indexOf("name: 'child'")).toBeLessThan(revision.indexOf("name: 'grandchild'"));
  });

  it('a NO INHERIT check added to the parent', async () => {
    await runMutation({
      base: BASE,
      mutation: 'ALTER TABLE public.parent ADD CONSTRAINT parent_id_check CHECK (id > 0) NO INHERIT;',
    });
  });

  it('a check added to the parent reaches its children', async () => {
    const { revision } = await runMutation({
      base: BASE,
      mutation: 'ALTER TABLE public.parent DROP CONSTRAINT parent_name_check;',
    });
    expect(revision).not.toMatch(/table: '(child|grandchild)'/);
  });

  it('a child table dropped and its parent kept', async () => {
    await runMutation({ base: BASE, mutation: 'DROP TABLE public.grandchild;' });
  });
});
