import type { Operation, OperationOf } from '../../../ops/operation.js';
import type {
  IdentityRefusal,
  PublicationModel,
  PublicationTableModel,
  SchemaModel,
  TableModel,
} from '../../../schema/model.js';
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
 * The operations, each with the refusals it brings about (`unidentified`, the
 * `replica-identity` hazard): the UPDATE and DELETE Postgres refuses on a
 * table of `target` that a publication sends the changes of while the
 * table's replica identity cannot serve them, where `current` had no such
 * refusal. Each goes to the publication's create or alter that starts
 * sending the table's changes; else to the table's create, its identity's
 * change, or its primary key's drop.
 */
export function withIdentityRefusals(
  operations: readonly Operation[],
  current: SchemaModel,
  target: SchemaModel,
): Operation[] {
  // The target's refusals first: most revisions have none, and the current model is not read then.
  const after = refusalsOf(target);
  if (after.length === 0) return [...operations];
  const before = new Set(refusalsOf(current).flatMap((r) => r.refused.map((s) => `${tableKey(r)}\0${s}`)));
  const fresh = after.flatMap((r): IdentityRefusal[] => {
    const refused = r.refused.filter((s) => !before.has(`${tableKey(r)}\0${s}`));
    return refused.length === 0 ? [] : [{ ...r, refused }];
  });
  if (fresh.length === 0) return [...operations];
  const given = new Map<number, IdentityRefusal[]>();
  const primaryKeys = new Map(current.tables.map((t) => [qualifiedKey(t.schema, t.name), t.primaryKey?.name]));
  for (const refusal of fresh) {
    const at = [
      (op: Operation) => startsSending(op, refusal),
      (op: Operation) =>
        op.kind === 'createTable' && qualifiedKey(op.table.schema, op.table.name) === tableKey(refusal),
      (op: Operation) => op.kind === 'setReplicaIdentity' && tableKey(op) === tableKey(refusal),
      (op: Operation) =>
        op.kind === 'dropConstraint' && tableKey(op) === tableKey(refusal) && primaryKeys.get(tableKey(op)) === op.name,
    ]
      .map((bringsAbout) => operations.findIndex(bringsAbout))
      .find((i) => i >= 0);
    if (at !== undefined) given.set(at, [...(given.get(at) ?? []), refusal]);
  }
  return operations.map((op, i) => {
    const unidentified = given.get(i);
    return unidentified === undefined || !carriesRefusals(op) ? op : { ...op, unidentified };
  });
}

/** The operations that may carry refusals (`unidentified`). */
const CARRYING = [
  'createPublication',
  'alterPublication',
  'createTable',
  'setReplicaIdentity',
  'dropConstraint',
] as const satisfies readonly Operation['kind'][];

function carriesRefusals(op: Operation): op is OperationOf<(typeof CARRYING)[number]> {
  return (CARRYING as readonly string[]).includes(op.kind);
}

/** Whether a publication's create or alter starts sending the refused changes of the refusal's table. */
function startsSending(op: Operation, refusal: IdentityRefusal): boolean {
  if (op.kind === 'createPublication') return op.publication.name === refusal.publication;
  if (op.kind !== 'alterPublication' || op.name !== refusal.publication) return false;
  const entry = (p: PublicationModel) => p.tables.find((t) => tableKey(t) === tableKey(refusal));
  const covers = (p: PublicationModel) => p.allTables || p.schemas.includes(refusal.schema) || entry(p) !== undefined;
  if (!covers(op.to)) return false;
  const was = entry(op.from);
  const now = entry(op.to);
  return (
    !covers(op.from) ||
    (was !== undefined && now !== undefined && !samePublicationTable(was, now)) ||
    refusal.refused.some((s) => !op.from.publish.includes(s === 'UPDATE' ? 'update' : 'delete'))
  );
}

/** Every refusal a model's publications bring about on its tables. */
function refusalsOf(model: SchemaModel): IdentityRefusal[] {
  return model.publications.flatMap((publication) => {
    const refused = (['update', 'delete'] as const)
      .filter((change) => publication.publish.includes(change))
      .map((change) => (change === 'update' ? 'UPDATE' : 'DELETE'));
    return unidentifiedTables(publication, model.tables).map((t) => ({
      publication: publication.name,
      schema: t.schema,
      table: t.table,
      refused,
      why: t.why,
    }));
  });
}

/**
 * The tables of `tables` a publication sends the updates or deletes of while
 * their replica identity cannot serve them, and why. The identity is the
 * primary key by default, an index's columns (`USING INDEX`), every column
 * (`FULL`), or none (`NOTHING`, or the default without a primary key); a
 * column list must hold every identity column, and a row filter use only
 * identity columns (any, with `FULL`). Postgres checks each at the UPDATE or
 * DELETE. An unlogged table is never published; a partition is judged by
 * its partitioned table, whose primary key it has.
 */
function unidentifiedTables(
  publication: PublicationModel,
  tables: readonly TableModel[],
): { schema: string; table: string; why: string }[] {
  if (!publication.publish.includes('update') && !publication.publish.includes('delete')) return [];
  const listed = new Map(publication.tables.map((t) => [tableKey(t), t]));
  const published = tables.flatMap((table): { table: TableModel; entry?: PublicationTableModel }[] => {
    if (table.unlogged === true || table.partitionOf !== undefined) return [];
    const entry = listed.get(qualifiedKey(table.schema, table.name));
    if (entry !== undefined) return [{ table, entry }];
    return publication.allTables || publication.schemas.includes(table.schema) ? [{ table }] : [];
  });
  return published.flatMap(({ table, entry }) => {
    const why = identityGap(table, entry);
    return why === undefined ? [] : [{ schema: table.schema, table: table.name, why }];
  });
}

/** Why a table's replica identity cannot serve a publication's entry for it; undefined when it can. */
function identityGap(table: TableModel, entry: PublicationTableModel | undefined): string | undefined {
  const identity = identityColumns(table);
  if (identity === undefined)
    return table.replicaIdentity === 'nothing'
      ? 'its replica identity is NOTHING'
      : typeof table.replicaIdentity === 'object'
        ? `its replica identity index ${table.replicaIdentity.index} is not there`
        : 'it has no primary key and no replica identity';
  const names = new Set(table.columns.map((c) => c.name));
  const missing = entry?.columns === undefined ? [] : [...identity].filter((c) => !entry.columns!.includes(c));
  if (missing.length > 0) return `its column list leaves out ${missing.join(', ')} of its replica identity`;
  if (table.replicaIdentity === 'full' || entry?.where === undefined) return undefined;
  const outside = [
    ...new Set(
      tokenizeSql(entry.where).flatMap((token) =>
        token.kind === 'ident' && names.has(token.text) && !identity.has(token.text) ? [token.text] : [],
      ),
    ),
  ];
  return outside.length === 0 ? undefined : `its row filter uses ${outside.join(', ')}, outside its replica identity`;
}

/** The columns of a table's replica identity; undefined for none. */
function identityColumns(table: TableModel): ReadonlySet<string> | undefined {
  const identity = table.replicaIdentity;
  if (identity === 'full') return new Set(table.columns.map((c) => c.name));
  if (identity === 'nothing') return undefined;
  if (identity === undefined) return table.primaryKey === null ? undefined : new Set(table.primaryKey.columns);
  const index = table.indexes.find((i) => i.name === identity.index);
  if (index === undefined) return undefined;
  return new Set(index.columns.flatMap((c) => ('column' in c ? [c.column] : [])));
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
