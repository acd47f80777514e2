import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { migrateOk, revisionFiles, tempProject, type TempProject } from '../helpers/project.js';

const HEAD =
  "import { defineMetadata, index, integer, serial, text } from 'athanor';\nexport const metadata = defineMetadata({ namingConvention: { uq: 'uq_%(table_name)s_%(column_0_name)s' } });\n";

const BASE_SQL = `
  CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, email text, CONSTRAINT uq_users_name UNIQUE (name));
  CREATE TABLE posts (id serial PRIMARY KEY, user_id integer REFERENCES users (id), title text);
  CREATE INDEX posts_title_idx ON posts (title);
  INSERT INTO users (name, email) VALUES ('ada', 'ada@example.com'), ('grace', NULL);
  INSERT INTO posts (user_id, title) VALUES (1, 'notes'), (2, 'compilers');`;

/** The base tables as a model; `users` and `posts` spelled by the callers. */
function model(users: string, posts: string): string {
  return `${HEAD}export const users = metadata.table(${users});\nexport const posts = metadata.table(${posts});\n`;
}

const POSTS =
  "'posts', { id: serial().primaryKey(), user_id: integer().references(() => users.columns.id), title: text() }, { indexes: [index(['title'], { name: 'posts_title_idx' })] }";

async function project(): Promise<{ url: string; project: TempProject }> {
  const db = await createTestDatabase('athanor_ren');
  await runSql(db.url, BASE_SQL);
  return { url: db.url, project: tempProject(db.url) };
}

