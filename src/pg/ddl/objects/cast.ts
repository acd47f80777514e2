import type { OperationOf } from '../../../ops/operation.js';
import type { CastModel } from '../../../schema/model.js';
import { transactional, type Statement } from '../statement.js';

const CONTEXTS: Readonly<Record<string, string>> = {
  explicit: '',
  assignment: ' AS ASSIGNMENT',
  implicit: ' AS IMPLICIT',
};

/**
 * `CREATE CAST (source AS target) WITH FUNCTION f(args) | WITH INOUT |
 * WITHOUT FUNCTION [AS ASSIGNMENT | AS IMPLICIT]`. The types and the function
 * are written as the model holds them, as Postgres prints them (column types
 * are written the same way).
 */
export function compileCreateCast(op: OperationOf<'createCast'>): Statement[] {
  const c = op.cast;
  return [transactional(`CREATE CAST (${c.source} AS ${c.target}) ${castMethod(c)}${castContext(c)}`)];
}

export function compileDropCast(op: OperationOf<'dropCast'>): Statement[] {
  return [transactional(`DROP CAST (${op.source} AS ${op.target})`)];
}

function castMethod(c: CastModel): string {
  switch (c.method) {
    case 'function':
      if (c.function === undefined)
        throw new TypeError(`cast (${c.source} AS ${c.target}) has method function but no function`);
      return `WITH FUNCTION ${c.function}`;
    case 'inout':
      return 'WITH INOUT';
    case 'binary':
      return 'WITHOUT FUNCTION';
    default:
      throw new TypeError(`cast method "${String(c.method)}" is not function, inout or binary`);
  }
}

function castContext(c: CastModel): string {
  // Written as bare words: only the known contexts get through.
  const clause = CONTEXTS[c.context];
  if (clause === undefined)
    throw new TypeError(`cast context "${String(c.context)}" is not explicit, assignment or implicit`);
  return clause;
}
