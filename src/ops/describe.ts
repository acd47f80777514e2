import type { ConstraintModel, IdentityModel } from '../schema/model.js';
import { assertNever } from '../util/assert-never.js';
import { forKind, type Operation, type OperationOf, type PerKind } from './operation.js';
import {
  describeAlterExtension,
  describeObjectOperation,
  isDestructiveObjectOperation,
} from './objects/object-operations.js';
import { describeReplaceDomain } from './domain-replace.js';
import {
  compositeHazardText,
  describeCompositeOperation,
  isDestructiveCompositeOperation,
} from './objects/composite-operations.js';
import { describeForeignOperation } from './objects/foreign-operations.js';
import { describeTableFeatureOperation, isDestructiveTableFeatureOperation } from './describe-table-features.js';
import { describeRowCopy } from './row-copy.js';
import {
  describeCreateCollation,
  describeDropCollation,
  describeDropRule,
  describeRule,
} from './objects/collation-rule-operations.js';
import { describeRename } from './rename.js';
import { describeCreateCast, describeDropCast } from './objects/cast-operations.js';
import { describeTextSearchOperation } from './objects/text-search-operations.js';
import { describeOperatorOperation } from './objects/operator-operations.js';

const DESCRIBERS: PerKind<string> = {
  createSchema: (op) => `create schema ${op.schema}`,
  dropSchema: (op) => `drop schema ${op.schema}`,
  createEnum: (op) => `create enum ${op.enum.schema}.${op.enum.name}`,
  dropEnum: (op) => `drop enum ${op.schema}.${op.name}`,
  addEnumValue: describeAddEnumValue,
  createTable: (op) => `create table ${op.table.schema}.${op.table.name}`,
  dropTable: describeDropTable,
  stashRows: describeRowCopy,
  restoreRows: describeRowCopy,
  addColumn: (op) => `add column ${op.schema}.${op.table}.${op.column.name}`,
  dropColumn: (op) => `drop column ${op.schema}.${op.table}.${op.column}`,
  alterColumn: describeAlterColumn,
  addConstraint: (op) =>
    `add ${constraintWord(op.constraint)} ${op.constraint.name} on ${op.schema}.${op.table}${op.online === true ? ' online' : ''}`,
  dropConstraint: describeDropConstraint,
  createIndex: (op) =>
    `create ${op.index.unique ? 'unique ' : ''}index ${op.index.name} on ${op.schema}.${op.table}${op.online === true ? ' concurrently' : ''}`,
  dropIndex: (op) => `drop index ${op.name} on ${op.schema}.${op.table}${op.online === true ? ' concurrently' : ''}`,
  renameIndex: (op) => `rename index ${op.schema}.${op.from} to ${op.to}`,
  renameSchema: describeRename,
  setUnlogged: (op) => `set table ${op.schema}.${op.table} ${op.unlogged ? 'unlogged' : 'logged'}`,
  setStorageParameters: describeStorageParameters,
  renameTable: describeRename,
  renameColumn: describeRename,
  renameObject: describeRename,
  createExtension: describeObjectOperation,
  createCollation: describeCreateCollation,
  dropCollation: describeDropCollation,
  createRule: describeRule,
  replaceRule: describeRule,
  dropRule: describeDropRule,
  createCast: describeCreateCast,
  dropCast: describeDropCast,
  createTextSearchDictionary: describeTextSearchOperation,
  alterTextSearchDictionary: describeTextSearchOperation,
  dropTextSearchDictionary: describeTextSearchOperation,
  createTextSearchConfiguration: describeTextSearchOperation,
  alterTextSearchConfiguration: describeTextSearchOperation,
  dropTextSearchConfiguration: describeTextSearchOperation,
  createOperator: describeOperatorOperation,
  dropOperator: describeOperatorOperation,
  alterOperator: describeOperatorOperation,
  createOperatorClass: describeOperatorOperation,
  dropOperatorClass: describeOperatorOperation,
  dropExtension: describeObjectOperation,
  createSequence: describeObjectOperation,
  dropSequence: describeObjectOperation,
  alterSequence: describeObjectOperation,
  createDomain: describeObjectOperation,
  dropDomain: describeObjectOperation,
  alterDomain: describeObjectOperation,
  createCompositeType: describeCompositeOperation,
  dropCompositeType: describeCompositeOperation,
  addCompositeAttribute: describeCompositeOperation,
  dropCompositeAttribute: describeCompositeOperation,
  alterCompositeAttribute: describeCompositeOperation,
  createForeignDataWrapper: describeForeignOperation,
  dropForeignDataWrapper: describeForeignOperation,
  alterForeignDataWrapper: describeForeignOperation,
  createForeignServer: describeForeignOperation,
  dropForeignServer: describeForeignOperation,
  alterForeignServer: describeForeignOperation,
  createForeignTable: describeForeignOperation,
  dropForeignTable: describeForeignOperation,
  alterForeignTable: describeForeignOperation,
  createView: describeObjectOperation,
  dropView: describeObjectOperation,
  replaceView: describeObjectOperation,
  createFunction: describeObjectOperation,
  dropFunction: describeObjectOperation,
  replaceFunction: describeObjectOperation,
  createTrigger: describeObjectOperation,
  dropTrigger: describeObjectOperation,
  setComment: describeObjectOperation,
  alterExtension: describeAlterExtension,
  replaceDomain: describeReplaceDomain,
  renameEnumValue: describeTableFeatureOperation,
  replaceEnum: describeTableFeatureOperation,
  setRowLevelSecurity: describeTableFeatureOperation,
  createPolicy: describeTableFeatureOperation,
  dropPolicy: describeTableFeatureOperation,
  attachPartition: describeTableFeatureOperation,
  detachPartition: describeTableFeatureOperation,
  executeSql: () => 'execute SQL',
};

