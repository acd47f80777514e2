import { advisoryLockSql, TX } from '../../pg/locks/lock.js';
import { createBookkeepingSql, type Bookkeeping } from '../../pg/run/version-table.js';
import { AthanorError } from '../../util/errors.js';
import { executeSteps, type StepOptions } from './execute-steps.js';
import { planDowngrade, planStamp, planUpgrade, type Direction } from '../graph/plan.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import { migrationLockKey, writeStamp } from './runner.js';
import { ScriptSession } from './session.js';
import { resolveRevisions } from '../graph/targets.js';

interface OfflineOptions extends Omit<StepOptions, 'onEvent'> {
  graph: RevisionGraph;
}

export interface OfflineScript {
  /** The version rows the script starts from and ends at. */
  from: string[];
  to: string[];
  /** The revisions it runs, in order. */
  revisions: string[];
  sql: string;
}

/**
 * Splits `[FROM:]TO`. Without a database to read, `upgrade --sql` starts at
 * `base` unless told; `downgrade --sql` must be told where it starts.
 */
export function parseRange(range: string, direction: Direction): { from: string; to: string } {
  const colon = range.indexOf(':');
  if (colon === -1) {
    if (direction === 'down') {
      throw new AthanorError(
        'sql-range',
        `downgrade --sql cannot read where the database is; give FROM:TO, e.g. \`migrate downgrade --sql head:${range}\``,
      );
    }
    return { from: 'base', to: range };
  }
  const from = range.slice(0, colon).trim();
  const to = range.slice(colon + 1).trim();
  if (from === '' || to === '')
    throw new AthanorError('sql-range', `"${range}" is not a FROM:TO range; write e.g. base:head or head:base`);
  return { from, to };
}

/** The version rows a `FROM` names: base, heads, a revision, a label... */
function rowsAt(files: RevisionGraph, from: string): string[] {
  const graph = files.forDatabase([from]);
  return graph.headsOf(graph.ancestors(resolveRevisions(graph, from)));
}

/**
 * Writes the SQL script of an upgrade or downgrade without connecting: the
 * advisory lock, the bookkeeping tables, then each revision's statements with
 * BEGIN/COMMIT (per revision, or once) and the version and history rows.
 */
export async function renderMigrationScript(
  options: OfflineOptions,
  direction: Direction,
  range: string,
): Promise<OfflineScript> {
  const { graph } = options;
  const { from, to } = parseRange(range, direction);
  const current = rowsAt(graph, from);
  const steps = direction === 'up' ? planUpgrade(graph, current, to) : planDowngrade(graph, current, to);
  const session = new ScriptSession();
  session.note(`Athanor ${direction === 'up' ? 'upgrade' : 'downgrade'} ${from} -> ${to}`);
  const lock = advisoryLockSql(migrationLockKey(options.tables.version));
  await preamble(session, options.tables, lock.lock);
  const rows = await executeSteps(session, graph, steps, current, options);
  await session.execute(lock.unlock);
  return { from: current, to: rows, revisions: steps.map((s) => s.revision.revision), sql: session.script() };
}

async function preamble(session: ScriptSession, tables: Bookkeeping, lock: { sql: string }): Promise<void> {
  await session.execute(lock);
  for (const statement of createBookkeepingSql(tables)) await session.execute(statement);
}

/** The SQL script of a stamp: `stamp --sql [FROM:]TARGET`. */
export async function renderStampScript(
  options: OfflineOptions,
  range: string,
  purge: boolean,
): Promise<OfflineScript> {
  const { graph } = options;
  const { from, to } = parseRange(range, 'up');
  const previous = purge ? [] : rowsAt(graph, from);
  const plan = planStamp(graph, previous, [to], purge);
  const session = new ScriptSession();
  session.note(`Athanor stamp ${purge ? '--purge ' : ''}${from} -> ${to}`);
  const lock = advisoryLockSql(migrationLockKey(options.tables.version));
  await preamble(session, options.tables, lock.lock);
  await session.execute({ sql: TX.begin });
  await writeStamp(session, graph.forDatabase([...previous, to]), options.tables, previous, plan, purge);
  await session.execute({ sql: TX.commit });
  await session.execute(lock.unlock);
  return { from: previous, to: plan.rows, revisions: plan.added, sql: session.script() };
}
