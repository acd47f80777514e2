import type { Operation, OperationOf } from '../../ops/operation.js';
import type { NotNullRename } from '../../ops/families/renames.js';
import type { SchemaModel, TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { notNullConstraintName } from '../../schema/naming.js';
import { utf8Length } from '../../util/strings.js';
import { notNullNameOn } from '../diff/compare-not-null-names.js';
import { tableIndex } from '../../schema/model-index.js';
import { sameValue } from '../diff/compare-values.js';

/** Longest identifier Postgres keeps whole, in bytes. */
const NAME_BYTES = 63;

/** A table as the renames go: where it is, its parent, and its columns' NOT NULL constraint names. */
interface Named {
  schema: string;
  name: string;
  parent: Named | undefined;
  /** Column name -> NOT NULL constraint name, in column order. */
  names: Map<string, string>;
}

/**
 * The renames with the NOT NULL constraints (PostgreSQL 18) each renames
 * after its table or column (`notNullRenames`), found in the live model as
 * the renames before it leave it: a constraint with the old default name
 * takes the new one, as an unnamed NOT NULL in the model reads; one named
 * otherwise (a rename made outside Athanor leaves the old default name) keeps
 * its name. The list is written where the reverse, renaming by default
 * names, would not give back the names found (a stale name that is the
 * default one once renamed); with it the reverse renames exactly those back.
 * Before 18 there are no such names, and the operations are left as they are.
 */
export function withNotNullRenames(live: SchemaModel, operations: readonly Operation[]): Operation[] {
  if (live.notNullNames !== true) return [...operations];
  const tables = namedTables(live.tables);
  const find = (schema: string, name: string): Named | undefined =>
    tables.find((t) => t.schema === schema && t.name === name);
  return operations.map((op): Operation => {
    switch (op.kind) {
      case 'renameSchema':
        for (const table of tables) if (table.schema === op.from) table.schema = op.to;
        return op;
      case 'renameTable': {
        const table = find(op.schema, op.from);
        if (table === undefined) return op;
        const renames = afterTableRename(table, op.from, op.to);
        table.name = op.to;
        applyRenames(tables, table, renames);
        return listed(op, renames, afterTableRename(table, op.to, op.from));
      }
      case 'renameColumn': {
        const table = find(op.schema, op.table);
        if (table === undefined) return op;
        for (const at of [table, ...descendants(tables, table)]) at.names = renamedKey(at.names, op.from, op.to);
        const renames = afterColumnRename(table, op.to, op.from, op.to);
        applyRenames(tables, table, renames);
        return listed(op, renames, afterColumnRename(table, op.to, op.to, op.from));
      }
      default:
        return op;
    }
  });
}

function namedTables(live: readonly TableModel[]): Named[] {
  const tables = tableIndex(live);
  const named = new Map<string, Named>();
  for (const table of live) {
    const names = new Map<string, string>();
    for (const column of tables.effectiveColumns(table)) {
      const name = notNullNameOn(tables, table, column.name);
      if (name !== undefined) names.set(column.name, name);
    }
    named.set(qualifiedKey(table.schema, table.name), {
      schema: table.schema,
      name: table.name,
      parent: undefined,
      names,
    });
  }
  for (const table of live) {
    const parent = table.partitionOf;
    if (parent !== undefined)
      named.get(qualifiedKey(table.schema, table.name))!.parent = named.get(qualifiedKey(parent.schema, parent.table));
  }
  return [...named.values()];
}

/** As `ALTER TABLE ... RENAME TO` is followed when no list is given: the old table's default names, unless the new ones would be cut. */
function afterTableRename(table: Named, from: string, to: string): NotNullRename[] {
  return [...table.names].flatMap(([column, name]) => {
    const renamed = `${to}_${column}_not_null`;
    return name === `${from}_${column}_not_null` && utf8Length(renamed) <= NAME_BYTES
      ? [{ from: name, to: renamed }]
      : [];
  });
}

/**
 * The rename with its list, or as it is when renaming by default names does
 * the same both ways (`back`: what its reverse would rename without a list).
 */
function listed<T extends OperationOf<'renameTable' | 'renameColumn'>>(
  op: T,
  renames: NotNullRename[],
  back: readonly NotNullRename[],
): T {
  const key = (r: NotNullRename): string => `${r.to}\u0000${r.from}`;
  const reversed = renames.map((r) => `${r.from}\u0000${r.to}`).sort();
  return sameValue(back.map(key).sort(), reversed) ? op : { ...op, notNullRenames: renames };
}

/** As `ALTER TABLE ... RENAME COLUMN` is followed when no list is given: the old column's default name (the column keyed `key`). */
function afterColumnRename(table: Named, key: string, from: string, to: string): NotNullRename[] {
  const name = table.names.get(key);
  return name === notNullConstraintName(table.name, from)
    ? [{ from: name, to: notNullConstraintName(table.name, to) }]
    : [];
}

/** A constraint renamed on a table is renamed in its partitions too, where they have it from the table. */
function applyRenames(tables: readonly Named[], table: Named, renames: readonly NotNullRename[]): void {
  for (const at of [table, ...descendants(tables, table)]) {
    for (const [column, name] of at.names) {
      const rename = renames.find((r) => r.from === name);
      if (rename !== undefined) at.names.set(column, rename.to);
    }
  }
}

/** Deepest chain of partitions followed; guards against a cycle in a broken model. */
const MAX_DEPTH = 64;

function descendants(tables: readonly Named[], table: Named, depth = 0): Named[] {
  if (depth > MAX_DEPTH) return [];
  const below = tables.filter((t) => t.parent === table);
  return [...below, ...below.flatMap((t) => descendants(tables, t, depth + 1))];
}

function renamedKey(names: ReadonlyMap<string, string>, from: string, to: string): Map<string, string> {
  return new Map([...names].map(([column, name]) => [column === from ? to : column, name]));
}
