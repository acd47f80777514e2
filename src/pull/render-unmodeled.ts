import { lineComment } from '../util/line-comment.js';

/**
 * The comment block `migrate pull` appends to the model file for what the
 * database holds and the model cannot: base types, index storage
 * settings and so on, kept as SQL so that nothing is lost.
 */

/** An object or setting the model has no place for. */
export interface UnmodeledEntry {
  /** Singular, for people: `base type`, `typed table`. */
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

/** `lineComment`, with `indent` after each `// ` so that SQL reads as a block. */
function commented(text: string, indent: string): string[] {
  return lineComment(text).map((line) => (line === '//' ? line : `// ${indent}${line.slice(3)}`));
}
