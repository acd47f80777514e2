import type { CommandOptions, NoticeHandler } from '../commands/shared/project.js';
import type { Output } from './output.js';

export { commands } from '../commands/modules.js';

/** Exit codes: 0 success, 1 `check` found differences, `verify` edited files or `lint --fail-on` an unacknowledged hazard, 2 any error. */
export const EXIT = { ok: 0, differences: 1, error: 2 } as const;

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** What every command's action needs from the program. */
export interface CliContext {
  out: Output;
  opts(): CommandOptions;
  verbose(): boolean;
  notify: NoticeHandler;
  example(...lines: string[]): string;
}
