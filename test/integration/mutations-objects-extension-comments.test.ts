import { expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { testTarget } from '../helpers/database.js';
import { SLOW } from './mutations-objects-base.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Comments on extensions other than the extension's own (its control
 * file's, which CREATE EXTENSION sets): changed, given back its own, and
 * set where there was none of the model's. Autogenerate from the pulled base
 * undoes each change, the downgrade re-applies it, and nothing is left to
 * generate afterwards (see test/helpers/mutation.ts); `check` sees it.
 */
const base = `
CREATE EXTENSION citext;
COMMENT ON EXTENSION citext IS 'our text';
CREATE EXTENSION hstore;
`;

const OWN = (name: string): string =>
  `DO $$ BEGIN EXECUTE format('COMMENT ON EXTENSION ${name} IS %L', (SELECT comment FROM pg_available_extensions WHERE name = '${name}')); END $$;`;

skipWhen(testTarget() !== 'server', 'PGlite loads no extension but plpgsql, which the model leaves out').describe(
  'mutations: comments on extensions',
  { timeout: SLOW },
  () => {
    it('a comment of its own changed, and one set on an extension that had its own', async () => {
      const mutation = `COMMENT ON EXTENSION citext IS 'changed by hand'; COMMENT ON EXTENSION hstore IS 'pairs';`;
      const { revision, project } = await runMutation({ base, mutation });
      expect(revision).toContain("comment: 'our text'");
      expect(revision).toMatch(/target: \{ on: 'extension'[^}]*name: 'hstore' \},\s*comment: null/);
      expect((await project.migrate('downgrade', '-1')).code).toBe(0);
      const check = await project.migrate('check');
      expect(check.code).toBe(1);
      expect(check.stdout).toContain('comment on extension citext');
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    });

    it("a comment given back the extension's own: set again", async () => {
      const { revision } = await runMutation({ base, mutation: OWN('citext') });
      expect(revision).toContain("comment: 'our text'");
    });
  },
);
