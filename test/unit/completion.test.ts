import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';

async function migrate(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out: Output = { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), exitCode: 0 };
  const code = await run(argv, out, process.cwd());
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** What bash completes for the words typed so far (the last one being completed). */
function bashCompletes(script: string, words: string[]): string[] {
  const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _migrate; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', program], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('migrate completion', () => {
  it('prints a bash script that completes commands, their options and the global ones', async () => {
    const { code, stdout } = await migrate('completion', 'bash');
    expect(code).toBe(0);
    expect(stdout).toContain('complete -o default -F _migrate migrate');
    expect(bashCompletes(stdout, ['migrate', 'up'])).toEqual(['upgrade']);
    expect(bashCompletes(stdout, ['migrate', 'upgrade', '--sq'])).toEqual(['--sql', '--sql-dir']);
    expect(bashCompletes(stdout, ['migrate', '-c', 'x.ts', 'check', '--te'])).toEqual(['--tenants']);
    expect(bashCompletes(stdout, ['migrate', '--ver']).sort()).toEqual(['--verbose', '--version']);
  });

  it('prints zsh and fish scripts naming every command', async () => {
    const zsh = await migrate('completion', 'zsh');
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = await migrate('completion', 'fish');
    expect(fish.stdout).toContain("complete -c migrate -f -n '__fish_use_subcommand' -a 'upgrade'");
    expect(fish.stdout).toContain("complete -c migrate -n '__fish_seen_subcommand_from upgrade' -l sql");
  });

  it('refuses another shell', async () => {
    const { code, stderr } = await migrate('completion', 'tcsh');
    expect(code).toBe(2);
    expect(stderr).toContain('bash, zsh, fish');
  });
});
