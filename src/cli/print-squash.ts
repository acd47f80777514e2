import { relative } from 'node:path';
import chalk from 'chalk';
import type { PruneResult, SquashResult } from '../commands/revisions/squash.js';
import { printable } from '../util/printable.js';
import type { Output } from './output.js';

/** A path relative to the working folder when it is inside it; absolute otherwise. */
const rel = (path: string): string => {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') ? inside : path;
};

export function squash(out: Output, result: SquashResult): void {
  const replaced = result.replaces;
  out.stdout(
    `Wrote ${rel(result.path)}: ${result.revision} squashes ${replaced.length} revision(s), ${replaced[0]} .. ${replaced.at(-1)}, from ${result.base ?? 'base'} (${result.operations.length} operation(s))`,
  );
  for (const step of result.dropped)
    out.stdout(
      chalk.yellow(
        `  left out of the squash: ${printable(`${step.revision} (${step.file}): ${step.calls.join('; ')}`)}`,
      ),
    );
  for (const hook of result.hooks) out.stdout(chalk.dim(`  ran ${hook}`));
}

export function prune(out: Output, result: PruneResult, asJson: boolean): void {
  if (asJson) return out.stdout(JSON.stringify(result, null, 2));
  if (result.squashes.length === 0) return out.stdout('No squash has replaced files left.');
  for (const db of result.databases) {
    if (db.error !== undefined) out.stdout(chalk.red(`${db.name}: cannot be read: ${printable(db.error)}`));
    for (const at of db.inside)
      out.stdout(
        `${db.name}: at ${at.row}, inside squash ${at.squash}${at.atEnd && db.rows.length === 1 ? ` (its end: \`migrate stamp --purge ${at.squash}\` records it at the squash, the same schema)` : ''}`,
      );
  }
  for (const s of result.squashes) {
    if (s.needed.length > 0)
      out.stdout(`${s.revision}: keep its ${s.files.length} replaced file(s): ${s.needed.join(', ')} still need them`);
    else if (result.deletable.length === 0)
      out.stdout(`${s.revision}: keep its replaced files until every database can be read`);
    else {
      out.stdout(`${s.revision}: no database is inside its range; these files can be deleted:`);
      for (const file of s.files) out.stdout(`  ${rel(file)}`);
    }
  }
}
