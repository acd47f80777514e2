import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation, reverseOperations } from '../../src/ops/reverse.js';
import type { ColumnModel, EnumModel, IndexModel, TableModel } from '../../src/schema/model.js';
import { isAthanorError } from '../../src/util/errors.js';

const mood: EnumModel = { schema: 'public', name: 'mood', values: ['sad', 'happy'] };
const email: ColumnModel = { name: 'email', type: 'text', nullable: false, default: "''::text", identity: null };
const users: TableModel = {
  schema: 'public',
  name: 'users',
  columns: [{ name: 'id', type: 'bigint', nullable: false, default: null, identity: { always: true } }, email],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  foreignKeys: [],
  uniques: [{ name: 'users_email_key', columns: ['email'] }],
  checks: [],
  indexes: [],
};
const index: IndexModel = {
  name: 'ix_users_email',
  unique: false,
  method: 'btree',
  columns: [{ expression: 'lower(email)' }],
  where: null,
};

/** Operations as the comparator generates them: drops carry `removed`, changes carry `from`. */
const generated: Operation[] = [
  { kind: 'createSchema', schema: 'app' },
  { kind: 'dropSchema', schema: 'app' },
  { kind: 'createEnum', enum: mood },
  { kind: 'dropEnum', schema: 'public', name: 'mood', removed: mood },
  { kind: 'createTable', table: users },
  { kind: 'dropTable', schema: 'public', name: 'users', removed: users },
  { kind: 'addColumn', schema: 'public', table: 'users', column: email },
  { kind: 'dropColumn', schema: 'public', table: 'users', column: 'email', removed: email },
  {
    kind: 'alterColumn',
    schema: 'public',
    table: 'users',
    column: 'email',
    to: { type: 'character varying(255)', nullable: true, default: null },
    from: { type: 'text', nullable: false, default: "''::text" },
  },
  {
    kind: 'addConstraint',
    schema: 'public',
    table: 'users',
    constraint: { type: 'check', name: 'ck', expression: '(id > 0)' },
  },
  {
    kind: 'dropConstraint',
    schema: 'public',
    table: 'users',
    name: 'users_email_key',
    removed: { type: 'unique', name: 'users_email_key', columns: ['email'] },
  },
  { kind: 'createIndex', schema: 'public', table: 'users', index },
  { kind: 'dropIndex', schema: 'public', table: 'users', name: 'ix_users_email', removed: index },
  { kind: 'renameIndex', schema: 'public', from: 'users_email_idx', to: 'ix_users_email' },
  {
    kind: 'restoreRows',
    schema: 'public',
    table: 'users',
    stash: 'users__athanor_stash',
    columns: ['id', 'm'],
    overridingSystemValue: true,
    sequences: [{ column: 'id' }],
    asText: [{ column: 'm', type: 'public.mood' }],
  },
  { kind: 'executeSql', sql: 'UPDATE users SET email = lower(email)', reverseSql: 'SELECT 1' },
  { kind: 'alterExtension', name: 'citext', schema: 'ext', from: 'public' },
  {
    kind: 'replaceDomain',
    domain: { schema: 'public', name: 'd', type: 'bigint', default: null, notNull: false, checks: [] },
    from: { schema: 'public', name: 'd', type: 'integer', default: '1', notNull: true, checks: [] },
    columns: [{ schema: 'public', table: 'users', column: 'n', type: 'public.d', default: '2' }],
  },
];

function irreversibleMessage(op: Operation): string {
  try {
    reverseOperation(op);
  } catch (error) {
    if (isAthanorError(error) && error.code === 'irreversible') return error.message;
    throw error;
  }
  throw new Error(`${op.kind} reversed`);
}

