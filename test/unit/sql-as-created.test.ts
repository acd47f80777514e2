import { beforeAll, describe, expect, it } from 'vitest';
import { sqlParser, writtenAsCreated, type SqlParser } from '../../src/pg/scratch/sql-as-created.js';

const list = (...values: string[]): string => values.map((v) => `'${v}'::character varying`).join(', ');
const printedAny = (operand: string, ...values: string[]): string =>
  `(${operand})::text = ANY ((ARRAY[${list(...values)}])::text[])`;

describe('writtenAsCreated', () => {
  it('writes a varchar column compared with a list as IN, and its negation as NOT IN', () => {
    expect(writtenAsCreated(`(${printedAny('type', 'a', 'b')})`)).toBe(`(type IN (${list('a', 'b')}))`);
    expect(writtenAsCreated(`((t.kind)::text <> ALL ((ARRAY[${list('x')}])::text[]))`)).toBe(
      `(t.kind NOT IN (${list('x')}))`,
    );
  });

  it('keeps quoted names and doubled quotes in the values', () => {
    expect(writtenAsCreated(printedAny('t."Kind"', "it''s", 'b'))).toBe(`t."Kind" IN (${list("it''s", 'b')})`);
  });

  it('puts an operand other than a column in parentheses, reading back over its literals and parentheses', () => {
    expect(writtenAsCreated(printedAny("'x)'::character varying", 'a'))).toBe(
      `('x)'::character varying) IN (${list('a')})`,
    );
    expect(writtenAsCreated(`(${printedAny('lower((v)::text)', 'a')})`)).toBe(`((lower((v)::text)) IN (${list('a')}))`);
  });

  it('writes = ALL and <> ANY over the list as they read, without the casts', () => {
    expect(writtenAsCreated(`(c)::text = ALL ((ARRAY[${list('a')}])::text[])`)).toBe(`c = ALL (ARRAY[${list('a')}])`);
  });

  it('writes each of several comparisons, and leaves the rest of the text as it was', () => {
    const printed = `((${printedAny('a', 'x')}) OR ((b)::text = 'y'::text) OR (${printedAny('c', 'z')}))`;
    expect(writtenAsCreated(printed)).toBe(
      `((a IN (${list('x')})) OR ((b)::text = 'y'::text) OR (c IN (${list('z')})))`,
    );
  });

  it('leaves texts that create what they print alone', () => {
    for (const text of [
      "(c = ANY (ARRAY['a'::text, 'b'::text]))",
      "((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text]))",
      "((c)::text = ANY ((ARRAY[d, 'b'::character varying])::text[]))",
      'SELECT 1',
    ])
      expect(writtenAsCreated(text)).toBe(text);
  });
});

describe("writtenAsCreated: a subquery's unnamed cast", () => {
  let parser: SqlParser;
  beforeAll(async () => {
    parser = await sqlParser();
  });
  const named = ' AS "?column?"';

  it('names the cast of a UNION ALL branch in a subquery, and of a scalar subquery', () => {
    const view = ` SELECT q.a
   FROM ( SELECT 1 AS a
        UNION ALL
         SELECT NULL::integer
           FROM t) q;`;
    expect(writtenAsCreated(view, parser)).toBe(view.replace('NULL::integer', `NULL::integer${named}`));
    const scalar = " SELECT ( SELECT 'one'::text) AS label,\n    ( SELECT 'é'::text, x.y) AS z\n   FROM t";
    expect(writtenAsCreated(scalar, parser)).toBe(
      ` SELECT ( SELECT 'one'::text${named}) AS label,\n    ( SELECT 'é'::text${named}, x.y) AS z\n   FROM t`,
    );
  });

  it("ends a target at its list's end: not inside its parentheses, IS DISTINCT FROM or WITHIN GROUP", () => {
    const printed = `EXISTS ( SELECT (a IS DISTINCT FROM b)::text, percentile_cont(0.5) WITHIN GROUP (ORDER BY x)::integer FROM t WHERE ('x'::text = ANY (ARRAY['a'::text])))`;
    expect(writtenAsCreated(printed, parser)).toBe(
      `EXISTS ( SELECT (a IS DISTINCT FROM b)::text${named}, percentile_cont(0.5) WITHIN GROUP (ORDER BY x)::integer${named} FROM t WHERE ('x'::text = ANY (ARRAY['a'::text])))`,
    );
  });

  it("leaves the query's own targets, named targets, columns, and texts without the parser alone", () => {
    for (const text of [
      " SELECT NULL::integer AS a\n UNION ALL\n SELECT 'x'::text::integer AS a",
      ' SELECT q.a\n   FROM ( SELECT NULL::integer AS a, t.b, t.c::text AS c FROM t) q',
      'not sql at all ( SELECT',
    ])
      expect(writtenAsCreated(text, parser)).toBe(text);
    const union = ' SELECT q.a FROM ( SELECT 1 AS a UNION ALL SELECT NULL::integer) q';
    expect(writtenAsCreated(union)).toBe(union);
  });
});
