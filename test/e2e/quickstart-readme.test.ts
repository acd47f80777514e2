import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { runDocCommand } from '../helpers/doc-commands.js';
import { codeBlockAfter, sectionCodeBlock, shellCommands } from '../helpers/markdown.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

/**
 * The README's quick start after the install, word for word: its `npx migrate`
 * line of the install block, its model written to models.ts, then the block
 * under "Write the first revision" (its `export DATABASE_URL` stands for the
 * url this test sets): each command exits 0, and `check` finds no difference.
 */
it("the README's quick start: init, the model, revision --autogenerate, upgrade head and check", async () => {
  // The install line may chain the package's install and `npx migrate init` with `&&`: its migrate part runs.
  const install = shellCommands(sectionCodeBlock(README, '## Quick start'))
    .flatMap((l) => l.split(' && '))
    .filter((l) => l.startsWith('npx migrate'));
  const model = codeBlockAfter(README, 'Declare the schema in `models.ts`');
  const first = shellCommands(codeBlockAfter(README, 'Write the first revision'));
  expect(first[0]).toMatch(/^export DATABASE_URL=/);
  const lines = [...install, ...first.slice(1)];
  expect(lines.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
    'npx migrate init',
    'npx migrate revision',
    'npx migrate upgrade',
    'npx migrate check',
  ]);

  const db = await createTestDatabase('athanor_quickstart');
  const dir = mkdtempSync(join(tmpdir(), 'athanor-quickstart-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, DATABASE_URL: db.url };
  const outputs: string[] = [];
  for (const line of lines) {
    const ran = await runDocCommand(line, dir, env);
    expect({ command: line, code: ran.code, stderr: ran.stderr }).toEqual({ command: line, code: 0, stderr: '' });
    outputs.push(ran.stdout);
    if (line.startsWith('npx migrate init')) writeFileSync(join(dir, 'models.ts'), model.join('\n') + '\n');
  }
  expect(outputs[1]).toContain('Detected: create table public.users');
  expect(outputs[1]).toContain('Detected: create table public.posts');
  expect(outputs[3]).toContain('No differences');
}, 300_000);
