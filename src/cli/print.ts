import { relative } from 'node:path';
import chalk from 'chalk';
import type { CheckResult } from '../commands/compare/check.js';
import type { BranchesResult, CurrentResult, RevisionInfo } from '../commands/revisions/inspect.js';
import type { InitResult } from '../commands/revisions/init.js';
import type { LintResult } from '../commands/apply/lint.js';
import type { MergeResult } from '../commands/revisions/merge.js';
import type { PullResult } from '../commands/compare/pull.js';
import type { RevisionResult, SizedHazard } from '../commands/revisions/revision.js';
import type { ShownRevision } from '../commands/revisions/show.js';
import type { StampResult } from '../commands/apply/stamp.js';
import type { TestResult } from '../commands/apply/test.js';
import type { MigrateResult } from '../commands/apply/upgrade.js';
import type { VerifyResult } from '../commands/apply/verify.js';
import type { OfflineScript } from '../runtime/run/offline.js';
import { printable } from '../util/printable.js';
import type { Output } from './output.js';

/** A path relative to the working folder when it is inside it; absolute otherwise. */
const rel = (path: string) => {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') ? inside : path;
};
const json = (out: Output, value: unknown) => out.stdout(JSON.stringify(value, null, 2));

export function init(out: Output, result: InitResult): void {
  for (const path of result.created) out.stdout(`Created ${rel(path)}`);
}

export function pull(out: Output, result: PullResult): void {
  out.stdout(`Wrote ${rel(result.path)}: ${result.tables} table(s), ${result.enums} enum(s)`);
  const byKind = new Map<string, string[]>();
  for (const object of result.unmodeled) byKind.set(object.kind, [...(byKind.get(object.kind) ?? []), object.name]);
  for (const [kind, names] of byKind)
    out.stdout(chalk.yellow(`  not modeled: ${names.length} ${kind}(s): ${printable(names.join(', '))}`));
  if (byKind.size > 0)
    out.stdout(
      chalk.yellow(
        `  kept as SQL comments at the end of ${rel(result.path)}; apply them in a revision with op.execute(...)`,
      ),
    );
}

export function revision(out: Output, result: RevisionResult): void {
  if (!result.written) {
    out.stdout('No changes; no revision written (--allow-empty writes one anyway)');
    for (const note of result.unsupported) out.stdout(chalk.yellow(`  not written: ${printable(note)}`));
    return;
  }
  if (result.split === undefined) out.stdout(`Wrote ${rel(result.path)} (${result.operations.length} operation(s))`);
  else {
    out.stdout(`Wrote ${result.operations.length} operation(s), ${printable(result.split.reason)}:`);
    for (const written of result.split.revisions) out.stdout(`  ${rel(written.path)}`);
  }
  for (const change of result.detected ?? []) out.stdout(`  Detected: ${printable(change)}`);
  for (const hazard of result.hazards)
    out.stdout(chalk.red.bold(`  DESTRUCTIVE: ${printable(hazard)}; review before applying`));
  for (const risk of result.risks ?? [])
    out.stdout(chalk.yellow(`  HAZARD [${risk.code}]: ${printable(risk.message)}${sizeNote(risk)}`));
  for (const note of result.unsupported) out.stdout(chalk.yellow(`  not written: ${printable(note)}`));
  for (const hook of result.hooks ?? []) out.stdout(chalk.dim(`  ran ${hook}`));
}

export function merge(out: Output, result: MergeResult): void {
  out.stdout(`Wrote ${rel(result.path)}: merges ${result.downRevisions.join(', ')} into ${result.revision}`);
  for (const hook of result.hooks) out.stdout(chalk.dim(`  ran ${hook}`));
}

export function migrate(out: Output, result: MigrateResult, verb: 'upgrade' | 'downgrade'): void {
  if (result.steps.length === 0) out.stdout(`Nothing to ${verb}.`);
  out.stdout(`Database is at ${result.current.join(', ') || 'base'}.`);
}

/** The script alone on stdout, byte for byte, so that `> file.sql` or `| psql` takes it as it is. */
export function script(out: Output, result: OfflineScript): void {
  out.stdout(result.sql.replace(/\n$/, ''), 'document');
}

export function stamp(out: Output, result: StampResult): void {
  if (result.added.length > 0) out.stdout(`Stamped as applied (nothing ran): ${result.added.join(', ')}`);
  if (result.removed.length > 0) out.stdout(`Stamped as not applied (nothing ran): ${result.removed.join(', ')}`);
  out.stdout(`Database is at ${result.current.join(', ') || 'base'}.`);
}

