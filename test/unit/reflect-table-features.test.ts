import { describe, expect, it } from 'vitest';
import type { ColumnRow, ConstraintRow, IndexRow } from '../../src/pg/catalog/catalog-queries.js';
import { columnFromRow } from '../../src/pg/reflect/reflect-columns.js';
import { columnRow } from '../helpers/column-row.js';
import { addConstraint, indexFromRow } from '../../src/pg/reflect/reflect-constraints.js';
import { addColumnOverrides, addIndexNames } from '../../src/pg/reflect/reflect-table-features.js';
import { parseDecoration, withKeyOptions } from '../../src/pg/reflect/reflect-index-keys.js';
import type { ReadingTable } from '../../src/pg/reflect/reading-table.js';

/** Reading table features from catalog rows; the texts are what PostgreSQL 15 prints. */

describe('parseDecoration', () => {
  it('reads collation, operator class, order and nulls placement', () => {
    expect(parseDecoration(' COLLATE "C" text_pattern_ops DESC NULLS LAST')).toEqual({
      collation: '"C"',
      opclass: 'text_pattern_ops',
      order: 'DESC',
      nulls: 'LAST',
    });
    expect(parseDecoration(' NULLS FIRST')).toEqual({ nulls: 'FIRST' });
    expect(parseDecoration(' DESC')).toEqual({ order: 'DESC' });
    expect(parseDecoration('')).toEqual({});
  });

  it('keeps qualified and quoted names whole', () => {
    expect(parseDecoration(' COLLATE public."my coll" public.gin_trgm_ops')).toEqual({
      collation: 'public."my coll"',
      opclass: 'public.gin_trgm_ops',
    });
    expect(parseDecoration(' COLLATE "en_US.utf8"')).toEqual({ collation: '"en_US.utf8"' });
  });
});

describe('withKeyOptions', () => {
  it('reads each key of a whole index definition, whatever its expressions hold', () => {
    const definition =
      'CREATE INDEX "odd, (name" ON public.t USING btree (a DESC, lower(b) COLLATE "C", ' +
      '((c || \', )\'::text)) text_pattern_ops NULLS FIRST, "Mixed") INCLUDE (d) WHERE (a > 1)';
    const keys = [
      { key: { column: 'a' }, text: 'a' },
      { key: { expression: 'lower(b)' }, text: 'lower(b)' },
      { key: { expression: "((c || ', )'::text))" }, text: "((c || ', )'::text))" },
      { key: { column: 'Mixed' }, text: '"Mixed"' },
    ];
    expect(withKeyOptions(definition, keys)).toEqual([
      { column: 'a', order: 'DESC' },
      { expression: 'lower(b)', collation: '"C"' },
      { expression: "((c || ', )'::text))", opclass: 'text_pattern_ops', nulls: 'FIRST' },
      { column: 'Mixed' },
    ]);
  });

  it('refuses a definition that does not match its keys', () => {
    expect(() =>
      withKeyOptions('CREATE INDEX i ON public.t USING btree (b)', [{ key: { column: 'a' }, text: 'a' }]),
    ).toThrow(/unexpected index definition/);
  });
});

describe('indexFromRow', () => {
  it('keeps INCLUDE columns and NULLS NOT DISTINCT only when present', () => {
    const row: IndexRow = {
      table_oid: '1',
      name: 'ix',
      is_unique: true,
      is_valid: true,
      method: 'btree',
      columns: [{ column: 'a', expression: null, text: 'a' }],
      include: ['b'],
      nulls_not_distinct: true,
      storage: [],
      definition: 'CREATE UNIQUE INDEX ix ON public.t USING btree (a) INCLUDE (b) NULLS NOT DISTINCT',
      predicate: null,
      parent_index: null,
    };
    expect(indexFromRow(row)).toEqual({
      name: 'ix',
      unique: true,
      method: 'btree',
      columns: [{ column: 'a' }],
      where: null,
      include: ['b'],
      nullsNotDistinct: true,
    });
    const plain = indexFromRow({
      ...row,
      include: null,
      nulls_not_distinct: false,
      storage: [],
      definition: 'CREATE UNIQUE INDEX ix ON public.t USING btree (a)',
    });
    expect(plain).not.toHaveProperty('include');
    expect(plain).not.toHaveProperty('nullsNotDistinct');
  });
});

