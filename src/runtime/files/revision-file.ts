import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { acknowledgementProblem } from '../../ops/acknowledged.js';
import { BACKFILL_PLACEHOLDER } from '../../ops/families/backfill.js';
import { USING_PLACEHOLDER } from '../../ops/families/columns.js';
import { AthanorError } from '../../util/errors.js';
import { renderJsString } from '../../util/js-string.js';
import { textChecksum } from './checksum.js';
import { readConstant } from './header-constants.js';

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
  /** Hazards `migrate lint` takes as intended: codes, families, or `CODE_OR_FAMILY: start of the message`. */
  acknowledged?: string[];
  /** The checksum of the file's text this header was read from (checksum.ts); absent when it was read from text given. */
  checksum?: string;
  /** Set when the file still holds autogenerate's placeholder for a backfill's values: it refuses to run. */
  backfillToWrite?: true;
  /** Set when the file still holds autogenerate's placeholder for a type change's USING: it refuses to run. */
  usingToWrite?: true;
  /**
   * A squash: the revisions it replaces, parents first; the last is the one it
   * stands for (its range's end). See runtime/graph/squashes.ts.
   */
  replaces?: string[];
}

/** Revision ids: what the version table's varchar(32) holds and what targets can parse. */
export const REVISION_ID = /^[0-9A-Za-z_]{1,32}$/;
/** Branch labels: a letter or underscore first, so a label never reads as an id prefix with an offset. */
export const BRANCH_LABEL = /^[A-Za-z_][0-9A-Za-z_]{0,62}$/;
/** `lock_timeout` / `statement_timeout` values Postgres accepts: a number with an optional unit. */
const TIMEOUT = /^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/;

/**
 * Reads the header of a revision file and the checksum of the text it read,
 * for the commands that record or compare checksums (upgrade, downgrade,
 * stamp, verify): they then never read a file a second time for it.
 */
export function readRevisionHeaderWithChecksum(path: string): RevisionHeader {
  const text = readFileSync(path, 'utf8');
  return { ...readRevisionHeader(path, text), checksum: textChecksum(text) };
}

/**
 * Reads the header of a revision file by parsing its `export const` lines, so
 * that listing thousands of revisions never executes any of them.
 */
export function readRevisionHeader(path: string, source = readFileSync(path, 'utf8')): RevisionHeader {
  const revision = readString(source, 'revision', path);
  if (revision === null) throw invalidFile(path, "it has no `export const revision = '...'` line");
  if (!REVISION_ID.test(revision))
    throw invalidFile(path, `its revision id "${revision}" must be 1 to 32 letters, digits or underscores`);
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
    if (bad !== undefined)
      throw invalidFile(
        path,
        `its branch label "${bad}" must start with a letter or underscore and hold only letters, digits and underscores`,
      );
    header.branchLabels = labels;
  }
  const transactional = readBoolean(source, 'transactional', path);
  if (transactional === false) header.transactional = false;
  const lockTimeout = readTimeout(source, 'lockTimeout', path);
  if (lockTimeout !== null) header.lockTimeout = lockTimeout;
  const statementTimeout = readTimeout(source, 'statementTimeout', path);
  if (statementTimeout !== null) header.statementTimeout = statementTimeout;
  const acknowledged = readStringList(source, 'acknowledged', path);
  if (acknowledged && acknowledged.length > 0) {
    const problem = acknowledged.map(acknowledgementProblem).find((p) => p !== null);
    if (problem) throw invalidFile(path, `its acknowledged entry ${problem}`);
    header.acknowledged = acknowledged;
  }
  if (source.includes(BACKFILL_PLACEHOLDER)) header.backfillToWrite = true;
  // As a string of the code: a comment may name it.
  if (["'", '"', '`'].some((quote) => source.includes(`${quote}${USING_PLACEHOLDER}${quote}`)))
    header.usingToWrite = true;
  const replaces = readStringList(source, 'replaces', path);
  if (replaces && replaces.length > 0) {
    const bad = replaces.find((id) => !REVISION_ID.test(id) || id === header.revision);
    if (bad !== undefined) throw invalidFile(path, `its replaces entry "${bad}" is not another revision's id`);
    header.replaces = replaces;
  }
  return header;
}

function readString(source: string, name: string, path: string): string | null {
  const value = readConstant(source, name);
  if (value === undefined) return null;
  if (value.kind !== 'string') throw invalidFile(path, `its ${name} must be a plain string literal`);
  return value.text;
}

