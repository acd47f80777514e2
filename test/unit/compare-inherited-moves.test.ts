import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import type { TableModel } from '../../src/schema/model.js';
import { column, model, table } from '../helpers/models.js';

/** A column that moves between a parent and the tables that inherit from it (`compare-inherited.ts`). */

const parent = (...extra: ReturnType<typeof column>[]): TableModel =>
  table('base', { columns: [column('id'), ...extra], primaryKey: null });
const child = (name: string, ...own: ReturnType<typeof column>[]): TableModel =>
  table(name, { columns: [column('x'), ...own], primaryKey: null, inherits: [{ schema: 'public', table: 'base' }] });
const grandchild = (...own: ReturnType<typeof column>[]): TableModel =>
  table('grand', {
    columns: [column('y'), ...own],
    primaryKey: null,
    inherits: [{ schema: 'public', table: 'child' }],
  });

const note = column('note', 'text');
const children = [{ schema: 'public', table: 'child' }];

describe('a column moved between a parent and the tables that inherit it', () => {
  it('dropped from the parent while a child declares it: the child keeps it (keptBy), nothing else changes', () => {
    const ops = compareModels(
      model({ tables: [parent(note), child('child'), child('other')] }),
      model({ tables: [parent(), child('child', note), child('other')] }),
    );
    expect(ops).toEqual([
      {
        kind: 'dropColumn',
        schema: 'public',
        table: 'base',
        column: 'note',
        removed: note,
        keptBy: children,
        keptColumn: note,
      },
    ]);
  });

  it('a child that declares it as its own with another default keeps it, then its default is set', () => {
    const ops = compareModels(
      model({ tables: [parent(note), child('child')] }),
      model({ tables: [parent(), child('child', { ...note, default: "'n'::text" })] }),
    );
    expect(ops.map((op) => op.kind)).toEqual(['dropColumn', 'alterColumn']);
    expect(ops[1]).toMatchObject({ table: 'child', column: 'note', to: { default: "'n'::text" } });
  });

  it("added to the parent while a child declares it: the child's own gives way (takenFrom)", () => {
    const ops = compareModels(
      model({ tables: [parent(), child('child', note)] }),
      model({ tables: [parent(note), child('child')] }),
    );
    expect(ops).toEqual([{ kind: 'addColumn', schema: 'public', table: 'base', column: note, takenFrom: children }]);
  });

  it("the child's own NOT NULL constraint name goes with each move where the move would name it otherwise", () => {
    const parents = { ...note, nullable: false, notNullName: 'note_required' };
    const own = { ...note, nullable: false, notNullName: 'child_note_own' };
    const named = [{ schema: 'public', table: 'child', notNullName: 'child_note_own' }];
    const taken = compareModels(
      model({ tables: [parent(), child('child', own)] }),
      model({ tables: [parent(parents), child('child')] }),
    );
    expect(taken).toEqual([{ kind: 'addColumn', schema: 'public', table: 'base', column: parents, takenFrom: named }]);
    const kept = compareModels(
      model({ tables: [parent(parents), child('child')] }),
      model({ tables: [parent(), child('child', own)] }),
    );
    expect(kept).toMatchObject([{ kind: 'dropColumn', keptBy: named }]);
    const sameName = compareModels(
      model({ tables: [parent(), child('child', { ...own, notNullName: 'note_required' })] }),
      model({ tables: [parent(parents), child('child')] }),
    );
    expect(sameName).toMatchObject([{ kind: 'addColumn', takenFrom: children }]);
  });

  it('a column a child declares as well (merged) is not moved: Postgres keeps it on the child', () => {
    const ops = compareModels(
      model({ tables: [parent(note), child('child', note)] }),
      model({ tables: [parent(), child('child', note)] }),
    );
    expect(ops).toEqual([expect.objectContaining({ kind: 'dropColumn', table: 'base', column: 'note' })]);
    expect(ops[0]).not.toHaveProperty('keptBy');
  });

  it('a grandchild that declares it keeps it through the child', () => {
    const ops = compareModels(
      model({ tables: [parent(note), child('child'), grandchild()] }),
      model({ tables: [parent(), child('child'), grandchild(note)] }),
    );
    expect(ops).toEqual([
      expect.objectContaining({ kind: 'dropColumn', table: 'base', keptBy: [{ schema: 'public', table: 'grand' }] }),
    ]);
  });

  it('an identity column is not moved: the child adds its own after the drop', () => {
    const identity = column('n', 'integer', {
      nullable: false,
      identity: { always: false, start: '1', increment: '1', min: '1', max: '2147483647', cache: '1', cycle: false },
    });
    const ops = compareModels(
      model({ tables: [parent(identity), child('child')] }),
      model({ tables: [parent(), child('child', { ...identity, identity: null })] }),
    );
    expect(ops.map((op) => [op.kind, 'table' in op ? op.table : ''])).toEqual([
      ['dropColumn', 'base'],
      ['addColumn', 'child'],
    ]);
    expect(ops[0]).not.toHaveProperty('keptBy');
  });
});