describe('renames', () => {
  it('a column renamed with .renamedFrom(): values kept, its unique constraint renamed by the convention, check clean, downgrade restores', async () => {
    const { url, project: p } = await project();
    const renamedUsers =
      "'users', { id: serial().primaryKey(), display_name: text().notNull().unique().renamedFrom('name'), email: text() }";
    p.write('models.ts', model(renamedUsers, POSTS));
    const written = await migrateOk(p, 'revision', '--autogenerate', '-m', 'rename name');
    expect(written).toContain('(2 operation(s))');
    expect(written).toContain('HAZARD [renamed]');
    await migrateOk(p, 'upgrade', 'head');
    expect(await queryRows(url, 'SELECT id, display_name FROM users ORDER BY id')).toEqual([
      { id: 1, display_name: 'ada' },
      { id: 2, display_name: 'grace' },
    ]);
    const constraints = await queryRows<{ conname: string }>(
      url,
      "SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'u'",
    );
    expect(constraints).toEqual([{ conname: 'uq_users_display_name' }]);
    expect((await p.migrate('check')).code).toBe(0);
    await migrateOk(p, 'downgrade', '-1');
    expect(await queryRows(url, 'SELECT id, name FROM users ORDER BY id')).toEqual([
      { id: 1, name: 'ada' },
      { id: 2, name: 'grace' },
    ]);
    // The hint stays in the model; once applied it names nothing and does nothing.
    await migrateOk(p, 'upgrade', 'head');
    expect(await migrateOk(p, 'revision', '--autogenerate', '-m', 'nothing')).toContain(
      'No changes; no revision written',
    );
  });

  it.each([
    [
      'the renamedFrom option',
      "'accounts', { id: serial().primaryKey(), name: text().notNull().unique(), email: text() }, { renamedFrom: 'users' }",
      [],
    ],
    [
      '--rename',
      "'accounts', { id: serial().primaryKey(), name: text().notNull().unique(), email: text() }",
      ['--rename', 'users=accounts'],
    ],
  ])(
    'a table renamed with %s: rows, keys, the foreign key to it and its sequence keep working',
    async (_how, accounts, flags) => {
      const { url, project: p } = await project();
      p.write('models.ts', model(accounts, POSTS));
      const written = await migrateOk(p, 'revision', '--autogenerate', '-m', 'rename users', ...flags);
      const file = p.read(`migrations/versions/${revisionFiles(p)[0]}`);
      expect(file).toContain("await op.renameTable({ schema: 'public', from: 'users', to: 'accounts' });");
      expect(file).toContain("from: 'uq_users_name',");
      expect(file).not.toMatch(/dropTable|createTable|dropColumn/);
      expect(written).toContain('HAZARD [renamed]');
      await migrateOk(p, 'upgrade', 'head');
      await runSql(
        url,
        "INSERT INTO accounts (name) VALUES ('linus'); INSERT INTO posts (user_id, title) VALUES (3, 'kernels');",
      );
      expect(await queryRows(url, 'SELECT id, name FROM accounts ORDER BY id')).toEqual([
        { id: 1, name: 'ada' },
        { id: 2, name: 'grace' },
        { id: 3, name: 'linus' },
      ]);
      await expect(runSql(url, "INSERT INTO accounts (name) VALUES ('ada')")).rejects.toThrow(/uq_accounts_name/);
      await expect(runSql(url, 'INSERT INTO posts (user_id) VALUES (99)')).rejects.toThrow(/foreign key/);
      expect((await p.migrate('check')).code).toBe(0);
      await migrateOk(p, 'downgrade', '-1');
      expect(await queryRows(url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 3 }]);
      await runSql(url, "INSERT INTO users (name) VALUES ('barbara')");
    },
  );

  it('without a terminal and without a decision: exit 2, one line per candidate naming both and the flags, no file written', async () => {
    const { project: p } = await project();
    p.write(
      'models.ts',
      model("'users', { id: serial().primaryKey(), display_name: text().notNull().unique(), email: text() }", POSTS),
    );
    const result = await p.migrate('revision', '--autogenerate', '-m', 'undecided');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      'error [rename-undecided]: 1 possible rename(s) need a decision, and no revision was written:',
      '  column public.users.name is gone and column public.users.display_name is new: pass --rename users.name=display_name to rename it, or --no-rename users.name to drop it and create the new one',
    ]);
    expect(revisionFiles(p)).toEqual([]);

    const check = await p.migrate('check', '--json');
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).renames).toEqual([
      {
        kind: 'column',
        from: 'public.users.name',
        to: 'public.users.display_name',
        score: expect.any(Number),
        rank: 1,
        rename: '--rename users.name=display_name',
        keep: '--no-rename users.name',
      },
    ]);

    const typo = await p.migrate('revision', '--autogenerate', '-m', 'typo', '--rename', 'users.nme=display_name');
    expect([typo.code, typo.stderr]).toEqual([
      2,
      expect.stringContaining('--rename users.nme=display_name: no such object'),
    ]);
    const dropped = await migrateOk(p, 'revision', '--autogenerate', '-m', 'drop and add', '--no-rename', 'users.name');
    expect(dropped).toContain('DESTRUCTIVE: drop column public.users.name');
  });

  // Reduced from a scheduling app's history: indexes named `table.column_unique`, and a column named password.
  it('an index whose name holds a dot, and a column named password: the flags the message gives decide them', async () => {
    const db = await createTestDatabase('athanor_ren');
    await runSql(
      db.url,
      `CREATE TABLE t (id integer PRIMARY KEY, email text, password text);
       CREATE UNIQUE INDEX "t.email_unique" ON t (email);`,
    );
    const p = tempProject(db.url);
    p.write(
      'models.ts',
      `${HEAD}export const t = metadata.table('t', { id: integer().primaryKey(), email: text(), avatar: text() }, { indexes: [index(['email'], { name: 't_email_key', unique: true })] });\n`,
    );
    const undecided = await p.migrate('revision', '--autogenerate', '-m', 'undecided');
    expect(undecided.code).toBe(2);
    const flags = [...undecided.stderr.matchAll(/pass --rename ('[^']*'|\S+)/g)].map((m) => m[1]!);
    expect(flags.sort()).toEqual([`'index:t."t.email_unique"=t_email_key'`, 't.password=avatar']);
    // As a shell passes them: without the single quotes.
    const argv = flags.flatMap((flag) => ['--rename', flag.replace(/^'(.*)'$/, '$1')]);
    const written = await migrateOk(p, 'revision', '--autogenerate', '-m', 'renames', ...argv);
    expect(written).not.toContain('DESTRUCTIVE');
    await migrateOk(p, 'upgrade', 'head');
    expect((await p.migrate('check')).code).toBe(0);
  });

  // Reduced from an OAuth server's history: `pk` renamed `pk_deprecated` and a new uuid `pk` added in its place.
  it('a column renamed away from a name the model gives a new column, by the hint or by the flag: values kept under the new name, both ways', async () => {
    const swapped = (hint: string): string =>
      `${HEAD.replace('text }', 'text, uuid }')}export const users = metadata.table('users', { id_old: integer().notNull()${hint}, id: uuid().primaryKey().default(sql\`gen_random_uuid()\`), name: text().notNull(), email: text() }, { uniques: [{ columns: ['name'], name: 'uq_users_name' }] });\nexport const posts = metadata.table('posts', { id: serial().primaryKey(), user_id: integer(), title: text() }, { indexes: [index(['title'], { name: 'posts_title_idx' })] });\n`.replace(
        'text, uuid }',
        'sql, text, uuid }',
      );
    for (const [hint, flags] of [
      [".renamedFrom('id')", []],
      ['', ['--rename', 'users.id=id_old']],
    ] as const) {
      const { url, project: p } = await project();
      await runSql(url, 'ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey');
      p.write('models.ts', swapped(hint));
      const written = await migrateOk(p, 'revision', '--autogenerate', '-m', 'swap', ...flags);
      expect(written).toContain('rename column public.users.id to id_old');
      expect(written).toContain('add column public.users.id');
      expect(written).not.toContain('TODO(using)');
      await migrateOk(p, 'upgrade', 'head');
      expect(await queryRows(url, 'SELECT id_old, name FROM users ORDER BY id_old')).toEqual([
        { id_old: 1, name: 'ada' },
        { id_old: 2, name: 'grace' },
      ]);
      expect((await p.migrate('check')).code).toBe(0);
      await migrateOk(p, 'downgrade', 'base');
      expect(await queryRows(url, 'SELECT id, name FROM users ORDER BY id')).toEqual([
        { id: 1, name: 'ada' },
        { id: 2, name: 'grace' },
      ]);
    }
  });

  it('a table renamed away from a name the model gives a new table: rows kept under the new name, its parts renamed by the convention', async () => {
    const { url, project: p } = await project();
    const old = POSTS.replace("'posts', {", "'posts_old', {").replace('{ indexes:', "{ renamedFrom: 'posts', indexes:");
    p.write(
      'models.ts',
      `${model("'users', { id: serial().primaryKey(), name: text().notNull().unique(), email: text() }", old.replace("name: 'posts_title_idx'", "name: 'posts_old_title_idx'"))}export const newPosts = metadata.table('posts', { id: serial().primaryKey(), body: text() });\n`,
    );
    const written = await migrateOk(p, 'revision', '--autogenerate', '-m', 'swap');
    expect(written).toContain('rename table public.posts to posts_old');
    expect(written).toContain('create table public.posts');
    await migrateOk(p, 'upgrade', 'head');
    expect(await queryRows(url, 'SELECT id, title FROM posts_old ORDER BY id')).toEqual([
      { id: 1, title: 'notes' },
      { id: 2, title: 'compilers' },
    ]);
    expect((await p.migrate('check')).code).toBe(0);
    await migrateOk(p, 'downgrade', 'base');
    expect(await queryRows(url, 'SELECT id, title FROM posts ORDER BY id')).toEqual([
      { id: 1, title: 'notes' },
      { id: 2, title: 'compilers' },
    ]);
  });

  it('a flag that names nothing is refused in one line; one onto a name both sides keep says to drop that first', async () => {
    const { url, project: p } = await project();
    await runSql(url, 'CREATE TABLE posts_new (id serial PRIMARY KEY, body text)');
    p.write(
      'models.ts',
      model("'users', { id: serial().primaryKey(), name: text().notNull().unique(), email: text() }", POSTS),
    );
    const typo = await p.migrate('revision', '--autogenerate', '-m', 'typo', '--rename', 'userz.name=full_name');
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain(
      "error [unknown-rename]: --rename userz.name=full_name: no such object is gone from the database's side",
    );
    const onto = await p.migrate('revision', '--autogenerate', '-m', 'onto', '--rename', 'posts_new=posts');
    expect(onto.code).not.toBe(0);
    expect(onto.stderr).toContain(
      'error [unknown-rename]: --rename posts_new=posts: posts is not new, the database has it too; drop it in a revision of its own first (the model without it), then rename',
    );
    expect(revisionFiles(p)).toEqual([]);
  });

  // From a portfolio app's history: an enum value dropped, answered `--no-rename` though nothing new stood beside it.
  it('--no-rename of something gone with nothing new beside it is taken: it is dropped, as the flag says', async () => {
    const { url, project: p } = await project();
    await runSql(url, "CREATE TYPE source AS ENUM ('manual', 'rakuten')");
    const users = "'users', { id: serial().primaryKey(), name: text().notNull().unique() }";
    p.write('models.ts', `${model(users, POSTS)}export const source = metadata.enum('source', ['manual']);\n`);
    const typo = await p.migrate('revision', '--autogenerate', '-m', 'typo', '--no-rename', 'userz.email');
    expect(typo.stderr).toContain(
      "error [unknown-rename]: --no-rename userz.email: no such object is gone from the database's side",
    );
    const flags = ['--no-rename', 'users.email', '--no-rename', 'enum-value:source.rakuten'];
    const written = await p.migrate('revision', '--autogenerate', '-m', 'drop', ...flags);
    expect([written.code, written.stderr]).toEqual([0, '']);
    expect(written.stdout).toContain('drop column public.users.email');
    expect(written.stdout).toContain('rakuten');
  });

  it('ranks the candidates of one dropped column: the same definition before a mere same type', async () => {
    const { project: p } = await project();
    const users =
      "'users', { id: serial().primaryKey(), email: text(), full_name: text().unique(), handle: text().notNull().unique() }";
    p.write('models.ts', model(users, POSTS));
    const check = JSON.parse((await p.migrate('check', '--json')).stdout) as {
      renames: { from: string; to: string; rank: number; score: number }[];
    };
    const forName = check.renames.filter((c) => c.from === 'public.users.name');
    expect(forName.map((c) => [c.to, c.rank])).toEqual([
      ['public.users.handle', 1],
      ['public.users.full_name', 2],
    ]);
    expect(forName[0]!.score).toBeGreaterThan(forName[1]!.score);
    // As text, each dropped object with several candidates heads its own numbered list.
    const text = (await p.migrate('check')).stdout;
    expect(text).toContain(
      '  column public.users.name is gone; its candidates, best first:\n    1. column public.users.name -> public.users.handle',
    );
    expect(text).toContain('\n    2. column public.users.name -> public.users.full_name');
    // Counted by what is gone, not by candidate.
    expect(text).toContain(
      `\n${new Set(check.renames.map((c) => c.from)).size} possible rename(s), dropped and created`,
    );
  });

  it('a table and its column renamed and changed in one revision: renames first, then the changes; an index named after both follows', async () => {
    const db = await createTestDatabase('athanor_ren');
    await runSql(
      db.url,
      "CREATE TABLE users (id serial PRIMARY KEY, name varchar(20) NOT NULL, age integer); CREATE INDEX users_name_idx ON users (name); INSERT INTO users (name, age) VALUES ('ada', 36);",
    );
    const p = tempProject(db.url);
    p.write(
      'models.ts',
      `${HEAD}export const people = metadata.table('people', { id: serial().primaryKey(), full_name: text().notNull().renamedFrom('name'), age: bigint(), email: text() }, { renamedFrom: 'users', indexes: [index(['full_name'])] });\n`.replace(
        'integer, serial',
        'bigint, integer, serial',
      ),
    );
    await migrateOk(p, 'revision', '--autogenerate', '-m', 'people');
    const upgrade = p.read(`migrations/versions/${revisionFiles(p)[0]}`).split('export async function downgrade')[0]!;
    const calls = [...upgrade.matchAll(/await op\.(\w+)\(\{[^]*?from: '(\w+)'|await op\.(\w+)\(/g)].map((m) =>
      m[2] ? `${m[1]} ${m[2]}` : m[3],
    );
    expect(calls).toEqual([
      'renameTable users',
      'renameColumn name',
      'renameObject users_pkey',
      'renameObject users_id_seq',
      'renameIndex users_name_idx',
      'alterColumn',
      'alterColumn',
      'addColumn',
    ]);
    await migrateOk(p, 'upgrade', 'head');
    await runSql(db.url, "INSERT INTO people (full_name) VALUES ('grace')");
    expect(await queryRows(db.url, 'SELECT id, full_name, age::int AS age FROM people ORDER BY id')).toEqual([
      { id: 1, full_name: 'ada', age: 36 },
      { id: 2, full_name: 'grace', age: null },
    ]);
    expect(await migrateOk(p, 'revision', '--autogenerate', '-m', 'nothing')).toContain(
      'No changes; no revision written',
    );
    await migrateOk(p, 'downgrade', 'base');
    expect(await queryRows(db.url, 'SELECT id, name FROM users ORDER BY id')).toEqual([
      { id: 1, name: 'ada' },
      { id: 2, name: 'grace' },
    ]);
  });

  it("an identity's sequence follows its table's rename, or the model's sequenceName, with its comment and its position", async () => {
    const db = await createTestDatabase('athanor_ren_identity');
    await runSql(
      db.url,
      `CREATE TABLE users (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);
       COMMENT ON SEQUENCE users_id_seq IS 'user ids';
       INSERT INTO users (name) VALUES ('ada');`,
    );
    const p = tempProject(db.url);
    const people = (options: string) =>
      `${HEAD}export const people = metadata.table('people', { id: integer().identity('always'${options}).primaryKey(), name: text() }, { renamedFrom: 'users' });
metadata.comment({ sequence: '${options === '' ? 'people_id_seq' : 'person_ids'}' }, 'user ids');\n`;
    p.write('models.ts', people(''));
    const first = await migrateOk(p, 'revision', '--autogenerate', '-m', 'people');
    expect(first).toContain('rename sequence public.users_id_seq to people_id_seq');
    expect(first).not.toContain('comment');
    await migrateOk(p, 'upgrade', 'head');
    p.write('models.ts', people(", { sequenceName: 'person_ids' }"));
    expect(await migrateOk(p, 'revision', '--autogenerate', '-m', 'ids')).toContain(
      'rename sequence public.people_id_seq to person_ids',
    );
    await migrateOk(p, 'upgrade', 'head');
    expect(await migrateOk(p, 'check')).toContain('No differences');
    await runSql(db.url, "INSERT INTO people (name) VALUES ('grace')");
    expect(await queryRows(db.url, 'SELECT id, name FROM people ORDER BY id')).toEqual([
      { id: 1, name: 'ada' },
      { id: 2, name: 'grace' },
    ]);
    const comment = `SELECT obj_description('public.person_ids'::regclass, 'pg_class') AS comment`;
    expect(await queryRows(db.url, comment)).toEqual([{ comment: 'user ids' }]);
    await migrateOk(p, 'downgrade', 'base');
    expect(
      await queryRows(db.url, `SELECT obj_description('public.users_id_seq'::regclass, 'pg_class') AS comment`),
    ).toEqual([{ comment: 'user ids' }]);
  });
});
