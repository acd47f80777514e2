import type {
  ForeignKeyModel,
  IndexColumnModel,
  IndexModel,
  ReferentialAction,
  StorageParameters,
} from '../../schema/model.js';
import { AthanorError } from '../../util/errors.js';
import type { ConstraintRow, IndexRow } from '../catalog/catalog-queries.js';
import { withKeyOptions } from './reflect-index-keys.js';
import type { ReadingTable } from './reading-table.js';
import { isPunct, isWord, tokenizeSql, type SqlToken } from '../../sql/lexer.js';

const REFERENTIAL_ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** Clauses `pg_get_constraintdef` may print after a check's `CHECK (...)`. */
const CHECK_TRAILERS = [' NOT VALID', ' NO INHERIT', ' NOT ENFORCED'];

function referentialAction(code: string, constraint: string): ReferentialAction {
  const action = REFERENTIAL_ACTIONS[code];
  if (action === undefined) {
    throw new AthanorError(
      'reflect',
      `foreign key "${constraint}" has an unknown referential action code "${code}"; report this with your PostgreSQL version`,
    );
  }
  return action;
}

/**
 * The expression between the outer parentheses of a check definition as
 * `pg_get_constraintdef` prints it: `CHECK ((price > (0)::numeric))` gives
 * `(price > (0)::numeric)`.
 */
export function checkExpression(definition: string): string {
  let text = definition;
  for (let trimmed = true; trimmed;) {
    trimmed = false;
    for (const trailer of CHECK_TRAILERS) {
      if (text.endsWith(trailer)) {
        text = text.slice(0, -trailer.length);
        trimmed = true;
      }
    }
  }
  if (!text.startsWith('CHECK (') || !text.endsWith(')')) {
    throw new AthanorError(
      'reflect',
      `unexpected check constraint definition "${definition}"; report this with your PostgreSQL version`,
    );
  }
  return text.slice('CHECK ('.length, -1);
}

/** Adds one constraint row to its table. */
export function addConstraint(table: ReadingTable, row: ConstraintRow): void {
  const columns = row.columns ?? [];
  switch (row.type) {
    case 'p':
      table.primaryKey = {
        name: row.name,
        columns,
        ...include(row),
        ...deferral(row),
        ...withoutOverlaps(row),
        ...storage(row),
        ...invalid(row),
      };
      return;
    case 'u':
      table.uniques.push({
        name: row.name,
        columns,
        ...include(row),
        ...nullsNotDistinct(row),
        ...deferral(row),
        ...withoutOverlaps(row),
        ...storage(row),
        ...invalid(row),
      });
      return;
    case 'c':
      table.checks.push({
        name: row.name,
        expression: checkExpression(row.definition),
        ...notValid(row),
        ...noInherit(row),
        ...notEnforced(row),
      });
      return;
    case 'f':
      table.foreignKeys.push(foreignKeyFromRow(row, columns));
      return;
    case 'x':
      (table.exclusions ??= []).push({ name: row.name, definition: row.definition });
      return;
    default:
      throw new AthanorError(
        'reflect',
        `unexpected constraint type "${row.type}" on "${row.name}"; report this with your PostgreSQL version`,
      );
  }
}

function foreignKeyFromRow(row: ConstraintRow, columns: string[]): ForeignKeyModel {
  const key: ForeignKeyModel = {
    name: row.name,
    columns,
    refSchema: row.ref_schema ?? '',
    refTable: row.ref_table ?? '',
    refColumns: row.ref_columns ?? [],
    onDelete: referentialAction(row.on_delete, row.name),
    onUpdate: referentialAction(row.on_update, row.name),
    ...(row.match_type === 'f' ? { match: 'FULL' } : {}),
  };
  const period = isPeriodKey(row.definition) ? { period: true } : {};
  return { ...key, ...deferral(row), ...notValid(row), ...notEnforced(row), ...period, ...onDeleteColumns(row) };
}

/* Attributes that are present only when set, as the model keeps them. */

function deferral(row: ConstraintRow): { deferrable?: true; initiallyDeferred?: true } {
  if (!row.deferrable) return {};
  return row.deferred ? { deferrable: true, initiallyDeferred: true } : { deferrable: true };
}

function invalid(row: ConstraintRow): { invalid?: true } {
  return row.invalid ? { invalid: true } : {};
}

function include(row: ConstraintRow): { include?: string[] } {
  return row.include === null || row.include.length === 0 ? {} : { include: row.include };
}

/** A constraint that is not enforced is never validated: only `notEnforced` says so. */
function notValid(row: ConstraintRow): { notValid?: true } {
  return row.validated || isNotEnforced(row.definition) ? {} : { notValid: true };
}

