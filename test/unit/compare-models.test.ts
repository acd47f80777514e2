import { describe, expect, it } from 'vitest';
import { reverseOperation } from '../../src/ops/reverse.js';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import type { Operation } from '../../src/ops/operation.js';
import type { ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { column, model, table, uses } from '../helpers/models.js';

function fk(name: string, columns: string[], refTable: string, extra: Partial<ForeignKeyModel> = {}): ForeignKeyModel {
  return {
    name,
    columns,
    refSchema: 'public',
    refTable,
    refColumns: ['id'],
    onDelete: 'NO ACTION',
    onUpdate: 'NO ACTION',
    ...extra,
  };
}

function index(name: string, columns: string[], extra: Partial<IndexModel> = {}): IndexModel {
  return { name, unique: false, method: 'btree', columns: columns.map((c) => ({ column: c })), where: null, ...extra };
}

const users = table('users', {
  columns: [column('id', 'serial', { nullable: false }), column('email', 'text', { nullable: false })],
  uniques: [{ name: 'users_email_key', columns: ['email'] }],
  checks: [{ name: 'users_email_check', expression: "(email <> ''::text)" }],
  indexes: [index('users_email_idx', ['email'])],
});

function withUsers(change: Partial<TableModel>): SchemaModel {
  return model({ tables: [{ ...users, ...change }] });
}

function kinds(ops: Operation[]): string[] {
  return ops.map((op) => op.kind);
}

describe('compareModels: equal models', () => {
  it('returns nothing for equal models, whatever the order of their lists', () => {
    const a = model({
      schemas: ['audit', 'app'],
      enums: [
        { schema: 'public', name: 'mood', values: ['sad', 'happy'] },
        { schema: 'app', name: 'x', values: [] },
      ],
      tables: [
        users,
        table('posts', { foreignKeys: [fk('posts_a', ['id'], 'users'), fk('posts_b', ['id'], 'users')] }),
      ],
    });
    const b = model({
      schemas: ['app', 'audit'],
      enums: [...a.enums].reverse(),
      tables: [
        table('posts', { foreignKeys: [fk('posts_b', ['id'], 'users'), fk('posts_a', ['id'], 'users')] }),
        {
          ...users,
          columns: users.columns.map((c) => ({
            identity: c.identity,
            default: c.default,
            nullable: c.nullable,
            type: c.type,
            name: c.name,
          })),
        },
      ],
    });
    expect(compareModels(a, b)).toEqual([]);
    expect(compareModels(model(), model())).toEqual([]);
    expect(unsupportedChanges(a, b)).toEqual([]);
  });
});

describe('compareModels: schemas and enums', () => {
  it('creates and drops schemas', () => {
    expect(compareModels(model({ schemas: ['old'] }), model({ schemas: ['new'] }))).toEqual([
      { kind: 'dropSchema', schema: 'old' },
      { kind: 'createSchema', schema: 'new' },
    ]);
  });

  it('creates an enum and drops one with the removed model', () => {
    const mood = { schema: 'public', name: 'mood', values: ['sad', 'happy'] };
    const color = { schema: 'public', name: 'color', values: ['red'] };
    expect(compareModels(model({ enums: [mood] }), model({ enums: [color] }))).toEqual([
      { kind: 'dropEnum', schema: 'public', name: 'mood', removed: mood },
      { kind: 'createEnum', enum: color },
    ]);
  });

  const mood = (values: string[]) => model({ enums: [{ schema: 'public', name: 'mood', values }] });
  const add = (value: string, position: { before?: string; after?: string }): Operation => ({
    kind: 'addEnumValue',
    schema: 'public',
    name: 'mood',
    value,
    ...position,
    // What the reverse (a replacement without the value) needs; see compare-enums-rls-partitions.test.ts.
    previous: expect.any(Object),
  });

  it('adds values at the end, in the middle and at the start', () => {
    expect(compareModels(mood(['a', 'b']), mood(['a', 'b', 'c']))).toEqual([add('c', { after: 'b' })]);
    expect(compareModels(mood(['a', 'c']), mood(['a', 'b', 'c']))).toEqual([add('b', { after: 'a' })]);
    expect(compareModels(mood(['b', 'c']), mood(['a', 'b', 'c']))).toEqual([add('a', { before: 'b' })]);
  });

  it('adds several leading values so that each position already exists', () => {
    expect(compareModels(mood(['c']), mood(['a', 'b', 'c', 'd', 'e']))).toEqual([
      add('a', { before: 'c' }),
      add('b', { after: 'a' }),
      add('d', { after: 'c' }),
      add('e', { after: 'd' }),
    ]);
    expect(compareModels(mood([]), mood(['a', 'b']))).toEqual([add('a', {}), add('b', { after: 'a' })]);
  });

  it('replaces an enum whose values are removed, reordered or one replaced by another (a rename is decided before)', () => {
    for (const values of [['a'], ['b', 'a'], ['a', 'x']]) {
      expect(compareModels(mood(['a', 'b']), mood(values)).map((op) => op.kind)).toEqual(['replaceEnum']);
      expect(unsupportedChanges(mood(['a', 'b']), mood(values))).toEqual([]);
    }
    expect(unsupportedChanges(mood(['a']), mood(['a', 'b']))).toEqual([]);
  });
});

describe('compareModels: tables and columns', () => {
  it('creates a table with the whole model and drops one with the removed model', () => {
    expect(compareModels(model(), withUsers({}))).toEqual([{ kind: 'createTable', table: users }]);
    expect(compareModels(withUsers({}), model())).toEqual([
      { kind: 'dropTable', schema: 'public', name: 'users', removed: users },
    ]);
  });

  it('adds columns in declared order and drops columns with the removed model', () => {
    const a = column('a', 'text');
    const b = column('b', 'bigint', { default: '0' });
    const ops = compareModels(withUsers({}), withUsers({ columns: [...users.columns, b, a] }));
    expect(ops).toEqual([
      { kind: 'addColumn', schema: 'public', table: 'users', column: b },
      { kind: 'addColumn', schema: 'public', table: 'users', column: a },
    ]);
    expect(compareModels(withUsers({ columns: [...users.columns, b, a] }), withUsers({}))).toEqual([
      { kind: 'dropColumn', schema: 'public', table: 'users', column: 'a', removed: a },
      { kind: 'dropColumn', schema: 'public', table: 'users', column: 'b', removed: b },
    ]);
  });

  it('alters only the changed parts, with their old values in from', () => {
    const current = withUsers({ columns: [column('id', 'serial', { nullable: false }), column('email', 'text')] });
    const cases: [ColumnModel, Partial<ColumnModel>, Partial<ColumnModel>][] = [
      [column('email', 'character varying(20)'), { type: 'character varying(20)' }, { type: 'text' }],
      [column('email', 'text', { nullable: false }), { nullable: false }, { nullable: true }],
      [column('email', 'text', { default: "'x'::text" }), { default: "'x'::text" }, { default: null }],
      [
        column('email', 'citext', { nullable: false, default: "''" }),
        { type: 'citext', nullable: false, default: "''" },
        { type: 'text', nullable: true, default: null },
      ],
    ];
    for (const [email, to, from] of cases) {
      const target = withUsers({ columns: [column('id', 'serial', { nullable: false }), email] });
      expect(compareModels(current, target)).toEqual([
        { kind: 'alterColumn', schema: 'public', table: 'users', column: 'email', to, from },
      ]);
    }
  });

  it('makes serial plain by dropping its default and its sequence, not by an ALTER TYPE Postgres rejects', () => {
    const target = withUsers({ columns: [column('id', 'integer', { nullable: false }), users.columns[1]!] });
    expect(kinds(compareModels(withUsers({}), target))).toEqual(['alterColumn', 'dropSequence']);
    expect(unsupportedChanges(withUsers({}), target)).toEqual([]);
  });

  it('adds, changes and drops an identity with alterColumn', () => {
    const target = withUsers({
      columns: [column('id', 'integer', { nullable: false, identity: { always: true } }), users.columns[1]!],
    });
    const current = withUsers({ columns: [column('id', 'integer', { nullable: false }), users.columns[1]!] });
    const at = { kind: 'alterColumn', schema: 'public', table: 'users', column: 'id' };
    expect(compareModels(current, target)).toEqual([
      { ...at, to: { identity: { always: true } }, from: { identity: null } },
    ]);
    expect(unsupportedChanges(current, target)).toEqual([]);
    const byDefault = withUsers({
      columns: [
        column('id', 'integer', { nullable: false, identity: { always: false, start: '10' } }),
        users.columns[1]!,
      ],
    });
    expect(compareModels(target, byDefault)).toEqual([
      { ...at, to: { identity: { always: false, start: '10' } }, from: { identity: { always: true } } },
    ]);
    expect(compareModels(byDefault, current)).toEqual([
      { ...at, to: { identity: null }, from: { identity: { always: false, start: '10' } } },
    ]);
  });

  it('changes a collation with the type, and restates it around a type change', () => {
    const current = withUsers({ columns: [users.columns[0]!, column('email', 'text', { nullable: false })] });
    const target = withUsers({
      columns: [users.columns[0]!, column('email', 'text', { nullable: false, collation: '"C"' })],
    });
    const at = { kind: 'alterColumn', schema: 'public', table: 'users', column: 'email' };
    expect(compareModels(current, target)).toEqual([
      { ...at, to: { type: 'text', collation: '"C"' }, from: { type: 'text', collation: null } },
    ]);
    const longer = withUsers({
      columns: [users.columns[0]!, column('email', 'character varying(9)', { nullable: false, collation: '"C"' })],
    });
    expect(compareModels(target, longer)).toEqual([
      { ...at, to: { type: 'character varying(9)', collation: '"C"' }, from: { type: 'text', collation: '"C"' } },
    ]);
  });

  it('drops and adds a column whose generation changes, with the indexes that use it', () => {
    const generated = (expression: string | undefined): TableModel =>
      withUsers({
        columns: [
          users.columns[0]!,
          column('total', 'integer', expression === undefined ? {} : { generated: expression }),
        ],
        indexes: [index('users_total_idx', ['total'])],
      }).tables[0]!;
    const plain = generated(undefined);
    const doubled = generated('(id * 2)');
    const current = model({ tables: [plain], dependencies: [uses('users', 'index', 'users_total_idx', 'total')] });
    const ops = compareModels(current, model({ tables: [doubled] }));
    expect(ops.map((op) => op.kind)).toEqual(['dropIndex', 'dropColumn', 'addColumn', 'createIndex']);
    expect(ops[2]).toMatchObject({ kind: 'addColumn', column: { name: 'total', generated: '(id * 2)' } });
    expect(compareModels(model({ tables: [doubled] }), model({ tables: [doubled] }))).toEqual([]);
  });

  /** The users table with a generated column beside its id. */
  const withGenerated = (name: string, type: string, expression: string, virtual?: true): TableModel =>
    withUsers({
      columns: [
        users.columns[0]!,
        column(name, type, { generated: expression, ...(virtual ? { generatedVirtual: true } : {}) }),
      ],
    }).tables[0]!;

  it("sets a stored generated column's new expression in place where the server can (PostgreSQL 17)", () => {
    const generated = (expression: string, virtual?: true): TableModel =>
      withGenerated('total', 'integer', expression, virtual);
    const on17 = (table: TableModel): SchemaModel => ({ ...model({ tables: [table] }), expressionsInPlace: true });
    const ops = compareModels(on17(generated('(id * 2)')), model({ tables: [generated('(id * 3)')] }));
    expect(ops).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'users',
        column: 'total',
        to: { expression: '(id * 3)' },
        from: { expression: '(id * 2)' },
      },
    ]);
    expect(reverseOperation(ops[0]!)).toMatchObject({
      to: { expression: '(id * 2)' },
      from: { expression: '(id * 3)' },
    });
    // Before 17, or for a virtual column, the column is dropped and added again.
    expect(
      compareModels(model({ tables: [generated('(id * 2)')] }), model({ tables: [generated('(id * 3)')] })).map(
        (op) => op.kind,
      ),
    ).toEqual(['dropColumn', 'addColumn']);
    expect(
      compareModels(on17(generated('(id * 2)', true)), model({ tables: [generated('(id * 3)', true)] })).map(
        (op) => op.kind,
      ),
    ).toEqual(['dropColumn', 'addColumn']);
  });

  it('drops and adds a generated column changed in place where another column of its table changes type', () => {
    // Postgres cannot change the type of a column a generated column uses: the generated one goes first.
    const table = (type: string, expression: string): TableModel =>
      withUsers({
        columns: [column('id', type, { nullable: false }), column('doubled', type, { generated: expression })],
      }).tables[0]!;
    const on17 = (t: TableModel): SchemaModel => ({ ...model({ tables: [t] }), expressionsInPlace: true });
    for (const expression of ['(id * 2)', '(id * 3)']) {
      const kinds = compareModels(
        on17(table('integer', '(id * 2)')),
        model({ tables: [table('bigint', expression)] }),
      ).map((op) => op.kind);
      expect(kinds).toContain('dropColumn');
      expect(kinds).toContain('addColumn');
    }
  });

  it('adds a column before the generated column whose new expression reads it, added again even on 17', () => {
    const table = (expression: string, added: boolean): TableModel =>
      withUsers({
        columns: [
          column('id', 'integer', { nullable: false }),
          column('doubled', 'integer', { generated: expression }),
          ...(added ? [column('factor', 'integer')] : []),
        ],
      }).tables[0]!;
    const before = model({ tables: [table('(id * 2)', false)] });
    const after = model({ tables: [table('(id * factor)', true)] });
    const steps = (current: SchemaModel): string[] =>
      compareModels(current, after).map((op) => `${op.kind} ${op.kind === 'addColumn' ? op.column.name : ''}`.trim());
    for (const current of [before, { ...before, expressionsInPlace: true as const }])
      expect(steps(current)).toEqual(['dropColumn', 'addColumn factor', 'addColumn doubled']);
  });

  it("changes a stored generated column's type in place, computed again, when its expression stays", () => {
    const typed = (type: string, virtual?: true): TableModel => withGenerated('label', type, '(id)::text', virtual);
    const ops = compareModels(model({ tables: [typed('character varying(255)')] }), model({ tables: [typed('text')] }));
    expect(ops).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'users',
        column: 'label',
        to: { type: 'text' },
        from: { type: 'character varying(255)' },
        computed: true,
      },
    ]);
    expect(reverseOperation(ops[0]!)).toMatchObject({ to: { type: 'character varying(255)' }, computed: true });
    // A virtual column (PostgreSQL 18) too, marked virtual: nothing is rewritten.
    expect(
      compareModels(
        model({ tables: [typed('character varying(255)', true)] }),
        model({ tables: [typed('text', true)] }),
      ),
    ).toMatchObject([
      {
        kind: 'alterColumn',
        to: { type: 'text', generatedVirtual: true },
        from: { type: 'character varying(255)', generatedVirtual: true },
        computed: true,
      },
    ]);
  });
});

