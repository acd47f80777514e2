import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSchemaModel, isMetadata } from '../../src/index.js';
import { strictTypeErrors } from '../helpers/typecheck.js';

/** docs/model-dsl-objects.md cannot drift from the code: each ```ts block type-checks strictly and builds. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs', 'model-dsl-objects.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'athanor-docs-objects-'));
const jiti = createJiti(import.meta.url, {
  alias: { athanor: join(ROOT, 'src/index.ts') },
  moduleCache: true,
  fsCache: true,
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blocks = [...DOC.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match, i) => {
  const file = join(dir, `block-${i + 1}.ts`);
  writeFileSync(file, match[1]!);
  const heading = [...DOC.slice(0, match.index).matchAll(/^## (.+)$/gm)].pop()?.[1] ?? 'top';
  return { name: `the example under "${heading}"`, file };
});

describe('docs/model-dsl-objects.md', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
  });

  it('type-checks every example with tsc --strict', () => {
    const errors = strictTypeErrors(
      blocks.map((b) => b.file),
      dir,
    );
    expect(errors).toEqual([]);
  });

  it.each(blocks)('builds $name', async ({ file }) => {
    const module = await jiti.import<Record<string, unknown>>(file);
    const metadata = Object.values(module).find(isMetadata);
    if (metadata === undefined) throw new Error('the example exports no metadata');
    expect(() => buildSchemaModel(metadata)).not.toThrow();
  });
});
