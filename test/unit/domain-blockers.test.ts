import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import type { DomainModel, SchemaModel, TableModel, TriggerModel } from '../../src/schema/model.js';
import { column, model, table, uses } from '../helpers/models.js';

/**
 * A domain whose base type changes is replaced (its columns converted) unless
 * something Postgres holds to one of those columns would block the
 * conversion: what the catalog records as using the column, as it does for a
 * retype.
 */

const d: DomainModel = { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] };
const t: TableModel = table('t', {
  columns: [column('id', 'integer', { nullable: false }), column('a', 'public.d')],
  policies: [{ name: 'p', permissive: true, command: 'ALL', roles: ['public'], using: '(a > 0)', withCheck: null }],
});
const touch: TriggerModel = {
  schema: 'public',
  table: 't',
  name: 'touch_a',
  definition: "CREATE TRIGGER touch_a BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.moddatetime('a')",
};

function sides(tables: readonly TableModel[], current: Partial<SchemaModel>): [SchemaModel, SchemaModel] {
  return [
    model({ domains: [d], tables, ...current }),
    model({ domains: [{ ...d, type: 'bigint' }], tables, triggers: current.triggers ?? [] }),
  ];
}

describe('domain replacement blockers', () => {
  it('reports a policy the catalog records as using a column of the domain, and leaves the change out', () => {
    const [current, target] = sides([t], { dependencies: [uses('t', 'policy', 'p', 'a')] });
    expect(compareModels(current, target)).toEqual([]);
    expect(unsupportedChanges(current, target)).toEqual([
      'domain public.d: base type changes from integer to bigint, but table public.t: a policy uses its column a (write this change by hand)',
    ]);
  });

  it('leaves alone a trigger whose function arguments name the column, which Postgres does not hold to it', () => {
    const [current, target] = sides([{ ...t, policies: [] }], { triggers: [touch] });
    expect(unsupportedChanges(current, target)).toEqual([]);
    expect(compareModels(current, target).map((op) => op.kind)).toEqual(['replaceDomain']);
  });
});
