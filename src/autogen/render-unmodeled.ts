/**
 * The comment block `migrate pull` appends to the model file for what the
 * database holds and the model cannot: composite types, rules, storage
 * settings and so on, kept as SQL so that nothing is lost.
 */

/** An object or setting the model has no place for. */
export interface UnmodeledEntry {
  /** Singular, for people: `composite type`, `rule`, `table storage setting`. */
  kind: string;
  /** For people: `public.addr`, `protect on public.items`. */
  name: string;
  /** SQL that recreates it, or null when Postgres cannot print it. */
  definition: string | null;
  /** One line, when there is no definition. */
  description: string | null;
}

const HEADER = [
  '// ---------------------------------------------------------------------------',
  '// Not modeled. The database holds the objects and settings below, and this',
  '// model has no place for them: `migrate check` and autogenerate do not see',
  '// them. They are kept here as SQL so that nothing is lost; to recreate them',
  '// elsewhere, apply them in a revision with op.execute(`...`).',
  '// ---------------------------------------------------------------------------',
];

/**
 * Line breaks that end a `//` comment in TypeScript. Each one starts a new
 * comment line, so no text inside the SQL (not even `*\/`) can end the comment.
 */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/**
 * The block, in the order given (one entry per object: a `// kind name` line,
 * then its SQL indented, or its description as an SQL comment), starting with a
 * blank line; '' when there is nothing to list. Only comments: the file still
 * compiles as it did.
 */
export function renderUnmodeledBlock(entries: readonly UnmodeledEntry[]): string {
  if (entries.length === 0) return '';
  const lines = ['', ...HEADER];
  for (const entry of entries) {
    lines.push('//', ...commented(`${entry.kind} ${entry.name}`, ''));
    const body = entry.definition ?? `-- ${entry.description ?? 'no SQL form'}`;
    lines.push(...commented(body, '  '));
  }
  return `${lines.join('\n')}\n`;
}

function commented(text: string, indent: string): string[] {
  return text.split(LINE_BREAK).map((line) => (line === '' ? '//' : `// ${indent}${line}`));
}
