import type { Operation } from '../../../ops/operation.js';
import type { FunctionModel, SchemaModel, ViewModel } from '../../../schema/model.js';
import { modelIndex } from '../../../schema/model-index.js';
import { idKind, objectId, operatorId } from '../../../schema/object-id.js';
import { usesOperators } from '../../../sql/references.js';
import { blockedClosure, changed } from '../../graph/closure.js';

/** An operator by schema and symbol: every overload of the symbol counts, since text does not say which one it uses. */
export type OperatorRef = { schema: string; name: string };

/**
 * Whether an expression uses one of the operators: Postgres prints an
 * operator outside its search path (the reflector reads with an empty one)
 * as `OPERATOR(schema.symbol)`.
 */
function usesOperator(text: string | null | undefined, operators: readonly OperatorRef[]): boolean {
  if (text === null || text === undefined) return false;
  return usesOperators(text, operators);
}

/** The operators `ops` drop. */
export function droppedOperators(ops: readonly Operation[]): OperatorRef[] {
  return ops.flatMap((op) => (op.kind === 'dropOperator' ? [{ schema: op.schema, name: op.name }] : []));
}

/**
 * The views and routines that use an operator `dropFirst` drops to create
 * again. A view's uses are what the catalog records: the operators its text
 * names, and the sort and grouping operators it does not name. A routine's
 * body is text Postgres does not read unless written in SQL-standard form,
 * so for a routine `OPERATOR(schema.symbol)` in its text counts.
 */
export function recreatedOperatorUsers(
  current: SchemaModel,
  dropFirst: readonly Operation[],
): { view: (view: ViewModel) => boolean; routine: (routine: FunctionModel) => boolean } {
  const dropped = dropFirst.flatMap((op) => (op.kind === 'dropOperator' ? [operatorId(op)] : []));
  const views = blockedClosure(modelIndex(current), changed(dropped, 'drop'), (id) => idKind(id) === 'view');
  const symbols = droppedOperators(dropFirst);
  return {
    view: (view) => views.has(objectId('view', view.schema, view.name)),
    routine: (routine) => usesOperator(routine.definition, symbols),
  };
}
