import { availableParallelism } from 'node:os';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

type TestTarget = 'server' | 'pglite';

const TARGETS: readonly TestTarget[] = ['server', 'pglite'];

/** TEST_TARGETS: a comma list of `server` and `pglite`; both when unset. */
function selectedTargets(): TestTarget[] {
  const raw = process.env.TEST_TARGETS?.trim();
  if (!raw) return [...TARGETS];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !TARGETS.includes(name as TestTarget));
  if (unknown.length > 0) {
    throw new Error(`TEST_TARGETS: unknown target(s) ${unknown.join(', ')}; use a comma list of server, pglite`);
  }
  return TARGETS.filter((target) => names.includes(target));
}

const timing = { testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' } as const;

/**
 * The unit and integration files of a project share their worker's modules: each worker imports
 * the sources, TypeScript's library files and PGlite's compiled WebAssembly once, not once per
 * file, which was most of the unit tests' time and a fifth of PGlite's. A file that mocks a module
 * loads what it tests anew after its mocks and drops it after (compare-once.test.ts).
 */
const sharedModules = { isolate: false } as const;
const shared = { ...timing, globalSetup: ['test/helpers/global-setup.ts'] } as const;

/**
 * The mutation suites and the random-schema property test run every CLI step
 * several times per case; on PGlite (WebAssembly, CPU-bound) that alone takes
 * far longer than the rest of the suite. They always run on the server; on
 * PGlite only with TEST_PGLITE_FULL=1, so that `npm test` stays within minutes.
 */
const PGLITE_FULL = process.env.TEST_PGLITE_FULL === '1';
const HEAVY = ['test/integration/mutations-*.test.ts', 'test/integration/property-*.test.ts'];

/**
 * The README test runs `npm test` again in a fresh clone of the committed
 * tree (ATHANOR_README_NESTED=1). The outer run already runs every file on
 * that same tree, so the nested one proves what only it can: that a fresh
 * clone installs, builds and passes its unit tests and a real-database
 * sample (the example's history, a real-world schema round trip).
 */
const NESTED = process.env.ATHANOR_README_NESTED === '1';
const NESTED_SAMPLE = ['test/integration/example.test.ts', 'test/integration/round-trip-chinook.test.ts'];

function integration(target: TestTarget): TestProjectInlineConfiguration {
  const exclude = target === 'pglite' && !PGLITE_FULL ? HEAVY : [];
  const include = NESTED ? NESTED_SAMPLE : ['test/integration/**/*.test.ts'];
  return {
    extends: true,
    test: {
      ...shared,
      ...sharedModules,
      name: target,
      include,
      exclude,
      // After each file, what its cases made for the whole file (a mutation suite's base databases).
      setupFiles: ['test/helpers/after-each-file.ts'],
      provide: { testTarget: target },
    },
  };
}

/** ATHANOR_SLOWEST_FILES: how many of the slowest test files to list at the end of a run; none when unset. */
function slowestFiles(): [string, { count: number }][] {
  const raw = process.env.ATHANOR_SLOWEST_FILES?.trim();
  if (!raw) return [];
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`ATHANOR_SLOWEST_FILES=${raw}: use a whole number of files, 1 or more`);
  return [['./test/helpers/slowest-files-reporter.ts', { count }]];
}

const targets = selectedTargets();

export default defineConfig({
  test: {
    // vitest's own report, then the skipped tests and why (a title's `(skipped: reason)`), then
    // with ATHANOR_SLOWEST_FILES=n the n slowest test files (CI lists 25).
    reporters: ['default', './test/helpers/skipped-reporter.ts', ...slowestFiles()],
    // At least two files at once, even on two cores: a server test mostly waits on the server.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { ...timing, ...sharedModules, name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Type tests: `tsc` over tsconfig.type-tests.json, each `*.test-d.ts` reported test by test;
      // a failed `expectTypeOf` in another file that config lists fails the run as a source error.
      {
        extends: true,
        test: {
          name: 'types',
          typecheck: {
            enabled: true,
            only: true,
            include: ['test/**/*.test-d.ts'],
            tsconfig: 'tsconfig.type-tests.json',
          },
        },
      },
      ...targets.map(integration),
      // The packed package end to end, once: on the server unless only PGlite is selected (not in the nested run).
      ...(NESTED
        ? []
        : [
            {
              extends: true,
              test: {
                ...shared,
                name: 'e2e',
                include: ['test/e2e/**/*.test.ts'],
                setupFiles: ['test/helpers/after-each-file.ts'],
                provide: { testTarget: targets.includes('server') ? 'server' : 'pglite' },
              },
            } satisfies TestProjectInlineConfiguration,
          ]),
    ],
  },
});