const sequence = (
  start: string,
  increment: string,
  min: string,
  max: string,
  cache = '1',
  cycle = false,
): Partial<ColumnRow> => ({
  identity_start: start,
  identity_increment: increment,
  identity_min: min,
  identity_max: max,
  identity_cache: cache,
  identity_cycle: cycle,
});

describe('columnFromRow: identities, generated columns and collations', () => {
  it('leaves out the sequence options Postgres chose by itself, for each type and direction', () => {
    expect(columnFromRow(columnRow({ identity: 'a', ...sequence('1', '1', '1', '2147483647') })).identity).toEqual({
      always: true,
    });
    expect(
      columnFromRow(columnRow({ type: 'smallint', identity: 'd', ...sequence('-1', '-1', '-32768', '-1') })).identity,
    ).toEqual({
      always: false,
      increment: '-1',
    });
    expect(
      columnFromRow(columnRow({ type: 'bigint', identity: 'a', ...sequence('1', '1', '1', '9223372036854775807') }))
        .identity,
    ).toEqual({
      always: true,
    });
  });

  it("keeps the sequence's name only when it is not the one Postgres gives", () => {
    const row = (identity_sequence: string) =>
      columnRow({
        table_name: 'ticket',
        name: 'id',
        identity: 'a',
        ...sequence('1', '1', '1', '2147483647'),
        identity_sequence,
      });
    expect(columnFromRow(row('ticket_id_seq')).identity).toEqual({ always: true });
    expect(columnFromRow(row('issue_id_seq')).identity).toEqual({ always: true, sequenceName: 'issue_id_seq' });
  });

  it('keeps every option that differs', () => {
    const row = columnRow({ type: 'bigint', identity: 'd', ...sequence('100', '10', '5', '100000', '5', true) });
    expect(columnFromRow(row).identity).toEqual({
      always: false,
      start: '100',
      increment: '10',
      min: '5',
      max: '100000',
      cache: '5',
      cycle: true,
    });
  });

  it('keeps a start that differs from an explicit minimum only', () => {
    expect(columnFromRow(columnRow({ identity: 'a', ...sequence('5', '1', '5', '2147483647') })).identity).toEqual({
      always: true,
      min: '5',
    });
  });

  it('reads a generated column (stored or virtual) and a collation, and leaves them out otherwise', () => {
    const generated = columnFromRow(
      columnRow({ not_null: false, generated: 's', default_expr: '(a * 2)', collation: '"C"' }),
    );
    expect(generated).toEqual({
      name: 'id',
      type: 'integer',
      nullable: true,
      default: null,
      identity: null,
      generated: '(a * 2)',
      collation: '"C"',
    });
    const virtual = columnFromRow(columnRow({ not_null: false, generated: 'v', default_expr: '(a * 2)' }));
    expect(virtual).toMatchObject({ generated: '(a * 2)', generatedVirtual: true });
    expect(generated).not.toHaveProperty('generatedVirtual');
    const plain = columnFromRow(columnRow({}));
    expect(plain).not.toHaveProperty('generated');
    expect(plain).not.toHaveProperty('generatedVirtual');
    expect(plain).not.toHaveProperty('collation');
  });
});

