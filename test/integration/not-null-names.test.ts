import { expect, inject, it } from 'vitest';
import { createTestDatabase, runSql } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * NOT NULL constraint names, which PostgreSQL 18 keeps: pulled where they
 * are not Postgres' own, created, renamed and renamed back (the catalog
 * comparison of test/helpers/fixtures.ts includes them). Older servers have
 * none, so these cases run on 18 and later only.
 */
const named = (inject('serverVersion') ?? 0) >= 180000;

const BASE = `
CREATE TABLE public.account (
  id integer PRIMARY KEY,
  email text CONSTRAINT account_email_required NOT NULL,
  nick text NOT NULL,
  note text
);
CREATE TABLE public.event (id integer NOT NULL, at date CONSTRAINT event_when NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE public.event_2024 PARTITION OF public.event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.event_2025 (id integer NOT NULL, at date NOT NULL, kind text CONSTRAINT own_kind NOT NULL);
ALTER TABLE public.event ATTACH PARTITION public.event_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`;

/** A partitioned table whose partitions, one partitioned in turn, name their own NOT NULL constraints on u. */
const OWN_NAMED_TREE = `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, u integer CONSTRAINT p_u_named NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.p1 (id integer NOT NULL, at date NOT NULL, u integer CONSTRAINT p1_u_own NOT NULL);
ALTER TABLE public.p ATTACH PARTITION public.p1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 PARTITION OF public.p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.p3 (id integer NOT NULL, at date NOT NULL, u integer CONSTRAINT p3_u_own NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.p3a (id integer NOT NULL, at date NOT NULL, u integer CONSTRAINT p3a_u_own NOT NULL);
ALTER TABLE public.p3 ATTACH PARTITION public.p3a FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
CREATE TABLE public.p3b PARTITION OF public.p3 FOR VALUES FROM ('2026-07-01') TO ('2027-01-01');
ALTER TABLE public.p ATTACH PARTITION public.p3 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`;

