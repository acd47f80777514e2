import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import { LockWatch } from '../../src/runtime/run/lock-watch.js';
import { createTestDatabase, testTarget } from '../helpers/database.js';
import { skipWhen } from '../helpers/skips.js';

/** A server connection whose second connections are counted. */
function counted(driver: Driver): { driver: Driver; opened: () => number } {
  let opened = 0;
  const connectAgain = driver.connectAgain!;
  return {
    driver: {
      ...driver,
      connectAgain: () => {
        opened += 1;
        return connectAgain();
      },
    },
    opened: () => opened,
  };
}

skipWhen(testTarget() !== 'server', 'only a server connection opens a second one').describe('lock watch', () => {
  it('opens no second connection for a run that ends before its first check, and one for a longer run', async () => {
    const db = await createTestDatabase();
    const main = await connect(db.url);
    try {
      const short = counted(main);
      const quick = await LockWatch.open(short.driver);
      quick!.start();
      await main.query('SELECT 1');
      expect(await quick!.stop()).toBeNull();
      await quick!.close();
      expect(short.opened()).toBe(0);

      const long = counted(main);
      const slow = await LockWatch.open(long.driver);
      slow!.start();
      await sleep(300);
      expect(await slow!.stop()).toBeNull();
      slow!.start();
      await sleep(300);
      await slow!.close();
      expect(long.opened()).toBe(1);
    } finally {
      await main.close();
    }
  });
});
