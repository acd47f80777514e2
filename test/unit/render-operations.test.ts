import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { renderOperations } from '../../src/autogen/render/render-operations.js';
import { renderString, renderValue } from '../../src/util/render-value.js';
import type { Operation } from '../../src/ops/operation.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { AthanorError } from '../../src/util/errors.js';
import { ALL_DEFAULT, literalOperations, NONE_DEFAULT, run } from '../helpers/literal-samples.js';

/** The operations rendered source runs through the real `op` facade, which fills in the defaults a literal leaves out. */
const evaluate = run;

function withoutRemoved(ops: Operation[]): unknown[] {
  return ops.map((op) => Object.fromEntries(Object.entries(op).filter(([key]) => key !== 'removed')));
}

const users: TableModel = {
  schema: 'public',
  name: 'users',
  columns: [
    { name: 'id', type: 'serial', nullable: false, default: null, identity: null },
    { name: 'email', type: 'text', nullable: false, default: "'it''s'::text", identity: null },
    { name: 'n', type: 'bigint', nullable: true, default: null, identity: { always: true } },
  ],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  foreignKeys: [],
  uniques: [{ name: 'users_email_key', columns: ['email'] }],
  checks: [{ name: 'users_email_check', expression: "(email ~ '^\\S+@\\S+$'::text)" }],
  indexes: [
    {
      name: 'users_lower_idx',
      unique: true,
      method: 'btree',
      columns: [{ expression: 'lower(email)' }, { column: 'id' }],
      where: 'n IS NULL',
    },
  ],
};

const everyKind: Operation[] = [
  { kind: 'createSchema', schema: 'Odd "schema"' },
  { kind: 'dropSchema', schema: 'old' },
  {
    kind: 'createEnum',
    enum: {
      schema: 'public',
      name: 'mood',
      values: ["it's", 'back\\slash', 'new\nline', 'tab\t', 'é ✓ 🐘', 'ls\u2028ps\u2029', 'nul\u0000'],
    },
  },
  { kind: 'dropEnum', schema: 'public', name: 'gone', removed: { schema: 'public', name: 'gone', values: ['x'] } },
  { kind: 'addEnumValue', schema: 'public', name: 'mood', value: 'ok', after: "it's" },
  { kind: 'addEnumValue', schema: 'public', name: 'mood', value: 'first', before: "it's" },
  { kind: 'createTable', table: users },
  { kind: 'dropTable', schema: 'public', name: 'users', removed: users },
  { kind: 'addColumn', schema: 'public', table: 'users', column: users.columns[1]! },
  { kind: 'dropColumn', schema: 'public', table: 'users', column: 'email', removed: users.columns[1]! },
  {
    kind: 'alterColumn',
    schema: 'public',
    table: 'users',
    column: 'n',
    to: { type: 'numeric(10,2)', default: null },
    from: { type: 'bigint', default: '0' },
    using: '"n"::numeric(10,2)',
  },
  {
    kind: 'addConstraint',
    schema: 'public',
    table: 'users',
    constraint: {
      type: 'foreignKey',
      name: 'fk',
      columns: ['id'],
      refSchema: 'public',
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'SET NULL',
      onUpdate: 'CASCADE',
    },
  },
  {
    kind: 'dropConstraint',
    schema: 'public',
    table: 'users',
    name: 'users_pkey',
    removed: { type: 'primaryKey', name: 'users_pkey', columns: ['id'] },
  },
  { kind: 'createIndex', schema: 'public', table: 'users', index: users.indexes[0]! },
  { kind: 'dropIndex', schema: 'public', table: 'users', name: 'users_lower_idx', removed: users.indexes[0]! },
  { kind: 'renameIndex', schema: 'public', from: 'users_lower_idx', to: 'it\'s "odd"' },
  {
    kind: 'stashRows',
    schema: 'public',
    table: 'users',
    stash: 'users__athanor_stash',
    columns: ['id', 'email'],
    sequences: [{ column: 'id' }],
  },
  {
    kind: 'restoreRows',
    schema: 'public',
    table: 'users',
    stash: 'users__athanor_stash',
    columns: ['id', 'n'],
    overridingSystemValue: true,
    sequences: [{ column: 'n', descending: true }],
  },
  { kind: 'alterExtension', name: 'citext', schema: 'ext', from: 'public' },
  {
    kind: 'replaceDomain',
    domain: { schema: 'public', name: 'd', type: 'bigint', default: null, notNull: false, checks: [] },
    from: { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] },
    columns: [{ schema: 'public', table: 'users', column: 'n', type: 'public.d[]', default: "'{}'::public.d[]" }],
  },
  {
    kind: 'executeSql',
    sql: "UPDATE users SET email = $1 WHERE note = 'a\\b'",
    params: ['x', 1.5, -0, 1e300, null, true, [1, [2]], { 'odd key': 1, __proto__x: 2, default: 'y' }],
    reverseSql: 'SELECT 1',
  },
];

