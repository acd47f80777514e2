import { describe, expect, it } from 'vitest';
import { EnumUses, objectUses } from '../../src/autogen/dependents/enum-dependents.js';
import { mentionsType } from '../../src/autogen/diff/enums/enum-text.js';
import type {
  ForeignKeyModel,
  FunctionModel,
  PolicyModel,
  SchemaModel,
  TableModel,
  ViewModel,
} from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { qualifiedKey } from '../../src/schema/model.js';
import { routineKey } from '../../src/schema/object-keys.js';
import { objectId, partId } from '../../src/schema/object-id.js';
import { uses as uses_ } from '../helpers/models.js';

const mood = { schema: 'public', name: 'mood' };

function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns: [],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

function view(name: string, extra: Partial<ViewModel> = {}): ViewModel {
  return {
    schema: 'public',
    name,
    materialized: false,
    definition: ' SELECT 1;',
    options: [],
    columns: [],
    indexes: [],
    dependsOn: [],
    ...extra,
  };
}

describe('mentionsType', () => {
  it('finds the qualified type, quoted or not, and a bare cast', () => {
    expect(mentionsType("(m <> 'a'::public.mood)", mood)).toBe(true);
    expect(mentionsType("(m <> 'a'::mood)", mood)).toBe(true);
    expect(mentionsType('m public.mood[]', mood)).toBe(true);
    expect(mentionsType(`(m = 'a'::"Odd Schema"."Mood")`, { schema: 'Odd Schema', name: 'Mood' })).toBe(true);
  });

  it('does not take a longer name, another schema or a column of the same name for the type', () => {
    expect(mentionsType("(m <> 'a'::public.mood_old)", mood)).toBe(false);
    expect(mentionsType("(m <> 'a'::other.mood)", mood)).toBe(false);
    expect(mentionsType('(mood IS NOT NULL)', mood)).toBe(false);
    expect(mentionsType(`(m = 'a'::"Odd Schema"."Mood")`, { schema: 'Odd Schema', name: 'mood' })).toBe(false);
  });
});

describe('EnumUses', () => {
  const person = table('person', {
    columns: [{ name: 'm', type: 'public.mood', nullable: true, default: null, identity: null }],
  });
  const part = table('person_2024', { partitionOf: { schema: 'public', table: 'person', bound: 'DEFAULT' } });
  const uses = new EnumUses(
    { ...mood, columns: [{ schema: 'public', table: 'person', column: 'm', type: 'public.mood' }] },
    completeModel({
      schemas: [],
      enums: [],
      tables: [person, part],
      dependencies: [
        uses_('person_2024', 'policy', 'p', 'm'),
        uses_('person', 'trigger', 'tr', 'm'),
        uses_('other', 'policy', 'q', 'x'),
        {
          dependent: objectId('view', 'public', 'on_person'),
          on: partId('column', { schema: 'public', name: 'person' }, 'm'),
        },
      ],
    }),
  );

  it('takes the policies and triggers the catalog records as using a converted column, a partition’s too', () => {
    const policy: PolicyModel = {
      name: 'p',
      permissive: true,
      command: 'ALL',
      roles: ['public'],
      using: 'true',
      withCheck: null,
    };
    expect(uses.policy(policy, 'public', 'person_2024')).toBe(true);
    expect(uses.policy({ ...policy, name: 'q' }, 'public', 'other')).toBe(false);
    expect(uses.policy({ ...policy, name: 'q', using: "(k = 'a'::public.mood)" }, 'public', 'other')).toBe(true);
    const trigger = { schema: 'public', table: 'person', name: 'tr', definition: 'CREATE TRIGGER tr ...' };
    expect(uses.trigger(trigger)).toBe(true);
    // A trigger function's argument naming the column is not a use.
    expect(uses.trigger({ ...trigger, name: 'args', definition: "EXECUTE FUNCTION public.f('m')" })).toBe(false);
  });

  it('gives a partition the converted columns of its parent', () => {
    expect([...uses.converted.keys()].sort()).toEqual([
      qualifiedKey('public', 'person'),
      qualifiedKey('public', 'person_2024'),
    ]);
    expect(
      uses.index(
        { name: 'i', unique: false, method: 'btree', columns: [{ column: 'id' }], where: '(m IS NULL)' },
        'public',
        'person_2024',
      ),
    ).toBe(true);
  });

  it('leaves plain keys and expressions that use neither the type nor a converted column', () => {
    expect(uses.constraint({ type: 'unique', name: 'u', columns: ['m'] }, 'public', 'person')).toBe(false);
    expect(uses.constraint({ type: 'check', name: 'c', expression: '(id > 0)' }, 'public', 'person')).toBe(false);
    expect(uses.constraint({ type: 'check', name: 'c', expression: '(m IS NOT NULL)' }, 'public', 'other')).toBe(false);
    expect(
      uses.index(
        { name: 'i', unique: true, method: 'btree', columns: [{ column: 'm' }], where: null },
        'public',
        'person',
      ),
    ).toBe(false);
  });

  it('takes foreign keys from or to a converted column', () => {
    const key: ForeignKeyModel = {
      name: 'fk',
      columns: ['m'],
      refSchema: 'public',
      refTable: 'other',
      refColumns: ['x'],
      onDelete: 'NO ACTION',
      onUpdate: 'NO ACTION',
    };
    expect(uses.constraint({ type: 'foreignKey', ...key }, 'public', 'person')).toBe(true);
    expect(
      uses.constraint(
        { type: 'foreignKey', ...key, columns: ['x'], refTable: 'person', refColumns: ['m'] },
        'public',
        'other',
      ),
    ).toBe(true);
    expect(uses.constraint({ type: 'foreignKey', ...key, columns: ['x'] }, 'public', 'person')).toBe(false);
  });

  it('follows views and routines that depend on a view using the enum; a view reading other columns is left', () => {
    const routine: FunctionModel = {
      schema: 'public',
      name: 'n',
      kind: 'function',
      argumentTypes: '',
      arguments: '',
      result: 'bigint',
      definition: 'CREATE OR REPLACE FUNCTION public.n() ...',
      dependsOn: [{ schema: 'public', name: 'on_person' }],
    };
    const model: SchemaModel = completeModel({
      schemas: [],
      enums: [],
      tables: [person],
      views: [
        view('on_person', { dependsOn: [{ schema: 'public', name: 'person' }] }),
        view('on_view', { dependsOn: [{ schema: 'public', name: 'on_person' }] }),
        view('casts', { definition: " SELECT 'a'::public.mood AS m;" }),
        view('apart'),
        // It reads the table, but none of the converted columns (the catalog records no such use).
        view('other_columns', { dependsOn: [{ schema: 'public', name: 'person' }] }),
      ],
      functions: [routine],
    });
    expect(objectUses(uses, model)).toEqual([
      qualifiedKey('public', 'casts'),
      routineKey('public', 'n', ''),
      qualifiedKey('public', 'on_person'),
      qualifiedKey('public', 'on_view'),
    ]);
  });
});
