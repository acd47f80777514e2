import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestDatabase, testTarget } from '../helpers/database.js';
import { runDocCommand } from '../helpers/doc-commands.js';
import { announcedExit, blockKind, GUIDE_PAGES, guideBlocks, shellLine } from '../helpers/guide-pages.js';

const DOCS = resolve(import.meta.dirname, '../../docs');

/** On the pglite target, the new PGlite database every page's databases are copied from. */
let pgliteTemplate: string | undefined;

/**
 * Each page of GUIDE_PAGES as a reader follows it, in a new folder: its
 * `ts FILE` blocks written, its `sh` lines run in order, each exiting as the
 * page says (test/helpers/guide-pages.ts).
 *
 * On the server target, `DATABASE_URL` and the urls a page reads for its other
 * environments (`PROD_DATABASE_URL`, ...) name new databases on the test
 * server: a command there costs about a fifth of what it costs on PGlite, whose
 * every command compiles its WebAssembly and opens its directory anew, and a
 * page runs some twenty commands. With no database url, commands use PGlite:
 * the README's example (test/e2e/readme.test.ts), the tutorial and the quick
 * start run so, and so does this file on the pglite target.
 *
 * There those databases, and the project's own in .athanor/dev, start as
 * copies of one new PGlite database made once for the file, as the pglite
 * target's test databases do (test/helpers/database.ts): the first command on
 * each would otherwise run PGlite's initdb, some ten seconds of CPU, about three
 * times a page.
 */
describe('the guides, block by block, on the test server or PGlite', () => {
  beforeAll(async () => {
    if (testTarget() !== 'pglite') return;
    const { PGlite } = await import('@electric-sql/pglite');
    pgliteTemplate = mkdtempSync(join(tmpdir(), 'athanor-guide-database-'));
    const db = await PGlite.create(pgliteTemplate);
    await db.close();
  }, 300_000);

  afterAll(() => {
    if (pgliteTemplate) rmSync(pgliteTemplate, { recursive: true, force: true });
  });

  for (const page of GUIDE_PAGES) {
    it(`docs/${page}.md`, async () => {
      const dir = realpathSync(mkdtempSync(join(tmpdir(), `athanor-guide-${page}-`)));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const markdown = readFileSync(join(DOCS, `${page}.md`), 'utf8');
      const env = {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'MIGRATE_CONFIG'].includes(key)),
        ),
        ...(await pageDatabases(markdown, dir)),
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

/**
 * The environment variables naming a page's databases: new ones on the test server, or PGlite directories in
 * `dir`. A page uses an environment's database where it names its url or runs a command with `-x env=NAME`.
 */
async function pageDatabases(markdown: string, dir: string): Promise<Record<string, string>> {
  const environments = ['prod', 'staging'];
  const variable = (name: string): string => `${name.toUpperCase()}_DATABASE_URL`;
  const used = environments.filter((name) => markdown.includes(variable(name)) || markdown.includes(`env=${name}`));
  if (testTarget() === 'server') {
    const urls: Record<string, string> = { DATABASE_URL: (await createTestDatabase('athanor_guide')).url };
    for (const name of used) urls[variable(name)] = (await createTestDatabase('athanor_guide')).url;
    return urls;
  }
  for (const database of [join('.athanor', 'dev'), ...used.map((name) => `${name}-db`)])
    cpSync(pgliteTemplate as string, join(dir, database), { recursive: true });
  return Object.fromEntries(environments.map((name) => [variable(name), `pglite:${join(dir, `${name}-db`)}`]));
}
