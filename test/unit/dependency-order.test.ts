import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/ops/operation.js';
import { footprint } from '../../src/ops/footprint.js';
import { sequenceNamesIn, thing, typesIn } from '../../src/ops/things.js';
import {
  dependencyEdges,
  inDependencyOrder,
  readingRoutines,
  withCallsHeldBack,
  withDefaultsHeldBack,
} from '../../src/ops/dependency-order.js';
import { compareModels } from '../helpers/compare.js';
import { tableIndex } from '../../src/schema/model-index.js';
import type { FunctionModel, TableModel } from '../../src/schema/model.js';
import { column, domain, model, sequence, table } from '../helpers/models.js';
import { downgradePlan } from '../../src/autogen/order/downgrade.js';
import type { Reversal } from '../../src/autogen/steps.js';

/** A downgrade's reversals as operations, one that cannot be reversed as an empty `executeSql`. */
const restOps = (reversals: readonly Reversal[]): Operation[] =>
  reversals.map((r) => ('op' in r ? r.op : { kind: 'executeSql', sql: '' }));

function routine(name: string, argumentTypes: string, result: string): FunctionModel {
  return {
    schema: 'public',
    name,
    kind: 'function',
    argumentTypes,
    arguments: argumentTypes,
    result,
    definition: `CREATE OR REPLACE FUNCTION public.${name}(${argumentTypes}) RETURNS ${result} LANGUAGE sql AS $$ SELECT 1 $$`,
    dependsOn: [],
  };
}

function partition(name: string, parent: string, bound: string): TableModel {
  return table(name, { columns: [], primaryKey: null, partitionOf: { schema: 'public', table: parent, bound } });
}

/** A table whose foreign key references `target`'s `id`. */
function referencing(name: string, target: string): TableModel {
  return table(name, {
    foreignKeys: [
      {
        name: `${name}_id_fkey`,
        columns: ['id'],
        refSchema: 'public',
        refTable: target,
        refColumns: ['id'],
        onDelete: 'NO ACTION',
        onUpdate: 'NO ACTION',
      },
    ],
  });
}

function labels(ops: readonly Operation[]): string[] {
  return ops.map((op) => {
    switch (op.kind) {
      case 'createTable':
        return `table ${op.table.name}`;
      case 'dropTable':
        return `drop ${op.name}`;
      case 'createDomain':
        return `domain ${op.domain.name}`;
      case 'createFunction':
        return `function ${op.function.name}`;
      default:
        return op.kind;
    }
  });
}

describe('footprints', () => {
  it("read a type's user types from its text as the server prints it", () => {
    expect(typesIn('integer')).toEqual([]);
    expect(typesIn('public.mood[]')).toEqual([thing.type('public', 'mood')]);
    expect(typesIn('SETOF public.projects_domain')).toEqual([thing.type('public', 'projects_domain')]);
    expect(typesIn('TABLE(a "My Schema"."Item", b integer)')).toEqual([thing.type('My Schema', 'Item')]);
  });

  it('read the sequences a default reads through a regclass literal, and nothing else', () => {
    expect(sequenceNamesIn("nextval('public.b_id_seq'::regclass)")).toEqual([{ schema: 'public', name: 'b_id_seq' }]);
    expect(sequenceNamesIn(`nextval('"app data"."Seq"'::regclass)`)).toEqual([{ schema: 'app data', name: 'Seq' }]);
    expect(sequenceNamesIn("'public.b_id_seq'::text")).toEqual([]);
    expect(sequenceNamesIn(null)).toEqual([]);
  });

  it("say what a table makes and uses: its row type and serial sequence, its parent's partitions, a key's target's", () => {
    const orders = table('orders', {
      columns: [column('id', 'bigserial'), column('region', 'integer'), column('mood', 'public.mood')],
      foreignKeys: [
        {
          name: 'orders_region_fkey',
          columns: ['region'],
          refSchema: 'public',
          refTable: 'regions',
          refColumns: ['id'],
          onDelete: 'NO ACTION',
          onUpdate: 'NO ACTION',
        },
      ],
    });
    const print = footprint({ kind: 'createTable', table: orders });
    expect(print.makes).toEqual([
      thing.relation('public', 'orders'),
      thing.type('public', 'orders'),
      thing.relation('public', 'orders_id_seq'),
    ]);
    expect(print.needs).toEqual([
      thing.schema('public'),
      thing.type('public', 'mood'),
      thing.relation('public', 'regions'),
      thing.partitions('public', 'regions'),
    ]);
    expect(footprint({ kind: 'createTable', table: partition('regions_1', 'regions', 'DEFAULT') }).makes).toContain(
      thing.partitions('public', 'regions'),
    );
  });
});

