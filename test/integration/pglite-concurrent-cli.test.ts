import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/project.js';

const BIN = fileURLToPath(new URL('../../bin/migrate.js', import.meta.url));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBin(cwd: string, argv: string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A revision that takes a while, so that two runs started together overlap. */
const SLOW_REVISION = `import type { Operations } from 'athanor';

export const revision = 'a1';
export const downRevision: string | null = null;
export const message = 'slow';

export async function upgrade(op: Operations): Promise<void> {
  await new Promise((done) => setTimeout(done, 1500));
  await op.executeSql({ sql: 'CREATE TABLE slow (id integer)' });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.executeSql({ sql: 'DROP TABLE slow' });
}
`;

describe('two migrate processes on one PGlite directory', () => {
  it('apply a revision once: the second waits for the first, or stops with one line', async () => {
    const project = tempProject(null);
    project.write('migrations/versions/a1_slow.ts', SLOW_REVISION);
    expect(await runBin(project.dir, ['current'])).toMatchObject({ code: 0 }); // creates the database
    const runs = await Promise.all([runBin(project.dir, ['upgrade', 'head']), runBin(project.dir, ['upgrade', 'head'])]);
    const applied = runs.filter((run) => /a1/.test(run.stdout) && run.code === 0 && !/nothing to upgrade/i.test(run.stdout));
    expect(applied, JSON.stringify(runs)).toHaveLength(1);
    const other = runs.find((run) => run !== applied[0])!;
    if (other.code === 0) expect(other.stdout).toMatch(/nothing to upgrade/i);
    else expect(other.stderr).toMatch(/^error: another `migrate` process \(pid \d+\) is using .*\.athanor.dev; wait for it or remove .*athanor\.lock if it is gone$/m);
    const current = await runBin(project.dir, ['current']);
    expect(current).toMatchObject({ code: 0 });
    expect(current.stdout).toContain('a1');
    expect(project.read('.athanor/dev/PG_VERSION')).toMatch(/^\d+/);
    expect(existsSync(join(project.dir, '.athanor', 'dev', 'athanor.lock'))).toBe(false);
  });
});
