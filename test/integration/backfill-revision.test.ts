import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { versionRows } from './runner-fixtures.js';
import { skipWhen } from '../helpers/skips.js';

const MODEL = `import { defineMetadata, integer, text } from 'athanor';
export const metadata = defineMetadata();
export const posts = metadata.table('posts', { id: integer().primaryKey(), title: text(), slug: text().notNull() });
export const drafts = metadata.table('drafts', { id: integer().primaryKey(), slug: text().notNull() });
`;

skipWhen(
  testTarget() !== 'server',
  'written for the server target: a non-transactional revision with a backfill and an online SET NOT NULL',
).describe('a NOT NULL column without a default, added to a table with rows', () => {
  it('is written nullable, then a backfill to complete, then SET NOT NULL through a validated check', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE posts (id integer PRIMARY KEY, title text);
       INSERT INTO posts SELECT g, 'Title ' || g FROM generate_series(1, 2500) g;
       CREATE TABLE drafts (id integer PRIMARY KEY)`,
    );
    const project = tempProject(db.url);
    project.write('models.ts', MODEL);
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'slug');
    expect([rev.code, rev.stderr]).toEqual([0, '']);
    const [name] = readdirSync(project.versionsDir);
    const path = join(project.versionsDir, name!);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain('export const transactional = false;');
    // posts has rows: nullable first, the backfill, then NOT NULL online.
    expect(source).toContain(
      "await op.addColumn({ schema: 'public', table: 'posts', column: { name: 'slug', type: 'text', nullable: true } });",
    );
    expect(source).toContain(
      "    await op.backfill({\n      schema: 'public',\n      table: 'posts',\n      set: { slug: 'TODO(backfill)' },\n      where: 'slug IS NULL',\n      batchSize: 1000,\n    });",
    );
    expect(source.indexOf('op.backfill(')).toBeLessThan(source.indexOf('online: true'));
    // drafts is empty: the plain form works there.
    expect(source).toContain(
      "await op.addColumn({ schema: 'public', table: 'drafts', column: { name: 'slug', type: 'text', nullable: false } });",
    );

    const refused = await project.migrate('upgrade', 'head');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error [backfill-to-write]: ${name} has a backfill to write: replace 'TODO(backfill)' in its op.backfill with an SQL expression for each column; nothing was run`,
    );
    expect(await versionRows(db.url)).toEqual([]);

    writeFileSync(path, source.replace("'TODO(backfill)'", `"lower(replace(title, ' ', '-'))"`));
    const applied = await project.migrate('upgrade', 'head');
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    const column = await queryRows(
      db.url,
      "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'slug'",
    );
    expect(column).toEqual([{ is_nullable: 'NO' }]);
    expect(await queryRows(db.url, 'SELECT slug FROM posts WHERE id IN (1, 2500) ORDER BY id')).toEqual([
      { slug: 'title-1' },
      { slug: 'title-2500' },
    ]);
    // The passing check is gone; the model and the database agree.
    expect(await queryRows(db.url, "SELECT conname FROM pg_constraint WHERE conname LIKE '%online%'")).toEqual([]);
    expect((await project.migrate('check')).code).toBe(0);
    // And back.
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(
      await queryRows(db.url, "SELECT column_name FROM information_schema.columns WHERE column_name = 'slug'"),
    ).toEqual([]);
  });

  // Reduced from a feature-flag service's history: ADD COLUMN id SERIAL PRIMARY KEY on a table with rows.
  it('a serial column added to a table with rows takes its values from its sequence: no backfill to write', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, "CREATE TABLE tags (name text PRIMARY KEY); INSERT INTO tags VALUES ('a'), ('b');");
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      `import { bigserial, defineMetadata, serial, text } from 'athanor';
export const metadata = defineMetadata();
export const tags = metadata.table('tags', { name: text().primaryKey(), id: serial(), big: bigserial() });
`,
    );
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'ids');
    expect([rev.code, rev.stderr]).toEqual([0, '']);
    const [name] = readdirSync(project.versionsDir);
    expect(readFileSync(join(project.versionsDir, name!), 'utf8')).not.toContain('backfill');
    const applied = await project.migrate('upgrade', 'head');
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(await queryRows(db.url, 'SELECT name, id, big FROM tags ORDER BY id')).toEqual([
      { name: 'a', id: 1, big: '1' },
      { name: 'b', id: 2, big: '2' },
    ]);
    expect((await project.migrate('check')).code).toBe(0);
  });

  // Reduced from an RSS reader's and a feature-flag service's histories: the downgrade failed on null values.
  it('a dropped NOT NULL column comes back in the downgrade with a fill to write: it stops on rows, asking, and runs once written', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      "CREATE TABLE notes (id integer PRIMARY KEY, code text NOT NULL); INSERT INTO notes VALUES (1, 'a'), (2, 'b');",
    );
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      `import { defineMetadata, integer } from 'athanor';
export const metadata = defineMetadata();
export const notes = metadata.table('notes', { id: integer().primaryKey() });
`,
    );
    expect((await project.migrate('revision', '--autogenerate', '-m', 'drop code')).code).toBe(0);
    const [name] = readdirSync(project.versionsDir);
    const path = join(project.versionsDir, name!);
    const source = readFileSync(path, 'utf8');
    expect(source.split('export async function downgrade')[1]).toContain("fill: 'TODO(fill)'");
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    const refused = await project.migrate('downgrade', 'base');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'public.notes has rows: write the value each row gets for its column code in place of TODO(fill)',
    );
    expect(await versionRows(db.url)).toHaveLength(1);
    writeFileSync(path, source.replace("fill: 'TODO(fill)'", `fill: "'note ' || id"`));
    const back = await project.migrate('downgrade', 'base');
    expect([back.code, back.stderr.replace(/warning: .*edited after it was applied.*\n?/, '')]).toEqual([0, '']);
    expect(await queryRows(db.url, 'SELECT id, code FROM notes ORDER BY id')).toEqual([
      { id: 1, code: 'note 1' },
      { id: 2, code: 'note 2' },
    ]);
    expect(
      await queryRows(
        db.url,
        "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'code'",
      ),
    ).toEqual([{ is_nullable: 'NO' }]);
  });

  it('reads the rows of a table the revision renames under its name in the database', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE articles (id integer PRIMARY KEY, title text);
       INSERT INTO articles VALUES (1, 'One');
       CREATE TABLE drafts_old (id integer PRIMARY KEY)`,
    );
    const project = tempProject(db.url);
    project.write('models.ts', MODEL);
    const rev = await project.migrate(
      'revision',
      '--autogenerate',
      '-m',
      'renamed',
      '--rename',
      'articles=posts',
      '--rename',
      'drafts_old=drafts',
    );
    expect([rev.code, rev.stderr]).toEqual([0, '']);
    const [name] = readdirSync(project.versionsDir);
    const source = readFileSync(join(project.versionsDir, name!), 'utf8');
    expect(source).toContain("await op.renameTable({ schema: 'public', from: 'articles', to: 'posts' });");
    // articles has a row: the column is backfilled; drafts_old is empty: added as it is.
    expect(source).toContain("table: 'posts',\n      set: { slug: 'TODO(backfill)' }");
    expect(source).toContain(
      "await op.addColumn({ schema: 'public', table: 'drafts', column: { name: 'slug', type: 'text', nullable: false } });",
    );
  });
});

skipWhen(
  testTarget() !== 'server',
  'written for the server target: non-transactional revisions with op.backfill',
).describe('op.backfill written by hand', () => {
  const revision = (header: string, body: string): string =>
    [
      "import type { Operations } from 'athanor';",
      "export const revision = 'b1';",
      'export const downRevision = null;',
      header,
      'export async function upgrade(op: Operations): Promise<void> {',
      body,
      '}',
      'export async function downgrade(op: Operations): Promise<void> {}',
      '',
    ].join('\n');

  it('fills a table without a primary key by ranges of its pages', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      'CREATE TABLE logs (n integer, doubled integer); INSERT INTO logs SELECT g FROM generate_series(1, 5000) g; ANALYZE logs',
    );
    const project = tempProject(db.url);
    project.write(
      'migrations/versions/b1.ts',
      revision(
        'export const transactional = false;',
        "  await op.backfill({ table: 'logs', set: { doubled: 'n * 2' }, where: 'doubled IS NULL', batchSize: 500 });",
      ),
    );
    const result = await project.migrate('upgrade', 'head');
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('backfilled public.logs: 5,000 row(s) written');
    expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM logs WHERE doubled IS DISTINCT FROM n * 2')).toEqual(
      [{ n: 0 }],
    );
    expect(await queryRows(db.url, 'SELECT rows::int, done FROM athanor_version_backfill')).toEqual([
      { rows: 5000, done: true },
    ]);
    expect(await versionRows(db.url)).toEqual(['b1']);
  });

  it('is refused in a revision not marked transactional = false, before it writes anything', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'CREATE TABLE logs (n integer, doubled integer); INSERT INTO logs VALUES (1)');
    const project = tempProject(db.url);
    project.write(
      'migrations/versions/b1.ts',
      revision('', "  await op.backfill({ table: 'logs', set: { doubled: 'n * 2' } });"),
    );
    const result = await project.migrate('upgrade', 'head');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'b1.ts must run partly outside a transaction (it calls op.backfill, which commits batch by batch)',
    );
    expect(await queryRows(db.url, 'SELECT doubled FROM logs')).toEqual([{ doubled: null }]);
  });

  it('starts again when the backfill was changed after a run that stopped in its block', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      "CREATE TABLE posts (id integer PRIMARY KEY, title text, slug text); INSERT INTO posts SELECT g, CASE WHEN g % 10 <> 0 THEN 'T' || g END FROM generate_series(1, 3000) g",
    );
    const project = tempProject(db.url);
    const body = (value: string): string =>
      [
        '  await op.autocommit(async () => {',
        `    await op.backfill({ table: 'posts', set: { slug: ${JSON.stringify(value)} }, where: 'slug IS NULL', batchSize: 400 });`,
        "    await op.alterColumn({ schema: 'public', table: 'posts', column: 'slug', to: { nullable: false }, from: { nullable: true }, online: true });",
        '  });',
      ].join('\n');
    const path = 'migrations/versions/b1.ts';
    project.write(path, revision('export const transactional = false;', body('lower(title)')));
    // A title is missing every ten rows: the backfill leaves those NULL and SET NOT NULL fails.
    const failed = await project.migrate('upgrade', 'head');
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('check constraint "slug_not_null_online"');
    project.write(
      path,
      revision('export const transactional = false;', body("coalesce(lower(title), 'untitled-' || id)")),
    );
    const fixed = await project.migrate('upgrade', 'head');
    expect([fixed.code, fixed.stderr]).toEqual([0, '']);
    // The changed backfill ran from the first row (over the rows still NULL), not from where the first one ended.
    expect(fixed.stdout).toContain('backfilled public.posts: 300 row(s) written');
    expect(await queryRows(db.url, 'SELECT slug FROM posts WHERE id IN (9, 10) ORDER BY id')).toEqual([
      { slug: 't9' },
      { slug: 'untitled-10' },
    ]);
    expect(await versionRows(db.url)).toEqual(['b1']);
  });

  it('a column replaced by one computed from it: the backfill reads the old column, dropped after it; and back', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE users (id integer PRIMARY KEY, verified_at timestamptz);
       INSERT INTO users VALUES (1, now()), (2, NULL)`,
    );
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      `import { defineMetadata, integer, boolean } from 'athanor';
export const metadata = defineMetadata();
export const users = metadata.table('users', { id: integer().primaryKey(), verified: boolean().notNull() });
`,
    );
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'verified');
    expect([rev.code, rev.stderr]).toEqual([0, '']);
    const [name] = readdirSync(project.versionsDir);
    const path = join(project.versionsDir, name!);
    const source = readFileSync(path, 'utf8');
    const upgrade = source.slice(0, source.indexOf('export async function downgrade'));
    // The drop follows the op.autocommit block, in the transaction after it.
    expect(upgrade.indexOf('op.dropColumn(')).toBeGreaterThan(upgrade.indexOf('\n  });\n'));
    const downgrade = source.slice(source.indexOf('export async function downgrade'));
    expect(downgrade.indexOf("name: 'verified_at'")).toBeLessThan(downgrade.indexOf("column: 'verified' });"));
    writeFileSync(path, source.replace("'TODO(backfill)'", "'verified_at IS NOT NULL'"));
    const applied = await project.migrate('upgrade', 'head');
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(await queryRows(db.url, 'SELECT id, verified FROM users ORDER BY id')).toEqual([
      { id: 1, verified: true },
      { id: 2, verified: false },
    ]);
    expect((await project.migrate('check')).code).toBe(0);
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(await queryRows(db.url, 'SELECT id FROM users ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(
      await queryRows(
        db.url,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY 1",
      ),
    ).toEqual([{ column_name: 'id' }, { column_name: 'verified_at' }]);
  });

  it('on a partitioned table with a primary key: the same backfill, batched through the parent by its key', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE ev (id integer NOT NULL, at date NOT NULL, title text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
       CREATE TABLE ev_2025 PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
       CREATE TABLE ev_2026 PARTITION OF ev FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
       INSERT INTO ev SELECT g, date '2025-06-01' + (g % 400), 'Title ' || g FROM generate_series(1, 2500) g`,
    );
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      `import { date, defineMetadata, integer, sql, text } from 'athanor';
export const metadata = defineMetadata();
export const ev = metadata.table(
  'ev',
  { id: integer().notNull(), at: date().notNull(), title: text(), slug: text().notNull() },
  { partitionBy: sql\`RANGE (at)\`, primaryKey: { columns: ['id', 'at'] } },
);
metadata.partition('ev_2025', ev, sql\`FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')\`);
metadata.partition('ev_2026', ev, sql\`FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')\`);
`,
    );
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'slug');
    expect([rev.code, rev.stderr]).toEqual([0, '']);
    const [name] = readdirSync(project.versionsDir);
    const path = join(project.versionsDir, name!);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain(
      "await op.addColumn({ schema: 'public', table: 'ev', column: { name: 'slug', type: 'text', nullable: true } });",
    );
    expect(source).toContain("set: { slug: 'TODO(backfill)' }");

    writeFileSync(path, source.replace("'TODO(backfill)'", `"lower(replace(title, ' ', '-'))"`));
    const applied = await project.migrate('upgrade', 'head');
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM ev WHERE slug IS NULL')).toEqual([{ n: 0 }]);
    expect(await queryRows(db.url, 'SELECT slug FROM ev WHERE id IN (1, 2500) ORDER BY id')).toEqual([
      { slug: 'title-1' },
      { slug: 'title-2500' },
    ]);
    expect((await project.migrate('check')).code).toBe(0);
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(
      await queryRows(db.url, "SELECT column_name FROM information_schema.columns WHERE column_name = 'slug'"),
    ).toEqual([]);
  });
});
