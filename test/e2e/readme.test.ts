import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { testTarget } from '../helpers/database.js';
import { sectionCodeBlock, shellCommands } from '../helpers/markdown.js';
import { REAL_SCHEMAS } from '../helpers/fixtures.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * The README's two set-up commands, run as a newcomer runs them: in a fresh
 * `git clone` of this repository (its committed HEAD, as CI sees it, not the
 * working tree), first with no database configured at all, then the test suite.
 *
 * ATHANOR_README_NESTED=1 is set in the environment of the `npm test` this file
 * starts inside the clone; with it set, this file skips itself, so the nested
 * run does not clone and test again (and again), and vitest.config.ts runs the
 * unit tests and a real-database sample there: this run covers every file.
 */
const NESTED = 'ATHANOR_README_NESTED';

/** What `npm run example` runs in migrations-example/, in order, and what each step prints. */
const STEPS: readonly { argv: string[]; shows: RegExp }[] = [
  { argv: ['upgrade', 'head'], shows: /Upgrading to \S+/ },
  { argv: ['current'], shows: /\S+ \(head\)/ },
  { argv: ['history'], shows: /<base> -> \S+/ },
  { argv: ['check'], shows: /No differences/ },
  { argv: ['downgrade', '-1'], shows: /Downgrading from \S+/ },
  { argv: ['upgrade', 'head'], shows: /Upgrading to \S+/ },
];

const MINUTE = 60_000;

/** The environment of someone who just cloned: no database urls, no test run around them. */
const NOT_INHERITED =
  /^(TEST_DATABASE_URL|DATABASE_URL|TEST_TARGETS|NODE_ENV|FORCE_COLOR|INIT_CWD|VITEST.*|npm_lifecycle_.*|npm_package_.*)$/;

function newcomerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !NOT_INHERITED.test(key)));
  // The README's commands are what they are; the local npm cache comes in through npm's environment config.
  return { ...env, npm_config_prefer_offline: 'true', NO_COLOR: '1', ...extra };
}

interface ShellResult {
  code: number | null;
  /** stdout and stderr as they arrived, without colours. */
  output: string;
}

const running = new Set<ChildProcess>();

/** Runs a command line with `sh` in its own process group, so that a timeout can stop all of it. */
function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv, timeout: number): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, env, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    const chunks: string[] = [];
    child.stdout!.setEncoding('utf8').on('data', (s: string) => chunks.push(s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => chunks.push(s));
    const timer = setTimeout(() => stop(child), timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, output: chunks.join('').replace(/\x1b\[[0-9;]*m/g, '') });
    });
  });
}

function stop(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** The last lines of a long output, for a failure message. */
function tail(output: string, lines = 60): string {
  return output.split('\n').slice(-lines).join('\n');
}

/** vitest's FAIL lines, then the end of its output: what a failed nested run is reported with. */
function failures(output: string): string {
  const failed = [
    ...new Set(
      output
        .split('\n')
        .filter((l) => /^\s*FAIL\s/.test(l))
        .map((l) => l.trim()),
    ),
  ];
  return [...failed, '', tail(output, 30)].join('\n');
}

/** Each step's part of the example's output, found by its `migrate <args>` line, in order. */
function stepOutputs(output: string): string[] {
  const starts: number[] = [];
  for (const step of STEPS) {
    const line = `migrate ${step.argv.join(' ')}`;
    const at = output.indexOf(line, (starts.at(-1) ?? -1) + 1);
    expect(
      at,
      `the example's output shows \`${line}\` after the steps before it\n${tail(output)}`,
    ).toBeGreaterThanOrEqual(0);
    starts.push(at);
  }
  return starts.map((start, i) => output.slice(start, starts[i + 1] ?? output.length));
}

/** The value of a line of vitest's final summary, e.g. `Tests  312 passed | 4 skipped (316)`. */
function summaryLine(output: string, label: string): string {
  return [...output.matchAll(new RegExp(`^\\s*${label}\\s+(.+)$`, 'gm'))].at(-1)?.[1] ?? '';
}

skipWhen(process.env[NESTED] === '1', 'inside the npm test that this test runs in a fresh clone').describe(
  "the README's set-up in a fresh clone",
  () => {
    let parent: string;
    let clone: string;
    let commands: string[];

    beforeAll(() => {
      const here = dirname(fileURLToPath(import.meta.url));
      const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: here, encoding: 'utf8' }).trim();
      parent = mkdtempSync(join(tmpdir(), 'athanor-readme-'));
      clone = join(parent, 'athanor');
      execFileSync('git', ['clone', '--quiet', root, clone], { stdio: 'pipe' });
      commands = shellCommands(sectionCodeBlock(readFileSync(join(clone, 'README.md'), 'utf8'), '## Set-up'));
    }, 2 * MINUTE);

    afterAll(() => {
      for (const child of running) stop(child);
      if (parent) rmSync(parent, { recursive: true, force: true });
    });

    it('names two commands: the example, then the test suite', () => {
      expect(commands).toHaveLength(2);
      expect(commands[0]).toMatch(/\bnpm run example\b/);
      expect(commands[1]).toMatch(/\bnpm test\b/);
    });

    // CI's checkout is itself a fresh clone: .ci/run runs the README's commands there (`npm ci`, `npm run
    // example`, `npm test`); cloning it again would install and build the same files a second time.
    skipWhen(process.env.CI === 'true', "CI runs the README's commands itself, on a clean checkout").it(
      'first: installs, builds and runs every step of the example on PGlite, with no database configured',
      async () => {
        const result = await runShell(commands[0]!, clone, newcomerEnv(), 15 * MINUTE);
        expect(result.code, tail(result.output)).toBe(0);
        expect(existsSync(join(clone, 'dist', 'cli', 'main.js')), 'the tool is built').toBe(true);
        expect(result.output).toMatch(/PGlite/);
        const outputs = stepOutputs(result.output);
        STEPS.forEach((step, i) => {
          expect(outputs[i], `migrate ${step.argv.join(' ')}`).toMatch(step.shows);
          expect(outputs[i], `migrate ${step.argv.join(' ')}`).not.toMatch(/^error[ :]/m);
        });
      },
      20 * MINUTE,
    );

    skipWhen(process.env.CI === 'true', "CI runs the README's commands itself, on a clean checkout").it(
      'second: runs the test suite in the clone, and it passes',
      async () => {
        // On this run's server (TEST_TARGETS=server, TEST_DATABASE_URL its maintenance database);
        // when this run has only PGlite (TEST_TARGETS=pglite), the nested one does too.
        const target = testTarget();
        const database: Record<string, string> = target === 'server' ? { TEST_DATABASE_URL: inject('adminUrl') } : {};
        const env = newcomerEnv({
          ...database,
          TEST_TARGETS: target,
          [NESTED]: '1',
          ATHANOR_REAL_SCHEMAS: REAL_SCHEMAS,
        });
        const result = await runShell(commands[1]!, clone, env, 30 * MINUTE);
        expect(result.code, failures(result.output)).toBe(0);
        for (const label of ['Test Files', 'Tests']) {
          const summary = summaryLine(result.output, label);
          expect(summary, `${label} in vitest's summary\n${failures(result.output)}`).toMatch(/\b[1-9]\d* passed\b/);
          expect(summary, `${label} in vitest's summary`).not.toMatch(/failed/);
        }
      },
      35 * MINUTE,
    );
  },
);
