import { describe, expect, it } from 'vitest';
import { expandForm } from '../../src/ops/expand/expand-forms.js';
import { planExpand } from '../../src/ops/expand/expand-plan.js';
import { CATALOG_ID } from '../helpers/expand-revisions.js';
import { contractSteps } from '../../src/pg/expand/expand-sql.js';
import type { OperationOf } from '../../src/ops/operation.js';

const columnsOf = (schema: string, table: string) => (schema === 'public' && table === 'a' ? [CATALOG_ID] : null);

const alter = (from: OperationOf<'alterConstraint'>['from']): OperationOf<'alterConstraint'> => ({
  kind: 'alterConstraint',
  schema: 'public',
  table: 'a',
  constraint: { type: 'check', name: 'a_check', expression: '(id > 0)' },
  from,
});

describe("expand's form of a constraint changed in place", () => {
  it('serves a NOT VALID check or foreign key validated: VALIDATE CONSTRAINT at contract, before the tables change', () => {
    const form = expandForm(alter({ notValid: true }));
    expect(form).toEqual({ served: [{ change: 'validateConstraint', schema: 'public', table: 'a', name: 'a_check' }] });
    if (!('served' in form)) return;
    const plan = planExpand(['r2'], ['r1'], 'v_r2', [...form.served, ...form.served], columnsOf);
    expect(plan.tables.map((t) => t.validated)).toEqual([['a_check']]);
    const steps = contractSteps(plan);
    expect(steps.map((s) => s.label)).toEqual(['validate public.a a_check', 'contract']);
    expect(steps[0]).toMatchObject({
      kind: 'transaction',
      statements: [{ sql: 'ALTER TABLE "public"."a" VALIDATE CONSTRAINT "a_check"' }],
    });
  });

  it('refuses a deferral changed, or a constraint made NOT VALID again: both versions would see it at once', () => {
    for (const from of [{ notValid: false }, { deferrable: false }, { notValid: true, initiallyDeferred: false }])
      expect(expandForm(alter(from))).toEqual({
        refused: "a constraint's deferral, or its NOT VALID again, changes it for both versions at once",
      });
  });

  it('refuses a constraint validated and renamed in the same expand', () => {
    expect(() =>
      planExpand(
        ['r2'],
        ['r1'],
        'v_r2',
        [
          { change: 'validateConstraint', schema: 'public', table: 'a', name: 'a_check' },
          {
            change: 'renameAtContract',
            op: {
              kind: 'renameObject',
              object: 'constraint',
              schema: 'public',
              table: 'a',
              from: 'a_old',
              to: 'a_check',
            },
          },
        ],
        columnsOf,
      ),
    ).toThrow('constraint a_check of public.a is renamed and validated in the same expand');
  });
});
