import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runDocCommand } from '../helpers/doc-commands.js';
import { announcedExit, blockKind, GUIDE_PAGES, guideBlocks, shellLine } from '../helpers/guide-pages.js';

const DOCS = resolve(import.meta.dirname, '../../docs');

/**
 * Each page of GUIDE_PAGES as a reader follows it, in a new folder with no
 * database url (so on PGlite): its `ts FILE` blocks written, its `sh` lines
 * run in order, each exiting as the page says (test/helpers/guide-pages.ts).
 * The urls a page reads from the environment name PGlite databases in the
 * folder, so that a "production" command runs here too.
 *
 * Those databases, and the project's own in .athanor/dev, start as copies of
 * one new PGlite database made once for the file, as the pglite target's test
 * databases do (test/helpers/database.ts): the first command on each would
 * otherwise run PGlite's initdb, some ten seconds of CPU, about three times a
 * page. A command on a folder with no database creating one is run by the
 * README's example (test/e2e/readme.test.ts) and the tutorial.
 */
describe('the guides, block by block, on PGlite', () => {
  let newDatabase: string;

  beforeAll(async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    newDatabase = mkdtempSync(join(tmpdir(), 'athanor-guide-database-'));
    const db = await PGlite.create(newDatabase);
    await db.close();
  }, 300_000);

  afterAll(() => {
    if (newDatabase) rmSync(newDatabase, { recursive: true, force: true });
  });

  for (const page of GUIDE_PAGES) {
    it(`docs/${page}.md`, async () => {
      const dir = realpathSync(mkdtempSync(join(tmpdir(), `athanor-guide-${page}-`)));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const markdown = readFileSync(join(DOCS, `${page}.md`), 'utf8');
      const databases = [
        join('.athanor', 'dev'),
        ...(markdown.includes('PROD_DATABASE_URL') ? ['prod-db'] : []),
        ...(markdown.includes('STAGING_DATABASE_URL') ? ['staging-db'] : []),
      ];
      for (const database of databases) cpSync(newDatabase, join(dir, database), { recursive: true });
      const env = {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'MIGRATE_CONFIG'].includes(key)),
        ),
        PROD_DATABASE_URL: `pglite:${join(dir, 'prod-db')}`,
        STAGING_DATABASE_URL: `pglite:${join(dir, 'staging-db')}`,
      };
      for (const block of guideBlocks(markdown)) {
        const { kind, file } = blockKind(block);
        if (kind === 'ts' && file !== undefined) {
          mkdirSync(dirname(join(dir, file)), { recursive: true });
          writeFileSync(join(dir, file), block.lines.join('\n') + '\n');
        }
        if (kind !== 'sh') continue;
        for (const [index, line] of block.lines.entries()) {
          const command = shellLine(line);
          if (command === '') continue;
          const ran = await runDocCommand(command, dir, env);
          const where = `docs/${page}.md:${block.line + 1 + index}`;
          expect(
            { where, command, code: ran.code },
            ran.code === announcedExit(line) ? where : `${where}\n${ran.stdout}${ran.stderr}`,
          ).toEqual({ where, command, code: announcedExit(line) });
        }
      }
    }, 300_000);
  }
});
