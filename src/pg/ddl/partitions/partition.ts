import type { OperationOf } from '../../../ops/operation.js';
import type { TableModel } from '../../../schema/model.js';
import { quoteDollar, quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `ALTER TABLE parent ATTACH PARTITION table FOR VALUES ...` (or `DEFAULT`). */
export function compileAttachPartition(op: OperationOf<'attachPartition'>): Statement[] {
  const { partitionOf } = op;
  const parent = quoteQualified(partitionOf.schema, partitionOf.table);
  return [
    transactional(`ALTER TABLE ${parent} ATTACH PARTITION ${quoteQualified(op.schema, op.table)} ${partitionOf.bound}`),
  ];
}

/** `ALTER TABLE parent DETACH PARTITION table`: the table stays, on its own. */
export function compileDetachPartition(op: OperationOf<'detachPartition'>): Statement[] {
  const parent = quoteQualified(op.partitionOf.schema, op.partitionOf.table);
  return [transactional(`ALTER TABLE ${parent} DETACH PARTITION ${quoteQualified(op.schema, op.table)}`)];
}

/**
 * For a new partition, renames each index Postgres created for it from its
 * parent's index (with a name of Postgres' choosing) to the name the model
 * gives it. The index is found through `pg_inherits`, whatever its name.
 */
export function partitionIndexRenames(table: TableModel): Statement[] {
  const parent = table.partitionOf;
  if (parent === undefined) return [];
  const partition = quoteLiteral(quoteQualified(table.schema, table.name));
  return (table.indexNames ?? []).map((entry) => {
    const parentIndex = quoteLiteral(quoteQualified(parent.schema, entry.parentIndex));
    const rename = quoteLiteral(`ALTER INDEX %s RENAME TO ${quoteIdent(entry.name).replace(/%/g, '%%')}`);
    const body =
      `BEGIN EXECUTE (SELECT format(${rename}, ih.inhrelid::regclass) FROM pg_inherits ih ` +
      `JOIN pg_index x ON x.indexrelid = ih.inhrelid ` +
      `WHERE ih.inhparent = ${parentIndex}::regclass AND x.indrelid = ${partition}::regclass); END`;
    return transactional(`DO ${quoteDollar(body, 'rename')}`);
  });
}
