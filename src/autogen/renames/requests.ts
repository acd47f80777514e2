import { RENAME_KINDS, isPart, isTablePart, type RenameKind } from '../../schema/renames.js';
import { kindWord } from '../../schema/object-kinds.js';
import { AthanorError } from '../../util/errors.js';
import type { Renamable } from './renamables.js';

/** `--rename [KIND:]PATH=NEW` or `--no-rename [KIND:]PATH`, read. */
export interface RenameRequest {
  /** As the user wrote it, for messages. */
  spelled: string;
  kind?: RenameKind;
  /** The old name, with as much of its place as the user gave: `name`, `table.name`, `schema.table.name`. */
  path: string[];
  /** The new name; absent for `--no-rename`. */
  to?: string;
}

const KIND_WORDS = new Map<string, RenameKind>([
  ...RENAME_KINDS.map((k): [string, RenameKind] => [k.toLowerCase(), k]),
  ['materialized-view', 'materializedView'],
  ['enum-value', 'enumValue'],
]);

/** How a kind is written before the colon of a flag. */
function flagWord(kind: RenameKind): string {
  return kind === 'materializedView' ? 'materialized-view' : kind === 'enumValue' ? 'enum-value' : kind;
}

/** Reads one `--rename` (with `=NEW`) or `--no-rename` (without) value. */
export function parseRenameRequest(spelled: string, rename: boolean): RenameRequest {
  const flag = rename ? '--rename' : '--no-rename';
  let rest = spelled.trim();
  let kind: RenameKind | undefined;
  const colon = /^([a-zA-Z-]+):/.exec(rest);
  if (colon !== null) {
    kind = KIND_WORDS.get(colon[1]!.toLowerCase());
    if (kind === undefined)
      throw new AthanorError(
        'bad-rename',
        `${flag} ${spelled}: unknown kind "${colon[1]}"; use one of ${[...KIND_WORDS.keys()].join(', ')}`,
      );
    rest = rest.slice(colon[0].length);
  }
  const usage = rename
    ? `${flag} TABLE.COLUMN=NEW, ${flag} TABLE=NEW or ${flag} KIND:NAME=NEW (a name holding . = : or " in double quotes)`
    : `${flag} TABLE.COLUMN, ${flag} TABLE or ${flag} KIND:NAME (a name holding . = : or " in double quotes)`;
  const read = readFlagNames(rest);
  if (read === null) throw new AthanorError('bad-rename', `${flag} ${spelled}: write it as ${usage}`);
  const { path, to } = read;
  if (path.some((part) => part === '') || path.length > 3 || (rename ? !to : to !== undefined)) {
    throw new AthanorError('bad-rename', `${flag} ${spelled}: write it as ${usage}`);
  }
  return { spelled, ...(kind ? { kind } : {}), path, ...(to !== undefined ? { to } : {}) };
}

/**
 * `PATH[=NEW]` read: the parts of PATH between dots, and NEW; a part or NEW
 * in double quotes is taken as written, dots and `=` included (`""` is a
 * quote). Null when a quote is not closed or `=` comes twice.
 */
function readFlagNames(text: string): { path: string[]; to?: string } | null {
  const names: string[][] = [[]];
  let part = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = closingQuote(text, i);
      if (end < 0) return null;
      part += text.slice(i + 1, end).replace(/""/g, '"');
      i = end;
    } else if (c === '.' && names.length === 1) {
      names[0]!.push(part);
      part = '';
    } else if (c === '=') {
      if (names.length > 1) return null;
      names[0]!.push(part);
      names.push([]);
      part = '';
    } else part += c;
  }
  names.at(-1)!.push(part);
  const [path, to] = names as [string[], string[] | undefined];
  return { path, ...(to === undefined ? {} : { to: to[0]! }) };
}

/** Where the `"` that closes the one at `open` is (`""` inside is a quote), or -1. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== '"') continue;
    if (text[i + 1] === '"') i++;
    else return i;
  }
  return -1;
}

/** A name as a flag writes it: in double quotes when it holds `.`, `=`, `:` or `"`. */
function flagName(name: string): string {
  return /[.=:"]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/**
 * A flag's value as a shell reads it back: as it is when it holds only
 * letters, digits and `_ . : = - , / @ %`, else in single quotes.
 */
function shellWord(value: string): string {
  return /^[\w.:=,/@%-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `--rename SPELLING=NEW`, as a shell reads it back. */
export function renameFlag(o: Renamable, to: string): string {
  return `--rename ${shellWord(`${spellingOf(o)}=${flagName(to)}`)}`;
}

/** `--no-rename SPELLING`, as a shell reads it back. */
export function noRenameFlag(o: Renamable): string {
  return `--no-rename ${shellWord(spellingOf(o))}`;
}

/** Whether a request names this object: its kind (when given) and the end of its place and name. */
export function requestNames(request: RenameRequest, o: Renamable): boolean {
  if (request.kind !== undefined && request.kind !== o.kind) return false;
  const full = placeOf(o);
  const tail = full.slice(full.length - request.path.length);
  return request.path.length <= full.length && tail.every((part, i) => part === request.path[i]);
}

/** `schema.table.name` (`schema.enum.value`), `schema.name` or (for a schema) `name`. */
function placeOf(o: Renamable): string[] {
  if (o.kind === 'schema') return [o.name];
  return isPart(o.kind) ? [o.schema, o.table ?? '', o.name] : [o.schema, o.name];
}

/** How to name `o` on the command line: the shortest spelling (no `public.`), with its kind unless a table or column. */
export function spellingOf(o: Renamable): string {
  const place = placeOf(o);
  const shown = o.kind !== 'schema' && place[0] === 'public' ? place.slice(1) : place;
  const kind = o.kind === 'table' || o.kind === 'column' ? '' : `${flagWord(o.kind)}:`;
  return `${kind}${shown.map(flagName).join('.')}`;
}

/** `column public.users.name`, `value 'shipped' of enum public.orders`, for messages. */
export function describeRenamable(o: Renamable): string {
  const word = kindWord(o.kind);
  if (o.kind === 'schema') return `schema ${o.name}`;
  if (o.kind === 'enumValue') return `value '${o.name}' of enum ${o.schema}.${o.table}`;
  const args = o.argumentTypes === undefined ? '' : `(${o.argumentTypes})`;
  if (o.kind === 'column') return `column ${o.schema}.${o.table}.${o.name}`;
  return isTablePart(o.kind) ? `${word} ${o.name} on ${o.schema}.${o.table}` : `${word} ${o.schema}.${o.name}${args}`;
}
