import { compareText } from '../../util/strings.js';
import { qualifiedKey } from '../../schema/model.js';
import { objectId, partId, type Dependency } from '../../schema/object-id.js';
import type { UseRow } from '../catalog/catalog-uses.js';

/** The rows of `USES_SQL` as dependencies between `ObjectId`s, sorted, leaving out those of excluded tables. */
export function dependenciesOf(
  rows: readonly UseRow[],
  exclude: readonly { schema: string; name: string }[],
): Dependency[] {
  const excluded = new Set(exclude.map((t) => qualifiedKey(t.schema, t.name)));
  return rows
    .filter((row) => !excluded.has(qualifiedKey(row.schema, row.table_name)))
    .filter((row) => row.used_kind === 'routine' || !excluded.has(qualifiedKey(row.used_schema, row.used_name)))
    .map((row) => ({
      dependent: partId(row.kind, { schema: row.schema, name: row.table_name }, row.name),
      on: objectId(row.used_kind, row.used_schema, row.used_name, row.used_part),
    }))
    .sort((a, b) => compareText(a.dependent, b.dependent) || compareText(a.on, b.on));
}
