import { dropForeignTableOf, sameForeignColumn } from '../../../ops/objects/foreign-operations.js';
import type { Operation } from '../../../ops/operation.js';
import type {
  ForeignDataWrapperModel,
  ForeignServerModel,
  ForeignTableModel,
  SchemaModel,
} from '../../../schema/model.js';
import { qualifiedKey, sameOptions } from '../../../schema/model.js';

export interface ForeignSteps {
  /** Foreign tables, then servers, then wrappers: after views are dropped, before the types they use. */
  drop: Operation[];
  /** Wrappers, servers, then foreign tables, each created or changed in place: after types and early routines, before views. */
  create: Operation[];
}

/**
 * Foreign data wrappers, servers and foreign tables. A wrapper changes in
 * place; a server too, unless its wrapper or type changes (dropped and
 * created again, with its foreign tables). A foreign table changes in place
 * (columns dropped, changed and added at the end, options) unless its server
 * changes or its columns are reordered: then it is dropped and created again.
 */
export function compareForeign(current: SchemaModel, target: SchemaModel): ForeignSteps {
  const wrappers = pairs(current.foreignDataWrappers, target.foreignDataWrappers, (w) => w.name);
  const servers = pairs(current.foreignServers, target.foreignServers, (s) => s.name);
  const tables = pairs(current.foreignTables, target.foreignTables, (t) => qualifiedKey(t.schema, t.name));
  const recreatedServers = recreatedServerNames(servers.both);
  const recreatedTables = tables.both.filter(([a, b]) => recreatedServers.has(a.server) || !alterableInPlace(a, b));
  const recreatedKeys = new Set(recreatedTables.map(([a]) => qualifiedKey(a.schema, a.name)));
  const drop: Operation[] = [
    ...tables.removed.map((t) => dropForeignTableOf(t)),
    ...recreatedTables.map(([a, b]) => dropForeignTableOf(a, recreateNote(a, b, recreatedServers))),
    ...servers.removed.map((s) => dropServer(s)),
    ...servers.both.filter(([a]) => recreatedServers.has(a.name)).map(([a]) => dropServer(a)),
    ...wrappers.removed.map((w): Operation => ({ kind: 'dropForeignDataWrapper', name: w.name, removed: w })),
  ];
  const create: Operation[] = [
    ...wrappers.added.map((wrapper): Operation => ({ kind: 'createForeignDataWrapper', wrapper })),
    ...wrappers.both
      .filter(([a, b]) => !sameWrapper(a, b))
      .map(([from, to]): Operation => ({ kind: 'alterForeignDataWrapper', name: to.name, from, to })),
    ...servers.added.map((server): Operation => ({ kind: 'createForeignServer', server })),
    ...servers.both.map(([from, to]): Operation[] => serverSteps(from, to, recreatedServers.has(from.name))).flat(),
    ...tables.added.map((table): Operation => ({ kind: 'createForeignTable', table })),
    ...tables.both
      .map(([from, to]): Operation[] => tableSteps(from, to, recreatedKeys.has(qualifiedKey(from.schema, from.name))))
      .flat(),
  ];
  return { drop, create };
}

/**
 * The foreign tables that views and routines using them must be dropped
 * around: dropped, created again, or losing or retyping a column.
 */
