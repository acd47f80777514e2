import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built command line, as `npx migrate` runs it. */
export const BIN = fileURLToPath(new URL('../../bin/migrate.js', import.meta.url));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `migrate` in `cwd`, as a user's shell would. With
 * `closeStdout`, the reading end of its stdout is closed at once, as
 * `migrate check | head -1` does once `head` has its line: every write to
 * stdout then fails with EPIPE.
 */
export function runBin(cwd: string, argv: string[], options: { closeStdout?: boolean } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Whether util-linux `script` is here, which runs a command on a real pseudo-terminal. */
export function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
