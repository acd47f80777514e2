import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AthanorError } from '../util/errors.js';
import { parseJsString, renderJsString } from '../util/js-string.js';

/** What the graph and the runner need to know of one revision file, read without running it. */
export interface RevisionHeader {
  revision: string;
  /** Parents; empty for a base revision, several for a merge. */
  downRevisions: string[];
  message: string;
  createDate: string | null;
  path: string;
  /** Revisions (ids or branch labels) this one needs applied first, on other branches. */
  dependsOn?: string[];
  /** Branch labels this revision declares. */
  branchLabels?: string[];
  /** False when the revision runs statements outside a transaction (`op.autocommit`). */
  transactional?: boolean;
  /** `lock_timeout` while this revision runs, e.g. `'5s'`. */
  lockTimeout?: string;
  /** `statement_timeout` while this revision runs. */
  statementTimeout?: string;
}

const STRING = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"`;
const IS_STRING = new RegExp(`^(${STRING})$`);
const CONST = (name: string) =>
  new RegExp(String.raw`^export\s+const\s+${name}\s*(?::[^=\n]+)?=\s*([^;\n]+);?\s*$`, 'm');

/** Revision ids: what the version table's varchar(32) holds and what targets can parse. */
export const REVISION_ID = /^[0-9A-Za-z_]{1,32}$/;
/** Branch labels: a letter or underscore first, so a label never reads as an id prefix with an offset. */
export const BRANCH_LABEL = /^[A-Za-z_][0-9A-Za-z_]{0,62}$/;
/** `lock_timeout` / `statement_timeout` values Postgres accepts: a number with an optional unit. */
export const TIMEOUT = /^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/;

/**
 * Reads the header of a revision file by parsing its `export const` lines, so
 * that listing thousands of revisions never executes any of them.
 */
export function readRevisionHeader(path: string, source = readFileSync(path, 'utf8')): RevisionHeader {
  const revision = readString(source, 'revision', path);
  if (revision === null) throw invalidFile(path, "it has no `export const revision = '...'` line");
  if (!REVISION_ID.test(revision)) throw invalidFile(path, `its revision id "${revision}" must be 1 to 32 letters, digits or underscores`);
  const down = readStringList(source, 'downRevision', path);
  if (down === undefined) {
    throw invalidFile(path, 'it has no `export const downRevision = ...` line (use null for the first revision)');
  }
  for (const fn of ['upgrade', 'downgrade']) {
    if (!new RegExp(String.raw`export\s+(async\s+)?function\s+${fn}\b|export\s+const\s+${fn}\b`).test(source)) {
      throw invalidFile(path, `it does not export a ${fn} function`);
    }
  }
  const header: RevisionHeader = {
    revision,
    downRevisions: down,
    message: readString(source, 'message', path) ?? '',
    createDate: readString(source, 'createDate', path),
    path,
  };
  return withOptionalFields(header, source, path);
}

function withOptionalFields(header: RevisionHeader, source: string, path: string): RevisionHeader {
  const dependsOn = readStringList(source, 'dependsOn', path);
  if (dependsOn && dependsOn.length > 0) header.dependsOn = dependsOn;
  const labels = readStringList(source, 'branchLabels', path);
  if (labels && labels.length > 0) {
    const bad = labels.find((label) => !BRANCH_LABEL.test(label));
    if (bad !== undefined) throw invalidFile(path, `its branch label "${bad}" must start with a letter or underscore and hold only letters, digits and underscores`);
    header.branchLabels = labels;
  }
  const transactional = readBoolean(source, 'transactional', path);
  if (transactional === false) header.transactional = false;
  const lockTimeout = readTimeout(source, 'lockTimeout', path);
  if (lockTimeout !== null) header.lockTimeout = lockTimeout;
  const statementTimeout = readTimeout(source, 'statementTimeout', path);
  if (statementTimeout !== null) header.statementTimeout = statementTimeout;
  return header;
}

function readString(source: string, name: string, path: string): string | null {
  const match = CONST(name).exec(source);
  if (!match) return null;
  const value = match[1]!.trim();
  if (!IS_STRING.test(value)) throw invalidFile(path, `its ${name} must be a plain string literal`);
  return unquote(value);
}

/** `null`, a string, or an array of strings; undefined when the line is missing. */
function readStringList(source: string, name: string, path: string): string[] | undefined {
  const match = CONST(name).exec(source);
  if (!match) return undefined;
  const value = match[1]!.trim();
  if (value === 'null' || value === '[]') return [];
  if (IS_STRING.test(value)) return [unquote(value)];
  const list = /^\[(.*)\]$/.exec(value);
  if (list) {
    const items = list[1]!.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.every((item) => IS_STRING.test(item))) return items.map(unquote);
  }
  throw invalidFile(path, `its ${name} must be null, a string literal or an array of string literals`);
}

function readBoolean(source: string, name: string, path: string): boolean | null {
  const match = CONST(name).exec(source);
  if (!match) return null;
  const value = match[1]!.trim();
  if (value !== 'true' && value !== 'false') throw invalidFile(path, `its ${name} must be true or false`);
  return value === 'true';
}

/** A timeout as a string literal (`'5s'`) or a number of milliseconds. */
function readTimeout(source: string, name: string, path: string): string | null {
  const match = CONST(name).exec(source);
  if (!match) return null;
  const value = match[1]!.trim();
  const text = /^\d+$/.test(value) ? `${value}ms` : IS_STRING.test(value) ? unquote(value).trim() : null;
  if (text === null || !TIMEOUT.test(text)) {
    throw invalidFile(path, `its ${name} must be a number of milliseconds or a string such as '5s' or '500ms'`);
  }
  return text;
}

const unquote = parseJsString;

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
  dependsOn?: string[];
  branchLabels?: string[];
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
  const optional = [
    ...(src.dependsOn?.length ? [`export const dependsOn = [${src.dependsOn.map(quote).join(', ')}];`] : []),
    ...(src.branchLabels?.length ? [`export const branchLabels = [${src.branchLabels.map(quote).join(', ')}];`] : []),
  ];
  return [
    '/**',
    ...commentLines(src.message),
    ' *',
    ` * Revision: ${src.revision}`,
    ` * Revises: ${src.downRevisions.join(', ') || '(base)'}`,
    ...(src.dependsOn?.length ? [` * Depends on: ${src.dependsOn.join(', ')}`] : []),
    ` * Created: ${src.createDate}`,
    ' */',
    `import type { Operations } from '${src.importFrom ?? 'athanor'}';`,
    '',
    `export const revision = ${quote(src.revision)};`,
    `export const downRevision: ${downType} = ${down};`,
    ...optional,
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
  return (text || '(no message)').split(/\r\n|[\n\r\u2028\u2029]/).map((line) => ` * ${line.replace(/\*\//g, '* /')}`.trimEnd());
}

const quote = renderJsString;
