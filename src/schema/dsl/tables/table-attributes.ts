import { AthanorError } from '../../../util/errors.js';
import { collationSql } from '../../collation.js';
import type {
  CheckModel,
  ForeignKeyModel,
  IndexColumnModel,
  IndexModel,
  PrimaryKeyModel,
  StorageParameters,
  UniqueModel,
} from '../../model.js';
import type { ForeignKeyAttributes } from '../columns/column.js';
import type {
  CheckOptions,
  DeferrableOptions,
  IndexOptions,
  StorageParametersOption,
  UniqueOptions,
} from './constraints.js';
import { isIndexColumnDef, type IndexColumnDef } from './index-columns.js';
import type { SqlExpr } from '../sql.js';

/**
 * The DSL's constraint and index options as model fields. Each field is set
 * only when it is not the default, as reflection reads it; the server's
 * canonical pass settles the rest (e.g. `initiallyDeferred` implies `deferrable`).
 */

type Deferral = Pick<PrimaryKeyModel, 'deferrable' | 'initiallyDeferred'>;

export function deferralFields(options: DeferrableOptions | undefined): Deferral {
  return {
    ...(options?.deferrable === true || options?.initiallyDeferred === true ? { deferrable: true } : {}),
    ...(options?.initiallyDeferred === true ? { initiallyDeferred: true } : {}),
  };
}

export function uniqueFields(
  options: UniqueOptions | undefined,
): Pick<UniqueModel, 'nullsNotDistinct' | 'deferrable' | 'initiallyDeferred' | 'withoutOverlaps' | 'with'> {
  return {
    ...(options?.nullsNotDistinct === true ? { nullsNotDistinct: true } : {}),
    ...deferralFields(options),
    ...withoutOverlapsField(options),
    ...storageField(options?.with),
  };
}

/** `with` of a primary key, unique constraint or index, when it names any parameter. */
export function storageField(option: StorageParametersOption | undefined): { with?: StorageParameters } {
  const parameters = storageParameters(option);
  return parameters === undefined ? {} : { with: parameters };
}

/** `withoutOverlaps` of a primary key or unique constraint, when set. */
export function withoutOverlapsField(options: { withoutOverlaps?: boolean } | undefined): {
  withoutOverlaps?: boolean;
} {
  return options?.withoutOverlaps === true ? { withoutOverlaps: true } : {};
}

/** A constraint that is not enforced was never validated: it takes no `notValid` (reflection reads none). */
function validity(options: { notValid?: boolean; notEnforced?: boolean } | undefined): {
  notValid?: boolean;
  notEnforced?: boolean;
} {
  if (options?.notEnforced === true) return { notEnforced: true };
  return options?.notValid === true ? { notValid: true } : {};
}

export function checkFields(
  options: CheckOptions | undefined,
): Pick<CheckModel, 'notValid' | 'noInherit' | 'notEnforced'> {
  return {
    ...(options?.notValid === true && options.notEnforced !== true ? { notValid: true } : {}),
    ...(options?.noInherit === true ? { noInherit: true } : {}),
    ...(options?.notEnforced === true ? { notEnforced: true } : {}),
  };
}

type ForeignKeyFields = Pick<
  ForeignKeyModel,
  'match' | 'deferrable' | 'initiallyDeferred' | 'notValid' | 'notEnforced' | 'period' | 'onDeleteColumns'
>;

export function foreignKeyFields(options: ForeignKeyAttributes & { period?: boolean }): ForeignKeyFields {
  return {
    ...(options.match !== undefined && options.match.toLowerCase() === 'full' ? { match: 'FULL' } : {}),
    ...deferralFields(options),
    ...validity(options),
    ...(options.period === true ? { period: true } : {}),
    ...(options.onDeleteColumns !== undefined && options.onDeleteColumns.length > 0
      ? { onDeleteColumns: [...options.onDeleteColumns] }
      : {}),
  };
}

/** What is wrong with a key's `onDeleteColumns`, or null: they name some of its own columns, with SET NULL or SET DEFAULT. */
export function onDeleteColumnsProblem(fk: ForeignKeyModel): string | null {
  if (fk.onDeleteColumns === undefined) return null;
  if (fk.onDelete !== 'SET NULL' && fk.onDelete !== 'SET DEFAULT')
    return "onDeleteColumns goes with onDelete: 'set null' or 'set default'";
  const stray = fk.onDeleteColumns.filter((c) => !fk.columns.includes(c));
  return stray.length === 0
    ? null
    : `onDeleteColumns names ${stray.join(', ')}, not a column of the foreign key (${fk.columns.join(', ')})`;
}

/** `EXCLUDE ` followed by what the user wrote, unless it already starts with it. */
export function exclusionDefinition(definition: SqlExpr): string {
  const text = definition.text.trim();
  return /^exclude\b/i.test(text) ? text : `EXCLUDE ${text}`;
}

/** One key of an index: a column (checked by `requireColumn`) or an expression, with its options. */
export function indexKey(
  key: string | SqlExpr | IndexColumnDef,
  requireColumn: (name: string) => string,
): IndexColumnModel {
  const target = isIndexColumnDef(key) ? key.target : key;
  const model: IndexColumnModel =
    typeof target === 'string' ? { column: requireColumn(target) } : { expression: target.text };
  if (!isIndexColumnDef(key)) return model;
  const { collate, opclass, order, nulls, statistics } = key.options;
  const collation =
    collate === undefined ? undefined : collationSql(typeof collate === 'string' ? collate : collate.sql);
  const withStatistics = statistics !== undefined && statistics !== -1;
  if (withStatistics) {
    if (!('expression' in model) || !Number.isInteger(statistics) || statistics < 0 || statistics > 10000) {
      throw new AthanorError(
        'invalid-model',
        `index key ${'expression' in model ? model.expression : model.column}: statistics must be an integer from 0 to 10000, on an expression key (a column key has its column's)`,
      );
    }
  }
  const defaultNulls = order === 'desc' ? 'first' : 'last';
  return {
    ...model,
    ...(collation !== undefined ? { collation } : {}),
    ...(withStatistics ? { statistics } : {}),
    ...(opclass !== undefined ? { opclass } : {}),
    ...(order === 'desc' ? { order: 'DESC' } : {}),
    ...(nulls !== undefined && nulls !== defaultNulls ? { nulls: nulls === 'first' ? 'FIRST' : 'LAST' } : {}),
  };
}

/** `include`, `nullsNotDistinct` and `with` of an index, when given. */
export function indexFields(
  options: IndexOptions,
  requireColumns: (names: readonly string[]) => string[],
): Pick<IndexModel, 'include' | 'nullsNotDistinct' | 'with'> {
  const include =
    options.include !== undefined && options.include.length > 0 ? requireColumns(options.include) : undefined;
  return {
    ...(include !== undefined ? { include } : {}),
    ...(options.nullsNotDistinct === true ? { nullsNotDistinct: true } : {}),
    ...storageField(options.with),
  };
}

/** Storage parameters as model fields, in the order given, values as text; undefined for none. */
export function storageParameters(option: StorageParametersOption | undefined): StorageParameters | undefined {
  const entries = Object.entries(option ?? {});
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([name, value]) => [name, String(value)]));
}
