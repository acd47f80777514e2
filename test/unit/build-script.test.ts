import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * `npm run build` in a small project made of this repository's build script, its tsconfig.build.json
 * and two source files (a tsconfig.json without Node's types, so that each tsc run takes a second):
 * what a second build does to a dist/ that a test run in the same checkout is using
 * (scripts/test-matrix.mjs and scripts/test-node.mjs build first).
 */
describe('npm run build', () => {
  let dir: string;

  function build(): { code: number | null; output: string } {
    const ran = spawnSync('npm', ['run', '--silent', 'build'], { cwd: dir, encoding: 'utf8' });
    return { code: ran.status, output: ran.stdout + ran.stderr };
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'athanor-build-'));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'built', type: 'module', scripts: { build: pkg.scripts.build } }, null, 2),
    );
    const compilerOptions = { target: 'ES2022', module: 'NodeNext', strict: true, declaration: true, types: [] };
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...compilerOptions, outDir: 'dist' } }),
    );
    for (const file of ['tsconfig.build.json', 'scripts/build.mjs'])
      if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(dir, file));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'src', 'b.ts'), 'export const b = 2;\n');
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds dist/ from src/', () => {
    const first = build();
    expect(first.code, first.output).toBe(0);
    expect(readFileSync(join(dir, 'dist', 'a.js'), 'utf8')).toContain('export const a = 1;');
    expect(existsSync(join(dir, 'dist', 'b.d.ts'))).toBe(true);
  });

  it('leaves an up-to-date dist/ as it is: the same files, never removed', () => {
    const before = statSync(join(dir, 'dist', 'a.js'));
    const again = build();
    expect(again.code, again.output).toBe(0);
    const after = statSync(join(dir, 'dist', 'a.js'));
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ ino: before.ino, mtimeMs: before.mtimeMs });
  });

  it('builds again after a source changed, without the files of a deleted source', () => {
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 3;\n');
    rmSync(join(dir, 'src', 'b.ts'));
    const changed = build();
    expect(changed.code, changed.output).toBe(0);
    expect(readFileSync(join(dir, 'dist', 'a.js'), 'utf8')).toContain('export const a = 3;');
    expect(existsSync(join(dir, 'dist', 'b.js'))).toBe(false);
  });

  it('fails with tsc when a source does not compile, and keeps the dist/ there was', () => {
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a: number = "three";\n');
    const failed = build();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain('TS2322');
    expect(readFileSync(join(dir, 'dist', 'a.js'), 'utf8')).toContain('export const a = 3;');
  });
});
