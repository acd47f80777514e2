import chalk from 'chalk';
import type { Command } from 'commander';
import type { FleetFlags, FleetProgress, TenantOutcome } from '../commands/shared/fleet.js';
import { AthanorError } from '../util/errors.js';
import { printable } from '../util/printable.js';
import { EXIT } from './context.js';
import type { Output } from './output.js';

/** The fleet options as commander parses them. */
export interface FleetOptionValues {
  tenants?: string;
  concurrency?: string;
  canary?: string;
  continueOnError?: boolean;
  json?: boolean;
}

/** Adds `--tenants`, `--concurrency`, `--canary` and `--continue-on-error` to a command. */
export function withFleetOptions(command: Command): Command {
  return command
    .option('--tenants <which>', "run on the fleet's tenants: all, NAME,NAME or a pattern such as 'eu-*'")
    .option('--concurrency <n>', 'with --tenants: at most N tenants (and connections) at once (default 4)')
    .option('--canary <n>', 'with --tenants: run N tenants first and stop if any of them fails')
    .option('--continue-on-error', 'with --tenants: go on with the other tenants when one fails');
}

function whole(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new AthanorError('bad-option', `${option} takes a whole number, got "${value}"`);
  return Number(value);
}

/** The fleet flags of a command line; a live progress line when stderr is a terminal and no JSON is asked for. */
export function fleetFlags(out: Output, o: FleetOptionValues & { tenants: string }): FleetFlags {
  const concurrency = whole(o.concurrency, '--concurrency');
  const canary = whole(o.canary, '--canary');
  const progress = o.json ? undefined : out.progress;
  return {
    tenants: o.tenants,
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(canary !== undefined ? { canary } : {}),
    ...(o.continueOnError ? { continueOnError: true } : {}),
    ...(progress ? { onProgress: progressLine(progress) } : {}),
  };
}

/** Fleet options given to a command that runs without --tenants are a mistake, not something to ignore. */
export function refuseStrayFleetOptions(o: FleetOptionValues): void {
  const stray = [
    o.concurrency && '--concurrency',
    o.canary && '--canary',
    o.continueOnError && '--continue-on-error',
  ].filter(Boolean);
  if (stray.length > 0)
    throw new AthanorError(
      'bad-option',
      `${stray.join(', ')} work only with --tenants; add --tenants all (or NAME,NAME)`,
    );
}

/** `done / failed / running` and an estimate of the time left, at most ten times a second. */
function progressLine(write: (line: string | null) => void): (p: FleetProgress) => void {
  let last = 0;
  return (p) => {
    const finished = p.done + p.failed;
    if (finished < p.total && p.elapsed - last < 100) return;
    last = p.elapsed;
    const left = finished === 0 ? '?' : `${Math.ceil(((p.elapsed / finished) * (p.total - finished)) / 1000)}s`;
    write(
      finished === p.total
        ? null
        : `tenants: ${finished}/${p.total}  done ${p.done}  failed ${p.failed}  running ${p.running}  ETA ${left}`,
    );
  };
}

/** What one command shows of a tenant's result: its JSON fields, and the cells of its summary row. */
export interface TenantView<T> {
  record(result: T): Record<string, unknown>;
  /** The headers of the two version columns: `from` and `to` unless given; a column headed '' with no cells is left out. */
  columns?: readonly [string, string];
  cells(result: T): { from: string; to: string; note?: string };
  /**
   * The table's status of a tenant that ran, one of `outcomes`, with what the
   * summary line counts (`['match', ...]`); `done` unless given. The JSON keeps `done`.
   */
  status?: { of(result: T): string; counted: readonly (readonly [word: string, summary: string])[] };
  /** True when the tenant ran but differs (check, verify): exit 1. */
  differs?(result: T): boolean;
}

/** Version rows as the table shows them: `base` for none. */
export const versionsText = (ids: string[]): string => ids.join(',') || 'base';

/** The records (`--json`) or the summary table of a fleet run, and its exit code. */
export function printFleet<T>(out: Output, outcomes: TenantOutcome<T>[], asJson: boolean, view: TenantView<T>): void {
  out.progress?.(null);
  if (asJson) {
    const records = outcomes.map((o) => ({
      tenant: o.tenant,
      status: o.status,
      ...(o.result !== undefined ? view.record(o.result) : (o.versions ?? {})),
      durationMs: o.milliseconds,
      error: o.error ?? null,
      errorCode: o.errorCode ?? null,
    }));
    out.stdout(JSON.stringify(records, null, 2));
  } else {
    printTable(out, outcomes, view);
  }
  const differing = outcomes.some((o) => o.result !== undefined && view.differs?.(o.result));
  out.exitCode = outcomes.some((o) => o.status !== 'done') ? EXIT.error : differing ? EXIT.differences : EXIT.ok;
}

const MAX_ROWS = 100;

function printTable<T>(out: Output, outcomes: TenantOutcome<T>[], view: TenantView<T>): void {
  const statusOf = (o: TenantOutcome<T>): string =>
    o.result !== undefined && view.status ? view.status.of(o.result) : o.status;
  const rows = outcomes.map((o) => {
    const cells =
      o.result !== undefined
        ? view.cells(o.result)
        : {
            from: o.versions ? versionsText(o.versions.from) : '',
            to: o.versions?.to ? versionsText(o.versions.to) : '',
          };
    const note = o.error !== undefined ? `[${o.errorCode ?? 'unexpected'}] ${o.error}` : (cells.note ?? '');
    return [printable(o.tenant), statusOf(o), cells.from, cells.to, `${o.milliseconds} ms`, printable(note)];
  });
  const notable = (o: TenantOutcome<T>): boolean =>
    o.status !== 'done' || (o.result !== undefined && !!view.differs?.(o.result));
  const shown = rows.length <= MAX_ROWS ? rows : rows.filter((_, i) => notable(outcomes[i]!));
  const [from, to] = view.columns ?? ['from', 'to'];
  const full = [['tenant', 'status', from, to, 'time', ''], ...shown];
  const kept = full[0]!.map((_, c) => c === full[0]!.length - 1 || full.some((r) => r[c] !== ''));
  const table = full.map((r) => r.filter((_, c) => kept[c]));
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const [i, row] of table.entries()) {
    const line = row
      .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
    const failed = i > 0 && (shown[i - 1]![1] === 'failed' || shown[i - 1]![1] === 'skipped');
    out.stdout(i === 0 ? chalk.bold(line) : failed ? chalk.red(line) : line);
  }
  if (shown.length < rows.length)
    out.stdout(chalk.dim(`(${rows.length - shown.length} more tenants done; --json lists every tenant)`));
  const count = (status: string) => outcomes.filter((o) => o.status === status).length;
  const ran = (view.status?.counted ?? [['done', 'done']]).map(
    ([word, summary]) => `${outcomes.filter((o) => o.status === 'done' && statusOf(o) === word).length} ${summary}`,
  );
  out.stdout(
    `${outcomes.length} tenant(s): ${[...ran, `${count('failed')} failed`, `${count('skipped')} not started`].join(', ')}`,
  );
}
