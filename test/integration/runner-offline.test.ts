import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, testTarget } from '../helpers/database.js';
import { hasPgDump, reflectedModel, schemaDump } from '../helpers/fixtures.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { revisionSource, versionRows } from './runner-fixtures.js';
import { skipWhen } from '../helpers/skips.js';

const col = (name: string, type: string, nullable = true) =>
  `{ name: '${name}', type: '${type}', nullable: ${nullable}, default: null, identity: null }`;

function writeRevisions(project: TempProject): void {
  const v = 'migrations/versions';
  project.write(
    `${v}/r1_authors.ts`,
    revisionSource({
      id: 'r1',
      down: null,
      date: '2026-01-01',
      up: `  await op.createEnum({ enum: { schema: 'public', name: 'mood', values: ['sad', "it's ok", 'happy'] } });
  await op.createTable({ table: { schema: 'public', name: 'authors', columns: [${col('id', 'serial', false)}, ${col('name', 'text', false)}, ${col('mood', 'public.mood')}, ${col('meta', 'jsonb')}],
    primaryKey: { name: 'authors_pkey', columns: ['id'] }, foreignKeys: [], uniques: [], checks: [], indexes: [] } });
  await op.bulkInsert('authors', [{ name: "O'Hara", mood: 'happy', meta: { tags: ['a', 'b'] } }, { name: 'Lee', mood: "it's ok" }, { name: 'Back\\\\slash', meta: null }]);`,
      down_:
        "  await op.dropTable({ schema: 'public', name: 'authors' });\n  await op.dropEnum({ schema: 'public', name: 'mood' });",
    }),
  );
  project.write(
    `${v}/r2_books.ts`,
    revisionSource({
      id: 'r2',
      down: 'r1',
      date: '2026-01-02',
      header: "export const lockTimeout = '4s';",
      up: `  await op.createTable({ table: { schema: 'public', name: 'books', columns: [${col('id', 'serial', false)}, ${col('author_id', 'integer', false)}, ${col('title', 'text', false)}],
    primaryKey: { name: 'books_pkey', columns: ['id'] },
    foreignKeys: [{ name: 'books_author_id_fkey', columns: ['author_id'], refSchema: 'public', refTable: 'authors', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }],
    uniques: [], checks: [{ name: 'books_title_check', expression: "title <> ''" }], indexes: [] } });
  await op.execute('INSERT INTO books (author_id, title) SELECT id, $1 || name FROM authors WHERE name <> $2', ['Life of ', 'Lee']);`,
      down_: "  await op.dropTable({ schema: 'public', name: 'books' });",
    }),
  );
  project.write(
    `${v}/r3_index.ts`,
    revisionSource({
      id: 'r3',
      down: 'r2',
      date: '2026-01-03',
      header: 'export const transactional = false;',
      up: `  await op.addColumn({ schema: 'public', table: 'books', column: ${col('pages', 'integer')} });
  await op.autocommit(async () => {
    await op.execute('CREATE INDEX CONCURRENTLY books_title_idx ON books (title)');
  });
  if (!op.offline) await op.query('SELECT 1');`,
      down_:
        "  await op.execute('DROP INDEX books_title_idx');\n  await op.dropColumn({ schema: 'public', table: 'books', column: 'pages' });",
    }),
  );
}

function psql(url: string, script: string, dir: string): void {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.sql`);
  writeFileSync(file, script);
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, url], { stdio: 'pipe' });
}

async function snapshot(url: string): Promise<unknown> {
  return {
    // pg_dump reads only servers of its own major or older; on a newer one, the reflected model stands in.
    schema: hasPgDump() ? schemaDump(url) : await reflectedModel(url),
    versions: await versionRows(url),
    history: await queryRows(url, 'SELECT revision, action, checksum FROM athanor_version_history ORDER BY id'),
    authors: await queryRows(url, 'SELECT id, name, mood::text, meta FROM authors ORDER BY id').catch(() => null),
    books: await queryRows(url, 'SELECT id, author_id, title FROM books ORDER BY id').catch(() => null),
  };
}

describe('offline mode (--sql)', () => {
  skipWhen(testTarget() !== 'server', 'feeds the script to psql, which needs a server').it(
    'prints a script that, fed to psql, gives what an online upgrade and downgrade give',
    async () => {
      const online = await createTestDatabase();
      const offline = await createTestDatabase();
      const project = tempProject(online.url);
      writeRevisions(project);

      const script = await project.migrate('upgrade', '--sql', 'head');
      expect(script.stderr).toBe('');
      expect(script.code).toBe(0);
      expect(script.stdout).toMatch(/^-- Athanor upgrade base -> head\nSELECT pg_advisory_lock\(-?\d+\);\n/);
      expect(script.stdout.match(/^BEGIN;$/gm)).toHaveLength(4); // one per revision, and one after the autocommit block
      psql(offline.url, `${script.stdout}\n`, project.dir);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      const after = await snapshot(online.url);
      expect(await snapshot(offline.url)).toEqual(after);
      expect(after).toMatchObject({
        versions: ['r3'],
        authors: [
          { name: "O'Hara", mood: 'happy', meta: { tags: ['a', 'b'] } },
          { name: 'Lee', mood: "it's ok", meta: null },
          { name: 'Back\\slash', meta: null },
        ],
        books: [{ title: "Life of O'Hara" }, { title: 'Life of Back\\slash' }],
      });
      if (hasPgDump()) expect(schemaDump(online.url)).toContain('CREATE INDEX books_title_idx');
      else {
        const books = (await reflectedModel(online.url)).tables.find((t) => t.name === 'books');
        expect(books?.indexes.map((i) => i.name)).toContain('books_title_idx');
      }

      const partial = await project.migrate('downgrade', '--sql', 'r3:r1', '--single-transaction');
      expect(partial.stdout.match(/^(BEGIN|COMMIT);$/gm)).toEqual(['BEGIN;', 'COMMIT;']);
      psql(offline.url, partial.stdout, project.dir);
      expect((await project.migrate('downgrade', 'r1')).code).toBe(0);
      expect(await snapshot(offline.url)).toEqual(await snapshot(online.url));
      expect(await versionRows(offline.url)).toEqual(['r1']);

      psql(offline.url, (await project.migrate('downgrade', '--sql', 'r1:base')).stdout, project.dir);
      expect((await project.migrate('downgrade', 'base')).code).toBe(0);
      expect(await snapshot(offline.url)).toEqual(await snapshot(online.url));
      expect(await versionRows(offline.url)).toEqual([]);
    },
  );

  it('needs FROM for a downgrade, and never connects', async () => {
    const project = tempProject('postgres://nobody@127.0.0.1:1/never');
    writeRevisions(project);
    const down = await project.migrate('downgrade', '--sql', 'base');
    expect(down.stderr).toBe(
      'error [sql-range]: downgrade --sql cannot read where the database is; give FROM:TO, e.g. `migrate downgrade --sql head:base`',
    );
    const stamp = await project.migrate('stamp', '--sql', 'r2');
    expect(stamp.code).toBe(0);
    expect(stamp.stdout).toContain(`INSERT INTO "public"."athanor_version" (version_num) VALUES ('r2');`);
  });
});
