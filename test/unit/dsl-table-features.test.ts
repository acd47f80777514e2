import { describe, expect, expectTypeOf, it } from 'vitest';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import {
  bigint,
  buildSchemaModel,
  check,
  col,
  customType,
  defineMetadata,
  desc,
  exclude,
  foreignKey,
  index,
  integer,
  numeric,
  sql,
  text,
  unique,
  type InsertOf,
  type RowOf,
} from '../../src/schema/index.js';

/** The DSL for table features, the model it builds, and the row types of generated columns. */

function tables() {
  const md = defineMetadata();
  const category = md.table(
    'category',
    {
      id: integer().identity('always', { start: 10, increment: 5n, max: '1000', cycle: true }).primaryKey(),
      code: text().collate('C').notNull(),
      label: text().collate('public."my coll"'),
    },
    {
      uniques: [
        unique(['code'], {
          nullsNotDistinct: true,
          initiallyDeferred: true,
          name: 'category_code_key',
          include: ['label'],
        }),
      ],
    },
  );
  const item = md.table(
    'item',
    {
      id: bigint().identity('byDefault'),
      category_id: integer().references(() => category.columns.id, { match: 'full', deferrable: true, notValid: true }),
      price: numeric(10, 2).notNull(),
      qty: integer().notNull(),
      during: customType('tstzrange'),
      name: text(),
      total: numeric().generatedAs(sql`price * qty`),
      checked: numeric()
        .generatedAs(sql`price * 2`)
        .notNull(),
    },
    {
      primaryKey: { columns: ['id'], deferrable: true, include: ['qty'] },
      checks: [check(sql`qty >= 0`, { notValid: true, noInherit: true })],
      foreignKeys: [
        foreignKey(['category_id'], () => category, ['id'], {
          name: 'item_category_fk',
          match: 'simple',
          initiallyDeferred: true,
        }),
      ],
      exclusions: [exclude(sql`USING gist (during WITH &&)`, { name: 'item_no_overlap' })],
      indexes: [
        index(
          [
            desc('name', { opclass: 'text_pattern_ops', nulls: 'last' }),
            col(sql`lower(name)`, { collate: 'C', nulls: 'first' }),
          ],
          {
            include: ['qty'],
            nullsNotDistinct: true,
            unique: true,
          },
        ),
        index([col('qty', { order: 'asc', nulls: 'last' }), desc('price', { nulls: 'first' })]),
      ],
    },
  );
  return { md, category, item };
}

