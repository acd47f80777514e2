/**
 * An enum as canonical text spells it: its type in a column type or an
 * expression, and its labels, a scalar `'v'::schema.enum` and an array
 * literal `'{a,"B 2"}'::schema.enum[]` (printed with an empty search path,
 * so the type is always qualified, each part bare or quoted).
 */

import type { Operation } from '../../../ops/operation.js';
import { identifierSpellings } from '../../../sql/identifier.js';
import { printLiteral } from '../../../sql/literal.js';
import { elementType } from '../../../schema/types.js';

export interface EnumName {
  schema: string;
  name: string;
}

/** The ways a canonical expression may name the type: `schema.name`, each part bare or quoted. */
export function enumTypeSpellings(model: EnumName): string[] {
  return identifierSpellings(model.schema).flatMap((schema) =>
    identifierSpellings(model.name).map((name) => `${schema}.${name}`),
  );
}

/**
 * Whether a column type (canonical `format_type` spelling) is the enum or an
 * array of it. Accepts each name part bare or double-quoted.
 */
export function typeUsesEnum(type: string, model: EnumName): boolean {
  return enumTypeSpellings(model).includes(elementType(type));
}

/**
 * Whether an expression names the type: canonical forms (printed with an
 * empty search path) qualify it, `public.mood` or `"Odd Schema"."Mood"`; a
 * bare cast (`::mood`) counts too.
 */
export function mentionsType(text: string, type: { schema: string; name: string }): boolean {
  const names = identifierSpellings(type.name);
  const qualified = identifierSpellings(type.schema).flatMap((schema) => names.map((name) => `${schema}.${name}`));
  return [...qualified, ...names.map((name) => `::${name}`)].some((spelling) => containsWord(text, spelling));
}

/** Whether `word` occurs in `text` with no identifier character right before or after it. */
function containsWord(text: string, word: string): boolean {
  const identifier = /[A-Za-z0-9_$]/;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1];
    const after = text[at + word.length];
    if ((before === undefined || !identifier.test(before)) && (after === undefined || !identifier.test(after)))
      return true;
  }
  return false;
}

/** A SQL string literal, as a canonical expression prints it. */
export const sqlLiteral = printLiteral;

/** Whether `text` spells `value` of the enum, as a scalar cast or in an array literal cast to its array type. */
export function spellsLabel(text: string, model: EnumName, value: string): boolean {
  return enumTypeSpellings(model).some((type) => {
    if (text.includes(`${sqlLiteral(value)}::${type}`)) return true;
    let found = false;
    mapArrayLiterals(text, type, (label) => {
      if (label === value) found = true;
      return label;
    });
    return found;
  });
}

/** `text` with the labels of each `'{...}'::type[]` literal passed through `fn`. */
function mapArrayLiterals(text: string, type: string, fn: (label: string) => string): string {
  const suffix = `'::${type}[]`;
  let out = '';
  let rest = text;
  for (let end = rest.indexOf(suffix); end >= 0; end = rest.indexOf(suffix)) {
    const start = literalStart(rest, end);
    if (start < 0) {
      out += rest.slice(0, end + suffix.length);
      rest = rest.slice(end + suffix.length);
      continue;
    }
    const body = rest.slice(start + 1, end).replace(/''/g, "'");
    const mapped = mapArrayBody(body, fn);
    out += rest.slice(0, start) + (mapped === null ? rest.slice(start, end + 1) : sqlLiteral(mapped)) + suffix.slice(1);
    rest = rest.slice(end + suffix.length);
  }
  return out + rest;
}

/** Where the string literal ending at `end` (its closing quote) opens, or -1. */
function literalStart(text: string, end: number): number {
  let i = end - 1;
  while (i >= 0) {
    if (text[i] !== "'") {
      i -= 1;
      continue;
    }
    if (text[i - 1] === "'") {
      i -= 2;
      continue;
    }
    return i;
  }
  return -1;
}

/** An array literal's text with each element passed through `fn`, or null when it does not parse. */
function mapArrayBody(body: string, fn: (label: string) => string): string | null {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (c === '{' || c === '}' || c === ',') {
      out += c;
      i += 1;
      continue;
    }
    if (c === '"') {
      let label = '';
      i += 1;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i += 1;
        label += body[i] ?? '';
        i += 1;
      }
      if (i >= body.length) return null;
      i += 1;
      out += arrayElement(fn(label));
      continue;
    }
    let j = i;
    while (j < body.length && !'{},'.includes(body[j] as string)) j += 1;
    const label = body.slice(i, j);
    out += label.toUpperCase() === 'NULL' ? label : arrayElement(fn(label));
    i = j;
  }
  return out;
}

/** An element as Postgres prints it in an array literal: quoted when it must be. */
function arrayElement(label: string): string {
  const plain = label !== '' && label.toUpperCase() !== 'NULL' && !/[{},"\\\s]/.test(label);
  return plain ? label : `"${label.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * Whether an operation's removed object (a routine, a domain, a sequence, ...)
 * names the enum: the enum cannot be dropped before it.
 */
export function removedUsesEnum(op: Operation, model: { schema: string; name: string }): boolean {
  if (!('removed' in op) || op.removed === undefined) return false;
  return stringsOf(op.removed).some((text) => typeUsesEnum(text, model) || mentionsType(text, model));
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}