describe('compareModels: constraints and indexes', () => {
  const where = { schema: 'public', table: 'users' };

  it('drops and adds a changed check under the same name', () => {
    const check = { name: 'users_email_check', expression: '(length(email) > 3)' };
    expect(compareModels(withUsers({}), withUsers({ checks: [check] }))).toEqual([
      { kind: 'dropConstraint', ...where, name: 'users_email_check', removed: { type: 'check', ...users.checks[0]! } },
      { kind: 'addConstraint', ...where, constraint: { type: 'check', ...check } },
    ]);
  });

  it('treats a renamed but identical unique as a drop and an add', () => {
    const renamed = { name: 'users_email_uq', columns: ['email'] };
    expect(compareModels(withUsers({}), withUsers({ uniques: [renamed] }))).toEqual([
      {
        kind: 'dropConstraint',
        ...where,
        name: 'users_email_key',
        removed: { type: 'unique', name: 'users_email_key', columns: ['email'] },
      },
      { kind: 'addConstraint', ...where, constraint: { type: 'unique', ...renamed } },
    ]);
  });

  it('drops and adds a primary key whose columns change', () => {
    const primaryKey = { name: 'users_pkey', columns: ['id', 'email'] };
    expect(compareModels(withUsers({}), withUsers({ primaryKey }))).toEqual([
      {
        kind: 'dropConstraint',
        ...where,
        name: 'users_pkey',
        removed: { type: 'primaryKey', name: 'users_pkey', columns: ['id'] },
      },
      { kind: 'addConstraint', ...where, constraint: { type: 'primaryKey', ...primaryKey } },
    ]);
    expect(kinds(compareModels(withUsers({ primaryKey: null }), withUsers({})))).toEqual(['addConstraint']);
  });

  it('treats the same name with another kind of constraint as a change', () => {
    const check = { name: 'users_email_key', expression: '(id > 0)' };
    const ops = compareModels(withUsers({}), withUsers({ uniques: [], checks: [users.checks[0]!, check] }));
    expect(ops).toEqual([
      {
        kind: 'dropConstraint',
        ...where,
        name: 'users_email_key',
        removed: { type: 'unique', name: 'users_email_key', columns: ['email'] },
      },
      { kind: 'addConstraint', ...where, constraint: { type: 'check', ...check } },
    ]);
  });

  it('creates, drops and replaces indexes by name', () => {
    const partial = index('users_email_idx', ['email'], { where: '(email IS NOT NULL)' });
    expect(compareModels(withUsers({}), withUsers({ indexes: [partial] }))).toEqual([
      { kind: 'dropIndex', ...where, name: 'users_email_idx', removed: users.indexes[0] },
      { kind: 'createIndex', ...where, index: partial },
    ]);
    const lower = index('users_lower_idx', [], { columns: [{ expression: 'lower(email)' }], method: 'hash' });
    expect(compareModels(withUsers({ indexes: [] }), withUsers({ indexes: [lower] }))).toEqual([
      { kind: 'createIndex', ...where, index: lower },
    ]);
    expect(compareModels(withUsers({}), withUsers({ indexes: [] }))).toEqual([
      { kind: 'dropIndex', ...where, name: 'users_email_idx', removed: users.indexes[0] },
    ]);
  });

  it('drops a changed foreign key first and adds it back last', () => {
    const posts = (onDelete: ForeignKeyModel['onDelete']) =>
      table('posts', {
        columns: [column('id', 'integer', { nullable: false }), column('user_id')],
        foreignKeys: [fk('posts_user_id_fkey', ['user_id'], 'users', { onDelete })],
      });
    const ops = compareModels(
      model({ tables: [users, posts('NO ACTION')] }),
      model({ tables: [{ ...users, checks: [] }, posts('CASCADE')] }),
    );
    expect(kinds(ops)).toEqual(['dropConstraint', 'dropConstraint', 'addConstraint']);
    expect(ops[0]).toMatchObject({ table: 'posts', name: 'posts_user_id_fkey', removed: { onDelete: 'NO ACTION' } });
    expect(ops[1]).toMatchObject({ table: 'users', name: 'users_email_check' });
    expect(ops[2]).toMatchObject({ table: 'posts', constraint: { type: 'foreignKey', onDelete: 'CASCADE' } });
  });

  it('drops a foreign key around a change of the primary key it depends on', () => {
    const posts = table('posts', { foreignKeys: [fk('posts_id_fkey', ['id'], 'users')] });
    const ops = compareModels(
      model({ tables: [users, posts] }),
      model({ tables: [{ ...users, primaryKey: { name: 'users_pk', columns: ['id'] } }, posts] }),
    );
    expect(ops.map((op) => [op.kind, 'table' in op ? op.table : '', 'name' in op ? op.name : ''])).toEqual([
      ['dropConstraint', 'posts', 'posts_id_fkey'],
      ['dropConstraint', 'users', 'users_pkey'],
      ['addConstraint', 'users', ''],
      ['addConstraint', 'posts', ''],
    ]);
  });
});