/** `rev (labels) (head) (branchpoint) (mergepoint) (current)`, as Alembic marks them. */
function marked(r: RevisionInfo): string {
  const labels = r.branchLabels.length > 0 ? ` (${r.branchLabels.join(', ')})` : '';
  const marks = [
    r.isHead && 'head',
    r.isBranchPoint && 'branchpoint',
    r.isMerge && 'mergepoint',
    r.isCurrent && 'current',
    r.replaces && `squash of ${r.replaces.length}`,
    r.replacedBy && `replaced by ${r.replacedBy}`,
  ].filter(Boolean);
  return `${chalk.bold(r.revision)}${labels}${marks.map((m) => ` (${m})`).join('')}`;
}

function oneLine(r: RevisionInfo): string {
  const down =
    r.downRevisions.length === 0
      ? '<base>'
      : r.downRevisions.length > 1
        ? `(${r.downRevisions.join(', ')})`
        : r.downRevisions[0]!;
  return `${down} -> ${marked(r)}, ${r.message.split('\n')[0]}`;
}

function details(
  r: RevisionInfo & {
    appliedAt?: string | null;
    durationMs?: number | null;
    children?: string[];
    dependents?: string[];
  },
): string[] {
  const lines = [`Rev: ${marked(r)}`];
  if (r.downRevisions.length > 1) lines.push(`Merges: ${r.downRevisions.join(', ')}`);
  else lines.push(`Parent: ${r.downRevisions[0] ?? '<base>'}`);
  if (r.children && r.children.length > 1) lines.push(`Branches into: ${r.children.join(', ')}`);
  if (r.branchLabels.length > 0) lines.push(`Branch names: ${r.branchLabels.join(', ')}`);
  if (r.dependsOn.length > 0) lines.push(`Depends on: ${r.dependsOn.join(', ')}`);
  if (r.dependents && r.dependents.length > 0) lines.push(`Needed by: ${r.dependents.join(', ')}`);
  if (r.replaces) lines.push(`Replaces: ${r.replaces.join(', ')}`);
  if (r.replacedBy) lines.push(`Replaced by: ${r.replacedBy}`);
  if (!r.transactional) lines.push('Transactional: no (uses op.autocommit)');
  if (r.createDate) lines.push(`Created: ${r.createDate}`);
  lines.push(`Path: ${rel(r.path)}`);
  if (r.appliedAt) lines.push(`Applied: ${r.appliedAt}${r.durationMs != null ? ` (${r.durationMs} ms)` : ''}`);
  lines.push('', ...r.message.split('\n').map((line) => `    ${line}`), '');
  return lines;
}

/** While an expand is in flight: the two versions served, each with where a connection finds it. */
function servedVersions(out: Output, result: CurrentResult): void {
  const { expand } = result;
  if (expand === undefined) return;
  out.stdout(
    `Serving two versions: the old one (${result.current.join(', ') || 'base'}) on the tables as they are, ` +
      `the new one (${expand.revisions.join(', ')}, ${expand.phase} since ${expand.startedAt}) in schema ${expand.versionSchema} ` +
      `(search_path = ${expand.versionSchema}, public)` +
      (expand.replacing === undefined
        ? '.'
        : `; schema ${expand.replacing} serves the revisions expanded before until this expand finishes.`),
  );
}

/** What `upgrade --expand`, `contract` and `abort` did. */
export function expanded(
  out: Output,
  result: { revisions: string[]; versionSchema: string; resumed: boolean },
  verb: 'expand' | 'contract' | 'abort',
): void {
  const revisions = result.revisions.join(', ');
  const again = result.resumed ? ' (finishing the run that stopped)' : '';
  switch (verb) {
    case 'expand':
      return out.stdout(
        `Expanded ${revisions}${again}: the old version on the tables as they are, the new one in schema ${result.versionSchema}. Run \`migrate contract\` once the old version is gone, or \`migrate abort\`.`,
      );
    case 'contract':
      return out.stdout(
        `Contracted ${revisions}${again}: the tables have the new shape; schema ${result.versionSchema} is gone.`,
      );
    case 'abort':
      return out.stdout(`Aborted ${revisions}${again}: the tables have the old shape, every write kept.`);
  }
}