/** `null`, a string, or an array of strings; undefined when the line is missing. */
function readStringList(source: string, name: string, path: string): string[] | undefined {
  const value = readConstant(source, name);
  if (value === undefined) return undefined;
  if (value.kind === 'word' && value.text === 'null') return [];
  if (value.kind === 'string') return [value.text];
  if (value.kind === 'array') {
    const texts = value.items.flatMap((item) => (item.kind === 'string' ? [item.text] : []));
    if (texts.length === value.items.length) return texts;
  }
  throw invalidFile(path, `its ${name} must be null, a string literal or an array of string literals`);
}

function readBoolean(source: string, name: string, path: string): boolean | null {
  const value = readConstant(source, name);
  if (value === undefined) return null;
  if (value.kind !== 'word' || (value.text !== 'true' && value.text !== 'false'))
    throw invalidFile(path, `its ${name} must be true or false`);
  return value.text === 'true';
}

/** A timeout as a string literal (`'5s'`) or a number of milliseconds. */
function readTimeout(source: string, name: string, path: string): string | null {
  const value = readConstant(source, name);
  if (value === undefined) return null;
  const text =
    value.kind === 'word' && /^\d+$/.test(value.text)
      ? `${value.text}ms`
      : value.kind === 'string'
        ? value.text.trim()
        : null;
  if (text === null || !TIMEOUT.test(text)) {
    throw invalidFile(path, `its ${name} must be a number of milliseconds or a string such as '5s' or '500ms'`);
  }
  return text;
}

function invalidFile(path: string, why: string): AthanorError {
  return new AthanorError('bad-revision-file', `revision file ${basename(path)} is invalid: ${why}`);
}

interface RevisionSource {
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
  /** False when the revision runs statements outside a transaction (an online plan's `op.autocommit` block). */
  transactional?: boolean;
  /** A squash's replaced revisions, parents first. */
  replaces?: string[];
  /** How many of its operations `migrate upgrade --expand` cannot serve (`migrate lint` names them). */
  notExpandable?: number;
}

/** Renders a complete revision file. Bodies are already-indented statements. */
export function renderRevisionFile(src: RevisionSource): string {
  const down =
    src.downRevisions.length === 0
      ? `export const downRevision: string | null = null;`
      : src.downRevisions.length === 1
        ? `export const downRevision: string | null = ${quote(src.downRevisions[0]!)};`
        : arrayConstant('downRevision: string[]', src.downRevisions);
  const optional = [
    ...(src.dependsOn?.length ? [arrayConstant('dependsOn', src.dependsOn)] : []),
    ...(src.branchLabels?.length ? [arrayConstant('branchLabels', src.branchLabels)] : []),
    ...(src.replaces?.length
      ? [
          '// A squash: it stands for these revisions (the last one is where it ends) while their files exist.',
          arrayConstant('replaces', src.replaces),
        ]
      : []),
  ];
  return [
    '/**',
    ...commentLines(src.message),
    ' *',
    ` * Revision: ${src.revision}`,
    ` * Revises: ${src.downRevisions.join(', ') || '(base)'}`,
    ...(src.dependsOn?.length ? [` * Depends on: ${src.dependsOn.join(', ')}`] : []),
    ...(src.replaces?.length ? [` * Replaces: ${src.replaces.join(', ')}`] : []),
    ` * Created: ${src.createDate}`,
    ...(src.notExpandable
      ? [
          ' *',
          ` * upgrade --expand cannot serve ${src.notExpandable} of its operations to two versions at once;`,
          ' * `migrate lint` names them. Apply it with a plain `migrate upgrade`.',
        ]
      : []),
    ' */',
    `import type { Operations } from '${src.importFrom ?? 'athanor'}';`,
    '',
    `export const revision = ${quote(src.revision)};`,
    down,
    ...optional,
    `export const message = ${quote(src.message)};`,
    `export const createDate = ${quote(src.createDate)};`,
    ...(src.transactional === false
      ? [
          '// Its op.autocommit block commits as it goes: the runner resumes it there if a run stops part way.',
          'export const transactional = false;',
        ]
      : []),
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

/** The longest line a formatter leaves alone (prettier's default print width). */
const PRINT_WIDTH = 80;

/** `export const NAME = [...];` on one line, or one item per line when that line would be too long. */
function arrayConstant(declaration: string, items: string[]): string {
  const line = `export const ${declaration} = [${items.map(quote).join(', ')}];`;
  if (line.length <= PRINT_WIDTH) return line;
  return [`export const ${declaration} = [`, ...items.map((item) => `  ${quote(item)},`), '];'].join('\n');
}

function commentLines(text: string): string[] {
  return (text || '(no message)')
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => ` * ${line.replace(/\*\//g, '* /')}`.trimEnd());
}

const quote = renderJsString;