describe('reverseOperation', () => {
  it('is its own inverse for every generated operation', () => {
    for (const op of generated) {
      expect(reverseOperation(reverseOperation(op)), op.kind).toStrictEqual(op);
    }
  });
  it('pairs creates with drops that carry the created object', () => {
    expect(reverseOperation({ kind: 'createTable', table: users })).toStrictEqual({
      kind: 'dropTable',
      schema: 'public',
      name: 'users',
      removed: users,
    });
    expect(reverseOperation({ kind: 'addColumn', schema: 'public', table: 'users', column: email })).toStrictEqual({
      kind: 'dropColumn',
      schema: 'public',
      table: 'users',
      column: 'email',
      removed: email,
    });
    expect(
      reverseOperation({ kind: 'dropIndex', schema: 'public', table: 'users', name: 'ix_users_email', removed: index }),
    ).toStrictEqual({
      kind: 'createIndex',
      schema: 'public',
      table: 'users',
      index,
    });
    expect(reverseOperation({ kind: 'dropSchema', schema: 'app' })).toStrictEqual({
      kind: 'createSchema',
      schema: 'app',
    });
  });
  it('gives a dropped NOT NULL column that nothing fills back with a fill to write; any other as it was', () => {
    const bare: ColumnModel = { name: 'code', type: 'text', nullable: false, default: null, identity: null };
    const drop = (removed: ColumnModel): Operation => ({
      kind: 'dropColumn',
      schema: 'public',
      table: 'users',
      column: removed.name,
      removed,
    });
    expect(reverseOperation(drop(bare))).toStrictEqual({
      kind: 'addColumn',
      schema: 'public',
      table: 'users',
      column: bare,
      fill: 'TODO(fill)',
    });
    for (const filled of [
      email,
      { ...bare, nullable: true },
      { ...bare, type: 'serial' },
      { ...bare, identity: { always: true } },
      { ...bare, generated: "'x'::text" },
    ])
      expect(reverseOperation(drop(filled))).not.toHaveProperty('fill');
  });
  it('renames an index back by swapping its names', () => {
    expect(
      reverseOperation({ kind: 'renameIndex', schema: 'app', from: 'events_a_kind_idx', to: 'events_a_by_kind' }),
    ).toStrictEqual({
      kind: 'renameIndex',
      schema: 'app',
      from: 'events_a_by_kind',
      to: 'events_a_kind_idx',
    });
  });
  it('moves an extension back, and replaces a domain back with the same columns and a note of its own', () => {
    expect(reverseOperation({ kind: 'alterExtension', name: 'citext', schema: 'ext', from: 'public' })).toStrictEqual({
      kind: 'alterExtension',
      name: 'citext',
      schema: 'public',
      from: 'ext',
    });
    const d = { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] };
    const columns = [{ schema: 'public', table: 't', column: 'c', type: 'public.d[]' }];
    const back = reverseOperation({
      kind: 'replaceDomain',
      domain: { ...d, type: 'text' },
      from: d,
      columns,
      note: 'upgrade note',
    });
    expect(back).toMatchObject({ kind: 'replaceDomain', domain: d, from: { ...d, type: 'text' }, columns });
    expect(back.kind === 'replaceDomain' ? back.note : '').toMatch(
      /^Postgres cannot change the base type of a domain \(text -> integer\): .* the column using it is converted through integer/,
    );
  });
  it('swaps from and to of alterColumn, and using and down: each is the other way round the cast back', () => {
    const op: Operation = {
      kind: 'alterColumn',
      schema: 'public',
      table: 'users',
      column: 'email',
      to: { type: 'integer' },
      from: { type: 'text' },
      using: 'length(email)',
    };
    expect(reverseOperation(op)).toStrictEqual({
      kind: 'alterColumn',
      schema: 'public',
      table: 'users',
      column: 'email',
      to: { type: 'text' },
      from: { type: 'integer' },
      down: 'length(email)',
    });
    expect(reverseOperation({ ...op, down: 'repeat($$x$$, email)' })).toStrictEqual({
      kind: 'alterColumn',
      schema: 'public',
      table: 'users',
      column: 'email',
      to: { type: 'text' },
      from: { type: 'integer' },
      using: 'repeat($$x$$, email)',
      down: 'length(email)',
    });
  });
  it('keeps a null default as a change to make', () => {
    const op: Operation = {
      kind: 'alterColumn',
      schema: 'public',
      table: 'users',
      column: 'email',
      to: { default: "'x'::text" },
      from: { default: null },
    };
    expect(reverseOperation(op)).toMatchObject({ to: { default: null }, from: { default: "'x'::text" } });
  });
  it('reverses executeSql to its reverseSql', () => {
    expect(reverseOperation({ kind: 'executeSql', sql: 'A', reverseSql: 'B' })).toStrictEqual({
      kind: 'executeSql',
      sql: 'B',
      reverseSql: 'A',
    });
    expect(reverseOperation({ kind: 'executeSql', sql: 'A $1', params: [1], reverseSql: 'B' })).toStrictEqual({
      kind: 'executeSql',
      sql: 'B',
    });
  });
});

