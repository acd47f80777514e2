import { downgradeHazards, revisionHazards, type Hazard } from '../../ops/hazards.js';
import { isOnline, onlineEnd, onlineStart, type Operation } from '../../ops/operation.js';
import type { DowngradePlan, Reversal } from '../steps.js';
import { lineComment } from '../../util/line-comment.js';
import { renderOperations } from './render-operations.js';
import { renderString } from '../../util/render-value.js';

const INDENT = '  ';

/**
 * One statement an operation runs, as the DDL compiler gives it: its SQL, and
 * `when` for a statement that runs only when a query says so (a repair a
 * rerun may need).
 */
export interface RunStatement {
  readonly sql: string;
  readonly when?: unknown;
}

export interface RenderBodyOptions {
  /** The run's lock_timeout, which grades the locks (`revisionHazards`). */
  readonly lockTimeout?: string | null;
  /**
   * The statements that carry out an operation, from the compiler that runs
   * it: an online call (`online: true`) is written after a `// Runs:` comment
   * listing them, one line each. Without it, no such comment is written.
   */
  readonly statements?: (op: Operation) => readonly RunStatement[];
}

/**
 * The statements of a revision's `upgrade`, indented for its body: one per
 * operation, preceded by a comment for each of its hazards (`// DESTRUCTIVE:`
 * for data loss, `// HAZARD:` for the others, the code in brackets) and, for
 * an online one, the SQL it runs (`// Runs:`); '' for no operations.
 */
export function renderUpgradeBody(operations: readonly Operation[], options: RenderBodyOptions = {}): string {
  const hazards = revisionHazards(operations, { lockTimeout: options.lockTimeout });
  const split = onlineStart(operations);
  const end = onlineEnd(operations);
  const rendered = operations.map((op, i) => {
    const indent = i >= split && i < end ? INDENT + INDENT : INDENT;
    return [
      ...hazards[i]!.flatMap((h) => hazardComment(h, indent)),
      ...runsComment(op, indent, options.statements),
      renderOperations([op], indent),
    ].join('\n');
  });
  return [...rendered.slice(0, split), ...autocommitBlock(rendered.slice(split, end)), ...rendered.slice(end)].join(
    '\n',
  );
}

/**
 * `// Runs:` and a line for each statement of an online call (`online: true`),
 * one that runs only when needed marked so; none for the others. A backfill,
 * which runs in batches its call describes, has none.
 */
function runsComment(op: Operation, indent: string, statements: RenderBodyOptions['statements']): string[] {
  if (statements === undefined || !('online' in op) || op.online !== true) return [];
  return [
    ...lineComment('Runs:', indent),
    ...statements(op).flatMap((statement) =>
      lineComment(`  ${statement.when === undefined ? '' : 'when a rerun needs it: '}${statement.sql}`, indent),
    ),
  ];
}

function hazardComment(hazard: Hazard, indent: string): string[] {
  return lineComment(
    `${hazard.kind === 'data-loss' ? 'DESTRUCTIVE' : 'HAZARD'}: ${hazard.message} [${hazard.code}]`,
    indent,
  );
}

/** Whether a revision with these operations must be marked `transactional = false`. */
export function needsAutocommit(operations: readonly Operation[]): boolean {
  return operations.some(isOnline);
}

function autocommitBlock(lines: string[]): string[] {
  if (lines.length === 0) return [];
  return [
    ...lineComment(
      'Outside a transaction, so that nothing waits behind a long lock; each step can run again if the run stops part way.',
      INDENT,
    ),
    `${INDENT}await op.autocommit(async () => {`,
    ...lines,
    `${INDENT}});`,
  ];
}

/**
 * The statements of a revision's `downgrade`, from its plan (`downgradePlan`):
 * each reversal after a `// DESTRUCTIVE:` comment when it may lose values in
 * place (`downgradeHazards`). One that cannot be reversed is written as a
 * comment saying why and a `throw`, for the author to replace by hand; where
 * an `op.autocommit` block would commit part of the downgrade before it, the
 * throw goes first, so that nothing runs, and the comment stays in place. An
 * online reversal (an index dropped or built concurrently) has its `// Runs:`
 * comment, in an `op.autocommit` block.
 */
export function renderDowngradeBody(plan: DowngradePlan, options: RenderBodyOptions = {}): string {
  // The autocommit block commits what runs before it and itself: a throw after it would leave that done.
  const late = plan.onlineConcurrent.length === 0 ? [] : plan.rest.flatMap((r) => ('irreversible' in r ? [r] : []));
  const first = late[0]?.irreversible;
  const options_ = { ...options, hoisted: first !== undefined };
  return [
    ...(first === undefined
      ? []
      : [
          ...lineComment(
            'Stops before anything runs: its op.autocommit block would commit what came before the step below that cannot be reversed.',
            INDENT,
          ),
          `${INDENT}throw new Error(${renderString(first)});`,
        ]),
    ...plan.onlinePlain.flatMap((r) => reversedLines(r, INDENT, options_)),
    ...autocommitBlock(plan.onlineConcurrent.flatMap((r) => reversedLines(r, INDENT + INDENT, options_))),
    ...plan.rest.flatMap((r) => reversedLines(r, INDENT, options_)),
  ].join('\n');
}

function reversedLines(
  reversal: Reversal,
  indent: string,
  options: RenderBodyOptions & { hoisted: boolean },
): string[] {
  if ('irreversible' in reversal) {
    const why = reversal.irreversible;
    // With the throw at the top, only the comment marks where the step written by hand goes.
    if (options.hoisted) return lineComment(why, indent);
    return [...lineComment(why, indent), `${indent}throw new Error(${renderString(why)});`];
  }
  const reversed = reversal.op;
  return [
    ...downgradeHazards(reversed).flatMap((h) => hazardComment(h, indent)),
    ...runsComment(reversed, indent, options.statements),
    renderOperations([reversed], indent),
  ];
}
