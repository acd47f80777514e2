import { tokenizeSql } from '../../sql/lexer.js';
import { operatorReferences, operatorSignatures } from '../../sql/references.js';
import type { SchemaMove } from './sql-qualify.js';

/**
 * `OPERATOR(schema.op)` references of moving operators point at their new
 * schema, the way `moveQualifiedNames` moves `schema.name`: Postgres prints
 * an operator that its search path does not find in this form
 * (`name OPERATOR(public.%) 'x'::text`), and so do `public.%(text,text)`
 * signatures. Comments and string literals are left alone.
 *
 * An `OPERATOR(schema.op)` that `bare` names is written `op` instead: when
 * both the old and the new schema hold an `op` (of other operand types), only
 * the search path, which has both, lets Postgres choose by the operands.
 * Postgres prints each operator expression in parentheses, so the operator's
 * precedence does not change with its spelling.
 */
export function moveQualifiedOperators(
  text: string,
  move: SchemaMove,
  bare: (schema: string, name: string) => boolean = () => false,
): string {
  const tokens = tokenizeSql(text);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const ref of operatorReferences(tokens)) {
    if (bare(ref.schema.text, ref.name)) edits.push({ start: ref.start, end: ref.end, text: ref.name });
    else moved(ref);
  }
  for (const ref of operatorSignatures(tokens)) moved(ref);
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;

  function moved(ref: { schema: { text: string; start: number; end: number }; name: string }): void {
    const target = move(ref.schema.text, ref.name);
    if (target !== null) edits.push({ start: ref.schema.start, end: ref.schema.end, text: target });
  }
}
