import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import type { Operation, OperationOf } from '../../src/ops/operation.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import type { EnumModel, PolicyModel, TableModel } from '../../src/schema/model.js';
import { column, model, table } from '../helpers/models.js';

const mood = (values: string[]): EnumModel => ({ schema: 'public', name: 'mood', values });

const kinds = (ops: Operation[]): string[] => ops.map((op) => op.kind);

const parent = table('event', {
  columns: [column('id', 'integer', { nullable: false }), column('at', 'date', { nullable: false })],
  primaryKey: { name: 'event_pkey', columns: ['at', 'id'] },
  partitionBy: 'RANGE (at)',
});
const bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
const partition = table('event_2024', {
  columns: [],
  primaryKey: null,
  partitionOf: { schema: 'public', table: 'event', bound },
});
const standalone = table('event_2024', {
  columns: parent.columns,
  primaryKey: { name: 'event_2024_pkey', columns: ['at', 'id'] },
});
const own: PolicyModel = {
  name: 'own',
  permissive: true,
  command: 'ALL',
  roles: ['public'],
  using: '(owner = CURRENT_USER)',
  withCheck: null,
};

describe('compareModels: tables rebuilt when their partitioning changes', () => {
  it('rebuilds a table whose partition key changes, its rows kept in a holding table and its partitions new', () => {
    const relisted = { ...parent, partitionBy: 'LIST (at)' };
    const listed = table('event_2024', {
      columns: [],
      primaryKey: null,
      partitionOf: { schema: 'public', table: 'event', bound: "FOR VALUES IN ('2024-01-01')" },
    });
    const ops = compareModels(model({ tables: [parent, partition] }), model({ tables: [relisted, listed] }));
    const copy = { schema: 'public', table: 'event', stash: 'event__athanor_stash', columns: ['id', 'at'] };
    expect(
      ops.map((op) =>
        op.kind === 'createTable'
          ? `createTable ${op.table.name}`
          : op.kind === 'dropTable'
            ? `dropTable ${op.name}`
            : op.kind,
      ),
    ).toEqual([
      'stashRows',
      'dropTable event_2024',
      'dropTable event',
      'createTable event',
      'createTable event_2024',
      'restoreRows',
    ]);
    expect(ops[0]).toMatchObject({ kind: 'stashRows', ...copy });
    expect((ops[0] as OperationOf<'stashRows'>).note).toContain(
      'public.event is rebuilt: PARTITION BY RANGE (at) -> PARTITION BY LIST (at)',
    );
    expect(ops[1]).toMatchObject({
      kind: 'dropTable',
      name: 'event_2024',
      rowsKeptIn: 'event__athanor_stash',
      removed: partition,
    });
    expect(ops[5]).toStrictEqual({ kind: 'restoreRows', ...copy });
    expect(unsupportedChanges(model({ tables: [parent] }), model({ tables: [relisted] }))).toEqual([]);
    // A serial change is no matter for a table created anew, and is written for one that is kept.
    const serial = {
      ...parent,
      columns: [column('id', 'serial', { nullable: false }), column('at', 'date', { nullable: false })],
    };
    expect(unsupportedChanges(model({ tables: [serial] }), model({ tables: [relisted] }))).toEqual([]);
    expect(unsupportedChanges(model({ tables: [serial] }), model({ tables: [parent] }))).toEqual([]);
    expect(kinds(compareModels(model({ tables: [serial] }), model({ tables: [parent] })))).toEqual([
      'alterColumn',
      'dropSequence',
    ]);
    // The downgrade rebuilds the old layout the same way.
    const down = reverseOperations(ops);
    expect(kinds(down)).toEqual(['stashRows', 'dropTable', 'dropTable', 'createTable', 'createTable', 'restoreRows']);
    expect(down[4]).toStrictEqual({ kind: 'createTable', table: partition });
  });

  it('rebuilds a plain table into a partitioned one, copying the common columns and setting the new sequences', () => {
    const plain = table('event', {
      columns: [
        column('id', 'bigserial', { nullable: false }),
        column('at', 'date', { nullable: false }),
        column('old', 'serial'),
      ],
      primaryKey: { name: 'event_pkey', columns: ['at', 'id'] },
    });
    const partitioned = table('event', {
      columns: [
        column('id', 'bigint', { nullable: false, identity: { always: true, increment: '-1' } }),
        column('at', 'date', { nullable: false }),
        column('day', 'integer', { generated: 'EXTRACT(day FROM at)' }),
      ],
      primaryKey: { name: 'event_pkey', columns: ['at', 'id'] },
      partitionBy: 'RANGE (at)',
    });
    const ops = compareModels(model({ tables: [plain] }), model({ tables: [partitioned, partition] }));
    expect(kinds(ops)).toEqual(['stashRows', 'dropTable', 'createTable', 'createTable', 'restoreRows']);
    expect(ops[0]).toMatchObject({ columns: ['id', 'at'], sequences: [{ column: 'id' }] });
    expect(ops[0]).not.toHaveProperty('overridingSystemValue');
    expect(ops[4]).toStrictEqual({
      kind: 'restoreRows',
      schema: 'public',
      table: 'event',
      stash: 'event__athanor_stash',
      columns: ['id', 'at'],
      overridingSystemValue: true,
      sequences: [{ column: 'id', descending: true }],
      positions: 'event__athanor_positions',
    });
    expect(ops[0]).toMatchObject({ positions: 'event__athanor_positions' });
  });

  it('drops the foreign keys of other tables to a rebuilt table before its rows are stashed, and adds them back after they are restored', () => {
    const relisted = { ...parent, partitionBy: 'LIST (at)' };
    const fk = {
      name: 'tag_event_fkey',
      columns: ['at', 'id'],
      refSchema: 'public',
      refTable: 'event',
      refColumns: ['at', 'id'],
      onDelete: 'NO ACTION' as const,
      onUpdate: 'NO ACTION' as const,
    };
    const tag = table('tag', { columns: parent.columns, foreignKeys: [fk] });
    const ops = compareModels(model({ tables: [parent, tag] }), model({ tables: [relisted, tag] }));
    expect(
      ops.map((op) =>
        op.kind === 'dropConstraint' || op.kind === 'addConstraint' ? `${op.kind} ${op.table}` : op.kind,
      ),
    ).toEqual(['dropConstraint tag', 'stashRows', 'dropTable', 'createTable', 'restoreRows', 'addConstraint tag']);
  });

  it('keeps a column of an enum replaced in the same revision as text while the table is rebuilt, and leaves it out of the replacement', () => {
    const felt = (extra: Partial<TableModel>): TableModel =>
      table('feel', { columns: [column('id', 'integer', { nullable: false }), column('m', 'public.mood')], ...extra });
    const ops = compareModels(
      model({ enums: [mood(['a', 'b'])], tables: [felt({})] }),
      model({ enums: [mood(['b'])], tables: [felt({ partitionBy: 'LIST (m)' })] }),
    );
    expect(kinds(ops)).toEqual(['stashRows', 'dropTable', 'replaceEnum', 'createTable', 'restoreRows']);
    const asText = [{ column: 'm', type: 'public.mood' }];
    expect(ops[0]).toMatchObject({ columns: ['id', 'm'], asText });
    expect(ops[2]).toMatchObject({ kind: 'replaceEnum', columns: [] });
    expect(ops[4]).toMatchObject({ columns: ['id', 'm'], asText });
  });

  it('keeps a column of a domain replaced in the same revision as text while the table is rebuilt', () => {
    const domain = (type: string) => ({
      schema: 'public',
      name: 'qty',
      type,
      default: null,
      notNull: false,
      checks: [],
    });
    const stock = (extra: Partial<TableModel>): TableModel =>
      table('stock', { columns: [column('id', 'integer', { nullable: false }), column('n', 'public.qty')], ...extra });
    const ops = compareModels(
      model({ domains: [domain('integer')], tables: [stock({})] }),
      model({ domains: [domain('bigint')], tables: [stock({ partitionBy: 'HASH (id)' })] }),
    );
    expect(kinds(ops)).toEqual(['stashRows', 'dropTable', 'replaceDomain', 'createTable', 'restoreRows']);
    expect(ops[0]).toMatchObject({ asText: [{ column: 'n', type: 'public.qty' }] });
    expect(ops[2]).toMatchObject({ columns: [] });
    expect(ops[4]).toMatchObject({ asText: [{ column: 'n', type: 'public.qty' }] });
  });

  it('rebuilds without copying when no column keeps its name', () => {
    const renamed = {
      ...parent,
      columns: [column('key', 'integer', { nullable: false }), column('day', 'date', { nullable: false })],
      partitionBy: 'RANGE (day)',
    };
    const ops = compareModels(model({ tables: [parent] }), model({ tables: [renamed] }));
    expect(kinds(ops)).toEqual(['dropTable', 'createTable']);
    expect(ops[0]).not.toHaveProperty('rowsKeptIn');
  });

  it('lets go of a sequence the rebuilt table owns before the drop and gives it back after, so it keeps its position', () => {
    const relisted = { ...parent, partitionBy: 'LIST (at)' };
    const sequence = {
      schema: 'public',
      name: 'event_code',
      type: 'bigint',
      start: '1',
      increment: '1',
      min: '1',
      max: '9223372036854775807',
      cache: '1',
      cycle: false,
      ownedBy: { table: 'event', column: 'id' },
    };
    const ops = compareModels(
      model({ tables: [parent], sequences: [sequence] }),
      model({ tables: [relisted], sequences: [sequence] }),
    );
    expect(kinds(ops)).toEqual([
      'alterSequence',
      'stashRows',
      'dropTable',
      'createTable',
      'restoreRows',
      'alterSequence',
    ]);
    expect(ops[0]).toMatchObject({
      name: 'event_code',
      to: { ownedBy: null },
      from: { ownedBy: { table: 'event', column: 'id' } },
    });
    expect(ops[5]).toMatchObject({
      name: 'event_code',
      to: { ownedBy: { table: 'event', column: 'id' } },
      from: { ownedBy: null },
    });
  });

  it('moves the policies of a rebuilt table after its rows are stashed, and keeps a partition that leaves by detaching it', () => {
    const relisted = {
      ...parent,
      partitionBy: 'LIST (at)',
      policies: [own],
      rowLevelSecurity: { enabled: true, forced: true },
    };
    const secured = { ...parent, policies: [own], rowLevelSecurity: { enabled: true, forced: true } };
    const ops = compareModels(model({ tables: [secured, partition] }), model({ tables: [relisted, standalone] }));
    // The stash runs before the detach and leaves out the rows of the partition that keeps them.
    expect(
      ops.map((op) =>
        op.kind === 'dropTable' || op.kind === 'createTable'
          ? `${op.kind} ${op.kind === 'dropTable' ? op.name : op.table.name}`
          : op.kind,
      ),
    ).toEqual([
      'stashRows',
      'dropPolicy',
      'detachPartition',
      'dropTable event',
      'createTable event',
      'restoreRows',
      'createPolicy',
    ]);
    expect(ops[0]).toMatchObject({ keptPartitions: [{ schema: 'public', table: 'event_2024' }] });
    expect(ops[5]).not.toHaveProperty('keptPartitions');
  });

  it('restores the rows of a table rebuilt into a partitioned one after the tables attached to it, the foreign keys to it after that', () => {
    const fk = {
      name: 'tag_event_fkey',
      columns: ['at', 'id'],
      refSchema: 'public',
      refTable: 'event',
      refColumns: ['at', 'id'],
      onDelete: 'NO ACTION' as const,
      onUpdate: 'NO ACTION' as const,
    };
    const tag = table('tag', { columns: parent.columns, foreignKeys: [fk] });
    const plain = { ...parent, partitionBy: undefined };
    const ops = compareModels(model({ tables: [plain, standalone, tag] }), model({ tables: [parent, partition, tag] }));
    const names = ops.map((op) =>
      op.kind === 'dropTable'
        ? `dropTable ${op.name}`
        : op.kind === 'createTable'
          ? `createTable ${op.table.name}`
          : op.kind,
    );
    expect(
      names.filter(
        (name) =>
          name !== 'dropConstraint' && name !== 'dropIndex' && name !== 'addConstraint' && name !== 'createIndex',
      ),
    ).toEqual(['stashRows', 'dropTable event', 'createTable event', 'attachPartition', 'restoreRows']);
    expect(names.indexOf('dropConstraint')).toBeLessThan(names.indexOf('stashRows'));
    expect(names.lastIndexOf('addConstraint')).toBeGreaterThan(names.indexOf('restoreRows'));
    const restore = ops[names.indexOf('restoreRows')] as OperationOf<'restoreRows'>;
    expect(restore.keptPartitions).toEqual([{ schema: 'public', table: 'event_2024' }]);
    // The downgrade stashes before the detach, leaving out the rows the detached table keeps.
    const down = reverseOperations(ops);
    const downNames = kinds(down);
    expect(downNames.indexOf('stashRows')).toBeLessThan(downNames.indexOf('detachPartition'));
    expect(down[downNames.indexOf('stashRows')]).toMatchObject({
      keptPartitions: [{ schema: 'public', table: 'event_2024' }],
    });
    expect(downNames.indexOf('restoreRows')).toBeLessThan(downNames.lastIndexOf('addConstraint'));
  });

  it('casts a copied column whose type changes to its new type when restoring, and back in the reverse', () => {
    const before = table('t', {
      columns: [column('id', 'integer', { nullable: false }), column('n', 'text'), column('s', 'serial')],
    });
    const after = table('t', {
      columns: [
        column('id', 'integer', { nullable: false }),
        column('n', 'character varying(5)'),
        column('s', 'integer', { identity: { always: false } }),
      ],
      partitionBy: 'HASH (id)',
    });
    const ops = compareModels(model({ tables: [before] }), model({ tables: [after] }));
    expect(kinds(ops)).toEqual(['stashRows', 'dropTable', 'createTable', 'restoreRows']);
    expect(ops[0]).toMatchObject({
      casts: [{ column: 'n', type: 'text' }],
      sequences: [{ column: 's' }],
      positions: 't__athanor_positions',
    });
    expect(ops[3]).toMatchObject({
      casts: [{ column: 'n', type: 'character varying(5)' }],
      sequences: [{ column: 's' }],
    });
  });
});
