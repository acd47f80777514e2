import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { runDocCommand } from '../helpers/doc-commands.js';
import { PAGILA } from '../helpers/fixtures.js';
import { codeBlockAfter, shellCommands } from '../helpers/markdown.js';
import { skipWhen } from '../helpers/skips.js';

const README = resolve(import.meta.dirname, '../../README.md');

/**
 * The README's brownfield start, word for word, on pagila.sql (a real pg_dump):
 * each command of the block under "Already have a database?" exits 0, in a
 * new folder, against a database that already holds the schema.
 */
skipWhen(
  testTarget() === 'pglite' || PAGILA.missing,
  "pagila.sql's OWNER TO lines need the role postgres, which PGlite lacks",
).describe(PAGILA.title("the README's brownfield start on pagila"), () => {
  it('init, pull, revision -m baseline, stamp head and check all exit 0', async () => {
    const lines = shellCommands(codeBlockAfter(readFileSync(README, 'utf8'), 'Already have a database?'));
    expect(lines.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      'npx migrate init',
      'npx migrate pull',
      'npx migrate revision',
      'npx migrate stamp',
      'npx migrate check',
    ]);
    const db = await createTestDatabase('athanor_brownfield');
    await runSql(db.url, readFileSync(PAGILA.path, 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'athanor-brownfield-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const line of lines) {
      const ran = await runDocCommand(line, dir, { ...process.env, DATABASE_URL: db.url });
      const output = ran.code === 0 ? '' : ran.stdout + ran.stderr;
      expect({ command: ran.command, code: ran.code, output }).toEqual({
        command: line,
        code: 0,
        output: '',
      });
    }
    expect(readFileSync(join(dir, 'models.ts'), 'utf8')).toMatch(/metadata\.table\(\s*'payment',/);
  });
});
