import { randomBytes } from 'node:crypto';
import { AthanorError } from '../../util/errors.js';
import { maskedMessage } from '../../util/mask.js';
import { connect, parseDatabaseUrl, type Driver } from '../connection/driver.js';
import { quoteIdent } from '../quote.js';

/** An empty database made for a test, open, and the way to remove it. */
export interface ScratchDatabase {
  driver: Driver;
  /** Closes the connection and drops the database (PGlite in memory is gone with its connection). */
  dispose(): Promise<void>;
}

/**
 * Checks a url for scratch databases: a server's, which is only used to
 * connect for the CREATE and DROP of each scratch database (nothing is written
 * to its own database). Returns it with the user name and password encoded.
 */
export function scratchServerUrl(url: string): string {
  const parsed = parseDatabaseUrl(url);
  if (parsed.kind !== 'server')
    throw new AthanorError(
      'bad-option',
      `--url takes a server url (postgres://user@host:5432/postgres) on which a scratch database is created; leave it out to test on PGlite in memory`,
    );
  return parsed.url;
}

/**
 * A new, empty database: PGlite in memory, or one created with a new name on
 * the server of `serverUrl`, its session not waiting for the disk at commit.
 */
export async function openScratchDatabase(serverUrl: string | null): Promise<ScratchDatabase> {
  if (serverUrl === null) {
    const driver = await connect('pglite:memory:');
    return { driver, dispose: () => driver.close() };
  }
  const server = scratchServerUrl(serverUrl);
  const name = `athanor_test_${randomBytes(6).toString('hex')}`;
  await onServer(server, `CREATE DATABASE ${quoteIdent(name)}`, 'create a scratch database');
  const target = new URL(server);
  target.pathname = `/${name}`;
  let driver: Driver;
  try {
    driver = await connect(target.toString());
    // A scratch database is dropped after use: its commits need not wait for the disk.
    await driver.exec('SET synchronous_commit = off').catch(async (error: unknown) => {
      await driver.close();
      throw error;
    });
  } catch (error) {
    await dropDatabase(server, name).catch(() => undefined);
    throw error;
  }
  return {
    driver,
    async dispose() {
      try {
        await driver.close();
      } finally {
        await dropDatabase(server, name);
      }
    },
  };
}

const dropDatabase = (server: string, name: string): Promise<void> =>
  onServer(server, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`, `drop the scratch database ${name}`);

async function onServer(url: string, sql: string, what: string): Promise<void> {
  const admin = await connect(url);
  try {
    await admin.exec(sql);
  } catch (error) {
    throw new AthanorError(
      'scratch-database',
      `cannot ${what} on ${admin.display}: ${maskedMessage(error)}; the user of --url needs the CREATEDB privilege`,
      { cause: error },
    );
  } finally {
    await admin.close();
  }
}
