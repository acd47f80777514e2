import { scanSql, type SchemaMove } from './sql-qualify.js';

/**
 * `OPERATOR(schema.op)` references of moving operators point at their new
 * schema, the way `moveQualifiedNames` moves `schema.name`: Postgres prints
 * an operator that its search path does not find in this form
 * (`name OPERATOR(public.%) 'x'::text`), and so do `public.%(text,text)`
 * signatures. Comments and string literals are left alone.
 */
export function moveQualifiedOperators(text: string, move: SchemaMove): string {
  const tokens = scanSql(text);
  const edits: { start: number; end: number; text: string }[] = [];
  tokens.forEach((token, i) => {
    const open = tokens[i + 1];
    const schema = tokens[i + 2];
    const dot = tokens[i + 3];
    if (token.kind !== 'ident' || token.value !== 'operator' || token.end - token.start !== 'operator'.length) return;
    if (
      open?.value !== '(' ||
      open.kind !== 'other' ||
      schema?.kind !== 'ident' ||
      dot?.value !== '.' ||
      dot.kind !== 'other'
    )
      return;
    let end = i + 4;
    let name = '';
    for (
      let at = dot.end;
      tokens[end]?.kind === 'other' && tokens[end]!.start === at && tokens[end]!.value !== ')';
      end += 1
    ) {
      name += tokens[end]!.value;
      at = tokens[end]!.end;
    }
    if (name === '' || tokens[end]?.value !== ')') return;
    const target = move(schema.value, name);
    if (target !== null) edits.push({ start: schema.start, end: schema.end, text: target });
  });
  edits.push(...signatureEdits(tokens, move));
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?';

/**
 * `schema.op(left,right)`, an operator with its operand types as `regoperator`
 * prints it (the items of an operator class): the schema moves like the
 * schema of `OPERATOR(schema.op)`.
 */
function signatureEdits(
  tokens: ReturnType<typeof scanSql>,
  move: SchemaMove,
): { start: number; end: number; text: string }[] {
  const edits: { start: number; end: number; text: string }[] = [];
  tokens.forEach((schema, i) => {
    const dot = tokens[i + 1];
    if (
      schema.kind !== 'ident' ||
      dot?.value !== '.' ||
      dot.kind !== 'other' ||
      dot.start !== schema.end ||
      tokens[i - 1]?.value === '.'
    )
      return;
    let end = i + 2;
    let name = '';
    for (
      let at = dot.end;
      tokens[end]?.kind === 'other' && tokens[end]!.start === at && OPERATOR_CHARS.includes(tokens[end]!.value);
      end += 1
    ) {
      name += tokens[end]!.value;
      at = tokens[end]!.end;
    }
    if (name === '' || tokens[end]?.value !== '(' || tokens[end]!.start !== tokens[end - 1]!.end) return;
    const target = move(schema.value, name);
    if (target !== null) edits.push({ start: schema.start, end: schema.end, text: target });
  });
  return edits;
}
