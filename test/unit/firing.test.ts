import { describe, expect, it } from 'vitest';
import { diffModels } from '../../src/autogen/compare.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { describeOperation } from '../../src/ops/describe.js';
import { buildSchemaModel, defineMetadata, integer, sql } from '../../src/schema/index.js';
import type { RuleModel, SchemaModel, TriggerModel } from '../../src/schema/model.js';
import { emptySchemaModel } from '../../src/schema/model-kinds.js';

const TRIGGER: TriggerModel = {
  schema: 'public',
  table: 'items',
  name: 'items_touch',
  definition: 'CREATE TRIGGER items_touch BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.touch()',
};
const RULE: RuleModel = {
  schema: 'public',
  table: 'items',
  name: 'items_keep',
  definition: 'CREATE RULE items_keep AS\n    ON DELETE TO public.items DO INSTEAD NOTHING',
};

function model(parts: Partial<SchemaModel>): SchemaModel {
  return { ...emptySchemaModel(), ...parts };
}

describe('DSL: a trigger and a rule firing', () => {
  it('holds the firing given, and nothing for the default', () => {
    const m = defineMetadata();
    m.table('items', { id: integer() });
    m.trigger(sql`CREATE TRIGGER a BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION f()`, { firing: 'replica' });
    m.trigger(sql`CREATE TRIGGER b BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION f()`);
    m.rule(sql`CREATE RULE r AS ON DELETE TO items DO INSTEAD NOTHING`, { firing: 'disabled' });
    const built = buildSchemaModel(m);
    expect(built.triggers.map((t) => t.firing)).toEqual(['replica', undefined]);
    expect(built.rules[0]!.firing).toBe('disabled');
  });

  it('refuses a firing it does not know, naming the ones it does', () => {
    const m = defineMetadata();
    m.table('items', { id: integer() });
    m.rule(sql`CREATE RULE r AS ON DELETE TO items DO INSTEAD NOTHING`, { firing: 'origin' as never });
    expect(() => buildSchemaModel(m)).toThrow('firing must be one of always, replica, disabled');
  });
});

describe('comparison: firing', () => {
  it('a firing alone changed is alterFiring, reversed to the firing before', () => {
    const before = model({ triggers: [TRIGGER], rules: [{ ...RULE, firing: 'disabled' }] });
    const after = model({ triggers: [{ ...TRIGGER, firing: 'always' }], rules: [RULE] });
    const { operations } = diffModels(before, after);
    expect(operations.map(describeOperation)).toEqual([
      'alter trigger items_touch on public.items: fires default -> always',
      'alter rule items_keep on public.items: fires disabled -> default',
    ]);
    expect(reverseOperation(operations[0]!)).toMatchObject({ kind: 'alterFiring', firing: null, from: 'always' });
  });

  it('a new definition with a firing is a drop and a create that carries it, no alterFiring', () => {
    const before = model({ triggers: [TRIGGER] });
    const next = { ...TRIGGER, definition: TRIGGER.definition.replace('UPDATE', 'INSERT'), firing: 'replica' as const };
    const { operations } = diffModels(before, model({ triggers: [next] }));
    expect(operations).toEqual([
      { kind: 'dropTrigger', schema: 'public', table: 'items', name: 'items_touch', removed: TRIGGER },
      { kind: 'createTrigger', trigger: next },
    ]);
  });
});
