/**
 * The one place identifiers and literals become SQL text. Identifiers are
 * always double-quoted, so reserved words, capitals and odd characters round
 * trip exactly.
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."name"`. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A standard-conforming string literal, with E'' only when backslashes appear. */
export function quoteLiteral(value: string): string {
  const escaped = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${escaped.replace(/\\/g, '\\\\')}'` : `'${escaped}'`;
}

/** `$label$text$label$`, the label numbered until the text does not hold it. */
export function quoteDollar(text: string, label: string): string {
  let tag = label;
  for (let i = 1; text.includes(`$${tag}$`); i += 1) tag = `${label}${i}`;
  return `$${tag}$${text}$${tag}$`;
}
