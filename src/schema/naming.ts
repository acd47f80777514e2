import { AthanorError } from '../util/errors.js';
import { truncateUtf8, utf8Length } from '../util/strings.js';
import { figureIndexColumnName, referencedColumns } from './dsl/sql-scan.js';
import type { ColumnModel, IdentityModel, IndexColumnModel, TableModel } from './model.js';
import { qualifiedKey } from './qualified-key.js';
import { qualifiedTypeName, SERIAL_BASE_TYPES } from './types.js';
import { printLiteral } from '../sql/literal.js';

/**
 * Names of constraints and indexes: SQLAlchemy-style naming conventions, and
 * otherwise the names Postgres itself would choose, with its 63-byte limit.
 */

/** NAMEDATALEN - 1. */
export const MAX_IDENTIFIER_BYTES = 63;

export type ConventionKind = 'pk' | 'uq' | 'ix' | 'fk' | 'ck';

/** Templates per kind, with SQLAlchemy's `%(token)s` placeholders. */
export type NamingConvention = Partial<Record<ConventionKind, string>>;

/** Cuts a name to 63 bytes as Postgres truncates identifiers, never splitting a character. */
export function truncateIdentifier(name: string): string {
  return truncateUtf8(name, MAX_IDENTIFIER_BYTES);
}

/**
 * Postgres' makeObjectName: `name1_name2_label`, shortening the longer of
 * name1 and name2 until the whole fits in 63 bytes.
 */
export function makeObjectName(name1: string, name2: string | null, label: string): string {
  const overhead = (name2 === null ? 0 : 1) + utf8Length(label) + 1;
  const available = MAX_IDENTIFIER_BYTES - overhead;
  let name1Bytes = utf8Length(name1);
  let name2Bytes = name2 === null ? 0 : utf8Length(name2);
  while (name1Bytes + name2Bytes > available) {
    if (name1Bytes > name2Bytes) name1Bytes -= 1;
    else name2Bytes -= 1;
  }
  const first = truncateUtf8(name1, name1Bytes);
  const second = name2 === null ? '' : `_${truncateUtf8(name2, name2Bytes)}`;
  return `${first}${second}_${label}`;
}

/** The pieces Postgres builds a default name from. */
export interface NameParts {
  table: string;
  columns: string | null;
  label: string;
}

/** The default name when nothing in the schema is in the way. */
export function nameFromParts(parts: NameParts): string {
  return makeObjectName(parts.table, parts.columns, parts.label);
}

/**
 * Postgres' ChooseRelationName / ChooseConstraintName: on a collision the
 * label becomes `label1`, `label2`, ... until the name is free.
 */
export function chooseName(parts: NameParts, isTaken: (name: string) => boolean): string {
  let label = parts.label;
  for (let pass = 1; ; pass += 1) {
    const name = makeObjectName(parts.table, parts.columns, label);
    if (!isTaken(name)) return name;
    label = `${parts.label}${pass}`;
  }
}

/** Postgres' ChooseIndexNameAddition: names joined with `_`, cut off once past 63 bytes. */
export function joinNameColumns(names: readonly string[]): string {
  let joined = '';
  for (const name of names) {
    if (joined.length > 0) joined += '_';
    joined += truncateIdentifier(name);
    if (utf8Length(joined) > MAX_IDENTIFIER_BYTES) break;
  }
  return joined;
}

/** Postgres' ChooseIndexColumnNames: expression columns get a figured name, repeats get 1, 2, ... */
export function indexColumnNames(columns: readonly IndexColumnModel[]): string[] {
  const result: string[] = [];
  for (const column of columns) {
    const original = 'column' in column ? column.column : figureIndexColumnName(column.expression);
    let current = original;
    for (let i = 1; result.includes(current); i += 1) {
      const suffix = String(i);
      current = truncateUtf8(original, MAX_IDENTIFIER_BYTES - suffix.length) + suffix;
    }
    result.push(current);
  }
  return result;
}

export function primaryKeyNameParts(table: string): NameParts {
  return { table, columns: null, label: 'pkey' };
}

export function uniqueNameParts(table: string, columns: readonly string[]): NameParts {
  return { table, columns: joinNameColumns(columns), label: 'key' };
}

export function indexNameParts(table: string, columns: readonly IndexColumnModel[]): NameParts {
  return { table, columns: joinNameColumns(indexColumnNames(columns)), label: 'idx' };
}

export function foreignKeyNameParts(table: string, columns: readonly string[]): NameParts {
  return { table, columns: joinNameColumns(columns), label: 'fkey' };
}

/** `<t>_<col>_check` when the expression references exactly one column of the table, else `<t>_check`. */
export function checkNameParts(table: string, expression: string, tableColumns: readonly string[]): NameParts {
  const columns = referencedColumns(expression, tableColumns);
  return { table, columns: columns.length === 1 ? (columns[0] ?? null) : null, label: 'check' };
}

/** What a naming convention is applied to. */
export interface ConventionSubject {
  kind: ConventionKind;
  table: string;
  columns: readonly string[];
  referredTable?: string;
  referredColumns?: readonly string[];
  /** The name given in the model, if any. */
  name?: string;
}

