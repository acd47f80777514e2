import { describe, expect, it } from 'vitest';
import { renderUnmodeledBlock, type UnmodeledEntry } from '../../src/pull/render-unmodeled.js';

const addr: UnmodeledEntry = {
  kind: 'composite type',
  name: 'public.addr',
  definition: 'CREATE TYPE public.addr AS (street text);',
  description: null,
};

describe('renderUnmodeledBlock', () => {
  it('writes nothing when nothing is unmodeled', () => {
    expect(renderUnmodeledBlock([])).toBe('');
  });

  it('writes a labelled block of line comments, one entry per object, in the order given', () => {
    const rule: UnmodeledEntry = {
      kind: 'rule',
      name: 'keep on public.items',
      definition: 'CREATE RULE keep AS\n    ON DELETE TO public.items DO INSTEAD NOTHING;',
      description: null,
    };
    const block = renderUnmodeledBlock([addr, rule]);
    expect(block.startsWith('\n// ---')).toBe(true);
    expect(block).toContain('op.execute(');
    expect(
      block.endsWith(
        [
          '//',
          '// composite type public.addr',
          '//   CREATE TYPE public.addr AS (street text);',
          '//',
          '// rule keep on public.items',
          '//   CREATE RULE keep AS',
          '//       ON DELETE TO public.items DO INSTEAD NOTHING;',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
    expect(
      block
        .split('\n')
        .filter((line) => line !== '')
        .every((line) => line.startsWith('//')),
    ).toBe(true);
  });

  it('writes a description as an SQL comment when there is no definition', () => {
    const block = renderUnmodeledBlock([
      { kind: 'subscription', name: 'sub', definition: null, description: 'subscription sub to publication(s) pub' },
    ]);
    expect(block).toContain('// subscription sub\n//   -- subscription sub to publication(s) pub\n');
  });

  it('keeps every line of the SQL inside a line comment, whatever line breaks and comment closers it holds', () => {
    const definition =
      "CREATE RULE r AS ON INSERT TO t DO ALSO SELECT '*/ x';\r\nSELECT 1;\rSELECT 2;\u2028SELECT 3;\u2029SELECT 4;\n\nSELECT 5;";
    const block = renderUnmodeledBlock([{ kind: 'rule', name: 'r on public.t', definition, description: null }]);
    const lines = block.split(/\r\n|[\n\r\u2028\u2029]/).filter((line) => line !== '');
    expect(lines.every((line) => line.startsWith('//'))).toBe(true);
    expect(lines).toContain("//   CREATE RULE r AS ON INSERT TO t DO ALSO SELECT '*/ x';");
    expect(lines).toContain('//   SELECT 5;');
    expect(block).not.toMatch(/\/\*/);
  });

  it('is deterministic', () => {
    expect(renderUnmodeledBlock([addr, addr])).toBe(renderUnmodeledBlock([addr, addr]));
  });
});
