import { describe, expect, it } from 'vitest';
import { expandForm } from '../../src/ops/expand/expand-forms.js';
import { operationOf } from '../../src/ops/literal-defaults.js';
import { kindSpec, OPERATION_FAMILIES } from '../../src/ops/operation-specs.js';
import type { Operation, OperationKind } from '../../src/ops/operation.js';
import { footprint } from '../../src/ops/footprint.js';
import { thing } from '../../src/ops/things.js';
import { lockedRelations } from '../../src/ops/relation-locks.js';

/** Each kind's example from the reference, as the `op` facade makes it. */
function example(kind: OperationKind): Operation {
  return operationOf(kind, kindSpec(kind).example);
}

/** The kinds of the families of the objects besides tables, as the reference groups them. */
const OBJECT_FAMILY_TITLES = [
  'Extensions, sequences, domains, triggers and comments',
  'Composite types',
  'Range types',
  'Views and routines',
  'Collations and rules',
  'Trigger and rule firing',
  'Event triggers',
  'Extended statistics',
  'Casts',
  'Text search',
  'Operators',
  'Foreign data',
  'Privileges',
  'Publications',
];
const objectKinds = OPERATION_FAMILIES.filter((f) => OBJECT_FAMILY_TITLES.includes(f.title)).flatMap((f) => f.kinds);

describe('the operations on the objects besides tables', () => {
  it('are found in every family the reference shows', () => {
    expect(OPERATION_FAMILIES.filter((f) => OBJECT_FAMILY_TITLES.includes(f.title))).toHaveLength(
      OBJECT_FAMILY_TITLES.length,
    );
  });

  const AT_CONTRACT: OperationKind[] = ['alterPublication', 'grantDefault', 'revokeDefault'];
  const VERSIONED = ['createView', 'replaceView', 'dropView', 'createFunction', 'replaceFunction', 'dropFunction'];
  const CREATED_AT_EXPAND = [
    'createDomain',
    'createCompositeType',
    'createRangeType',
    'createSequence',
    'createCollation',
    'createExtension',
  ];

  it.each(
    objectKinds.filter(
      (k) => ![...VERSIONED, ...CREATED_AT_EXPAND, ...AT_CONTRACT, 'setComment', 'grant', 'revoke'].includes(k),
    ),
  )('%s is refused by expand as outside the tables', (kind) => {
    expect(expandForm(example(kind))).toEqual({
      refused: 'only changes to tables, their columns and indexes, views and routines are versioned so far',
    });
  });

  it.each(AT_CONTRACT)('%s is served at contract', (kind) => {
    const op = example(kind);
    expect(expandForm(op)).toEqual({ served: [{ change: 'madeAtContract', op }] });
  });

  it.each(VERSIONED as OperationKind[])('%s is served by expand', (kind) => {
    const op = example(kind);
    expect(expandForm(op)).toEqual({
      served: [{ change: kind.startsWith('drop') ? 'dropAtContract' : 'newDefinition', op }],
    });
  });

  it.each(CREATED_AT_EXPAND as OperationKind[])(
    '%s is served by expand: created at expand, dropped by abort',
    (kind) => {
      const op = example(kind);
      expect(expandForm(op)).toEqual({ served: [{ change: 'createAtExpand', op }] });
    },
  );

  it('serves a comment and a revoke at contract, a grant at expand', () => {
    for (const kind of ['setComment', 'revoke'] as const) {
      const op = example(kind);
      expect(expandForm(op)).toEqual({ served: [{ change: 'madeAtContract', op }] });
    }
    const grant = example('grant');
    expect(expandForm(grant)).toEqual({ served: [{ change: 'grantAtExpand', op: grant }] });
  });

  it('refuses a materialized view, a view with column defaults and an aggregate, naming them', () => {
    const view = (example('createView') as Extract<Operation, { kind: 'createView' }>).view;
    expect(expandForm({ kind: 'createView', view: { ...view, materialized: true } })).toEqual({
      refused: `materialized view ${view.schema}.${view.name} is not yet versioned`,
    });
    expect(expandForm({ kind: 'replaceView', view: { ...view, columnDefaults: { id: '1' } } })).toEqual({
      refused: `view ${view.schema}.${view.name} has column defaults, which are not yet versioned`,
    });
    const fn = (example('createFunction') as Extract<Operation, { kind: 'createFunction' }>).function;
    expect(expandForm({ kind: 'createFunction', function: { ...fn, kind: 'aggregate' } })).toEqual({
      refused: `aggregate ${fn.schema}.${fn.name}(${fn.argumentTypes}) is not yet versioned`,
    });
  });

  it.each(objectKinds.filter((k) => k !== 'createView' && k !== 'dropView'))(
    '%s locks only the relations its footprint names',
    (kind) => {
      const op = example(kind);
      const { makes, needs, removes, releases, reads } = footprint(op);
      const named = [...makes, ...needs, ...removes, ...releases, ...reads].filter((t) => t.startsWith('relation:'));
      expect(lockedRelations(op)).toEqual(named);
    },
  );

  it("counts a materialized view's indexes and TOAST relations with the view it creates", () => {
    const op: Operation = {
      kind: 'createView',
      view: {
        schema: 'public',
        name: 'totals',
        materialized: true,
        definition: 'SELECT 1 AS n',
        options: [],
        columns: [{ name: 'n', type: 'integer' }],
        indexes: [{ name: 'totals_n_idx', unique: false, method: 'btree', columns: [{ column: 'n' }], where: null }],
        dependsOn: [],
      },
    };
    const rel = (name: string): string => thing.relation('public', name);
    expect(lockedRelations(op)).toEqual([
      rel('totals'),
      rel('totals_n_idx'),
      `${rel('totals')}#toast`,
      `${rel('totals')}#toast-index`,
    ]);
  });
});
