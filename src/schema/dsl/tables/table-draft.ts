import type {
  CheckModel,
  ColumnModel,
  ExclusionModel,
  ForeignKeyModel,
  IndexColumnModel,
  IndexModel,
  PrimaryKeyModel,
  ReferentialAction,
  TableModel,
  UniqueModel,
} from '../../model.js';
import { qualifiedKey } from '../../model.js';
import {
  checkNameParts,
  conventionName,
  foreignKeyNameParts,
  indexColumnNames,
  indexNameParts,
  primaryKeyNameParts,
  truncateIdentifier,
  uniqueNameParts,
  type ConventionSubject,
  type NameParts,
  type NamingConvention,
} from '../../naming.js';
import { referencedColumns } from '../sql-scan.js';
import type { ForeignKeyAttributes, ReferentialActionOption } from '../columns/column.js';
import {
  checkFields,
  deferralFields,
  exclusionDefinition,
  onDeleteColumnsProblem,
  foreignKeyFields,
  indexFields,
  indexKey,
  uniqueFields,
  withoutOverlapsField,
  storageField,
} from './table-attributes.js';
import { columnModel, columnWhere } from '../columns/column-model.js';
import { invalidModel } from '../invalid-model.js';
import { tableFeatureFields } from './table-features.js';
import { inheritedColumnNames, outsideTable, type AnyTable, type OutsideTable } from './table.js';

/**
 * One table of the model before names are settled: every constraint and
 * index carries either its fixed name (explicit or from the convention) or
 * the parts Postgres would build a default name from.
 */

/** Where a name must be unique: relations (indexes), constraints, or both (pk, unique). */
type NameSpace = 'relation' | 'constraint' | 'both';

export interface PendingName {
  fixed: string | null;
  parts: NameParts;
  space: NameSpace;
  /** The key, check or index the name is for, drafted with an empty name. */
  of: { readonly name: string };
  /** The model's `renamedFrom`, when given. */
  renamedFrom?: string;
  /** The name it is given once names are settled. */
  final?: string;
}

export interface TableDraft {
  model: TableModel;
  names: PendingName[];
}

/** What a draft needs to know about the rest of the metadata. */
interface DraftContext {
  tables: readonly AnyTable[];
  namingConvention: NamingConvention;
}

interface Ctx extends DraftContext {
  table: AnyTable;
  columnNames: string[];
  names: PendingName[];
}

export function tableWhere(table: { schema: string; name: string }): string {
  return `table ${table.schema}.${table.name}`;
}

export function draftTable(table: AnyTable, context: DraftContext): TableDraft {
  // Keys and indexes may name the columns the table inherits.
  const columnNames = [...new Set([...inheritedColumnNames(table), ...Object.keys(table.columns)])];
  const ctx: Ctx = { ...context, table, columnNames, names: [] };
  const primaryKey = buildPrimaryKey(ctx);
  const pkColumns = new Set(primaryKey?.columns ?? []);
  const columns: ColumnModel[] = Object.entries(table.columns).map(([key, column]) =>
    columnModel(columnWhere(table.schema, table.name, key), key, column.builder.spec, pkColumns.has(key), table.name),
  );
  const uniques = buildUniques(ctx);
  const indexes = buildIndexes(ctx);
  const foreignKeys = buildForeignKeys(ctx);
  const checks = buildChecks(ctx);
  const exclusions = buildExclusions(ctx);
  const model: TableModel = {
    schema: table.schema,
    name: table.name,
    columns,
    primaryKey,
    foreignKeys,
    uniques,
    checks,
    indexes,
    ...(exclusions.length > 0 ? { exclusions } : {}),
    ...tableFeatureFields(table, context.tables),
  };
  return { model, names: ctx.names };
}

/**
 * The columns of a key, index or INCLUDE list, each one of the table's. `spelled` shows how the list is
 * written, for a model loaded without type checks that gives something else (`primaryKey: ['a', 'b']`).
 */
