import { describeOperation } from '../ops/describe.js';
import { tableOf } from '../ops/hazard-codes.js';
import type { Operation } from '../ops/operation.js';
import type { LockMode } from '../ops/statement-locks.js';
import type { ColumnModel, TableModel } from '../schema/model.js';
import type { Box, Edge, Group, Mark, Picture, Row } from './picture.js';

/** One operation of a revision, with what it locks and risks. */
export interface PicturedOperation {
  readonly op: Operation;
  readonly lock: LockMode;
  /** Its hazard codes, as `lint` grades them. */
  readonly hazards: readonly string[];
}

export interface PicturedRevision {
  readonly revision: string;
  readonly message: string;
  readonly upgrade: readonly PicturedOperation[];
  readonly downgrade: readonly PicturedOperation[];
}

/** A table a revision touches, what happens to it, and its rows so far. */
interface Touched {
  schema: string;
  name: string;
  mark: Mark;
  subtitle?: string;
  rows: Map<string, Row>;
  foreignKeys: Edge[];
}

const id = (schema: string, name: string) => `${schema}.${name}`;

/**
 * A revision as a picture: the tables its upgrade touches, each marked
 * added, changed or dropped, with the columns it adds, changes or drops (a
 * dropped table's columns from the downgrade that creates it again), and
 * two boxes listing the upgrade's and the downgrade's operations, each with
 * its lock and hazard codes.
 */
export function revisionPicture(rev: PicturedRevision): Picture {
  const touched = new Map<string, Touched>();
  const touch = (schema: string, name: string, mark: Mark): Touched => {
    const key = id(schema, name);
    let t = touched.get(key);
    if (!t) {
      t = { schema, name, mark, rows: new Map(), foreignKeys: [] };
      touched.set(key, t);
    } else if (t.mark === 'plain' || (t.mark === 'changed' && mark !== 'plain')) t.mark = mark;
    return t;
  };
  for (const { op } of rev.upgrade) {
    switch (op.kind) {
      case 'createTable': {
        const t = touch(op.table.schema, op.table.name, 'added');
        addColumns(t, op.table, 'added');
        break;
      }
      case 'dropTable': {
        const t = touch(op.schema, op.name, 'dropped');
        const before = op.removed ?? recreated(rev.downgrade, op.schema, op.name);
        if (before) addColumns(t, before, 'dropped');
        break;
      }
      case 'renameTable':
        touch(op.schema, op.to, 'changed').subtitle = `renamed from ${op.from}`;
        break;
      case 'addColumn':
        touch(op.schema, op.table, 'changed').rows.set(op.column.name, columnRow(op.column, 'added'));
        break;
      case 'dropColumn': {
        const before = op.removed ?? recreatedColumn(rev.downgrade, op.schema, op.table, op.column);
        touch(op.schema, op.table, 'changed').rows.set(
          op.column,
          before ? columnRow(before, 'dropped') : { name: op.column, detail: '', tags: [], mark: 'dropped' },
        );
        break;
      }
      case 'alterColumn':
      case 'renameColumn': {
        const name = op.kind === 'alterColumn' ? op.column : op.to;
        const t = touch(op.schema, op.table, 'changed');
        if (!t.rows.has(name))
          t.rows.set(name, {
            name,
            detail: op.kind === 'renameColumn' ? `renamed from ${op.from}` : describeOperation(op),
            tags: [],
            mark: 'changed',
          });
        break;
      }
      default: {
        const table = tableOf(op);
        if (table) touch(table.schema, table.name, 'changed');
      }
    }
  }
  const boxes: Box[] = [...touched.values()].map((t) => ({
    id: id(t.schema, t.name),
    kind: 'table',
    schema: t.schema,
    title: id(t.schema, t.name),
    subtitle: [t.mark, t.subtitle].filter(Boolean).join(', '),
    rows: [...t.rows.values()],
    mark: t.mark,
  }));
  const tableIds = new Set(boxes.map((b) => b.id));
  const edges = [...touched.values()].flatMap((t) => t.foreignKeys).filter((e) => tableIds.has(e.to));
  const steps = (title: string, ops: readonly PicturedOperation[]): Box => ({
    id: title,
    kind: 'operations',
    title: `${title} (${ops.length} ${ops.length === 1 ? 'operation' : 'operations'})`,
    rows: ops.map((o, i) => ({
      name: `${i + 1}. ${describeOperation(o.op)}`,
      detail: `lock: ${o.lock}`,
      tags: o.hazards,
      mark: markOf(o.op),
    })),
    mark: 'plain',
  });
  const operations = [steps('upgrade', rev.upgrade), steps('downgrade', rev.downgrade)];
  // Each operations box points at the tables its operations touch.
  const reach = (box: Box, ops: readonly PicturedOperation[]): Edge[] =>
    [...new Set(ops.flatMap(({ op }) => tableIdsOf(op)).filter((t) => tableIds.has(t)))].map((to) => ({
      from: box.id,
      to,
      kind: 'uses',
      label: '',
    }));
  const groups: Group[] = [
    { id: 'tables', label: 'tables', boxes: boxes.map((b) => b.id), groups: [] },
    { id: 'operations', label: 'operations', boxes: operations.map((b) => b.id), groups: [] },
  ];
  return {
    title: `revision ${rev.revision}: ${rev.message}`,
    boxes: [...boxes, ...operations],
    edges: [...edges, ...reach(operations[0]!, rev.upgrade)],
    groups,
    notes: [`${count(boxes, 'added')} added, ${count(boxes, 'changed')} changed, ${count(boxes, 'dropped')} dropped`],
    direction: 'LR',
  };
}

