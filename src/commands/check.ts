import { describeOperation } from '../ops/describe.js';
import type { Operation } from '../ops/operation.js';
import { diffDatabase } from './diff.js';
import { withDatabase, type CommandOptions, type NoticeHandler } from './project.js';

export interface CheckResult {
  /** True when the database matches the model exactly. */
  clean: boolean;
  operations: Operation[];
  /** One line per difference: each pending operation, then each unsupported change. */
  differences: string[];
}

/** `migrate check`: compares the model with the database; the CLI exits 1 when they differ. */
export function check(options: CommandOptions, notify?: NoticeHandler): Promise<CheckResult> {
  return withDatabase(options, notify, async (config, driver) => {
    const diff = await diffDatabase(config, driver);
    const differences = [...diff.operations.map(describeOperation), ...diff.unsupported];
    return { clean: differences.length === 0, operations: diff.operations, differences };
  });
}
