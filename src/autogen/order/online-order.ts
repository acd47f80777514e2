import type { Operation, OperationOf } from '../../ops/operation.js';
import { footprint } from '../../ops/footprint.js';
import { dependencyEdges } from '../../ops/dependency-order.js';
import { qualifiedKey } from '../../schema/model.js';
import { notNullConstraintName } from '../../schema/naming.js';

/**
 * The online plan's order (`plan/online.ts`): what stays in place in its
 * scheduled order, then the online part, which the revision runs outside a
 * transaction, then what must follow it: the renames and comments of what it
 * creates, the replica identities and cluster marks using its indexes, and the
 * columns dropped from a table it backfills, each taken out of the part in
 * place (the revision runs them in a transaction after the online part).
 */
export function onlineSchedule(parts: { inPlace: readonly Operation[]; online: readonly Operation[] }): Operation[] {
  const { inPlace, online } = parts;
  const renames = notNullRenamesAfter(online, inPlace);
  const created = new Set([...online, ...renames].flatMap(commentTargets));
  const comments = inPlace.filter((op) => op.kind === 'setComment' && created.has(commentKey(op)));
  const identities = marksOverOnlineIndexes(online, inPlace);
  const drops = dropsAfterBackfills(online, inPlace);
  const after = [...renames, ...comments, ...identities, ...drops];
  return [...inPlace.filter((op) => !after.includes(op)), ...online, ...after];
}

/**
 * The columns dropped from a table the online part backfills, whose values the
 * backfill may be computed from, and what must follow those drops (a type
 * the dropped column used, say): they follow the backfill. A column dropped so
 * that a column of its name is added stays in place; so do all of them when
 * something in the online part must follow one of them.
 */
function dropsAfterBackfills(online: readonly Operation[], inPlace: readonly Operation[]): Operation[] {
  const columnKey = (schema: string, table: string, column: string) => `${qualifiedKey(schema, table)}\0${column}`;
  const backfilled = new Set(
    online.flatMap((op) => (op.kind === 'backfill' ? [qualifiedKey(op.schema, op.table)] : [])),
  );
  const added = new Set(
    inPlace.flatMap((op) => (op.kind === 'addColumn' ? [columnKey(op.schema, op.table, op.column.name)] : [])),
  );
  const moved = new Set(
    inPlace.flatMap((op, i) =>
      op.kind === 'dropColumn' &&
      backfilled.has(qualifiedKey(op.schema, op.table)) &&
      !added.has(columnKey(op.schema, op.table, op.column))
        ? [i]
        : [],
    ),
  );
  if (moved.size === 0) return [];
  const waits = dependencyEdges([...inPlace, ...online]);
  const waitsOnMoved = (i: number) => waits[i]!.some((j) => moved.has(j));
  for (let grown = true; grown;) {
    grown = false;
    for (let i = 0; i < inPlace.length; i++)
      if (!moved.has(i) && waitsOnMoved(i)) {
        moved.add(i);
        grown = true;
      }
  }
  if (online.some((_, i) => waitsOnMoved(inPlace.length + i))) return [];
  return inPlace.filter((_, i) => moved.has(i));
}

/** The replica identities and `CLUSTER ON` marks that name an index built online: they follow it. */
function marksOverOnlineIndexes(online: readonly Operation[], inPlace: readonly Operation[]): Operation[] {
  const made = new Set(online.flatMap((op) => footprint(op).makes));
  return inPlace.filter(
    (op) =>
      (op.kind === 'setReplicaIdentity' || op.kind === 'setClusterOn') &&
      footprint(op).needs.some((needed) => made.has(needed)),
  );
}

/**
 * The renames of NOT NULL constraints (PostgreSQL 18) that an online `SET NOT
 * NULL` creates under Postgres' name: they follow it.
 */
function notNullRenamesAfter(online: readonly Operation[], inPlace: readonly Operation[]): Operation[] {
  const set = new Set(
    online.flatMap((op) =>
      op.kind === 'alterColumn' && op.to.nullable === false
        ? [`${qualifiedKey(op.schema, op.table)}\0${notNullConstraintName(op.table, op.column)}`]
        : [],
    ),
  );
  return inPlace.filter(
    (op) =>
      op.kind === 'renameObject' &&
      op.object === 'constraint' &&
      op.table !== undefined &&
      set.has(`${qualifiedKey(op.schema, op.table)}\0${op.from}`),
  );
}

/** The objects an operation creates that a comment can be on, as `commentKey` names them. */
function commentTargets(op: Operation): string[] {
  const constraint = (schema: string, table: string, name: string): string =>
    `constraint\0${schema}\0${table}\0${name}`;
  if (op.kind === 'createIndex') return [`index\0${op.schema}\0${op.index.name}`];
  // An index built anew under another name takes its own back (`indexSwaps` in plan/online.ts).
  if (op.kind === 'renameIndex') return [`index\0${op.schema}\0${op.to}`];
  if (op.kind === 'addConstraint') return [constraint(op.schema, op.table, op.constraint.name)];
  // SET NOT NULL makes a NOT NULL constraint under Postgres' name (PostgreSQL 18), which a rename may follow.
  if (op.kind === 'alterColumn' && op.to.nullable === false)
    return [constraint(op.schema, op.table, notNullConstraintName(op.table, op.column))];
  if (op.kind === 'renameObject' && op.object === 'constraint' && op.table !== undefined)
    return [constraint(op.schema, op.table, op.to)];
  return [];
}

function commentKey(op: OperationOf<'setComment'>): string {
  const { on, schema, name, parent } = op.target;
  return on === 'constraint' ? `constraint\0${schema}\0${parent}\0${name}` : `${on}\0${schema}\0${name}`;
}