/* PostgreSQL 18's clauses, read from pg_get_constraintdef() so that older servers need no other query. */

function isNotEnforced(definition: string): boolean {
  return definition.endsWith(' NOT ENFORCED');
}

function notEnforced(row: ConstraintRow): { notEnforced?: true } {
  return isNotEnforced(row.definition) ? { notEnforced: true } : {};
}

/** `PRIMARY KEY (id, valid WITHOUT OVERLAPS)`: the clause closes the first column list. */
function withoutOverlaps(row: ConstraintRow): { withoutOverlaps?: true } {
  if (!row.definition.includes(' OVERLAPS')) return {};
  const keys = firstColumnList(row.definition);
  const [without, overlaps] = keys.slice(-2);
  return isWord(without, 'without') && isWord(overlaps, 'overlaps') ? { withoutOverlaps: true } : {};
}

/** `FOREIGN KEY (id, PERIOD valid) REFERENCES ...`: `PERIOD` before the last column. */
function isPeriodKey(definition: string): boolean {
  if (!definition.includes('PERIOD ')) return false;
  const keys = firstColumnList(definition);
  return isPunct(keys[keys.length - 3], ',') && isWord(keys[keys.length - 2], 'period');
}

/** `ON DELETE SET NULL (a)` (PostgreSQL 15): the columns in the list after the action. */
function onDeleteColumns(row: ConstraintRow): { onDeleteColumns?: string[] } {
  if (row.on_delete !== 'n' && row.on_delete !== 'd') return {};
  const tokens = tokenizeSql(row.definition);
  const at = tokens.findIndex(
    (t, i) => isWord(t, 'on') && isWord(tokens[i + 1], 'delete') && isWord(tokens[i + 2], 'set'),
  );
  if (at < 0 || !isPunct(tokens[at + 4], '(')) return {};
  const columns: string[] = [];
  for (let i = at + 5; i < tokens.length && !isPunct(tokens[i], ')'); i += 1) {
    const token = tokens[i]!;
    if (token.kind === 'ident') columns.push(token.text);
  }
  return columns.length === 0 ? {} : { onDeleteColumns: columns };
}

/** The tokens of the definition's first parenthesized list, without the parentheses. */
function firstColumnList(definition: string): SqlToken[] {
  const tokens = tokenizeSql(definition);
  const open = tokens.findIndex((t) => isPunct(t, '('));
  const close = tokens.findIndex((t, i) => i > open && isPunct(t, ')'));
  return open < 0 || close < 0 ? [] : tokens.slice(open + 1, close);
}

function storage(row: ConstraintRow): { with?: StorageParameters } {
  const parameters = storageFromRow(row.storage);
  return parameters === undefined ? {} : { with: parameters };
}

function noInherit(row: ConstraintRow): { noInherit?: true } {
  return row.no_inherit ? { noInherit: true } : {};
}

function nullsNotDistinct(row: ConstraintRow): { nullsNotDistinct?: true } {
  return row.definition.startsWith('UNIQUE NULLS NOT DISTINCT ') ? { nullsNotDistinct: true } : {};
}

function indexColumn(entry: IndexRow['columns'][number]): IndexColumnModel {
  if (entry.expression !== null)
    return typeof entry.statistics === 'number'
      ? { expression: entry.expression, statistics: entry.statistics }
      : { expression: entry.expression };
  if (entry.column !== null) return { column: entry.column };
  throw new AthanorError(
    'reflect',
    'an index column is neither a column nor an expression; report this with your PostgreSQL version',
  );
}

export function indexFromRow(row: IndexRow): IndexModel {
  const keys = (row.columns ?? []).map((entry) => ({ key: indexColumn(entry), text: entry.text }));
  const parameters = storageFromRow(row.storage);
  return {
    name: row.name,
    unique: row.is_unique,
    method: row.method,
    columns: withKeyOptions(row.definition, keys),
    where: row.predicate,
    ...(row.include !== null && row.include.length > 0 ? { include: row.include } : {}),
    ...(row.nulls_not_distinct ? { nullsNotDistinct: true } : {}),
    ...(parameters !== undefined ? { with: parameters } : {}),
    ...(!row.is_valid ? { invalid: true } : {}),
  };
}

/** `['fillfactor=70', 'toast.autovacuum_enabled=off']` as storage parameters by name, in the server's order; undefined for none. */
export function storageFromRow(options: readonly string[] | null | undefined): StorageParameters | undefined {
  if (options === null || options === undefined || options.length === 0) return undefined;
  const entries = options.map((option) => {
    const at = option.indexOf('=');
    return [option.slice(0, at), option.slice(at + 1)] as const;
  });
  return Object.fromEntries(entries);
}
