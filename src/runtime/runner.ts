import { basename } from 'node:path';
import type { Operation } from '../ops/operation.js';
import { compileOperation } from '../pg/ddl/compile.js';
import type { Driver } from '../pg/driver.js';
import { lockKeyFor, TX, withAdvisoryLock } from '../pg/lock.js';
import { ensureVersionTable, readVersions, writeVersions, type VersionTableName } from '../pg/version-table.js';
import { AthanorError, errorMessage } from '../util/errors.js';
import { maskCredentials } from '../util/mask.js';
import { importUserFile } from '../util/import-file.js';
import { Operations } from './operations.js';
import type { Step } from './plan.js';
import type { RevisionGraph } from './revision-graph.js';

export type RunEvent =
  | { type: 'lock-wait' }
  | { type: 'step-start'; step: Step }
  | { type: 'step-done'; step: Step; milliseconds: number };

export interface MigrationContext {
  driver: Driver;
  graph: RevisionGraph;
  versionTable: VersionTableName;
  onEvent?: (event: RunEvent) => void;
}

interface RevisionModule {
  upgrade?: unknown;
  downgrade?: unknown;
}

/** A statement that failed, remembered so the error can name it. */
class StatementFailure extends Error {
  constructor(
    readonly sql: string,
    readonly original: unknown,
  ) {
    super(errorMessage(original));
  }
}

/**
 * Takes the advisory lock, reads the current heads, plans with them and runs
 * the steps, each in its own transaction. Returns the steps that ran.
 */
export async function runMigration(ctx: MigrationContext, plan: (current: string[]) => Step[]): Promise<Step[]> {
  const key = lockKeyFor(`${ctx.versionTable.schema}.${ctx.versionTable.name}`);
  return withAdvisoryLock(ctx.driver, key, () => ctx.onEvent?.({ type: 'lock-wait' }), async () => {
    await ensureVersionTable(ctx.driver, ctx.versionTable);
    let current = await readVersions(ctx.driver, ctx.versionTable);
    const steps = plan(current);
    for (const step of steps) {
      current = await runStep(ctx, step, current);
    }
    return steps;
  });
}

/** Reads the revision ids the database is at, without taking the lock. */
export async function currentHeads(driver: Driver, versionTable: VersionTableName): Promise<string[]> {
  return readVersions(driver, versionTable);
}

async function runStep(ctx: MigrationContext, step: Step, current: string[]): Promise<string[]> {
  const started = Date.now();
  const { driver, graph } = ctx;
  ctx.onEvent?.({ type: 'step-start', step });
  await driver.exec(TX.begin);
  try {
    const module = await importUserFile<RevisionModule>(step.revision.path, 'revision');
    const fn = step.direction === 'up' ? module.upgrade : module.downgrade;
    if (typeof fn !== 'function') {
      throw new AthanorError('bad-revision-file', `revision file ${basename(step.revision.path)} does not export ${step.direction === 'up' ? 'upgrade' : 'downgrade'}()`);
    }
    await fn(operationsFor(driver));
    const applied = graph.ancestors(current);
    if (step.direction === 'up') applied.add(step.revision.revision);
    else applied.delete(step.revision.revision);
    const next = graph.headsOf(applied);
    await writeVersions(
      driver,
      ctx.versionTable,
      current.filter((id) => !next.includes(id)),
      next.filter((id) => !current.includes(id)),
    );
    await driver.exec(TX.commit);
    ctx.onEvent?.({ type: 'step-done', step, milliseconds: Date.now() - started });
    return next;
  } catch (error) {
    await driver.exec(TX.rollback).catch(() => undefined);
    throw stepError(step, error);
  }
}

/** The `op` object for one revision: compiles each operation and runs its statements. */
export function operationsFor(driver: Driver): Operations {
  const execute = async (op: Operation): Promise<void> => {
    for (const statement of compileOperation(op)) {
      try {
        await driver.query(statement.sql, statement.params);
      } catch (error) {
        throw new StatementFailure(statement.sql, error);
      }
    }
  };
  const query = async <R,>(sql: string, params?: unknown[]): Promise<R[]> => {
    try {
      return (await driver.query<R>(sql, params)).rows;
    } catch (error) {
      throw new StatementFailure(sql, error);
    }
  };
  return new Operations(execute, query);
}

function stepError(step: Step, error: unknown): AthanorError {
  if (error instanceof AthanorError && error.code === 'bad-revision-file') return error;
  const file = basename(step.revision.path);
  const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
  const where = error instanceof StatementFailure ? ` in statement: ${oneLine(error.sql)}` : '';
  const cause = error instanceof StatementFailure ? error.original : error;
  return new AthanorError(
    'revision-failed',
    `${verb} of revision ${step.revision.revision} (${file}) failed and was rolled back: ${maskCredentials(errorMessage(cause))}${where}`,
    { cause },
  );
}

function oneLine(sql: string, max = 240): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
