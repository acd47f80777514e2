/** `athanor/testing`: the checks of `migrate test` as functions, for a project's own test suite. */
export { testMigrations } from './api/testing.js';
export type { MigrationTests, TestMigrationsOptions } from './api/testing.js';
export type { TestCheckName, TestCheckResult, TestFailure, TestResult } from './commands/apply/test.js';
export type {
  FixtureExpectation,
  FixtureQuery,
  FixtureRow,
  FixtureTables,
  FixtureValue,
  RevisionFixtures,
} from './runtime/files/fixtures.js';
