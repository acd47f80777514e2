import type { IndexColumnModel, IndexColumnOptions } from '../../schema/model.js';
import { AthanorError } from '../../util/errors.js';

/**
 * Reads how each key of an index sorts and compares from the index's whole
 * definition (`pg_get_indexdef(oid)`). The server prints a collation, an
 * operator class, `DESC` and `NULLS FIRST|LAST` after a key only when they are
 * not the defaults, which is exactly what the model keeps. Each key's own text
 * (`pg_get_indexdef(oid, k, false)`) is known, so only what follows it is read.
 */
export function withKeyOptions(
  definition: string,
  keys: { key: IndexColumnModel; text: string }[],
): IndexColumnModel[] {
  let position = openingParen(definition) + 1;
  return keys.map(({ key, text }, i) => {
    if (i > 0) {
      if (!definition.startsWith(', ', position)) throw unexpected(definition);
      position += 2;
    }
    if (!definition.startsWith(text, position)) throw unexpected(definition);
    const end = decorationEnd(definition, position + text.length);
    const options = parseDecoration(definition.slice(position + text.length, end));
    position = end;
    return { ...key, ...options };
  });
}

/** The `(` that opens the key list: the first one outside double quotes. */
function openingParen(definition: string): number {
  let quoted = false;
  for (let i = 0; i < definition.length; i += 1) {
    const ch = definition[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '(' && !quoted) return i;
  }
  throw unexpected(definition);
}

/** Where a key's decoration ends: the next `,` or `)` at depth zero, outside quotes. */
function decorationEnd(text: string, from: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '(') {
      depth += 1;
    } else if (ch === ')' || ch === ',') {
      if (depth === 0) return i;
      if (ch === ')') depth -= 1;
    }
  }
  throw unexpected(text);
}

/** ` COLLATE "C" text_pattern_ops DESC NULLS LAST` -> its parts. */
export function parseDecoration(decoration: string): IndexColumnOptions {
  let nulls: IndexColumnOptions['nulls'];
  let order: IndexColumnOptions['order'];
  let collation: string | undefined;
  let rest = decoration;
  for (const last of ['FIRST', 'LAST'] as const) {
    if (rest.endsWith(` NULLS ${last}`)) {
      nulls = last;
      rest = rest.slice(0, -` NULLS ${last}`.length);
    }
  }
  if (rest.endsWith(' DESC')) {
    order = 'DESC';
    rest = rest.slice(0, -' DESC'.length);
  }
  if (rest.startsWith(' COLLATE ')) {
    const length = qualifiedNameLength(rest, ' COLLATE '.length);
    collation = rest.slice(' COLLATE '.length, length);
    rest = rest.slice(length);
  }
  const opclass = rest.trim();
  return {
    ...(collation !== undefined ? { collation } : {}),
    ...(opclass !== '' ? { opclass } : {}),
    ...(order !== undefined ? { order } : {}),
    ...(nulls !== undefined ? { nulls } : {}),
  };
}

/** The end of a possibly qualified, possibly quoted name starting at `from`. */
function qualifiedNameLength(text: string, from: number): number {
  let i = from;
  for (;;) {
    if (text[i] === '"') {
      i += 1;
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) i += text[i] === '"' ? 2 : 1;
      i += 1;
    } else {
      while (i < text.length && /[^\s."]/.test(text[i] as string)) i += 1;
    }
    if (text[i] !== '.') return i;
    i += 1;
  }
}

function unexpected(definition: string): AthanorError {
  return new AthanorError(
    'reflect',
    `unexpected index definition "${definition}"; report this with your PostgreSQL version`,
  );
}