describe('renderOperations', () => {
  it('renders nothing for no operations', () => {
    expect(renderOperations([])).toBe('');
  });

  it('renders source that rebuilds every kind of operation, drops without removed', async () => {
    expect(await evaluate(renderOperations(everyKind))).toEqual(withoutRemoved(everyKind));
    expect(renderOperations(everyKind)).not.toContain('removed');
  });

  it('renders what the comparator produces, in both directions', async () => {
    const posts: TableModel = {
      ...users,
      name: 'posts',
      primaryKey: { name: 'posts_pkey', columns: ['id'] },
      foreignKeys: [
        {
          name: 'posts_id_fkey',
          columns: ['id'],
          refSchema: 'public',
          refTable: 'users',
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
        },
      ],
      uniques: [],
      indexes: [],
    };
    const a: SchemaModel = completeModel({
      schemas: [],
      enums: [{ schema: 'public', name: 'mood', values: ['a'] }],
      tables: [users],
    });
    const b: SchemaModel = completeModel({
      schemas: ['app'],
      enums: [],
      tables: [posts, { ...users, checks: [], columns: users.columns.slice(0, 2) }],
    });
    for (const ops of [compareModels(a, b), compareModels(b, a)]) {
      expect(ops.length).toBeGreaterThan(2);
      expect(await evaluate(renderOperations(ops, '    '))).toEqual(withoutRemoved(ops));
    }
  });

  it('writes the whole objects of a call without their defaults, and the call runs the same operation', async () => {
    // Each kind whose literals have defaults, with every default taken and with none, and every kind besides.
    const ops = [...literalOperations(ALL_DEFAULT), ...literalOperations(NONE_DEFAULT), ...everyKind];
    const source = renderOperations(ops);
    expect(await evaluate(source)).toEqual(withoutRemoved(ops));
    for (const op of literalOperations(ALL_DEFAULT)) {
      const line = renderOperations([op]);
      for (const field of ['default: null', 'identity: null', 'foreignKeys: []', 'checks: []', "method: 'btree'"])
        expect(line).not.toContain(field);
    }
  });

  it('writes the note of a domain replacement as comment lines above the call', () => {
    const d = { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] };
    const source = renderOperations(
      [
        {
          kind: 'replaceDomain',
          domain: { ...d, type: 'bigint' },
          from: d,
          columns: [],
          note: 'first line\nsecond line',
        },
      ],
      '  ',
    );
    expect(source.split('\n').slice(0, 3)).toEqual([
      '  // first line',
      '  // second line',
      '  await op.replaceDomain({',
    ]);
    expect(source).not.toContain('note:');
  });

  it('writes tables with one column per line and short lists inline, leaving out the fields at their defaults', () => {
    const table: TableModel = { ...users, columns: users.columns.slice(0, 1), uniques: [], checks: [], indexes: [] };
    expect(renderOperations([{ kind: 'createTable', table }], '  ')).toBe(
      [
        '  await op.createTable({',
        '    table: {',
        "      schema: 'public',",
        "      name: 'users',",
        '      columns: [',
        "        { name: 'id', type: 'serial', nullable: false },",
        '      ],',
        "      primaryKey: { name: 'users_pkey', columns: ['id'] },",
        '    },',
        '  });',
      ].join('\n'),
    );
  });

  it('writes short operations on one line, spreads long ones, and keeps from on alterColumn', () => {
    const ops: Operation[] = [
      { kind: 'dropTable', schema: 'public', name: 'users', removed: users },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'users',
        column: 'email',
        to: { nullable: true },
        from: { nullable: false },
      },
      { kind: 'renameIndex', schema: 'public', from: 'users_email_idx', to: 'users_by_email' },
    ];
    expect(renderOperations(ops)).toBe(
      [
        "await op.dropTable({ schema: 'public', name: 'users' });",
        'await op.alterColumn({',
        "  schema: 'public',",
        "  table: 'users',",
        "  column: 'email',",
        '  to: { nullable: true },',
        '  from: { nullable: false },',
        '});',
        "await op.renameIndex({ schema: 'public', from: 'users_email_idx', to: 'users_by_email' });",
      ].join('\n'),
    );
  });

  it('indents every line and breaks lists that do not fit', () => {
    const values = Array.from({ length: 12 }, (_, i) => `value_number_${i}`);
    const source = renderOperations([{ kind: 'createEnum', enum: { schema: 'public', name: 'long', values } }], '\t');
    const lines = source.split('\n');
    expect(lines.every((line) => line.startsWith('\t'))).toBe(true);
    expect(lines).toContain("\t      'value_number_11',");
    expect(lines.every((line) => line.length <= 100)).toBe(true);
  });
});

