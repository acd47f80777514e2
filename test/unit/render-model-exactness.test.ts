import { describe, expect, it } from 'vitest';
import { renderModelSource } from '../../src/pull/render-model.js';
import { completeModel, type ColumnModel, type SchemaModel, type TableModel } from '../../src/schema/index.js';
import { modelFiles } from '../helpers/model-files.js';
import { strictTypeErrors } from '../helpers/typecheck.js';

/** `migrate pull` writes text exactly as the model holds it, and consts that are valid and distinct whatever the names. */

const { dir, writeSource, loadSource: rebuild } = modelFiles('athanor-render-exact-');

const col = (name: string, type: string, extra: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: true,
  default: null,
  identity: null,
  ...extra,
});

function tableOf(partial: Partial<TableModel> & Pick<TableModel, 'name' | 'columns'>): TableModel {
  return { schema: 'public', primaryKey: null, foreignKeys: [], uniques: [], checks: [], indexes: [], ...partial };
}

/** The consts a rendered model declares, in order. */
function declaredConsts(source: string): string[] {
  return [...source.matchAll(/^export const (\S+) =/gmu)].map((m) => m[1]!);
}

describe('renderModelSource: text with line breaks', () => {
  const multiLine: SchemaModel = completeModel({
    schemas: [],
    enums: [],
    tables: [
      tableOf({
        name: 'notes',
        columns: [
          col('id', 'integer', { nullable: false }),
          col('b', 'text', { default: "'tab\there\nnl'::text" }),
          col('c', 'text', { default: "'first\n  second\n\nfourth'::text" }),
        ],
        primaryKey: { name: 'notes_pkey', columns: ['id'] },
        checks: [{ name: 'notes_c_check', expression: "(c <> 'x\n    y'::text)" }],
        indexes: [
          {
            name: 'notes_b_idx',
            unique: false,
            method: 'btree',
            columns: [{ column: 'b' }],
            where: "(b <> 'p\n  q'::text)",
          },
        ],
      }),
    ],
  });

  it('keeps every line of a default, check and index predicate as it is', async () => {
    const source = renderModelSource(multiLine);
    expect(source).toContain("sql`'first\n  second\n\nfourth'::text`");
    expect(await rebuild(source)).toEqual(multiLine);
    expect(strictTypeErrors([writeSource(source)], dir)).toEqual([]);
  }, 60_000);
});

describe('renderModelSource: names with dots', () => {
  const dotted: SchemaModel = completeModel({
    schemas: ['a', 'a.b'],
    enums: [],
    tables: [
      tableOf({
        schema: 'a',
        name: 'b.c',
        columns: [col('id', 'integer', { nullable: false })],
        primaryKey: { name: 'b.c_pkey', columns: ['id'] },
      }),
      tableOf({
        schema: 'a.b',
        name: 'c',
        columns: [col('id', 'integer', { nullable: false })],
        primaryKey: { name: 'c_pkey', columns: ['id'] },
      }),
      tableOf({
        name: 'r',
        columns: [col('x', 'integer'), col('y', 'integer')],
        foreignKeys: [
          {
            name: 'r_x_fkey',
            columns: ['x'],
            refSchema: 'a.b',
            refTable: 'c',
            refColumns: ['id'],
            onDelete: 'NO ACTION',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'r_y_fkey',
            columns: ['y'],
            refSchema: 'a',
            refTable: 'b.c',
            refColumns: ['id'],
            onDelete: 'NO ACTION',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    ],
  });

  it('gives schema "a.b" table c and schema a table "b.c" a const each, and each foreign key its own target', () => {
    const source = renderModelSource(dotted);
    const consts = declaredConsts(source);
    expect(new Set(consts).size).toBe(consts.length);
    expect(consts).toHaveLength(4);
    const target = (column: string): string =>
      new RegExp(`${column}: integer\\(\\)\\.references\\(\\(\\) => (\\w+)\\.columns`).exec(source)?.[1] ?? '';
    const x = target('x');
    const y = target('y');
    expect(x).not.toBe(y);
    expect(source).toMatch(
      new RegExp(`export const ${x} = metadata\\.table\\(\\s*'c',\\s*\\{[^}]*\\},\\s*\\{\\s*schema: 'a\\.b'`),
    );
    expect(source).toMatch(
      new RegExp(`export const ${y} = metadata\\.table\\(\\s*'b\\.c',\\s*\\{[^}]*\\},\\s*\\{\\s*schema: 'a'`),
    );
    expect(strictTypeErrors([writeSource(source)], dir)).toEqual([]);
  }, 60_000);
});

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces odd table names are made of: digits of other scripts, marks, emoji, reserved words, punctuation. */
const PIECES = [
  't',
  '²',
  '1',
  'abc',
  'class',
  'ü',
  '😀',
  '-',
  ' ',
  '.',
  '١٢٣',
  '٣',
  '①',
  '½',
  'Ⅻ',
  '１',
  '𝟗',
  'İ',
  'ŉ',
  'ß',
  'e\u0301',
  '\u0301',
  '\u20dd',
  '\u200d',
  '$',
  '_',
  'constructor',
  'metadata',
  'sql',
  'default',
  'ǅ',
  'ᾳ',
  '〇',
  '·',
  '¹',
];

const FIXED_NAMES = [
  't²',
  't2',
  '1abc',
  'class',
  'ü',
  '😀',
  '🙂🙃',
  '---',
  '١٢٣',
  'x١',
  '①',
  'a½b',
  'Ⅻ',
  '\u0301x',
  'a\u20ddb',
  'metadata',
  '$',
];

function oddNames(count: number, seed: number): string[] {
  const next = random(seed);
  const names = [...FIXED_NAMES];
  while (names.length < count) {
    const pieces = 1 + Math.floor(next() * 4);
    let name = '';
    for (let i = 0; i < pieces; i += 1) name += PIECES[Math.floor(next() * PIECES.length)]!;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

describe('renderModelSource: consts for odd names', () => {
  it('writes valid, distinct TypeScript consts for any table, enum and domain name, and the model compiles under --strict', async () => {
    const names = oddNames(60, 7);
    const model: SchemaModel = completeModel({
      schemas: [],
      enums: [{ schema: 'public', name: '²mood', values: ['a'] }],
      tables: names.map((name, i) =>
        tableOf({
          name,
          columns: [col('id', 'integer', { nullable: false }), col('prev', 'integer'), col('m', 'public."²mood"')],
          primaryKey: { name: `pk_${i}`, columns: ['id'] },
          foreignKeys:
            i === 0
              ? []
              : [
                  {
                    name: `fk_${i}`,
                    columns: ['prev'],
                    refSchema: 'public',
                    refTable: names[i - 1]!,
                    refColumns: ['id'],
                    onDelete: 'NO ACTION',
                    onUpdate: 'NO ACTION',
                  },
                ],
        }),
      ),
    });
    const source = renderModelSource(model);
    const consts = declaredConsts(source);
    expect(consts).toHaveLength(names.length + 2);
    expect(new Set(consts).size).toBe(consts.length);
    for (const name of consts) expect(name).toMatch(/^[\p{ID_Start}_$][\p{ID_Continue}$]*$/u);
    for (const name of consts) expect(name).not.toMatch(/(?![0-9])\p{N}/u);
    expect(strictTypeErrors([writeSource(source)], dir)).toEqual([]);
    const sorted = (tables: readonly TableModel[]): string[] => tables.map((t) => t.name).sort();
    expect(sorted((await rebuild(source)).tables)).toEqual(sorted(model.tables));
  }, 60_000);
});
