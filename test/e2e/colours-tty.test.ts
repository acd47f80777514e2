import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { BIN, hasScript } from '../helpers/bin.js';
import { tempProject } from '../helpers/project.js';
import { revisionSource } from '../integration/runner-fixtures.js';
import { skipWhen } from '../helpers/skips.js';

const STYLE = /\x1b\[[0-9;]*m/;

/**
 * The environment of a shell in a terminal that shows colours, without the
 * colour settings of the test run: whatever TERM the run has (`dumb` in some
 * CI shells, where colours are rightly off).
 */
function shellEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', ...extra };
  if (!('FORCE_COLOR' in extra)) delete env.FORCE_COLOR;
  if (!('NO_COLOR' in extra)) delete env.NO_COLOR;
  return env;
}

skipWhen(!hasScript(), 'needs util-linux script for a real terminal').describe('colours', () => {
  const project = (): string => {
    const p = tempProject(null);
    p.write('migrations/versions/r1.ts', revisionSource({ id: 'r1', down: null, date: '1' }));
    return p.dir;
  };
  const onTerminal = (dir: string, argv: string, env: Record<string, string> = {}): string =>
    spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" ${argv}`, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: shellEnv(env),
    }).stdout;
  const piped = (dir: string, argv: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8', env: shellEnv(env) });

  it('are on for every command on a terminal, off with NO_COLOR', () => {
    const dir = project();
    expect(onTerminal(dir, 'heads')).toMatch(STYLE);
    expect(onTerminal(dir, '-x bad heads')).toMatch(STYLE);
    expect(onTerminal(dir, 'heads', { NO_COLOR: '1' })).not.toMatch(STYLE);
    expect(onTerminal(dir, '-x bad heads', { NO_COLOR: '1' })).not.toMatch(STYLE);
  });

  it('are off in a pipe, each stream on its own: an error to a terminal is coloured while stdout is piped', () => {
    const dir = project();
    const run = piped(dir, ['heads']);
    expect(run.stdout).toContain('r1');
    expect(run.stdout).not.toMatch(STYLE);
    const error = piped(dir, ['-x', 'bad', 'heads']);
    expect(error.stderr).toMatch(/^error \[bad-x-arg\]: /);
    expect(error.stderr).not.toMatch(STYLE);
    const stderrOnTerminal = onTerminal(dir, '-x bad heads > /dev/null');
    expect(stderrOnTerminal).toMatch(/\x1b\[31merror \[bad-x-arg\]:/);
    expect(piped(dir, ['heads'], { FORCE_COLOR: '1' }).stdout).toMatch(STYLE);
  });
});
