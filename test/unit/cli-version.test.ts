import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

async function migrate(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out: Output = { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), exitCode: 0 };
  const code = await run(argv, out, process.cwd());
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('migrate --version', () => {
  it("prints the package's version and exits 0, as -V too", async () => {
    for (const flag of ['--version', '-V']) {
      expect(await migrate(flag)).toEqual({ code: 0, stdout: VERSION, stderr: '' });
    }
  });
});
