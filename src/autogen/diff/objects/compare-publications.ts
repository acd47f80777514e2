import type { Operation } from '../../../ops/operation.js';
import type { PublicationModel, PublicationTableModel, TableModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import { samePublicationTable } from '../../../ops/objects/publication-operations.js';
import { tokenizeSql } from '../../../sql/lexer.js';
import { sameValue } from '../compare-values.js';

/**
 * Publications are keyed by name. One that goes is dropped before anything
 * else (what it lists may go too), a new one created after the tables. One
 * that stays changes in place in two steps: first it drops the tables and
 * schemas that go from its list (before the tables change: a table dropped
 * from the model is no longer there to drop from the list), then, after the
 * tables, it adds those that come, and the tables whose column list or row
 * filter changes, and sets its options. Whether it publishes every table
 * cannot change in place: it is dropped and created again.
 * A table dropped and created again (`recreated`, by schema and name: a
 * rebuilt table) leaves the lists that keep it in the first step and joins
 * them again in the second: Postgres drops a dropped table from them. So
 * does a table whose column list or row filter changes, or uses a column
 * whose type changes or that is dropped (`changedColumns`, by table):
 * Postgres refuses to drop or retype a column a publication's entry uses.
 */
export function comparePublications(
  current: readonly PublicationModel[],
  target: readonly PublicationModel[],
  tables: { recreated: ReadonlySet<string>; changedColumns: ReadonlyMap<string, ReadonlySet<string>> } = {
    recreated: new Set(),
    changedColumns: new Map(),
  },
): { create: Operation[]; drop: Operation[] } {
  const before = byName(current);
  const after = byName(target);
  const create: Operation[] = [];
  const drop: Operation[] = [];
  for (const [name, publication] of before) {
    const next = after.get(name);
    if (next === undefined || next.allTables !== publication.allTables) {
      drop.push({ kind: 'dropPublication', name, removed: publication });
      if (next !== undefined) create.push({ kind: 'createPublication', publication: next });
      continue;
    }
    const staying = new Map(next.tables.map((t) => [tableKey(t), t]));
    const kept: PublicationModel = {
      ...publication,
      tables: publication.tables.filter((t) => {
        const after = staying.get(tableKey(t));
        return after !== undefined && !tables.recreated.has(tableKey(t)) && settled(t, after, tables.changedColumns);
      }),
      schemas: publication.schemas.filter((s) => next.schemas.includes(s)),
    };
    if (!sameValue(kept, publication)) drop.push({ kind: 'alterPublication', name, from: publication, to: kept });
    if (!sameValue(kept, next)) create.push({ kind: 'alterPublication', name, from: kept, to: next });
  }
  for (const [name, publication] of after)
    if (!before.has(name)) create.push({ kind: 'createPublication', publication });
  return { create, drop };
}

/**
 * Whether a table's entry stays as it is through the other changes: the same
 * column list and row filter, using no column that is retyped or dropped.
 */
function settled(
  before: PublicationTableModel,
  after: PublicationTableModel,
  changedColumns: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  if (!samePublicationTable(before, after)) return false;
  const changed = changedColumns.get(tableKey(before));
  if (changed === undefined) return true;
  const filterNames = tokenizeSql(before.where ?? '').flatMap((token) => (token.kind === 'ident' ? [token.text] : []));
  return ![...(before.columns ?? []), ...filterNames].some((name) => changed.has(name));
}

/** A table's key, as `recreatedTables` gives it. */
function tableKey(t: { schema: string; table: string }): string {
  return qualifiedKey(t.schema, t.table);
}

/** The tables a comparison drops and creates again, by `qualifiedKey`. */
export function recreatedTables(dropped: readonly TableModel[], created: readonly TableModel[]): Set<string> {
  const made = new Set(created.map((t) => qualifiedKey(t.schema, t.name)));
  return new Set(dropped.map((t) => qualifiedKey(t.schema, t.name)).filter((key) => made.has(key)));
}

function byName(list: readonly PublicationModel[]): Map<string, PublicationModel> {
  return new Map(list.map((p) => [p.name, p]));
}
