import { describe, expect, it } from 'vitest';
import { reverseOperations } from '../../src/ops/reverse.js';
import type { Operation } from '../../src/ops/operation.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { connect } from '../../src/pg/connection/driver.js';
import type { ColumnModel, IndexModel, TableModel } from '../../src/schema/model.js';
import { createTestDatabase, queryRows } from '../helpers/database.js';

const POSTS = 'My "Posts"';

const users: TableModel = {
  schema: 'app',
  name: 'users',
  columns: [
    { name: 'id', type: 'bigint', nullable: false, default: null, identity: { always: true } },
    { name: 'email', type: 'character varying(255)', nullable: false, default: null, identity: null },
    { name: 'mood', type: 'app.mood', nullable: true, default: "'ok'::app.mood", identity: null },
    { name: 'deleted_at', type: 'timestamp with time zone', nullable: true, default: null, identity: null },
  ],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  foreignKeys: [],
  uniques: [{ name: 'users_email_key', columns: ['email'] }],
  checks: [{ name: 'users_email_check', expression: "((email)::text <> ''::text)" }],
  indexes: [
    {
      name: 'ix_users_lower_email',
      unique: true,
      method: 'btree',
      columns: [{ expression: 'lower((email)::text)' }],
      where: null,
    },
    {
      name: 'ix_users_live',
      unique: false,
      method: 'btree',
      columns: [{ column: 'id' }],
      where: '(deleted_at IS NULL)',
    },
  ],
};

const posts: TableModel = {
  schema: 'public',
  name: POSTS,
  columns: [
    { name: 'id', type: 'serial', nullable: false, default: null, identity: null },
    { name: 'User Id', type: 'bigint', nullable: false, default: null, identity: null },
    { name: 'title', type: 'text', nullable: true, default: null, identity: null },
    { name: 'legacy', type: 'integer', nullable: true, default: '0', identity: null },
  ],
  primaryKey: { name: 'posts_pkey', columns: ['id'] },
  foreignKeys: [
    {
      name: 'posts_user_fkey',
      columns: ['User Id'],
      refSchema: 'app',
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'NO ACTION',
    },
  ],
  uniques: [],
  checks: [{ name: 'posts_title_check', expression: '(length(title) > 0)' }],
  indexes: [{ name: 'ix_posts_user', unique: false, method: 'hash', columns: [{ column: 'User Id' }], where: null }],
};

const body: ColumnModel = { name: 'body', type: 'text', nullable: true, default: null, identity: null };
const titleIndex: IndexModel = {
  name: 'ix_posts_title',
  unique: false,
  method: 'btree',
  columns: [{ column: 'title' }, { expression: 'lower(title)' }],
  where: '(title IS NOT NULL)',
};

const forward: Operation[] = [
  { kind: 'createSchema', schema: 'app' },
  { kind: 'createEnum', enum: { schema: 'app', name: 'mood', values: ['sad', 'ok', "it's fine"] } },
  { kind: 'createTable', table: users },
  { kind: 'createTable', table: posts },
  { kind: 'addColumn', schema: 'public', table: POSTS, column: body },
  {
    kind: 'alterColumn',
    schema: 'public',
    table: POSTS,
    column: 'title',
    to: { type: 'character varying(200)', nullable: false, default: "''::character varying" },
    from: { type: 'text', nullable: true, default: null },
  },
  { kind: 'dropColumn', schema: 'public', table: POSTS, column: 'legacy', removed: posts.columns[3] },
  {
    kind: 'addConstraint',
    schema: 'public',
    table: POSTS,
    constraint: { type: 'unique', name: 'posts_user_title_key', columns: ['User Id', 'title'] },
  },
  {
    kind: 'dropConstraint',
    schema: 'public',
    table: POSTS,
    name: 'posts_title_check',
    removed: { type: 'check', ...posts.checks[0]! },
  },
  { kind: 'createIndex', schema: 'public', table: POSTS, index: titleIndex },
  { kind: 'dropIndex', schema: 'app', table: 'users', name: 'ix_users_live', removed: users.indexes[1] },
];

async function apply(url: string, ops: Operation[]): Promise<void> {
  const driver = await connect(url);
  try {
    for (const statement of ops.flatMap(compileOperation)) await driver.query(statement.sql, statement.params);
  } finally {
    await driver.close();
  }
}

/** Everything user-made in the database: schemas, types, relations, constraints. */
async function userObjects(url: string): Promise<string[]> {
  const rows = await queryRows<{ what: string }>(
    url,
    `SELECT 'schema ' || nspname AS what FROM pg_namespace
       WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
     UNION ALL
     SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
     UNION ALL
     SELECT 'relation ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
     UNION ALL
     SELECT 'constraint ' || conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1`,
  );
  return rows.map((row) => row.what);
}

