import type { Operation } from '../../ops/operation.js';
import {
  qualifiedKey,
  type CompositeTypeModel,
  type RangeTypeModel,
  type DomainModel,
  type FunctionModel,
  type TableModel,
  type ViewModel,
} from '../../schema/model.js';
import { dependencyKey, routineKey } from '../../schema/object-keys.js';
import { elementType, qualifiedTypeName } from '../../schema/types.js';

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

/** What a view, routine, domain, composite or range type operation's object is and uses; null for other operations. */
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
    case 'createRangeType':
      return rangeUse(op.range);
    case 'dropRangeType':
      return op.removed === undefined ? typeUse(op, []) : rangeUse(op.removed);
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

function rangeUse(range: RangeTypeModel): ObjectUse {
  return typeUse(range, [elementType(range.subtype)]);
}

function typeUse(type: { schema: string; name: string }, uses: string[]): ObjectUse {
  return { key: qualifiedKey(type.schema, type.name), name: qualifiedTypeName(type.schema, type.name), uses };
}
