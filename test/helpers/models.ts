import {
  completeModel,
  type ColumnModel,
  type PartialSchemaModel,
  type SchemaModel,
  type TableModel,
} from '../../src/schema/model.js';
import { partId, type Dependency, type ObjectKind } from '../../src/schema/object-id.js';

/** Model pieces for comparison tests, as the reflector gives them. */

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

/** A model with nothing but `parts`. */
export function model(parts: Partial<SchemaModel> = {}): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables: [], ...parts });
}

/** A `SchemaModel` whose fields and lists tests may change in place. */
export type MutableModel = {
  -readonly [K in keyof SchemaModel]: SchemaModel[K] extends readonly (infer T)[] ? T[] : SchemaModel[K];
};

/** A copy of `parts`, completed, that tests may change in place. */
export function mutableModel(parts: PartialSchemaModel): MutableModel {
  return structuredClone(completeModel(parts)) as MutableModel;
}