export function current(out: Output, result: CurrentResult, asJson: boolean, verbose: boolean): void {
  if (asJson) return json(out, result);
  servedVersions(out, result);
  if (result.current.length === 0) return out.stdout('base (no revision applied)');
  for (const id of result.current) {
    const info = result.revisions.find((r) => r.revision === id);
    if (!info) {
      out.stdout(`${id}  (no file defines this revision)`);
      continue;
    }
    if (verbose) for (const line of details(info)) out.stdout(line);
    else
      out.stdout(
        `${id}${info.branchLabels.length ? ` (${info.branchLabels.join(', ')})` : ''}${info.isHead ? ' (head)' : ''}${info.replacedBy ? ` (replaced by ${info.replacedBy}: \`migrate upgrade head\` goes on from here)` : ''}  ${info.message.split('\n')[0]}`,
      );
  }
}

export function revisions(out: Output, list: RevisionInfo[], asJson: boolean, verbose: boolean): void {
  if (asJson) return json(out, list);
  if (list.length === 0) return out.stdout('No revisions.');
  for (const r of list) {
    if (verbose) for (const line of details(r)) out.stdout(line);
    else out.stdout(oneLine(r));
  }
}

export function show(out: Output, list: ShownRevision[], asJson: boolean): void {
  if (asJson) return json(out, list);
  if (list.length === 0) return out.stdout('No revision (base).');
  for (const r of list) for (const line of details(r)) out.stdout(line);
}

export function branches(out: Output, result: BranchesResult, asJson: boolean, verbose: boolean): void {
  if (asJson) return json(out, result);
  if (result.branchPoints.length === 0 && result.labels.length === 0)
    return out.stdout('No branch points and no branch labels.');
  for (const point of result.branchPoints) {
    if (verbose)
      for (const line of details({ ...point, children: point.children.map((c) => c.revision) })) out.stdout(line);
    else out.stdout(oneLine(point));
    for (const child of point.children) out.stdout(`    -> ${marked(child)}, ${child.message.split('\n')[0]}`);
  }
  for (const label of result.labels) {
    out.stdout(`${chalk.bold(label.label)}: declared by ${label.revision}; head ${label.heads.join(', ') || '(none)'}`);
  }
}

export function check(out: Output, result: CheckResult, asJson: boolean): void {
  if (asJson)
    return json(out, {
      clean: result.clean,
      atHead: result.atHead,
      current: result.current,
      heads: result.heads,
      differences: result.differences,
      renames: result.renames,
    });
  if (!result.atHead) out.stdout(chalk.yellow(notAtHead(result)));
  if (result.clean) return out.stdout('No differences: the database matches the model.');
  out.stdout(`${result.differences.length} difference(s) between the model and the database:`);
  for (const line of result.differences) out.stdout(`  - ${printable(line)}`);
  if (result.renames.length === 0) return;
  out.stdout(
    chalk.yellow(
      `${result.renames.filter((c) => c.rank === 1).length} possible rename(s), dropped and created above until decided on \`revision --autogenerate\`:`,
    ),
  );
  // Ranks count within what is gone: an object with several candidates heads its own numbered list; one with
  // a single candidate is a plain item.
  const line = (c: CheckResult['renames'][number]): string =>
    `${c.kind} ${printable(c.from)} -> ${printable(c.to)} (match ${Math.round(c.score * 100)}%): ${printable(c.rename)} or ${printable(c.keep)}`;
  for (const [i, c] of result.renames.entries()) {
    const several = c.rank > 1 || result.renames[i + 1]?.rank === 2;
    if (several && c.rank === 1) out.stdout(`  ${c.kind} ${printable(c.from)} is gone; its candidates, best first:`);
    out.stdout(several ? `    ${c.rank}. ${line(c)}` : `  - ${line(c)}`);
  }
}

/** Where the database is against the heads of the revision files, and what to run. */
function notAtHead(result: CheckResult): string {
  const at = (ids: string[]): string => ids.join(', ') || 'base';
  // With several heads, `upgrade head` is refused: `upgrade heads` reaches them all.
  const head = result.heads.length > 1 ? 'heads' : 'head';
  return result.behind
    ? `The database is at ${at(result.current)}, behind the ${head} of the revision files (${at(result.heads)}): run \`migrate upgrade ${head}\`.`
    : `The database is at ${at(result.current)}, not at the ${head} of the revision files (${at(result.heads)}): see \`migrate current\` and \`migrate heads\`.`;
}

