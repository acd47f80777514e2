import { describe, expect, it } from 'vitest';
import { restoreObjects, type ScratchObjects } from '../../src/canonical/canonical-restore.js';
import { emptySchemaModel } from '../../src/schema/model-kinds.js';
import type { FunctionModel, SchemaModel } from '../../src/schema/model.js';

const same = { schema: (name: string) => name, text: (value: string) => value };

const add: FunctionModel = {
  schema: 'app',
  name: 'add',
  kind: 'function',
  argumentTypes: 'integer, integer',
  arguments: 'a integer, b integer',
  result: 'integer',
  definition: 'CREATE OR REPLACE FUNCTION app.add(a integer, b integer) ...',
  dependsOn: [],
};

function scratch(argumentTypes: Record<string, string> = {}): ScratchObjects {
  return {
    model: emptySchemaModel(),
    argumentTypes: new Map(Object.entries(argumentTypes)),
    created: new Set(),
    servers: new Map(),
  };
}

/** A declared model whose comment and privilege both name `app.add` by `types`. */
function declaring(types: string): SchemaModel {
  const target = { schema: 'app', name: 'add', argumentTypes: types };
  return {
    ...emptySchemaModel(),
    functions: [add],
    comments: [{ target: { on: 'function', ...target }, text: 'adds' }],
    grants: [{ target: { on: 'function', ...target }, grantee: 'anon', privilege: 'EXECUTE', grantOption: false }],
  };
}

const reflected: SchemaModel = { ...emptySchemaModel(), schemas: ['app'], functions: [add] };

describe("restoring a comment's and a privilege's routine", () => {
  it('takes the real argument types of a placeholder, for a comment and a privilege alike', () => {
    const restored = restoreObjects(reflected, declaring('?0'), scratch({ '?0': 'integer, integer' }), same);
    expect(restored.comments[0]!.target.argumentTypes).toBe('integer, integer');
    expect(restored.grants[0]!.target.argumentTypes).toBe('integer, integer');
  });

  it('takes the types read back for those the model spells another way (int for integer)', () => {
    const restored = restoreObjects(reflected, declaring('int, int4'), scratch(), same);
    expect(restored.comments[0]!.target.argumentTypes).toBe('integer, integer');
    expect(restored.grants[0]!.target.argumentTypes).toBe('integer, integer');
  });

  it('refuses a routine the model does not declare, in one line saying what names it', () => {
    expect(() => restoreObjects(reflected, { ...declaring('text'), grants: [] }, scratch(), same)).toThrow(
      'comment on function app.add(text): no such function is declared; fix the model file',
    );
    expect(() => restoreObjects(reflected, { ...declaring('text'), comments: [] }, scratch(), same)).toThrow(
      'grants on function app.add(text): no such function is declared; fix the model file',
    );
  });

  it('keeps every list in the model order, with no reading of what uses what', () => {
    const restored = restoreObjects(
      { ...reflected, dependencies: [] },
      declaring('?0'),
      scratch({ '?0': 'integer, integer' }),
      same,
    );
    expect(Object.keys(restored)).toEqual(Object.keys(emptySchemaModel()));
  });
});
