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
 * On PGlite (WebAssembly, CPU-bound) every file takes several times what it
 * takes on the server, where every integration file runs. There `npm test`
 * runs what the embedded default does its own way: its driver and locks,
 * concurrent commands on one directory, the runner, the example, a real
 * schema and the tables round-tripped, pull, canonical forms, `migrate test`,
 * and the revision graph. TEST_PGLITE_FULL=1 runs every
 * integration file there, the mutation suites and the property tests too.
 */
const PGLITE_FULL = process.env.TEST_PGLITE_FULL === '1';
const PGLITE_SAMPLE = [
  'driver',
  'library',
  'lock',
  'pglite-concurrent-cli',
  'runner',
  'runner-transactions',
  'example',
  'round-trip-chinook',
  'round-trip-tables',
  'pull-exactness',
  'canonical-cache',
  'canonicalize-names',
  'migrate-test',
  'graph-commands',
  'check-behind-head',
].map((name) => `test/integration/${name}.test.ts`);

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
  const include = NESTED
    ? NESTED_SAMPLE
    : target === 'pglite' && !PGLITE_FULL
      ? PGLITE_SAMPLE
      : ['test/integration/**/*.test.ts'];
  return {
    extends: true,
    test: {
      ...shared,
      ...sharedModules,
      name: target,
      include,
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
