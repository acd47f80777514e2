import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { replacedEnumName } from '../../src/ops/families/replaced-enum-name.js';

const sqlOf = (op: Parameters<typeof compileOperation>[0]): string[] => compileOperation(op).map((s) => s.sql);

describe('DDL: enum values', () => {
  it('renames a value, quoting the labels', () => {
    expect(
      compileOperation({ kind: 'renameEnumValue', schema: 'public', name: 'mood', from: "it's ok", to: 'fine' }),
    ).toStrictEqual([{ sql: `ALTER TYPE "public"."mood" RENAME VALUE 'it''s ok' TO 'fine'`, transactional: true }]);
  });

  it('replaces an enum: rename, create, convert each column through text around its default, drop the old type', () => {
    const sql = sqlOf({
      kind: 'replaceEnum',
      schema: 'app',
      name: 'mood',
      from: ['sad', 'ok', 'happy'],
      to: ['happy', 'ok'],
      columns: [
        {
          schema: 'app',
          table: 'person',
          column: 'current',
          type: 'app.mood',
          default: { from: "'sad'::app.mood", to: "'ok'::app.mood" },
        },
        { schema: 'app', table: 'person', column: 'history', type: 'app.mood[]' },
        {
          schema: 'app',
          table: 'person',
          column: 'gone',
          type: 'app.mood',
          default: { from: "'sad'::app.mood", to: null },
        },
      ],
      note: 'a note is not SQL',
    });
    expect(sql).toEqual([
      'ALTER TYPE "app"."mood" RENAME TO "mood__athanor_old"',
      `CREATE TYPE "app"."mood" AS ENUM ('happy', 'ok')`,
      'ALTER TABLE "app"."person" ALTER COLUMN "current" DROP DEFAULT',
      'ALTER TABLE "app"."person" ALTER COLUMN "current" TYPE app.mood USING "current"::text::app.mood',
      `ALTER TABLE "app"."person" ALTER COLUMN "current" SET DEFAULT 'ok'::app.mood`,
      'ALTER TABLE "app"."person" ALTER COLUMN "history" TYPE app.mood[] USING "history"::text[]::app.mood[]',
      'ALTER TABLE "app"."person" ALTER COLUMN "gone" DROP DEFAULT',
      'ALTER TABLE "app"."person" ALTER COLUMN "gone" TYPE app.mood USING "gone"::text::app.mood',
      'DROP TYPE "app"."mood__athanor_old"',
    ]);
  });

  it('sets a default that only the new type has, without dropping a missing one', () => {
    const sql = sqlOf({
      kind: 'replaceEnum',
      schema: 'public',
      name: 'm',
      from: ['a'],
      to: ['b'],
      columns: [
        { schema: 'public', table: 't', column: 'c', type: 'public.m', default: { from: null, to: "'b'::public.m" } },
      ],
    });
    expect(sql.filter((s) => s.includes('DEFAULT'))).toEqual([
      `ALTER TABLE "public"."t" ALTER COLUMN "c" SET DEFAULT 'b'::public.m`,
    ]);
  });

  it('names the old type with a suffix a model is unlikely to use, within 63 bytes', () => {
    expect(replacedEnumName('mood')).toBe('mood__athanor_old');
    const long = 'é'.repeat(31); // 62 bytes
    const name = replacedEnumName(long);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(name).toBe(`${'é'.repeat(25)}__athanor_old`);
    const odd = `a${'é'.repeat(31)}`; // 63 bytes: the cut falls inside a character, which is left out whole
    expect(replacedEnumName(odd)).toBe(`a${'é'.repeat(24)}__athanor_old`);
  });
});
