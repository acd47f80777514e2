import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { REFERENCE_COMMAND, referencePages } from '../../src/docs-reference.js';
import { HAZARD_CODES } from '../../src/ops/hazard-codes.js';
import { ERROR_CODES } from '../../src/util/error-codes.js';

/**
 * docs/reference/ is written from the code (src/docs-reference.ts): each page
 * checked in must be what the code renders now, so the reference cannot drift.
 */
const DIR = fileURLToPath(new URL('../../docs/reference/', import.meta.url));
const pages = referencePages();

describe('docs/reference/', () => {
  it.each(Object.keys(pages))('%s is what the code renders', (name) => {
    const checkedIn = readFileSync(join(DIR, name), 'utf8');
    expect(checkedIn, `docs/reference/${name} differs from the code: run \`${REFERENCE_COMMAND}\``).toBe(pages[name]);
  });

  it('holds only the pages the code renders', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(pages).sort());
  });

  it('has a section for every command of the CLI, with its options', () => {
    const program = buildProgram({ stdout: () => undefined, stderr: () => undefined, exitCode: 0 }, '.');
    const commands = program.commands.map((c) => c.name());
    expect(commands.length).toBeGreaterThan(15);
    const sections = [...pages['cli.md']!.matchAll(/^## migrate (\S+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(commands);
    const upgrade = pages['cli.md']!.split('\n## ').find((s) => s.startsWith('migrate upgrade\n'))!;
    expect(upgrade).toContain('| `--lock-timeout <time>` |');
    expect(upgrade).toContain('migrate upgrade head\n');
  });

  it('lists every error code once, linked to its troubleshooting entry', () => {
    const codes = [...pages['errors.md']!.matchAll(/^\| \[`([a-z-]+)`\]\(\.\.\/troubleshooting\.md#\1\) \|/gm)];
    expect(codes.map((m) => m[1])).toEqual(Object.keys(ERROR_CODES));
  });

  it('lists every hazard code with its family, and no other', () => {
    const rows = [...pages['hazards.md']!.matchAll(/^\| `([a-z-]+)` \| ([a-z-]+) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(HAZARD_CODES));
  });
});
