import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { PAGILA } from '../helpers/fixtures.js';
import { codeBlockAfter, shellCommands } from '../helpers/markdown.js';
import { skipWhen } from '../helpers/skips.js';

const README = resolve(import.meta.dirname, '../../README.md');

interface Ran {
  command: string;
  code: number | null;
  output: string;
}

/** Runs one README line with `sh`, `npx migrate` standing for the built command line. */
function runLine(line: string, cwd: string, databaseUrl: string): Promise<Ran> {
  const command = line.replace(/^npx migrate\b/, `"${process.execPath}" "${BIN}"`);
  return new Promise((done, fail) => {
    const child = spawn(command, {
      cwd,
      shell: true,
      env: { ...process.env, DATABASE_URL: databaseUrl, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ command: line, code, output }));
  });
}

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
      const ran = await runLine(line, dir, db.url);
      expect({ command: ran.command, code: ran.code, output: ran.code === 0 ? '' : ran.output }).toEqual({
        command: line,
        code: 0,
        output: '',
      });
    }
    expect(readFileSync(join(dir, 'models.ts'), 'utf8')).toMatch(/metadata\.table\(\s*'payment',/);
  });
});
