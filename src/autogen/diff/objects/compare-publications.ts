import type { Operation } from '../../../ops/operation.js';
import type { PublicationModel } from '../../../schema/model.js';
import { compareText, sameValue } from '../compare-values.js';

/**
 * Publications are keyed by name. One that goes is dropped before anything
 * else (what it lists may go too), a new one created after the tables. One
 * that stays changes in place in two steps: first it drops the tables and
 * schemas that go from its list (before the tables change: a table dropped
 * from the model is no longer there to drop from the list), then, after the
 * tables, it adds those that come, and the tables whose column list or row
 * filter changes, and sets its options. Whether it publishes every table
 * cannot change in place: it is dropped and created again.
 */
export function comparePublications(
  current: readonly PublicationModel[],
  target: readonly PublicationModel[],
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
    if (sameValue(publication, next)) continue;
    const keys = new Set(next.tables.map(tableKey));
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

function tableKey(t: { schema: string; table: string }): string {
  return `${t.schema}\0${t.table}`;
}

function byName(list: readonly PublicationModel[]): Map<string, PublicationModel> {
  return new Map([...list].sort((a, b) => compareText(a.name, b.name)).map((p) => [p.name, p]));
}