function requireColumns(ctx: Ctx, columns: readonly string[], what: string, spelled: string): string[] {
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string'))
    throw invalidModel(tableWhere(ctx.table), `${what} takes its columns as a list of names: ${spelled}`);
  if (columns.length === 0) throw invalidModel(tableWhere(ctx.table), `${what} has no columns`);
  for (const column of columns) {
    if (!ctx.columnNames.includes(column)) {
      throw invalidModel(
        columnWhere(ctx.table.schema, ctx.table.name, column),
        `${what} names a column the table does not have`,
      );
    }
  }
  return [...columns];
}

function pending(
  ctx: Ctx,
  subject: ConventionSubject,
  parts: NameParts,
  space: NameSpace,
  of: { readonly name: string },
  renamedFrom?: string,
): void {
  const fromConvention = conventionName(ctx.namingConvention, subject);
  const explicit = subject.name === undefined ? null : truncateIdentifier(subject.name);
  ctx.names.push({
    fixed: fromConvention ?? explicit,
    parts,
    space,
    of,
    ...(renamedFrom === undefined ? {} : { renamedFrom }),
  });
}

function buildPrimaryKey(ctx: Ctx): PrimaryKeyModel | null {
  const flagged = Object.values(ctx.table.columns)
    .filter((c) => c.builder.spec.primaryKey)
    .map((c) => c.name);
  const option = ctx.table.options.primaryKey;
  if (flagged.length > 1 || (flagged.length > 0 && option !== undefined)) {
    throw invalidModel(
      tableWhere(ctx.table),
      'declares more than one primary key; use the table option primaryKey: { columns: [...] } for a composite key',
    );
  }
  if (flagged.length === 0 && option === undefined) return null;
  const columns =
    option === undefined
      ? flagged
      : requireColumns(ctx, option.columns, 'the primary key', "primaryKey: { columns: ['a', 'b'] }");
  const pk: PrimaryKeyModel = {
    name: '',
    columns,
    ...includeField(ctx, option?.include),
    ...deferralFields(option),
    ...withoutOverlapsField(option),
    ...storageField(option?.with),
  };
  const subject: ConventionSubject = { kind: 'pk', table: ctx.table.name, columns, name: option?.name };
  pending(ctx, subject, primaryKeyNameParts(ctx.table.name), 'both', pk, option?.renamedFrom);
  return pk;
}

function buildUniques(ctx: Ctx): UniqueModel[] {
  const declared = Object.values(ctx.table.columns)
    .filter((c) => c.builder.spec.unique !== null)
    .map((c) => ({ columns: [c.name], name: c.builder.spec.unique?.name, options: undefined }));
  const fromOptions = (ctx.table.options.uniques ?? []).map((u) => ({
    columns: requireColumns(ctx, u.columns, 'a unique constraint', "uniques: [unique(['a', 'b'])]"),
    name: u.name,
    options: u.options,
  }));
  return [...declared, ...fromOptions].map(({ columns, name, options }) => {
    const unique: UniqueModel = { name: '', columns, ...includeField(ctx, options?.include), ...uniqueFields(options) };
    const subject: ConventionSubject = { kind: 'uq', table: ctx.table.name, columns, name };
    pending(ctx, subject, uniqueNameParts(ctx.table.name, columns), 'both', unique, options?.renamedFrom);
    return unique;
  });
}

const INDEX_SPELLED = "indexes: [index(['a', 'b'])]";

function buildIndexes(ctx: Ctx): IndexModel[] {
  return (ctx.table.options.indexes ?? []).map((def) => {
    if (!Array.isArray(def.columns))
      throw invalidModel(tableWhere(ctx.table), `an index takes its columns as a list: ${INDEX_SPELLED}`);
    const columns: IndexColumnModel[] = def.columns.map((c) =>
      indexKey(c, (name) => requireColumns(ctx, [name], 'an index', INDEX_SPELLED)[0] ?? name),
    );
    if (columns.length === 0) throw invalidModel(tableWhere(ctx.table), 'an index has no columns');
    const { unique = false, method = 'btree', where } = def.options;
    const index: IndexModel = {
      name: '',
      unique,
      method,
      columns,
      where: where?.text ?? null,
      ...indexFields(def.options, (names) =>
        requireColumns(ctx, names, 'an index INCLUDE list', "include: ['a', 'b']"),
      ),
    };
    const subject: ConventionSubject = {
      kind: 'ix',
      table: ctx.table.name,
      columns: indexColumnNames(columns),
      name: def.options.name,
    };
    pending(ctx, subject, indexNameParts(ctx.table.name, columns), 'relation', index, def.options.renamedFrom);
    return index;
  });
}

