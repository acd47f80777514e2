import { AthanorError } from './errors.js';
import { renderJsString } from './js-string.js';

/**
 * Prints plain data as a TypeScript literal: single-quoted strings, bare keys
 * where they are identifiers, two spaces per level, trailing commas in
 * multi-line lists. A list or object stays on one line when it fits in the
 * width; a list holding records (other than one-key records such as
 * `{ column: 'id' }`) always puts one element per line.
 */
interface RenderValueOptions {
  /** Indentation of the line the value starts on; nested lines add two spaces. */
  indent?: string;
  /** Characters on the value's first line besides the indentation: what precedes and follows it. */
  reserved?: number;
  /** Longest line wanted. */
  width?: number;
}

const DEFAULT_WIDTH = 120;

const STEP = '  ';

export function renderValue(value: unknown, options: RenderValueOptions = {}): string {
  return render(value, options.indent ?? '', options.reserved ?? 0, options.width ?? DEFAULT_WIDTH);
}

function render(value: unknown, indent: string, reserved: number, width: number): string {
  const inline = renderInline(value);
  if (inline !== null && indent.length + reserved + inline.length <= width) return inline;
  if (Array.isArray(value)) return renderArrayBlock(value, indent, width);
  if (isPlainObject(value)) return renderObjectBlock(value, indent, width);
  return inline ?? renderScalar(value);
}

/** The one-line form, or null when the value must spread over lines. */
function renderInline(value: unknown): string | null {
  if (Array.isArray(value)) {
    if (!value.every(isCompact)) return null;
    return `[${value.map((item) => renderInline(item) as string).join(', ')}]`;
  }
  if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const [key, item] of entries(value)) {
      const rendered = renderInline(item);
      if (rendered === null) return null;
      parts.push(`${renderKey(key)}: ${rendered}`);
    }
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  return renderScalar(value);
}

/** Values a list may hold and still print on one line. */
function isCompact(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isCompact);
  if (isPlainObject(value)) {
    const items = entries(value);
    return items.length === 0 || (items.length === 1 && !isStructured(items[0]?.[1]));
  }
  return true;
}

function renderArrayBlock(items: unknown[], indent: string, width: number): string {
  const inner = indent + STEP;
  const lines = items.map((item) => `${inner}${render(item, inner, 1, width)},`);
  return `[\n${lines.join('\n')}\n${indent}]`;
}

function renderObjectBlock(value: Record<string, unknown>, indent: string, width: number): string {
  const inner = indent + STEP;
  const lines = entries(value).map(([key, item]) => {
    const prefix = `${renderKey(key)}: `;
    return `${inner}${prefix}${render(item, inner, prefix.length + 1, width)},`;
  });
  return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${indent}}`;
}

/** Own keys with a defined value: `undefined` members are left out, as JSON does. */
function entries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, item]) => item !== undefined);
}

function isStructured(value: unknown): boolean {
  return Array.isArray(value) || isPlainObject(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function renderScalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return renderString(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    default:
      if (value === null) return 'null';
      throw new AthanorError(
        'unrenderable-value',
        `cannot write a ${describeKind(value)} into a revision file; operations must hold plain JSON data`,
      );
  }
}

function describeKind(value: unknown): string {
  if (typeof value !== 'object' || value === null) return `${typeof value} value`;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' ? `${name} object` : 'object';
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key: bare when it is an identifier, quoted otherwise. */
export function renderKey(key: string): string {
  if (key === '__proto__') return `['__proto__']`;
  return IDENTIFIER.test(key) ? key : renderString(key);
}

/** A string literal; see `renderJsString`. */
export const renderString = renderJsString;
