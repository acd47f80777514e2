import { revisionHazards, type Hazard } from '../../ops/hazards.js';
import type { Operation } from '../../ops/operation.js';
import { reverseOperation } from '../../ops/reverse.js';
import { errorMessage } from '../../util/errors.js';
import { lineComment } from '../../util/line-comment.js';
import { renderOperations } from './render-operations.js';
import { renderString } from './render-value.js';

const INDENT = '  ';

/**
 * The statements of a revision's `upgrade`, indented for its body: one per
 * operation, preceded by a comment for each of its hazards (`// DESTRUCTIVE:`
 * for data loss, `// HAZARD:` for the others, the code in brackets); '' for
 * no operations.
 */
export function renderUpgradeBody(operations: readonly Operation[]): string {
  const hazards = revisionHazards(operations);
  return operations.map((op, i) => [...hazards[i]!.flatMap(hazardComment), renderOperations([op], INDENT)].join('\n')).join('\n');
}

function hazardComment(hazard: Hazard): string[] {
  return lineComment(`${hazard.kind === 'data-loss' ? 'DESTRUCTIVE' : 'HAZARD'}: ${hazard.message} [${hazard.code}]`, INDENT);
}

/**
 * The statements of a revision's `downgrade`: each operation reversed, last
 * first. One that cannot be reversed is written as a comment saying why and a
 * `throw`, for the author to replace by hand.
 */
export function renderDowngradeBody(operations: readonly Operation[]): string {
  const lines: string[] = [];
  for (const op of [...operations].reverse()) {
    try {
      lines.push(renderOperations([reverseOperation(op)], INDENT));
    } catch (error) {
      const why = errorMessage(error);
      lines.push(...lineComment(why, INDENT), `${INDENT}throw new Error(${renderString(why)});`);
    }
  }
  return lines.join('\n');
}
