import { describe, expect, it } from 'vitest';
import { missingFeatures } from '../../src/schema/model-kinds.js';
import { column, model, sequence, table } from '../helpers/models.js';

describe('missingFeatures', () => {
  const withFeatures = model({
    tables: [
      table('t', {
        uniques: [{ name: 't_code_key', columns: ['code'], nullsNotDistinct: true }],
        indexes: [
          {
            name: 't_x',
            unique: true,
            method: 'btree',
            columns: [{ column: 'x' }],
            where: null,
            nullsNotDistinct: true,
          },
        ],
      }),
    ],
    views: [
      {
        schema: 'public',
        name: 'v',
        materialized: false,
        definition: 'SELECT 1',
        options: ['security_invoker=true'],
        columns: [],
        indexes: [],
        dependsOn: [],
      },
    ],
    sequences: [sequence('s', { unlogged: true })],
  });

  it('names each object, the feature and the version it needs, on a server that lacks it', () => {
    expect(missingFeatures(withFeatures, 140010)).toEqual([
      'unique constraint t_code_key on public.t uses NULLS NOT DISTINCT, which needs PostgreSQL 15 or later',
      'index t_x on public.t uses NULLS NOT DISTINCT, which needs PostgreSQL 15 or later',
      'sequence public.s is unlogged, which needs PostgreSQL 15 or later',
      'view public.v uses the option security_invoker, which needs PostgreSQL 15 or later',
    ]);
  });

  it('refuses temporal keys and NOT ENFORCED constraints before PostgreSQL 18', () => {
    const temporal = model({
      tables: [
        table('t', {
          primaryKey: { name: 't_pkey', columns: ['id', 'valid'], withoutOverlaps: true },
          checks: [{ name: 't_ck', expression: '(id > 0)', notEnforced: true }],
          foreignKeys: [
            {
              name: 't_fk',
              columns: ['id', 'valid'],
              refSchema: 'public',
              refTable: 't',
              refColumns: ['id', 'valid'],
              onDelete: 'NO ACTION',
              onUpdate: 'NO ACTION',
              period: true,
              notEnforced: true,
            },
          ],
        }),
      ],
    });
    expect(missingFeatures(temporal, 170005)).toEqual([
      'key t_pkey on public.t is WITHOUT OVERLAPS, which needs PostgreSQL 18 or later',
      'foreign key t_fk on public.t uses PERIOD, which needs PostgreSQL 18 or later',
      'foreign key t_fk on public.t is NOT ENFORCED, which needs PostgreSQL 18 or later',
      'check constraint t_ck on public.t is NOT ENFORCED, which needs PostgreSQL 18 or later',
    ]);
    expect(missingFeatures(temporal, 180000)).toEqual([]);
    const setNull = model({
      tables: [
        table('t', {
          foreignKeys: [
            {
              name: 't_fk',
              columns: ['a', 'b'],
              refSchema: 'public',
              refTable: 'p',
              refColumns: ['a', 'b'],
              onDelete: 'SET NULL',
              onUpdate: 'NO ACTION',
              onDeleteColumns: ['b'],
            },
          ],
        }),
      ],
    });
    expect(missingFeatures(setNull, 140000)).toEqual([
      'foreign key t_fk on public.t sets only some columns ON DELETE, which needs PostgreSQL 15 or later',
    ]);
  });

  it('finds nothing on a server that has them, nor in a model without them', () => {
    expect(missingFeatures(withFeatures, 150000)).toEqual([]);
    expect(missingFeatures(model({ tables: [table('t')] }), 130000)).toEqual([]);
  });

  it('names a virtual generated column before PostgreSQL 18, and not a stored one', () => {
    const columns = [
      column('total', 'integer', { generated: '(a * 2)' }),
      column('doubled', 'integer', { generated: '(a * 2)', generatedVirtual: true }),
    ];
    const virtual = model({ tables: [table('t', { columns })] });
    expect(missingFeatures(virtual, 170005)).toEqual([
      'column public.t.doubled is a virtual generated column, which needs PostgreSQL 18 or later',
    ]);
    expect(missingFeatures(virtual, 180000)).toEqual([]);
  });

  it('names a grant of MAINTAIN before PostgreSQL 17', () => {
    const grants = model({
      tables: [table('t')],
      grants: [
        {
          target: { on: 'table', schema: 'public', name: 't' },
          grantee: 'ops',
          privilege: 'MAINTAIN',
          grantOption: false,
        },
        {
          target: { on: 'table', schema: 'public', name: 't' },
          grantee: 'ops',
          privilege: 'SELECT',
          grantOption: false,
        },
      ],
    });
    expect(missingFeatures(grants, 160004)).toEqual([
      'the grant of MAINTAIN on table public.t to ops, which needs PostgreSQL 17 or later',
    ]);
    expect(missingFeatures(grants, 170000)).toEqual([]);
  });
  it('refuses a range type naming its multirange and statistics on expressions before PostgreSQL 14', () => {
    const newer = model({
      ranges: [{ schema: 'public', name: 'slot', subtype: 'integer', multirange: 'slots' }],
      statistics: [
        {
          schema: 'public',
          name: 's_expr',
          tableSchema: 'public',
          table: 't',
          definition: 'CREATE STATISTICS public.s_expr ON (a + b), a FROM public.t',
        },
        {
          schema: 'public',
          name: 's_plain',
          tableSchema: 'public',
          table: 't',
          definition: 'CREATE STATISTICS public.s_plain (ndistinct) ON a, b FROM public.t',
        },
      ],
    });
    expect(missingFeatures(newer, 130020)).toEqual([
      'range type public.slot names its multirange type, which needs PostgreSQL 14 or later',
      'statistics public.s_expr is on expressions, which needs PostgreSQL 14 or later',
    ]);
    expect(missingFeatures(newer, 140000)).toEqual([]);
  });
});
