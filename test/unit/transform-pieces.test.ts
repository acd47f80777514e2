import { describe, expect, it } from 'vitest';
import { bindPackageImports } from '../../src/loader/package-imports.js';
import { statementCuts } from '../../src/loader/statement-cuts.js';
import { transformUserCode } from '../../src/loader/transform-file.js';
import { runCommonJs } from '../helpers/common-js.js';

/** Every file transformed a piece at a time, each piece one statement or so. */
const PIECES = { min: 0, size: 1 };
const WHOLE = { min: Infinity, size: 1 };

const run = (code: string) => runCommonJs(code);

const source = [
  "import { join } from 'node:path';",
  "import assert from 'node:assert';",
  "import * as os from 'node:os';",
  "import type { Stats } from 'node:fs';",
  '',
  'type Row = { id: number; stats?: Stats };',
  'export const a: Row = { id: 1 }; // a comment; with a semicolon',
  '',
  'const text = "x;\\ny" + \'}\' + `{${`;\n${[1, 2].map((n) => `${n};`).join("")}`}`;',
  '/* a block comment;',
  '   over lines; */',
  'export function joined(): string {',
  "  return join('a', 'b');",
  '}',
  '',
  'export const later = [joined(), text, typeof assert, typeof os.tmpdir];',
  '',
  'export const optional = (a as { x?: { y: number } }).x?.y ?? 7;',
  'export class Box {',
  '  value = 3;',
  '}',
  'export default later;',
  '',
  'export const line = new Error().stack?.split("\\n")[1];',
].join('\n');

describe('statementCuts', () => {
  it('cuts after a semicolon that ends a line outside brackets, strings, templates and comments', () => {
    const cuts = statementCuts(source)!;
    const firstLines = cuts.map((cut) => source.slice(cut).split('\n')[0]);
    expect(firstLines).toEqual([
      "import assert from 'node:assert';",
      "import * as os from 'node:os';",
      "import type { Stats } from 'node:fs';",
      '',
      'export const a: Row = { id: 1 }; // a comment; with a semicolon',
      '',
      '/* a block comment;',
      '',
      'export class Box {',
      '',
    ]);
  });

  it('gives up where a scan cannot be sure', () => {
    expect(statementCuts('export const r = /;\n/.test(x);\n')).toBeNull();
    expect(statementCuts('const a = (1;\n')).toBeNull();
    expect(statementCuts('const s = "open;\n";\n')).toBeNull();
    expect(statementCuts('const t = `${a;\n')).toBeNull();
  });
});

describe('transformUserCode a piece at a time', () => {
  it('gives what the whole transform gives, every line where it was', () => {
    const whole = transformUserCode(source, true, undefined, undefined, WHOLE);
    const pieces = transformUserCode(source, true, undefined, undefined, PIECES);
    expect(pieces).not.toBe(whole);
    expect(pieces.split('\n')).toHaveLength(source.split('\n').length);
    const [{ line: wholeLine, ...a }, { line: piecesLine, ...b }] = [run(whole), run(pieces)];
    // Functions and classes compare by what they give: each run made its own, and the pieces keep
    // class fields as Node runs them.
    const given = (o: Record<string, unknown>) =>
      Object.entries(o).map(([k, v]) => [
        k,
        k === 'Box' ? { ...new (v as new () => object)() } : k === 'joined' ? (v as () => string)() : v,
      ]);
    expect(given(b)).toEqual(given(a));
    // The same line; the column may differ, since the pieces keep `?.` as Node runs it.
    const lineOf = (stack: unknown) => /<anonymous>:(\d+):/.exec(String(stack))?.[1];
    expect(lineOf(piecesLine)).toBe(lineOf(wholeLine));
    expect(b.later).toEqual(['a/b', 'x;\ny}{;\n1;2;', 'function', 'function']);
    expect(b.optional).toBe(7);
    expect(lineOf(piecesLine)).toBe('27');
  });

  it('reports a syntax error in a later piece at its line in the file', () => {
    const broken = `${source}\n\nexport const bad = (1 +;\n`;
    expect(() => transformUserCode(broken, true, undefined, 'models.ts', PIECES)).toThrow(
      /^line 27, column \d+ of models.ts/,
    );
  });

  it('takes comments among the imports, which stay in the first piece alone', () => {
    const commented = `// a header comment; with a semicolon\n/* and a block\n   comment */ ${source}`;
    const pieces = transformUserCode(commented, true, undefined, undefined, PIECES);
    expect(pieces).not.toBe(transformUserCode(commented, true, undefined, undefined, WHOLE));
    expect(pieces.split('\n')).toHaveLength(commented.split('\n').length);
    expect(run(pieces).later).toEqual(['a/b', 'x;\ny}{;\n1;2;', 'function', 'function']);
  });

  it('transforms the file whole when a statement comes before the imports, or it does not cut', () => {
    const first = `const x = 1;\n${source}`;
    expect(transformUserCode(first, true, undefined, undefined, PIECES)).toBe(
      transformUserCode(first, true, undefined, undefined, WHOLE),
    );
    const regex = `${source}\nexport const re = /a;/.test('a;');\n`;
    expect(transformUserCode(regex, true, undefined, undefined, PIECES)).toBe(
      transformUserCode(regex, true, undefined, undefined, WHOLE),
    );
  });
});

