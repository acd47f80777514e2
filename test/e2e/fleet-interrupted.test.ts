import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { BIN, runBin } from '../helpers/bin.js';
import { createTestDatabase, queryRows, testTarget } from '../helpers/database.js';
import { FLEET_HEAD, fleetProject, tenantNames } from '../helpers/fleet.js';
import { skipWhen } from '../helpers/skips.js';

/** How many tenant schemas record the head. */
async function atHead(url: string): Promise<number> {
  const schemas = await queryRows<{ s: string }>(
    url,
    "SELECT schemaname AS s FROM pg_tables WHERE tablename = 'athanor_version' AND schemaname LIKE 't%'",
  );
  if (schemas.length === 0) return 0;
  const union = schemas.map((r) => `SELECT version_num FROM "${r.s}".athanor_version`).join(' UNION ALL ');
  return Number(
    (
      await queryRows<{ n: string }>(url, `SELECT count(*)::text AS n FROM (${union}) v WHERE version_num = $1`, [
        FLEET_HEAD,
      ])
    )[0]!.n,
  );
}

skipWhen(testTarget() !== 'server', 'TEST_TARGETS names no server; the e2e project then runs on PGlite').describe(
  'fleets: an interrupted run',
  () => {
    it('killed with SIGKILL half way, the same command finishes the rest; nothing is applied twice or half', async () => {
      const db = await createTestDatabase();
      const schemas = tenantNames(24);
      // r3 sleeps, so each tenant takes a while and the kill lands in the middle of some.
      const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(schemas)} }`, {
        slow: 0.3,
      });
      const argv = ['upgrade', 'head', '--tenants', 'all', '--concurrency', '3'];

      const child = spawn(process.execPath, [BIN, ...argv], { cwd: project.dir, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      let done = 0;
      while (done < 6) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        done = await atHead(db.url);
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const before = await atHead(db.url);
      expect(before).toBeGreaterThanOrEqual(6);
      expect(before).toBeLessThan(schemas.length);

      const rerun = await runBin(project.dir, [...argv, '--json']);
      expect(rerun.stderr).toBe('');
      expect(rerun.code).toBe(0);
      const records = JSON.parse(rerun.stdout) as { tenant: string; from: string[]; to: string[] }[];
      // The tenants finished before the kill had nothing left to do.
      expect(records.filter((r) => r.from.join() === FLEET_HEAD)).toHaveLength(before);
      expect(await atHead(db.url)).toBe(schemas.length);
      // Every revision ran exactly once in every tenant, and its work is there.
      for (const schema of schemas) {
        const history = await queryRows<{ revision: string }>(
          db.url,
          `SELECT revision FROM "${schema}".athanor_version_history WHERE action = 'upgrade' ORDER BY id`,
        );
        expect(history.map((r) => r.revision)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
      }
      const emails = await queryRows<{ n: string }>(
        db.url,
        "SELECT count(*)::text AS n FROM information_schema.columns WHERE column_name = 'email' AND table_name = 'accounts'",
      );
      expect(emails[0]!.n).toBe(String(schemas.length));
    });
  },
);