export function foreignTablesGone(current: SchemaModel, target: SchemaModel): { schema: string; name: string }[] {
  const servers = pairs(current.foreignServers, target.foreignServers, (s) => s.name);
  const recreatedServers = recreatedServerNames(servers.both);
  const after = new Map(target.foreignTables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  return current.foreignTables.filter((t) => {
    const next = after.get(qualifiedKey(t.schema, t.name));
    if (next === undefined || recreatedServers.has(t.server) || !alterableInPlace(t, next)) return true;
    const columns = new Map(next.columns.map((c) => [c.name, c]));
    return t.columns.some(
      (c) => columns.get(c.name)?.type !== c.type || columns.get(c.name)?.collation !== c.collation,
    );
  });
}

/** The servers both sides have whose wrapper or type changes, which `ALTER SERVER` cannot do. */
function recreatedServerNames(both: readonly [ForeignServerModel, ForeignServerModel][]): Set<string> {
  return new Set(both.filter(([a, b]) => a.wrapper !== b.wrapper || a.type !== b.type).map(([a]) => a.name));
}

/** Why a foreign table is dropped and created again, for the comment above its drop. */
function recreateNote(from: ForeignTableModel, to: ForeignTableModel, recreatedServers: ReadonlySet<string>): string {
  const why =
    from.server !== to.server
      ? `it moves from server ${from.server} to ${to.server}`
      : recreatedServers.has(from.server)
        ? `its server ${from.server} is dropped and created again (its wrapper or type changes)`
        : 'its columns change order (ALTER FOREIGN TABLE adds columns only at the end)';
  return `foreign table ${to.schema}.${to.name} is dropped and created again: ${why}.`;
}

function dropServer(server: ForeignServerModel): Operation {
  return { kind: 'dropForeignServer', name: server.name, removed: server };
}

function serverSteps(from: ForeignServerModel, to: ForeignServerModel, recreated: boolean): Operation[] {
  if (recreated) return [{ kind: 'createForeignServer', server: to }];
  if (from.version === to.version && sameOptions(from.options, to.options)) return [];
  return [{ kind: 'alterForeignServer', name: to.name, from, to }];
}

function tableSteps(from: ForeignTableModel, to: ForeignTableModel, recreated: boolean): Operation[] {
  if (recreated) return [{ kind: 'createForeignTable', table: to }];
  if (sameForeignTable(from, to)) return [];
  return [{ kind: 'alterForeignTable', schema: to.schema, name: to.name, from, to }];
}

function sameWrapper(a: ForeignDataWrapperModel, b: ForeignDataWrapperModel): boolean {
  return a.handler === b.handler && a.validator === b.validator && sameOptions(a.options, b.options);
}

function sameForeignTable(a: ForeignTableModel, b: ForeignTableModel): boolean {
  return (
    a.server === b.server &&
    sameOptions(a.options, b.options) &&
    a.columns.length === b.columns.length &&
    a.columns.every((c, i) => c.name === b.columns[i]!.name && sameForeignColumn(c, b.columns[i]!))
  );
}

/**
 * Whether `ALTER FOREIGN TABLE` gets from `a` to `b`: the same server, the
 * columns both have in the same order, and the new ones after all of them
 * (`ADD COLUMN` appends).
 */
function alterableInPlace(a: ForeignTableModel, b: ForeignTableModel): boolean {
  if (a.server !== b.server) return false;
  const before = new Set(a.columns.map((c) => c.name));
  const after = new Set(b.columns.map((c) => c.name));
  const keptBefore = a.columns.map((c) => c.name).filter((n) => after.has(n));
  const keptAfter = b.columns.map((c) => c.name).filter((n) => before.has(n));
  if (keptBefore.join('\u0000') !== keptAfter.join('\u0000')) return false;
  const firstNew = b.columns.findIndex((c) => !before.has(c.name));
  return firstNew < 0 || b.columns.slice(firstNew).every((c) => !before.has(c.name));
}

interface Pairs<T> {
  removed: T[];
  added: T[];
  both: [T, T][];
}

function pairs<T>(current: readonly T[], target: readonly T[], key: (item: T) => string): Pairs<T> {
  const before = new Map(current.map((item) => [key(item), item]));
  const after = new Map(target.map((item) => [key(item), item]));
  return {
    removed: current.filter((item) => !after.has(key(item))),
    added: target.filter((item) => !before.has(key(item))),
    both: current.filter((item) => after.has(key(item))).map((item): [T, T] => [item, after.get(key(item))!]),
  };
}
