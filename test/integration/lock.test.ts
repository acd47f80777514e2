import { describe, expect, it } from 'vitest';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import { lockKeyFor, withAdvisoryLock } from '../../src/pg/locks/lock.js';
import { createTestDatabase, testTarget } from '../helpers/database.js';
import { skipWhen } from '../helpers/skips.js';

const KEY = lockKeyFor('public.athanor_version');

/** Advisory locks this session holds (other tests share the server). */
async function advisoryLocks(driver: Driver): Promise<number> {
  const { rows } = await driver.query<{ n: string }>(
    "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted",
  );
  return Number(rows[0]!.n);
}

describe('advisory lock', () => {
  it('holds the lock while the work runs and releases it after, also when the work fails', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    try {
      const waits: string[] = [];
      const during = await withAdvisoryLock(
        driver,
        KEY,
        () => waits.push('wait'),
        () => advisoryLocks(driver),
      );
      expect(during).toBe(1);
      expect(await advisoryLocks(driver)).toBe(0);
      await expect(
        withAdvisoryLock(
          driver,
          KEY,
          () => waits.push('wait'),
          async () => {
            throw new Error('the work failed');
          },
        ),
      ).rejects.toThrow('the work failed');
      expect(await advisoryLocks(driver)).toBe(0);
      expect(waits).toEqual([]);
    } finally {
      await driver.close();
    }
  });

  // A second connection to the same PGlite directory waits for the first to close, so two runs never hold connections at once.
  skipWhen(
    testTarget() === 'pglite',
    'PGlite is one connection per directory: the second run waits for the first to close, not for the lock',
  ).it('makes a second connection wait, and says so, until the first releases the lock', async () => {
    const db = await createTestDatabase();
    const first = await connect(db.url);
    const second = await connect(db.url);
    try {
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((done) => {
        release = done;
      });
      const firstRun = withAdvisoryLock(
        first,
        KEY,
        () => order.push('first waited'),
        async () => {
          order.push('first holds');
          await held;
          order.push('first done');
        },
      );
      await expect.poll(() => order).toContain('first holds');
      const secondRun = withAdvisoryLock(
        second,
        KEY,
        () => order.push('second waits'),
        async () => {
          order.push('second holds');
        },
      );
      await expect.poll(() => order).toContain('second waits');
      release();
      await Promise.all([firstRun, secondRun]);
      expect(order).toEqual(['first holds', 'second waits', 'first done', 'second holds']);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  // On PGlite, runs in one process take turns at the connection: the second opens when the first closes.
  skipWhen(testTarget() !== 'pglite', 'PGlite directories only; the server has none').it(
    'lets two runs on one PGlite directory take turns',
    async () => {
      const db = await createTestDatabase();
      const order: string[] = [];
      const run = async (name: string): Promise<void> => {
        const driver = await connect(db.url);
        try {
          await withAdvisoryLock(
            driver,
            KEY,
            () => order.push(`${name} waited`),
            async () => {
              order.push(`${name} holds`);
              await driver.exec(`CREATE TABLE ${name} (id integer)`);
              await new Promise((done) => setTimeout(done, 100));
              order.push(`${name} done`);
            },
          );
        } finally {
          await driver.close();
        }
      };
      await Promise.all([run('one'), run('two')]);
      expect(order).toEqual(['one holds', 'one done', 'two holds', 'two done']);
      const driver = await connect(db.url);
      try {
        const { rows } = await driver.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
        expect(rows).toEqual([{ tablename: 'one' }, { tablename: 'two' }]);
      } finally {
        await driver.close();
      }
    },
  );
});