/** One human line, e.g. `add column public.users.email`. Names are shown unquoted. */
export function describeOperation(op: Operation): string {
  return forKind(DESCRIBERS, op);
}

function describeDropTable(op: OperationOf<'dropTable'>): string {
  if (op.rowsKeptIn === undefined) return `drop table ${op.schema}.${op.name}`;
  return `drop table ${op.schema}.${op.name} to rebuild it (its rows are kept in ${op.schema}.${op.rowsKeptIn})`;
}

function describeDropConstraint(op: OperationOf<'dropConstraint'>): string {
  const what = op.removed === undefined ? 'constraint' : constraintWord(op.removed);
  return `drop ${what} ${op.name} on ${op.schema}.${op.table}`;
}

/**
 * What a destructive operation (see `isDestructive`) costs, for the warning
 * written above it: most drops lose their data; a rebuilt table loses only the
 * columns its new layout lacks; a type change may cut or reject values.
 */
export function hazardOf(op: Operation): string {
  switch (op.kind) {
    case 'dropTable':
      return op.rowsKeptIn === undefined ? 'data in it is lost' : 'values of columns the new table lacks are lost';
    case 'alterColumn':
    case 'replaceDomain':
      return 'values may be cut, or fail to convert';
    case 'replaceEnum':
      return 'rows holding a removed value make it fail';
    case 'dropCompositeAttribute':
      return compositeHazardText(op);
    default:
      return 'data in it is lost';
  }
}