function buildChecks(ctx: Ctx): CheckModel[] {
  return (ctx.table.options.checks ?? []).map((def) => {
    const check: CheckModel = { name: '', expression: def.expression.text, ...checkFields(def.options) };
    const columns = referencedColumns(check.expression, ctx.columnNames);
    const subject: ConventionSubject = { kind: 'ck', table: ctx.table.name, columns, name: def.name };
    pending(
      ctx,
      subject,
      checkNameParts(ctx.table.name, check.expression, ctx.columnNames),
      'constraint',
      check,
      def.options?.renamedFrom,
    );
    return check;
  });
}

const ACTIONS: Record<string, ReferentialAction> = {
  'no action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set null': 'SET NULL',
  'set default': 'SET DEFAULT',
};

function referentialAction(ctx: Ctx, option: ReferentialActionOption | undefined): ReferentialAction {
  if (option === undefined) return 'NO ACTION';
  const action = ACTIONS[option.toLowerCase()];
  if (action === undefined)
    throw invalidModel(
      tableWhere(ctx.table),
      `unknown referential action '${option}'; use cascade, restrict, no action, set null or set default`,
    );
  return action;
}

interface ForeignKeyDraft extends ForeignKeyAttributes {
  columns: string[];
  /** The referenced table: one of the metadata's, or one outside the model (`outsideTable()`). */
  target: { readonly schema: string; readonly name: string };
  refColumns: string[];
  onDelete?: ReferentialActionOption;
  onUpdate?: ReferentialActionOption;
  name?: string;
  renamedFrom?: string;
  period?: boolean;
}

function buildForeignKeys(ctx: Ctx): ForeignKeyModel[] {
  return [...columnForeignKeys(ctx), ...tableForeignKeys(ctx)].map((draft) => {
    const fk: ForeignKeyModel = {
      name: '',
      columns: draft.columns,
      refSchema: draft.target.schema,
      refTable: draft.target.name,
      refColumns: draft.refColumns,
      onDelete: referentialAction(ctx, draft.onDelete),
      onUpdate: referentialAction(ctx, draft.onUpdate),
      ...foreignKeyFields(draft),
    };
    const problem = onDeleteColumnsProblem(fk);
    if (problem !== null) throw invalidModel(tableWhere(ctx.table), problem);
    const subject: ConventionSubject = {
      kind: 'fk',
      table: ctx.table.name,
      columns: fk.columns,
      referredTable: fk.refTable,
      referredColumns: fk.refColumns,
      name: draft.name,
    };
    pending(ctx, subject, foreignKeyNameParts(ctx.table.name, fk.columns), 'constraint', fk, draft.renamedFrom);
    return fk;
  });
}

function columnForeignKeys(ctx: Ctx): ForeignKeyDraft[] {
  const drafts: ForeignKeyDraft[] = [];
  for (const column of Object.values(ctx.table.columns)) {
    const reference = column.builder.spec.references;
    if (reference === null) continue;
    const where = columnWhere(ctx.table.schema, ctx.table.name, column.name);
    const target = callThunk(where, reference.target);
    if (target?.kind === 'outsideColumn') {
      const outside = foreignKeyTarget(ctx, outsideTable(target.schema, target.table));
      drafts.push({ columns: [column.name], target: outside, refColumns: [target.name], ...reference.options });
      continue;
    }
    const owner = target?.table === undefined ? undefined : tablesByName(ctx.tables).get(tableKey(target.table));
    if (target?.kind !== 'column' || owner === undefined || owner.columns[target.name] !== target) {
      throw invalidModel(
        where,
        ".references() must return a column of a table in this metadata, e.g. () => orgs.columns.id, or of one outside it, () => outsideTable('auth', 'users').column('id')",
      );
    }
    drafts.push({ columns: [column.name], target: owner, refColumns: [target.name], ...reference.options });
  }
  return drafts;
}

