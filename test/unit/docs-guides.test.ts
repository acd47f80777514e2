import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK_KINDS, blockKind, GUIDE_PAGES, guideBlocks } from '../helpers/guide-pages.js';
import { strictDiagnostics } from '../helpers/typecheck.js';

/**
 * The code of the guides cannot drift from the library: every block of the
 * pages of GUIDE_PAGES is of a kind the guides test knows (it runs their
 * shell lines and writes their files, test/e2e/guides.test.ts), and every
 * ```ts block, a file of the project or not, type-checks as a module of its own
 * under `tsc --strict`, `athanor` being the package.
 */

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'athanor-guides-ts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Written {
  path: string;
  /** `docs/page.md:N`, the block's first code line. */
  where: string;
}

const written: Written[] = [];
const unknown: string[] = [];
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
for (const page of GUIDE_PAGES) {
  for (const block of guideBlocks(readFileSync(join(DOCS, `${page}.md`), 'utf8'))) {
    const { kind } = blockKind(block);
    const where = `docs/${page}.md:${block.line + 1}`;
    if (!(BLOCK_KINDS as readonly string[]).includes(kind)) unknown.push(`${where}: \`\`\`${block.info}`);
    if (kind !== 'ts') continue;
    const path = join(dir, `${page}-${block.line}.ts`);
    writeFileSync(path, block.lines.join('\n') + '\n');
    written.push({ path, where });
  }
}

describe('the guides', () => {
  it('have only blocks the guides test runs or shows', () => {
    expect(unknown).toEqual([]);
  });

  it('type-check every ts block', () => {
    expect(written.length).toBeGreaterThan(10);
    const errors = strictDiagnostics(
      written.map((w) => w.path),
      [dir],
    ).map((d) => {
      const block = written.find((w) => w.path === d.file?.fileName);
      const line = d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line ?? 0;
      const at = block ? block.where.replace(/\d+$/, (n) => String(Number(n) + line)) : '?';
      return `${at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(errors).toEqual([]);
  }, 120_000);
});