describe('addConstraint: attributes and exclusions', () => {
  const emptyTable = (): ReadingTable => ({
    schema: 'public',
    name: 't',
    columns: [],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
  });
  const row = (over: Partial<ConstraintRow>): ConstraintRow => ({
    table_oid: '1',
    name: 'c',
    type: 'u',
    definition: 'UNIQUE (a)',
    columns: ['a'],
    ref_schema: null,
    ref_table: null,
    ref_columns: null,
    on_delete: ' ',
    on_update: ' ',
    match_type: 's',
    deferrable: false,
    deferred: false,
    validated: true,
    no_inherit: false,
    include: null,
    invalid: false,
    storage: null,
    ...over,
  });

  it("reads PostgreSQL 18's temporal keys and NOT ENFORCED, which is never also NOT VALID", () => {
    const table = emptyTable();
    addConstraint(table, row({ name: 'pk', type: 'p', definition: 'PRIMARY KEY (id, valid WITHOUT OVERLAPS)' }));
    addConstraint(table, row({ name: 'u', definition: 'UNIQUE (a, "b WITHOUT OVERLAPS)") INCLUDE (c)' }));
    addConstraint(table, row({ name: 'ck', type: 'c', definition: 'CHECK ((a > 0)) NOT ENFORCED', validated: false }));
    const fk = { type: 'f', ref_schema: 'public', ref_table: 'p', on_delete: 'a', on_update: 'a' };
    addConstraint(
      table,
      row({
        name: 'fk',
        ...fk,
        columns: ['a', 'v'],
        ref_columns: ['id', 'valid'],
        definition: 'FOREIGN KEY (a, PERIOD v) REFERENCES p(id, PERIOD valid)',
      }),
    );
    addConstraint(
      table,
      row({
        name: 'fk2',
        ...fk,
        ref_columns: ['id'],
        definition: 'FOREIGN KEY (a) REFERENCES p(id) NOT ENFORCED',
        validated: false,
      }),
    );
    addConstraint(
      table,
      row({
        name: 'fk3',
        ...fk,
        on_delete: 'n',
        columns: ['a', 'Odd, "b"'],
        ref_columns: ['id', 'x'],
        definition: 'FOREIGN KEY (a, "Odd, ""b""") REFERENCES p(id, x) ON DELETE SET NULL ("Odd, ""b""")',
      }),
    );
    expect(table.foreignKeys[2]?.onDeleteColumns).toEqual(['Odd, "b"']);
    expect(table.primaryKey).toEqual({ name: 'pk', columns: ['a'], withoutOverlaps: true });
    expect(table.uniques).toEqual([{ name: 'u', columns: ['a'] }]);
    expect(table.checks).toEqual([{ name: 'ck', expression: '(a > 0)', notEnforced: true }]);
    expect(table.foreignKeys.map((k) => [k.name, k.period, k.notEnforced, k.notValid])).toEqual([
      ['fk', true, undefined, undefined],
      ['fk2', undefined, true, undefined],
      ['fk3', undefined, undefined, undefined],
    ]);
  });

  it('reads the attributes that are set, and nothing else', () => {
    const table = emptyTable();
    addConstraint(table, row({ definition: 'UNIQUE NULLS NOT DISTINCT (a) DEFERRABLE', deferrable: true }));
    addConstraint(table, row({ name: 'u2', include: ['b'] }));
    addConstraint(
      table,
      row({
        name: 'ck',
        type: 'c',
        definition: 'CHECK ((a > 0)) NO INHERIT NOT VALID',
        validated: false,
        no_inherit: true,
      }),
    );
    addConstraint(
      table,
      row({
        name: 'pk',
        type: 'p',
        definition: 'PRIMARY KEY (a) DEFERRABLE INITIALLY DEFERRED',
        deferrable: true,
        deferred: true,
      }),
    );
    const fk = {
      type: 'f',
      ref_schema: 'public',
      ref_table: 'p',
      ref_columns: ['id'],
      on_delete: 'a',
      on_update: 'c',
      match_type: 'f',
    };
    addConstraint(table, row({ name: 'fk', ...fk, validated: false }));
    addConstraint(table, row({ name: 'ex', type: 'x', definition: 'EXCLUDE USING gist (during WITH &&)' }));
    expect(table.uniques).toEqual([
      { name: 'c', columns: ['a'], nullsNotDistinct: true, deferrable: true },
      { name: 'u2', columns: ['a'], include: ['b'] },
    ]);
    expect(table.checks).toEqual([{ name: 'ck', expression: '(a > 0)', notValid: true, noInherit: true }]);
    expect(table.primaryKey).toEqual({ name: 'pk', columns: ['a'], deferrable: true, initiallyDeferred: true });
    expect(table.foreignKeys).toEqual([
      {
        name: 'fk',
        columns: ['a'],
        refSchema: 'public',
        refTable: 'p',
        refColumns: ['id'],
        onDelete: 'NO ACTION',
        onUpdate: 'CASCADE',
        match: 'FULL',
        notValid: true,
      },
    ]);
    expect(table.exclusions).toEqual([{ name: 'ex', definition: 'EXCLUDE USING gist (during WITH &&)' }]);
  });
});

