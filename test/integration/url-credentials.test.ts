import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { adminUrl, createTestDatabase, runSql, testTarget, type TestDatabase } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Urls as users type them: a user name with a space, a password holding `@`
 * and `/`. The CLI runs in process with an output that masks nothing, so what
 * it prints shows what the messages are built from.
 */
const suffix = randomBytes(4).toString('hex');
const SPACED = `athanor my user ${suffix}`;
const SLASHED = `athanor_u_${suffix}`;
const SECRET = 'pa@ss/word';

function serverUrl(user: string, password: string, database: string): string {
  const admin = new URL(adminUrl());
  return `postgres://${user}:${password}@${admin.host}/${database}`;
}

skipWhen(
  testTarget() !== 'server',
  'creates login roles with passwords on a server; PGlite urls take no user or password',
).describe('urls with spaces, @ and / in their credentials', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await runSql(
      adminUrl(),
      `CREATE ROLE "${SPACED}" LOGIN PASSWORD 'hunter2'; CREATE ROLE ${SLASHED} LOGIN PASSWORD '${SECRET}'`,
    );
  });
  afterAll(async () => {
    await db.drop();
    await runSql(adminUrl(), `DROP ROLE IF EXISTS "${SPACED}"; DROP ROLE IF EXISTS ${SLASHED}`);
  });

  it('connects with a password holding @ and /, taking the last @ before the host', async () => {
    const driver = await connect(serverUrl(SLASHED, SECRET, db.name));
    try {
      expect((await driver.query<{ u: string }>('SELECT current_user AS u')).rows).toEqual([{ u: SLASHED }]);
      expect(driver.display).not.toContain('pa@ss');
      expect(driver.display).not.toContain('word');
    } finally {
      await driver.close();
    }
    const project = tempProject(serverUrl(SLASHED, SECRET, db.name));
    const current = await project.migrate('current');
    expect(current.stderr).toBe('');
    expect(current.code).toBe(0);
  });

  it('never builds a message holding the password of a user name with a space', async () => {
    const missing = tempProject(serverUrl(`my user ${suffix}`, 'hunter2', db.name));
    const failed = await missing.migrate('current');
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^error \[connect\]: cannot connect to .*does not exist/);
    expect(failed.stderr).not.toContain('hunter2');

    const verbose = await missing.migrate('--verbose', 'current');
    expect(verbose.stderr).not.toContain('hunter2');

    const project = tempProject(serverUrl(SPACED, 'hunter2', db.name));
    const current = await project.migrate('current');
    expect(current.code).toBe(0);
    expect(current.stdout + current.stderr).not.toContain('hunter2');
  });

  it('names the password nowhere in a bad url, and says how to percent-encode', async () => {
    const project = tempProject(`postgres://my user:hunter2@[bad/${db.name}`);
    const bad = await project.migrate('current');
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain('hunter2');
    expect(bad.stderr.split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error \[bad-url\]: /);
    expect(bad.stderr).toContain('%40');
  });

  it('refuses a password with @ and # that would reach the server as another host, naming none of it', async () => {
    // Read up to the last @ before the `#`, node-postgres would look up the host `zq` (`getaddrinfo ENOTFOUND zq`).
    const project = tempProject(`postgres://${SLASHED}:hunt@zq#wxd@127.0.0.1/${db.name}`);
    const failed = await project.migrate('current');
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      'error [url-unparsed]: the database url did not parse as given: percent-encode @ / : # ? in the user name and password (%40 %2F %3A %23 %3F)',
    );
    expect(failed.stdout).not.toMatch(/hunt|zq|wxd/);
  });

  it('says what a url without a scheme lacks', async () => {
    const failed = await tempProject('localhost:5432/app').migrate('current');
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe('error [bad-url]: the database url has no scheme: write postgres://localhost:5432/app');
  });

  it('masks a fleet of databases whose urls hold such credentials', async () => {
    const urls = { a: serverUrl(`my user ${suffix}`, 'hunter2', db.name), b: serverUrl(SLASHED, SECRET, db.name) };
    const project = tempProject(null, `tenants: { databases: ${JSON.stringify(urls)} },`);
    for (const argv of [
      ['current', '--tenants', 'all'],
      ['upgrade', 'head', '--tenants', 'all', '--json'],
    ]) {
      const result = await project.migrate(...argv);
      const printed = result.stdout + result.stderr;
      expect(printed).not.toContain('hunter2');
      expect(printed).not.toContain('pa@ss');
      expect(printed).not.toContain('ENOTFOUND');
    }
  });
});