skipWhen(!named, 'needs a PostgreSQL 18 server: named NOT NULL constraints').describe(
  'NOT NULL constraint names (PostgreSQL 18)',
  { timeout: 240_000 },
  () => {
    it("pulls the names that are not Postgres' own, for tables and partitions", async () => {
      const db = await createTestDatabase('athanor_nn_pull');
      await runSql(db.url, BASE);
      const project = tempProject(db.url);
      expect((await project.migrate('pull')).code).toBe(0);
      const models = project.read('models.ts');
      expect(models).toContain("email: text().notNull({ name: 'account_email_required' })");
      expect(models).toContain('nick: text().notNull(),');
      expect(models).toContain("at: date().notNull({ name: 'event_when' })");
      expect(models).toContain("id: { notNullName: 'event_2025_id_not_null' }");
      expect(models).toContain("kind: { notNull: true, notNullName: 'own_kind' }");
      expect(models).not.toContain('event_2024_');
      const check = await project.migrate('check');
      expect(check.stdout + check.stderr).not.toContain('not written');
      expect(check.code).toBe(0);
    });

    it("a table's constraint renamed", async () => {
      await runMutation({
        base: BASE,
        mutation: 'ALTER TABLE public.account RENAME CONSTRAINT account_email_required TO other_name;',
      });
    });

    it("a table's default-named constraint renamed, and a parent's that its partitions follow", async () => {
      await runMutation({
        base: BASE,
        mutation: `ALTER TABLE public.account RENAME CONSTRAINT account_nick_not_null TO nick_named;
        ALTER TABLE public.account RENAME CONSTRAINT account_email_required TO account_email_not_null;`,
      });
    });

    it('a column made nullable, and a column made NOT NULL under a name', async () => {
      await runMutation({
        base: BASE,
        mutation: `ALTER TABLE public.account ALTER COLUMN email DROP NOT NULL;
        ALTER TABLE public.account ADD CONSTRAINT note_named NOT NULL note;`,
      });
    });

    it('comments on NOT NULL constraints: pulled, changed, and gone with a column made nullable', async () => {
      const comments = `COMMENT ON CONSTRAINT account_email_required ON public.account IS 'named';
      COMMENT ON CONSTRAINT account_nick_not_null ON public.account IS 'default name';`;
      const { revision } = await runMutation({
        base: `${BASE}\n${comments}`,
        mutation: `COMMENT ON CONSTRAINT account_email_required ON public.account IS 'renamed';
        ALTER TABLE public.account ALTER COLUMN nick DROP NOT NULL;`,
      });
      // Upgrade: the constraint comes back with SET NOT NULL, then its comment; downgrade: the comment goes first.
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade.indexOf('op.alterColumn(')).toBeLessThan(upgrade.indexOf("name: 'account_nick_not_null'"));
      const downgrade = revision.slice(revision.indexOf('downgrade'));
      expect(downgrade.indexOf("name: 'account_nick_not_null'")).toBeLessThan(downgrade.indexOf('op.alterColumn('));
    });

    it("a partition's own constraint renamed", async () => {
      await runMutation({
        base: BASE,
        mutation: 'ALTER TABLE public.event_2025 RENAME CONSTRAINT own_kind TO other_kind;',
      });
    });

    it("a parent's NOT NULL dropped while partitions keep their own, one merged by it and one attached with it", async () => {
      await runMutation({
        base: `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, w integer) PARTITION BY RANGE (at);
CREATE TABLE public.p1 PARTITION OF public.p (w NOT NULL) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 (id integer NOT NULL, at date NOT NULL, w integer NOT NULL);
ALTER TABLE public.p ATTACH PARTITION public.p2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.p3 PARTITION OF public.p FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
        mutation: `ALTER TABLE public.p DETACH PARTITION public.p2;
        ALTER TABLE public.p ALTER COLUMN w SET NOT NULL;
        ALTER TABLE public.p ATTACH PARTITION public.p2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
      });
    });

    // Postgres names a new column's NOT NULL in each partition after the parent's; one a partition names its own
    // must be there before the parent's, which then takes it over under its name.
    it('a NOT NULL column dropped from a partitioned table whose partitions, one partitioned in turn, name their own', async () => {
      await runMutation({
        base: OWN_NAMED_TREE,
        mutation: 'ALTER TABLE public.p DROP COLUMN u;',
      });
    });

    it('a NOT NULL column and partitions naming their own on it, one under a partition that stays, dropped by hand', async () => {
      // The revision adds the column to the top table, then creates the partitions naming it.
      await runMutation({
        base: `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, d integer NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.p1 PARTITION OF public.p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY RANGE (at);
CREATE TABLE public.p1a (id integer NOT NULL, at date NOT NULL, d integer CONSTRAINT p1a_d_own NOT NULL);
ALTER TABLE public.p1 ATTACH PARTITION public.p1a FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
CREATE TABLE public.p2 (id integer NOT NULL, at date NOT NULL, d integer CONSTRAINT p2_d_own NOT NULL);
ALTER TABLE public.p ATTACH PARTITION public.p2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
        mutation: 'DROP TABLE public.p1a; DROP TABLE public.p2; ALTER TABLE public.p DROP COLUMN d;',
      });
    });

    it('a NOT NULL column whose partitions name their own, added by hand: the downgrade gives their names back', async () => {
      await runMutation({
        base: `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.p1 PARTITION OF public.p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 PARTITION OF public.p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
        mutation: `ALTER TABLE public.p ADD COLUMN u integer;
        ALTER TABLE public.p1 ADD CONSTRAINT p1_u_own NOT NULL u;
        ALTER TABLE public.p ALTER COLUMN u SET NOT NULL;`,
      });
    });

    it("a partitioned table's column made nullable by hand whose partitions named their own: SET NOT NULL gives them back", async () => {
      await runMutation({
        base: `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, u integer) PARTITION BY RANGE (at);
CREATE TABLE public.p1 PARTITION OF public.p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 PARTITION OF public.p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY RANGE (at);
CREATE TABLE public.p2a PARTITION OF public.p2 FOR VALUES FROM ('2025-01-01') TO ('2025-07-01');
ALTER TABLE public.p1 ADD CONSTRAINT p1_u_own NOT NULL u;
ALTER TABLE public.p2a ADD CONSTRAINT p2a_u_own NOT NULL u;
ALTER TABLE public.p2 ADD CONSTRAINT p2_u_own NOT NULL u;
ALTER TABLE public.p ALTER COLUMN u SET NOT NULL;`,
        mutation: `ALTER TABLE public.p ALTER COLUMN u DROP NOT NULL;
        ALTER TABLE public.p2 ALTER COLUMN u DROP NOT NULL;
        ALTER TABLE public.p1 ALTER COLUMN u DROP NOT NULL;
        ALTER TABLE public.p2a ALTER COLUMN u DROP NOT NULL;`,
      });
    });

    // A partition attached with its own constraint has it inherited: its parent's DROP NOT NULL drops it too.
    it("a parent's NOT NULL dropped where partitions have theirs under other names, one attached with it", async () => {
      await runMutation({
        base: `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, w integer) PARTITION BY RANGE (at);
CREATE TABLE public.p1 PARTITION OF public.p (w CONSTRAINT p1_w_named NOT NULL) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 (id integer NOT NULL, at date NOT NULL, w integer CONSTRAINT p2_w_named NOT NULL);
ALTER TABLE public.p ATTACH PARTITION public.p2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
        mutation: `ALTER TABLE public.p DETACH PARTITION public.p2;
        ALTER TABLE public.p ALTER COLUMN w SET NOT NULL;
        ALTER TABLE public.p ATTACH PARTITION public.p2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
      });
    });

    // A partition attached with constraints under its default names has them inherited from its parent,
    // which Postgres renames neither on the partition alone nor through a parent whose partition names it
    // otherwise: the renames leave those names, the revision runs both ways, and autogenerate reports them.
    const ATTACHED = `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, w integer) PARTITION BY RANGE (at);
CREATE TABLE public.p2 (id integer NOT NULL, at date NOT NULL, w integer NOT NULL);
ALTER TABLE public.p ATTACH PARTITION public.p2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`;

    async function renamesLeavingInherited(mutation: string, rename: string, reported: string): Promise<void> {
      const base = await createTestDatabase('athanor_nn_inh_base');
      const mutated = await createTestDatabase('athanor_nn_inh_mutated');
      await runSql(base.url, ATTACHED);
      await runSql(mutated.url, ATTACHED);
      await runSql(mutated.url, mutation);
      const fromBase = tempProject(base.url);
      expect((await fromBase.migrate('pull')).code).toBe(0);
      const project = tempProject(mutated.url);
      project.write('models.ts', fromBase.read('models.ts'));
      const generated = await project.migrate('revision', '--autogenerate', '-m', 'undo', '--rename', rename);
      expect(generated.stderr + generated.stdout).toContain(reported);
      expect(generated.code).toBe(0);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      expect((await project.migrate('downgrade', '-1')).code).toBe(0);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    }

    it('a partition renamed whose inherited NOT NULL constraints have its default names', async () => {
      await renamesLeavingInherited(
        `ALTER TABLE public.p DETACH PARTITION public.p2;
        ALTER TABLE public.p2 RENAME TO q2;
        ALTER TABLE public.q2 RENAME CONSTRAINT p2_id_not_null TO q2_id_not_null;
        ALTER TABLE public.q2 RENAME CONSTRAINT p2_at_not_null TO q2_at_not_null;
        ALTER TABLE public.q2 RENAME CONSTRAINT p2_w_not_null TO q2_w_not_null;
        ALTER TABLE public.p ATTACH PARTITION public.q2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
        'q2=p2',
        'the NOT NULL constraint q2_id_not_null of partition public.p2.id is inherited from its parent and cannot be renamed to p2_id_not_null',
      );
    });

    it("a partitioned table's column renamed where a partition names its inherited constraint otherwise", async () => {
      await renamesLeavingInherited(
        `ALTER TABLE public.p DETACH PARTITION public.p2;
        ALTER TABLE public.p RENAME COLUMN id TO key;
        ALTER TABLE public.p2 RENAME COLUMN id TO key;
        ALTER TABLE public.p RENAME CONSTRAINT p_id_not_null TO p_key_not_null;
        ALTER TABLE public.p ATTACH PARTITION public.p2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
        'p.key=id',
        'the NOT NULL constraint p_key_not_null of public.p.id cannot be renamed to p_id_not_null',
      );
    });

    // Renames made outside Athanor left the names stale (Postgres keeps them): the revision's renames list
    // the constraints they rename (none here), so the downgrade's renames keep the stale names too.
    it('a column and a table renamed outside Athanor keep the NOT NULL names they left stale, both ways', async () => {
      await runMutation({
        base: BASE,
        mutation:
          'ALTER TABLE public.account RENAME COLUMN nick TO handle; ALTER TABLE public.account RENAME TO person;',
        revisionArgs: ['--rename', 'person=account', '--rename', 'account.handle=nick'],
      });
    });

    // Postgres' type change builds a partitioned table's NOT NULL constraints again, each partition's under the
    // table's name (by hand: made nullable from the top down, retyped, made NOT NULL again from the bottom up).
    it('a NOT NULL column of a partitioned table whose partitions, one partitioned in turn, name their own, retyped', async () => {
      await runMutation({
        base: `${OWN_NAMED_TREE}
INSERT INTO public.p VALUES (1, '2024-05-01', 1), (2, '2025-05-01', 2), (3, '2026-05-01', 3), (4, '2026-08-01', 4);`,
        mutation: `ALTER TABLE public.p ALTER COLUMN u DROP NOT NULL;
        ALTER TABLE public.p1 ALTER COLUMN u DROP NOT NULL;
        ALTER TABLE public.p3 ALTER COLUMN u DROP NOT NULL;
        ALTER TABLE public.p3a ALTER COLUMN u DROP NOT NULL;
        ALTER TABLE public.p ALTER COLUMN u TYPE bigint;
        ALTER TABLE public.p3a ADD CONSTRAINT p3a_u_own NOT NULL u;
        ALTER TABLE public.p3 ADD CONSTRAINT p3_u_own NOT NULL u;
        ALTER TABLE public.p1 ADD CONSTRAINT p1_u_own NOT NULL u;
        ALTER TABLE public.p ADD CONSTRAINT p_u_named NOT NULL u;`,
      });
    });

    it('a NOT NULL column whose partitions name their own, served by upgrade --expand: contract keeps their names', async () => {
      const { project } = await runMutation({
        base: `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, u integer NOT NULL DEFAULT 0) PARTITION BY RANGE (at);
CREATE TABLE public.p1 (id integer NOT NULL, at date NOT NULL, u integer CONSTRAINT p1_u_own NOT NULL DEFAULT 0);
ALTER TABLE public.p ATTACH PARTITION public.p1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 PARTITION OF public.p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
        mutation: 'ALTER TABLE public.p DROP COLUMN u;',
      });
      expect((await project.migrate('downgrade', '-1')).code).toBe(0);
      for (const step of [['upgrade', 'head', '--expand'], ['contract'], ['check']]) {
        const result = await project.migrate(...step);
        expect([step, result.code, result.stderr, result.stdout]).toEqual([step, 0, '', expect.any(String)]);
      }
    });

    it('a column and a table renamed with some NOT NULL names following them: the same names follow both ways', async () => {
      await runMutation({
        base: BASE,
        mutation: `ALTER TABLE public.account RENAME COLUMN nick TO handle;
        ALTER TABLE public.account RENAME CONSTRAINT account_nick_not_null TO account_handle_not_null;
        ALTER TABLE public.account RENAME TO person;
        ALTER TABLE public.person RENAME CONSTRAINT account_id_not_null TO person_id_not_null;`,
        revisionArgs: ['--rename', 'person=account', '--rename', 'account.handle=nick'],
      });
    });

    // Postgres picks its default name with a numeric suffix when the schema has one already.
    const SUFFIXED = `
CREATE TABLE public.x (a integer CONSTRAINT t_a_not_null NOT NULL);
CREATE TABLE public.t (a integer NOT NULL, b integer NOT NULL);`;

    it('a name with a numeric suffix is pulled, and comes back when its column is made nullable and renamed', async () => {
      const db = await createTestDatabase('athanor_nn_suffix');
      await runSql(db.url, SUFFIXED);
      const project = tempProject(db.url);
      expect((await project.migrate('pull')).code).toBe(0);
      expect(project.read('models.ts')).toContain("a: integer().notNull({ name: 't_a_not_null1' })");
      await runMutation({
        base: SUFFIXED,
        mutation: `ALTER TABLE public.t ALTER COLUMN a DROP NOT NULL;
        ALTER TABLE public.t RENAME CONSTRAINT t_b_not_null TO b_named;`,
      });
    });
  },
);
