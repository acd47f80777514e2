import type { ColumnModel, SchemaModel, TableModel } from '../../src/schema/model.js';

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

/** A model with nothing but `parts`. */
export function model(parts: Partial<SchemaModel> = {}): SchemaModel {
  return { schemas: [], enums: [], tables: [], ...parts };
}
