/**
 * The one place string literals become SQL text.
 */

/** A literal that reads the same whatever `standard_conforming_strings` is: E'' only when backslashes appear. */
export function quoteLiteral(value: string): string {
  const escaped = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${escaped.replace(/\\/g, '\\\\')}'` : `'${escaped}'`;
}

/**
 * A literal as Postgres prints one in a stored expression (`simple_quote_literal()`
 * with `standard_conforming_strings` on): quotes doubled, backslashes as they are.
 * For text compared with what the server prints, never for SQL to run.
 */
export function printLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `$label$text$label$`, the label numbered until the text does not hold it. */
export function quoteDollar(text: string, label: string): string {
  let tag = label;
  for (let i = 1; text.includes(`$${tag}$`); i += 1) tag = `${label}${i}`;
  return `$${tag}$${text}$${tag}$`;
}
