import type { CommandOptions, NoticeHandler } from '../commands/project.js';
import type { Output } from './output.js';

/* Commands load on demand, so `upgrade` never loads the diff and render code. */
export const commands = {
  check: () => import('../commands/check.js'),
  inspect: () => import('../commands/inspect.js'),
  init: () => import('../commands/init.js'),
  lint: () => import('../commands/lint.js'),
  merge: () => import('../commands/merge.js'),
  pull: () => import('../commands/pull.js'),
  revision: () => import('../commands/revision.js'),
  show: () => import('../commands/show.js'),
  stamp: () => import('../commands/stamp.js'),
  upgrade: () => import('../commands/upgrade.js'),
  verify: () => import('../commands/verify.js'),
};

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
