import { tokenizeSql } from '../../sql/lexer.js';
import { operatorReferences, operatorSignatures } from '../../sql/references.js';
import type { SchemaMove } from './sql-qualify.js';

/**
 * `OPERATOR(schema.op)` references of moving operators point at their new
 * schema, the way `moveQualifiedNames` moves `schema.name`: Postgres prints
 * an operator that its search path does not find in this form
 * (`name OPERATOR(public.%) 'x'::text`), and so do `public.%(text,text)`
 * signatures. Comments and string literals are left alone.
 */
export function moveQualifiedOperators(text: string, move: SchemaMove): string {
  const tokens = tokenizeSql(text);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const ref of [...operatorReferences(tokens), ...operatorSignatures(tokens)]) {
    const target = move(ref.schema.text, ref.name);
    if (target !== null) edits.push({ start: ref.schema.start, end: ref.schema.end, text: target });
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
