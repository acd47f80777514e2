import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { init } from '../../src/commands/revisions/init.js';
import { createTestDatabase } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The README's model, as a newcomer copies it into models.ts. */
function readmeModel(): string {
  const block = /```ts\n(import \{ defineMetadata[\s\S]*?)```/.exec(README);
  if (!block) throw new Error('no model in the README');
  return block[1]!;
}

describe("the README's naming convention", () => {
  it('names two indexes that start with the same column apart, so the revision applies', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    const model = readmeModel().replace(
      "{ indexes: [index(['author_id', 'title'])] }",
      "{ indexes: [index(['author_id', 'title']), index(['author_id'])] }",
    );
    expect(model).toContain("index(['author_id'])]");
    project.write('models.ts', model);
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'first');
    expect(rev.stderr).toBe('');
    const up = await project.migrate('upgrade', 'head');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
  });

  it('is the one `migrate init` writes', () => {
    const convention = (text: string): string => /namingConvention: \{[^}]*\}/.exec(text)![0];
    const dir = mkdtempSync(join(tmpdir(), 'athanor-init-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    init(dir);
    expect(convention(readFileSync(join(dir, 'models.ts'), 'utf8'))).toBe(convention(readmeModel()));
  });
});
