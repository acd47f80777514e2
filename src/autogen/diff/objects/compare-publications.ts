import type { Operation } from '../../../ops/operation.js';
import type { PublicationModel, TableModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
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
 * them again in the second: Postgres drops a dropped table from them.
 */
export function comparePublications(
  current: readonly PublicationModel[],
  target: readonly PublicationModel[],
  recreated: ReadonlySet<string> = new Set(),
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
    const keys = new Set(next.tables.map(tableKey).filter((key) => !recreated.has(key)));
    const kept: PublicationModel = {
      ...publication,
      tables: publication.tables.filter((t) => keys.has(tableKey(t))),
      schemas: publication.schemas.filter((s) => next.schemas.includes(s)),
    };
    if (!sameValue(kept, publication)) drop.push({ kind: 'alterPublication', name, from: publication, to: kept });
    if (!sameValue(kept, next)) create.push({ kind: 'alterPublication', name, from: kept, to: next });
  }
  for (const [name, publication] of after)
    if (!before.has(name)) create.push({ kind: 'createPublication', publication });
  return { create, drop };
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