describe('DDL applied to a database', () => {
  it('applies compiled operations, then their reversal leaves the database empty', async () => {
    const db = await createTestDatabase();
    expect(await userObjects(db.url)).toEqual([]);

    await apply(db.url, forward);
    expect(await userObjects(db.url)).toEqual(
      expect.arrayContaining([
        'schema app',
        'type mood',
        'relation users',
        'relation My "Posts"',
        'constraint posts_user_fkey',
      ]),
    );

    const columns = await queryRows(
      db.url,
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [POSTS],
    );
    expect(columns).toEqual([
      {
        column_name: 'id',
        data_type: 'integer',
        len: null,
        is_nullable: 'NO',
        column_default: `nextval('"My ""Posts""_id_seq"'::regclass)`,
      },
      { column_name: 'User Id', data_type: 'bigint', len: null, is_nullable: 'NO', column_default: null },
      {
        column_name: 'title',
        data_type: 'character varying',
        len: 200,
        is_nullable: 'NO',
        column_default: "''::character varying",
      },
      { column_name: 'body', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
    ]);

    const userColumns = await queryRows(
      db.url,
      `SELECT column_name, is_identity, identity_generation, udt_schema, udt_name, column_default
         FROM information_schema.columns WHERE table_schema = 'app' AND table_name = 'users' ORDER BY ordinal_position`,
    );
    expect(userColumns).toEqual([
      {
        column_name: 'id',
        is_identity: 'YES',
        identity_generation: 'ALWAYS',
        udt_schema: 'pg_catalog',
        udt_name: 'int8',
        column_default: null,
      },
      {
        column_name: 'email',
        is_identity: 'NO',
        identity_generation: null,
        udt_schema: 'pg_catalog',
        udt_name: 'varchar',
        column_default: null,
      },
      {
        column_name: 'mood',
        is_identity: 'NO',
        identity_generation: null,
        udt_schema: 'app',
        udt_name: 'mood',
        column_default: "'ok'::app.mood",
      },
      {
        column_name: 'deleted_at',
        is_identity: 'NO',
        identity_generation: null,
        udt_schema: 'pg_catalog',
        udt_name: 'timestamptz',
        column_default: null,
      },
    ]);

    const labels = await queryRows(db.url, `SELECT enum_range(NULL::app.mood)::text[] AS labels`);
    expect(labels).toEqual([{ labels: ['sad', 'ok', "it's fine"] }]);

    // PostgreSQL 18 (PGlite) also lists NOT NULL as constraints (contype 'n'); 15 does not.
    const constraints = await queryRows(
      db.url,
      `SELECT conrelid::regclass::text AS rel, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE connamespace IN ('app'::regnamespace, 'public'::regnamespace) AND contype <> 'n' ORDER BY 1, 2`,
    );
    expect(constraints).toEqual([
      { rel: '"My ""Posts"""', conname: 'posts_pkey', def: 'PRIMARY KEY (id)' },
      {
        rel: '"My ""Posts"""',
        conname: 'posts_user_fkey',
        def: 'FOREIGN KEY ("User Id") REFERENCES app.users(id) ON DELETE CASCADE',
      },
      { rel: '"My ""Posts"""', conname: 'posts_user_title_key', def: 'UNIQUE ("User Id", title)' },
      { rel: 'app.users', conname: 'users_email_check', def: "CHECK (((email)::text <> ''::text))" },
      { rel: 'app.users', conname: 'users_email_key', def: 'UNIQUE (email)' },
      { rel: 'app.users', conname: 'users_pkey', def: 'PRIMARY KEY (id)' },
    ]);

    const indexes = await queryRows(
      db.url,
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname IN ('app', 'public') ORDER BY indexname`,
    );
    expect(indexes).toEqual([
      {
        indexname: 'ix_posts_title',
        indexdef:
          'CREATE INDEX ix_posts_title ON public."My ""Posts""" USING btree (title, lower((title)::text)) WHERE (title IS NOT NULL)',
      },
      {
        indexname: 'ix_posts_user',
        indexdef: 'CREATE INDEX ix_posts_user ON public."My ""Posts""" USING hash ("User Id")',
      },
      {
        indexname: 'ix_users_lower_email',
        indexdef: 'CREATE UNIQUE INDEX ix_users_lower_email ON app.users USING btree (lower((email)::text))',
      },
      { indexname: 'posts_pkey', indexdef: 'CREATE UNIQUE INDEX posts_pkey ON public."My ""Posts""" USING btree (id)' },
      {
        indexname: 'posts_user_title_key',
        indexdef: 'CREATE UNIQUE INDEX posts_user_title_key ON public."My ""Posts""" USING btree ("User Id", title)',
      },
      {
        indexname: 'users_email_key',
        indexdef: 'CREATE UNIQUE INDEX users_email_key ON app.users USING btree (email)',
      },
      { indexname: 'users_pkey', indexdef: 'CREATE UNIQUE INDEX users_pkey ON app.users USING btree (id)' },
    ]);

    await apply(db.url, reverseOperations(forward));
    expect(await userObjects(db.url)).toEqual([]);
  });

  it('adds enum values at the end, before and after others', async () => {
    const db = await createTestDatabase();
    await apply(db.url, [
      { kind: 'createEnum', enum: { schema: 'public', name: 'My "Mood"', values: ['b'] } },
      { kind: 'addEnumValue', schema: 'public', name: 'My "Mood"', value: 'd' },
      { kind: 'addEnumValue', schema: 'public', name: 'My "Mood"', value: 'a', before: 'b' },
      { kind: 'addEnumValue', schema: 'public', name: 'My "Mood"', value: "c'", after: 'b' },
    ]);
    const rows = await queryRows(db.url, `SELECT enum_range(NULL::public."My ""Mood""")::text[] AS labels`);
    expect(rows).toEqual([{ labels: ['a', 'b', "c'", 'd'] }]);
  });
});
