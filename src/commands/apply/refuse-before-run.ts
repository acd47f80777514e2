import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ResolvedConfig } from '../../config/load-config.js';
import type { Operation } from '../../ops/operation.js';
import type { RecordedOperation } from '../../ops/revision-lint.js';
import { removedValues } from '../../ops/families/enum-replace.js';
import { serverVersionNumber, type Driver } from '../../pg/connection/driver.js';
import { rowsHoldingValues, type EnumValueColumn } from '../../pg/rows/enum-value-rows.js';
import { missingRoles } from '../../pg/roles.js';
import { describeLockTable, readLockTable } from '../../pg/locks/lock-table.js';
import { countLockedRelations } from '../../ops/relation-locks.js';
import type { Step } from '../../runtime/graph/plan.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import type { RevisionModules } from '../../runtime/run/load-revisions.js';
import {
  describeDefaultPrivilegeScope,
  describeGrantTarget,
  managesPrivileges,
  PRIVILEGES_SINCE,
  privilegeNeeds,
  type Privilege,
} from '../../schema/model.js';
import { needsVersion, versionRefusal } from '../../schema/version-features.js';
import { AthanorError } from '../../util/errors.js';
import { recordSteps } from './lint.js';

/**
 * The checks `upgrade` and `downgrade` make of the revisions to run before
 * anything is applied, each refusing with one line. What the revisions do is
 * read by running them offline, as `migrate lint` runs them, once for every
 * check that asks; a revision that cannot run offline (it reads the database
 * without testing `op.offline`) leaves the checks to the server.
 */

/** The steps to run and the operations of each one's revision, by revision. */
interface RunOperations {
  steps: Step[];
  operations: Map<string, RecordedOperation[]>;
}

/** The run's operations; null when there are no steps, or when they cannot run offline. */
export type RecordedRun = () => Promise<RunOperations | null>;

/** The run's operations, recorded on the first call that asks for them. */
export function recordOnce(
  config: ResolvedConfig,
  { graph, modules }: { graph: RevisionGraph; modules: RevisionModules },
  planned: () => Promise<Step[]>,
): RecordedRun {
  let recording: Promise<RunOperations | null> | undefined;
  const record = async (): Promise<RunOperations | null> => {
    const steps = await planned();
    if (steps.length === 0) return null;
    try {
      return { steps, operations: await recordSteps(config, graph, steps, modules) };
    } catch {
      return null;
    }
  };
  return () => (recording ??= record());
}

/**
 * With the `privileges` or the `owners` setting on, the roles the revisions
 * to run grant to, revoke from or give objects to are looked up first; a
 * role the cluster lacks stops the run.
 */
export async function refuseMissingGrantees(
  config: ResolvedConfig,
  recorded: RecordedRun,
  driver: Driver,
): Promise<void> {
  if (!managesPrivileges(config.privileges) && !config.owners) return;
  const run = await recorded();
  if (run === null) return;
  const grantees = [...run.operations.values()].flat().flatMap(({ op }) => {
    switch (op.kind) {
      case 'grant':
        return [op.to];
      case 'revoke':
        return [op.from];
      case 'grantDefault':
        return [op.to, ...(op.forRole === undefined ? [] : [op.forRole])];
      case 'revokeDefault':
        return [op.from, ...(op.forRole === undefined ? [] : [op.forRole])];
      case 'alterOwner':
        return op.to === undefined ? [] : [op.to];
      default:
        return [];
    }
  });
  const missing = await missingRoles(driver, grantees);
  if (missing.length === 0) return;
  throw new AthanorError(
    'missing-roles',
    `the revisions to run grant or revoke privileges of, or give objects to, roles the database does not have: ${missing.join(', ')}; create them first (CREATE ROLE); nothing was applied`,
  );
}

/**
 * A privilege the server's version lacks (MAINTAIN before PostgreSQL 17) in
 * a grant or revoke of the revisions to run, which a revision written by
 * hand or generated against a newer server may hold, stops the run as the
 * model's refusal does (`schema/version-features.ts`). The server would stop
 * it only at that statement, once the revisions before it had committed. On
 * a server that has every such privilege, nothing is recorded for it.
 */
export async function refuseNewerPrivileges(recorded: RecordedRun, driver: Driver): Promise<void> {
  const version = await serverVersionNumber(driver);
  if (Object.values(PRIVILEGES_SINCE).every((since) => version >= since)) return;
  const run = await recorded();
  if (run === null) return;
  const missing: string[] = [];
  for (const { revision } of run.steps) {
    const where = `in revision ${revision.revision} (${basename(revision.path)})`;
    for (const { op } of run.operations.get(revision.revision) ?? []) {
      for (const { privilege, what } of privilegesOf(op)) {
        for (const need of privilegeNeeds(privilege, `${what} ${where}`))
          if (version < need.since) missing.push(needsVersion(need.what, need.since));
      }
    }
  }
  if (missing.length === 0) return;
  throw versionRefusal('the revisions to run use', version, missing, 'nothing was applied');
}