const count = (boxes: readonly Box[], mark: Mark) => boxes.filter((b) => b.mark === mark).length;

function tableIdsOf(op: Operation): string[] {
  if (op.kind === 'renameTable') return [id(op.schema, op.to)];
  const table = tableOf(op);
  return table ? [id(table.schema, table.name)] : [];
}

/** What an operation does, as a mark: creates add, drops drop, the rest change. */
function markOf(op: Operation): Mark {
  if (op.kind.startsWith('create') || op.kind.startsWith('add')) return 'added';
  if (op.kind.startsWith('drop')) return 'dropped';
  return 'changed';
}

function addColumns(t: Touched, table: TableModel, mark: Mark): void {
  const pk = new Set(table.primaryKey?.columns ?? []);
  const fk = new Set(table.foreignKeys.flatMap((f) => f.columns));
  for (const c of table.columns) {
    const row = columnRow(c, mark);
    t.rows.set(c.name, {
      ...row,
      tags: [...(pk.has(c.name) ? ['PK'] : []), ...(fk.has(c.name) ? ['FK'] : []), ...row.tags],
    });
  }
  for (const f of table.foreignKeys)
    t.foreignKeys.push({
      from: id(table.schema, table.name),
      to: id(f.refSchema, f.refTable),
      kind: 'foreign-key',
      label: `${f.columns.join(', ')} -> ${f.refColumns.join(', ')}`,
    });
}

function columnRow(c: ColumnModel, mark: Mark): Row {
  return { name: c.name, detail: c.type, tags: c.nullable ? ['null'] : [], mark, port: c.name };
}

/** The table as the downgrade creates it again. */
function recreated(ops: readonly PicturedOperation[], schema: string, name: string): TableModel | undefined {
  for (const { op } of ops)
    if (op.kind === 'createTable' && op.table.schema === schema && op.table.name === name) return op.table;
  return undefined;
}

function recreatedColumn(
  ops: readonly PicturedOperation[],
  schema: string,
  table: string,
  column: string,
): ColumnModel | undefined {
  for (const { op } of ops)
    if (op.kind === 'addColumn' && op.schema === schema && op.table === table && op.column.name === column)
      return op.column;
  return undefined;
}
