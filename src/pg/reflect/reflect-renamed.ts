import type { Operation } from '../../ops/operation.js';
import type { SchemaModel } from '../../schema/model.js';
import { AthanorError, errorMessage } from '../../util/errors.js';
import { compileOperation } from '../ddl/compile.js';
import type { Driver } from '../connection/driver.js';
import { TX } from '../locks/lock.js';
import { reflectSchema, type ReflectOptions } from '../reflect.js';

/** How long a tried rename waits for a table lock before autogenerate gives up. */
const TRIAL_LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'";

/**
 * The database as it would be after `renames`: they run in a transaction
 * that is always rolled back, and the database is reflected inside it. So
 * Postgres itself says what follows a rename (constraints and indexes on a
 * renamed column, views over it, defaults that call a renamed sequence) and
 * the rest of the comparison starts from there.
 */
export async function reflectRenamed(
  driver: Driver,
  renames: readonly Operation[],
  options: ReflectOptions,
): Promise<SchemaModel> {
  await driver.exec(TX.begin);
  try {
    await driver.exec(TRIAL_LOCK_TIMEOUT);
    for (const op of renames) {
      for (const statement of compileOperation(op)) {
        try {
          await driver.query(statement.sql, statement.params);
        } catch (error) {
          throw new AthanorError(
            'rename-failed',
            `trying \`${statement.sql}\` failed: ${errorMessage(error)}; check the renames asked for`,
            { cause: error },
          );
        }
      }
    }
    return await reflectSchema(driver, options);
  } finally {
    await driver.exec(TX.rollback).catch(() => undefined);
  }
}
