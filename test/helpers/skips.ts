import {
  describe as vitestDescribe,
  it as vitestIt,
  type SuiteFactory,
  type TestFunction,
  type TestOptions,
} from 'vitest';
import { SKIP_REASON_MARK } from './skipped-reporter.js';

/** `describe.skipIf(condition)` whose title says why when it skips. */
export interface DescribeWhen {
  (name: string, fn: SuiteFactory, timeout?: number): void;
  (name: string, options: TestOptions, fn: SuiteFactory): void;
}

/** `it.skipIf(condition)` whose title says why when it skips. */
export interface ItWhen {
  (name: string, fn: TestFunction, timeout?: number): void;
  (name: string, options: TestOptions, fn: TestFunction): void;
}

/**
 * `describe.skipIf(condition)` and `it.skipIf(condition)` that give the reason:
 * when the condition holds, the title ends in ` (skipped: <reason>)`, which
 * the skipped-tests reporter lists; when it does not, the title is unchanged
 * (recorded revisions are keyed by test names). A title that already gives a
 * reason (`PAGILA.title(...)`) keeps its own.
 *
 *     skipWhen(testTarget() !== 'server', 'needs a second database').describe('fleets', () => { ... });
 */
export function skipWhen(condition: boolean, reason: string): { describe: DescribeWhen; it: ItWhen } {
  const title = (name: string): string =>
    condition && !name.includes(SKIP_REASON_MARK) ? `${name} ${SKIP_REASON_MARK} ${reason})` : name;
  const skipDescribe = vitestDescribe.skipIf(condition);
  const skipIt = vitestIt.skipIf(condition);
  function describe(name: string, fn: SuiteFactory, timeout?: number): void;
  function describe(name: string, options: TestOptions, fn: SuiteFactory): void;
  function describe(name: string, a: SuiteFactory | TestOptions, b?: number | SuiteFactory): void {
    if (typeof a === 'function') skipDescribe(title(name), a, typeof b === 'number' ? b : undefined);
    else skipDescribe(title(name), a, typeof b === 'function' ? b : undefined);
  }
  function it(name: string, fn: TestFunction, timeout?: number): void;
  function it(name: string, options: TestOptions, fn: TestFunction): void;
  function it(name: string, a: TestFunction | TestOptions, b?: number | TestFunction): void {
    if (typeof a === 'function') skipIt(title(name), a, typeof b === 'number' ? b : undefined);
    else skipIt(title(name), a, typeof b === 'function' ? b : undefined);
  }
  return { describe, it };
}
