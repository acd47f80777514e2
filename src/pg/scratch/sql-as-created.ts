import type { ScanToken } from 'libpg-query';

/**
 * Printed texts written again so that the server, creating them, holds what
 * it printed. Most printings create what they were printed from; two that do
 * not, and that real schemas hold everywhere:
 * - `c IN ('a', 'b')` on a `varchar` column is printed
 *   `(c)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])`,
 *   and that text, created, is held as
 *   `(c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text])`:
 *   the same test, another tree, which `pg_dump` shows. Written as
 *   `c IN ('a'::character varying, 'b'::character varying)`, it creates the
 *   first again.
 * - a subquery's target with no name of its own (`SELECT NULL` in a
 *   `UNION ALL` branch, `(SELECT 'x')`) is named `?column?`, and printed
 *   with its type's cast and no name (`NULL::integer`); that text, created,
 *   names the target after the type (`int4`) and prints
 *   `NULL::integer AS int4`. Written `NULL::integer AS "?column?"`, it
 *   creates the first again.
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

/**
 * `printed` written as it was created: each comparison of a `varchar`
 * operand against a list, and, with Postgres' parser at hand, each
 * subquery's unnamed cast.
 */
export function writtenAsCreated(printed: string, parser?: SqlParser): string {
  const lists = listsAsCreated(printed);
  return parser !== undefined && mayHoldUnnamedCasts(lists) ? unnamedCastsNamed(lists, parser) : lists;
}

/** `printed` with each comparison of a `varchar` operand against a list written as it was created. */
function listsAsCreated(printed: string): string {
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

/** Postgres' parser and scanner, loaded (`sqlParser`). */
export interface SqlParser {
  parse(sql: string): unknown;
  scan(sql: string): readonly ScanToken[];
}

/** Postgres' parser (libpg-query, the server's own), loaded: its module and WebAssembly load on first use. */
export async function sqlParser(): Promise<SqlParser> {
  const library = await import('libpg-query');
  await library.loadModule();
  return { parse: (sql) => library.parseSync(sql), scan: (sql) => library.scanSync(sql).tokens };
}

/** Whether `printed` may hold a subquery's unnamed cast: only such texts are worth the parser. */
export function mayHoldUnnamedCasts(printed: string): boolean {
  return printed.includes('::') && /\(\s*SELECT\b/i.test(printed);
}

/** The name Postgres gives a target with no name of its own that it cannot name after a column, type or function. */
const UNNAMED = ' AS "?column?"';

/** Reserved words that end a target list where the parentheses are balanced (`FROM`, `UNION`, ...). */
const LIST_ENDS = new Set([
  'FROM',
  'INTO',
  'WHERE',
  'GROUP',
  'HAVING',
  'WINDOW',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'FETCH',
  'FOR',
]);
const RESERVED_KEYWORD = 4;

/**
 * `printed` with each target of a subquery that is a cast and has no name
 * named `"?column?"`. The server prints a target's name unless it is the one
 * the printing reads as: a column's own name, or `?column?` for anything
 * else; so such a target was named `?column?`, which the cast alone, created,
 * is not. The query's own targets are named by the view's columns and are
 * left alone. A text that is no query is read as `SELECT` of it (a check, a
 * policy); a text that does not parse comes back as it was.
 */
function unnamedCastsNamed(printed: string, parser: SqlParser): string {
  for (const prefix of ['', 'SELECT ']) {
    const source = prefix + printed;
    let tree: unknown;
    try {
      tree = parser.parse(source);
    } catch {
      continue;
    }
    const starts = unnamedCastStarts(tree);
    if (starts.length === 0) return printed;
    // Positions are the parser's: bytes of the UTF-8 text.
    const bytes = Buffer.from(source, 'utf8');
    const tokens = parser.scan(source);
    const ends = starts.map((start) => targetEnd(tokens, start)).filter((end) => end !== null);
    let out = Buffer.alloc(0);
    let done = 0;
    for (const end of [...new Set(ends)].sort((a, b) => a - b)) {
      out = Buffer.concat([out, bytes.subarray(done, end), Buffer.from(UNNAMED)]);
      done = end;
    }
    return Buffer.concat([out, bytes.subarray(done)])
      .toString('utf8')
      .slice(prefix.length);
  }
  return printed;
}

/** Where each unnamed cast target of a subquery starts, in the parse tree of a statement. */
function unnamedCastStarts(tree: unknown): number[] {
  const statement = (tree as { stmts?: { stmt?: { SelectStmt?: object } }[] }).stmts?.[0]?.stmt;
  // The statement's own targets, and those of its set operation's branches, are named by the view's columns.
  const own = new Set<object>();
  const ownBranches = (select: unknown): void => {
    if (select === null || typeof select !== 'object') return;
    own.add(select);
    const { op, larg, rarg } = select as { op?: string; larg?: unknown; rarg?: unknown };
    if (op !== undefined && op !== 'SETOP_NONE') [larg, rarg].forEach(ownBranches);
  };
  ownBranches(statement?.SelectStmt);
  const starts: number[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const { targetList } = node as { targetList?: unknown };
    if (Array.isArray(targetList) && !own.has(node))
      for (const entry of targetList) {
        const target = (entry as { ResTarget?: { name?: string; val?: object; location?: number } }).ResTarget;
        if (target?.name === undefined && target?.val !== undefined && 'TypeCast' in target.val)
          if (target.location !== undefined) starts.push(target.location);
      }
    Object.values(node).forEach(walk);
  };
  walk(statement);
  return starts;
}

/**
 * Where the target starting at `start` ends: before the comma, closing
 * parenthesis or reserved word (`FROM`, `UNION`, ...) that ends it where its
 * own parentheses are closed; null when no token starts there.
 */
function targetEnd(tokens: readonly ScanToken[], start: number): number | null {
  let i = tokens.findIndex((token) => token.start === start);
  if (i < 0) return null;
  let depth = 0;
  let end: number | null = null;
  for (; i < tokens.length; i++) {
    const { text, keywordKind } = tokens[i]!;
    if (text === '(' || text === '[') depth++;
    else if (text === ')' || text === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (text === ',' || text === ';')) break;
    else if (depth === 0 && keywordKind === RESERVED_KEYWORD && endsList(tokens, i)) break;
    end = tokens[i]!.end;
  }
  return end;
}

/** Whether the reserved word at `i` ends a target list: not `IS DISTINCT FROM`, not `WITHIN GROUP`. */
function endsList(tokens: readonly ScanToken[], i: number): boolean {
  const word = tokens[i]!.text.toUpperCase();
  const before = tokens[i - 1]?.text.toUpperCase();
  if (word === 'FROM' && before === 'DISTINCT') return false;
  if (word === 'GROUP' && before === 'WITHIN') return false;
  return LIST_ENDS.has(word);
}
