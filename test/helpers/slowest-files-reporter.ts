import type { Reporter, TestModule } from 'vitest/node';

/**
 * A reporter beside vitest's own: at the end of a run, the slowest test files,
 * slowest first, each with its project and its time from the start of its
 * environment to its last test (import and collection included). vitest.config.ts
 * adds it when ATHANOR_SLOWEST_FILES names how many files to list.
 */
export default class SlowestFilesReporter implements Reporter {
  private readonly count: number;

  constructor(options: { count?: number } = {}) {
    this.count = options.count ?? 25;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const files = testModules
      .map((module) => {
        const d = module.diagnostic();
        const ms = d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration + d.duration;
        return { ms, state: module.state(), name: `[${module.project.name}] ${module.relativeModuleId}` };
      })
      .sort((a, b) => b.ms - a.ms);
    if (files.length === 0) return;
    const shown = files.slice(0, this.count);
    const total = files.reduce((sum, file) => sum + file.ms, 0);
    const lines = [
      '',
      `Slowest test files (${shown.length} of ${files.length}; ${seconds(total)} s in all files together, run in parallel):`,
      ...shown.map((f) => `${seconds(f.ms).padStart(8)} s  ${f.name}${f.state === 'failed' ? '  (failed)' : ''}`),
    ];
    console.log(lines.join('\n'));
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
