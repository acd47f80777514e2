import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  buildSchemaModel,
  check,
  defineMetadata,
  index,
  integer,
  sql,
  text,
  type PublicationDef,
  type RowOf,
} from '../../src/schema/index.js';

describe('DSL: extensions and sequences', () => {
  it('declares extensions in the metadata schema unless told', () => {
    const m = defineMetadata({ schema: 'app' });
    m.extension('citext', { schema: 'public' });
    m.extension('hstore');
    const model = buildSchemaModel(m);
    expect(model.extensions).toEqual([
      { name: 'citext', schema: 'public' },
      { name: 'hstore', schema: 'app' },
    ]);
    expect(model.schemas).toEqual(['app']);
  });

  it('fills in sequence options as Postgres does, in the increment direction', () => {
    const m = defineMetadata();
    m.sequence('up');
    m.sequence('down', { type: 'integer', increment: -1, cache: '10', cycle: true });
    m.sequence('big', { start: '9007199254740993', min: 5n, ownedBy: { table: 't', column: 'id' } });
    const [big, down, up] = buildSchemaModel(m).sequences!;
    expect(up).toEqual({
      schema: 'public',
      name: 'up',
      type: 'bigint',
      start: '1',
      increment: '1',
      min: '1',
      max: '9223372036854775807',
      cache: '1',
      cycle: false,
      ownedBy: null,
    });
    expect(down).toMatchObject({
      type: 'integer',
      start: '-1',
      increment: '-1',
      min: '-2147483648',
      max: '-1',
      cache: '10',
      cycle: true,
    });
    expect(big).toMatchObject({ start: '9007199254740993', min: '5', ownedBy: { table: 't', column: 'id' } });
  });

  it('refuses options that are not whole numbers and an increment of 0', () => {
    const m = defineMetadata();
    m.sequence('s', { start: 1.5 });
    expect(() => buildSchemaModel(m)).toThrow(/start must be a whole number/);
    const n = defineMetadata();
    n.sequence('s', { increment: 0 });
    expect(() => buildSchemaModel(n)).toThrow(/increment cannot be 0/);
  });

  it('gives a nextval() default that names the sequence as Postgres prints it', () => {
    const m = defineMetadata();
    const seq = m.sequence('Order No', { schema: 'sales' });
    expect(seq.nextval().text).toBe(`nextval('sales."Order No"'::regclass)`);
  });
});

