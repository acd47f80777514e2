import { readdirSync } from 'node:fs';
import { expect, it, onTestFinished } from 'vitest';
import { testTarget } from '../helpers/database.js';
import { startEmbeddedServer } from '../helpers/embedded-server.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * A model using what an older server lacks (NULLS NOT DISTINCT came with
 * PostgreSQL 15) is refused on PostgreSQL 13 with a message naming the
 * object, the feature and the versions, not with the server's syntax error.
 */
skipWhen(
  testTarget() !== 'server',
  'starts a PostgreSQL 13 server of its own; run by the server project only',
).describe('features the server lacks', () => {
  it(
    'are refused by check and autogenerate, naming the version, and nothing is written',
    { timeout: 300_000 },
    async () => {
      const server = await startEmbeddedServer('13');
      onTestFinished(() => server.stop());
      const project = tempProject(server.url);
      project.write(
        'models.ts',
        "import { defineMetadata, integer, text, unique } from 'athanor';\nexport const metadata = defineMetadata();\n" +
          "export const t = metadata.table('t', { id: integer().primaryKey(), code: text() }, { uniques: [unique(['code'], { nullsNotDistinct: true })] });\n",
      );
      for (const argv of [['check'], ['revision', '--autogenerate', '-m', 'x']]) {
        const result = await project.migrate(...argv);
        expect(result.code).toBe(2);
        expect(readdirSync(project.versionsDir)).toEqual([]);
        expect(result.stderr).toMatch(
          /^error \[server-version\]: the model uses what PostgreSQL 13\.\d+, the server's version, does not have: unique constraint t_code_key on public\.t uses NULLS NOT DISTINCT, which needs PostgreSQL 15 or later; upgrade the server or leave the feature out of the model$/,
        );
      }
      // A range type naming its multirange, statistics on expressions: PostgreSQL 14.
      project.write(
        'models.ts',
        "import { defineMetadata, integer, sql } from 'athanor';\nexport const metadata = defineMetadata();\n" +
          "export const t = metadata.table('t', { a: integer(), b: integer() });\n" +
          "metadata.rangeType('slot', { subtype: 'integer', multirange: 'slots' });\n" +
          'metadata.statistics(sql`CREATE STATISTICS s ON (a + b), a FROM public.t`);\n',
      );
      const newer = await project.migrate('revision', '--autogenerate', '-m', 'x');
      expect(newer.code).toBe(2);
      expect(newer.stderr).toContain(
        'range type public.slot names its multirange type, which needs PostgreSQL 14 or later (and 1 more, below)',
      );
      expect(newer.stderr).toContain('statistics public.s is on expressions, which needs PostgreSQL 14 or later');
    },
  );
});
