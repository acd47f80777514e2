import { describe, expect, it } from 'vitest';
import {
  col,
  bigint,
  bigserial,
  boolean,
  buildSchemaModel,
  buildSchemaModelInSlices,
  char,
  check,
  customType,
  date,
  defineMetadata,
  doublePrecision,
  foreignKey,
  index,
  integer,
  isMetadata,
  jsonb,
  numeric,
  outsideTable,
  serial,
  smallint,
  sql,
  text,
  time,
  timestamp,
  timestamptz,
  unique,
  uuid,
  varchar,
  type Metadata,
  type TableModel,
} from '../../src/schema/index.js';

function table(metadata: Metadata, name: string, schema = 'public'): TableModel {
  const found = buildSchemaModel(metadata).tables.find((t) => t.name === name && t.schema === schema);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

describe('buildSchemaModel: columns', () => {
  it('normalizes types to format_type spelling', () => {
    const md = defineMetadata();
    const mood = md.enum('Mood', ['sad', 'ok']);
    md.table('t', {
      a: smallint(),
      b: bigint(),
      c: numeric(10, 2),
      d: numeric(),
      e: doublePrecision(),
      f: varchar(20),
      g: varchar(),
      h: char(),
      i: char(3),
      j: time(3),
      k: timestamp(),
      l: timestamptz(3),
      m: text().array(),
      n: mood.column(),
      o: mood.column().array(),
      p: customType('int4'),
      q: customType('citext'),
      r: numeric(5),
    });
    expect(table(md, 't').columns.map((c) => c.type)).toEqual([
      'smallint',
      'bigint',
      'numeric(10,2)',
      'numeric',
      'double precision',
      'character varying(20)',
      'character varying',
      'character(1)',
      'character(3)',
      'time(3) without time zone',
      'timestamp without time zone',
      'timestamp(3) with time zone',
      'text[]',
      'public."Mood"',
      'public."Mood"[]',
      'integer',
      'citext',
      'numeric(5,0)',
    ]);
  });

  it('writes defaults as SQL text without guessing casts', () => {
    const md = defineMetadata();
    const mood = md.enum('mood', ['sad', 'ok']);
    md.table('t', {
      a: text().default("it's"),
      b: integer().default(-1),
      c: numeric(4, 2).default(1.5),
      d: boolean().default(false),
      e: jsonb().default({ theme: 'dark', tags: ["o'k"] }),
      f: jsonb().default([1, 2]),
      g: timestamptz().default(sql`now()`),
      h: text().default('x').default(null),
      i: mood.column().default('ok'),
      j: text()
        .array()
        .default(sql`'{}'::text[]`),
    });
    expect(table(md, 't').columns.map((c) => c.default)).toEqual([
      "'it''s'",
      '-1',
      '1.5',
      'false',
      `'{"theme":"dark","tags":["o''k"]}'`,
      "'[1,2]'",
      'now()',
      null,
      "'ok'",
      "'{}'::text[]",
    ]);
  });

  it('makes primary key, serial and identity columns NOT NULL', () => {
    const md = defineMetadata();
    md.table('t', {
      id: integer().primaryKey(),
      s: bigserial(),
      g: bigint().identity('always'),
      b: smallint().identity('byDefault'),
      n: text().notNull(),
      x: text().notNull().nullable(),
      y: text(),
    });
    const columns = table(md, 't').columns;
    expect(columns.map((c) => [c.name, c.nullable])).toEqual([
      ['id', false],
      ['s', false],
      ['g', false],
      ['b', false],
      ['n', false],
      ['x', true],
      ['y', true],
    ]);
    expect(columns.map((c) => c.identity)).toEqual([null, null, { always: true }, { always: false }, null, null, null]);
    expect(columns[1]).toEqual({ name: 's', type: 'bigserial', nullable: false, default: null, identity: null });
  });

  it('names a NOT NULL constraint with notNull({ name }), truncated to 63 bytes; nullable() forgets it', () => {
    const md = defineMetadata();
    md.table('t', {
      id: integer().primaryKey().notNull({ name: 'id_required' }),
      n: text().notNull({ name: 'x'.repeat(70) }),
      m: text().notNull({ name: 'gone' }).nullable(),
    });
    const columns = table(md, 't').columns;
    expect(columns.map((c) => [c.name, c.nullable, c.notNullName])).toEqual([
      ['id', false, 'id_required'],
      ['n', false, 'x'.repeat(63)],
      ['m', true, undefined],
    ]);
  });

  it('keeps builders immutable', () => {
    const base = text();
    const required = base.notNull();
    expect(base.spec.notNull).toBe(false);
    expect(required.spec.notNull).toBe(true);
    expect(required).not.toBe(base);
  });
});

describe('buildSchemaModel: structure', () => {
  function shop(order: 'forward' | 'reverse'): Metadata {
    const md = defineMetadata({ schemas: ['audit', 'public'] });
    const define = {
      orgs: () => md.table('orgs', { id: serial().primaryKey(), name: text().notNull().unique() }),
      items: () =>
        md.table(
          'items',
          {
            org_id: integer().notNull(),
            sku: text().notNull(),
            price: numeric(10, 2),
            owner: integer().references(() => orgsRef().columns.id, { onDelete: 'cascade', onUpdate: 'SET NULL' }),
          },
          {
            schema: 'shop',
            primaryKey: { columns: ['org_id', 'sku'] },
            uniques: [unique(['sku', 'org_id'])],
            checks: [check(sql`price >= 0`), check(sql`price < 1000 AND sku <> ''`)],
            foreignKeys: [foreignKey(['org_id'], () => orgsRef(), ['id'], { onDelete: 'restrict' })],
            indexes: [
              index(['sku']),
              index([sql`lower(sku)`], { unique: true, where: sql`price IS NOT NULL`, method: 'hash' }),
            ],
          },
        ),
    };
    let orgsTable: ReturnType<typeof define.orgs> | undefined;
    const orgsRef = (): ReturnType<typeof define.orgs> => orgsTable as ReturnType<typeof define.orgs>;
    if (order === 'forward') {
      orgsTable = define.orgs();
      define.items();
    } else {
      define.items();
      orgsTable = define.orgs();
    }
    md.enum('status', ['new', 'done'], { schema: 'shop' });
    return md;
  }

  it('collects schemas, tables, constraints and indexes with Postgres default names', () => {
    const model = buildSchemaModel(shop('forward'));
    expect(model.schemas).toEqual(['audit', 'shop']);
    expect(model.enums).toEqual([{ schema: 'shop', name: 'status', values: ['new', 'done'] }]);
    expect(model.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['public.orgs', 'shop.items']);
    const items = model.tables[1] as TableModel;
    expect(items.primaryKey).toEqual({ name: 'items_pkey', columns: ['org_id', 'sku'] });
    expect(items.uniques).toEqual([{ name: 'items_sku_org_id_key', columns: ['sku', 'org_id'] }]);
    expect(items.checks).toEqual([
      { name: 'items_check', expression: "price < 1000 AND sku <> ''" },
      { name: 'items_price_check', expression: 'price >= 0' },
    ]);
    expect(items.foreignKeys).toEqual([
      {
        name: 'items_org_id_fkey',
        columns: ['org_id'],
        refSchema: 'public',
        refTable: 'orgs',
        refColumns: ['id'],
        onDelete: 'RESTRICT',
        onUpdate: 'NO ACTION',
      },
      {
        name: 'items_owner_fkey',
        columns: ['owner'],
        refSchema: 'public',
        refTable: 'orgs',
        refColumns: ['id'],
        onDelete: 'CASCADE',
        onUpdate: 'SET NULL',
      },
    ]);
    expect(items.indexes).toEqual([
      {
        name: 'items_lower_idx',
        unique: true,
        method: 'hash',
        columns: [{ expression: 'lower(sku)' }],
        where: 'price IS NOT NULL',
      },
      { name: 'items_sku_idx', unique: false, method: 'btree', columns: [{ column: 'sku' }], where: null },
    ]);
    expect(model.tables[0]?.uniques).toEqual([{ name: 'orgs_name_key', columns: ['name'] }]);
  });

  it('builds the same model in slices, giving way to the event loop between them', async () => {
    let gaveWay = false;
    setImmediate(() => (gaveWay = true));
    const sliced = await buildSchemaModelInSlices(shop('forward'), 0);
    expect(gaveWay).toBe(true);
    expect(JSON.stringify(sliced)).toBe(JSON.stringify(buildSchemaModel(shop('forward'))));
  });

  it('reports a fault in the model from a slice as the build in one stretch does', async () => {
    const md = defineMetadata();
    md.table('t', { a: integer() });
    md.table('t', { b: integer() });
    expect(() => buildSchemaModel(md)).toThrow(/declared twice/);
    await expect(buildSchemaModelInSlices(md, 0)).rejects.toThrow(/declared twice/);
  });

  it('does not depend on declaration order', () => {
    expect(buildSchemaModel(shop('reverse'))).toEqual(buildSchemaModel(shop('forward')));
    expect(JSON.stringify(buildSchemaModel(shop('reverse')))).toBe(JSON.stringify(buildSchemaModel(shop('forward'))));
  });

  it('resolves collisions like Postgres: a number after the label', () => {
    const md = defineMetadata();
    md.table(
      't',
      { a: integer().unique(), b: integer() },
      {
        uniques: [unique(['a'])],
        checks: [check(sql`a > 0`), check(sql`a < 10`), check(sql`a <> 5`, { name: 't_a_check1' })],
        indexes: [index(['a']), index(['a']), index(['b'], { name: 't_a_idx' })],
      },
    );
    md.table('t_b_idx', { id: integer() });
    const t = table(md, 't');
    expect(t.uniques.map((u) => u.name)).toEqual(['t_a_key', 't_a_key1']);
    expect(t.checks.map((c) => c.name)).toEqual(['t_a_check', 't_a_check1', 't_a_check2']);
    expect(t.indexes.map((i) => i.name)).toEqual(['t_a_idx', 't_a_idx1', 't_a_idx2']);
  });
});

describe('buildSchemaModel: naming convention', () => {
  const namingConvention = {
    ix: 'ix_%(column_0_label)s',
    uq: 'uq_%(table_name)s_%(column_0_name)s',
    ck: 'ck_%(table_name)s_%(constraint_name)s',
    fk: 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    pk: 'pk_%(table_name)s',
  };

  it('names unnamed objects from the convention and keeps other explicit names', () => {
    const md = defineMetadata({ namingConvention });
    const orgs = md.table('orgs', { id: serial().primaryKey(), name: text().unique() });
    md.table(
      'users',
      { id: bigserial().primaryKey(), org_id: integer().references(() => orgs.columns.id), email: text() },
      {
        checks: [check(sql`id > 0`, { name: 'positive' })],
        indexes: [index(['email']), index([sql`lower(email)`], { name: 'by_lower_email' })],
        uniques: [unique(['email'], { name: 'one_email' })],
      },
    );
    const users = table(md, 'users');
    expect(users.primaryKey?.name).toBe('pk_users');
    expect(users.foreignKeys.map((f) => f.name)).toEqual(['fk_users_org_id_orgs']);
    expect(users.checks.map((c) => c.name)).toEqual(['ck_users_positive']);
    expect(users.indexes.map((i) => i.name)).toEqual(['by_lower_email', 'ix_users_email']);
    expect(users.uniques.map((u) => u.name)).toEqual(['one_email']);
    expect(table(md, 'orgs').uniques.map((u) => u.name)).toEqual(['uq_orgs_name']);
  });

  it('asks for a name when the convention needs %(constraint_name)s', () => {
    const md = defineMetadata({ namingConvention });
    md.table('users', { id: integer() }, { checks: [check(sql`id > 0`)] });
    expect(() => buildSchemaModel(md)).toThrow(/check constraint on table "users" \(id\).*give the object a name/);
  });
});

describe('buildSchemaModel: validation', () => {
  function fails(define: (md: Metadata) => void): string {
    const md = defineMetadata();
    define(md);
    try {
      buildSchemaModel(md);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected buildSchemaModel to fail');
  }

  it('rejects unknown columns, naming table and column', () => {
    expect(fails((md) => md.table('t', { a: integer() }, { uniques: [unique(['b' as 'a'])] }))).toBe(
      'table public.t, column b: a unique constraint names a column the table does not have',
    );
    expect(fails((md) => md.table('t', { a: integer() }, { indexes: [index(['nope' as 'a'])] }))).toMatch(
      /column nope: an index/,
    );
    expect(fails((md) => md.table('t', { a: integer() }, { primaryKey: { columns: ['z' as 'a'] } }))).toMatch(
      /column z: the primary key/,
    );
  });

  it('refuses in one line a key whose columns are not a list of names (a model loaded without type checks)', () => {
    expect(fails((md) => md.table('t', { a: integer(), b: integer() }, { primaryKey: ['a', 'b'] as never }))).toBe(
      "table public.t: the primary key takes its columns as a list of names: primaryKey: { columns: ['a', 'b'] }",
    );
    expect(fails((md) => md.table('t', { a: integer() }, { uniques: [{ columns: 'a' } as never] }))).toBe(
      "table public.t: a unique constraint takes its columns as a list of names: uniques: [unique(['a', 'b'])]",
    );
    expect(fails((md) => md.table('t', { a: integer() }, { indexes: [{ columns: 'a', options: {} } as never] }))).toBe(
      "table public.t: an index takes its columns as a list: indexes: [index(['a', 'b'])]",
    );
  });

  it('rejects two primary keys', () => {
    expect(fails((md) => md.table('t', { a: integer().primaryKey(), b: integer().primaryKey() }))).toMatch(
      /table public.t: declares more than one primary key/,
    );
    expect(
      fails((md) => md.table('t', { a: integer().primaryKey(), b: integer() }, { primaryKey: { columns: ['b'] } })),
    ).toMatch(/more than one primary key/);
  });

  it('rejects duplicate tables and enums', () => {
    expect(fails((md) => [md.table('t', { a: integer() }), md.table('t', { b: integer() })])).toMatch(
      /table public.t: is declared twice/,
    );
    expect(fails((md) => [md.enum('e', ['a']), md.enum('e', ['b'])])).toMatch(/enum public.e: is declared twice/);
    expect(fails((md) => md.enum('e', ['a', 'a']))).toMatch(/value 'a' appears twice/);
  });

  it('rejects foreign keys to tables outside the metadata and column count mismatches', () => {
    const other = defineMetadata().table('other', { id: integer() });
    expect(fails((md) => md.table('t', { a: integer().references(() => other.columns.id) }))).toMatch(
      /table public.t, column a: .references\(\) must return a column of a table in this metadata/,
    );
    expect(
      fails((md) => md.table('t', { a: integer() }, { foreignKeys: [foreignKey(['a'], () => other, ['id'])] })),
    ).toMatch(/table public.t: a foreign key refers to a table that is not in this metadata/);
    expect(
      fails((md) => {
        const p = md.table('p', { x: integer(), y: integer() });
        md.table('t', { a: integer() }, { foreignKeys: [foreignKey(['a'], () => p, ['x', 'y'])] });
      }),
    ).toMatch(/table public.t: a foreign key has 1 column\(s\) \(a\) but refers to 2/);
    expect(
      fails((md) => {
        const p = md.table('p', { x: integer() });
        md.table('t', { a: integer() }, { foreignKeys: [foreignKey(['a'], () => p, ['q' as 'x'])] });
      }),
    ).toMatch(/table public.p, column q: a foreign key from t names a column/);
  });

  it('builds a foreign key to a table outside the model, in a schema it declares no table in', () => {
    const md = defineMetadata();
    md.table(
      'profile',
      { id: integer().primaryKey() },
      {
        foreignKeys: [foreignKey(['id'], () => outsideTable('auth', 'users'), ['id'], { onDelete: 'cascade' })],
      },
    );
    const [fk] = buildSchemaModel(md).tables[0]!.foreignKeys;
    expect(fk).toMatchObject({ refSchema: 'auth', refTable: 'users', refColumns: ['id'], onDelete: 'CASCADE' });
    expect(fk?.name).toBe('profile_id_fkey');
    expect(
      fails((m) => {
        m.table('users', { id: integer() });
        m.table(
          't',
          { a: integer() },
          { foreignKeys: [foreignKey(['a'], () => outsideTable('public', 'other'), ['id'])] },
        );
      }),
    ).toMatch(/outsideTable\('public', 'other'\) is in a schema the model declares tables in; declare the table/);
    expect(
      fails((m) =>
        m.table(
          't',
          { a: integer() },
          { foreignKeys: [foreignKey(['a'], () => outsideTable('auth', 'u'), ['x', 'y'])] },
        ),
      ),
    ).toMatch(/a foreign key has 1 column\(s\) \(a\) but refers to 2/);
  });

  it("builds a column's reference to a column of a table outside the model, as its table-level key", () => {
    const users = outsideTable('auth', 'users');
    const byColumn = defineMetadata();
    byColumn.table('profile', {
      id: integer()
        .primaryKey()
        .references(() => users.column('id'), { onDelete: 'cascade' }),
    });
    const byTable = defineMetadata();
    byTable.table(
      'profile',
      { id: integer().primaryKey() },
      { foreignKeys: [foreignKey(['id'], () => users, ['id'], { onDelete: 'cascade' })] },
    );
    expect(buildSchemaModel(byColumn)).toEqual(buildSchemaModel(byTable));
    expect(
      fails((m) => {
        m.table('users', { id: integer() });
        m.table('t', { a: integer().references(() => outsideTable('public', 'users').column('id')) });
      }),
    ).toMatch(/outsideTable\('public', 'users'\) is in a schema the model declares tables in/);
  });

  it('rejects impossible columns', () => {
    const elsewhere = defineMetadata().enum('e', ['a']);
    expect(fails((md) => md.table('t', { a: elsewhere.column() }))).toMatch(
      /column a: enum e is not declared in this metadata/,
    );
    expect(
      fails((md) =>
        md.table('t', {
          a: md
            .enum('e', ['x', 'y'])
            .column()
            .default('z' as 'x'),
        }),
      ),
    ).toMatch(/column a: default 'z' is not a value of enum e/);
    expect(fails((md) => md.table('t', { a: text().identity('always') }))).toMatch(
      /must be smallint, integer or bigint, not text/,
    );
    expect(fails((md) => md.table('t', { a: integer().identity('always').default(1) }))).toMatch(
      /identity column cannot have a default/,
    );
    expect(fails((md) => md.table('t', { a: text().default({ a: 1 }) }))).toMatch(/only json and jsonb columns/);
    expect(fails((md) => md.table('t', { a: serial().array() }))).toMatch(/serial type cannot be an array/);
    expect(fails((md) => md.table('t', { a: integer().default(Number.NaN) }))).toMatch(/not a finite number/);
    expect(
      fails((md) =>
        md.table('t', { a: integer() }, { foreignKeys: [foreignKey(['a'], () => undefined as never, [])] }),
      ),
    ).toMatch(/refers to a table that is not in this metadata/);
    expect(
      fails((md) =>
        md.table('t', {
          a: integer().references(() => {
            throw new Error('boom');
          }),
        }),
      ),
    ).toMatch(/column a: a reference thunk failed \(boom\)/);
  });

  it('rejects duplicate names and names over 63 bytes', () => {
    expect(fails((md) => md.table('t', { a: integer().unique('x'), b: integer().unique('x') }))).toMatch(
      /name "x" is already used/,
    );
    expect(fails((md) => [md.table('t', { a: integer() }), md.table('u', { a: integer().unique('t') })])).toMatch(
      /name "t" is already used/,
    );
    expect(
      fails((md) =>
        md.table(
          't',
          { a: integer() },
          { checks: [check(sql`a > 0`, { name: 'c' }), check(sql`a > 1`, { name: 'c' })] },
        ),
      ),
    ).toMatch(/constraint name "c" is used twice/);
    expect(fails((md) => md.table('x'.repeat(64), { a: integer() }))).toMatch(/longer than 63 bytes/);
    expect(fails((md) => md.table('t', { ['é'.repeat(32)]: integer() }))).toMatch(/longer than 63 bytes/);
  });

  it('allows the same check name on two tables, as Postgres does', () => {
    const md = defineMetadata();
    md.table('a', { x: integer() }, { checks: [check(sql`x > 0`, { name: 'positive' })] });
    md.table('b', { x: integer() }, { checks: [check(sql`x > 0`, { name: 'positive' })] });
    expect(buildSchemaModel(md).tables.map((t) => t.checks[0]?.name)).toEqual(['positive', 'positive']);
  });
});

describe('metadata', () => {
  it('is recognized by isMetadata and places tables in its default schema', () => {
    const md = defineMetadata({ schema: 'app' });
    const e = md.enum('kind', ['a']);
    const t = md.table('t', { id: uuid(), k: e.column(), d: date() });
    expect(isMetadata(md)).toBe(true);
    expect(isMetadata({ kind: 'metadata' })).toBe(false);
    expect(t.schema).toBe('app');
    expect(t.columns.id.name).toBe('id');
    expect(t.columns.id.table).toEqual({ schema: 'app', name: 't' });
    const model = buildSchemaModel(md);
    expect(model.schemas).toEqual(['app']);
    expect(model.tables[0]?.columns[1]?.type).toBe('app.kind');
  });
});

describe('buildSchemaModel: storage parameters and statistics targets', () => {
  it('keeps storage parameters as text in the order given, and a statistics target other than the default', () => {
    const md = defineMetadata();
    md.table(
      'events',
      { id: integer(), kind: text().statistics(500), at: timestamptz().statistics(-1) },
      {
        with: { fillfactor: 70, 'toast.autovacuum_enabled': false },
        primaryKey: { columns: ['id'], with: { fillfactor: 100 } },
        uniques: [unique(['kind', 'at'], { with: { deduplicate_items: false } }), unique(['at'], { with: {} })],
        indexes: [index(['kind'], { with: { fillfactor: 90 } })],
      },
    );
    const events = table(md, 'events');
    expect(events.with).toEqual({ fillfactor: '70', 'toast.autovacuum_enabled': 'false' });
    expect(Object.keys(events.with!)).toEqual(['fillfactor', 'toast.autovacuum_enabled']);
    expect(events.indexes[0]!.with).toEqual({ fillfactor: '90' });
    expect(events.primaryKey?.with).toEqual({ fillfactor: '100' });
    const uniques = new Map(events.uniques.map((u) => [u.columns.join(), u]));
    expect(uniques.get('kind,at')?.with).toEqual({ deduplicate_items: 'false' });
    expect('with' in uniques.get('at')!).toBe(false);
    expect(events.columns.map((c) => c.statistics)).toEqual([undefined, 500, undefined]);
    expect('statistics' in events.columns[2]!).toBe(false);
  });

  it('refuses a statistics target Postgres would refuse', () => {
    const md = defineMetadata();
    md.table('events', { kind: text().statistics(20000) });
    expect(() => buildSchemaModel(md)).toThrow(/\.statistics\(20000\) must be an integer from 0 to 10000/);
  });
});

describe('buildSchemaModel: column storage and compression', () => {
  it('keeps them upper-cased and lower-cased as the catalog reads them back, and refuses an unknown storage', () => {
    const md = defineMetadata();
    md.table('docs', { body: text().storage('external').compression('LZ4') });
    expect(table(md, 'docs').columns[0]).toMatchObject({ storage: 'EXTERNAL', compression: 'lz4' });
    const bad = defineMetadata();
    bad.table('docs', { body: text().storage('inline' as 'main') });
    expect(() => buildSchemaModel(bad)).toThrow(
      /\.storage\('inline'\) must be 'plain', 'external', 'extended' or 'main'/,
    );
  });
});

describe('buildSchemaModel: index key statistics', () => {
  it('takes a statistics target on an expression key only', () => {
    const md = defineMetadata();
    md.table('docs', { body: text() }, { indexes: [index([col(sql`lower(body)`, { statistics: 300 })])] });
    expect(table(md, 'docs').indexes[0]!.columns).toEqual([{ expression: 'lower(body)', statistics: 300 }]);
    const bad = defineMetadata();
    bad.table('docs', { body: text() }, { indexes: [index([col('body', { statistics: 300 })])] });
    expect(() => buildSchemaModel(bad)).toThrow(
      /index key body: statistics must be an integer from 0 to 10000, on an expression key/,
    );
  });
});
