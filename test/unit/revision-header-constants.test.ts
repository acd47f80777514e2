import { describe, expect, it } from 'vitest';
import { readRevisionHeader, renderRevisionFile } from '../../src/runtime/files/revision-file.js';

const BODY = `
export async function upgrade(op: Operations): Promise<void> {}

export async function downgrade(op: Operations): Promise<void> {}
`;

const read = (header: string) =>
  readRevisionHeader('/virtual/m1_merge.ts', `import type { Operations } from 'athanor';\n\n${header}\n${BODY}`);

describe('revision header constants as a formatter writes them', () => {
  it('reads an array split over lines, with a trailing comma and comments', () => {
    const header = read(
      [
        `export const revision = 'm1';`,
        `export const downRevision: string[] = [`,
        `  'a1b2c3d4e5f6', // first head`,
        `  "b1b2c3d4e5f6",`,
        `  /* third */ 'c1b2c3d4e5f6',`,
        `];`,
        `export const dependsOn = [`,
        `  'x1',`,
        `] // no semicolon`,
        `export const branchLabels: readonly string[] = ['merged']; // labels`,
        `export const message = 'merge heads';`,
      ].join('\n'),
    );
    expect(header.downRevisions).toEqual(['a1b2c3d4e5f6', 'b1b2c3d4e5f6', 'c1b2c3d4e5f6']);
    expect(header.dependsOn).toEqual(['x1']);
    expect(header.branchLabels).toEqual(['merged']);
    expect(header.message).toBe('merge heads');
  });

  it('reads string literals holding semicolons, commas, brackets and escaped quotes', () => {
    const header = read(
      [
        `export const revision = 'm1';`,
        `export const downRevision = ['a;b', 'c,d]'];`,
        `export const message = 'add x; drop y, it\\'s "done"';`,
        `export const createDate = "2026-01-01T00:00:00.000Z"; // when`,
        `export const lockTimeout = 500;`,
        `export const transactional = false;`,
      ].join('\n'),
    );
    expect(header.downRevisions).toEqual(['a;b', 'c,d]']);
    expect(header.message).toBe(`add x; drop y, it's "done"`);
    expect(header.createDate).toBe('2026-01-01T00:00:00.000Z');
    expect(header.lockTimeout).toBe('500ms');
    expect(header.transactional).toBe(false);
  });

  it('reads a value on the line after the equals sign', () => {
    const header = read(
      [
        `export const revision =`,
        `  'm1';`,
        `export const downRevision: string | null =`,
        `  null;`,
        `export const message =`,
        `  'a long message';`,
      ].join('\n'),
    );
    expect(header).toMatchObject({ revision: 'm1', downRevisions: [], message: 'a long message' });
  });

  it('still refuses what is not a literal', () => {
    const bad = (line: string) => () => read(`export const revision = 'm1';\n${line}`);
    expect(bad(`export const downRevision = [parent];`)).toThrow(
      /its downRevision must be null, a string literal or an array of string literals$/,
    );
    expect(bad(`export const downRevision = ['a' + 'b'];`)).toThrow(/its downRevision must be null/);
    expect(bad(`export const downRevision = ['a',\n  'b'`)).toThrow(/its downRevision must be null/);
    expect(bad(`export const downRevision = null;\nexport const message = 'a' + b;`)).toThrow(
      /its message must be a plain string literal$/,
    );
    expect(bad(`export const downRevision = null;\nexport const message = 'a\nb';`)).toThrow(
      /its message must be a plain string literal$/,
    );
    expect(bad(`export const downRevision = null;\nexport const transactional = 1;`)).toThrow(
      /its transactional must be true or false$/,
    );
  });

  it('reads the first export of a name, not a longer name that starts with it', () => {
    const header = read(
      [`export const revisionNote = 'no';`, `export const revision = 'm1';`, `export const downRevision = null;`].join(
        '\n',
      ),
    );
    expect(header.revision).toBe('m1');
  });
});

describe('revision file template', () => {
  const source = (downRevisions: string[], message = 'merge') =>
    renderRevisionFile({
      revision: 'm1',
      downRevisions,
      message,
      createDate: '2026-01-01T00:00:00.000Z',
      upgradeBody: '',
      downgradeBody: '',
    });

  it('writes a long array of parents one item per line, and reads it back', () => {
    const parents = ['a1b2c3d4e5f6', 'b1b2c3d4e5f6', 'c1b2c3d4e5f6'];
    const text = source(parents);
    expect(text).toContain(
      `export const downRevision: string[] = [\n  'a1b2c3d4e5f6',\n  'b1b2c3d4e5f6',\n  'c1b2c3d4e5f6',\n];\n`,
    );
    expect(text.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(readRevisionHeader('/virtual/m1_merge.ts', text).downRevisions).toEqual(parents);
  });

  it('keeps a short array on one line', () => {
    expect(source(['a1', 'b2'])).toContain(`export const downRevision: string[] = ['a1', 'b2'];\n`);
  });

  it('reads back a message with a semicolon', () => {
    expect(readRevisionHeader('/virtual/m1.ts', source(['a1'], 'add x; drop y')).message).toBe('add x; drop y');
  });
});
