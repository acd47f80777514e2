/**
 * Printed texts written again so that the server, creating them, holds what
 * it printed. Most printings create what they were printed from; one that
 * does not, and that real schemas hold everywhere: `c IN ('a', 'b')` on a
 * `varchar` column is printed
 * `(c)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])`,
 * and that text, created, is held as
 * `(c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text])`:
 * the same test, another tree, which `pg_dump` shows. Written as
 * `c IN ('a'::character varying, 'b'::character varying)`, it creates the
 * first again.
 *
 * What this returns is a candidate: whoever writes it keeps it only where the
 * server, creating it, prints the text it came from (`textsToWrite` in
 * `src/canonical/canonical-fixpoint.ts`). Where nothing matches, the text comes
 * back unchanged.
 */

const VARCHAR_LITERAL = `'(?:[^']|'')*'::character varying`;
/** What follows the operand: `)::text = ANY ((ARRAY[...])::text[])`, the operand's `(` before it. */
const VARCHAR_LIST = new RegExp(
  `\\)::text (=|<>) (ANY|ALL) \\(\\(ARRAY\\[(${VARCHAR_LITERAL}(?:, ${VARCHAR_LITERAL})*)\\]\\)::text\\[\\]\\)`,
  'g',
);
const NAME = `(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
/** An operand that needs no parentheses before `IN`: a column as the server prints it (`c`, `t.c`, `"C"`). */
const COLUMN = new RegExp(`^${NAME}(?:\\.${NAME})*$`);

/** `printed` with each comparison of a `varchar` operand against a list written as it was created. */
export function writtenAsCreated(printed: string): string {
  let out = '';
  let done = 0;
  for (const match of printed.matchAll(VARCHAR_LIST)) {
    const close = match.index;
    const open = openingParenthesis(printed, close);
    if (open === null || open < done) continue;
    const operand = printed.slice(open + 1, close);
    const [, operator, quantifier, list] = match as unknown as [string, string, string, string];
    const left = COLUMN.test(operand) ? operand : `(${operand})`;
    const comparison =
      operator === '=' && quantifier === 'ANY'
        ? `${left} IN (${list})`
        : operator === '<>' && quantifier === 'ALL'
          ? `${left} NOT IN (${list})`
          : `${left} ${operator} ${quantifier} (ARRAY[${list}])`;
    out += printed.slice(done, open) + comparison;
    done = close + match[0].length;
  }
  return done === 0 ? printed : out + printed.slice(done);
}

/**
 * Where the `(` is that the `)` at `close` closes, reading back over quoted
 * names and literals; null when there is none.
 */
function openingParenthesis(text: string, close: number): number | null {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = text[i];
    if (c === "'" || c === '"') {
      // Back to the quote that opens it (a doubled quote reads as two quoted pieces, side by side).
      const start = text.lastIndexOf(c, i - 1);
      if (start < 0) return null;
      i = start;
    } else if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return i;
  }
  return null;
}
