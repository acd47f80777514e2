import type { Reporter, TestModule } from 'vitest/node';

/** How a test or suite title says why it is skipped: `name (skipped: reason)`. */
export const SKIP_REASON_MARK = '(skipped:';

/**
 * A reporter beside vitest's own: at the end of a run it lists every skipped
 * test, one a line (project, file, full title), so that a skip is never
 * silent. A test skips with its reason in its title, `... (skipped: reason)`,
 * as `skipWhen(condition, reason)` writes it (test/helpers/skips.ts); a
 * skipped test whose title gives no reason is listed apart, under a heading
 * that says so. It also counts, by reason, the comparisons tests left out
 * while they ran (a test's `goldenNotCompared`: test/helpers/golden.ts).
 */
export default class SkippedReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const withReason: string[] = [];
    const withoutReason: string[] = [];
    const leftOut = new Map<string, { comparisons: number; tests: number }>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const golden = test.meta().goldenNotCompared;
        if (golden !== undefined) {
          const seen = leftOut.get(golden.reason) ?? { comparisons: 0, tests: 0 };
          leftOut.set(golden.reason, { comparisons: seen.comparisons + golden.count, tests: seen.tests + 1 });
        }
        if (test.result().state !== 'skipped') continue;
        const line = `  [${test.project.name}] ${module.relativeModuleId} > ${test.fullName}`;
        (test.fullName.includes(SKIP_REASON_MARK) ? withReason : withoutReason).push(line);
      }
    }
    const lines: string[] = [];
    if (withReason.length > 0 || withoutReason.length > 0) {
      lines.push(`Skipped tests: ${withReason.length + withoutReason.length}`, ...withReason.sort());
      if (withoutReason.length > 0) {
        lines.push(
          `Skipped tests whose titles give no reason: ${withoutReason.length} (skip them with skipWhen(condition, reason), test/helpers/skips.ts)`,
          ...withoutReason.sort(),
        );
      }
    }
    for (const [reason, { comparisons, tests }] of leftOut) {
      lines.push(`Comparisons left out: ${comparisons} in ${tests} test(s), ${reason}`);
    }
    if (lines.length > 0) console.log(['', ...lines].join('\n'));
  }
}