export function verify(out: Output, result: VerifyResult, asJson: boolean): void {
  if (asJson) return json(out, result);
  for (const id of result.accepted) out.stdout(`Accepted the current file of ${id}.`);
  const problems = result.revisions.filter((e) => e.status === 'edited' || e.status === 'missing');
  const unrecorded = result.revisions.filter((e) => e.status === 'unrecorded');
  for (const entry of problems) {
    out.stdout(
      entry.status === 'edited'
        ? chalk.red(
            `edited: ${entry.revision} (${rel(entry.path!)}) changed since it was applied${entry.appliedAt ? ` at ${entry.appliedAt}` : ''}`,
          )
        : chalk.red(`missing: ${entry.revision} is applied and no file defines it`),
    );
  }
  for (const entry of unrecorded)
    out.stdout(
      chalk.yellow(
        `unrecorded: ${entry.revision} has no checksum on record (applied before the history table, or stamped without a file)`,
      ),
    );
  const checked = result.revisions.length;
  out.stdout(
    result.ok
      ? `Verified ${checked} applied revision(s): every file is the one that was applied.`
      : `${problems.length} of ${checked} applied revision(s) do not match; restore the files, or record them with \`migrate verify --accept\``,
  );
}

/** `` (public.events, ~48M rows, 12 GB)`` for a hazard on an existing table. */
function sizeNote(risk: SizedHazard): string {
  if (!risk.table || !risk.size) return '';
  const { rows, size } = risk.size;
  return printable(
    ` (${risk.table.schema}.${risk.table.name}, ${rows === null ? 'rows unknown until the table is analyzed' : `~${roughCount(rows)} rows`}, ${size})`,
  );
}

function roughCount(n: number): string {
  if (n >= 1e9) return `${Math.round(n / 1e8) / 10}G`;
  if (n >= 1e6) return `${Math.round(n / 1e5) / 10}M`;
  if (n >= 1e3) return `${Math.round(n / 1e2) / 10}k`;
  return String(Math.round(n));
}

/** One line per hazard, `REV PATH: [code] message`, the SQL statement under it, then a summary. */
export function lint(out: Output, result: LintResult, asJson: boolean, failOn: readonly string[]): void {
  if (asJson) return json(out, result);
  let total = 0;
  let failing = 0;
  let acknowledged = 0;
  // The operations `upgrade --expand` cannot serve are told apart: a note, not a hazard, unless failed on.
  let notExpandable = 0;
  for (const { revision, path, hazards } of result.revisions) {
    for (const h of hazards) {
      const informational = h.kind === 'expand';
      if (informational) notExpandable++;
      else {
        total++;
        if (h.acknowledged) acknowledged++;
      }
      const fails = !h.acknowledged && failOn.includes(h.kind);
      if (fails) failing++;
      const line = `${revision} ${path}: [${h.code}] ${printable(h.message)}${h.acknowledged ? ' (acknowledged)' : ''}`;
      out.stdout(
        h.acknowledged ? chalk.dim(line) : fails ? chalk.red(line) : informational ? line : chalk.yellow(line),
      );
      if (h.statement !== undefined) out.stdout(chalk.dim(`    in: ${printable(flatSql(h.statement))}`));
    }
  }
  const replaced = result.revisions.filter((r) => r.replacedBy !== undefined).length;
  const covers =
    replaced === 0 ? '' : `, ${replaced} of them replaced by a squash and run by databases inside its range`;
  const expand = notExpandable === 0 ? '' : `; ${notExpandable} operation(s) upgrade --expand cannot serve`;
  const summary = `Linted ${result.revisions.length} revision(s)${covers}: ${total} hazard(s), ${acknowledged} acknowledged${expand}.`;
  if (!result.failed) return out.stdout(summary);
  out.stdout(
    `${summary} ${failing} not acknowledged of the families ${failOn.join(', ')}: change the revision, or list them in its \`export const acknowledged = [...]\``,
  );
}

function flatSql(sql: string, max = 160): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** `migrate test`: a line per check, and under a failed one a line per failure (the revision and its file first). */
export function test(out: Output, result: TestResult, asJson: boolean): void {
  if (asJson) return json(out, result);
  for (const check of result.checks) {
    const mark = check.ok ? chalk.green('ok  ') : chalk.red('FAIL');
    out.stdout(`${mark} ${printable(check.title)} (${check.milliseconds} ms)`);
    for (const f of check.failures)
      out.stdout(`       ${f.revision === null ? '' : `${f.revision} (${f.file}): `}${printable(f.message)}`);
  }
  const failed = result.checks.filter((c) => !c.ok).length;
  out.stdout(
    failed === 0
      ? `All ${result.checks.length} checks passed on ${result.database}.`
      : chalk.red(`${failed} of ${result.checks.length} checks failed on ${result.database}.`),
  );
}