/** The operations that drop data: drops of schemas, enums, tables and columns, and type changes that may lose data. */
export function isDestructive(op: Operation): boolean {
  switch (op.kind) {
    case 'dropSchema':
    case 'dropEnum':
    case 'dropTable':
    case 'dropColumn':
      return true;
    case 'alterColumn':
      return op.to.type !== undefined && !isWidening(op.from?.type, op.to.type);
    case 'createSchema':
    case 'createEnum':
    case 'addEnumValue':
    case 'createTable':
    case 'addColumn':
    case 'addConstraint':
    case 'dropConstraint':
    case 'createIndex':
    case 'dropIndex':
    case 'renameIndex':
    case 'setUnlogged':
    case 'setStorageParameters':
    case 'renameSchema':
    case 'renameTable':
    case 'renameColumn':
    case 'renameObject':
    case 'stashRows':
    case 'restoreRows':
    case 'executeSql':
      return false;
    case 'createExtension':
    case 'dropExtension':
    case 'createSequence':
    case 'dropSequence':
    case 'alterSequence':
    case 'createDomain':
    case 'dropDomain':
    case 'alterDomain':
    case 'createView':
    case 'dropView':
    case 'replaceView':
    case 'createFunction':
    case 'dropFunction':
    case 'replaceFunction':
    case 'createTrigger':
    case 'dropTrigger':
    case 'setComment':
      return isDestructiveObjectOperation(op);
    case 'alterExtension':
    case 'createCollation':
    case 'dropCollation':
    case 'createRule':
    case 'replaceRule':
    case 'dropRule':
    case 'createCast':
    case 'dropCast':
    case 'createTextSearchDictionary':
    case 'alterTextSearchDictionary':
    case 'dropTextSearchDictionary':
    case 'createTextSearchConfiguration':
    case 'alterTextSearchConfiguration':
    case 'dropTextSearchConfiguration':
    case 'createOperator':
    case 'dropOperator':
    case 'alterOperator':
    case 'createOperatorClass':
    case 'dropOperatorClass':
    case 'createForeignDataWrapper':
    case 'dropForeignDataWrapper':
    case 'alterForeignDataWrapper':
    case 'createForeignServer':
    case 'dropForeignServer':
    case 'alterForeignServer':
    case 'createForeignTable':
    case 'dropForeignTable':
    case 'alterForeignTable':
      // Foreign data lives elsewhere: dropping a foreign table or server loses none of it.
      return false;
    case 'createCompositeType':
    case 'dropCompositeType':
    case 'addCompositeAttribute':
    case 'dropCompositeAttribute':
    case 'alterCompositeAttribute':
      return isDestructiveCompositeOperation(op);
    case 'replaceDomain':
      // Each column is cast to the new base type, which may drop digits or characters.
      return !isWidening(op.from?.type, op.domain.type);
    case 'renameEnumValue':
    case 'replaceEnum':
    case 'setRowLevelSecurity':
    case 'createPolicy':
    case 'dropPolicy':
    case 'attachPartition':
    case 'detachPartition':
      return isDestructiveTableFeatureOperation(op);
    default:
      return assertNever(op, 'operation kind');
  }
}

function describeAddEnumValue(op: OperationOf<'addEnumValue'>): string {
  let text = `add value '${op.value}' to enum ${op.schema}.${op.name}`;
  if (op.before !== undefined) text += ` before '${op.before}'`;
  if (op.after !== undefined) text += ` after '${op.after}'`;
  return text;
}

function describeAlterColumn(op: OperationOf<'alterColumn'>): string {
  const { to, from } = op;
  const parts: string[] = [];
  if (to.type !== undefined && from?.type !== to.type) {
    const using = op.using !== undefined ? ` using ${op.using}` : op.throughText === true ? ' (cast through text)' : '';
    parts.push(`type ${change(from?.type, to.type)}${using}`);
  }
  if (to.collation !== undefined)
    parts.push(`collation ${change(collationText(from?.collation), collationText(to.collation))}`);
  if (to.nullable !== undefined) parts.push(change(nullability(from?.nullable), nullability(to.nullable)));
  if (to.default !== undefined) parts.push(`default ${change(defaultText(from?.default), defaultText(to.default))}`);
  if (to.identity !== undefined)
    parts.push(`identity ${change(identityText(from?.identity), identityText(to.identity))}`);
  if (to.generated !== undefined) parts.push(change(generatedText(from?.generated), generatedText(to.generated)));
  if (to.storage !== undefined)
    parts.push(`storage ${change(settingText(from?.storage), to.storage ?? "(the type's)")}`);
  if (to.compression !== undefined)
    parts.push(`compression ${change(settingText(from?.compression), to.compression ?? '(default)')}`);
  for (const [name, value] of Object.entries(to.options ?? {}))
    parts.push(`${name} ${change(statisticsText(numberOrNull(from?.options?.[name])), value ?? '(default)')}`);
  if (to.statistics !== undefined)
    parts.push(
      `statistics target ${change(statisticsText(from?.statistics), statisticsText(to.statistics) ?? '(default)')}`,
    );
  const what = `alter column ${op.schema}.${op.table}.${op.column}`;
  const online = op.online === true ? ' (through a validated check, online)' : '';
  return parts.length === 0 ? `${what}: no change` : `${what}: ${parts.join(', ')}${online}`;
}

function generatedText(value: string | null): string;
function generatedText(value: string | null | undefined): string | undefined;
function generatedText(value: string | null | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === null ? 'not generated (values kept)' : `generated as ${value}`;
}

/** `before -> after`, or just `after` when the previous state is unknown. */
function change(before: string | undefined, after: string): string {
  return before === undefined ? after : `${before} -> ${after}`;
}

