import { expect } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/*
 * A column renamed under a naming convention renames the index and the unique
 * key named after it too. `--expand` serves the revision with both under
 * their old names, renames them at contract, and leaves them as they were at
 * abort.
 */

const model = (column: string): string => `import { defineMetadata, serial, text, index } from 'athanor';
export const metadata = defineMetadata({
  namingConvention: { ix: 'ix_%(table_name)s_%(column_0_N_name)s', uq: 'uq_%(table_name)s_%(column_0_N_name)s' },
});
export const posts = metadata.table('posts', {
  id: serial().primaryKey(),
  ${column}: text().notNull().unique(),
}, { indexes: [index(['${column}'])] });
`;

/** A database at the revision that creates posts(title), with the rename to headline written by autogenerate. */
async function renamePending(): Promise<{ url: string; project: TempProject }> {
  const db = await createTestDatabase();
  const project = tempProject(db.url);
  project.write('models.ts', model('title'));
  expect((await project.migrate('revision', '--autogenerate', '-m', 'posts')).code).toBe(0);
  expect((await project.migrate('upgrade', 'head')).code).toBe(0);
  project.write('models.ts', model('headline'));
  const revision = await project.migrate(
    'revision',
    '--autogenerate',
    '-m',
    'rename title',
    '--rename',
    'posts.title=headline',
  );
  expect(revision.stdout).toContain('rename index public.ix_posts_title to ix_posts_headline');
  expect(revision.stdout).toMatch(/rename constraint .*uq_posts_title.* to uq_posts_headline/);
  return { url: db.url, project };
}

const indexes = async (url: string): Promise<string[]> =>
  (await queryRows<{ name: string }>(url, "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'posts'")).map(
    (r) => r.name,
  );

const expandable = skipWhen(testTarget() === 'pglite', 'the expand tests run on the server');

expandable.it(
  'serves both versions with the index and the key under their old names, and renames them at contract',
  { timeout: 120_000 },
  async () => {
    const { url, project } = await renamePending();
    const expanded = await project.migrate('upgrade', 'head', '--expand');
    expect([expanded.code, expanded.stderr]).toEqual([0, '']);
    expect((await indexes(url)).sort()).toEqual(['ix_posts_title', 'posts_pkey', 'uq_posts_title']);
    const version = JSON.parse((await project.migrate('current', '--json')).stdout).expand.versionSchema;
    await runSql(url, "INSERT INTO posts (title) VALUES ('old')");
    await runSql(url, `SET search_path = ${version}, public; INSERT INTO posts (headline) VALUES ('new')`);

    const contracted = await project.migrate('contract');
    expect([contracted.code, contracted.stderr]).toEqual([0, '']);
    expect((await indexes(url)).sort()).toEqual(['ix_posts_headline', 'posts_pkey', 'uq_posts_headline']);
    expect(await queryRows(url, 'SELECT headline FROM posts ORDER BY id')).toEqual([
      { headline: 'old' },
      { headline: 'new' },
    ]);
    expect((await project.migrate('check')).code).toBe(0);
  },
);

expandable.it('leaves the index and the key as they were at abort', { timeout: 120_000 }, async () => {
  const { url, project } = await renamePending();
  expect((await project.migrate('upgrade', 'head', '--expand')).code).toBe(0);
  const aborted = await project.migrate('abort');
  expect([aborted.code, aborted.stderr]).toEqual([0, '']);
  expect((await indexes(url)).sort()).toEqual(['ix_posts_title', 'posts_pkey', 'uq_posts_title']);
});

/** posts with its index on title defined anew (made unique): the online plan swaps the new one in under the name. */
async function redefinitionPending(): Promise<{ url: string; project: TempProject }> {
  const db = await createTestDatabase();
  const project = tempProject(db.url);
  const posts = (options: string) => `import { defineMetadata, serial, text, index } from 'athanor';
export const metadata = defineMetadata();
export const posts = metadata.table('posts', { id: serial().primaryKey(), title: text().notNull() }, {
  indexes: [index(['title'], { name: 'posts_title'${options} })],
});
`;
  project.write('models.ts', posts(''));
  expect((await project.migrate('revision', '--autogenerate', '-m', 'posts')).code).toBe(0);
  expect((await project.migrate('upgrade', 'head')).code).toBe(0);
  await runSql(db.url, "INSERT INTO posts (title) VALUES ('a'), ('b')");
  project.write('models.ts', posts(', unique: true'));
  expect((await project.migrate('revision', '--autogenerate', '-m', 'unique titles')).code).toBe(0);
  return { url: db.url, project };
}

const titleIndexes = async (url: string): Promise<unknown[]> =>
  queryRows(
    url,
    "SELECT indexname AS name, indexdef LIKE 'CREATE UNIQUE%' AS unique FROM pg_indexes WHERE tablename = 'posts' AND indexname <> 'posts_pkey' ORDER BY 1",
  );

expandable.it(
  'builds an index defined anew beside the old one at expand, swaps it in at contract, and drops it at abort',
  { timeout: 120_000 },
  async () => {
    const { url, project } = await redefinitionPending();
    const expanded = await project.migrate('upgrade', 'head', '--expand');
    expect([expanded.code, expanded.stderr]).toEqual([0, '']);
    expect(await titleIndexes(url)).toEqual([
      { name: 'posts_title', unique: false },
      { name: 'posts_title_new', unique: true },
    ]);
    expect((await project.migrate('abort')).code).toBe(0);
    expect(await titleIndexes(url)).toEqual([{ name: 'posts_title', unique: false }]);

    expect((await project.migrate('upgrade', 'head', '--expand')).code).toBe(0);
    const contracted = await project.migrate('contract');
    expect([contracted.code, contracted.stderr]).toEqual([0, '']);
    expect(await titleIndexes(url)).toEqual([{ name: 'posts_title', unique: true }]);
    expect((await project.migrate('check')).code).toBe(0);
  },
);
