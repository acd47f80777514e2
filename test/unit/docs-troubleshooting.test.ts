import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AthanorError } from '../../src/util/errors.js';
import { ERROR_CODES, ERROR_GROUPS, errorCodeDocs, type ErrorCode } from '../../src/util/error-codes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/troubleshooting.md'), 'utf8');
const DECLARED = Object.keys(ERROR_CODES) as ErrorCode[];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .filter((path) => path.endsWith('.ts'))
    .sort();
}

interface Entry {
  code: string;
  /** The `## ` section it is under. */
  section: string;
  body: string;
}

/** The page's entries: each `### \`code\`` heading, with its section and text. */
function entries(): Entry[] {
  const found: Entry[] = [];
  let section = '';
  for (const part of DOC.split(/^(?=#{2,3} )/m)) {
    const heading = /^## (.+)\n/.exec(part);
    if (heading) section = heading[1]!;
    const entry = /^### `([^`]+)`\n/.exec(part);
    if (entry) found.push({ code: entry[1]!, section, body: part });
  }
  return found;
}

describe('error codes and docs/troubleshooting.md', () => {
  const documented = entries();

  it('reads the entries of the page', () => {
    // A scan that found nothing would let every code through.
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.map((e) => e.code)).toContain('revision-cycle');
  });

  it('documents every declared code once, under the section of its group', () => {
    const misplaced = DECLARED.filter(
      (code) =>
        documented.filter((e) => e.code === code && e.section === ERROR_GROUPS[ERROR_CODES[code].group]).length !== 1,
    );
    expect(misplaced).toEqual([]);
  });

  it('documents no code that is not declared', () => {
    expect(documented.map((e) => e.code).filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });

  it('gives codes that are their own anchors', () => {
    expect(DECLARED.filter((code) => !/^[a-z]+(-[a-z]+)*$/.test(code))).toEqual([]);
    expect(errorCodeDocs('connect')).toBe('docs/troubleshooting.md#connect');
  });

  it('shows at least one message for every code, each as the CLI prints it with that code', () => {
    const wrong = documented.flatMap((e) => {
      const lines = [...e.body.matchAll(/^error(?: \[[^\]]*\])?: .*$/gm)].map((m) => m[0]);
      const own = lines.filter((line) => line.startsWith(`error [${e.code}]: `));
      return own.length === 0 || own.length !== lines.length ? [e.code] : [];
    });
    expect(wrong).toEqual([]);
  });

  it('takes only declared codes: any other is a compile error', () => {
    // @ts-expect-error: 'no-such-code' is not declared in ERROR_CODES
    expect(new AthanorError('no-such-code', 'x').code).toBe('no-such-code');
  });

  it('declares no code that src/ never raises', () => {
    const source = sourceFiles(join(ROOT, 'src'))
      .filter((path) => relative(ROOT, path) !== join('src', 'util', 'error-codes.ts'))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    expect(DECLARED.filter((code) => !source.includes(`'${code}'`))).toEqual([]);
  });
});