describe('compareModels: order within one table', () => {
  it('drops constraints and indexes before columns, adds columns before what uses them', () => {
    const current = withUsers({
      columns: [...users.columns, column('legacy', 'text')],
      uniques: [{ name: 'users_legacy_key', columns: ['legacy'] }],
      indexes: [index('users_legacy_idx', ['legacy'])],
      checks: [],
    });
    const target = withUsers({
      columns: [
        column('id', 'serial', { nullable: false }),
        column('email', 'citext', { nullable: false }),
        column('name', 'text'),
      ],
      uniques: [{ name: 'users_name_key', columns: ['name'] }],
      checks: [{ name: 'users_email_check', expression: "(email <> ''::citext)" }],
      indexes: [index('users_name_idx', ['name'])],
    });
    expect(compareModels(current, target).map((op) => `${op.kind} ${'name' in op ? op.name : ''}`.trim())).toEqual([
      'dropConstraint users_legacy_key',
      'dropIndex users_legacy_idx',
      'dropColumn',
      'alterColumn',
      'addColumn',
      'addConstraint',
      'addConstraint',
      'createIndex',
    ]);
  });
});

describe('column type changes', () => {
  const column = (type: string, dflt: string | null) => ({
    name: 'c',
    type,
    nullable: true,
    default: dflt,
    identity: null,
  });
  const table = (type: string, dflt: string | null): SchemaModel =>
    completeModel({
      schemas: [],
      enums: [],
      tables: [
        {
          schema: 'public',
          name: 't',
          columns: [column(type, dflt)],
          primaryKey: null,
          foreignKeys: [],
          uniques: [],
          checks: [],
          indexes: [],
        },
      ],
    });

  it('resets an unchanged default around a type change, since the old one may not cast', () => {
    expect(compareModels(table('text', "'1'::text"), table('integer', "'1'::text"))).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 't',
        column: 'c',
        to: { type: 'integer', default: "'1'::text" },
        from: { type: 'text', default: "'1'::text" },
      },
    ]);
  });

  it('makes a column serial with its sequence and default, never with an ALTER TYPE to serial', () => {
    expect(kinds(compareModels(table('integer', null), table('serial', null)))).toEqual([
      'createSequence',
      'alterColumn',
    ]);
    expect(unsupportedChanges(table('integer', null), table('serial', null))).toEqual([]);
  });
});