describe('renderValue', () => {
  it('escapes strings, double-quoting those with single quotes only', () => {
    expect(renderString("it's a \\ test\n")).toBe('"it\'s a \\\\ test\\n"');
    expect(renderString("'ok'::public.mood")).toBe(`"'ok'::public.mood"`);
    expect(renderString(`it's "quoted"`)).toBe(`'it\\'s "quoted"'`);
    expect(renderString('\u0001\u007f\r\t')).toBe("'\\x01\\x7f\\r\\t'");
    expect(renderString('🐘é')).toBe("'🐘é'");
    expect(renderString('\ud800')).toBe("'\\ud800'");
  });

  it('quotes keys that are not identifiers and leaves out undefined members', () => {
    expect(renderValue({ a: 1, 'b-c': 2, $d: undefined, default: null, __proto__x: 3 })).toBe(
      "{ a: 1, 'b-c': 2, default: null, __proto__x: 3 }",
    );
    const proto = renderValue({ ['__proto__']: 1 });
    expect(proto).toBe("{ ['__proto__']: 1 }");
    expect(Object.keys(new Function(`return ${proto};`)() as object)).toEqual(['__proto__']);
    expect(renderValue([1, -0, 10n, undefined, []])).toBe('[1, -0, 10n, undefined, []]');
  });

  it('refuses values that are not plain data', () => {
    expect(() => renderValue({ when: new Date(0) })).toThrow(AthanorError);
    expect(() => renderValue([() => 1])).toThrow(/revision file/);
  });
});

describe('renderOperations: rows kept while a table is rebuilt', () => {
  it('writes the note of a stash as comment lines above the call, and keeps rowsKeptIn on a drop', () => {
    const ops: Operation[] = [
      {
        kind: 'stashRows',
        schema: 'public',
        table: 'users',
        stash: 'users__athanor_stash',
        columns: ['id'],
        note: 'public.users is rebuilt.\nRows go through a holding table.',
      },
      { kind: 'dropTable', schema: 'public', name: 'users', removed: users, rowsKeptIn: 'users__athanor_stash' },
    ];
    expect(renderOperations(ops)).toBe(
      [
        '// public.users is rebuilt.',
        '// Rows go through a holding table.',
        "await op.stashRows({ schema: 'public', table: 'users', stash: 'users__athanor_stash', columns: ['id'] });",
        "await op.dropTable({ schema: 'public', name: 'users', rowsKeptIn: 'users__athanor_stash' });",
      ].join('\n'),
    );
  });
});
