import { describe, expect, it } from 'vitest';
import { describeOperation } from '../../src/ops/describe.js';
import type { DomainModel, FunctionModel } from '../../src/schema/model.js';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import { column, domain, model, table as tableOf } from '../helpers/models.js';

/** `public.<name>(<argument types>)`, returning boolean. */
function routine(name: string, argumentTypes: string): FunctionModel {
  return {
    schema: 'public',
    name,
    kind: 'function',
    argumentTypes,
    arguments: argumentTypes === '' ? '' : `x ${argumentTypes}`,
    result: 'boolean',
    definition: `CREATE OR REPLACE FUNCTION public.${name}(${argumentTypes}) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$`,
    dependsOn: [],
  };
}

const positive = { name: 'd_positive', expression: '(VALUE > 0)' };
const even = { name: 'd_even', expression: 'public.is_even(VALUE)' };
const small = { name: 'd_small', expression: 'public.is_small(VALUE)' };

/** Domain `d` over integer with `checks`, calling the routines it names (as the catalog records them). */
function d(checks: DomainModel['checks'], calls: string[]): DomainModel {
  return {
    ...domain('d', 'integer'),
    checks,
    dependsOn: calls.map((name) => ({ schema: 'public', name, argumentTypes: 'public.d' })),
  };
}

describe('domains calling routines', () => {
  it('a domain whose check calls a new routine taking it: created bare, the routine, then the check', () => {
    const ops = compareModels(
      model(),
      model({ domains: [d([positive, even], ['is_even'])], functions: [routine('is_even', 'public.d')] }),
    );
    expect(ops.map((op) => op.kind)).toEqual(['createDomain', 'createFunction', 'alterDomain']);
    expect(ops[0]).toMatchObject({ domain: { checks: [], default: null } });
    expect(ops[0]).not.toHaveProperty('domain.dependsOn');
    expect(ops[2]).toMatchObject({ to: { checks: [positive, even] }, from: { checks: [] } });
  });

  it('dropped with the routine: its checks cleared first, the domain dropped last', () => {
    const ops = compareModels(
      model({ domains: [d([positive, even], ['is_even'])], functions: [routine('is_even', 'public.d')] }),
      model(),
    );
    expect(ops.map((op) => op.kind)).toEqual(['alterDomain', 'dropFunction', 'dropDomain']);
    expect(ops[2]).toMatchObject({ removed: { checks: [] } });
  });

  it('a check calling a dropped routine goes before it, one calling a new routine after it; the others stay', () => {
    const ops = compareModels(
      model({ domains: [d([positive, even], ['is_even'])], functions: [routine('is_even', 'public.d')] }),
      model({ domains: [d([positive, small], ['is_small'])], functions: [routine('is_small', 'public.d')] }),
    );
    expect(ops.map(describeOperation)).toEqual([
      expect.stringContaining('domain'),
      expect.stringContaining('is_small'),
      expect.stringContaining('domain'),
      expect.stringContaining('is_even'),
    ]);
    expect(ops[0]).toMatchObject({
      kind: 'alterDomain',
      to: { checks: [positive] },
      from: { checks: [positive, even] },
    });
    expect(ops[2]).toMatchObject({
      kind: 'alterDomain',
      to: { checks: [positive, small] },
      from: { checks: [positive] },
    });
  });

  it('a check of the same text calling an overload that goes while another comes moves around them', () => {
    const withFlag: FunctionModel = {
      ...routine('is_even', 'public.d, boolean'),
      arguments: 'x public.d, b boolean DEFAULT false',
    };
    const ops = compareModels(
      model({ domains: [d([positive, even], ['is_even'])], functions: [routine('is_even', 'public.d')] }),
      model({
        domains: [
          {
            ...d([positive, even], []),
            dependsOn: [{ schema: 'public', name: 'is_even', argumentTypes: 'public.d, boolean' }],
          },
        ],
        functions: [withFlag],
      }),
    );
    expect(ops.map((op) => op.kind)).toEqual(['alterDomain', 'dropFunction', 'createFunction', 'alterDomain']);
    expect(ops[0]).toMatchObject({ to: { checks: [positive] }, from: { checks: [positive, even] } });
    expect(ops[3]).toMatchObject({ to: { checks: [positive, even] }, from: { checks: [positive] } });
  });

  it('a domain calling a routine both sides have changes in place', () => {
    const functions = [routine('is_even', 'public.d')];
    const ops = compareModels(
      model({ domains: [d([even], ['is_even'])], functions }),
      model({ domains: [d([positive, even], ['is_even'])], functions }),
    );
    expect(ops).toEqual([
      { kind: 'alterDomain', schema: 'public', name: 'd', to: { checks: [positive, even] }, from: { checks: [even] } },
    ]);
  });
});

describe('domains a column holds inside another type', () => {
  const url = (over: Partial<DomainModel> = {}): DomainModel => ({ ...domain('url', 'text'), ...over });
  const holding = (d: DomainModel, table = true) =>
    model({
      domains: [d],
      composites: [{ schema: 'public', name: 'wrapped', attributes: [{ name: 'u', type: 'public.url' }] }],
      ...(table ? { tables: [tableOf('person', { columns: [column('site', 'public.wrapped')] })] } : {}),
    });

  it('leave out NOT NULL and a validated check, which Postgres refuses there, with why; a NOT VALID check is added', () => {
    const check = { name: 'url_check', expression: "(VALUE <> ''::text)" };
    const tighter = url({ notNull: true, checks: [check] });
    expect(compareModels(holding(url()), holding(tighter))).toEqual([]);
    expect(unsupportedChanges(holding(url()), holding(tighter))).toEqual([
      'domain public.url: NOT NULL, check url_check is left out, since a column of a table holds the domain inside ' +
        'an array, a composite type or a range, where Postgres refuses to validate it; add a check NOT VALID, or change it by hand',
    ]);
    const notValid = url({ checks: [{ ...check, notValid: true }] });
    expect(compareModels(holding(url()), holding(notValid)).map(describeOperation)).toEqual([
      expect.stringContaining('alter domain public.url'),
    ]);
    // Loosened, or held by no table: changed in place.
    expect(compareModels(holding(tighter), holding(url())).map((op) => op.kind)).toEqual(['alterDomain']);
    expect(compareModels(holding(url(), false), holding(tighter, false)).map((op) => op.kind)).toEqual(['alterDomain']);
  });
});
