import { describe, expect, it } from 'vitest';
import { droppedObjects } from '../../src/autogen/diff/objects/compare-comments.js';
import { OPERATION_KINDS, kindSpec } from '../../src/ops/operation-specs.js';
import type { Operation } from '../../src/ops/operation.js';
import { buildSchemaModel, defineMetadata, integer, serial, text } from '../../src/schema/index.js';
import type { CommentTarget, ForeignColumnModel } from '../../src/schema/model.js';

/** The objects a comment or a grant is on that the operations drop, as each operation's spec says. */
describe('the objects operations drop', () => {
  const m = defineMetadata({ schemas: ['app'] });
  m.table('items', { id: serial().primaryKey(), name: text().notNull(), qty: integer() });
  const current = buildSchemaModel(m);
  const dropped = (ops: Operation[], target: CommentTarget): boolean => droppedObjects(ops, current)(target);

  it('says, for every kind named drop..., what it drops', () => {
    const undeclared = OPERATION_KINDS.filter((k) => k.startsWith('drop') && kindSpec(k).drops === undefined);
    expect(undeclared).toEqual([]);
  });

  it('finds the objects in no schema by name: publications, event triggers, extensions', () => {
    const ops: Operation[] = [
      { kind: 'dropPublication', name: 'feed' },
      { kind: 'dropEventTrigger', name: 'guard' },
      { kind: 'dropExtension', name: 'citext' },
    ];
    expect(dropped(ops, { on: 'publication', schema: '', name: 'feed' })).toBe(true);
    expect(dropped(ops, { on: 'publication', schema: '', name: 'other' })).toBe(false);
    expect(dropped(ops, { on: 'eventTrigger', schema: '', name: 'guard' })).toBe(true);
    expect(dropped(ops, { on: 'publication', schema: '', name: 'guard' })).toBe(false);
    expect(dropped(ops, { on: 'extension', schema: '', name: 'citext' })).toBe(true);
  });

  it('finds statistics, types of every kind, casts and operators by their own keys', () => {
    const ops: Operation[] = [
      { kind: 'dropStatistics', schema: 'app', name: 'st' },
      { kind: 'dropRangeType', schema: 'app', name: 'span' },
      { kind: 'dropCast', source: 'app.mood', target: 'text' },
      { kind: 'dropOperator', schema: 'app', name: '===', left: 'text', right: 'text' },
    ];
    expect(dropped(ops, { on: 'statistics', schema: 'app', name: 'st' })).toBe(true);
    expect(dropped(ops, { on: 'statistics', schema: 'public', name: 'st' })).toBe(false);
    expect(dropped(ops, { on: 'type', schema: 'app', name: 'span' })).toBe(true);
    expect(dropped(ops, { on: 'cast', schema: '', name: 'app.mood', parent: 'text' })).toBe(true);
    expect(dropped(ops, { on: 'cast', schema: '', name: 'text', parent: 'app.mood' })).toBe(false);
    expect(dropped(ops, { on: 'operator', schema: 'app', name: '===', argumentTypes: 'text, text' })).toBe(true);
    expect(dropped(ops, { on: 'operator', schema: 'app', name: '===', argumentTypes: 'NONE, text' })).toBe(false);
  });

  it("takes a table's parts, indexes and own sequences with it, and a schema's objects with the schema", () => {
    const ops: Operation[] = [{ kind: 'dropTable', schema: 'public', name: 'items' }];
    expect(dropped(ops, { on: 'column', schema: 'public', parent: 'items', name: 'qty' })).toBe(true);
    expect(dropped(ops, { on: 'constraint', schema: 'public', parent: 'items', name: 'items_pkey' })).toBe(true);
    expect(dropped(ops, { on: 'index', schema: 'public', name: 'items_pkey' })).toBe(true);
    expect(dropped(ops, { on: 'sequence', schema: 'public', name: 'items_id_seq' })).toBe(true);
    expect(dropped(ops, { on: 'sequence', schema: 'public', name: 'other_seq' })).toBe(false);
    const schema: Operation[] = [{ kind: 'dropSchema', schema: 'app' }];
    expect(dropped(schema, { on: 'statistics', schema: 'app', name: 'st' })).toBe(true);
    expect(dropped(schema, { on: 'schema', schema: 'app', name: 'app' })).toBe(true);
    expect(dropped(schema, { on: 'statistics', schema: 'public', name: 'st' })).toBe(false);
  });

  it('finds a view as the table a grant names, and an aggregate as the function', () => {
    const ops: Operation[] = [
      { kind: 'dropView', schema: 'public', name: 'recent', materialized: true },
      { kind: 'dropFunction', schema: 'public', name: 'total', routine: 'aggregate', argumentTypes: 'integer' },
    ];
    expect(dropped(ops, { on: 'materializedView', schema: 'public', name: 'recent' })).toBe(true);
    expect(dropped(ops, { on: 'table', schema: 'public', name: 'recent' })).toBe(true);
    expect(dropped(ops, { on: 'function', schema: 'public', name: 'total', argumentTypes: 'integer' })).toBe(true);
    expect(dropped(ops, { on: 'function', schema: 'public', name: 'total', argumentTypes: 'text' })).toBe(false);
  });

  it("finds a NOT NULL constraint a column gives up, and a foreign table's columns it drops", () => {
    const ops: Operation[] = [
      { kind: 'alterColumn', schema: 'public', table: 'items', column: 'name', to: { nullable: true } },
      {
        kind: 'alterForeignTable',
        schema: 'public',
        name: 'remote',
        from: { schema: 'public', name: 'remote', server: 's', columns: [col('a'), col('b')] },
        to: { schema: 'public', name: 'remote', server: 's', columns: [col('a')] },
      },
    ];
    const notNull = { on: 'constraint', schema: 'public', parent: 'items' } as const;
    expect(dropped(ops, { ...notNull, name: 'items_name_not_null' })).toBe(true);
    expect(dropped(ops, { ...notNull, name: 'items_qty_not_null' })).toBe(false);
    expect(dropped(ops, { on: 'column', schema: 'public', parent: 'remote', name: 'b' })).toBe(true);
    expect(dropped(ops, { on: 'column', schema: 'public', parent: 'remote', name: 'a' })).toBe(false);
  });
});

function col(name: string): ForeignColumnModel {
  return { name, type: 'text', nullable: true };
}
