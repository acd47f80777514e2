import pg from 'pg';
import { expect } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/** accounts, whose unique index on email is its replica identity, under a publication of its updates. */
const model = (key: string): string => `import { defineMetadata, index, integer, text } from 'athanor';
export const metadata = defineMetadata();
export const accounts = metadata.table('accounts', { id: integer().notNull(), email: text().notNull(), plan: text() }, {
  indexes: [index(${key}, { unique: true, name: 'accounts_email' })],
  replicaIdentity: { index: 'accounts_email' },
});
metadata.publication('feed', { tables: [accounts] });
`;

/** The indexes of accounts, whether each is its replica identity, and their definitions. */
const indexes = (url: string): Promise<Record<string, unknown>[]> =>
  queryRows(
    url,
    `SELECT c.relname AS index, i.indisreplident AS identity, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'accounts'::regclass`,
  );

/** Once a session waits on a lock in a statement starting with `text`; throws if `done` settles first. */
async function waitingIn(url: string, text: string, done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.finally(() => (finished = true));
  for (;;) {
    const rows = await queryRows<{ n: number }>(
      url,
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1",
      [`${text}%`],
    );
    if (rows[0]!.n > 0) return;
    if (finished) throw new Error(`the upgrade ended without waiting in ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

skipWhen(
  testTarget() !== 'server',
  'PGlite is one connection per directory: no other session can write while the index is built',
).it(
  'an index defined anew keeps its table served while the new one is built: unique, and published with an identity',
  async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url, "onlineWait: { timeout: '60s' },");
    project.write('models.ts', model("['email']"));
    expect((await project.migrate('revision', '--autogenerate', '-m', 'first')).code).toBe(0);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    await runSql(db.url, "INSERT INTO accounts SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 500) g");
    project.write('models.ts', model("['email', 'id']"));
    expect((await project.migrate('revision', '--autogenerate', '-m', 'wider')).code).toBe(0);

    // A writer in an open transaction holds the concurrent build at its start.
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    await writer.query('BEGIN');
    await writer.query("INSERT INTO accounts VALUES (1000, 'w@example.com')");
    const upgrade = project.migrate('upgrade', 'head');
    try {
      await waitingIn(db.url, 'CREATE UNIQUE INDEX CONCURRENTLY', upgrade);
      // Meanwhile the old index still keeps emails unique, and still identifies the rows the publication sends.
      await expect(runSql(db.url, "INSERT INTO accounts VALUES (2000, 'u1@example.com')")).rejects.toThrow(
        /duplicate key value violates unique constraint "accounts_email"/,
      );
      await runSql(db.url, "UPDATE accounts SET plan = 'pro' WHERE id = 1");
      await runSql(db.url, 'DELETE FROM accounts WHERE id = 2');
    } finally {
      await writer.query('ROLLBACK');
      await writer.end();
    }
    expect(await upgrade).toMatchObject({ code: 0 });
    expect(await indexes(db.url)).toEqual([
      {
        index: 'accounts_email',
        identity: true,
        definition: 'CREATE UNIQUE INDEX accounts_email ON public.accounts USING btree (email, id)',
      },
    ]);
    expect((await project.migrate('check')).code).toBe(0);
    // The downgrade builds the old one back the same way round.
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect(await indexes(db.url)).toEqual([
      {
        index: 'accounts_email',
        identity: true,
        definition: 'CREATE UNIQUE INDEX accounts_email ON public.accounts USING btree (email)',
      },
    ]);
  },
);
