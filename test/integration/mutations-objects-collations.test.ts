import { expect, it } from 'vitest';
import { testTarget } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';
import { SLOW } from './mutations-objects-base.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Collations: a libc one and a nondeterministic ICU one used by a column and
 * an index key, and one nothing uses. Autogenerate from the pulled base
 * undoes each change, the downgrade re-applies it, and nothing is left to
 * generate afterwards (see test/helpers/mutation.ts). ICU collations need a
 * server built with ICU: PGlite has none.
 */
const base = `
CREATE SCHEMA extra;
CREATE COLLATION public.nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION public.plain_c (locale = 'C');
CREATE COLLATION extra.spare (provider = icu, locale = 'fr');
CREATE TABLE public.tag (
  id integer PRIMARY KEY,
  name text COLLATE public.nocase NOT NULL,
  label text
);
CREATE INDEX tag_label ON public.tag (label COLLATE public.plain_c);
`;

skipWhen(testTarget() !== 'server', 'PGlite is built without ICU, which the nondeterministic collation needs').describe(
  'mutations: collations',
  { timeout: SLOW },
  () => {
    it('a collation added', async () => {
      const { revision } = await runMutation({
        base,
        mutation: "CREATE COLLATION public.posix_split (lc_collate = 'C', lc_ctype = 'POSIX');",
      });
      expect(revision).toContain('op.dropCollation(');
    });

    it('a collation dropped', async () => {
      const { revision } = await runMutation({ base, mutation: 'DROP COLLATION extra.spare;' });
      expect(revision).toContain(
        "op.createCollation({ collation: { schema: 'extra', name: 'spare', provider: 'icu', locale: 'fr' } })",
      );
    });

    it('a collation nothing uses changed: dropped and created again', async () => {
      const { revision } = await runMutation({
        base,
        mutation: "DROP COLLATION extra.spare; CREATE COLLATION extra.spare (provider = icu, locale = 'de');",
      });
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade.indexOf('op.dropCollation(')).toBeLessThan(upgrade.indexOf('op.createCollation('));
    });

    it('a column and an index using collations dropped with them: the collations come back first', async () => {
      const mutation = 'DROP TABLE public.tag; DROP COLLATION public.nocase; DROP COLLATION public.plain_c;';
      const { revision } = await runMutation({ base, mutation });
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade.indexOf('op.createCollation(')).toBeLessThan(upgrade.indexOf('op.createTable('));
      const downgrade = revision.slice(revision.indexOf('downgrade'));
      expect(downgrade.indexOf('op.dropTable(')).toBeLessThan(downgrade.indexOf('op.dropCollation('));
    });

    it('a comment on a collation added', async () => {
      const { revision } = await runMutation({
        base,
        mutation: "COMMENT ON COLLATION public.nocase IS 'case-insensitive';",
      });
      expect(revision).toContain("on: 'collation', schema: 'public', name: 'nocase'");
    });

    it('a commented collation changed: the comment is removed before the drop and set after the create', async () => {
      const comment = "COMMENT ON COLLATION extra.spare IS 'spare';";
      const { revision } = await runMutation({
        base: `${base}\n${comment}`,
        mutation: `DROP COLLATION extra.spare; CREATE COLLATION extra.spare (provider = icu, locale = 'de'); ${comment}`,
      });
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade.indexOf("on: 'collation'")).toBeLessThan(upgrade.indexOf('op.dropCollation('));
      expect(upgrade.lastIndexOf("on: 'collation'")).toBeGreaterThan(upgrade.indexOf('op.createCollation('));
    });

    it('a column moved to another collation', async () => {
      await runMutation({
        base,
        mutation: 'ALTER TABLE public.tag ALTER COLUMN label TYPE text COLLATE public.nocase;',
      });
    });
  },
);
