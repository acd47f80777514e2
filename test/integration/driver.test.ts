import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { createTestDatabase, testTarget } from '../helpers/database.js';
import { skipWhen } from '../helpers/skips.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-driver-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The error a promise rejects with; a promise that resolves fails the test. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable('expected a failure') as never,
    (error: unknown) => error as Error,
  );
}

/** Files of `dir` this process holds open. */
function openFilesUnder(dir: string): string[] {
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((path) => path.startsWith(dir));
}

describe('driver', () => {
  it('connects to a fresh database', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    const { rows } = await driver.query<{ one: number }>('select 1 as one');
    expect(rows[0]!.one).toBe(1);
    await driver.close();
  });

  it('says which server it cannot reach, without the password', async () => {
    await expect(connect('postgres://bob:hunter2@127.0.0.1:1/x')).rejects.toThrow(
      /cannot connect to postgres:\/\/bob:\*\*\*\*@127\.0\.0\.1:1\/x/,
    );
    await expect(connect('postgres://bob:hunter2@127.0.0.1:1/x')).rejects.not.toThrow(/hunter2/);
  });

  it('returns the same rows from either driver: bigint as text, the last result of a script', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    try {
      const { rows } = await driver.query(
        `SELECT 9007199254740993::bigint AS big, '{1,2}'::bigint[] AS list, 7::integer AS small, 1.50::numeric AS num`,
      );
      expect(rows).toEqual([{ big: '9007199254740993', list: ['1', '2'], small: 7, num: '1.50' }]);
      const script = await driver.query(
        'CREATE TABLE t (id integer); INSERT INTO t VALUES (1), (2); SELECT count(*) AS n FROM t',
      );
      expect(script.rows).toEqual([{ n: '2' }]);
      expect((await driver.query('SELECT $1::text AS v', ['x'])).rows).toEqual([{ v: 'x' }]);
    } finally {
      await driver.close();
    }
  });

  it('runs statements handed over at once in turn, a failed one in its place, with no warning', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const answers = await Promise.allSettled([
        driver.query<{ n: number }>('select 1 as n'),
        driver.query('select pg_sleep(0.05)'),
        driver.query('select * from no_such_table'),
        driver.exec('create table t (id int)'),
        driver.query<{ n: string }>("select count(*) as n from pg_class where relname = 't'"),
      ]);
      expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((answers[0] as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows).toEqual([{ n: 1 }]);
      expect((answers[4] as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows).toEqual([{ n: '1' }]);
      // A warning is emitted on a later turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await driver.close();
    }
  });

  it('takes and releases advisory locks', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    try {
      const take = async (): Promise<boolean> =>
        (await driver.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', ['-42'])).rows[0]!.ok;
      expect(await take()).toBe(true);
      expect(
        (await driver.query<{ ok: boolean }>('SELECT pg_advisory_unlock($1::bigint) AS ok', ['-42'])).rows,
      ).toEqual([{ ok: true }]);
      expect(
        (await driver.query<{ ok: boolean }>('SELECT pg_advisory_unlock($1::bigint) AS ok', ['-42'])).rows,
      ).toEqual([{ ok: false }]);
    } finally {
      await driver.close();
    }
  });

  it('reports a failing statement by its message, on one line', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    try {
      const error = await failure(driver.query('SELECT * FROM missing_table WHERE id = $1', [1]));
      expect(error.message).toBe('relation "missing_table" does not exist');
    } finally {
      await driver.close();
    }
  });
});

