// @ts-check
/**
 * Generated schema models for the benchmarks: `size` tables in `public`, each
 * with eight columns of mixed types, a primary key, a foreign key to the
 * previous table (the first table refers to itself), a unique, a check and an
 * index, plus a few enums the tables share.
 */

export const ENUM_COUNT = 3;

/** @param {number} i */
export function tableName(i) {
  return `t${String(i).padStart(5, '0')}`;
}

/** @param {number} k */
function enumName(k) {
  return `status_${k}`;
}

/**
 * The declared model of a schema with `size` tables.
 * @param {number} size
 * @returns {import('../../dist/schema/model.js').SchemaModel}
 */
export function generateModel(size) {
  const enums = [];
  for (let k = 0; k < ENUM_COUNT; k++) {
    enums.push({ schema: 'public', name: enumName(k), values: ['new', 'active', 'archived'] });
  }
  const tables = [];
  for (let i = 0; i < size; i++) tables.push(generateTable(i));
  return { schemas: [], enums, tables };
}

/**
 * @param {number} i
 * @returns {import('../../dist/schema/model.js').TableModel}
 */
function generateTable(i) {
  const name = tableName(i);
  const status = enumName(i % ENUM_COUNT);
  return {
    schema: 'public',
    name,
    columns: [
      { name: 'id', type: 'bigint', nullable: false, default: null, identity: { always: true } },
      { name: 'parent_id', type: 'bigint', nullable: true, default: null, identity: null },
      { name: 'code', type: 'character varying(40)', nullable: false, default: null, identity: null },
      { name: 'title', type: 'text', nullable: false, default: "''::text", identity: null },
      { name: 'amount', type: 'numeric(12,2)', nullable: false, default: '0', identity: null },
      { name: 'status', type: `public.${status}`, nullable: false, default: "'new'", identity: null },
      { name: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()', identity: null },
      { name: 'payload', type: 'jsonb', nullable: true, default: null, identity: null },
    ],
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    foreignKeys: [
      {
        name: `${name}_parent_id_fkey`,
        columns: ['parent_id'],
        refSchema: 'public',
        refTable: tableName(Math.max(0, i - 1)),
        refColumns: ['id'],
        onDelete: 'SET NULL',
        onUpdate: 'NO ACTION',
      },
    ],
    uniques: [{ name: `${name}_code_key`, columns: ['code'] }],
    checks: [{ name: `${name}_amount_check`, expression: 'amount >= 0' }],
    indexes: [
      {
        name: `${name}_status_created_at_idx`,
        unique: false,
        method: 'btree',
        columns: [{ column: 'status' }, { column: 'created_at' }],
        where: null,
      },
    ],
  };
}

/**
 * One change per table for about 5% of the tables (at least one), cycling
 * through the kinds of change autogenerate meets most, plus a new enum value.
 * The input is left as it is; the changed copy is returned.
 * @param {import('../../dist/schema/model.js').SchemaModel} model a canonical model
 * @returns {{ model: import('../../dist/schema/model.js').SchemaModel, changedTables: number }}
 */
export function changeModel(model) {
  const changed = structuredClone(model);
  const count = Math.max(1, Math.round(changed.tables.length * 0.05));
  const step = changed.tables.length / count;
  for (let n = 0; n < count; n++) {
    CHANGES[n % CHANGES.length](changed.tables[Math.floor(n * step)]);
  }
  if (changed.enums.length > 0) changed.enums[0].values.push('deleted');
  return { model: changed, changedTables: count };
}

/** @type {((table: import('../../dist/schema/model.js').TableModel) => void)[]} */
const CHANGES = [
  (t) => t.columns.push({ name: 'note', type: 'text', nullable: true, default: null, identity: null }),
  (t) => {
    t.columns = t.columns.filter((c) => c.name !== 'payload');
  },
  (t) => {
    const title = t.columns.find((c) => c.name === 'title');
    if (title) title.nullable = true;
  },
  (t) =>
    t.indexes.push({
      name: `${t.name}_code_title_idx`,
      unique: false,
      method: 'btree',
      columns: [{ column: 'code' }, { column: 'title' }],
      where: null,
    }),
  (t) => {
    t.checks = [];
  },
  (t) => {
    const amount = t.columns.find((c) => c.name === 'amount');
    if (amount) amount.type = 'numeric(14,2)';
  },
];