/**
 * Rows holding an enum value that a `replaceEnum` of the revisions to run
 * removes stop the run, with their count, before anything is applied:
 * Postgres would stop it only at that conversion, once the revisions before
 * it had committed. The rows are counted as the database holds them now, in
 * the columns that exist now. Only the revisions whose files call
 * `replaceEnum` are recorded for it, so a run without one costs nothing more.
 */
export async function refuseEnumValuesInUse(
  recorded: RecordedRun,
  planned: () => Promise<Step[]>,
  driver: Driver,
): Promise<void> {
  const steps = await planned();
  if (!steps.some(({ revision }) => readFileSync(revision.path, 'utf8').includes('replaceEnum'))) return;
  const run = await recorded();
  if (run === null) return;
  const columns: (EnumValueColumn & { where: string; enum: string })[] = [];
  for (const { revision } of run.steps) {
    for (const { op } of run.operations.get(revision.revision) ?? []) {
      if (op.kind !== 'replaceEnum') continue;
      const values = removedValues(op.from, op.to);
      if (values.length === 0) continue;
      const where = `revision ${revision.revision} (${basename(revision.path)})`;
      // A partition's own default is listed apart; its column is its parent's, counted there.
      for (const use of op.columns.filter((c) => c.partitionDepth === undefined))
        columns.push({ ...use, values, where, enum: `${op.schema}.${op.name}` });
    }
  }
  const held = await rowsHoldingValues(driver, columns);
  if (held.length === 0) return;
  const lines = held.map(
    ({ column, value, rows }) =>
      `${rows} row(s) of ${column.schema}.${column.table}.${column.column} hold '${value}', which ${column.where} removes from enum ${column.enum}`,
  );
  throw new AthanorError(
    'enum-value-in-use',
    `${lines.length === 1 ? lines[0] : `${lines.length} enum values to remove are held by rows`}; nothing was applied. Update those rows first, or make the change a rename of the value (\`--rename enum-value:...\` on autogenerate)`,
    lines.length === 1 ? {} : { details: lines },
  );
}

/**
 * A revision runs in one transaction, which holds a lock on every relation
 * it creates, drops or alters until it commits (`ops/relation-locks.ts`;
 * what its `op.autocommit` blocks do commits as it goes). A revision, or with
 * one transaction for the run (`--single-transaction`) the whole run, that
 * would hold more locks than the server's lock table is sized for stops the
 * run before anything is applied: the server would stop it at `out of shared
 * memory`, part way through, once the revisions before it had committed.
 */
export async function refuseOverLockTable(
  recorded: RecordedRun,
  driver: Driver,
  transactionPerRevision: boolean,
): Promise<void> {
  const run = await recorded();
  if (run === null) return;
  const held = (steps: Step[]): number =>
    countLockedRelations(
      steps.flatMap(({ revision }) =>
        (run.operations.get(revision.revision) ?? []).filter((r) => !r.autocommit).map((r) => r.op),
      ),
    );
  const table = await readLockTable(driver);
  const over = transactionPerRevision
    ? run.steps.map((step) => ({ step, locks: held([step]) })).find(({ locks }) => locks > table.size)
    : { step: undefined, locks: held(run.steps) };
  if (over === undefined || over.locks <= table.size) return;
  const what =
    over.step === undefined
      ? 'the run in one transaction'
      : `${over.step.direction === 'up' ? 'the upgrade' : 'the downgrade'} of revision ${over.step.revision.revision} (${basename(over.step.revision.path)})`;
  const split =
    over.step === undefined
      ? 'or run it with one transaction per revision'
      : 'or split the revision into several (autogenerate writes several when the server is this size)';
  throw new AthanorError(
    'lock-table',
    `${what} would hold about ${over.locks.toLocaleString('en-US')} locks, and ${describeLockTable(table)}; nothing was applied. Raise max_locks_per_transaction (a server restart), ${split}`,
  );
}

/** Each privilege an operation grants or revokes, and how it reads: `the grant of MAINTAIN on table public.t to anon`. */
function privilegesOf(op: Operation): { privilege: Privilege; what: string }[] {
  switch (op.kind) {
    case 'grant':
    case 'revoke': {
      const on = describeGrantTarget(op.on, op.columns?.join(', '));
      const to = op.kind === 'grant' ? `to ${op.to}` : `from ${op.from}`;
      return op.privileges.map((p) => ({ privilege: p, what: `the ${op.kind} of ${p} on ${on} ${to}` }));
    }
    case 'grantDefault':
    case 'revokeDefault': {
      const scope = describeDefaultPrivilegeScope({
        ...(op.forRole === undefined ? {} : { role: op.forRole }),
        ...(op.inSchema === undefined ? {} : { schema: op.inSchema }),
        on: op.on,
      });
      const to = op.kind === 'grantDefault' ? `to ${op.to}` : `revoked from ${op.from}`;
      return op.privileges.map((p) => ({ privilege: p, what: `the default privilege ${p} on ${scope} ${to}` }));
    }
    default:
      return [];
  }
}