describe('bindPackageImports', () => {
  const head = [
    '// the DSL',
    'import {',
    '  text,',
    '  type SqlExpr,',
    '  sql as q, // a comment, { with braces }',
    "} from 'athanor';",
    "import { join } from 'node:path';",
    "import type { TableModel } from 'athanor';",
    "import * as all from 'athanor';",
    '',
    'export const t = text();',
    'export const e: SqlExpr = q`now()`;',
    "export const j = join('a', 'b');",
    'export const n = typeof all;',
    'export const line = new Error().stack?.split("\\n")[1];',
    '',
  ].join('\n');

  it("binds the package's named imports once, as plain names, and leaves other imports alone", () => {
    const cuts = statementCuts(head)!;
    const bound = bindPackageImports(head, cuts);
    const lines = bound.source.split('\n');
    expect(lines).toHaveLength(head.split('\n').length);
    expect(lines.slice(0, 8)).toEqual([
      '// the DSL',
      "var { text, sql: q } = require('athanor');",
      '',
      '',
      '',
      '',
      "import { join } from 'node:path';",
      "import type { TableModel } from 'athanor';",
    ]);
    // The cuts move with the text: each still starts the same statement.
    const starts = (text: string, at: number[]) => at.map((cut) => text.slice(cut).split('\n')[0]);
    expect(starts(bound.source, bound.cuts)).toEqual(starts(head, cuts));
    // The imports end before the first export.
    expect(bound.source.slice(bound.header!).split('\n')[1]).toBe('export const t = text();');
  });

  it('leaves a file without such an import as it is', () => {
    const others = [
      "import athanor from 'athanor';\nexport const a = 1;\n",
      "import { type SqlExpr } from 'athanor';\nexport const a = 1;\n",
      "import { text } from 'athanor-extra';\nexport const a = 1;\n",
    ];
    for (const text of [source, ...others]) {
      const cuts = statementCuts(text)!;
      // The imports end after the fourth statement of \`source\`, after the first of the others.
      const header = text === source ? cuts[3] : cuts[0];
      expect(bindPackageImports(text, cuts)).toEqual({ source: text, cuts, header });
    }
  });

  it('gives the values the imports give, every line where it was, whole or a piece at a time', () => {
    const athanor = { text: () => 'text()', sql: (s: TemplateStringsArray) => `sql ${s[0]}` };
    const runWith = (code: string) => runCommonJs(code, { athanor });
    const lineOf = (stack: unknown) => /<anonymous>:(\d+):/.exec(String(stack))?.[1];
    for (const piecewise of [WHOLE, PIECES]) {
      const code = transformUserCode(head, true, undefined, undefined, piecewise);
      expect(code).not.toContain('_athanor.');
      const out = runWith(code);
      expect([out.t, out.e, out.j, out.n]).toEqual(['text()', 'sql now()', 'a/b', 'object']);
      // Line 15 of the file: \`new Function\` puts two lines before the body.
      expect(lineOf(out.line)).toBe('17');
    }
  });
});
