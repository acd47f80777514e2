import { relative } from 'node:path';
import chalk from 'chalk';
import type { CheckResult } from '../commands/check.js';
import type { CurrentResult, RevisionInfo } from '../commands/inspect.js';
import type { InitResult } from '../commands/init.js';
import type { PullResult } from '../commands/pull.js';
import type { RevisionResult } from '../commands/revision.js';
import type { MigrateResult } from '../commands/upgrade.js';
import type { Output } from './output.js';

const rel = (path: string) => relative(process.cwd(), path) || path;

export function init(out: Output, result: InitResult): void {
  for (const path of result.created) out.stdout(`Created ${rel(path)}`);
}

export function pull(out: Output, result: PullResult): void {
  out.stdout(`Wrote ${rel(result.path)}: ${result.tables} table(s), ${result.enums} enum(s)`);
}

export function revision(out: Output, result: RevisionResult): void {
  out.stdout(`Wrote ${rel(result.path)} (${result.operations.length} operation(s))`);
  for (const hazard of result.hazards) out.stdout(chalk.red.bold(`  DESTRUCTIVE: ${hazard}; review before applying`));
  for (const note of result.unsupported) out.stdout(chalk.yellow(`  not written: ${note}`));
}

export function migrate(out: Output, result: MigrateResult, verb: 'upgrade' | 'downgrade'): void {
  if (result.steps.length === 0) out.stdout(`Nothing to ${verb}.`);
  out.stdout(`Database is at ${result.current.join(', ') || 'base'}.`);
}

export function current(out: Output, result: CurrentResult, json: boolean): void {
  if (json) return out.stdout(JSON.stringify(result, null, 2));
  if (result.current.length === 0) return out.stdout('base (no revision applied)');
  for (const id of result.current) {
    const info = result.revisions.find((r) => r.revision === id);
    out.stdout(`${id}${info?.isHead ? ' (head)' : ''}${info ? `  ${info.message}` : '  (no file defines this revision)'}`);
  }
}

export function revisions(out: Output, list: RevisionInfo[], json: boolean): void {
  if (json) return out.stdout(JSON.stringify(list, null, 2));
  if (list.length === 0) return out.stdout('No revisions yet.');
  for (const r of list) {
    const down = r.downRevisions.join(', ') || '<base>';
    out.stdout(`${down} -> ${chalk.bold(r.revision)}${r.isHead ? ' (head)' : ''}, ${r.message}`);
  }
}

export function check(out: Output, result: CheckResult, json: boolean): void {
  if (json) return out.stdout(JSON.stringify({ clean: result.clean, differences: result.differences }, null, 2));
  if (result.clean) return out.stdout('No differences: the database matches the model.');
  out.stdout(`${result.differences.length} difference(s) between the model and the database:`);
  for (const line of result.differences) out.stdout(`  - ${line}`);
}