function tableForeignKeys(ctx: Ctx): ForeignKeyDraft[] {
  return (ctx.table.options.foreignKeys ?? []).map((def) => {
    const where = tableWhere(ctx.table);
    const target = foreignKeyTarget(ctx, callThunk(where, def.target));
    const columns = requireColumns(
      ctx,
      def.columns,
      'a foreign key',
      "foreignKeys: [foreignKey(['a'], () => other, ['id'])]",
    );
    // A table outside the model: the server checks the referenced columns when it creates the key.
    if (target.kind === 'table') {
      const targetColumns = new Set([...inheritedColumnNames(target), ...Object.keys(target.columns)]);
      for (const column of def.refColumns) {
        if (!targetColumns.has(column)) {
          throw invalidModel(
            columnWhere(target.schema, target.name, column),
            `a foreign key from ${ctx.table.name} names a column the table does not have`,
          );
        }
      }
    }
    if (def.refColumns.length !== columns.length) {
      throw invalidModel(
        where,
        `a foreign key has ${columns.length} column(s) (${columns.join(', ')}) but refers to ${def.refColumns.length}`,
      );
    }
    return { columns, target, refColumns: [...def.refColumns], ...def.options };
  });
}

/**
 * What a table's foreign key refers to: a table of this metadata, or one
 * outside the model (`outsideTable()`) in a schema holding none of the
 * metadata's tables (a table there is declared with `metadata.table()`).
 */
function foreignKeyTarget(ctx: Ctx, target: AnyTable | OutsideTable | undefined): AnyTable | OutsideTable {
  const where = tableWhere(ctx.table);
  if (target?.kind === 'outsideTable') {
    if (ctx.tables.some((t) => t.schema === target.schema)) {
      throw invalidModel(
        where,
        `outsideTable('${target.schema}', '${target.name}') is in a schema the model declares tables in; declare the table with metadata.table()`,
      );
    }
    return target;
  }
  if (target?.kind !== 'table' || tablesByName(ctx.tables).get(tableKey(target)) !== target) {
    throw invalidModel(
      where,
      'a foreign key refers to a table that is not in this metadata; declare it with metadata.table()',
    );
  }
  return target;
}

function includeField(ctx: Ctx, include: readonly string[] | undefined): { include?: string[] } {
  if (include === undefined || include.length === 0) return {};
  return { include: requireColumns(ctx, include, 'an INCLUDE list', "include: ['a', 'b']") };
}

function buildExclusions(ctx: Ctx): ExclusionModel[] {
  return (ctx.table.options.exclusions ?? []).map((def) => {
    if (typeof def.name !== 'string' || def.name === '') {
      throw invalidModel(tableWhere(ctx.table), 'an exclusion constraint needs a name: exclude(sql`...`, { name })');
    }
    const exclusion: ExclusionModel = { name: '', definition: exclusionDefinition(def.definition) };
    const parts = { table: ctx.table.name, columns: null, label: 'excl' };
    /* Like a unique key, an exclusion constraint names its index too. */
    ctx.names.push({ fixed: truncateIdentifier(def.name), parts, space: 'both', of: exclusion });
    return exclusion;
  });
}

const byName = new WeakMap<readonly AnyTable[], Map<string, AnyTable>>();

function tableKey(table: { schema: string; name: string }): string {
  return qualifiedKey(table.schema, table.name);
}

/**
 * The metadata's tables by schema and name (the first of each), built once
 * per list: a foreign key looks its target up here instead of scanning every
 * table, which made building a model quadratic in its tables.
 */
function tablesByName(tables: readonly AnyTable[]): Map<string, AnyTable> {
  let index = byName.get(tables);
  if (index === undefined) {
    index = new Map();
    for (const table of tables) if (!index.has(tableKey(table))) index.set(tableKey(table), table);
    byName.set(tables, index);
  }
  return index;
}

function callThunk<T>(where: string, thunk: () => T): T | undefined {
  try {
    return thunk();
  } catch (error) {
    throw invalidModel(
      where,
      `a reference thunk failed (${error instanceof Error ? error.message : String(error)}); it must return a declared table or column`,
    );
  }
}
