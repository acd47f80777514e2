import type { Operation } from '../../ops/operation.js';
import {
  qualifiedKey,
  type CompositeTypeModel,
  type DomainModel,
  type FunctionModel,
  type TableModel,
  type ViewModel,
} from '../../schema/model.js';
import { dependencyKey, routineKey } from '../../schema/object-keys.js';
import { elementType, qualifiedTypeName } from '../../schema/types.js';

/**
 * The dependency edges between a revision's operations: for each operation,
 * the positions of those it must wait for. A table is created after the
 * tables it references and its parents (the foreign keys that would close a
 * cycle are left out of its `createTable` and added later), and dropped after
 * the tables that reference it or are its partitions (those keys in a cycle
 * are dropped first and left out of its `removed` model).
 */
export function prerequisites(ops: readonly Operation[]): number[][] {
  const created = new Map<string, number>();
  const dropped = new Map<string, number>();
  ops.forEach((op, i) => {
    if (op.kind === 'createTable') created.set(tableKey(op.table), i);
    if (op.kind === 'dropTable') dropped.set(qualifiedKey(op.schema, op.name), i);
  });
  const waits = ops.map((): number[] => []);
  ops.forEach((op, i) => {
    if (op.kind === 'createTable') {
      for (const target of referencedTables(op.table)) {
        const at = created.get(target);
        if (at !== undefined) waits[i]!.push(at);
      }
    }
    if (op.kind === 'dropTable' && op.removed !== undefined) {
      // Who references a dropped table waits for nothing; the table it references waits for it.
      for (const target of referencedTables(op.removed)) {
        const at = dropped.get(target);
        if (at !== undefined) waits[at]!.push(i);
      }
    }
  });
  return waits;
}

function tableKey(table: TableModel): string {
  return qualifiedKey(table.schema, table.name);
}

/** Keys of the tables `table` references by a foreign key or inherits from (a partition's parent too), itself excluded. */
export function referencedTables(table: TableModel): string[] {
  const self = tableKey(table);
  const targets = [
    ...table.foreignKeys.map((key) => qualifiedKey(key.refSchema, key.refTable)),
    ...(table.partitionOf === undefined ? [] : [qualifiedKey(table.partitionOf.schema, table.partitionOf.table)]),
    ...(table.inherits ?? []).map((p) => qualifiedKey(p.schema, p.table)),
  ];
  return [...new Set(targets)].filter((target) => target !== self).sort();
}

/**
 * The object a view, routine or type operation creates, replaces or drops:
 * `key`, which orders ties and names it among its kind's operations; `name`,
 * by which the others' `uses` name it; `uses`, the names of what it uses
 * (the relations and routines the catalog records for a view or routine;
 * a domain's base type, a composite type's attribute types).
 */
export interface ObjectUse {
  key: string;
  name: string;
  uses: readonly string[];
}

/** What a view, routine, domain or composite type operation's object is and uses; null for other operations. */
export function objectUse(op: Operation): ObjectUse | null {
  switch (op.kind) {
    case 'createView':
    case 'replaceView':
      return viewUse(op.view);
    case 'dropView':
      return op.removed === undefined ? bare(qualifiedKey(op.schema, op.name)) : viewUse(op.removed);
    case 'createFunction':
    case 'replaceFunction':
      return routineUse(op.function);
    case 'dropFunction':
      return op.removed === undefined ? bare(routineKey(op.schema, op.name, op.argumentTypes)) : routineUse(op.removed);
    case 'createDomain':
      return domainUse(op.domain);
    case 'dropDomain':
      return op.removed === undefined ? typeUse(op, []) : domainUse(op.removed);
    case 'createCompositeType':
      return compositeUse(op.composite);
    case 'dropCompositeType':
      return op.removed === undefined ? typeUse(op, []) : compositeUse(op.removed);
    default:
      return null;
  }
}

function bare(key: string): ObjectUse {
  return { key, name: key, uses: [] };
}

function viewUse(view: ViewModel): ObjectUse {
  const key = qualifiedKey(view.schema, view.name);
  return { key, name: key, uses: view.dependsOn.map(dependencyKey) };
}

function routineUse(routine: FunctionModel): ObjectUse {
  const key = routineKey(routine.schema, routine.name, routine.argumentTypes);
  return { key, name: key, uses: routine.dependsOn.map(dependencyKey) };
}

function domainUse(domain: DomainModel): ObjectUse {
  return typeUse(domain, [elementType(domain.type)]);
}

function compositeUse(composite: CompositeTypeModel): ObjectUse {
  return typeUse(
    composite,
    composite.attributes.map((a) => elementType(a.type)),
  );
}

function typeUse(type: { schema: string; name: string }, uses: string[]): ObjectUse {
  return { key: qualifiedKey(type.schema, type.name), name: qualifiedTypeName(type.schema, type.name), uses };
}
