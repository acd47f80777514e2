import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { rowMaker } from '../../src/pg/connection/pipeline.js';

/** node-postgres' own reading of a row, which `rowMaker` must match. */
function pgRow(fields: { name: string; dataTypeID: number; format?: string }[], values: unknown[]): unknown {
  const Result = (
    pg as unknown as { Result: new () => { addFields(f: unknown[]): void; parseRow(v: unknown[]): unknown } }
  ).Result;
  const result = new Result();
  result.addFields(fields);
  return result.parseRow(values);
}

describe('the rows of a pipeline statement', () => {
  it("are node-postgres' rows: its type parsers, nulls, and the later of two columns of one name", () => {
    const fields = [
      { name: 'n', dataTypeID: 23 },
      { name: 'big', dataTypeID: 20 },
      { name: 'ok', dataTypeID: 16 },
      { name: 'doc', dataTypeID: 114 },
      { name: 'tags', dataTypeID: 1009 },
      { name: 'x', dataTypeID: 25 },
      { name: 'x', dataTypeID: 23 },
      { name: 'say "hi"\n\\', dataTypeID: 25 },
      { name: 'gone', dataTypeID: 25 },
    ];
    const values = ['42', '9007199254740993', 't', '{"a":[1,2]}', '{a,"b c",NULL}', 'first', '7', 'q', null];
    const made = rowMaker(fields)(values);
    expect(made).toEqual(pgRow(fields, values));
    expect(made).toEqual({
      n: 42,
      big: '9007199254740993',
      ok: true,
      doc: { a: [1, 2] },
      tags: ['a', 'b c', null],
      x: 7,
      'say "hi"\n\\': 'q',
      gone: null,
    });
    expect(Object.keys(made)).toEqual(Object.keys(pgRow(fields, values) as object));
  });

  it('holds a column named __proto__ as its own value, not as the prototype', () => {
    const fields = [
      { name: '__proto__', dataTypeID: 25 },
      { name: 'n', dataTypeID: 23 },
    ];
    const made = rowMaker(fields)(['text', '1']);
    expect(Object.getOwnPropertyDescriptor(made, '__proto__')?.value).toBe('text');
    expect(made.n).toBe(1);
  });

  it('makes a row of no columns', () => {
    expect(rowMaker([])([])).toEqual({});
  });
});
