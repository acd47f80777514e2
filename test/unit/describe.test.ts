import { describe, expect, it } from 'vitest';
import { describeOperation, isDestructive } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import type { ColumnChange } from '../../src/ops/families/columns.js';
import type { ConstraintModel, TableModel } from '../../src/schema/model.js';

const users: TableModel = {
  schema: 'public',
  name: 'users',
  columns: [],
  primaryKey: null,
  foreignKeys: [],
  uniques: [],
  checks: [],
  indexes: [],
};
const alter = (to: ColumnChange, from?: ColumnChange, using?: string): Operation => ({
  kind: 'alterColumn',
  schema: 'public',
  table: 'users',
  column: 'email',
  to,
  ...(from === undefined ? {} : { from }),
  ...(using === undefined ? {} : { using }),
});
const fk: ConstraintModel = {
  type: 'foreignKey',
  name: 'fk_x',
  columns: ['user_id'],
  refSchema: 'public',
  refTable: 'users',
  refColumns: ['id'],
  onDelete: 'NO ACTION',
  onUpdate: 'NO ACTION',
};

describe('describeOperation', () => {
  it('names schemas, enums and tables', () => {
    expect(describeOperation({ kind: 'createSchema', schema: 'app' })).toBe('create schema app');
    expect(describeOperation({ kind: 'dropSchema', schema: 'app' })).toBe('drop schema app');
    expect(describeOperation({ kind: 'createEnum', enum: { schema: 'public', name: 'mood', values: [] } })).toBe(
      'create enum public.mood',
    );
    expect(describeOperation({ kind: 'dropEnum', schema: 'public', name: 'mood' })).toBe('drop enum public.mood');
    expect(describeOperation({ kind: 'createTable', table: users })).toBe('create table public.users');
    expect(describeOperation({ kind: 'dropTable', schema: 'public', name: 'users' })).toBe('drop table public.users');
  });
  it('places a new enum value', () => {
    const base = { kind: 'addEnumValue', schema: 'public', name: 'mood', value: 'meh' } as const;
    expect(describeOperation(base)).toBe("add value 'meh' to enum public.mood");
    expect(describeOperation({ ...base, before: 'happy' })).toBe("add value 'meh' to enum public.mood before 'happy'");
    expect(describeOperation({ ...base, after: 'sad' })).toBe("add value 'meh' to enum public.mood after 'sad'");
  });
  it('names columns', () => {
    const column = { name: 'email', type: 'text', nullable: true, default: null, identity: null };
    expect(describeOperation({ kind: 'addColumn', schema: 'public', table: 'users', column })).toBe(
      'add column public.users.email',
    );
    expect(describeOperation({ kind: 'dropColumn', schema: 'public', table: 'users', column: 'email' })).toBe(
      'drop column public.users.email',
    );
  });
  it('shows what alterColumn changes, with the previous state when known', () => {
    expect(
      describeOperation(alter({ type: 'character varying(255)', nullable: false }, { type: 'text', nullable: true })),
    ).toBe('alter column public.users.email: type text -> character varying(255), nullable -> not null');
    expect(describeOperation(alter({ type: 'integer', nullable: true, default: null }))).toBe(
      'alter column public.users.email: type integer, nullable, default (none)',
    );
    expect(describeOperation(alter({ default: "'x'::text" }, { default: null }))).toBe(
      "alter column public.users.email: default (none) -> 'x'::text",
    );
    expect(describeOperation(alter({ type: 'integer' }, { type: 'text' }, 'length(email)'))).toBe(
      'alter column public.users.email: type text -> integer using length(email)',
    );
    expect(describeOperation(alter({}))).toBe('alter column public.users.email: no change');
    // A default the type change drops and sets again, unchanged, reads as set again, not as a change.
    expect(describeOperation(alter({ type: 'bigint', default: '0' }, { type: 'integer', default: '0' }))).toBe(
      'alter column public.users.email: type integer -> bigint, default 0 (set again)',
    );
  });
  it('names the kind of constraint', () => {
    expect(describeOperation({ kind: 'addConstraint', schema: 'public', table: 'posts', constraint: fk })).toBe(
      'add foreign key fk_x on public.posts',
    );
    expect(
      describeOperation({
        kind: 'addConstraint',
        schema: 'public',
        table: 'posts',
        constraint: { type: 'primaryKey', name: 'pk', columns: ['id'] },
      }),
    ).toBe('add primary key pk on public.posts');
    expect(
      describeOperation({
        kind: 'addConstraint',
        schema: 'public',
        table: 'posts',
        constraint: { type: 'unique', name: 'uq', columns: ['id'] },
      }),
    ).toBe('add unique constraint uq on public.posts');
    expect(
      describeOperation({
        kind: 'addConstraint',
        schema: 'public',
        table: 'posts',
        constraint: { type: 'check', name: 'ck', expression: 'true' },
      }),
    ).toBe('add check constraint ck on public.posts');
    expect(describeOperation({ kind: 'dropConstraint', schema: 'public', table: 'posts', name: 'fk_x' })).toBe(
      'drop constraint fk_x on public.posts',
    );
    expect(
      describeOperation({ kind: 'dropConstraint', schema: 'public', table: 'posts', name: 'fk_x', removed: fk }),
    ).toBe('drop foreign key fk_x on public.posts');
  });
  it('names indexes and raw SQL', () => {
    const index = { name: 'ix_x', unique: false, method: 'btree', columns: [{ column: 'email' }], where: null };
    expect(describeOperation({ kind: 'createIndex', schema: 'public', table: 'users', index })).toBe(
      'create index ix_x on public.users',
    );
    expect(
      describeOperation({ kind: 'createIndex', schema: 'public', table: 'users', index: { ...index, unique: true } }),
    ).toBe('create unique index ix_x on public.users');
    expect(describeOperation({ kind: 'dropIndex', schema: 'public', table: 'users', name: 'ix_x' })).toBe(
      'drop index ix_x on public.users',
    );
    expect(describeOperation({ kind: 'renameIndex', schema: 'app', from: 'ev_a_kind_idx', to: 'ev_a_by_kind' })).toBe(
      'rename index app.ev_a_kind_idx to ev_a_by_kind',
    );
    expect(describeOperation({ kind: 'executeSql', sql: 'SELECT 1' })).toBe('execute SQL');
  });
  it('lists the storage parameters that change, not those set again to keep their order', () => {
    const op: Operation = {
      kind: 'setStorageParameters',
      schema: 'public',
      table: 'users',
      to: { fillfactor: '70', autovacuum_enabled: 'false', toast_tuple_target: null },
      from: { autovacuum_enabled: 'false', fillfactor: '80', toast_tuple_target: '256' },
    };
    expect(describeOperation(op)).toBe(
      'set storage parameters of table public.users: fillfactor 80 -> 70, toast_tuple_target 256 -> (default)',
    );
    const added: Operation = {
      kind: 'setStorageParameters',
      schema: 'public',
      table: 'users',
      index: 'ix',
      to: { fillfactor: '50' },
    };
    expect(describeOperation(added)).toBe('set storage parameters of index public.ix: fillfactor 50');
  });

  it("names a domain's checks with the NOT VALID ones said so", () => {
    const op: Operation = {
      kind: 'alterDomain',
      schema: 'public',
      name: 'pos',
      to: { checks: [{ name: 'p', expression: '(VALUE > 0)' }] },
      from: { checks: [{ name: 'p', expression: '(VALUE > 0)', notValid: true }] },
    };
    expect(describeOperation(op)).toBe('alter domain public.pos: checks (p not valid) -> checks (p)');
  });

  it('names extension moves and domain replacements with what they were', () => {
    expect(describeOperation({ kind: 'alterExtension', name: 'citext', schema: 'ext', from: 'public' })).toBe(
      'move extension citext: schema public -> ext',
    );
    const d = { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] };
    expect(describeOperation({ kind: 'replaceDomain', domain: { ...d, type: 'bigint' }, from: d, columns: [] })).toBe(
      'replace domain public.d: base type integer -> bigint',
    );
  });
});

