import type { Reporter, TestModule } from 'vitest/node';

/** How a test or suite title says why it is skipped: `name (skipped: reason)`. */
export const SKIP_REASON_MARK = '(skipped:';

/**
 * A reporter beside vitest's own: at the end of a run it lists every skipped
 * test whose title gives the reason (`... (skipped: reason)`), one a line, and
 * counts the other skipped tests, so that a skip is never silent.
 */
export default class SkippedReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const withReason: string[] = [];
    let others = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests('skipped')) {
        if (test.fullName.includes(SKIP_REASON_MARK)) {
          withReason.push(`  [${test.project.name}] ${module.relativeModuleId} > ${test.fullName}`);
        } else {
          others += 1;
        }
      }
    }
    if (withReason.length === 0 && others === 0) return;
    const lines = ['', `Skipped tests: ${withReason.length + others}`];
    if (withReason.length > 0) lines.push(...withReason.sort());
    if (others > 0) {
      lines.push(
        `  and ${others} more whose titles give no reason (skipIf on a target or version; --reporter=verbose lists them)`,
      );
    }
    console.log(lines.join('\n'));
  }
}
