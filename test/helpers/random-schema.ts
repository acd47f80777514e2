import fc from 'fast-check';
import type {
  CheckModel,
  ColumnModel,
  EnumModel,
  ForeignKeyModel,
  IndexModel,
  PolicyModel,
  SchemaModel,
  TableModel,
  UniqueModel,
} from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

/**
 * Random, valid schema models for property tests against a real database:
 * tables in one or two schemas with columns of assorted types (enums and
 * arrays included), primary keys, foreign keys, uniques, checks, plain,
 * expression and partial indexes, row-level security and policies, and
 * partitioned tables with range, list and default partitions. Names include
 * ones that need quoting. Expressions are written loosely (the server
 * canonicalizes them), as a model file would.
 */

const TABLE_NAMES = ['orders', 'Person', 'select', 'line item', 'ünïcode'] as const;
const COLUMN_NAMES = ['amount', 'Label', 'group', 'created at', 'flag', 'tags', 'note'] as const;
const ENUM_VALUES = ['new', 'done', "it's", 'Z z', 'x'] as const;

interface ColumnKind {
  type: (enums: EnumModel[]) => string;
  defaults: () => (string | null)[];
  /** A boolean expression on the column (quoted name given), for checks and predicates. */
  predicate?: (column: string) => string;
  /** An index expression on the column, when one makes sense. */
  expression?: (column: string) => string;
}

const KINDS: readonly ColumnKind[] = [
  { type: () => 'integer', defaults: () => [null, '0', '42'], predicate: (c) => `${c} > 0` },
  { type: () => 'bigint', defaults: () => [null, '7'], predicate: (c) => `${c} <> -1` },
  { type: () => 'numeric(10,2)', defaults: () => [null, '1.5'], predicate: (c) => `${c} >= 0` },
  {
    type: () => 'text',
    defaults: () => [null, "'x'", "''"],
    predicate: (c) => `${c} <> ''`,
    expression: (c) => `lower(${c})`,
  },
  { type: () => 'varchar(20)', defaults: () => [null, "'abc'"], expression: (c) => `upper(${c})` },
  { type: () => 'boolean', defaults: () => [null, 'true', 'false'], predicate: (c) => c },
  { type: () => 'timestamptz', defaults: () => [null, 'now()', 'CURRENT_TIMESTAMP'] },
  { type: () => 'date', defaults: () => [null, 'CURRENT_DATE'] },
  { type: () => 'jsonb', defaults: () => [null, `'{}'`] },
  { type: () => 'integer[]', defaults: () => [null, `'{}'`] },
  { type: () => 'uuid', defaults: () => [null] },
];

function enumKind(model: EnumModel): ColumnKind {
  const type = `${quote(model.schema)}.${quote(model.name)}`;
  return {
    type: () => type,
    defaults: () => [null, `${literal(model.values[0]!)}::${type}`],
    predicate: (c) => `${c} IS DISTINCT FROM ${literal(model.values[0]!)}`,
  };
}

