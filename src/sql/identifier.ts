import { isQuotedKeyword } from './keywords.js';
import { readsBare } from './lexer.js';

/**
 * The one place identifiers become SQL text. SQL Athanor runs always
 * double-quotes them (`quoteIdent`), so reserved words, capitals and odd
 * characters round trip exactly; text that must read as Postgres prints it
 * (type names in the model, `OPERATOR(schema.op)`) spells them the way
 * `quote_identifier()` does (`formatIdentifier`).
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."name"`. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * The one rule for printing an identifier bare, `quote_identifier()`'s: lower-case
 * letters, digits and underscores, not starting with a digit, and not a keyword
 * other than an unreserved one. (`$`, which a bare identifier may hold, makes
 * Postgres quote it.)
 */
export function isBareIdentifier(name: string): boolean {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !isQuotedKeyword(name);
}

/** An identifier as `quote_identifier()` prints it: quoted only when needed. */
export function formatIdentifier(name: string): string {
  return isBareIdentifier(name) ? name : quoteIdent(name);
}

/** `schema.name` as `quote_qualified_identifier()` prints it. */
export function formatQualified(schema: string, name: string): string {
  return `${formatIdentifier(schema)}.${formatIdentifier(name)}`;
}

/**
 * Every way SQL text may spell an identifier so that it reads as `name`: quoted,
 * and bare when the bare word reads back as it. For finding a name in text a
 * person or Postgres wrote.
 */
export function identifierSpellings(name: string): string[] {
  return readsBare(name) ? [name, quoteIdent(name)] : [quoteIdent(name)];
}
