import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  OBJECT_KINDS,
  RENAME_KINDS,
  kindWord,
  type AnyObjectKind,
  type CommentObjectKind,
  type GrantObjectKind,
  type ObjectKind,
  type RenamedObjectKind,
  type RenameKind,
} from '../../src/schema/object-kinds.js';
import { describeGrantTarget } from '../../src/schema/model.js';
import { describeOperation } from '../../src/ops/describe.js';

/** The kinds whose registry entry has `field` (with `value`, when given), as a runtime list. */
function kindsWith(field: 'id' | 'comment' | 'grant' | 'rename', value?: string): string[] {
  return (Object.keys(OBJECT_KINDS) as AnyObjectKind[]).filter((kind) => {
    const spec: Record<string, unknown> = OBJECT_KINDS[kind];
    return field in spec && (value === undefined || spec[field] === value);
  });
}

describe('the registry of kinds of object', () => {
  it('derives each vocabulary: the id, comment, grant and rename kinds', () => {
    expect(kindsWith('id').sort()).toEqual(
      [
        'schema',
        'enum',
        'table',
        'column',
        'sequence',
        'domain',
        'composite',
        'range',
        'view',
        'routine',
        'trigger',
        'rule',
        'policy',
        'constraint',
        'index',
        'default',
        'collation',
        'foreignTable',
        'operator',
        'operatorClass',
      ].sort(),
    );
    expect(kindsWith('comment').sort()).toEqual(
      [
        'schema',
        'table',
        'column',
        'view',
        'materializedView',
        'foreignTable',
        'index',
        'constraint',
        'domainConstraint',
        'sequence',
        'type',
        'function',
        'procedure',
        'aggregate',
        'trigger',
        'textSearchDictionary',
        'textSearchConfiguration',
        'operator',
        'collation',
        'rule',
        'cast',
        'policy',
        'statistics',
        'publication',
        'eventTrigger',
        'extension',
      ].sort(),
    );
    expect(kindsWith('grant').sort()).toEqual(
      [
        'schema',
        'table',
        'view',
        'sequence',
        'function',
        'procedure',
        'type',
        'domain',
        'foreignDataWrapper',
        'foreignServer',
      ].sort(),
    );
    expect(kindsWith('rename', 'object').sort()).toEqual(
      [
        'enum',
        'domain',
        'sequence',
        'view',
        'materializedView',
        'function',
        'procedure',
        'aggregate',
        'composite',
        'range',
        'constraint',
        'policy',
        'trigger',
      ].sort(),
    );
  });

  it('keeps the types and the runtime lists the same', () => {
    expectTypeOf<ObjectKind>().toEqualTypeOf<
      | 'schema'
      | 'enum'
      | 'table'
      | 'column'
      | 'sequence'
      | 'domain'
      | 'composite'
      | 'range'
      | 'view'
      | 'routine'
      | 'trigger'
      | 'rule'
      | 'policy'
      | 'constraint'
      | 'index'
      | 'default'
      | 'collation'
      | 'foreignTable'
      | 'operator'
      | 'operatorClass'
    >();
    expectTypeOf<GrantObjectKind>().toEqualTypeOf<
      | 'schema'
      | 'table'
      | 'view'
      | 'sequence'
      | 'function'
      | 'procedure'
      | 'type'
      | 'domain'
      | 'foreignDataWrapper'
      | 'foreignServer'
    >();
    expectTypeOf<RenamedObjectKind>().toEqualTypeOf<
      | 'enum'
      | 'domain'
      | 'composite'
      | 'range'
      | 'sequence'
      | 'view'
      | 'materializedView'
      | 'function'
      | 'procedure'
      | 'aggregate'
      | 'constraint'
      | 'policy'
      | 'trigger'
    >();
    expectTypeOf<CommentObjectKind>().toMatchTypeOf<AnyObjectKind>();
    expectTypeOf<(typeof RENAME_KINDS)[number]>().toEqualTypeOf<RenameKind>();
  });

  it('decides renames in one order: a schema before its tables, a table before its parts', () => {
    expect(RENAME_KINDS).toEqual([
      'schema',
      'table',
      'column',
      'index',
      'constraint',
      'policy',
      'trigger',
      'enum',
      'enumValue',
      'domain',
      'sequence',
      'view',
      'materializedView',
      'function',
      'procedure',
      'aggregate',
      'composite',
      'range',
    ]);
  });

  it('gives each kind one word in messages', () => {
    expect(kindWord('materializedView')).toBe('materialized view');
    expect(describeGrantTarget({ on: 'foreignServer', schema: '', name: 'films' })).toBe('foreign server films');
    expect(
      describeOperation({
        kind: 'renameObject',
        object: 'materializedView',
        schema: 'public',
        from: 'a',
        to: 'b',
      }),
    ).toBe('rename materialized view public.a to b');
    expect(
      describeOperation({
        kind: 'setComment',
        target: { on: 'textSearchConfiguration', schema: 'public', name: 'english2' },
        comment: 'x',
      }),
    ).toContain('text search configuration public.english2');
  });
});
