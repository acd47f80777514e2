import { sequenceNamesIn } from '../../ops/things.js';
import { qualifiedKey, type SchemaModel } from '../../schema/model.js';
import { serialSequences } from '../../schema/naming.js';
import { AthanorError } from '../../util/errors.js';

/** Where a side has a sequence: declared apart (null), or made by a serial column (`schema.table.column`, its type). */
function sequencesOf(model: SchemaModel): Map<string, { column: string; type: string } | null> {
  const found = new Map<string, { column: string; type: string } | null>(
    model.sequences.map((s) => [qualifiedKey(s.schema, s.name), null]),
  );
  for (const { key, table, column } of serialSequences(model.tables))
    found.set(key, { column: `${table.schema}.${table.name}.${column.name}`, type: column.type });
  return found;
}

/**
 * Refuses a model that drops a sequence of the database while a column
 * default it keeps calls it (`nextval('s'::regclass)`): Postgres refuses to
 * drop it, with the table or serial column that makes it, or apart. The
 * message says how to keep it.
 */
export function refuseSequencesDroppedInUse(current: SchemaModel, target: SchemaModel): void {
  const before = sequencesOf(current);
  const after = sequencesOf(target);
  for (const table of target.tables)
    for (const column of table.columns)
      for (const { schema, name } of sequenceNamesIn(column.default)) {
        const key = qualifiedKey(schema, name);
        if (after.has(key) || !before.has(key)) continue;
        const serial = before.get(key);
        const owner = serial === null || serial === undefined ? '' : ` (with ${serial.column}, a ${serial.type})`;
        throw new AthanorError(
          'sequence-in-use',
          `${table.schema}.${table.name}.${column.name}'s default calls ${schema}.${name}, which the model drops${owner}; declare it with metadata.sequence('${name}') to keep it, or change that default`,
        );
      }
}
