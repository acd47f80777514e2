import type { CommandOptions, NoticeHandler } from '../commands/shared/project.js';
import type { Output } from './output.js';

/* Commands load on demand, so `upgrade` never loads the diff and render code. */
export const commands = {
  check: () => import('../commands/compare/check.js'),
  inspect: () => import('../commands/revisions/inspect.js'),
  init: () => import('../commands/revisions/init.js'),
  lint: () => import('../commands/apply/lint.js'),
  merge: () => import('../commands/revisions/merge.js'),
  pull: () => import('../commands/compare/pull.js'),
  revision: () => import('../commands/revisions/revision.js'),
  show: () => import('../commands/revisions/show.js'),
  stamp: () => import('../commands/apply/stamp.js'),
  upgrade: () => import('../commands/apply/upgrade.js'),
  verify: () => import('../commands/apply/verify.js'),
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