const KIND_WORDS: Record<ConventionKind, string> = {
  pk: 'primary key',
  uq: 'unique constraint',
  ix: 'index',
  fk: 'foreign key',
  ck: 'check constraint',
};

/**
 * The name a naming convention gives, or null when it has no template for
 * the kind or the object is named and the template does not use
 * `%(constraint_name)s` (SQLAlchemy semantics). Cut to 63 bytes.
 */
export function conventionName(convention: NamingConvention, subject: ConventionSubject): string | null {
  const template = convention[subject.kind];
  if (template === undefined) return null;
  if (subject.name !== undefined && !template.includes('%(constraint_name)s')) return null;
  const name = template.replace(/%\((\w+)\)s/g, (_match, token: string) => conventionToken(token, subject, template));
  return truncateIdentifier(name);
}

function describeSubject(subject: ConventionSubject): string {
  const columns = subject.columns.length > 0 ? ` (${subject.columns.join(', ')})` : '';
  return `the ${KIND_WORDS[subject.kind]} on table "${subject.table}"${columns}`;
}

function conventionError(subject: ConventionSubject, template: string, what: string): AthanorError {
  return new AthanorError(
    'naming-convention',
    `naming convention "${template}" cannot name ${describeSubject(subject)}: ${what}`,
  );
}

function conventionToken(token: string, subject: ConventionSubject, template: string): string {
  if (token === 'table_name') return subject.table;
  if (token === 'constraint_name') {
    if (subject.name === undefined)
      throw conventionError(subject, template, 'it uses %(constraint_name)s, so give the object a name');
    return subject.name;
  }
  if (token === 'referred_table_name') {
    if (subject.referredTable === undefined)
      throw conventionError(subject, template, 'only foreign keys have a referred table');
    return subject.referredTable;
  }
  const match = /^(referred_)?column_(\d+)(_?N)?_(name|key|label)$/.exec(token);
  if (!match) throw conventionError(subject, template, `unknown token %(${token})s`);
  const referred = match[1] !== undefined;
  const columns = referred ? subject.referredColumns : subject.columns;
  const table = referred ? subject.referredTable : subject.table;
  if (columns === undefined || table === undefined)
    throw conventionError(subject, template, 'only foreign keys have referred columns');
  const render = (column: string): string => (match[4] === 'label' ? `${table}_${column}` : column);
  const multiple = match[3];
  if (multiple !== undefined) return columns.map(render).join(multiple.startsWith('_') ? '_' : '');
  const column = columns[Number(match[2])];
  if (column === undefined)
    throw conventionError(subject, template, `%(${token})s needs more columns than it has; name it explicitly`);
  return render(column);
}

/** The name PostgreSQL 18 gives a column's NOT NULL constraint: `<table>_<column>_not_null`, truncated as Postgres truncates. */
export function notNullConstraintName(table: string, column: string): string {
  return makeObjectName(table, column, 'not_null');
}

/**
 * The name Postgres gives the sequence of a `serial` column: `<table>_<column>_seq`,
 * shortened like its `makeObjectName` does when too long - the longer of the two
 * names loses bytes first, never in the middle of a character.
 */
export function serialSequenceName(table: string, column: string): string {
  const suffix = 'seq';
  const available = MAX_IDENTIFIER_BYTES - (suffix.length + 1) - 1;
  let tableBytes = utf8Length(table);
  let columnBytes = utf8Length(column);
  while (tableBytes + columnBytes > available) {
    if (tableBytes > columnBytes) tableBytes -= 1;
    else columnBytes -= 1;
  }
  return `${truncateUtf8(table, tableBytes)}_${truncateUtf8(column, columnBytes)}_${suffix}`;
}

/** The default `serial` gives a column: `nextval('<schema>.<sequence>'::regclass)`, as Postgres prints it. */
export function serialDefault(schema: string, table: string, column: string): string {
  return `nextval(${printLiteral(qualifiedTypeName(schema, serialSequenceName(table, column)))}::regclass)`;
}

/** Each serial column of `tables`, with the key (`qualifiedKey`) of the sequence `serial` makes for it. */
export function serialSequences(
  tables: readonly TableModel[],
): { key: string; table: TableModel; column: ColumnModel }[] {
  return tables.flatMap((table) =>
    table.columns
      .filter((column) => column.type in SERIAL_BASE_TYPES)
      .map((column) => ({
        key: qualifiedKey(table.schema, serialSequenceName(table.name, column.name)),
        table,
        column,
      })),
  );
}

/** An identity column's sequence: its given name, else the one Postgres gives when it is free. */
export function identitySequenceName(table: string, column: string, identity: IdentityModel): string {
  return identity.sequenceName ?? serialSequenceName(table, column);
}

/**
 * The sequence a serial or identity column has of its own: an identity's
 * given name, else the one Postgres gives when it is free; null for another
 * column.
 */
export function ownSequenceName(table: string, column: ColumnModel): string | null {
  if (column.identity !== null) return identitySequenceName(table, column.name, column.identity);
  return SERIAL_BASE_TYPES[column.type] === undefined ? null : serialSequenceName(table, column.name);
}