describe('DDL: a column moved with its values', () => {
  const notNull = { ...note, nullable: false, default: "''::text" };
  const drop = {
    kind: 'dropColumn' as const,
    schema: 'public',
    table: 'base',
    column: 'note',
    keptBy: children,
    keptColumn: notNull,
  };

  it('dropped from the parent: copied into a second column of the child, which takes its name, default and NOT NULL', () => {
    expect(compileOperation(drop).map((s) => s.sql)).toEqual([
      'ALTER TABLE "public"."child" ADD COLUMN "note_athanor_moved" text',
      'UPDATE "public"."child" SET "note_athanor_moved" = "note"',
      'ALTER TABLE "public"."base" DROP COLUMN "note"',
      'ALTER TABLE "public"."child" RENAME COLUMN "note_athanor_moved" TO "note"',
      `ALTER TABLE "public"."child" ALTER COLUMN "note" SET DEFAULT ''::text`,
      'ALTER TABLE "public"."child" ALTER COLUMN "note" SET NOT NULL',
    ]);
  });

  it("added to the parent: the child's own renamed aside, copied into the inherited one, dropped; NOT NULL last", () => {
    expect(compileOperation(reverseOperation(drop)).map((s) => s.sql)).toEqual([
      'ALTER TABLE "public"."child" RENAME COLUMN "note" TO "note_athanor_moved"',
      `ALTER TABLE "public"."base" ADD COLUMN "note" text DEFAULT ''::text`,
      'UPDATE "public"."child" SET "note" = "note_athanor_moved"',
      'ALTER TABLE "public"."child" DROP COLUMN "note_athanor_moved"',
      'ALTER TABLE "public"."base" ALTER COLUMN "note" SET NOT NULL',
    ]);
  });

  it("a child's NOT NULL constraint named otherwise than the copy would be: finished under the child's name, kept through the reverse", () => {
    const named = { ...drop, keptBy: [{ schema: 'public', table: 'child', notNullName: 'child_note_own' }] };
    expect(compileOperation(named).map((s) => s.sql)).toContain(
      'ALTER TABLE "public"."child" ADD CONSTRAINT "child_note_own" NOT NULL "note"',
    );
    expect(reverseOperation(named)).toMatchObject({ kind: 'addColumn', takenFrom: named.keptBy });
  });

  it('refuses a dropColumn with keptBy but no keptColumn, and a column with an identity', () => {
    const { keptColumn: _, ...bare } = drop;
    expect(() => compileOperation(bare)).toThrow(/give keptColumn/);
    const identity = { always: true, start: '1', increment: '1', min: '1', max: '9', cache: '1', cycle: false };
    expect(() => compileOperation({ ...drop, keptColumn: { ...notNull, identity } })).toThrow(
      /drop and add it instead/,
    );
  });
});
