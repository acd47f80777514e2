import type { MigrationTester, TestCheckResult, TestFailure } from '../commands/apply/test.js';
import { commands } from '../commands/modules.js';
import { AthanorError } from '../util/errors.js';
import { guarded } from './library-error.js';
import { commandOptions, type ProjectOptions } from './options.js';

/** What `testMigrations` takes: the project, and where its scratch databases are made. */
export interface TestMigrationsOptions extends Omit<ProjectOptions, 'url' | 'onNotice'> {
  /**
   * A server url on which a scratch database is created for the checks and
   * dropped by `close()` (the user needs CREATEDB); PGlite in memory when absent.
   * Never the configured database.
   */
  url?: string;
  /** Test only the revisions after this one (an id, a prefix or a branch label). */
  from?: string;
}

/**
 * The checks of `migrate test`, one call each. A check resolves with its
 * result when it passes and rejects with an `AthanorError` (code
 * `test-failed`) naming each failure, its revision and file, when it does
 * not. They share one scratch database and run in any order; the order below
 * replays the history least. Call `close()` at the end (`afterAll`).
 */
export interface MigrationTests {
  /** One head: several mean a merge is missing. */
  heads(): Promise<TestCheckResult>;
  /** Upgrades base (or `from`) to head in one run. */
  upgrade(): Promise<TestCheckResult>;
  /** At head, the model matches the database: autogenerate would write nothing. */
  modelMatchesHead(): Promise<TestCheckResult>;
  /** Downgrading head to base (or `from`) leaves nothing behind. */
  downgradeToBase(): Promise<TestCheckResult>;
  /** Each revision upgraded, downgraded and upgraded again, with its fixtures. */
  stairway(): Promise<TestCheckResult>;
  /** Closes the connection and drops the scratch database. */
  close(): Promise<void>;
}

/** The checks of `migrate test` as functions, for a project's own vitest or jest suite. */
export function testMigrations(options: TestMigrationsOptions = {}): MigrationTests {
  const { url, from, ...project } = options;
  let tester: Promise<MigrationTester> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const open = (): Promise<MigrationTester> =>
    (tester ??= commands.test().then((m) =>
      m.MigrationTester.open(commandOptions(project), {
        ...(url !== undefined ? { url } : {}),
        ...(from !== undefined ? { from } : {}),
      }),
    ));
  /** One check at a time: they share the scratch database. */
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const check = (run: (t: MigrationTester) => TestCheckResult | Promise<TestCheckResult>) => () =>
    inTurn(() => guarded(async () => passed(await run(await open()))));
  return {
    heads: check((t) => t.heads()),
    upgrade: check((t) => t.upgrade()),
    modelMatchesHead: check((t) => t.model()),
    downgradeToBase: check((t) => t.downgrade()),
    stairway: check((t) => t.stairway()),
    close: () =>
      inTurn(async () => {
        if (tester === null) return;
        const opened = tester;
        tester = null;
        // A tester that never opened (a bad `from`) has nothing to close: its error came with the check.
        const open = await opened.catch(() => null);
        await guarded(async () => open?.close());
      }),
  };
}

const failureLine = (f: TestFailure): string =>
  `${f.revision === null ? '' : `${f.revision} (${f.file}): `}${f.message}`;

/** The result of a check that passed; an error listing the failures of one that did not. */
function passed(result: TestCheckResult): TestCheckResult {
  if (result.ok) return result;
  const lines = result.failures.map(failureLine);
  throw new AthanorError('test-failed', `${result.title} failed: ${lines.join('; ')}`, { details: lines });
}
