import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

const BIN = fileURLToPath(new URL('../../bin/migrate.js', import.meta.url));

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `migrate` in `cwd`. With `closeStdout`, the reading end of its
 * stdout is closed at once, as `migrate check | head -1` does once `head` has
 * its line: every write to stdout then fails with EPIPE.
 */
function runBin(cwd: string, argv: string[], closeStdout: boolean): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('migrate with its stdout closed early', () => {
  it('prints the help into a closed pipe without an error and exits 0', async () => {
    const project = tempProject(null);
    const open = await runBin(project.dir, ['--help'], false);
    expect(open).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(open.stdout).toContain('Usage: migrate');
    expect(await runBin(project.dir, ['--help'], true)).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
  });

  it('`check` with differences says nothing on stderr and still exits 1', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write('models.ts', "import { defineMetadata, integer } from 'athanor';\nexport const metadata = defineMetadata();\nexport const t = metadata.table('t', { id: integer() });\n");
    const open = await runBin(project.dir, ['check'], false);
    expect(open).toMatchObject({ code: 1, signal: null, stderr: '' });
    expect(open.stdout).toContain('public.t');
    expect(await runBin(project.dir, ['check'], true)).toEqual({ code: 1, signal: null, stdout: '', stderr: '' });
  });
});
