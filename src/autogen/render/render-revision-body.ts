import { downgradeHazards, revisionHazards, type Hazard } from '../../ops/hazards.js';
import { isOnline, type Operation } from '../../ops/operation.js';
import { reverseOperation } from '../../ops/reverse.js';
import { errorMessage } from '../../util/errors.js';
import { lineComment } from '../../util/line-comment.js';
import { renderOperations } from './render-operations.js';
import { renderString } from '../../util/render-value.js';

const INDENT = '  ';

/**
 * The statements of a revision's `upgrade`, indented for its body: one per
 * operation, preceded by a comment for each of its hazards (`// DESTRUCTIVE:`
 * for data loss, `// HAZARD:` for the others, the code in brackets); '' for
 * no operations. `lockTimeout` is the run's, which grades the locks (`revisionHazards`).
 */
export function renderUpgradeBody(operations: readonly Operation[], lockTimeout?: string | null): string {
  const hazards = revisionHazards(operations, { lockTimeout });
  const split = onlineStart(operations);
  const rendered = operations.map((op, i) => {
    const indent = i >= split ? INDENT + INDENT : INDENT;
    return [...hazards[i]!.flatMap((h) => hazardComment(h, indent)), renderOperations([op], indent)].join('\n');
  });
  return [...rendered.slice(0, split), ...autocommitBlock(rendered.slice(split))].join('\n');
}

function hazardComment(hazard: Hazard, indent: string): string[] {
  return lineComment(
    `${hazard.kind === 'data-loss' ? 'DESTRUCTIVE' : 'HAZARD'}: ${hazard.message} [${hazard.code}]`,
    indent,
  );
}

/**
 * Where the online part of a plan starts (see `onlinePlan`): the first
 * operation that runs outside a transaction; what follows it goes in the
 * same `op.autocommit` block. The length of the list when there is none.
 */
function onlineStart(operations: readonly Operation[]): number {
  const first = operations.findIndex(isOnline);
  return first === -1 ? operations.length : first;
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
 * The statements of a revision's `downgrade`: each operation reversed, last
 * first, after a `// DESTRUCTIVE:` comment when it may lose values in place
 * (`downgradeHazards`). One that cannot be reversed is written as a comment
 * saying why and a `throw`, for the author to replace by hand.
 */
export function renderDowngradeBody(operations: readonly Operation[]): string {
  // The online part is undone first: its plain reversals in a transaction, then its concurrent ones outside.
  const split = onlineStart(operations);
  // A backfill needs no undoing: the change to its columns is undone.
  const undoOnline = operations
    .slice(split)
    .filter((op) => op.kind !== 'backfill')
    .reverse();
  // An index built or dropped concurrently is undone concurrently; a key, check or NOT NULL added online is dropped plainly.
  const concurrent = undoOnline.filter((op) => isOnline(op) && (op.kind === 'createIndex' || op.kind === 'dropIndex'));
  const plain = undoOnline.filter((op) => !concurrent.includes(op));
  const rest = operations.slice(0, split).reverse();
  return [
    ...plain.flatMap((op) => reversedLines(op, INDENT)),
    ...autocommitBlock(concurrent.flatMap((op) => reversedLines(op, INDENT + INDENT))),
    ...rest.flatMap((op) => reversedLines(op, INDENT)),
  ].join('\n');
}

function reversedLines(op: Operation, indent: string): string[] {
  try {
    const reversed = reverseOperation(op);
    return [
      ...downgradeHazards(reversed).flatMap((h) => hazardComment(h, indent)),
      renderOperations([reversed], indent),
    ];
  } catch (error) {
    const why = errorMessage(error);
    return [...lineComment(why, indent), `${indent}throw new Error(${renderString(why)});`];
  }
}
