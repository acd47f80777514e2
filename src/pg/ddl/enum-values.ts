import type { OperationOf } from '../../ops/operation.js';
import type { EnumColumnUse } from '../../ops/families/enums.js';
import { replacedEnumName } from '../../ops/families/replaced-enum-name.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/** `ALTER TYPE ... RENAME VALUE 'from' TO 'to'`. */
export function compileRenameEnumValue(op: OperationOf<'renameEnumValue'>): Statement[] {
  const type = quoteQualified(op.schema, op.name);
  return [transactional(`ALTER TYPE ${type} RENAME VALUE ${quoteLiteral(op.from)} TO ${quoteLiteral(op.to)}`)];
}

/**
 * Postgres cannot remove or reorder enum values, so the enum is replaced:
 * the old type is renamed to `replacedEnumName(name)`, the type is created
 * again with the new values, every column using it is converted through
 * text (its default dropped before and set again after; a partition's own
 * default as well, after its parent's), and the old type is dropped.
 */
export function compileReplaceEnum(op: OperationOf<'replaceEnum'>): Statement[] {
  const type = quoteQualified(op.schema, op.name);
  const oldName = replacedEnumName(op.name);
  const labels = op.to.map(quoteLiteral).join(', ');
  return [
    transactional(`ALTER TYPE ${type} RENAME TO ${quoteIdent(oldName)}`),
    transactional(`CREATE TYPE ${type} AS ENUM (${labels})`),
    ...partitionDefaults(op.columns, 'drop'),
    ...op.columns.filter((use) => use.partitionDepth === undefined).flatMap(convertColumn),
    ...partitionDefaults(op.columns, 'set'),
    transactional(`DROP TYPE ${quoteQualified(op.schema, oldName)}`),
  ];
}

/**
 * The own defaults of partitions whose columns are converted with their
 * parent's: dropped before every conversion (the parent's may have none to
 * drop for them), and set again (or dropped, where the parent's reached the
 * partition) after all of them, shallower partitions first, since the
 * parent's `SET DEFAULT` reaches its partitions.
 */
function partitionDefaults(columns: readonly EnumColumnUse[], step: 'drop' | 'set'): Statement[] {
  const partitions = columns
    .filter((use) => use.partitionDepth !== undefined && use.default !== undefined)
    .sort((a, b) => (a.partitionDepth ?? 0) - (b.partitionDepth ?? 0));
  return partitions.flatMap((use) => {
    const prefix = `ALTER TABLE ${quoteQualified(use.schema, use.table)} ALTER COLUMN ${quoteIdent(use.column)}`;
    const value = step === 'drop' ? use.default!.from : use.default!.to;
    if (step === 'drop') return value === null ? [] : [transactional(`${prefix} DROP DEFAULT`)];
    return [transactional(value === null ? `${prefix} DROP DEFAULT` : `${prefix} SET DEFAULT ${value}`)];
  });
}

function convertColumn(use: EnumColumnUse): Statement[] {
  const prefix = `ALTER TABLE ${quoteQualified(use.schema, use.table)} ALTER COLUMN ${quoteIdent(use.column)}`;
  const statements: Statement[] = [];
  if (use.default !== undefined && use.default.from !== null) statements.push(transactional(`${prefix} DROP DEFAULT`));
  const textType = `text${arraySuffix(use.type)}`;
  statements.push(
    transactional(`${prefix} TYPE ${use.type} USING ${quoteIdent(use.column)}::${textType}::${use.type}`),
  );
  if (use.default !== undefined && use.default.to !== null)
    statements.push(transactional(`${prefix} SET DEFAULT ${use.default.to}`));
  return statements;
}

/** The `[]` dimensions at the end of a type name. */
function arraySuffix(type: string): string {
  return /(\[\])+$/.exec(type)?.[0] ?? '';
}