describe('driver: PGlite directories', () => {
  // These exercise PGlite itself; the server project has no use for them.
  const pgliteOnly = testTarget() !== 'pglite';

  skipWhen(pgliteOnly, 'PGlite directories only; the server project has no use for them').it(
    'creates a missing directory, closes, reopens it in one process, and closing releases its files',
    async () => {
      const dir = join(tempDir(), 'new', 'db');
      const first = await connect(`pglite:${dir}`);
      await first.exec('CREATE TABLE kept (id integer); INSERT INTO kept VALUES (1)');
      expect(openFilesUnder(dir).length).toBeGreaterThan(0);
      await first.close();
      await first.close();
      expect(openFilesUnder(dir)).toEqual([]);

      const second = await connect(`pglite:${dir}`);
      expect((await second.query('SELECT id FROM kept')).rows).toEqual([{ id: 1 }]);
      await second.close();
      expect(openFilesUnder(dir)).toEqual([]);
    },
  );

  skipWhen(pgliteOnly, 'PGlite directories only; the server project has no use for them').it(
    'lets a second connection to an open directory wait for the first to close',
    async () => {
      const { url } = await createTestDatabase();
      const first = await connect(url);
      await first.exec('CREATE TABLE steps (n integer)');
      let secondOpened = false;
      const pending = connect(url).then((driver) => {
        secondOpened = true;
        return driver;
      });
      await new Promise((done) => setTimeout(done, 300));
      expect(secondOpened).toBe(false);
      await first.exec('INSERT INTO steps VALUES (1)');
      await first.close();
      const second = await pending;
      try {
        await second.exec('INSERT INTO steps VALUES (2)');
        expect((await second.query('SELECT n FROM steps ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
      } finally {
        await second.close();
      }
    },
  );

  skipWhen(pgliteOnly, 'PGlite directories only; the server project has no use for them').it(
    'refuses a directory that holds other files, and a file, in one line',
    async () => {
      const base = tempDir();
      mkdirSync(join(base, 'src'));
      writeFileSync(join(base, 'src', 'notes.txt'), 'not a database');
      writeFileSync(join(base, 'file'), 'x');
      await expect(connect(`pglite:${join(base, 'src')}`)).rejects.toThrow(
        `cannot open pglite:${join(base, 'src')}: the directory is not empty and holds no database;`,
      );
      expect(readdirSync(join(base, 'src'))).toEqual(['notes.txt']);
      const error = await failure(connect(`pglite:${join(base, 'file')}`));
      expect(error.message).toMatch(new RegExp(`^cannot open pglite:${join(base, 'file')}: `));
      expect(error.message.split('\n')).toHaveLength(1);
    },
  );

  skipWhen(pgliteOnly, 'PGlite only; a server has the extensions its packages installed').it(
    'creates the extensions PGlite ships, in memory and in a directory opened again',
    async () => {
      const memory = await connect('pglite:memory:');
      try {
        await memory.exec(`CREATE EXTENSION btree_gist; CREATE EXTENSION citext; CREATE EXTENSION hstore;
          CREATE EXTENSION "uuid-ossp"; CREATE EXTENSION pg_trgm; CREATE EXTENSION ltree; CREATE EXTENSION pgcrypto`);
        const { rows } = await memory.query<{ same: boolean; similar: boolean }>(
          "SELECT 'A'::citext = 'a'::citext AS same, similarity('word', 'words') > 0.5 AS similar",
        );
        expect(rows).toEqual([{ same: true, similar: true }]);
      } finally {
        await memory.close();
      }
      const dir = join(tempDir(), 'db');
      const first = await connect(`pglite:${dir}`);
      await first.exec(`CREATE EXTENSION btree_gist;
        CREATE TABLE booking (room integer, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&))`);
      await first.close();
      const again = await connect(`pglite:${dir}`);
      try {
        await again.exec("INSERT INTO booking VALUES (1, '[2026-01-01,2026-01-02)')");
        await expect(again.exec("INSERT INTO booking VALUES (1, '[2026-01-01 12:00,2026-01-03)')")).rejects.toThrow(
          /conflicting key value violates exclusion constraint/,
        );
      } finally {
        await again.close();
      }
    },
  );

  skipWhen(pgliteOnly, 'PGlite in memory only; the server project has no use for it').it(
    'starts each database in memory new and empty, while others are open and after they changed',
    async () => {
      const first = await connect('pglite:memory:');
      const second = await connect('pglite:memory:');
      try {
        await first.exec('CREATE TABLE only_first (id integer); INSERT INTO only_first VALUES (1)');
        await second.exec('CREATE ROLE only_second NOLOGIN; CREATE SCHEMA kept');
        const third = await connect('pglite:memory:');
        try {
          const made = `SELECT (SELECT count(*) FROM pg_class WHERE relname = 'only_first')::int AS tables,
            (SELECT count(*) FROM pg_roles WHERE rolname = 'only_second')::int AS roles,
            (SELECT count(*) FROM pg_namespace WHERE nspname = 'kept')::int AS schemas`;
          expect((await third.query(made)).rows).toEqual([{ tables: 0, roles: 0, schemas: 0 }]);
          expect((await first.query('SELECT id FROM only_first')).rows).toEqual([{ id: 1 }]);
        } finally {
          await third.close();
        }
      } finally {
        await first.close();
        await second.close();
      }
    },
  );
});
