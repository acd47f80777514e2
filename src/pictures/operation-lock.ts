import { compileOperation } from '../pg/ddl/compile.js';
import type { Operation } from '../ops/operation.js';
import { statementLock, strongerLock, type LockMode } from '../ops/statement-locks.js';

/** The strongest table lock the statements an operation compiles to take. */
export async function operationLock(op: Operation): Promise<LockMode> {
  let lock: LockMode = 'none';
  for (const statement of compileOperation(op)) lock = strongerLock(lock, await statementLock(statement.sql));
  return lock;
}
