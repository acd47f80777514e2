import type { OperationOf } from '../../../ops/operation.js';
import type { TableModel } from '../../../schema/model.js';
import { quoteDollar, quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';
import { setResetClauses } from '../tables/storage.js';

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
  return [transactional(detachPartitionSql(op.partitionOf, op))];
}

/** `ALTER TABLE parent DETACH PARTITION table`. */
export function detachPartitionSql(
  parent: { schema: string; table: string },
  partition: { schema: string; table: string },
): string {
  return `ALTER TABLE ${quoteQualified(parent.schema, parent.table)} DETACH PARTITION ${quoteQualified(partition.schema, partition.table)}`;
}

/**
 * For a new partition, renames each index Postgres created for it from its
 * parent's index (with a name of Postgres' choosing) to the name the model
 * gives it. The index is found through `pg_inherits`, whatever its name; one
 * already so named is left as it is. Postgres numbers the names of indexes
 * whose columns are the same (`p_d_a_idx`, `p_d_a_idx1`) in the order their
 * parent's were created, which may not be the model's: those to rename take
 * a name of their own first (`athanor_index_<oid>`), then the model's, so
 * that two may trade names.
 */
export function partitionIndexRenames(table: TableModel): Statement[] {
  const parent = table.partitionOf;
  const names = table.indexNames ?? [];
  if (parent === undefined || names.length === 0) return [];
  const partition = quoteLiteral(quoteQualified(table.schema, table.name));
  const wanted = names.map((entry) => {
    const parentIndex = quoteLiteral(quoteQualified(parent.schema, entry.parentIndex));
    const rename = quoteLiteral(`ALTER INDEX %s RENAME TO ${quoteIdent(entry.name).replace(/%/g, '%%')}`);
    return `(${parentIndex}::regclass, ${quoteLiteral(entry.name)}, ${rename})`;
  });
  const misnamed =
    `SELECT ih.inhrelid AS oid, w.rename FROM pg_inherits ih ` +
    `JOIN pg_index x ON x.indexrelid = ih.inhrelid JOIN pg_class c ON c.oid = ih.inhrelid ` +
    `JOIN (VALUES ${wanted.join(', ')}) AS w(parent, name, rename) ON w.parent = ih.inhparent ` +
    `WHERE x.indrelid = ${partition}::regclass AND c.relname <> w.name`;
  const body =
    `DECLARE r record; BEGIN ` +
    `FOR r IN ${misnamed} LOOP ` +
    `EXECUTE format('ALTER INDEX %s RENAME TO athanor_index_%s', r.oid::regclass, r.oid); END LOOP; ` +
    `FOR r IN ${misnamed} LOOP EXECUTE format(r.rename, r.oid::regclass); END LOOP; END`;
  return [transactional(`DO ${quoteDollar(body, 'rename')}`)];
}

/**
 * For a new partition that is not partitioned itself, gives each index
 * Postgres created for it from its parent's index the storage parameters the
 * model gives it (`indexStorage`) in place of the parent's index's, which it
 * took: those it has are reset, then the model's set, in their order. The
 * index is found through `pg_inherits`, whatever its name.
 */
export function partitionIndexStorage(table: TableModel): Statement[] {
  const parent = table.partitionOf;
  if (parent === undefined || table.partitionBy !== undefined) return [];
  const partition = quoteLiteral(quoteQualified(table.schema, table.name));
  return (table.indexStorage ?? []).map((entry) => {
    const parentIndex = quoteLiteral(quoteQualified(parent.schema, entry.parentIndex));
    const set = setResetClauses(entry.with)
      .map((clause) => `EXECUTE format(${quoteLiteral(`ALTER INDEX %s ${clause.replace(/%/g, '%%')}`)}, i); `)
      .join('');
    const body =
      `DECLARE i regclass; o text; BEGIN ` +
      `SELECT ih.inhrelid::regclass, (SELECT string_agg(split_part(r, '=', 1), ', ') FROM unnest(c.reloptions) AS r) ` +
      `INTO i, o FROM pg_inherits ih JOIN pg_index x ON x.indexrelid = ih.inhrelid JOIN pg_class c ON c.oid = ih.inhrelid ` +
      `WHERE ih.inhparent = ${parentIndex}::regclass AND x.indrelid = ${partition}::regclass; ` +
      `IF o IS NOT NULL THEN EXECUTE format('ALTER INDEX %s RESET (%s)', i, o); END IF; ${set}END`;
    return transactional(`DO ${quoteDollar(body, 'storage')}`);
  });
}