describe('DSL: domains', () => {
  it('builds a domain with its base type, default, NOT NULL and checks named as Postgres names them', () => {
    const m = defineMetadata();
    const year = m.domain('year', integer(), {
      default: 2000,
      notNull: true,
      checks: [check(sql`VALUE > 1900`), check(sql`VALUE < 3000`)],
    });
    m.domain('label', 'varchar(20)', {
      default: "it's",
      checks: [check(sql`VALUE <> ''`, { name: 'label_not_empty' })],
    });
    const t = m.table('t', { y: year.column(), y2: year.column().array() });
    const model = buildSchemaModel(m);
    expect(model.domains).toEqual([
      {
        schema: 'public',
        name: 'label',
        type: 'character varying(20)',
        default: "'it''s'",
        notNull: false,
        checks: [{ name: 'label_not_empty', expression: "VALUE <> ''" }],
      },
      {
        schema: 'public',
        name: 'year',
        type: 'integer',
        default: '2000',
        notNull: true,
        checks: [
          { name: 'year_check', expression: 'VALUE > 1900' },
          { name: 'year_check1', expression: 'VALUE < 3000' },
        ],
      },
    ]);
    expect(model.tables[0]!.columns.map((c) => c.type)).toEqual(['public.year', 'public.year[]']);
    expectTypeOf<RowOf<typeof t>['y']>().toEqualTypeOf<number | null>();
  });

  it('keeps a check NOT VALID, and refuses one NO INHERIT or NOT ENFORCED, which only tables have', () => {
    const m = defineMetadata();
    m.domain('pos', integer(), { checks: [check(sql`VALUE > 0`, { name: 'pos_check', notValid: true })] });
    expect(buildSchemaModel(m).domains[0]!.checks).toEqual([
      { name: 'pos_check', expression: 'VALUE > 0', notValid: true },
    ]);
    const n = defineMetadata();
    n.domain('pos', integer(), { checks: [check(sql`VALUE > 0`, { noInherit: true })] });
    expect(() => buildSchemaModel(n)).toThrow(
      /domain public\.pos: a check NO INHERIT or NOT ENFORCED is a table's only: leave the option out/,
    );
  });

  it("takes a collation from the collation option or the base builder's .collate(), and refuses what only a column has", () => {
    const m = defineMetadata();
    m.domain('code', text().collate('C'));
    m.domain('label', 'text', { collation: 'C' });
    m.domain('word', text().collate('C'), { collation: '"C"' });
    m.domain('plain', text());
    expect(buildSchemaModel(m).domains.map((d) => [d.name, d.collation])).toEqual([
      ['code', '"C"'],
      ['label', '"C"'],
      ['plain', undefined],
      ['word', '"C"'],
    ]);
    const twice = defineMetadata();
    twice.domain('code', text().collate('C'), { collation: 'POSIX' });
    expect(() => buildSchemaModel(twice)).toThrow(
      /domain public\.code: its collation is given twice \(POSIX and the base type's C\): give one/,
    );
    const notNull = defineMetadata();
    notNull.domain('code', text().notNull());
    expect(() => buildSchemaModel(notNull)).toThrow(
      /domain public\.code: its base type cannot carry notNull: give it on the domain's notNull option/,
    );
    const unique = defineMetadata();
    unique.domain('code', text().unique());
    expect(() => buildSchemaModel(unique)).toThrow(
      /its base type cannot carry unique: give it on a column of the domain/,
    );
  });

  it('quotes a domain name in column types the way format_type does', () => {
    const m = defineMetadata();
    const big = m.domain('bıgınt', 'bigint');
    m.table('t', { b: big.column() });
    expect(buildSchemaModel(m).tables[0]!.columns[0]!.type).toBe('public."bıgınt"');
  });
});

describe('DSL: views', () => {
  it('builds views and materialized views, indexes named as Postgres would', () => {
    const m = defineMetadata();
    m.view('active', sql`SELECT id FROM t WHERE active`, {
      options: ['security_barrier=true'],
      comment: 'the active ones',
    });
    m.materializedView('stats', sql`SELECT kind, count(*) AS n FROM t GROUP BY kind`, {
      schema: 'reports',
      indexes: [index(['kind'], { unique: true })],
    });
    const model = buildSchemaModel(m);
    expect(model.views).toEqual([
      {
        schema: 'public',
        name: 'active',
        materialized: false,
        definition: 'SELECT id FROM t WHERE active',
        options: ['security_barrier=true'],
        columns: [],
        indexes: [],
        dependsOn: [],
      },
      {
        schema: 'reports',
        name: 'stats',
        materialized: true,
        definition: 'SELECT kind, count(*) AS n FROM t GROUP BY kind',
        options: [],
        columns: [],
        indexes: [
          { name: 'stats_kind_idx', unique: true, method: 'btree', columns: [{ column: 'kind' }], where: null },
        ],
        dependsOn: [],
      },
    ]);
    expect(model.schemas).toEqual(['reports']);
    expect(model.comments).toEqual([
      { target: { on: 'view', schema: 'public', name: 'active' }, text: 'the active ones' },
    ]);
  });

  it('takes withData: false on a materialized view, and refuses it on a view', () => {
    const m = defineMetadata();
    m.materializedView('stats', sql`SELECT 1 AS n`, { withData: false });
    m.materializedView('filled', sql`SELECT 1 AS n`, { withData: true });
    const views = buildSchemaModel(m).views;
    expect(views.find((v) => v.name === 'stats')?.withNoData).toBe(true);
    expect(views.find((v) => v.name === 'filled')).not.toHaveProperty('withNoData');
    const plain = defineMetadata();
    plain.view('v', sql`SELECT 1 AS n`, { withData: false } as never);
    expect(() => buildSchemaModel(plain)).toThrow(/view public\.v: only a materialized view is created without data/);
  });

  it('refuses a view given twice and a query that is not sql``', () => {
    const m = defineMetadata();
    m.view('v', sql`SELECT 1`);
    m.view('v', sql`SELECT 2`);
    expect(() => buildSchemaModel(m)).toThrow(/view public\.v: is declared twice/);
    expect(() => defineMetadata().view('v', 'SELECT 1' as never)).toThrow(/sql`/);
  });
});

describe('DSL: routines and triggers', () => {
  it('reads what a CREATE statement creates; argument types wait for the server', () => {
    const m = defineMetadata({ schema: 'app' });
    m.function(sql`CREATE OR REPLACE FUNCTION "Util".f(x int) RETURNS int LANGUAGE sql AS 'SELECT x'`);
    m.function(sql`create procedure cleanup() language sql as $$ delete from t $$`, { comment: 'nightly' });
    m.function(sql`CREATE AGGREGATE app.total(numeric) (SFUNC = numeric_add, STYPE = numeric)`);
    const model = buildSchemaModel(m);
    expect(model.functions!.map((f) => [f.schema, f.name, f.kind, f.argumentTypes])).toEqual([
      ['Util', 'f', 'function', '?0'],
      ['app', 'cleanup', 'procedure', '?1'],
      ['app', 'total', 'aggregate', '?2'],
    ]);
    expect(model.comments).toEqual([
      { target: { on: 'procedure', schema: 'app', name: 'cleanup', argumentTypes: '?1' }, text: 'nightly' },
    ]);
    expect(model.schemas).toEqual(['Util', 'app']);
  });

  it('reads a trigger name and its table', () => {
    const m = defineMetadata();
    m.trigger(sql`CREATE TRIGGER touch BEFORE UPDATE OF a, b ON sales.orders FOR EACH ROW EXECUTE FUNCTION touch()`);
    m.trigger(
      sql`CREATE CONSTRAINT TRIGGER "Check" AFTER INSERT ON orders DEFERRABLE FOR EACH ROW EXECUTE FUNCTION f()`,
    );
    expect(buildSchemaModel(m).triggers!.map((t) => [t.schema, t.table, t.name])).toEqual([
      ['public', 'orders', 'Check'],
      ['sales', 'orders', 'touch'],
    ]);
  });

  it('refuses statements it cannot read', () => {
    expect(() => defineMetadata().function(sql`SELECT 1`)).toThrow(/CREATE FUNCTION/);
    expect(() => defineMetadata().trigger(sql`CREATE TRIGGER t`)).toThrow(/CREATE TRIGGER name/);
  });
});

describe('DSL: comments', () => {
  it('collects comments from columns, tables, enums and metadata.comment()', () => {
    const m = defineMetadata({ schemas: ['audit'] });
    m.enum('mood', ['ok'], { comment: 'how it feels' });
    m.table('users', { id: integer().primaryKey(), email: text().comment('login') }, { comment: 'people' });
    m.comment({ constraint: 'users_pkey', table: 'users' }, 'the key');
    m.comment({ schema: 'audit' }, 'history');
    m.comment({ index: 'users_pkey' }, 'its index');
    const model = buildSchemaModel(m);
    expect(model.comments!.map((c) => [c.target.on, c.target.parent ?? '', c.target.name, c.text])).toEqual([
      ['column', 'users', 'email', 'login'],
      ['constraint', 'users', 'users_pkey', 'the key'],
      ['index', '', 'users_pkey', 'its index'],
      ['schema', '', 'audit', 'history'],
      ['table', '', 'users', 'people'],
      ['type', '', 'mood', 'how it feels'],
    ]);
  });

  it("takes '' for no comment: none at all on an object, none rather than initdb's on the public schema", () => {
    // Postgres keeps no empty comment: a table commented '' would read as uncommented and never match.
    const m = defineMetadata();
    m.table('users', { id: integer().comment('') }, { comment: '' });
    m.comment({ schema: 'public' }, '');
    expect(buildSchemaModel(m).comments).toEqual([
      { target: { on: 'schema', schema: 'public', name: 'public' }, text: '' },
    ]);
  });

  it("writes each target's fields in the order a reading of the database does", () => {
    // An unchanged model then equals its reading in key order too, which `check` compares at no cost.
    const m = defineMetadata({ schemas: ['audit'] });
    m.table('users', { id: integer().primaryKey(), email: text().comment('login') }, { comment: 'people' });
    m.comment({ constraint: 'users_pkey', table: 'users' }, 'the key');
    m.comment({ schema: 'audit' }, 'history');
    const order = ['on', 'schema', 'name', 'parent', 'argumentTypes'];
    const model = buildSchemaModel(m);
    expect(model.comments).toHaveLength(4);
    for (const { target } of model.comments!) {
      const keys = Object.keys(target);
      expect(keys, target.on).toEqual(order.filter((key) => keys.includes(key)));
    }
  });

  it('refuses a comment on something the model does not declare, or given twice', () => {
    const m = defineMetadata();
    m.table('users', { id: integer() });
    m.comment({ column: 'nope', table: 'users' }, 'x');
    expect(() => buildSchemaModel(m)).toThrow(/names an object the model does not declare/);
    const n = defineMetadata();
    n.table('users', { id: integer() }, { comment: 'a' });
    n.comment({ table: 'users' }, 'b');
    expect(() => buildSchemaModel(n)).toThrow(/is given twice/);
  });

  it("takes a comment on a composite type's attribute, and refuses one on an attribute it lacks", () => {
    const m = defineMetadata();
    m.compositeType('pair', { x: integer(), y: text() });
    m.comment({ column: 'x', table: 'pair' }, 'first');
    expect(buildSchemaModel(m).comments).toEqual([
      { target: { on: 'column', schema: 'public', name: 'x', parent: 'pair' }, text: 'first' },
    ]);
    const n = defineMetadata();
    n.compositeType('pair', { x: integer() });
    n.comment({ column: 'z', table: 'pair' }, 'x');
    expect(() => buildSchemaModel(n)).toThrow(/names an object the model does not declare/);
  });

  it('reads the kind of each metadata.comment() target from its keys, a part of a table before the table', () => {
    const m = defineMetadata({ schema: 'app' });
    m.table('users', { id: integer().primaryKey() });
    m.extension('citext', { schema: 'ext' });
    m.publication('changes');
    m.comment({ column: 'id', table: 'users' }, 'column');
    m.comment({ constraint: 'users_pkey', table: 'users' }, 'constraint');
    m.comment({ table: 'users' }, 'table');
    m.comment({ publication: 'changes' }, 'publication');
    m.comment({ extension: 'citext' }, 'extension');
    m.comment({ schema: 'app' }, 'schema');
    const targets = Object.fromEntries(buildSchemaModel(m).comments.map((c) => [c.text, c.target]));
    expect(targets).toEqual({
      column: { on: 'column', schema: 'app', name: 'id', parent: 'users' },
      constraint: { on: 'constraint', schema: 'app', name: 'users_pkey', parent: 'users' },
      table: { on: 'table', schema: 'app', name: 'users' },
      publication: { on: 'publication', schema: '', name: 'changes' },
      extension: { on: 'extension', schema: 'ext', name: 'citext' },
      schema: { on: 'schema', schema: 'app', name: 'app' },
    });
    const n = defineMetadata();
    n.comment({ publication: 'nowhere' }, 'x');
    expect(() => buildSchemaModel(n)).toThrow(
      /comment on publication nowhere: names an object the model does not declare/,
    );
    const o = defineMetadata();
    o.comment({ tabel: 'users' } as never, 'x');
    expect(() => buildSchemaModel(o)).toThrow(/names no object/);
  });

  it('takes comments on collations, rules and casts, each of which must be declared', () => {
    const m = defineMetadata();
    m.table('items', { id: integer().primaryKey() });
    m.collation('nocase', { provider: 'icu', locale: 'und-u-ks-level2', deterministic: false });
    m.rule(sql`CREATE RULE keep AS ON DELETE TO items DO INSTEAD NOTHING`);
    m.cast({ source: 'public.mood', target: 'text', method: 'inout' });
    m.comment({ collation: 'nocase' }, 'case-insensitive');
    m.comment({ rule: 'keep', table: 'items' }, 'no deletes');
    m.comment({ cast: { source: 'public.mood', target: ' text' } }, 'the label');
    const model = buildSchemaModel(m);
    expect(model.comments.map((c) => [c.target.on, c.target.schema, c.target.parent ?? '', c.target.name])).toEqual([
      ['cast', '', 'text', 'public.mood'],
      ['collation', 'public', '', 'nocase'],
      ['rule', 'public', 'items', 'keep'],
    ]);
    for (const on of [
      { collation: 'other' },
      { rule: 'other', table: 'items' },
      { cast: { source: 'text', target: 'public.mood' } },
    ]) {
      const n = defineMetadata();
      n.table('items', { id: integer().primaryKey() });
      n.comment(on, 'x');
      expect(() => buildSchemaModel(n)).toThrow(/names an object the model does not declare/);
    }
  });

  it("takes a comment on a column's NOT NULL constraint, by its name or Postgres' own", () => {
    const m = defineMetadata();
    m.table('users', {
      id: integer().primaryKey(),
      email: text().notNull({ name: 'email_required' }),
      nick: text().notNull(),
    });
    m.comment({ constraint: 'email_required', table: 'users' }, 'a');
    m.comment({ constraint: 'users_nick_not_null', table: 'users' }, 'b');
    expect(buildSchemaModel(m).comments.map((c) => c.target.name)).toEqual(['email_required', 'users_nick_not_null']);
  });

  it('asks for argument types when a commented routine name is overloaded', () => {
    const m = defineMetadata();
    m.function(sql`CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a'`);
    m.function(sql`CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql AS 'SELECT a'`);
    m.comment({ function: 'f' }, 'which one?');
    expect(() => buildSchemaModel(m)).toThrow(/give argumentTypes/);
    const n = defineMetadata();
    n.function(sql`CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a'`);
    n.comment({ function: 'f', argumentTypes: 'integer' }, 'this one');
    expect(buildSchemaModel(n).comments![0]!.target).toEqual({
      on: 'function',
      schema: 'public',
      name: 'f',
      argumentTypes: 'integer',
    });
  });
});

describe("DSL: the methods each kind's module writes", () => {
  it('takes a comment option on statistics and event triggers', () => {
    const m = defineMetadata({ schema: 'app' });
    m.table('t', { a: integer(), b: integer() });
    m.function(sql`CREATE FUNCTION app.f() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$`);
    m.statistics(sql`CREATE STATISTICS s ON a, b FROM t`, { comment: 'pairs' });
    m.eventTrigger('e', { event: 'sql_drop', function: 'f', comment: 'drops' });
    expect(buildSchemaModel(m).comments).toEqual([
      { target: { on: 'eventTrigger', schema: '', name: 'e' }, text: 'drops' },
      { target: { on: 'statistics', schema: 'app', name: 's' }, text: 'pairs' },
    ]);
  });

  it('adds what each makes to its list, in the metadata schema unless told', () => {
    const metadata = defineMetadata({ schema: 'app' });
    const made = {
      collations: metadata.collation('german', { locale: 'de-DE', provider: 'icu' }),
      composites: metadata.compositeType('pair', { a: 'integer' }, { schema: 'other' }),
      ranges: metadata.rangeType('span', { subtype: 'integer' }),
      rules: metadata.rule(sql`CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING`),
      statistics: metadata.statistics(sql`CREATE STATISTICS s ON a, b FROM t`),
      casts: metadata.cast({ source: 'app.pair', target: 'text', method: 'inout' }),
      textSearchDictionaries: metadata.textSearchDictionary('d', { template: 'simple' }),
      textSearchConfigurations: metadata.textSearchConfiguration('c', { parser: 'default', schema: 'other' }),
      operators: metadata.operator({ name: '===', left: 'integer', right: 'integer', function: 'app.f' }),
      operatorClasses: metadata.operatorClass({ name: 'oc', type: 'integer', method: 'btree', items: [] }),
      foreignDataWrappers: metadata.foreignDataWrapper('w'),
      foreignServers: metadata.foreignServer('s', { wrapper: 'w' }),
      foreignTables: metadata.foreignTable('ft', { server: 's', columns: { a: integer() } }),
      eventTriggers: metadata.eventTrigger('e', { event: 'ddl_command_end', function: 'app.f' }),
      publications: metadata.publication('p'),
    } as const;
    for (const [list, def] of Object.entries(made)) {
      expect(metadata.objects[list as keyof typeof made], list).toEqual([def]);
    }
    expect([made.collations.schema, made.composites.schema, made.ranges.schema, made.rules.schema]).toEqual([
      'app',
      'other',
      'app',
      'app',
    ]);
    expect([made.textSearchConfigurations.schema, made.operators.schema, made.foreignTables.schema]).toEqual([
      'other',
      'app',
      'app',
    ]);
    expect(made.publications.defaultSchema).toBe('app');
    expectTypeOf(metadata.publication).returns.toEqualTypeOf<PublicationDef>();
  });
});