function nullability(nullable: boolean): string;
function nullability(nullable: boolean | undefined): string | undefined;
function nullability(nullable: boolean | undefined): string | undefined {
  if (nullable === undefined) return undefined;
  return nullable ? 'nullable' : 'not null';
}

function defaultText(value: string | null): string;
function defaultText(value: string | null | undefined): string | undefined;
function defaultText(value: string | null | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === null ? '(none)' : value;
}

function collationText(value: string | null): string;
function collationText(value: string | null | undefined): string | undefined;
function collationText(value: string | null | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === null ? '(default)' : value;
}

function identityText(value: IdentityModel | null): string;
function identityText(value: IdentityModel | null | undefined): string | undefined;
function identityText(value: IdentityModel | null | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '(none)';
  const options = (['start', 'increment', 'min', 'max', 'cache'] as const)
    .filter((key) => value[key] !== undefined)
    .map((key) => `${key} ${value[key]}`);
  if (value.cycle === true) options.push('cycle');
  const kind = value.always ? 'always' : 'by default';
  return options.length === 0 ? kind : `${kind} (${options.join(', ')})`;
}

function constraintWord(constraint: ConstraintModel): string {
  switch (constraint.type) {
    case 'primaryKey':
      return 'primary key';
    case 'foreignKey':
      return 'foreign key';
    case 'unique':
      return 'unique constraint';
    case 'check':
      return 'check constraint';
    case 'exclusion':
      return 'exclusion constraint';
    default:
      return assertNever(constraint, 'constraint type');
  }
}

const INTEGER_RANK = new Map([
  ['smallint', 1],
  ['integer', 2],
  ['bigint', 3],
]);

/**
 * Type changes that keep every value: longer or unbounded varchar, varchar to
 * text, wider integers, real to double precision, numeric with room for at
 * least the same digits on both sides of the point. Unknown `from` is not.
 */
function isWidening(from: string | undefined, to: string): boolean {
  if (from === undefined) return false;
  if (from === to) return true;
  const fromInt = INTEGER_RANK.get(from);
  const toInt = INTEGER_RANK.get(to);
  if (fromInt !== undefined && toInt !== undefined) return toInt >= fromInt;
  if (from === 'real' && to === 'double precision') return true;
  if (from === 'text' && to === 'character varying') return true;
  return isVarcharWidening(from, to) || isNumericWidening(from, to);
}

function isVarcharWidening(from: string, to: string): boolean {
  const source = /^character varying(?:\((\d+)\))?$/.exec(from);
  if (source === null) return false;
  if (to === 'text' || to === 'character varying') return true;
  const target = /^character varying\((\d+)\)$/.exec(to);
  return target !== null && source[1] !== undefined && Number(target[1]) >= Number(source[1]);
}

function isNumericWidening(from: string, to: string): boolean {
  const source = /^numeric\((\d+),(\d+)\)$/.exec(from);
  if (source === null) return false;
  if (to === 'numeric') return true;
  const target = /^numeric\((\d+),(\d+)\)$/.exec(to);
  if (target === null) return false;
  const [fromPrecision, fromScale] = [Number(source[1]), Number(source[2])];
  const [toPrecision, toScale] = [Number(target[1]), Number(target[2])];
  return toScale >= fromScale && toPrecision - toScale >= fromPrecision - fromScale;
}

/** `set storage parameters of index public.users_name_idx: fillfactor 100 -> 90, fastupdate off -> (default)`. */
function describeStorageParameters(op: OperationOf<'setStorageParameters'>): string {
  const what = op.index === undefined ? `table ${op.schema}.${op.table}` : `index ${op.schema}.${op.index}`;
  const value = (v: string | null | undefined): string | undefined =>
    v === undefined ? undefined : (v ?? '(default)');
  const parts = Object.entries(op.to).map(([name, to]) => `${name} ${change(value(op.from?.[name]), value(to)!)}`);
  return `set storage parameters of ${what}: ${parts.join(', ')}`;
}

function numberOrNull(value: string | null | undefined): number | null | undefined {
  return value === undefined || value === null ? value : Number(value);
}

function statisticsText(value: number | null | undefined): string | undefined {
  return value === undefined ? undefined : value === null ? '(default)' : String(value);
}

function settingText(value: string | null | undefined): string | undefined {
  return value === undefined ? undefined : (value ?? '(default)');
}
