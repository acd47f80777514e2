import type { Reporter, TestModule } from 'vitest/node';

/** How a test or suite title says why it is skipped: `name (skipped: reason)`. */
export const SKIP_REASON_MARK = '(skipped:';

/**
 * A reporter beside vitest's own: at the end of a run it lists every skipped
 * test whose title gives the reason (`... (skipped: reason)`), one a line, and
 * counts the other skipped tests, so that a skip is never silent. It also
 * counts, by reason, the comparisons tests left out while they ran (a test's
 * `goldenNotCompared`: test/helpers/golden.ts).
 */
export default class SkippedReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const withReason: string[] = [];
    let others = 0;
    const leftOut = new Map<string, { comparisons: number; tests: number }>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const golden = test.meta().goldenNotCompared;
        if (golden !== undefined) {
          const seen = leftOut.get(golden.reason) ?? { comparisons: 0, tests: 0 };
          leftOut.set(golden.reason, { comparisons: seen.comparisons + golden.count, tests: seen.tests + 1 });
        }
        if (test.result().state !== 'skipped') continue;
        if (test.fullName.includes(SKIP_REASON_MARK)) {
          withReason.push(`  [${test.project.name}] ${module.relativeModuleId} > ${test.fullName}`);
        } else {
          others += 1;
        }
      }
    }
    const lines: string[] = [];
    if (withReason.length > 0 || others > 0) {
      lines.push(`Skipped tests: ${withReason.length + others}`, ...withReason.sort());
      if (others > 0) {
        lines.push(
          `  and ${others} more whose titles give no reason (skipIf on a target or version; --reporter=verbose lists them)`,
        );
      }
    }
    for (const [reason, { comparisons, tests }] of leftOut) {
      lines.push(`Comparisons left out: ${comparisons} in ${tests} test(s), ${reason}`);
    }
    if (lines.length > 0) console.log(['', ...lines].join('\n'));
  }
}
