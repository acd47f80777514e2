import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as url from 'node:url';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loaderFolder } from '../helpers/loader-folder.js';
import { skipWhen } from '../helpers/skips.js';
import { cacheFile, compileCached } from '../../src/loader/code-cache.js';
import { requiresOnlyPackages, withoutCacheStamp } from '../../src/loader/compiled-import.js';
import { AthanorError } from '../../src/util/errors.js';
import { importUserFile, isPrivateFolder, transformCacheDir } from '../../src/loader/import-file.js';
import { transformUserCode } from '../../src/loader/transform-file.js';
import { scanTemplates } from '../../src/loader/template-scan.js';
import { TEMPLATE_REWRITE_MIN } from '../../src/loader/token-rewrite.js';

const project = (files: Record<string, string>): string => loaderFolder(files);

async function failure(promise: Promise<unknown>): Promise<AthanorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AthanorError);
    return error as AthanorError;
  }
  throw new Error('expected the import to fail');
}

describe('importUserFile', () => {
  it('reads an edited file again on every call', async () => {
    const dir = project({ 'models.ts': 'export const n: number = 1;\n' });
    const path = join(dir, 'models.ts');
    expect((await importUserFile<{ n: number }>(path, 'model')).n).toBe(1);
    writeFileSync(path, 'export const n: number = 2;\n');
    expect((await importUserFile<{ n: number }>(path, 'model')).n).toBe(2);
  });

  it('keeps the transform of a file in a folder named for the transform, and uses it only for the same text', async () => {
    const dir = project({ 'models.ts': 'export const n: number = 1;\n' });
    const path = join(dir, 'models.ts');
    expect((await importUserFile<{ n: number }>(path, 'model')).n).toBe(1);
    const cache = transformCacheDir();
    expect(cache.startsWith(join(tmpdir(), 'athanor-loader'))).toBe(true);
    const kept = readdirSync(cache).filter((file) => file.startsWith(`${basename(dir)}-models.`));
    expect(kept).toHaveLength(1);
    onTestFinished(() => rmSync(join(cache, kept[0]!), { force: true }));
    expect(readFileSync(join(cache, kept[0]!), 'utf8')).toContain('exports.n = n');
    writeFileSync(path, 'export const n: number = 2;\n');
    expect((await importUserFile<{ n: number }>(path, 'model')).n).toBe(2);
    expect(readFileSync(join(cache, kept[0]!), 'utf8')).toContain('= 2');
  });

  it("keeps its caches only in a folder of the user's own that no one else can write", () => {
    expect(basename(dirname(transformCacheDir()))).toMatch(/^athanor-loader-./);
    const root = mkdtempSync(join(tmpdir(), 'athanor-private-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    expect(isPrivateFolder(join(root, 'made'))).toBe(true);
    expect(statSync(join(root, 'made')).mode & 0o777).toBe(0o700);
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(isPrivateFolder(open)).toBe(false);
    symlinkSync(join(root, 'made'), join(root, 'link'));
    expect(isPrivateFolder(join(root, 'link'))).toBe(false);
  });

  it('loads the TypeScript users write, with imports of athanor and of their own files', async () => {
    const dir = project({
      'shared.ts':
        "export enum Kind { A = 'a', B = 'b' }\nexport interface Named { name: string }\nexport const prefix = 'app';\n",
      'models.ts': [
        "import type { SqlExpr } from 'athanor';",
        "import { sql, type ColumnBuilder } from 'athanor';",
        "import { Kind, prefix, type Named } from './shared.js';",
        "import * as shared from './shared';",
        'const named = { name: `${prefix}_${Kind.B}` } satisfies Named;',
        'const pick = <T,>(value: T): T => value;',
        'export const expr: SqlExpr = pick(sql`now()`) as SqlExpr;',
        'export const builder: ColumnBuilder | undefined = undefined;',
        'export const name = named.name;',
        'export const same = shared.Kind.A === Kind.A;',
        "export const later = import('./shared').then((m) => m.prefix);",
        'export const waited = await Promise.resolve(5);',
        'export default Kind;',
      ].join('\n'),
    });
    const module = await importUserFile<Record<string, unknown>>(join(dir, 'models.ts'), 'model');
    expect(module.expr).toEqual({ kind: 'sql', text: 'now()' });
    expect(module.name).toBe('app_b');
    expect(module.same).toBe(true);
    expect(module.waited).toBe(5);
    expect(module.builder).toBeUndefined();
    expect(module.default).toEqual({ A: 'a', B: 'b' });
    await expect(module.later).resolves.toBe('app');
  });

  it('gives import.meta as Node does, and leaves the words in strings alone', async () => {
    const dir = project({
      'migrate.config.ts':
        "export const url = import.meta.url;\nexport const dir = import.meta.dirname;\nexport const text = 'import.meta';\n",
    });
    const module = await importUserFile<Record<string, string>>(join(dir, 'migrate.config.ts'), 'config');
    expect(module.url).toBe(pathToFileURL(join(dir, 'migrate.config.ts')).href);
    expect(module.dir).toBe(dir);
    expect(module.text).toBe('import.meta');
  });

  it('names the file and the line of a syntax error', async () => {
    const dir = project({
      'models.ts': "import { sql } from 'athanor';\nexport const a = sql`x`;\nexport const b = ;\n",
    });
    const path = join(dir, 'models.ts');
    const error = await failure(importUserFile(path, 'model'));
    expect(error.code).toBe('load-failed');
    expect(error.message).toBe(`cannot load model ${path}: line 3, column 18 of models.ts: Unexpected token`);
  });

  it('reports what the file throws, and the line of a runtime error is the line in the file', async () => {
    const dir = project({ 'models.ts': "const a: number = 1;\n\n\nthrow new Error('boom ' + a);\n" });
    const path = join(dir, 'models.ts');
    const error = await failure(importUserFile(path, 'model'));
    expect(error.message).toBe(`cannot load model ${path}: line 4 of models.ts: boom 1`);
    expect(String((error.cause as Error).stack)).toContain(`${path}:4:`);
  });

  it('names the file and the line of a name mistyped in the model, or in a file it imports', async () => {
    const dir = project({
      'models.ts':
        "import { defineMetadata, serial } from 'athanor';\nimport './users.js';\nexport const metadata = defineMetadata();\n\nexport const notes = metadata.table('notes', {\n  id: serial().primaryKey(),\n  body: texxt(),\n});\n",
      'users.ts': 'export const users = 1;\n',
      'other.ts': "import './broken.js';\n",
      'broken.ts': '\nexport const x = serail();\n',
    });
    const path = join(dir, 'models.ts');
    const error = await failure(importUserFile(path, 'model'));
    expect(error.message).toBe(`cannot load model ${path}: line 7 of models.ts: texxt is not defined`);
    const other = join(dir, 'other.ts');
    const deeper = await failure(importUserFile(other, 'model'));
    expect(deeper.message).toBe(`cannot load model ${other}: line 2 of broken.ts: serail is not defined`);
  });

  it('names a value called that is no function as the file spells it, not as the transform does', async () => {
    const dir = project({
      'models.ts':
        "import { defineMetadata, serial } from 'athanor';\nexport const metadata = defineMetadata();\nexport const mood = metadata.enum('mood', ['ok']);\nexport const notes = metadata.table('notes', {\n  id: serial().primaryKey(),\n  mood: mood(),\n});\n",
      'imported.ts':
        "import { defineMetadata, metadata } from 'athanor';\nexport const meta = defineMetadata();\n\nexport const x = metadata();\n",
    });
    const path = join(dir, 'models.ts');
    const error = await failure(importUserFile(path, 'model'));
    expect(error.message).toBe(`cannot load model ${path}: line 6 of models.ts: mood is not a function`);
    const imported = join(dir, 'imported.ts');
    const other = await failure(importUserFile(imported, 'model'));
    expect(other.message).toBe(`cannot load model ${imported}: line 4 of imported.ts: metadata is not a function`);
  });

  it('loads a model with more tagged templates than the rewrite threshold', async () => {
    const count = TEMPLATE_REWRITE_MIN;
    const lines = Array.from({ length: count }, (_, i) => `  sql\`e_${i}(\${${i}})\`,`);
    const dir = project({
      'models.ts': `import { sql } from 'athanor';\nexport const all = [\n${lines.join('\n')}\n];\nexport const line = new Error().stack;\n`,
    });
    const module = await importUserFile<{ all: { text: string }[]; line: string }>(join(dir, 'models.ts'), 'model');
    expect(module.all).toHaveLength(count);
    expect(module.all[1234]).toEqual({ kind: 'sql', text: 'e_1234(1234)' });
    expect(module.line).toContain(`models.ts:${count + 4}:`);
  });
});

/** Runs CommonJS `code` and returns its exports. */
function run(code: string): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  const module = { exports };
  const require = (id: string): unknown => (id === 'node:url' ? url : {});
  new Function('exports', 'require', 'module', '__filename', '__dirname', code)(
    exports,
    require,
    module,
    '/x/m.ts',
    '/x',
  );
  return module.exports;
}

describe('transformUserCode: tagged templates rewritten as calls', () => {
  // Each site's strings as the tag sees them, natively and rewritten.
  const source = [
    'const seen = [];',
    'const tag = (strings, ...values) => { seen.push(strings); return values; };',
    'const o = { t: tag };',
    'export const values = [];',
    'for (let i = 0; i < 2; i++) values.push(tag`a${i}b${{ k: `in${tag`x\\u0041${i}`}` }.k}c\\n\\1`);',
    'values.push(o.t`obj`, (tag)`\r\nline\\\nend`, `plain ${1}`, tag``, tag`${1}${2}`);',
    'export const strings = seen.map((s) => ({ cooked: [...s], raw: [...s.raw], frozen: Object.isFrozen(s) && Object.isFrozen(s.raw) }));',
    'export const same = seen[0] === seen[2] && seen[1] === seen[3] && seen[0] !== seen[1];',
    'export const text = "tag`not a template`";',
    'const of = tag; const w = { await: tag };',
    'export const words = (async () => [await `a`, [...(function* () { yield `b`; })()], [...`cd`].map((c) => c), typeof `q`, `e` as `e`, w.await`p`, of`o`])();',
    'for (const c of `fg`) values.push(c);',
    'export const def = (() => { return`r`; })();',
    "export const meta = [import.meta.url, 'import.meta', `import.meta`, /* import.meta */ import .meta.dirname];",
    'export const s = \'q`\\\r\nx\' + "`${";',
  ].join('\n');
  // A regular expression in code: the scanner gives up and sucrase's tokenizer finds the templates.
  const withRegex = `${source}\nexport const re = /a\\/\`b/.test('a/\`b');\n`;

  it('finds the templates by a scan of its own, or by the tokenizer when the scan is in doubt', () => {
    expect(scanTemplates(source, true, 'M', 'T')).not.toBeNull();
    expect(scanTemplates(withRegex, true, 'M', 'T')).toBeNull();
  });

  it.each([
    ['scanned', source],
    ['tokenized', withRegex],
  ])('gives the tag what the template gives it (%s)', async (_, text) => {
    const native = run(transformUserCode(text, true, Infinity));
    const rewritten = run(transformUserCode(text, true, 1));
    expect(await rewritten.words).toEqual(await native.words);
    expect(await native.words).toEqual(['a', ['b'], ['c', 'd'], 'string', 'e', [], []]);
    expect(transformUserCode(text, true, 1)).not.toMatch(/tag`(?!not a template)/);
    expect(rewritten.def).toBe('r');
    expect(rewritten.meta).toEqual(['file:///x/m.ts', 'import.meta', 'import.meta', '/x']);
    expect(rewritten).toEqual(native);
    expect(native.same).toBe(true);
    // The inner template runs first: site 1 is the outer one, whose last chunk has an invalid escape.
    expect((native.strings as { cooked: unknown[] }[])[1]!.cooked).toEqual(['a', 'b', undefined]);
  });

  it.each([source, withRegex])('keeps every line where it was', (text) => {
    const code = transformUserCode(text, true, 1);
    expect(code.split('\n')).toHaveLength(text.split(/\r\n?|\n/).length);
  });
});

describe('importUserFile: a large file compiled through the code cache', () => {
  const model = [
    "import { sql } from 'athanor';",
    "import { join } from 'node:path';",
    'interface Row { id: number }',
    'const rows: Row[] = [{ id: 1 }];',
    'export const expr = sql`now()`;',
    "export const joined = join('a', 'b');",
    'export const url = import.meta.url;',
    'export const waited = await Promise.resolve(rows[0]!.id);',
    "export const later = import('node:path').then((m) => m.sep);",
    'export default rows;',
  ].join('\n');

  /** The code cache files of `path`. */
  function cached(path: string): string {
    return cacheFile(path, transformCacheDir());
  }

  it('gives the exports jiti gives, and keeps the compiled code for the next import', async () => {
    const dir = project({ 'models.ts': model });
    const path = join(dir, 'models.ts');
    onTestFinished(() => rmSync(cached(path), { force: true }));
    const byJiti = await importUserFile<Record<string, unknown>>(path, 'model', Infinity);
    expect(existsSync(cached(path))).toBe(false);
    const compiled = await importUserFile<Record<string, unknown>>(path, 'model', 0);
    expect(existsSync(cached(path))).toBe(true);
    const again = await importUserFile<Record<string, unknown>>(path, 'model', 0);
    for (const module of [compiled, again]) {
      expect(Object.keys(module).sort()).toEqual(Object.keys(byJiti).sort());
      expect(module.expr).toEqual({ kind: 'sql', text: 'now()' });
      expect(module.joined).toBe(join('a', 'b'));
      expect(module.url).toBe(pathToFileURL(path).href);
      expect(module.waited).toBe(1);
      expect(module.default).toEqual([{ id: 1 }]);
      await expect(module.later).resolves.toBe(await byJiti.later);
    }
  });

  it('uses the code cache of the first import on the second, when the first transformed the file', async () => {
    // jiti returns a fresh transform as it is and a kept one with its stamp
    // after it; a code cache keyed on either alone was compiled again on the
    // second run after every edit.
    const dir = project({ 'models.ts': model });
    const path = join(dir, 'models.ts');
    onTestFinished(() => rmSync(cached(path), { force: true }));
    await importUserFile(path, 'model', 0);
    const first = readFileSync(cached(path));
    const second = await importUserFile<Record<string, unknown>>(path, 'model', 0);
    expect(second.expr).toEqual({ kind: 'sql', text: 'now()' });
    expect(readFileSync(cached(path)).equals(first)).toBe(true);
  });

  it("drops jiti's stamp from a kept transform, and nothing else", () => {
    expect(withoutCacheStamp('exports.a = 1;\n /* v2.7.0-0123456789abcdef */\n')).toBe('exports.a = 1;\n');
    for (const code of ['exports.a = 1;\n', 'exports.a = 1; /* very much so */\n', 'x /* v1 */ + 1 */\n'])
      expect(withoutCacheStamp(code)).toBe(code);
  });

  it('compiles the text again when the cache is stale, cut short or corrupt', async () => {
    const dir = project({ 'models.ts': 'export const n: number = 1;\n' });
    const path = join(dir, 'models.ts');
    onTestFinished(() => rmSync(cached(path), { force: true }));
    expect((await importUserFile<{ n: number }>(path, 'model', 0)).n).toBe(1);
    const whole = readFileSync(cached(path));
    writeFileSync(path, 'export const n: number = 2;\n');
    expect((await importUserFile<{ n: number }>(path, 'model', 0)).n).toBe(2);
    expect(readFileSync(cached(path)).equals(whole)).toBe(false);
    writeFileSync(cached(path), readFileSync(cached(path)).subarray(0, 100));
    expect((await importUserFile<{ n: number }>(path, 'model', 0)).n).toBe(2);
    const flipped = readFileSync(cached(path));
    flipped[flipped.length - 1] ^= 0xff;
    writeFileSync(cached(path), flipped);
    expect((await importUserFile<{ n: number }>(path, 'model', 0)).n).toBe(2);
    expect(readFileSync(cached(path))[flipped.length - 1]).toBe(flipped[flipped.length - 1]! ^ 0xff);
  });

  /** A cache file of `body` with the right key and a checksum that matches, over data that is not V8's. */
  function notV8s(body: string): { folder: string; file: string } {
    const folder = mkdtempSync(join(tmpdir(), 'athanor-code-cache-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    expect(compileCached(body, '/x/m.ts', folder)()).toBe(42);
    const file = cacheFile('/x/m.ts', folder);
    const data = readFileSync(file);
    const payload = Buffer.alloc(data.length - 64, 7);
    writeFileSync(file, Buffer.concat([data.subarray(0, 32), createHash('sha256').update(payload).digest(), payload]));
    return { folder, file };
  }

  it("runs the function compiled from the text over a cache that is not V8's", () => {
    const { folder } = notV8s('return 6 * 7;');
    expect(compileCached('return 6 * 7;', '/x/m.ts', folder)()).toBe(42);
    expect(compileCached('return 6 * 7;', '/x/m.ts', folder)()).toBe(42);
  });

  skipWhen(
    Number(process.versions.node.split('.')[0]) >= 22,
    "Node 22 and later do not say when V8 rejects a function's code cache (cachedDataRejected stays false)",
  ).it('removes a cache V8 rejects, and writes it anew on the next compile', () => {
    const { folder, file } = notV8s('return 6 * 7;');
    expect(compileCached('return 6 * 7;', '/x/m.ts', folder)()).toBe(42);
    expect(existsSync(file)).toBe(false);
    expect(compileCached('return 6 * 7;', '/x/m.ts', folder)()).toBe(42);
    expect(existsSync(file)).toBe(true);
  });

  it('names the file and the line of a syntax error, and of a runtime error', async () => {
    const dir = project({
      'models.ts': "import { sql } from 'athanor';\nexport const a = sql`x`;\nexport const b = ;\n",
      'throws.ts': "const a: number = 1;\n\n\nthrow new Error('boom ' + a);\n",
    });
    const path = join(dir, 'models.ts');
    const error = await failure(importUserFile(path, 'model', 0));
    expect(error.message).toBe(`cannot load model ${path}: line 3, column 18 of models.ts: Unexpected token`);
    const throws = join(dir, 'throws.ts');
    onTestFinished(() => rmSync(cached(throws), { force: true }));
    const runtime = await failure(importUserFile(throws, 'model', 0));
    expect(runtime.message).toBe(`cannot load model ${throws}: line 4 of throws.ts: boom 1`);
    expect(String((runtime.cause as Error).stack)).toContain(`${throws}:4:`);
    expect(existsSync(cached(throws))).toBe(true);
  });

  it('gives the error jiti gives for code the transform lets through and V8 does not compile', async () => {
    const dir = project({ 'models.ts': 'export const a = 1;\nlet b = 1;\nlet b = 2;\n' });
    const path = join(dir, 'models.ts');
    const byJiti = await failure(importUserFile(path, 'model', Infinity));
    const compiled = await failure(importUserFile(path, 'model', 0));
    expect(compiled.message).toBe(byJiti.message);
    expect(compiled.message).toContain("Identifier 'b' has already been declared");
    expect(existsSync(cached(path))).toBe(false);
  });

  it("leaves a file that imports the user's other files to jiti, which resolves a cycle to the module being loaded", async () => {
    const dir = project({
      'models.ts': "import { twice } from './other';\nexport const n = 21;\nexport const m = twice();\n",
      'other.ts': "import * as models from './models';\nexport const twice = () => models.n * 2;\n",
    });
    const path = join(dir, 'models.ts');
    expect(await importUserFile<Record<string, number>>(path, 'model', 0)).toMatchObject({ n: 21, m: 42 });
    expect(existsSync(cached(path))).toBe(false);
  });

  it('tells a require of a package from one that may load a file of the user', () => {
    expect(requiresOnlyPackages('var _a = require(\'athanor\'); var p = require( "node:path" ); x.require(y);')).toBe(
      true,
    );
    expect(requiresOnlyPackages('const required = 1; function requireX(a) {}')).toBe(true);
    expect(requiresOnlyPackages("require('./other')")).toBe(false);
    expect(requiresOnlyPackages("require('../other')")).toBe(false);
    expect(requiresOnlyPackages("require('/abs/other')")).toBe(false);
    expect(requiresOnlyPackages("require('file:///abs/other')")).toBe(false);
    expect(requiresOnlyPackages('require(name)')).toBe(false);
    expect(requiresOnlyPackages("require('a' + b)")).toBe(false);
  });
});
