import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AthanorError } from '../util/errors.js';

/** What the graph needs to know of one revision file, read without running it. */
export interface RevisionHeader {
  revision: string;
  /** Parents; empty for a base revision, several for a merge. */
  downRevisions: string[];
  message: string;
  createDate: string | null;
  path: string;
}

const STRING = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"`;
const CONST = (name: string) =>
  new RegExp(String.raw`^export\s+const\s+${name}\s*(?::[^=\n]+)?=\s*([^;\n]+);?\s*$`, 'm');

/**
 * Reads the header of a revision file by parsing its `export const` lines, so
 * that listing thousands of revisions never executes any of them.
 */
export function readRevisionHeader(path: string, source = readFileSync(path, 'utf8')): RevisionHeader {
  const revision = readString(source, 'revision', path);
  if (revision === null) throw invalidFile(path, "it has no `export const revision = '...'` line");
  const down = readStringList(source, 'downRevision', path);
  if (down === undefined) {
    throw invalidFile(path, "it has no `export const downRevision = ...` line (use null for the first revision)");
  }
  for (const fn of ['upgrade', 'downgrade']) {
    if (!new RegExp(String.raw`export\s+(async\s+)?function\s+${fn}\b|export\s+const\s+${fn}\b`).test(source)) {
      throw invalidFile(path, `it does not export a ${fn} function`);
    }
  }
  return {
    revision,
    downRevisions: down,
    message: readString(source, 'message', path) ?? '',
    createDate: readString(source, 'createDate', path),
    path,
  };
}

function readString(source: string, name: string, path: string): string | null {
  const match = CONST(name).exec(source);
  if (!match) return null;
  const value = match[1]!.trim();
  if (!new RegExp(`^(${STRING})$`).test(value)) {
    throw invalidFile(path, `its ${name} must be a plain string literal`);
  }
  return unquote(value);
}

/** `null`, a string, or an array of strings; undefined when the line is missing. */
function readStringList(source: string, name: string, path: string): string[] | undefined {
  const match = CONST(name).exec(source);
  if (!match) return undefined;
  const value = match[1]!.trim();
  if (value === 'null' || value === '[]') return [];
  if (new RegExp(`^(${STRING})$`).test(value)) return [unquote(value)];
  const list = /^\[(.*)\]$/.exec(value);
  if (list) {
    const items = list[1]!.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.every((item) => new RegExp(`^(${STRING})$`).test(item))) return items.map(unquote);
  }
  throw invalidFile(path, `its ${name} must be null, a string literal or an array of string literals`);
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch));
}

function invalidFile(path: string, why: string): AthanorError {
  return new AthanorError('bad-revision-file', `revision file ${basename(path)} is invalid: ${why}`);
}

export interface RevisionSource {
  revision: string;
  downRevisions: string[];
  message: string;
  createDate: string;
  upgradeBody: string;
  downgradeBody: string;
  /** Module the `Operations` type is imported from. */
  importFrom?: string;
}

/** Renders a complete revision file. Bodies are already-indented statements. */
export function renderRevisionFile(src: RevisionSource): string {
  const down =
    src.downRevisions.length === 0
      ? 'null'
      : src.downRevisions.length === 1
        ? quote(src.downRevisions[0]!)
        : `[${src.downRevisions.map(quote).join(', ')}]`;
  const downType = src.downRevisions.length > 1 ? 'string[]' : 'string | null';
  return [
    '/**',
    ...commentLines(src.message),
    ' *',
    ` * Revision: ${src.revision}`,
    ` * Revises: ${src.downRevisions.join(', ') || '(base)'}`,
    ` * Created: ${src.createDate}`,
    ' */',
    `import type { Operations } from '${src.importFrom ?? 'athanor'}';`,
    '',
    `export const revision = ${quote(src.revision)};`,
    `export const downRevision: ${downType} = ${down};`,
    `export const message = ${quote(src.message)};`,
    `export const createDate = ${quote(src.createDate)};`,
    '',
    'export async function upgrade(op: Operations): Promise<void> {',
    src.upgradeBody || '  // nothing to do',
    '}',
    '',
    'export async function downgrade(op: Operations): Promise<void> {',
    src.downgradeBody || '  // nothing to do',
    '}',
    '',
  ].join('\n');
}

function commentLines(text: string): string[] {
  return (text || '(no message)').split('\n').map((line) => ` * ${line.replace(/\*\//g, '* /')}`.trimEnd());
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
