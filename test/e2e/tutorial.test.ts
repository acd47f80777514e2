import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { runDocCommand, transcriptSteps } from '../helpers/doc-commands.js';
import { fencedBlocks } from '../helpers/markdown.js';

const TUTORIAL = resolve(import.meta.dirname, '../../docs/tutorial.md');

/** The files the tutorial has the reader write; another block named by a file shows one the tool wrote. */
const WRITTEN = new Set(['models.ts']);

/**
 * What differs from run to run, made the same on both sides: revision ids
 * become `<revision N>`, numbered by first appearance (so the page and the run
 * must name the same revision at the same place), timestamps and durations a
 * placeholder.
 */
class Normalizer {
  private readonly ids = new Map<string, number>();

  apply(text: string, learn = true): string {
    return text
      .replace(/(?<![0-9a-z])[0-9a-f]{12}(?![0-9a-z])/g, (id) => {
        if (!this.ids.has(id) && learn) this.ids.set(id, this.ids.size + 1);
        return this.ids.has(id) ? `<revision ${this.ids.get(id)}>` : id;
      })
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<time>')
      .replace(/\bdone in \d+(?:\.\d+)? ?(?:ms|s|min)\b/g, 'done in <duration>');
  }
}

/**
 * docs/tutorial.md, block by block, in a new folder with no database url (so
 * on PGlite): `models.ts` blocks are written, `$ ` lines run, each printing
 * what the page shows and exiting 0 (or the `# exit N` it announces), with
 * nothing on stderr but the line that names the embedded database, once in
 * the whole run (by the command that makes the database); a block
 * named by another file is compared with the file the tool wrote.
 */
it('runs in a new folder on PGlite and prints what the page shows', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'athanor-tutorial-')));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'MIGRATE_CONFIG'].includes(key)),
  );
  const notice = `No database url configured: using the embedded PGlite database at ${dir}/.athanor/dev`;
  const page = new Normalizer();
  const run = new Normalizer();
  const ran: string[] = [];
  let shown = 0;
  let notices = 0;

  for (const block of fencedBlocks(readFileSync(TUTORIAL, 'utf8'))) {
    const file = block.info.split(/\s+/)[1];
    const text = block.lines.join('\n') + '\n';
    if (file !== undefined && WRITTEN.has(file)) {
      writeFileSync(join(dir, file), text);
    } else if (file !== undefined) {
      const wanted = page.apply(file, false);
      const written = readdirSync(join(dir, 'migrations', 'versions')).map((f) => `migrations/versions/${f}`);
      const actual = written.find((f) => run.apply(f, false) === wanted);
      expect(actual, `the tool wrote ${wanted} (line ${block.line})`).toBeDefined();
      expect(run.apply(readFileSync(join(dir, actual!), 'utf8')), file).toBe(page.apply(text));
      shown += 1;
    }
    for (const step of transcriptSteps(block.lines)) {
      const result = await runDocCommand(step.command, dir, env);
      ran.push(step.command);
      const expected = step.output.length === 0 ? '' : step.output.join('\n') + '\n';
      expect({ command: step.command, code: result.code, stdout: run.apply(result.stdout) }).toEqual({
        command: step.command,
        code: step.exitCode,
        stdout: page.apply(expected),
      });
      notices += result.stderr.split('\n').filter((line) => line === notice).length;
      const stray = result.stderr.split('\n').filter((line) => line !== '' && line !== notice);
      expect(stray, `stderr of ${step.command}`).toEqual([]);
    }
  }

  expect(shown, 'revision files shown').toBeGreaterThan(0);
  expect(notices, 'the embedded database named once').toBe(1);
  expect(ran.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
    'npx migrate init',
    'npx migrate revision',
    'npx migrate upgrade',
    'npx migrate current',
    'npx migrate check',
    'npx migrate check',
    'npx migrate revision',
    'npx migrate upgrade',
    'npx migrate history',
    'npx migrate downgrade',
    'npx migrate current',
    'npx migrate check',
    'npx migrate upgrade',
    'npx migrate check',
  ]);
}, 600_000);