describe('buildSchemaModel: table features', () => {
  const { md } = tables();
  const model = buildSchemaModel(md);
  const [category, item] = model.tables;

  it('builds identity options as text, collations as quoted names, generated expressions as written', () => {
    expect(category!.columns[0]).toEqual({
      name: 'id',
      type: 'integer',
      nullable: false,
      default: null,
      identity: { always: true, start: '10', increment: '5', max: '1000', cycle: true },
    });
    expect(category!.columns[1]!.collation).toBe('"C"');
    expect(category!.columns[2]!.collation).toBe('public."my coll"');
    expect(item!.columns.find((c) => c.name === 'total')).toEqual({
      name: 'total',
      type: 'numeric',
      nullable: true,
      default: null,
      identity: null,
      generated: 'price * qty',
    });
  });

  it('builds constraint attributes, only those that are set', () => {
    expect(category!.uniques).toEqual([
      {
        name: 'category_code_key',
        columns: ['code'],
        include: ['label'],
        nullsNotDistinct: true,
        deferrable: true,
        initiallyDeferred: true,
      },
    ]);
    expect(item!.primaryKey).toEqual({ name: 'item_pkey', columns: ['id'], include: ['qty'], deferrable: true });
    expect(item!.checks).toEqual([{ name: 'item_qty_check', expression: 'qty >= 0', notValid: true, noInherit: true }]);
    expect(item!.foreignKeys.map((f) => [f.name, f.match, f.deferrable, f.initiallyDeferred, f.notValid])).toEqual([
      ['item_category_fk', undefined, true, true, undefined],
      ['item_category_id_fkey', 'FULL', true, undefined, true],
    ]);
    expect(item!.exclusions).toEqual([{ name: 'item_no_overlap', definition: 'EXCLUDE USING gist (during WITH &&)' }]);
  });

  it("builds PostgreSQL 18's temporal keys and NOT ENFORCED; NOT ENFORCED takes no NOT VALID", () => {
    const md = defineMetadata();
    const room = md.table(
      'room',
      { id: integer(), valid: customType('tstzrange') },
      { primaryKey: { columns: ['id', 'valid'], withoutOverlaps: true } },
    );
    md.table(
      'booking',
      {
        id: integer().references(() => room.columns.id, { notEnforced: true, notValid: true }),
        valid: customType('tstzrange'),
        n: integer(),
      },
      {
        uniques: [unique(['n', 'valid'], { withoutOverlaps: true })],
        checks: [check(sql`(n > 0)`, { name: 'booking_n_check', notEnforced: true })],
        foreignKeys: [foreignKey(['id', 'valid'], () => room, ['id', 'valid'], { name: 'booking_room', period: true })],
      },
    );
    const [booking, built] = buildSchemaModel(md).tables;
    expect(built?.primaryKey).toEqual({ name: 'room_pkey', columns: ['id', 'valid'], withoutOverlaps: true });
    expect(booking?.uniques[0]).toMatchObject({ columns: ['n', 'valid'], withoutOverlaps: true });
    expect(booking?.checks[0]).toEqual({ name: 'booking_n_check', expression: '(n > 0)', notEnforced: true });
    expect(booking?.foreignKeys.map((k) => [k.name, k.notEnforced, k.notValid, k.period])).toEqual([
      ['booking_id_fkey', true, undefined, undefined],
      ['booking_room', undefined, undefined, true],
    ]);
  });

  it('builds the column list of ON DELETE SET NULL, and refuses one that does not fit', () => {
    const build = (onDelete: 'set null' | 'cascade', onDeleteColumns: string[]) => {
      const md = defineMetadata();
      const parent = md.table('parent', { id: integer(), t: integer() }, { primaryKey: { columns: ['id', 't'] } });
      md.table(
        'child',
        { parent_id: integer(), t: integer() },
        { foreignKeys: [foreignKey(['parent_id', 't'], () => parent, ['id', 't'], { onDelete, onDeleteColumns })] },
      );
      return buildSchemaModel(md).tables.find((t) => t.name === 'child')?.foreignKeys[0];
    };
    expect(build('set null', ['parent_id'])).toMatchObject({ onDelete: 'SET NULL', onDeleteColumns: ['parent_id'] });
    expect(() => build('cascade', ['parent_id'])).toThrow(/goes with onDelete: 'set null' or 'set default'/);
    expect(() => build('set null', ['id'])).toThrow(/names id, not a column of the foreign key/);
  });

  it('builds index keys with their options, defaults left out', () => {
    expect(item!.indexes).toEqual([
      {
        name: 'item_name_lower_idx',
        unique: true,
        method: 'btree',
        columns: [
          { column: 'name', opclass: 'text_pattern_ops', order: 'DESC', nulls: 'LAST' },
          { expression: 'lower(name)', collation: '"C"', nulls: 'FIRST' },
        ],
        where: null,
        include: ['qty'],
        nullsNotDistinct: true,
      },
      {
        name: 'item_qty_price_idx',
        unique: false,
        method: 'btree',
        columns: [{ column: 'qty' }, { column: 'price', order: 'DESC' }],
        where: null,
      },
    ]);
  });

  it('refuses a generated column with a default, and bad identity options', () => {
    const md2 = defineMetadata();
    md2.table('t', {
      a: integer()
        .generatedAs(sql`1`)
        .default(2),
    });
    expect(() => buildSchemaModel(md2)).toThrow(/a generated column cannot have a default/);
    const md3 = defineMetadata();
    md3.table('t', { a: integer().identity('always', { start: '1.5' }) });
    expect(() => buildSchemaModel(md3)).toThrow(/identity option start must be an integer/);
    const md4 = defineMetadata();
    md4.table('t', { a: integer() }, { indexes: [index(['a'], { include: ['b' as 'a'] })] });
    expect(() => buildSchemaModel(md4)).toThrow(/an index INCLUDE list names a column the table does not have/);
  });

  it("keeps an identity's sequence name unless it is the one Postgres gives, and refuses an empty one", () => {
    const md = defineMetadata();
    md.table('t', {
      a: integer().identity('always', { sequenceName: 't_a_seq' }),
      b: integer().identity('byDefault', { sequenceName: 'b_numbers' }),
    });
    expect(buildSchemaModel(md).tables[0]!.columns.map((c) => c.identity)).toEqual([
      { always: true },
      { always: false, sequenceName: 'b_numbers' },
    ]);
    const bad = defineMetadata();
    bad.table('t', { a: integer().identity('always', { sequenceName: ' ' }) });
    expect(() => buildSchemaModel(bad)).toThrow(/identity option sequenceName must be the sequence's name/);
  });

  it('leaves generated columns out of inserts and keeps them nullable unless declared NOT NULL', () => {
    const { item: table } = tables();
    expectTypeOf<RowOf<typeof table>['total']>().toEqualTypeOf<string | null>();
    expectTypeOf<RowOf<typeof table>['checked']>().toEqualTypeOf<string>();
    expectTypeOf<InsertOf<typeof table>>().not.toHaveProperty('total');
    expectTypeOf<InsertOf<typeof table>>().not.toHaveProperty('checked');
    expectTypeOf<InsertOf<typeof table>>().toHaveProperty('price');
  });

  it('builds a virtual generated column, and a stored one without the flag', () => {
    const md6 = defineMetadata();
    const t = md6.table('t', {
      qty: integer().notNull(),
      stored: integer().generatedAs(sql`qty * 2`),
      notVirtual: integer().generatedAs(sql`qty * 2`, { virtual: false }),
      doubled: integer().generatedAs(sql`qty * 2`, { virtual: true }),
      tripled: integer()
        .generatedAs(sql`qty * 3`, { virtual: true })
        .notNull(),
    });
    const [built] = buildSchemaModel(md6).tables;
    const byName = new Map(built!.columns.map((c) => [c.name, c]));
    expect(byName.get('stored')).toEqual({
      name: 'stored',
      type: 'integer',
      nullable: true,
      default: null,
      identity: null,
      generated: 'qty * 2',
    });
    expect(byName.get('notVirtual')).not.toHaveProperty('generatedVirtual');
    expect(byName.get('doubled')).toEqual({ ...byName.get('stored'), name: 'doubled', generatedVirtual: true });
    expect(byName.get('tripled')).toMatchObject({ nullable: false, generated: 'qty * 3', generatedVirtual: true });
    expectTypeOf<RowOf<typeof t>>().toEqualTypeOf<{
      qty: number;
      stored: number | null;
      notVirtual: number | null;
      doubled: number | null;
      tripled: number;
    }>();
    expectTypeOf<InsertOf<typeof t>>().toEqualTypeOf<{ qty: number }>();
  });

  it('type-checks index key and INCLUDE names against the table', () => {
    const md5 = defineMetadata();
    // @ts-expect-error 'nope' is not a column of t
    md5.table('t', { a: integer() }, { indexes: [index([desc('nope')])] });
    // @ts-expect-error 'nope' is not a column of t
    md5.table('u', { a: integer() }, { indexes: [index(['a'], { include: ['nope'] })] });
    // @ts-expect-error 'nope' is not a column of t
    md5.table('w', { a: integer() }, { uniques: [unique(['a'], { include: ['nope'] })] });
    md5.table('v', { a: integer() }, { indexes: [index([col(sql`a + 1`), desc('a')], { include: ['a'] })] });
    expect(md5.tables).toHaveLength(4);
  });
});

describe('reverse and describe: collations and identities', () => {
  const base = { kind: 'alterColumn', schema: 'public', table: 't', column: 'c' } as const;

  it('swaps collation and identity changes', () => {
    const op: Operation = {
      ...base,
      to: { type: 'text', collation: '"C"', identity: null },
      from: { type: 'text', collation: null, identity: { always: true } },
    };
    expect(reverseOperation(op)).toEqual({
      ...base,
      to: { type: 'text', collation: null, identity: { always: true } },
      from: op.to,
    });
  });

  it('refuses to reverse an identity change without its previous state', () => {
    expect(() => reverseOperation({ ...base, to: { identity: null }, from: {} })).toThrow(
      /from does not give the previous identity/,
    );
  });

  it('describes them without repeating an unchanged type', () => {
    const op: Operation = {
      ...base,
      to: { type: 'text', collation: '"C"', identity: { always: false, start: '5', cycle: true } },
      from: { type: 'text', collation: null, identity: null },
    };
    expect(describeOperation(op)).toBe(
      'alter column public.t.c: collation (default) -> "C", identity (none) -> by default (start 5, cycle)',
    );
  });

  it('describes a virtual generated column made plain, and made again', () => {
    const op: Operation = {
      ...base,
      to: { generated: null },
      from: { generated: '(a * 2)', generatedVirtual: true, type: 'integer', nullable: true },
    };
    expect(describeOperation(op)).toBe(
      'alter column public.t.c: generated as (a * 2) (virtual) -> not generated (values kept)',
    );
    expect(describeOperation(reverseOperation(op))).toBe(
      'alter column public.t.c: type integer, nullable, not generated (values kept) -> generated as (a * 2) (virtual)',
    );
  });

  it('describes exclusion constraints', () => {
    const constraint = { type: 'exclusion', name: 'ex', definition: 'EXCLUDE USING gist (d WITH &&)' } as const;
    expect(describeOperation({ kind: 'addConstraint', schema: 'public', table: 't', constraint })).toBe(
      'add exclusion constraint ex on public.t',
    );
  });
});

describe('DSL: constraint helpers called the wrong way', () => {
  it('say how to call them instead of failing later', () => {
    expect(() => check('price_positive' as never, { name: 'x' })).toThrow(
      /check\(\): takes the expression first, as sql`...`/,
    );
    expect(() => exclude('x' as never, { name: 'x' })).toThrow(/exclude\(\): takes the definition first/);
  });
});
