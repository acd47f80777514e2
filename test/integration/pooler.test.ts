import { expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { assertSessionConnection } from '../../src/pg/connection/pooler.js';
import { alternatingProxy } from '../helpers/alternating-proxy.js';
import { createTestDatabase, queryRows, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { revisionSource } from './runner-fixtures.js';
import { skipWhen } from '../helpers/skips.js';

const REFUSED =
  /^the connection to postgres:\/\/postgres@127\.0\.0\.1:\d+\/athanor_t_\w+ changes server process between statements \(a connection pooler in transaction mode\), so the migration lock would not hold; run migrations over a direct connection to the database \(or a session-mode pool\)$/;

skipWhen(testTarget() !== 'server', 'needs a server to put a transaction-mode pooler in front of').describe(
  'transaction-mode poolers',
  () => {
    it('accepts a direct connection', async () => {
      const db = await createTestDatabase();
      const driver = await connect(db.url);
      try {
        await expect(assertSessionConnection(driver)).resolves.toBeUndefined();
      } finally {
        await driver.close();
      }
    });

    it('refuses a connection whose server process changes between statements, and upgrade changes nothing through it', async () => {
      const db = await createTestDatabase();
      const proxy = await alternatingProxy(db.url);
      try {
        const driver = await connect(proxy.urlFor(db.url));
        try {
          // The proxy really alternates, and keeps a transaction on one process.
          const pids = async () => (await driver.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
          expect(await pids()).not.toBe(await pids());
          await driver.query('BEGIN');
          expect(await pids()).toBe(await pids());
          await driver.query('COMMIT');
          await expect(assertSessionConnection(driver)).rejects.toThrow(REFUSED);
        } finally {
          await driver.close();
        }
        const project = tempProject(proxy.urlFor(db.url));
        project.write(
          'migrations/versions/r1.ts',
          revisionSource({ id: 'r1', down: null, date: '1', up: "  await op.execute('CREATE TABLE t (id int)');" }),
        );
        const result = await project.migrate('upgrade', 'head');
        expect(result.code).toBe(2);
        expect(result.stderr.replace(/^error \[transaction-pooler\]: /, '')).toMatch(REFUSED);
      } finally {
        await proxy.close();
      }
      expect(await queryRows(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
    });
  },
);
