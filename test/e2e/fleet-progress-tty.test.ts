import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { BIN, hasScript, runBin } from '../helpers/bin.js';
import { createTestDatabase, testTarget } from '../helpers/database.js';
import { fleetProject, tenantNames } from '../helpers/fleet.js';
import { skipWhen } from '../helpers/skips.js';

const PROGRESS = /\r\x1b\[2Ktenants: \d+\/8 {2}done \d+ {2}failed 0 {2}running \d+/;

skipWhen(
  testTarget() !== 'server' || !hasScript(),
  'needs the server target (TEST_TARGETS names one) and util-linux script for a real terminal',
).describe('fleets: the progress line', () => {
  it('is drawn on a real terminal and cleared before the summary; a pipe gets none', async () => {
    const db = await createTestDatabase();
    const project = fleetProject(db.url, `{ template: 'tenant', schemas: ${JSON.stringify(tenantNames(8))} }`, {
      slow: 0.2,
    });
    const command = `"${process.execPath}" "${BIN}" upgrade head --tenants all --concurrency 2`;
    const onTerminal = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: project.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(onTerminal.status).toBe(0);
    expect(onTerminal.stdout).toMatch(PROGRESS);
    // The line is cleared, then the summary follows.
    expect(onTerminal.stdout).toMatch(/\r\x1b\[2K[\s\S]*8 tenant\(s\): 8 done/);

    const piped = await runBin(project.dir, ['upgrade', 'head', '--tenants', 'all']);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('\x1b[2K');
    expect(piped.stdout).not.toContain('\x1b[2K');
  });
});
