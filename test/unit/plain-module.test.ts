import { describe, expect, it } from 'vitest';
import { scanStatements } from '../../src/loader/statement-cuts.js';
import { transformUserCode } from '../../src/loader/transform-file.js';
import { runCommonJs } from '../helpers/common-js.js';

/** Every file taken for large: the plain form is tried first. */
const LARGE = { min: 0, size: 1 << 20 };

/** The transform with the plain form refused, as sucrase gives it. */
const bySucrase = (source: string) => transformUserCode(source, true, undefined, undefined, LARGE, () => false);
const transformed = (source: string) => transformUserCode(source, true, undefined, undefined, LARGE);

/** `athanor` as a tiny DSL, for the transformed files to run with. */
const athanor = {
  defineMetadata: () => ({ table: (name: string, columns: object) => ({ name, columns }) }),
  sql: (strings: TemplateStringsArray, ...values: unknown[]) => String.raw({ raw: strings }, ...values),
};
const run = (code: string) => runCommonJs(code, { athanor });

const pulled = [
  "import { defineMetadata, sql } from 'athanor';",
  '',
  '/** The declared schema. */',
  'export const metadata = defineMetadata();',
  '',
  "export const users = metadata.table('users', {",
  "  id: 'bigint', // a comment; with a semicolon",
  '  made: sql`now()`,',
  '});',
  '',
  "export const posts = metadata.table('posts', { author: () => users.name, note: 'export < import' });",
  "export const said = () => { const n = 1; return 'it\\'s // no comment; ' + n; }; // it's one",
  'const local = [users, posts].length;',
  'export const count = local;',
  'export const line = new Error().stack?.split("\\n")[1];',
].join('\n');

describe('a large file that is JavaScript but for its module syntax', () => {
  it('skips sucrase: the same exports, every line where it was', () => {
    const plain = transformed(pulled);
    const sucrase = bySucrase(pulled);
    expect(plain).not.toBe(sucrase);
    expect(plain).toContain(' const users = metadata.table(');
    expect(plain).toContain('}); exports.users = users;');
    expect(plain.split('\n')).toHaveLength(pulled.split('\n').length);
    const { line: plainLine, ...a } = run(plain);
    const { line: sucraseLine, ...b } = run(sucrase);
    // Functions compare by what they give: each run made its own.
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const author = (exports: Record<string, unknown>) =>
      (exports.posts as { columns: { author: () => unknown } }).columns.author();
    expect(author(a)).toBe(author(b));
    expect(a.count).toBe(2);
    const lineOf = (stack: unknown) => /<anonymous>:(\d+):/.exec(String(stack))?.[1];
    expect(lineOf(plainLine)).toBe(lineOf(sucraseLine));
    expect(lineOf(plainLine)).toBe('17');
    expect((a.said as () => string)()).toBe("it's // no comment; 1");
  });

  it.each([
    ['type arguments', 'export const t = metadata.table<Row>("t", {});'],
    ['a comparison, which may be one', 'export const big = 2 > 1;'],
    ['a modifier on its own line', 'abstract\nclass Shape {}'],
    ['a type annotation', 'export const n: number = 1;'],
    ['an assertion', 'export const a = metadata as unknown;'],
    ['an enum', 'enum Kind { A }'],
    ['several names in one export', 'export const a = 1, b = 2;'],
    ['an exported function', 'export function f() { return 1; }'],
    ['a default export', 'export default metadata;'],
    ['an export list', 'export { metadata as m };'],
    ['an import of another file', "import { x } from './other';\nexport const y = x;"],
    ['a dynamic import', "export const later = import('./other');"],
    ['a declaration of a module variable', 'const exports = 1;'],
    ['a last export without its semicolon', 'export const z = 1'],
  ])('is left to sucrase with %s', (_what, tail) => {
    const source = `${pulled}\n${tail}\n`;
    expect(transformed(source)).toBe(bySucrase(source));
  });

  it('is left to sucrase when the head imports another package', () => {
    const source = `import { join } from 'node:path';\n${pulled}\nexport const p = join('a', 'b');\n`;
    expect(transformed(source)).toBe(bySucrase(source));
  });
});

describe('scanStatements', () => {
  it('tells where module words, top-level commas and signs of types are, in code only', () => {
    const source = "export const a = f(1, 2), b = '<import>';\n// export, <b>\nconst c = () => a;\n";
    const scan = scanStatements(source)!;
    expect(scan.moduleWords).toEqual([0]);
    expect(scan.commas).toEqual([source.indexOf(', b')]);
    expect(scan.typeSyntax).toBe(false);
    expect(scanStatements('const d = x < y;\n')!.typeSyntax).toBe(true);
    expect(scanStatements('const e = { declare: 1 };\n')!.typeSyntax).toBe(true);
    expect(scanStatements('const f = metadata.declared;\n')!.typeSyntax).toBe(false);
  });
});
