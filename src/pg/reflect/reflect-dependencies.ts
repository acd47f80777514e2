import { compareText } from '../../util/strings.js';
import { qualifiedKey } from '../../schema/model.js';
import { objectId, partId, type Dependency } from '../../schema/object-id.js';
import type { UseRow } from '../catalog/catalog-uses.js';

/**
 * The rows of `USES_SQL` as dependencies between `ObjectId`s, made one by one
 * as they arrive (`add`, the statement's `row`: the row is not kept), leaving
 * out those of excluded tables; `finish` sorts them, each once.
 */
export class UseRows {
  private readonly excluded: Set<string>;
  private readonly dependencies: Dependency[] = [];

  constructor(exclude: readonly { schema: string; name: string }[]) {
    this.excluded = new Set(exclude.map((t) => qualifiedKey(t.schema, t.name)));
  }

  add(row: UseRow): void {
    if (this.excluded.has(qualifiedKey(row.schema, row.table_name))) return;
    if (onTable(row) && this.excluded.has(qualifiedKey(row.used_schema, row.used_name))) return;
    this.dependencies.push({
      dependent:
        row.name === null
          ? objectId(row.kind, row.schema, row.table_name)
          : partId(row.kind, { schema: row.schema, name: row.table_name }, row.name),
      on: objectId(row.used_kind, row.used_schema, row.used_name, row.used_part),
    });
  }

  finish(): Dependency[] {
    return this.dependencies
      .sort((a, b) => compareText(a.dependent, b.dependent) || compareText(a.on, b.on))
      .filter((d, i, all) => i === 0 || d.dependent !== all[i - 1]!.dependent || d.on !== all[i - 1]!.on);
  }
}

/** Whether what the row uses is part of a table (a column or a key) rather than a routine, operator or class. */
function onTable(row: UseRow): boolean {
  return row.used_kind === 'column' || row.used_kind === 'constraint' || row.used_kind === 'index';
}
