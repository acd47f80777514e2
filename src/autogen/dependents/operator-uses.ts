import type { Operation } from '../../ops/operation.js';

/** An operator by schema and symbol: every overload of the symbol counts, since text does not say which one it uses. */
export type OperatorRef = { schema: string; name: string };

function schemaSpellings(identifier: string): string[] {
  const quoted = `"${identifier.replace(/"/g, '""')}"`;
  return /^[a-z_][a-z0-9_$]*$/.test(identifier) ? [identifier, quoted] : [quoted];
}

/**
 * Whether an expression uses one of the operators: Postgres prints an
 * operator outside its search path (the reflector reads with an empty one)
 * as `OPERATOR(schema.symbol)`.
 */
export function usesOperator(text: string | null | undefined, operators: readonly OperatorRef[]): boolean {
  if (text === null || text === undefined || operators.length === 0) return false;
  const upper = text.toUpperCase();
  return operators.some((o) => schemaSpellings(o.schema).some((schema) => upper.includes(`OPERATOR(${schema.toUpperCase()}.${o.name})`)));
}

/** The operators `ops` drop. */
export function droppedOperators(ops: readonly Operation[]): OperatorRef[] {
  return ops.flatMap((op) => (op.kind === 'dropOperator' ? [{ schema: op.schema, name: op.name }] : []));
}
