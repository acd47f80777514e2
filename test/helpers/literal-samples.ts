import { OPERATION_LITERALS, type LiteralKind, type LiteralModels } from '../../src/ops/literal-defaults.js';
import type { Operation, OperationOf } from '../../src/ops/operation.js';
import { OpCalls } from '../../src/runtime/op-calls.js';
import { Operations } from '../../src/runtime/operations.js';

/** Objects of every kind that has defaults, and operations holding them, for the tests of literals without defaults. */

type Body = (op: Operations) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  arg: string,
  body: string,
) => Body;

/** The operations rendered source runs through the real `op` facade. */
export async function run(source: string): Promise<Operation[]> {
  const ran: Operation[] = [];
  const calls = new OpCalls('r.ts', 'upgrade');
  const op = new Operations(
    {
      run: async (operation) => {
        ran.push(operation);
      },
      query: async () => [],
      autocommit: async (fn) => fn(),
      offline: false,
    },
    calls,
  );
  await calls.run(() => new AsyncFunction('op', source)(op));
  return ran;
}

/** An object of each kind with every defaulted field at its default: a kind added to the table fails to compile here. */
export const ALL_DEFAULT: { readonly [K in LiteralKind]: LiteralModels[K] } = {
  table: {
    schema: 'public',
    name: 't',
    columns: [{ name: 'id', type: 'integer', nullable: false, default: null, identity: null }],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
  },
  column: { name: 'c', type: 'text', nullable: true, default: null, identity: null },
  foreignKey: {
    name: 'fk',
    columns: ['a'],
    refSchema: 'public',
    refTable: 'p',
    refColumns: ['id'],
    onDelete: 'NO ACTION',
    onUpdate: 'NO ACTION',
  },
  index: { name: 'i', unique: false, method: 'btree', columns: [{ column: 'a' }], where: null },
  sequence: {
    schema: 'public',
    name: 's',
    type: 'bigint',
    start: '1',
    increment: '1',
    min: '1',
    max: '9223372036854775807',
    cache: '1',
    cycle: false,
    ownedBy: null,
  },
  domain: { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] },
  view: {
    schema: 'public',
    name: 'v',
    materialized: false,
    definition: 'SELECT 1 AS one',
    options: [],
    columns: [{ name: 'one', type: 'integer' }],
    indexes: [],
    dependsOn: [],
  },
  function: {
    schema: 'public',
    name: 'f',
    kind: 'function',
    argumentTypes: '',
    arguments: '',
    result: 'integer',
    definition: 'CREATE OR REPLACE FUNCTION public.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$',
    dependsOn: [],
  },
  publication: {
    name: 'p',
    allTables: false,
    tables: [],
    schemas: [],
    publish: ['insert', 'update', 'delete', 'truncate'],
    viaRoot: false,
  },
};

/** An object of each kind with no field at its default. */
export const NONE_DEFAULT: { readonly [K in LiteralKind]: LiteralModels[K] } = {
  table: {
    ...ALL_DEFAULT.table,
    columns: [{ name: 'id', type: 'integer', nullable: false, default: '0', identity: { always: true } }],
    primaryKey: { name: 't_pkey', columns: ['id'] },
    foreignKeys: [{ ...ALL_DEFAULT.foreignKey, onDelete: 'CASCADE', onUpdate: 'SET NULL' }],
    uniques: [{ name: 't_u', columns: ['id'] }],
    checks: [{ name: 't_c', expression: '(id > 0)' }],
    indexes: [{ name: 'i', unique: true, method: 'hash', columns: [{ column: 'id' }], where: '(id > 1)' }],
  },
  column: { name: 'c', type: 'text', nullable: true, default: "'x'::text", identity: { always: false } },
  foreignKey: { ...ALL_DEFAULT.foreignKey, onDelete: 'CASCADE', onUpdate: 'RESTRICT' },
  index: { name: 'i', unique: true, method: 'gin', columns: [{ column: 'a' }], where: '(a IS NOT NULL)' },
  sequence: {
    ...ALL_DEFAULT.sequence,
    type: 'integer',
    start: '5',
    increment: '2',
    min: '3',
    max: '1000',
    cache: '10',
    cycle: true,
    ownedBy: { table: 't', column: 'id' },
  },
  domain: {
    ...ALL_DEFAULT.domain,
    default: '1',
    notNull: true,
    checks: [{ name: 'd_check', expression: '(VALUE > 0)' }],
  },
  view: {
    ...ALL_DEFAULT.view,
    materialized: true,
    options: ['security_barrier=true'],
    indexes: [{ name: 'vi', unique: true, method: 'btree', columns: [{ column: 'one' }], where: null }],
    dependsOn: [{ schema: 'public', name: 't' }],
  },
  function: { ...ALL_DEFAULT.function, dependsOn: [{ schema: 'public', name: 't' }] },
  publication: {
    ...ALL_DEFAULT.publication,
    allTables: true,
    tables: [{ schema: 'public', table: 't' }],
    schemas: ['app'],
    publish: ['insert'],
    viaRoot: true,
  },
};

/** Operations holding each object of `objects` in every field `OPERATION_LITERALS` names. */
export function literalOperations(objects: { readonly [K in LiteralKind]: LiteralModels[K] }): Operation[] {
  const at = { schema: 'public', table: 't' };
  const kinds = Object.keys(OPERATION_LITERALS) as (keyof typeof OPERATION_LITERALS)[];
  const ops: { readonly [K in (typeof kinds)[number]]: OperationOf<K> } = {
    createTable: { kind: 'createTable', table: objects.table },
    addColumn: { kind: 'addColumn', ...at, column: objects.column },
    dropColumn: {
      kind: 'dropColumn',
      ...at,
      column: objects.column.name,
      keptBy: [{ schema: 'public', table: 'c' }],
      keptColumn: objects.column,
    },
    createIndex: { kind: 'createIndex', ...at, index: objects.index },
    createSequence: { kind: 'createSequence', sequence: objects.sequence },
    createDomain: { kind: 'createDomain', domain: objects.domain },
    createView: { kind: 'createView', view: objects.view },
    replaceView: { kind: 'replaceView', view: objects.view, from: objects.view },
    createFunction: { kind: 'createFunction', function: objects.function },
    replaceFunction: { kind: 'replaceFunction', function: objects.function, from: objects.function },
    createPublication: { kind: 'createPublication', publication: objects.publication },
    alterPublication: { kind: 'alterPublication', name: 'p', from: objects.publication, to: objects.publication },
  };
  return kinds.map((kind) => ops[kind]);
}
