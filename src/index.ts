/** The public library surface of Athanor. */
export * from './schema/index.js';
export { defineConfig } from './config/define-config.js';
export type {
  AthanorConfig,
  ConfigContext,
  ConfigInput,
  DatabaseTenants,
  EnvironmentConfig,
  SchemaTenants,
  TenantQuery,
  TenantsConfig,
} from './config/define-config.js';
export { Operations } from './runtime/operations.js';
export type { Payload } from './runtime/operations.js';
export type { BulkInsertTarget, ExecuteOptions, QueryRunner } from './runtime/operations.js';
export type { Operation, OperationKind, ColumnChange } from './ops/operation.js';
export type {
  OperationOf,
  SequenceChange,
  DomainChange,
  EnumColumnUse,
  DomainColumnUse,
  DomainComments,
} from './ops/operation.js';
export { HAZARD_CODES, HAZARD_KINDS, hazardsOf, revisionHazards } from './ops/hazards.js';
export type { Hazard, HazardCode, HazardKind } from './ops/hazards.js';
export { AthanorError } from './util/errors.js';
export { isAthanorError } from './util/errors.js';
export { ERROR_CODES, type ErrorCode } from './util/error-codes.js';
/** The commands as functions, as Alembic's `command.upgrade`: `command.upgrade({ target: 'head' })`. */
export * as command from './api/library.js';
export type { RevisionCallOptions } from './api/library.js';
export type { ProjectOptions, RunOptions } from './api/options.js';
export type { Notice } from './commands/shared/project.js';
export type { MigrateResult } from './commands/apply/upgrade.js';
export type { StampResult } from './commands/apply/stamp.js';
export type { CheckResult } from './commands/compare/check.js';
export type { CandidateReport } from './autogen/renames/decide.js';
export type { AppliedRevisionInfo, CurrentResult, RevisionInfo } from './commands/revisions/inspect.js';
export type { RevisionResult, SizedHazard } from './commands/revisions/revision.js';
export type { TestCheckName, TestCheckResult, TestFailure, TestResult } from './commands/apply/test.js';
export type {
  FixtureExpectation,
  FixtureQuery,
  FixtureRow,
  FixtureTables,
  FixtureValue,
  RevisionFixtures,
} from './runtime/files/fixtures.js';