describe('operations in dependency order', () => {
  it('create a partition naming a column after the column is added to its parent, or to a table above it', () => {
    const own = (name: string, parent: string): TableModel => ({
      ...partition(name, parent, "FOR VALUES IN ('b')"),
      columnOverrides: [{ name: 'd', notNullName: 'own_d' }],
    });
    const addD = (to: string): Operation => ({
      kind: 'addColumn',
      schema: 'public',
      table: to,
      column: column('d', 'boolean', { nullable: false }),
    });
    // Under the table gaining the column.
    expect(dependencyEdges([{ kind: 'createTable', table: own('p_b', 'p') }, addD('p')])).toEqual([[1], []]);
    // Under a partition that stays, of the table gaining it: the model tells the tree.
    const ops: Operation[] = [{ kind: 'createTable', table: own('p_1_b', 'p_1') }, addD('p')];
    expect(dependencyEdges(ops)).toEqual([[], []]);
    const partitionTree = tableIndex([table('p'), partition('p_1', 'p', "FOR VALUES IN ('b')"), own('p_1_b', 'p_1')]);
    expect(dependencyEdges(ops, { partitionTree })).toEqual([[1], []]);
    // A partition naming no column of its parent goes as it is.
    expect(
      dependencyEdges([{ kind: 'createTable', table: partition('p_c', 'p', "FOR VALUES IN ('c')") }, addD('p')]),
    ).toEqual([[], []]);
  });

  it('keeps an order that respects every edge as it is', () => {
    const ops: Operation[] = [
      { kind: 'createTable', table: table('projects') },
      { kind: 'createDomain', domain: domain('projects_domain', 'public.projects') },
      { kind: 'createFunction', function: routine('name_of', 'public.projects_domain', 'text') },
    ];
    expect(inDependencyOrder(ops)).toEqual(ops);
  });

  it('holds a routine back until the domain its signature uses, and the domain until the table whose row type it is', () => {
    const ops: Operation[] = [
      { kind: 'createFunction', function: routine('by_id', 'integer', 'SETOF public.projects_domain') },
      { kind: 'createFunction', function: routine('name_of', 'public.projects_domain', 'text') },
      { kind: 'createTable', table: table('projects') },
      { kind: 'createDomain', domain: domain('projects_domain', 'public.projects') },
    ];
    expect(labels(inDependencyOrder(ops))).toEqual([
      'table projects',
      'domain projects_domain',
      'function by_id',
      'function name_of',
    ]);
  });

  it('creates a key into a partitioned table after its partitions, and drops the partitions after the key', () => {
    const regions = table('regions', { partitionBy: 'LIST (id)' });
    const orders = referencing('orders', 'regions');
    const north = partition('regions_north', 'regions', 'FOR VALUES IN (1)');
    const creates: Operation[] = [
      { kind: 'createTable', table: regions },
      { kind: 'createTable', table: orders },
      { kind: 'createTable', table: north },
    ];
    expect(labels(inDependencyOrder(creates))).toEqual(['table regions', 'table regions_north', 'table orders']);
    const drops: Operation[] = [
      { kind: 'dropTable', schema: 'public', name: 'regions_north', removed: north },
      { kind: 'dropTable', schema: 'public', name: 'orders', removed: orders },
      { kind: 'dropTable', schema: 'public', name: 'regions', removed: regions },
    ];
    expect(labels(inDependencyOrder(drops))).toEqual(['drop orders', 'drop regions_north', 'drop regions']);
  });

  it('counts a partition of a partition as one of the table above it: created before the key, dropped after it', () => {
    const regions = table('regions', { partitionBy: 'LIST (id)' });
    const orders = referencing('orders', 'regions');
    const north = { ...partition('regions_north', 'regions', 'FOR VALUES IN (1)'), partitionBy: 'HASH (id)' };
    const leaf = partition('regions_north_0', 'regions_north', 'FOR VALUES WITH (MODULUS 1, REMAINDER 0)');
    const creates: Operation[] = [
      { kind: 'createTable', table: regions },
      { kind: 'createTable', table: orders },
      { kind: 'createTable', table: north },
      { kind: 'createTable', table: leaf },
    ];
    expect(labels(inDependencyOrder(creates))).toEqual([
      'table regions',
      'table regions_north',
      'table regions_north_0',
      'table orders',
    ]);
    const drops: Operation[] = [
      { kind: 'dropTable', schema: 'public', name: 'regions_north_0', removed: leaf },
      { kind: 'dropTable', schema: 'public', name: 'regions_north', removed: north },
      { kind: 'dropTable', schema: 'public', name: 'orders', removed: orders },
      { kind: 'dropTable', schema: 'public', name: 'regions', removed: regions },
    ];
    expect(labels(inDependencyOrder(drops))).toEqual([
      'drop orders',
      'drop regions_north_0',
      'drop regions_north',
      'drop regions',
    ]);
  });

  it('creates a table after the table whose serial sequence its default reads', () => {
    const a = table('a', { columns: [column('id', 'bigint', { default: "nextval('public.b_id_seq'::regclass)" })] });
    const b = table('b', { columns: [column('id', 'bigserial')] });
    const ops: Operation[] = [
      { kind: 'createTable', table: a },
      { kind: 'createTable', table: b },
    ];
    expect(dependencyEdges(ops)).toEqual([[1], []]);
    expect(labels(inDependencyOrder(ops))).toEqual(['table b', 'table a']);
  });

  it('breaks a cycle of keys at a key, never at what is required (a partition after its parent)', () => {
    const key = (name: string, target: string) => ({
      name,
      columns: ['id'],
      refSchema: 'public',
      refTable: target,
      refColumns: ['id'],
      onDelete: 'NO ACTION' as const,
      onUpdate: 'NO ACTION' as const,
    });
    // Case 3 of the pulled model: t1 and t2 reference each other, p references t1, a_p0 is p's partition.
    const ops: Operation[] = [
      { kind: 'createTable', table: partition('a_p0', 'p', 'FOR VALUES IN (0)') },
      { kind: 'createTable', table: table('p', { partitionBy: 'LIST (k)', foreignKeys: [key('p_fkey', 't1')] }) },
      { kind: 'createTable', table: table('t1', { foreignKeys: [key('t1_fkey', 't2')] }) },
      { kind: 'createTable', table: table('t2', { foreignKeys: [key('t2_fkey', 't1')] }) },
    ];
    const parents = (op: Operation) =>
      op.kind === 'createTable' && op.table.partitionOf !== undefined
        ? [thing.relation('public', op.table.partitionOf.table)]
        : [];
    expect(labels(inDependencyOrder(ops))).toEqual(['table a_p0', 'table p', 'table t1', 'table t2']);
    expect(labels(inDependencyOrder(ops, parents))).toEqual(['table p', 'table a_p0', 'table t1', 'table t2']);
  });

  it("sets a default after the tables when it reads the sequence of a table that has a column of the reader's row type", () => {
    const reader = table('a_t0', {
      columns: [column('id', 'bigint', { default: "nextval('public.a_t1_id_seq'::regclass)", nullable: false })],
      primaryKey: null,
    });
    const owner = table('a_t1', { columns: [column('id', 'bigserial'), column('r', 'public.a_t0')] });
    const plain = table('a_t2', {
      columns: [column('id', 'bigint', { default: "nextval('public.a_t1_id_seq'::regclass)" })],
      primaryKey: null,
    });
    const { creations, defaults } = withDefaultsHeldBack([
      { kind: 'createTable', table: reader },
      { kind: 'createTable', table: owner },
      { kind: 'createTable', table: plain },
    ]);
    // a_t2 reads the sequence too, but a_t1 does not need it: its default stays in its creation.
    expect(creations.map((op) => op.table.columns[0]!.default)).toEqual([
      null,
      owner.columns[0]!.default,
      plain.columns[0]!.default,
    ]);
    expect(defaults).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'a_t0',
        column: 'id',
        to: { default: "nextval('public.a_t1_id_seq'::regclass)" },
        from: { default: null },
      },
    ]);
    expect(labels(inDependencyOrder([...creations, ...defaults]))).toEqual([
      'table a_t0',
      'table a_t1',
      'table a_t2',
      'alterColumn',
    ]);
  });

  it("holds back a table's check, exclusion, index, default and a policy calling a routine, and nothing else", () => {
    const calls = { late: new Set(['doc_ok']), reading: new Set<string>() };
    const doc = table('doc', {
      columns: [
        column('id', 'integer', { nullable: false }),
        column('title', 'text', { default: "'untitled'::text" }),
        column('n', 'integer', { default: '(public.doc_ok(NULL::doc))::integer' }),
      ],
      checks: [
        { name: 'doc_title_check', expression: '(length(title) < 100)' },
        { name: 'doc_ok', expression: 'public.doc_ok(doc.*)' },
      ],
      exclusions: [{ name: 'doc_excl', definition: 'EXCLUDE USING btree (public.doc_ok(doc.*) WITH =)' }],
      indexes: [
        { name: 'doc_title', unique: false, method: 'btree', columns: [{ column: 'title' }], where: null },
        {
          name: 'doc_ok_idx',
          unique: false,
          method: 'btree',
          columns: [{ column: 'id' }],
          where: 'public.doc_ok(doc.*)',
        },
      ],
    });
    const { op, held } = withCallsHeldBack({ kind: 'createTable', table: doc }, calls);
    expect(op).toEqual({
      kind: 'createTable',
      table: {
        ...doc,
        columns: [doc.columns[0], doc.columns[1], { ...doc.columns[2], default: null }],
        checks: [doc.checks[0]],
        exclusions: [],
        indexes: [doc.indexes[0]],
      },
    });
    expect(held.map((h) => h.kind)).toEqual(['addConstraint', 'addConstraint', 'createIndex', 'alterColumn']);
    const policy: Operation = {
      kind: 'createPolicy',
      schema: 'public',
      table: 'doc',
      policy: {
        name: 'p',
        permissive: true,
        command: 'ALL',
        roles: ['public'],
        using: 'doc_ok(doc.*)',
        withCheck: null,
      },
    };
    expect(withCallsHeldBack(policy, calls)).toEqual({ op: null, held: [policy] });
    const retyped: Operation = {
      kind: 'alterColumn',
      schema: 'public',
      table: 'doc',
      column: 'n',
      to: { type: 'bigint', default: 'public.doc_ok(NULL::doc)::bigint' },
      from: { type: 'integer', default: null },
    };
    expect(withCallsHeldBack(retyped, calls)).toEqual({
      op: { ...retyped, to: { type: 'bigint' }, from: { type: 'integer' } },
      held: [{ ...retyped, to: { default: 'public.doc_ok(NULL::doc)::bigint' }, from: { default: null } }],
    });
    // A name that is not called (a column of the routine's name) holds nothing back.
    const plain: Operation = { kind: 'createTable', table: table('t', { columns: [column('doc_ok', 'boolean')] }) };
    expect(withCallsHeldBack(plain, calls)).toEqual({ op: plain, held: [] });
  });

  it('holds back only the index and exclusion calling a routine that reads a relation, not its checks or defaults', () => {
    const calls = { late: new Set<string>(), reading: new Set(['rate_of']) };
    const price = table('price', {
      columns: [
        column('id', 'integer', { nullable: false }),
        column('amount', 'numeric', { default: "rate_of('EUR')" }),
      ],
      checks: [{ name: 'price_rated', expression: "(rate_of('EUR') > 0)" }],
      indexes: [
        {
          name: 'price_normal',
          unique: false,
          method: 'btree',
          columns: [{ expression: "(amount * rate_of('EUR'))" }],
          where: null,
        },
      ],
    });
    const { op, held } = withCallsHeldBack({ kind: 'createTable', table: price }, calls);
    expect(op).toEqual({ kind: 'createTable', table: { ...price, indexes: [] } });
    expect(held).toEqual([{ kind: 'createIndex', schema: 'public', table: 'price', index: price.indexes[0] }]);
  });

  it("finds the routines reading a relation by their body's words, their catalog record, or a routine they call", () => {
    const sql = (name: string, body: string): FunctionModel => ({
      ...routine(name, 'text', 'numeric'),
      definition: `CREATE OR REPLACE FUNCTION public.${name}(c text) RETURNS numeric LANGUAGE sql AS $$ ${body} $$`,
    });
    const reads = readingRoutines(
      [
        sql('rate_of', 'SELECT rate FROM rates WHERE currency = c'),
        sql('wrapped', 'SELECT rate_of(c) * 2'),
        sql('plain', "SELECT length(c) + 1 -- 'rates' in a comment"),
        { ...sql('recorded', 'SELECT 1'), dependsOn: [{ schema: 'public', name: 'ledger' }] },
        // `language` is a table's name too: the header's words do not count.
        sql('header_only', 'SELECT 1'),
        // So is `null`: a bare reserved word is never a relation's name, a quoted one is.
        sql('keyword_only', 'SELECT c IS NULL'),
        sql('quoted_null', 'SELECT count(*) FROM "null"'),
      ],
      new Set(['rates', 'language', 'null']),
    );
    expect(reads.map((f) => f.name).sort()).toEqual(['quoted_null', 'rate_of', 'recorded', 'wrapped']);
  });

  it("creates an index and a check calling a function over the new table's row type after the function", () => {
    const doc = table('doc', {
      columns: [column('id', 'integer', { nullable: false }), column('title', 'text')],
      checks: [{ name: 'doc_ok', expression: 'public.doc_ok(doc.*)' }],
      indexes: [
        {
          name: 'doc_text',
          unique: false,
          method: 'btree',
          columns: [{ expression: 'public.doc_text(doc.*)' }],
          where: null,
        },
      ],
    });
    const over = (name: string, result: string): FunctionModel => ({
      ...routine(name, 'd public.doc', result),
      argumentTypes: 'public.doc',
      dependsOn: [{ schema: 'public', name: 'doc' }],
    });
    const ops = compareModels(
      model(),
      model({ tables: [doc], functions: [over('doc_ok', 'boolean'), over('doc_text', 'text')] }),
    );
    expect(labels(ops)).toEqual(['table doc', 'function doc_ok', 'function doc_text', 'addConstraint', 'createIndex']);
  });

  it("creates a cast before the tables that may use it, and one over a table's row type after the table", () => {
    const toText = routine('doc_to_text', 'public.doc', 'text');
    const ops = compareModels(
      model(),
      model({
        tables: [table('doc')],
        composites: [{ schema: 'public', name: 'price', attributes: [{ name: 'amount', type: 'numeric' }] }],
        functions: [
          routine('price_of', 'text', 'public.price'),
          { ...toText, dependsOn: [{ schema: 'public', name: 'doc' }] },
        ],
        casts: [
          {
            source: 'text',
            target: 'public.price',
            method: 'function',
            function: 'public.price_of(text)',
            context: 'assignment',
          },
          {
            source: 'public.doc',
            target: 'text',
            method: 'function',
            function: 'public.doc_to_text(public.doc)',
            context: 'explicit',
          },
        ],
      }),
    );
    const cast = (op: Operation): string => (op.kind === 'createCast' ? `cast ${op.cast.source}` : labels([op])[0]!);
    expect(ops.map(cast)).toEqual([
      'createCompositeType',
      'function price_of',
      'cast text',
      'table doc',
      'function doc_to_text',
      'cast public.doc',
    ]);
  });

  it('takes a name again only after the drop or rename that frees it', () => {
    const ops: Operation[] = [
      { kind: 'createTable', table: table('t') },
      { kind: 'renameTable', schema: 'public', from: 't', to: 'old_t' },
    ];
    expect(labels(inDependencyOrder(ops))).toEqual(['renameTable', 'table t']);
  });

  it("orders a downgrade by the same edges, ties in the reverse of the upgrade's order", () => {
    const regions = table('regions', { partitionBy: 'LIST (id)' });
    const orders = referencing('orders', 'regions');
    // An upgrade written before the key waited for the partitions: reversed as it is, it drops the partition first.
    const upgrade: Operation[] = [
      { kind: 'createTable', table: regions },
      { kind: 'createTable', table: orders },
      { kind: 'createTable', table: partition('regions_north', 'regions', 'FOR VALUES IN (1)') },
    ];
    const plan = downgradePlan(upgrade);
    expect(plan.onlinePlain).toEqual([]);
    expect(labels(restOps(plan.rest))).toEqual(['drop orders', 'drop regions_north', 'drop regions']);
  });

  it('adds a dropped column back, its values to write, before the columns added in its place go', () => {
    // A NOT NULL column replaced by another: the downgrade's fill may compute the old values from the new column.
    const upgrade: Operation[] = [
      {
        kind: 'dropColumn',
        schema: 'public',
        table: 'users',
        column: 'status',
        removed: column('status', 'text', { nullable: false }),
      },
      { kind: 'addColumn', schema: 'public', table: 'users', column: column('state', 'integer') },
    ];
    const rest = restOps(downgradePlan(upgrade).rest);
    expect(rest.map((op) => [op.kind, 'column' in op && typeof op.column === 'object' ? op.column.name : ''])).toEqual([
      ['addColumn', 'status'],
      ['dropColumn', ''],
    ]);
    expect(rest[0]).toMatchObject({ fill: 'TODO(fill)' });
  });

  it('adds the dropped column back without moving what follows the new column past its drop', () => {
    // Reduced from a forum's history: a NOT NULL column dropped, a function made and a column added whose default
    // calls it. Nothing but the order says the function goes after that column (its default's text names it).
    const upgrade: Operation[] = [
      {
        kind: 'dropColumn',
        schema: 'public',
        table: 't',
        column: 'old_name',
        removed: column('old_name', 'character varying(40)', { nullable: false }),
      },
      { kind: 'createFunction', function: routine('f', '', 'text') },
      {
        kind: 'addColumn',
        schema: 'public',
        table: 't',
        column: column('c', 'text', { nullable: false, default: 'public.f()' }),
      },
    ];
    const rest = restOps(downgradePlan(upgrade).rest);
    expect(rest.map((op) => op.kind)).toEqual(['addColumn', 'dropColumn', 'dropFunction']);
  });

  it('undoes values added to one enum with one replacement of it, not one per value', () => {
    const columns = [{ schema: 'public', table: 't', column: 'm', type: 'public.mood' }];
    const add = (value: string, after: string, values: string[], name = 'mood'): Operation => ({
      kind: 'addEnumValue',
      schema: 'public',
      name,
      value,
      after,
      previous: { values, columns: name === 'mood' ? columns : [] },
    });
    const upgrade: Operation[] = [
      add('x', 'a', ['a', 'b']),
      add('y', 'b', ['a', 'x', 'b']),
      add('z', 'y', ['a', 'x', 'b', 'y']),
      add('n', 'a', ['a'], 'other'),
    ];
    const rest = restOps(downgradePlan(upgrade).rest);
    expect(rest).toHaveLength(2);
    const mood = rest.find((op) => op.kind === 'replaceEnum' && 'name' in op && op.name === 'mood');
    expect(mood).toMatchObject({ from: ['a', 'x', 'b', 'y', 'z'], to: ['a', 'b'], columns });
    expect(mood).toMatchObject({ note: expect.stringContaining("this change removes 'x', 'y', 'z'") });
  });

  it("undoes a sequence's new owner before the owner goes, where a serial column makes it again after its drop", () => {
    // Table a (id serial) dropped; its sequence's name taken by a sequence table b's id owns (a table renamed outside
    // the tool, told to be a drop and a create).
    const a = table('a', { columns: [column('id', 'serial', { nullable: false })] });
    const b = table('b', { columns: [column('id', 'integer', { default: "nextval('public.a_id_seq'::regclass)" })] });
    const upgrade: Operation[] = [
      { kind: 'dropTable', schema: 'public', name: 'a', removed: a },
      { kind: 'createSequence', sequence: sequence('a_id_seq') },
      { kind: 'createTable', table: b },
      {
        kind: 'alterSequence',
        schema: 'public',
        name: 'a_id_seq',
        to: { ownedBy: { table: 'b', column: 'id' } },
        from: { ownedBy: null },
      },
    ];
    const plan = downgradePlan(upgrade);
    expect(labels(restOps(plan.rest))).toEqual(['alterSequence', 'drop b', 'dropSequence', 'table a']);
  });
});
