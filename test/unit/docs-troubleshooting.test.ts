import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/troubleshooting.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .filter((path) => path.endsWith('.ts'))
    .sort();
}

interface Site {
  file: string;
  /** The code when it is a string literal; null otherwise. */
  code: string | null;
  /** What follows `new AthanorError(`, for messages. */
  text: string;
}

/** Every `new AthanorError(...)` in src/, with its code when it is written as a literal. */
function errorSites(): Site[] {
  const sites: Site[] = [];
  for (const path of sourceFiles(join(ROOT, 'src'))) {
    const source = readFileSync(path, 'utf8');
    for (const match of source.matchAll(/new AthanorError\(\s*([^,)]*)/g)) {
      const literal = /^(['"`])([^'"`$\\]+)\1$/.exec(match[1]!.trim());
      sites.push({ file: relative(ROOT, path), code: literal ? literal[2]! : null, text: match[1]!.trim() });
    }
  }
  return sites;
}

/** Re-throws that keep the code of the error they extend: `new AthanorError(error.code, ...)`. */
const KEEPS_CODE = /^\w+\.code$/;

/** The codes the page documents: its `### \`code\`` headings. */
function documentedCodes(): Set<string> {
  return new Set([...DOC.matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]!));
}

describe('docs/troubleshooting.md', () => {
  const sites = errorSites();
  const codes = [...new Set(sites.flatMap((s) => (s.code === null ? [] : [s.code])))].sort();

  it('finds the errors in src/', () => {
    // A scan that found nothing would let every error through.
    expect(codes.length).toBeGreaterThan(40);
    expect(codes).toContain('revision-cycle');
  });

  it('can read the code of every error in src/: a string literal, or the code of the error it extends', () => {
    const unreadable = sites
      .filter((s) => s.code === null && !KEEPS_CODE.test(s.text))
      .map((s) => `${s.file}: ${s.text}`);
    expect(unreadable).toEqual([]);
  });

  it('documents every error code under its own heading', () => {
    const documented = documentedCodes();
    expect(codes.filter((code) => !documented.has(code))).toEqual([]);
  });

  it('documents no code the program no longer raises', () => {
    expect([...documentedCodes()].filter((code) => !codes.includes(code)).sort()).toEqual([]);
  });

  it('shows at least one message for every code', () => {
    const sections = DOC.split(/^### /m).slice(1);
    const withoutMessage = sections
      .filter((section) => !/\n```\nerror: .+\n/.test(section))
      .map((section) => section.split('\n')[0]);
    expect(withoutMessage).toEqual([]);
  });
});
