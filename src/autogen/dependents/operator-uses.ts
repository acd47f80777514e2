import type { Operation } from '../../ops/operation.js';
import { usesOperators } from '../../sql/references.js';

/** An operator by schema and symbol: every overload of the symbol counts, since text does not say which one it uses. */
export type OperatorRef = { schema: string; name: string };

/**
 * Whether an expression uses one of the operators: Postgres prints an
 * operator outside its search path (the reflector reads with an empty one)
 * as `OPERATOR(schema.symbol)`.
 */
export function usesOperator(text: string | null | undefined, operators: readonly OperatorRef[]): boolean {
  if (text === null || text === undefined) return false;
  return usesOperators(text, operators);
}

/** The operators `ops` drop. */
export function droppedOperators(ops: readonly Operation[]): OperatorRef[] {
  return ops.flatMap((op) => (op.kind === 'dropOperator' ? [{ schema: op.schema, name: op.name }] : []));
}
