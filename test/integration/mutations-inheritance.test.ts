import { describe, expect, inject, it } from 'vitest';
import { queryRows } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';
import { skipWhen } from '../helpers/skips.js';

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

  /*
   * A column that moves between a parent and one child keeps the child's values, and the child's columns
   * end as a fresh copy of the other side has them, in pg_dump's order and with what the child declares
   * itself: `ALTER TABLE ONLY parent DROP COLUMN` would keep the child's column where it was (pg_dump
   * would print it before the child's other columns), and `ADD COLUMN` on the parent would merge with the
   * child's own, which stays declared on the child (`attislocal`). So the values go through a second
   * column of the child, filled by an UPDATE of its rows (the `copied-column` hazard).
   */
  const MOVED_ROWS = 'SELECT tableoid::regclass::text AS t, id, note, x FROM public.child ORDER BY id';
  const MOVED_KEPT = [
    { t: 'child', id: 2, note: 'two', x: 20 },
    { t: 'child', id: 3, note: null, x: 30 },
  ];

  it("a column moved from the parent to one child, where it becomes the child's own: the child's rows keep it, both ways", async () => {
    // The model pulled from B (the base); A is B with the column in the parent instead, built as fresh.
    const base = `
      CREATE TABLE public.base (id integer);
      CREATE TABLE public.child (x integer, note text) INHERITS (public.base);`;
    const mutation = `
      DROP TABLE public.child;
      ALTER TABLE public.base ADD COLUMN note text;
      CREATE TABLE public.child (x integer) INHERITS (public.base);
      INSERT INTO public.base VALUES (1, NULL);
      INSERT INTO public.child VALUES (2, 'two', 20), (3, NULL, 30);`;
    const { url, project, revision } = await runMutation({ base, mutation });
    expect(revision).toContain('keptBy: [');
    expect(await queryRows(url, MOVED_ROWS)).toEqual(MOVED_KEPT);
    expect(await queryRows(url, 'SELECT id FROM ONLY public.base')).toEqual([{ id: 1 }]);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect(await queryRows(url, MOVED_ROWS)).toEqual(MOVED_KEPT);
    expect(await queryRows(url, 'SELECT id, note FROM ONLY public.base')).toEqual([{ id: 1, note: null }]);
  });

  it('a column moved from the parent to one child under a view reading it from the child: the view is dropped and created again around the move, both ways', async () => {
    const base = `
      CREATE TABLE public.base (id integer);
      CREATE TABLE public.child (x integer, note text) INHERITS (public.base);
      CREATE VIEW public.child_notes AS SELECT id, note FROM public.child;`;
    const mutation = `
      DROP VIEW public.child_notes;
      DROP TABLE public.child;
      ALTER TABLE public.base ADD COLUMN note text;
      CREATE TABLE public.child (x integer) INHERITS (public.base);
      CREATE VIEW public.child_notes AS SELECT id, note FROM public.child;
      INSERT INTO public.base VALUES (1, NULL);
      INSERT INTO public.child VALUES (2, 'two', 20), (3, NULL, 30);`;
    const { url, project, revision } = await runMutation({ base, mutation });
    expect(revision.indexOf('op.dropView(')).toBeLessThan(revision.indexOf('keptBy: ['));
    expect(await queryRows(url, MOVED_ROWS)).toEqual(MOVED_KEPT);
    expect(await queryRows(url, 'SELECT id, note FROM public.child_notes ORDER BY id')).toEqual([
      { id: 2, note: 'two' },
      { id: 3, note: null },
    ]);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect(await queryRows(url, MOVED_ROWS)).toEqual(MOVED_KEPT);
  });

  it("a child's own column moved to its parent under a view reading it from the child: the view is dropped and created again around the move", async () => {
    const base = `
      CREATE TABLE public.base (id integer, note text);
      CREATE TABLE public.child (x integer) INHERITS (public.base);
      CREATE VIEW public.child_notes AS SELECT id, note FROM public.child;`;
    const mutation = `
      DROP VIEW public.child_notes;
      DROP TABLE public.child;
      ALTER TABLE public.base DROP COLUMN note;
      CREATE TABLE public.child (x integer, note text) INHERITS (public.base);
      CREATE VIEW public.child_notes AS SELECT id, note FROM public.child;
      INSERT INTO public.child VALUES (2, 20, 'two'), (3, 30, NULL);`;
    const { url, revision } = await runMutation({ base, mutation });
    expect(revision.indexOf('op.dropView(')).toBeLessThan(revision.indexOf('takenFrom: ['));
    expect(await queryRows(url, MOVED_ROWS)).toEqual(MOVED_KEPT);
  });

  it("a child's own column moved to its parent, which the child then inherits: the child's rows keep it, both ways", async () => {
    const base = `
      CREATE TABLE public.base (id integer, note text);
      CREATE TABLE public.child (x integer) INHERITS (public.base);`;
    const mutation = `
      DROP TABLE public.child;
      ALTER TABLE public.base DROP COLUMN note;
      CREATE TABLE public.child (x integer, note text) INHERITS (public.base);
      INSERT INTO public.child VALUES (2, 20, 'two'), (3, 30, NULL);`;
    const { url, project, revision } = await runMutation({ base, mutation });
    expect(revision).toContain('takenFrom: [');
    expect(await queryRows(url, MOVED_ROWS)).toEqual(MOVED_KEPT);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect(await queryRows(url, MOVED_ROWS)).toEqual(MOVED_KEPT);
  });

  it("a NOT NULL column with a default and the child's index on it moved from the parent to the child, and back", async () => {
    const inParent = `
      CREATE TABLE public.base (id integer, note text NOT NULL DEFAULT '');
      CREATE TABLE public.child (x integer) INHERITS (public.base);
      CREATE INDEX child_note_idx ON public.child (note);`;
    const inChild = `
      CREATE TABLE public.base (id integer);
      CREATE TABLE public.child (x integer, note text NOT NULL DEFAULT '') INHERITS (public.base);
      CREATE INDEX child_note_idx ON public.child (note);`;
    const rows = 'SELECT id, note, x FROM public.child';
    const down = await runMutation({
      base: inChild,
      mutation: `
        DROP TABLE public.child;
        ALTER TABLE public.base ADD COLUMN note text NOT NULL DEFAULT '';
        CREATE TABLE public.child (x integer) INHERITS (public.base);
        CREATE INDEX child_note_idx ON public.child (note);
        INSERT INTO public.child VALUES (2, 'two', 20);`,
    });
    expect(await queryRows(down.url, rows)).toEqual([{ id: 2, note: 'two', x: 20 }]);
    const up = await runMutation({
      base: inParent,
      mutation: `
        DROP TABLE public.child;
        ALTER TABLE public.base DROP COLUMN note;
        CREATE TABLE public.child (x integer, note text NOT NULL DEFAULT '') INHERITS (public.base);
        CREATE INDEX child_note_idx ON public.child (note);
        INSERT INTO public.child VALUES (2, 20, 'two');`,
    });
    expect(await queryRows(up.url, rows)).toEqual([{ id: 2, note: 'two', x: 20 }]);
  });

  skipWhen(
    (inject('serverVersion') ?? 0) < 180000,
    'needs a PostgreSQL 18 server: NOT NULL constraints have names from 18 on',
  ).it("a child's own NOT NULL column moved to its parent keeps the parent's NOT NULL constraint's name", async () => {
    const { url } = await runMutation({
      base: `
        CREATE TABLE public.base (id integer, note text CONSTRAINT note_required NOT NULL);
        CREATE TABLE public.child (x integer) INHERITS (public.base);`,
      mutation: `
        DROP TABLE public.child;
        ALTER TABLE public.base DROP COLUMN note;
        CREATE TABLE public.child (x integer, note text CONSTRAINT note_required NOT NULL) INHERITS (public.base);
        INSERT INTO public.child VALUES (2, 20, 'two');`,
    });
    const names =
      "SELECT conrelid::regclass::text AS t, conname FROM pg_constraint WHERE contype = 'n' AND conrelid IN ('public.base'::regclass, 'public.child'::regclass) ORDER BY 1, 2";
    expect(await queryRows(url, names)).toEqual([
      { t: 'base', conname: 'note_required' },
      { t: 'child', conname: 'note_required' },
    ]);
  });

  skipWhen(
    (inject('serverVersion') ?? 0) < 180000,
    'needs a PostgreSQL 18 server: NOT NULL constraints have names from 18 on',
  ).it(
    "a child's own NOT NULL column named otherwise than its parent's, moved to the parent and back: each side keeps its names, both ways",
    async () => {
      const names =
        "SELECT conrelid::regclass::text AS t, conname FROM pg_constraint WHERE contype = 'n' AND conrelid IN ('public.base'::regclass, 'public.child'::regclass) ORDER BY 1, 2";
      const inParent = `
      CREATE TABLE public.base (id integer, note text CONSTRAINT note_required NOT NULL);
      CREATE TABLE public.child (x integer) INHERITS (public.base);`;
      const inChild = `
      CREATE TABLE public.base (id integer);
      CREATE TABLE public.child (x integer, note text CONSTRAINT child_note_own NOT NULL) INHERITS (public.base);`;
      const taken = await runMutation({
        base: inParent,
        mutation: `
        DROP TABLE public.child;
        ALTER TABLE public.base DROP COLUMN note;
        CREATE TABLE public.child (x integer, note text CONSTRAINT child_note_own NOT NULL) INHERITS (public.base);
        INSERT INTO public.child VALUES (2, 20, 'two');`,
      });
      expect(taken.revision).toContain('takenFrom: [');
      expect((await taken.project.migrate('downgrade', '-1')).code).toBe(0);
      expect(await queryRows(taken.url, names)).toEqual([{ t: 'child', conname: 'child_note_own' }]);
      const kept = await runMutation({
        base: inChild,
        mutation: `
        DROP TABLE public.child;
        ALTER TABLE public.base ADD COLUMN note text CONSTRAINT note_required NOT NULL;
        CREATE TABLE public.child (x integer) INHERITS (public.base);
        INSERT INTO public.child VALUES (2, 'two', 20);`,
      });
      expect(kept.revision).toContain('keptBy: [');
      expect(await queryRows(kept.url, names)).toEqual([{ t: 'child', conname: 'child_note_own' }]);
    },
  );

  it("a parent's column dropped under a child's index on it, the parent's name sorting first: the index goes first, and comes back after", async () => {
    await runMutation({
      base: 'CREATE TABLE public.a (id integer); CREATE TABLE public.b (x integer) INHERITS (public.a);',
      mutation: 'ALTER TABLE public.a ADD COLUMN note text; CREATE INDEX b_note_idx ON public.b (note);',
    });
  });
});
