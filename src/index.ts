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
export type { Operation, OperationKind } from './ops/operation.js';
// Each family's operations. `Operation` is their union, read from the families' modules: a program that
// reads the package's declarations sees a family in it only through these exports.
export type { BackfillOperation } from './ops/families/backfill.js';
export type { ColumnOperation, ColumnChange } from './ops/families/columns.js';
export type { EnumOperation, EnumColumnUse } from './ops/families/enums.js';
export type { InheritanceOperation } from './ops/families/inheritance.js';
export type { KeyOperation } from './ops/families/keys.js';
export type { PartitionOperation } from './ops/families/partitions.js';
export type { RenameOperation } from './ops/families/renames.js';
export type { SchemaOperation } from './ops/families/schemas.js';
export type { SecurityOperation } from './ops/families/security.js';
export type { SqlOperation } from './ops/families/sql.js';
export type { TableOperation } from './ops/families/tables.js';
export type { CastOperation } from './ops/objects/cast-operations.js';
export type { CollationRuleOperation } from './ops/objects/collation-rule-operations.js';
export type { CompositeOperation } from './ops/objects/composite-operations.js';
export type { EventTriggerOperation } from './ops/objects/event-trigger-operations.js';
export type { FiringOperation } from './ops/objects/firing-operations.js';
export type { ForeignOperation } from './ops/objects/foreign-operations.js';
export type { GrantOperation } from './ops/objects/grant-operations.js';
export type {
  ObjectOperation,
  SequenceChange,
  DomainChange,
  DomainColumnUse,
  DomainComments,
} from './ops/objects/object-operations.js';
export type { OperatorOperation } from './ops/objects/operator-operations.js';
export type { PublicationOperation } from './ops/objects/publication-operations.js';
export type { RangeOperation } from './ops/objects/range-operations.js';
export type { StatisticsOperation } from './ops/objects/statistics-operations.js';
export type { TextSearchOperation } from './ops/objects/text-search-operations.js';
export type { ViewRoutineOperation } from './ops/objects/view-routine-operations.js';
export type { OperationOf } from './ops/operation.js';
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
