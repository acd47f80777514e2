import type {
  ColumnModel,
  DomainModel,
  PartialSchemaModel,
  SchemaModel,
  SequenceModel,
  TableModel,
} from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { objectId, partId, type Dependency, type ObjectId, type ObjectKind } from '../../src/schema/object-id.js';

/** Model pieces for comparison tests, as the reflector gives them. */

/** A `public` integer sequence with a serial column's options, owned by nothing unless `extra` says otherwise. */
export function sequence(name: string, extra: Partial<SequenceModel> = {}): SequenceModel {
  return {
    schema: 'public',
    name,
    type: 'integer',
    start: '1',
    increment: '1',
    min: '1',
    max: '2147483647',
    cache: '1',
    cycle: false,
    ownedBy: null,
    ...extra,
  };
}

/** A nullable column without default or identity, unless `extra` says otherwise. */
export function column(name: string, type = 'integer', extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type, nullable: true, default: null, identity: null, ...extra };
}

/** A `public` table with an `id integer NOT NULL` primary key `<name>_pkey`, unless `extra` says otherwise. */
export function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns: [column('id', 'integer', { nullable: false })],
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

/** A `public` domain over `type`, with no default, NOT NULL or checks. */
export function domain(name: string, type: string): DomainModel {
  return { schema: 'public', name, type, default: null, notNull: false, checks: [] };
}

/**
 * What a live database's catalog records when `name`, a `kind` of object on
 * table `table` of `public` (a policy, trigger, constraint, index or
 * generated column), uses its column `column`: a reflected model has one per
 * use (`SchemaModel.dependencies`).
 */
export function uses(table: string, kind: ObjectKind, name: string, column: string): Dependency {
  const on = { schema: 'public', name: table };
  return { dependent: partId(kind, on, name), on: partId('column', on, column) };
}

/** As `uses`, for `name` calling the routine `public.<routine>(<argumentTypes>)`. */
export function calls(
  table: string,
  kind: ObjectKind,
  name: string,
  routine: string,
  argumentTypes: string,
): Dependency {
  return {
    dependent: partId(kind, { schema: 'public', name: table }, name),
    on: objectId('routine', 'public', routine, argumentTypes),
  };
}

/**
 * As `uses`, for `name` using another object: an operator or operator class
 * (`operatorId`, `operatorClassId`), or the key a foreign key references.
 */
export function usesObject(table: string, kind: ObjectKind, name: string, on: ObjectId): Dependency {
  return { dependent: partId(kind, { schema: 'public', name: table }, name), on };
}

/** A model with nothing but `parts`. */
export function model(parts: Partial<SchemaModel> = {}): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables: [], ...parts });
}

/** `T` with its fields and lists writable at every depth, for tests that change a copy in place. */
export type Mutable<T> = T extends string | number | boolean
  ? T // strings too, branded ones (an ObjectId) included
  : T extends readonly (infer E)[]
    ? Mutable<E>[]
    : T extends object
      ? { -readonly [K in keyof T]: Mutable<T[K]> }
      : T;

/** A `SchemaModel` whose fields and lists tests may change in place. */
export type MutableModel = Mutable<SchemaModel>;

/**
 * A deep copy of `value` that tests may change in place. The copy is new and
 * shared with nothing, so writing to it changes no model the code holds.
 */
export function mutableCopy<T>(value: T): Mutable<T> {
  return structuredClone(value) as Mutable<T>;
}

/** A copy of `parts`, completed, that tests may change in place. */
export function mutableModel(parts: PartialSchemaModel): MutableModel {
  return mutableCopy(completeModel(parts));
}