export function quote(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && name !== 'select' && name !== 'group'
    ? name
    : `"${name.replace(/"/g, '""')}"`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Decisions for one table, drawn by fast-check; the model is built from them deterministically. */
const tableChoices = fc.record({
  schemaIndex: fc.nat(1),
  columns: fc.uniqueArray(
    fc.record({ name: fc.constantFrom(...COLUMN_NAMES), kind: fc.nat(20), nullable: fc.boolean(), def: fc.nat(3) }),
    {
      maxLength: 4,
      selector: (c) => c.name,
    },
  ),
  unique: fc.boolean(),
  check: fc.boolean(),
  index: fc.nat(3),
  foreignKey: fc.boolean(),
  security: fc.nat(3),
  policy: fc.nat(2),
});

const enumChoices = fc.uniqueArray(fc.constantFrom(...ENUM_VALUES), { minLength: 1, maxLength: 4 });

export const schemaChoices = fc.record({
  twoSchemas: fc.boolean(),
  enums: fc.array(enumChoices, { maxLength: 2 }),
  tables: fc.array(tableChoices, { minLength: 1, maxLength: TABLE_NAMES.length }),
  partitioned: fc.nat(2),
});

type SchemaChoices = typeof schemaChoices extends fc.Arbitrary<infer T> ? T : never;
type TableChoice = typeof tableChoices extends fc.Arbitrary<infer T> ? T : never;

export const randomSchema: fc.Arbitrary<SchemaModel> = schemaChoices.map(buildSchema);

function buildSchema(choices: SchemaChoices): SchemaModel {
  const schemas = choices.twoSchemas ? ['public', 'app data'] : ['public'];
  const enums: EnumModel[] = choices.enums.map((values, i) => ({
    schema: schemas[i % schemas.length]!,
    name: i === 0 ? 'mood' : 'Color',
    values,
  }));
  // Enum types twice over, so that enum columns are common.
  const kinds = [...enums.map(enumKind), ...enums.map(enumKind), ...KINDS];
  const tables: TableModel[] = [];
  choices.tables.forEach((choice, i) => {
    const schema = schemas[choice.schemaIndex % schemas.length]!;
    tables.push(buildTable(schema, TABLE_NAMES[i]!, choice, kinds, tables, enums));
  });
  if (choices.partitioned > 0) tables.push(...partitionedTables(schemas[0]!, choices.partitioned === 2));
  return completeModel({ schemas: schemas.filter((s) => s !== 'public'), enums, tables });
}

function buildTable(
  schema: string,
  name: string,
  choice: TableChoice,
  kinds: ColumnKind[],
  earlier: TableModel[],
  enums: EnumModel[],
): TableModel {
  const columns: ColumnModel[] = [{ name: 'id', type: 'integer', nullable: false, default: null, identity: null }];
  const columnKinds = new Map<string, ColumnKind>();
  for (const c of choice.columns) {
    const kind = kinds[c.kind % kinds.length]!;
    const type = kind.type(enums);
    const defaults = kind.defaults();
    columns.push({
      name: c.name,
      type,
      nullable: c.nullable,
      default: defaults[c.def % defaults.length]!,
      identity: null,
    });
    columnKinds.set(c.name, kind);
  }
  const extra = columns.slice(1);
  const foreignKeys: ForeignKeyModel[] = [];
  const target = earlier[earlier.length - 1];
  if (choice.foreignKey && target !== undefined) {
    columns.push({ name: 'ref_id', type: 'integer', nullable: true, default: null, identity: null });
    const fk: ForeignKeyModel = {
      name: `${name}_ref_fkey`,
      columns: ['ref_id'],
      refSchema: target.schema,
      refTable: target.name,
      refColumns: ['id'],
      onDelete: choice.index % 2 === 0 ? 'CASCADE' : 'NO ACTION',
      onUpdate: 'NO ACTION',
    };
    foreignKeys.push(fk);
  }
  return {
    schema,
    name,
    columns,
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    foreignKeys,
    uniques: uniques(name, choice, extra),
    checks: checks(name, choice, extra, columnKinds),
    indexes: indexes(name, choice, extra, columnKinds),
    ...(choice.security > 0 ? { rowLevelSecurity: { enabled: true, forced: choice.security === 2 } } : {}),
    ...(choice.policy > 0 ? { policies: [policy(choice.policy)] } : {}),
  };
}

function uniques(table: string, choice: TableChoice, columns: ColumnModel[]): UniqueModel[] {
  const first = columns.find((c) => !c.type.endsWith('[]') && c.type !== 'jsonb');
  return choice.unique && first !== undefined ? [{ name: `${table}_u`, columns: [first.name] }] : [];
}

function checks(
  table: string,
  choice: TableChoice,
  columns: ColumnModel[],
  kinds: Map<string, ColumnKind>,
): CheckModel[] {
  const column = columns.find((c) => kinds.get(c.name)?.predicate !== undefined);
  if (!choice.check || column === undefined) return [];
  return [{ name: `${table}_ck`, expression: kinds.get(column.name)!.predicate!(quote(column.name)) }];
}

function indexes(
  table: string,
  choice: TableChoice,
  columns: ColumnModel[],
  kinds: Map<string, ColumnKind>,
): IndexModel[] {
  const plain = columns.find((c) => !c.type.endsWith('[]') && c.type !== 'jsonb');
  const withExpression = columns.find((c) => kinds.get(c.name)?.expression !== undefined);
  switch (choice.index) {
    case 1:
      return plain === undefined
        ? []
        : [{ name: `${table}_ix`, unique: false, method: 'btree', columns: [{ column: plain.name }], where: null }];
    case 2:
      if (withExpression === undefined) return [];
      return [
        {
          name: `${table}_ex`,
          unique: false,
          method: 'btree',
          columns: [{ expression: kinds.get(withExpression.name)!.expression!(quote(withExpression.name)) }],
          where: 'id > 10',
        },
      ];
    case 3:
      return [{ name: `${table}_hash`, unique: false, method: 'hash', columns: [{ column: 'id' }], where: null }];
    default:
      return [];
  }
}

function policy(choice: number): PolicyModel {
  return choice === 1
    ? { name: 'visible', permissive: true, command: 'SELECT', roles: ['public'], using: 'id > 0', withCheck: null }
    : {
        name: 'writes',
        permissive: false,
        command: 'INSERT',
        roles: ['public'],
        using: null,
        withCheck: 'id < 1000000',
      };
}

/** A range-partitioned table with two partitions and maybe a default one, and a list-partitioned one. */
function partitionedTables(schema: string, withDefault: boolean): TableModel[] {
  const base = (name: string, extra: Partial<TableModel>): TableModel => ({
    schema,
    name,
    columns: [],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  });
  const parent = base('measure', {
    columns: [
      { name: 'at', type: 'date', nullable: false, default: null, identity: null },
      { name: 'value', type: 'numeric', nullable: true, default: null, identity: null },
    ],
    primaryKey: { name: 'measure_pkey', columns: ['at'] },
    indexes: [
      { name: 'measure_value_idx', unique: false, method: 'btree', columns: [{ column: 'value' }], where: null },
    ],
    partitionBy: 'RANGE (at)',
  });
  const of = (bound: string) => ({ partitionOf: { schema, table: 'measure', bound } });
  const tables = [
    parent,
    base('measure_2024', of("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")),
    base('measure_2025', {
      ...of("FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"),
      checks: [{ name: 'measure_2025_positive', expression: 'value > 0' }],
    }),
  ];
  if (withDefault)
    tables.push(
      base('measure_rest', {
        ...of('DEFAULT'),
        indexes: [
          { name: 'measure_rest_at_idx', unique: false, method: 'btree', columns: [{ column: 'at' }], where: null },
        ],
      }),
    );
  return tables;
}
