import { renderString } from '../util/render-value.js';

/**
 * How `migrate pull` writes SQL text, and how it indents the lines that carry
 * it: the one place that knows a rendered line may hold a line break inside a
 * template literal.
 */

/**
 * `` sql`...` `` when the text can sit in a raw template as it is (no
 * backtick, no `${`, no carriage return, which a template turns into a line
 * feed, no trailing backslash), else `sql('...')` with a string literal.
 * `use` records the `sql` import.
 */
export function renderSql(text: string, use: (name: string) => void): string {
  use('sql');
  const fitsTemplate = !/[`\r]|\$\{|\\$/.test(text);
  return fitsTemplate ? `sql\`${text}\`` : `sql(${renderString(text)})`;
}

/**
 * Indents each rendered line by `depth` steps of two spaces. A rendered line
 * holds a line break only inside a literal (`` sql`...` ``), whose text must
 * stay as it is, so only its first line is indented.
 */
export function indentLines(lines: readonly string[], depth: number): string {
  const pad = '  '.repeat(depth);
  return lines.map((line) => `${pad}${line}`).join('\n');
}