describe('reverseOperation: irreversible', () => {
  it('refuses addEnumValue', () => {
    expect(irreversibleMessage({ kind: 'addEnumValue', schema: 'public', name: 'mood', value: 'meh' })).toBe(
      "add value 'meh' to enum public.mood cannot be reversed: Postgres cannot drop a value from an enum; write its downgrade by hand",
    );
  });
  it('refuses drops without the removed object', () => {
    const drops: Operation[] = [
      { kind: 'dropEnum', schema: 'public', name: 'mood' },
      { kind: 'dropTable', schema: 'public', name: 'users' },
      { kind: 'dropColumn', schema: 'public', table: 'users', column: 'email' },
      { kind: 'dropConstraint', schema: 'public', table: 'users', name: 'ck' },
      { kind: 'dropIndex', schema: 'public', table: 'users', name: 'ix' },
    ];
    for (const op of drops)
      expect(irreversibleMessage(op)).toMatch(
        /^drop .* cannot be reversed: it does not carry the removed object; write its downgrade by hand$/,
      );
  });
  it('refuses a domain replacement or an extension move that does not say what was before', () => {
    const domain = { schema: 'public', name: 'd', type: 'bigint', default: null, notNull: false, checks: [] };
    expect(irreversibleMessage({ kind: 'replaceDomain', domain, columns: [] })).toBe(
      'replace domain public.d: base type bigint cannot be reversed: it does not carry the domain it replaces (from); write its downgrade by hand',
    );
    expect(irreversibleMessage({ kind: 'alterExtension', name: 'citext', schema: 'ext' })).toBe(
      'move extension citext: schema ext cannot be reversed: it does not say which schema the extension was in (from); write its downgrade by hand',
    );
  });
  it('refuses alterColumn without from, or with from missing a changed part', () => {
    const base = { kind: 'alterColumn', schema: 'public', table: 'users', column: 'email' } as const;
    expect(irreversibleMessage({ ...base, to: { nullable: false } })).toBe(
      'alter column public.users.email: not null cannot be reversed: it does not say what the column was before (from); write its downgrade by hand',
    );
    expect(irreversibleMessage({ ...base, to: { nullable: false, type: 'text' }, from: { nullable: true } })).toMatch(
      /cannot be reversed: from does not give the previous type; write its downgrade by hand$/,
    );
  });
  it('refuses executeSql without reverseSql', () => {
    expect(irreversibleMessage({ kind: 'executeSql', sql: 'SELECT 1' })).toBe(
      'execute SQL cannot be reversed: it has no reverseSql; write its downgrade by hand',
    );
  });
});

describe('reverseOperations', () => {
  it('reverses each operation, last first', () => {
    const ops: Operation[] = [
      { kind: 'createSchema', schema: 'app' },
      { kind: 'createEnum', enum: { ...mood, schema: 'app' } },
      { kind: 'createTable', table: { ...users, schema: 'app' } },
    ];
    expect(reverseOperations(ops).map((op) => op.kind)).toEqual(['dropTable', 'dropEnum', 'dropSchema']);
    expect(reverseOperations(reverseOperations(ops))).toStrictEqual(ops);
  });
  it('does not change its input', () => {
    const ops = structuredClone(generated);
    reverseOperations(ops);
    expect(ops).toStrictEqual(generated);
  });
});

describe('reverseOperation: rows kept while a table is rebuilt', () => {
  const copy = {
    schema: 'public',
    table: 'users',
    stash: 'users__athanor_stash',
    columns: ['id', 'email'],
    sequences: [{ column: 'id' }],
  };

  it('turns a stash into a restore with the same columns and sequences, without the note', () => {
    expect(
      reverseOperation({ kind: 'stashRows', ...copy, note: 'public.users is rebuilt: a new partition key.' }),
    ).toStrictEqual({
      kind: 'restoreRows',
      ...copy,
    });
  });

  it('turns a restore into a stash that says the table is rebuilt', () => {
    const stash = reverseOperation({ kind: 'restoreRows', ...copy });
    expect(stash).toMatchObject({ kind: 'stashRows', ...copy });
    expect(stash.kind === 'stashRows' ? stash.note : '').toContain(
      'public.users is rebuilt.\nIts rows are copied to the holding table public.users__athanor_stash',
    );
  });

  it('creates again a table dropped for a rebuild, without the holding table', () => {
    expect(
      reverseOperation({
        kind: 'dropTable',
        schema: 'public',
        name: 'users',
        removed: users,
        rowsKeptIn: 'users__athanor_stash',
      }),
    ).toStrictEqual({
      kind: 'createTable',
      table: users,
    });
  });
});
