import { expect, it } from 'vitest';
import { createTestDatabase, queryRows, testTarget, type TestDatabase } from '../helpers/database.js';
import { FLEET_HEAD, fleetProject } from '../helpers/fleet.js';
import { skipWhen } from '../helpers/skips.js';

interface TenantRecord {
  tenant: string;
  status: 'done' | 'failed' | 'skipped';
  to?: string[];
  error: string | null;
  errorCode: string | null;
}

/** Nothing listens on port 1 here: connecting fails at once. */
const UNREACHABLE = 'postgres://fleet:secret-pw@127.0.0.1:1/gone';

skipWhen(
  testTarget() !== 'server',
  'needs a server to create a database per tenant on; a PGlite directory is one database',
).describe('fleets: a database per tenant', () => {
  it('upgrades 20 databases; the unreachable one fails while the rest succeed under --continue-on-error', async () => {
    const databases: TestDatabase[] = [];
    for (let i = 0; i < 20; i++) databases.push(await createTestDatabase('athanor_fleet'));
    const urls: Record<string, string> = {};
    databases.forEach((db, i) => {
      urls[`db${String(i).padStart(2, '0')}`] = db.url;
      if (i === 4) urls.offline = UNREACHABLE;
    });
    const project = fleetProject(null, `{ databases: ${JSON.stringify(urls)} }`);

    const run = await project.migrate(
      'upgrade',
      'head',
      '--tenants',
      'all',
      '--continue-on-error',
      '--concurrency',
      '6',
      '--json',
    );
    expect(run.code).toBe(2);
    const records = JSON.parse(run.stdout) as TenantRecord[];
    expect(records).toHaveLength(21);
    const failed = records.filter((r) => r.status !== 'done');
    expect(failed.map((r) => r.tenant)).toEqual(['offline']);
    expect(failed[0]!.errorCode).toBe('connect');
    expect(failed[0]!.error).toMatch(/^cannot connect to postgres:\/\/fleet:\*+@127\.0\.0\.1:1\/gone/);
    expect(run.stdout).not.toContain('secret-pw');
    for (const db of databases) {
      const rows = await queryRows<{ v: string }>(db.url, 'SELECT version_num AS v FROM public.athanor_version');
      expect(rows.map((r) => r.v)).toEqual([FLEET_HEAD]);
    }
    expect(
      (await queryRows<{ n: string }>(databases[7]!.url, 'SELECT count(*)::text AS n FROM tenant.notes'))[0]!.n,
    ).toBe('0');

    // Without --continue-on-error the run stops starting tenants after the failure.
    const table = await project.migrate('current', '--tenants', 'offline,db1*', '--concurrency', '1');
    expect(table.code).toBe(2);
    expect(table.stdout).toMatch(/^offline\s+failed\s+\d+ ms\s+\[connect\] cannot connect/m);
    expect(table.stdout).toMatch(/^db10\s+skipped/m);
    expect(table.stdout).toContain('11 tenant(s): 0 done, 1 failed, 10 not started');
  });
});
