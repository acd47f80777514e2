/**
 * Rewrites schema qualifications inside SQL text, for creating a declared
 * model in scratch schemas: `public.film` becomes `athanor_canon_..._0.film`
 * when `public.film` is one of the objects created there. Identifiers inside
 * comments, string literals (other than a plain `'schema.name'` literal, the
 * way `nextval('public.s'::regclass)` names a sequence) and dollar-quoted
 * bodies are left alone.
 */

interface Token {
  kind: 'ident' | 'string' | 'other';
  start: number;
  end: number;
  /** An identifier as Postgres reads it (folded unless quoted); a plain string's content. */
  value: string;
  /** A plain `'...'` literal (no prefix, no dollar quotes). */
  plain?: boolean;
}

/** Splits SQL text into identifiers, strings and single characters of anything else. */
export function scanSql(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i, i + 2);
    if (/\s/.test(text[i] ?? '')) i += 1;
    else if (rest === '--') i = skipTo(text, i, '\n');
    else if (rest === '/*') i = skipTo(text, i + 2, '*/');
    else i = readToken(text, i, tokens);
  }
  return tokens;
}

function skipTo(text: string, from: number, end: string): number {
  const at = text.indexOf(end, from);
  return at < 0 ? text.length : at + end.length;
}

function readToken(text: string, i: number, tokens: Token[]): number {
  const ch = text[i] ?? '';
  const rest = text.slice(i);
  if (ch === "'") return readString(text, i, i, false, tokens);
  const prefixed = /^[eEbBxXnNuU]&?'/.exec(rest);
  if (prefixed) return readString(text, i, i + prefixed[0].length - 1, /^[eE]/.test(rest), tokens);
  if (ch === '"') return readQuoted(text, i, tokens);
  const dollar = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(rest);
  if (dollar) {
    const close = text.indexOf(dollar[0], i + dollar[0].length);
    const end = close < 0 ? text.length : close + dollar[0].length;
    tokens.push({ kind: 'string', start: i, end, value: '' });
    return end;
  }
  const word = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(rest);
  if (word) {
    tokens.push({ kind: 'ident', start: i, end: i + word[0].length, value: word[0].toLowerCase() });
    return i + word[0].length;
  }
  tokens.push({ kind: 'other', start: i, end: i + 1, value: ch });
  return i + 1;
}

function readString(text: string, start: number, quote: number, backslashes: boolean, tokens: Token[]): number {
  let i = quote + 1;
  let value = '';
  while (i < text.length) {
    const ch = text[i];
    if (backslashes && ch === '\\') {
      value += text.slice(i, i + 2);
      i += 2;
    } else if (ch === "'" && text[i + 1] === "'") {
      value += "'";
      i += 2;
    } else if (ch === "'") break;
    else {
      value += ch;
      i += 1;
    }
  }
  tokens.push({ kind: 'string', start, end: i + 1, value, plain: start === quote });
  return i + 1;
}

function readQuoted(text: string, start: number, tokens: Token[]): number {
  let i = start + 1;
  let value = '';
  while (i < text.length) {
    if (text[i] === '"' && text[i + 1] === '"') {
      value += '"';
      i += 2;
    } else if (text[i] === '"') break;
    else {
      value += text[i];
      i += 1;
    }
  }
  tokens.push({ kind: 'ident', start, end: i + 1, value });
  return i + 1;
}

/** Where a schema goes: the new schema's name for objects that move, null for those that stay. */
export type SchemaMove = (schema: string, name: string) => string | null;

interface Edit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** `schema.name` references (and `'schema.name'` literals) of moving objects point at their new schema. */
export function moveQualifiedNames(text: string, move: SchemaMove): string {
  const tokens = scanSql(text);
  const edits: Edit[] = [];
  tokens.forEach((token, i) => {
    const dot = tokens[i + 1];
    const name = tokens[i + 2];
    const before = tokens[i - 1];
    if (
      token.kind === 'ident' &&
      dot?.value === '.' &&
      dot.kind === 'other' &&
      name?.kind === 'ident' &&
      before?.value !== '.'
    ) {
      const target = move(token.value, name.value);
      if (target !== null) edits.push({ start: token.start, end: token.end, text: target });
    } else if (token.kind === 'string' && token.plain === true) {
      const literal = movedLiteral(token.value, move);
      if (literal !== null) edits.push({ start: token.start, end: token.end, text: literal });
    }
  });
  return applyEdits(text, edits);
}

/** `'schema.name'` with the schema moved, or null when it does not name a moving object. */
function movedLiteral(value: string, move: SchemaMove): string | null {
  const parts = scanSql(value);
  const [schema, dot, name] = parts;
  if (parts.length !== 3 || schema?.kind !== 'ident' || dot?.value !== '.' || name?.kind !== 'ident') return null;
  const target = move(schema.value, name.value);
  if (target === null) return null;
  return `'${`${target}${value.slice(schema.end)}`.replace(/'/g, "''")}'`;
}

/**
 * The first name after the leading keywords (`CREATE [OR REPLACE] FUNCTION`,
 * `CREATE TRIGGER name ... ON`): its schema (null when unqualified) and name,
 * and where the name starts.
 */
export interface NameAt {
  schema: string | null;
  name: string;
  start: number;
}

function nameAt(tokens: Token[], i: number): NameAt | null {
  const first = tokens[i];
  if (first?.kind !== 'ident') return null;
  const dot = tokens[i + 1];
  const second = tokens[i + 2];
  if (dot?.kind === 'other' && dot.value === '.' && second?.kind === 'ident') {
    return { schema: first.value, name: second.value, start: first.start };
  }
  return { schema: null, name: first.value, start: first.start };
}

/** The name a `CREATE ... FUNCTION|PROCEDURE|AGGREGATE` or `CREATE ... TRIGGER ... ON` statement creates or targets. */
export function createdName(text: string, keywords: readonly string[]): NameAt | null {
  const tokens = scanSql(text);
  const at = tokens.findIndex(
    (t) => t.kind === 'ident' && keywords.includes(t.value) && t.end - t.start === t.value.length,
  );
  return at < 0 ? null : nameAt(tokens, at + 1);
}

/** The statement with `schema.` put before the name `createdName` finds when that name is unqualified. */
export function qualifyName(text: string, keywords: readonly string[], schema: string): string {
  const found = createdName(text, keywords);
  if (found === null || found.schema !== null) return text;
  return `${text.slice(0, found.start)}${schema}.${text.slice(found.start)}`;
}