describe('isDestructive', () => {
  it('flags drops of schemas, enums, tables and columns', () => {
    expect(isDestructive({ kind: 'dropSchema', schema: 'app' })).toBe(true);
    expect(isDestructive({ kind: 'dropEnum', schema: 'public', name: 'mood' })).toBe(true);
    expect(isDestructive({ kind: 'dropTable', schema: 'public', name: 'users' })).toBe(true);
    expect(isDestructive({ kind: 'dropColumn', schema: 'public', table: 'users', column: 'email' })).toBe(true);
  });
  it('does not flag creates, constraint and index changes, enum values or raw SQL', () => {
    const safe: Operation[] = [
      { kind: 'createSchema', schema: 'app' },
      { kind: 'createTable', table: users },
      { kind: 'addEnumValue', schema: 'public', name: 'mood', value: 'meh' },
      { kind: 'dropConstraint', schema: 'public', table: 'posts', name: 'fk_x' },
      { kind: 'dropIndex', schema: 'public', table: 'users', name: 'ix_x' },
      { kind: 'renameIndex', schema: 'public', from: 'ix_x', to: 'ix_y' },
      { kind: 'executeSql', sql: 'DELETE FROM users' },
    ];
    for (const op of safe) expect(isDestructive(op), op.kind).toBe(false);
  });
  it('flags type changes that may lose data', () => {
    expect(isDestructive(alter({ type: 'integer' }))).toBe(true);
    expect(isDestructive(alter({ type: 'integer' }, { type: 'text' }))).toBe(true);
    expect(isDestructive(alter({ type: 'character varying(10)' }, { type: 'character varying(20)' }))).toBe(true);
    expect(isDestructive(alter({ type: 'character varying(10)' }, { type: 'character varying' }))).toBe(true);
    expect(isDestructive(alter({ type: 'smallint' }, { type: 'bigint' }))).toBe(true);
    expect(isDestructive(alter({ type: 'numeric(10,1)' }, { type: 'numeric(10,2)' }))).toBe(true);
    expect(isDestructive(alter({ type: 'numeric(10,2)' }, { type: 'numeric' }))).toBe(true);
  });
  it('flags a domain replacement unless its base type widens; not an extension move', () => {
    const d = { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] };
    const replace = (from: string, to: string): Operation => ({
      kind: 'replaceDomain',
      domain: { ...d, type: to },
      from: { ...d, type: from },
      columns: [],
    });
    expect(isDestructive(replace('integer', 'bigint'))).toBe(false);
    expect(isDestructive(replace('bigint', 'integer'))).toBe(true);
    expect(isDestructive(replace('text', 'character varying(5)'))).toBe(true);
    expect(isDestructive({ kind: 'replaceDomain', domain: d, columns: [] })).toBe(true);
    expect(isDestructive({ kind: 'alterExtension', name: 'citext', schema: 'ext', from: 'public' })).toBe(false);
  });
  it('does not flag widening type changes or changes without a type', () => {
    expect(isDestructive(alter({ nullable: false, default: null }, { nullable: true, default: '0' }))).toBe(false);
    expect(isDestructive(alter({ type: 'text' }, { type: 'character varying(20)' }))).toBe(false);
    expect(isDestructive(alter({ type: 'character varying(30)' }, { type: 'character varying(20)' }))).toBe(false);
    expect(isDestructive(alter({ type: 'character varying' }, { type: 'text' }))).toBe(false);
    expect(isDestructive(alter({ type: 'bigint' }, { type: 'integer' }))).toBe(false);
    expect(isDestructive(alter({ type: 'double precision' }, { type: 'real' }))).toBe(false);
    expect(isDestructive(alter({ type: 'numeric(12,3)' }, { type: 'numeric(10,2)' }))).toBe(false);
    expect(isDestructive(alter({ type: 'numeric' }, { type: 'numeric(10,2)' }))).toBe(false);
    // An integer fits a numeric with as many digits before the point: smallint 5, integer 10, bigint 19.
    expect(isDestructive(alter({ type: 'numeric' }, { type: 'integer' }))).toBe(false);
    expect(isDestructive(alter({ type: 'numeric(12,2)' }, { type: 'integer' }))).toBe(false);
    expect(isDestructive(alter({ type: 'numeric(19,0)' }, { type: 'bigint' }))).toBe(false);
  });
  it("does not flag a timestamp or time given more fractional digits, nor a timestamp's zone changed; flags fewer", () => {
    const tz = 'timestamp with time zone';
    expect(isDestructive(alter({ type: tz }, { type: 'timestamp(3) with time zone' }))).toBe(false);
    expect(isDestructive(alter({ type: 'time(4) without time zone' }, { type: 'time(2) without time zone' }))).toBe(
      false,
    );
    expect(isDestructive(alter({ type: 'timestamp(3) with time zone' }, { type: tz }))).toBe(true);
    // What a timestamp's zone changed costs is the zone its values are read in: `session-time-zone`, not a cut.
    expect(isDestructive(alter({ type: tz }, { type: 'timestamp without time zone' }))).toBe(false);
    expect(isDestructive(alter({ type: 'timestamp(3) without time zone' }, { type: tz }))).toBe(true);
  });
  it('flags an integer put in a numeric with fewer digits before the point', () => {
    expect(isDestructive(alter({ type: 'numeric(5,0)' }, { type: 'integer' }))).toBe(true);
    expect(isDestructive(alter({ type: 'numeric(19,1)' }, { type: 'bigint' }))).toBe(true);
  });
});

describe('describeOperation and isDestructive: rows kept while a table is rebuilt', () => {
  const copy = { schema: 'public', table: 'users', stash: 'users__athanor_stash', columns: ['id'] };

  it('describes the copies to and from the holding table, neither destructive', () => {
    const stash: Operation = { kind: 'stashRows', ...copy };
    const restore: Operation = { kind: 'restoreRows', ...copy };
    expect(describeOperation(stash)).toBe('copy the rows of public.users to holding table public.users__athanor_stash');
    expect(describeOperation(restore)).toBe(
      'copy the rows of public.users back from holding table public.users__athanor_stash and drop it',
    );
    expect(isDestructive(stash)).toBe(false);
    expect(isDestructive(restore)).toBe(false);
  });

  it('reports a table dropped for a rebuild as such, still destructive', () => {
    const drop: Operation = { kind: 'dropTable', schema: 'public', name: 'users', rowsKeptIn: 'users__athanor_stash' };
    expect(describeOperation(drop)).toBe(
      'drop table public.users to rebuild it (its rows are kept in public.users__athanor_stash)',
    );
    expect(isDestructive(drop)).toBe(true);
  });
});
