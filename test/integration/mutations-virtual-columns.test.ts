import { readdirSync } from 'node:fs';
import { expect, inject, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Virtual generated columns (`GENERATED ALWAYS AS (...) VIRTUAL`), which
 * PostgreSQL 18 brought: pulled as virtual, added, dropped, turned stored and
 * back, their expression and type changed in place, made plain and made again, each
 * undone by autogenerate and re-applied by the downgrade exactly (the
 * reflected model compared tells a stored column from a virtual one). Older
 * servers have none, so these cases run on 18 and later only; there, a model
 * declaring one is refused with a message naming PostgreSQL 18.
 */
const virtual = (inject('serverVersion') ?? 0) >= 180000;

/** Each case changes the last columns of a table (a column added again goes at the end), or sets one in place. */
const BASE = `
CREATE TABLE public.item (
  id integer PRIMARY KEY,
  qty integer NOT NULL,
  doubled integer GENERATED ALWAYS AS (qty * 2) VIRTUAL,
  CONSTRAINT item_doubled_positive CHECK (doubled >= 0)
);
CREATE TABLE public.priced (
  id integer PRIMARY KEY,
  price numeric NOT NULL,
  qty integer NOT NULL,
  total numeric GENERATED ALWAYS AS (price * qty) STORED
);
CREATE TABLE public.tagged (id integer PRIMARY KEY, label text GENERATED ALWAYS AS ('#' || id) VIRTUAL NOT NULL);
CREATE TABLE public.noted (id integer PRIMARY KEY, price numeric NOT NULL, note text);
CREATE TABLE public.spanned (id integer PRIMARY KEY, half numeric GENERATED ALWAYS AS (id / 2.0) VIRTUAL, note text);
CREATE TABLE public.sent (id integer PRIMARY KEY, twice integer GENERATED ALWAYS AS (id * 2) VIRTUAL);
CREATE PUBLICATION sent_changes FOR TABLE public.sent;
INSERT INTO public.item (id, qty) VALUES (1, 4), (2, 3);
INSERT INTO public.priced (id, price, qty) VALUES (1, 2.5, 4);
INSERT INTO public.tagged (id) VALUES (1);
INSERT INTO public.noted (id, price, note) VALUES (1, 2.5, 'a'), (2, 1, 'b');`;

const mutate = (mutation: string) => runMutation({ base: BASE, mutation });

skipWhen(!virtual, 'needs a PostgreSQL 18 server: virtual generated columns').describe(
  'mutations: virtual generated columns (PostgreSQL 18)',
  { timeout: 240_000 },
  () => {
    it('pulls a virtual column as virtual and a stored one as before, and check finds nothing', async () => {
      const db = await createTestDatabase('athanor_virtual_pull');
      await runSql(db.url, BASE);
      const project = tempProject(db.url);
      expect((await project.migrate('pull')).code).toBe(0);
      const models = project.read('models.ts');
      expect(models).toContain('doubled: integer().generatedAs(sql`(qty * 2)`, { virtual: true }),');
      expect(models).toMatch(/label: text\(\)\.generatedAs\(sql`[^`]*`, \{ virtual: true \}\)\.notNull\(\),/);
      expect(models).toMatch(/total: numeric\(\)\.generatedAs\(sql`[^`]*`\),/);
      expect(models).not.toMatch(/total: .*virtual/);
      const check = await project.migrate('check');
      expect(check.stdout + check.stderr).not.toContain('not written');
      expect(check.code).toBe(0);
    });

    it('a virtual column added', async () => {
      const { revision } = await mutate(
        'ALTER TABLE public.item ADD COLUMN tripled integer GENERATED ALWAYS AS (qty * 3) VIRTUAL;',
      );
      expect(revision).toContain('generatedVirtual: true');
    });

    it('a virtual column dropped', async () => {
      const { revision } = await mutate('ALTER TABLE public.item DROP COLUMN doubled;');
      expect(revision).toContain('generatedVirtual: true');
      // Adding a virtual column computes nothing: no rewrite is announced.
      expect(revision).not.toContain('a generated column doubled rewrites the table');
    });

    it('a stored column made virtual (dropped and added again)', async () => {
      const { revision } = await mutate(`
      ALTER TABLE public.priced DROP COLUMN total;
      ALTER TABLE public.priced ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) VIRTUAL;`);
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade).toContain('op.dropColumn(');
      expect(upgrade).not.toContain('generatedVirtual');
      expect(revision.slice(revision.indexOf('downgrade'))).toContain('generatedVirtual: true');
    });

    it('a virtual column made stored (dropped and added again)', async () => {
      const { revision } = await mutate(`
      ALTER TABLE public.item DROP COLUMN doubled;
      ALTER TABLE public.item ADD COLUMN doubled integer GENERATED ALWAYS AS (qty * 2) STORED;
      ALTER TABLE public.item ADD CONSTRAINT item_doubled_positive CHECK (doubled >= 0);`);
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade).toContain('generatedVirtual: true');
    });

    it("a virtual column's expression changed: set in place, where it stands, nothing rewritten", async () => {
      const { revision } = await mutate('ALTER TABLE public.spanned ALTER COLUMN half SET EXPRESSION AS (id / 3.0);');
      expect(revision).toContain("expression: '((id)::numeric / 2.0)'");
      expect(revision).not.toContain('op.dropColumn(');
      expect(revision).not.toContain('rewrites the table');
    });

    it("a virtual column's expression changed on a table with a check (dropped and added again)", async () => {
      // PostgreSQL 18 sets no virtual column's expression in place on a table with check constraints.
      const { revision } = await mutate(`
      ALTER TABLE public.item DROP COLUMN doubled;
      ALTER TABLE public.item ADD COLUMN doubled integer GENERATED ALWAYS AS (qty * 2 + 1) VIRTUAL;
      ALTER TABLE public.item ADD CONSTRAINT item_doubled_positive CHECK (doubled >= 0);`);
      expect(revision).toContain('op.dropColumn(');
    });

    it("a virtual column's expression changed on a published table (dropped and added again)", async () => {
      // Nor on a table a publication sends.
      const { revision } = await mutate(`
      ALTER TABLE public.sent DROP COLUMN twice;
      ALTER TABLE public.sent ADD COLUMN twice integer GENERATED ALWAYS AS (id * 3) VIRTUAL;`);
      expect(revision).toContain('op.dropColumn(');
    });

    it("a virtual column's type changed: in place, computed again", async () => {
      const { revision } = await mutate('ALTER TABLE public.tagged ALTER COLUMN label TYPE character varying(20);');
      expect(revision).toContain('computed: true');
      expect(revision).not.toContain('op.dropColumn(');
    });

    it('a virtual column made NOT NULL', async () => {
      await mutate('ALTER TABLE public.item ALTER COLUMN doubled SET NOT NULL;');
    });

    it('a virtual column turned into a plain one, and a plain one made virtual, keeping the values', async () => {
      // The upgrade makes doubled virtual again and note plain, which keeps the values note computed.
      const { url } = await mutate(`
      ALTER TABLE public.item DROP COLUMN doubled;
      ALTER TABLE public.item ADD COLUMN doubled integer;
      UPDATE public.item SET doubled = 0;
      ALTER TABLE public.item ADD CONSTRAINT item_doubled_positive CHECK (doubled >= 0);
      ALTER TABLE public.noted DROP COLUMN note;
      ALTER TABLE public.noted ADD COLUMN note text GENERATED ALWAYS AS (upper(price::text)) VIRTUAL;`);
      const doubled = await queryRows(url, 'SELECT id, doubled FROM public.item ORDER BY id');
      expect(doubled).toEqual([
        { id: 1, doubled: 8 },
        { id: 2, doubled: 6 },
      ]);
      const notes = await queryRows(url, 'SELECT id, note FROM public.noted ORDER BY id');
      expect(notes).toEqual([
        { id: 1, note: '2.5' },
        { id: 2, note: '1' },
      ]);
    });
  },
);

skipWhen(virtual || testTarget() !== 'server', 'needs a server older than PostgreSQL 18').describe(
  'virtual generated columns before PostgreSQL 18',
  () => {
    it('are refused by check and autogenerate, naming the version, and nothing is written', async () => {
      const db = await createTestDatabase('athanor_virtual_old');
      const project = tempProject(db.url);
      project.write(
        'models.ts',
        "import { defineMetadata, integer, sql } from 'athanor';\nexport const metadata = defineMetadata();\n" +
          "export const t = metadata.table('t', { id: integer().primaryKey(), doubled: integer().generatedAs(sql`id * 2`, { virtual: true }) });\n",
      );
      for (const argv of [['check'], ['revision', '--autogenerate', '-m', 'x']]) {
        const result = await project.migrate(...argv);
        expect(result.code).toBe(2);
        expect(readdirSync(project.versionsDir)).toEqual([]);
        expect(result.stderr).toMatch(
          /^error \[server-version\]: the model uses what PostgreSQL 1\d\.\d+, the server's version, does not have: column public\.t\.doubled is a virtual generated column, which needs PostgreSQL 18 or later; upgrade the server or leave the feature out of the model$/,
        );
      }
    });
  },
);