describe('addColumnOverrides', () => {
  const table = (name: string, columns: ReadingTable['columns'], partitionOf?: string): ReadingTable => ({
    schema: 'public',
    name,
    columns,
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...(partitionOf === undefined ? {} : { partitionOf: { schema: 'public', table: partitionOf, bound: 'DEFAULT' } }),
  });
  const rowOf = (tableName: string, name: string, over: Partial<ColumnRow> = {}): ColumnRow =>
    columnRow({ table_name: tableName, name, not_null: false, ...over });

  it("lists the columns whose NOT NULL or default differ from the parent's, against the direct parent", () => {
    const rows = [
      rowOf('p', 'id', {
        type: 'integer',
        not_null: true,
        default_expr: "nextval('public.p_id_seq'::regclass)",
        seq_schema: 'public',
        seq_name: 'p_id_seq',
      }),
      rowOf('p', 'note', { type: 'text', default_expr: "'p'::text" }),
      rowOf('p', 'qty'),
      rowOf('p1', 'id', { not_null: true, default_expr: null }),
      rowOf('p1', 'note', { type: 'text', default_expr: "'x'::text" }),
      rowOf('p1', 'qty', { not_null: true }),
      rowOf('p2', 'id', { not_null: true, default_expr: "nextval('public.p_id_seq'::regclass)" }),
      rowOf('p2', 'note', { type: 'text', default_expr: null }),
      rowOf('p2', 'qty'),
      rowOf('p2a', 'id', { not_null: true, default_expr: "nextval('public.p_id_seq'::regclass)" }),
      rowOf('p2a', 'note', { type: 'text', default_expr: null }),
      rowOf('p2a', 'qty'),
    ];
    const parent = table('p', [
      { name: 'id', type: 'serial', nullable: false, default: null, identity: null },
      { name: 'note', type: 'text', nullable: true, default: "'p'::text", identity: null },
      { name: 'qty', type: 'integer', nullable: true, default: null, identity: null },
    ]);
    const tables = [parent, table('p1', [], 'p'), table('p2', [], 'p'), table('p2a', [], 'p2')];
    addColumnOverrides(tables, rows);
    // A serial column's default is its parent's nextval(): one a partition lacks (attached, say) is its own.
    expect(tables[1]!.columnOverrides).toEqual([
      { name: 'id', default: null },
      { name: 'note', default: "'x'::text" },
      { name: 'qty', notNull: true },
    ]);
    expect(tables[2]!.columnOverrides).toEqual([{ name: 'note', default: null }]);
    expect(tables[3]).not.toHaveProperty('columnOverrides');
    expect(parent).not.toHaveProperty('columnOverrides');
  });
});

describe('addIndexNames', () => {
  const indexRow = (
    tableOid: string,
    name: string,
    parentIndex: string | null,
    columns: IndexRow['columns'],
    include: string[] | null = null,
  ): IndexRow => ({
    table_oid: tableOid,
    name,
    is_valid: true,
    is_unique: false,
    method: 'btree',
    columns,
    include,
    nulls_not_distinct: false,
    storage: [],
    definition: `CREATE INDEX ${name} ON public.t USING btree (${columns.map((c) => c.text).join(', ')})`,
    predicate: null,
    parent_index: parentIndex,
  });
  const key = (column: string) => ({ column, expression: null, text: column });

  it('keeps the names of attached indexes that Postgres would not choose, key and included columns and expressions counted', () => {
    const partition: ReadingTable = {
      schema: 'public',
      name: 'e1',
      columns: [],
      primaryKey: null,
      foreignKeys: [],
      uniques: [],
      checks: [],
      indexes: [],
      partitionOf: { schema: 'public', table: 'e', bound: 'DEFAULT' },
    };
    const plain: ReadingTable = { ...partition, name: 'plain', partitionOf: undefined };
    delete plain.partitionOf;
    const tables = new Map([
      ['1', partition],
      ['2', plain],
    ]);
    addIndexNames(tables, [
      indexRow('1', 'e1_kind_idx', 'e_kind_idx', [key('kind')]),
      indexRow(
        '1',
        'e1_lower_id_idx',
        'e_lower_idx',
        [{ column: null, expression: 'lower(kind)', text: 'lower(kind)' }],
        ['id'],
      ),
      indexRow('1', 'e1_by_at', 'e_at_idx', [key('at')]),
      indexRow('1', 'e1_at_id_idx', 'e_at_id', [key('at'), key('id')]),
      indexRow('1', 'own', null, [key('at')]),
      indexRow('1', 'another', 'e_another', [key('at')]),
      indexRow('2', 'plain_x', null, [key('x')]),
    ]);
    expect(partition.indexNames).toEqual([
      { parentIndex: 'e_another', name: 'another' },
      { parentIndex: 'e_at_idx', name: 'e1_by_at' },
    ]);
    expect(plain).not.toHaveProperty('indexNames');
  });
});
