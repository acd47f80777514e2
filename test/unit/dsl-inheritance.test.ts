import { describe, expect, it } from 'vitest';
import { buildSchemaModel, check, defineMetadata, foreignKey, index, integer, sql, text } from '../../src/index.js';

function declared() {
  const metadata = defineMetadata();
  const vehicle = metadata.table(
    'vehicle',
    { id: integer().notNull(), name: text() },
    { checks: [check(sql`id > 0`, { name: 'vehicle_only', noInherit: true })] },
  );
  const tagged = metadata.table('tagged', { tag: text() });
  const car = metadata.table(
    'car',
    { doors: integer() },
    { inherits: [vehicle, tagged], primaryKey: { columns: ['id'] }, indexes: [index(['tag'])] },
  );
  // A grandchild's keys name what its parent inherits, typed.
  metadata.table('sports_car', { speed: integer() }, { inherits: [car], primaryKey: { columns: ['id', 'speed'] } });
  return metadata;
}

describe('DSL: table inheritance', () => {
  it('builds the parent list, with only the columns each table declares', () => {
    const tables = buildSchemaModel(declared()).tables;
    const car = tables.find((t) => t.name === 'car')!;
    expect(car.inherits).toEqual([
      { schema: 'public', table: 'vehicle' },
      { schema: 'public', table: 'tagged' },
    ]);
    expect(car.columns.map((c) => c.name)).toEqual(['doors']);
    expect(car.primaryKey?.columns).toEqual(['id']);
    expect(tables.find((t) => t.name === 'sports_car')!.inherits).toEqual([{ schema: 'public', table: 'car' }]);
    expect(tables.find((t) => t.name === 'vehicle')!.inherits).toBeUndefined();
  });

  it('refuses a parent that is not in the metadata', () => {
    const metadata = defineMetadata();
    const elsewhere = defineMetadata().table('elsewhere', { id: integer() });
    metadata.table('child', { x: integer() }, { inherits: [elsewhere] });
    expect(() => buildSchemaModel(metadata)).toThrow(/inherits from a table that is not in this metadata/);
  });

  it('refuses a key on a column neither the table nor its parents have', () => {
    const metadata = defineMetadata();
    const parent = metadata.table('parent', { id: integer() });
    // @ts-expect-error: `nope` is no column of child nor of parent
    metadata.table('child', { x: integer() }, { inherits: [parent], primaryKey: { columns: ['nope'] } });
    expect(() => buildSchemaModel(metadata)).toThrow(/names a column the table does not have/);
  });

  it('takes a foreign key into a column the referenced table inherits, and refuses one into a column it lacks', () => {
    const ok = defineMetadata();
    const parent = ok.table('parent', { id: integer().primaryKey(), back: integer() });
    const child = ok.table('child', {}, { inherits: [parent], primaryKey: { columns: ['id'] } });
    ok.table('other', { child_id: integer() }, { foreignKeys: [foreignKey(['child_id'], () => child, ['id'])] });
    const other = buildSchemaModel(ok).tables.find((t) => t.name === 'other')!;
    expect(other.foreignKeys.map((f) => [f.refTable, f.refColumns])).toEqual([['child', ['id']]]);

    const bad = defineMetadata();
    const lone = bad.table('lone', { id: integer().primaryKey() });
    // @ts-expect-error: `nope` is no column of lone nor of a parent of it
    bad.table('other', { lone_id: integer() }, { foreignKeys: [foreignKey(['lone_id'], () => lone, ['nope'])] });
    expect(() => buildSchemaModel(bad)).toThrow(/names a column the table does not have/);
  });

  it('takes a comment on a column a table only inherits, from a parent or a grandparent, and refuses one on a column it lacks', () => {
    const metadata = declared();
    metadata.comment({ column: 'name', table: 'sports_car' }, 'from vehicle, through car');
    metadata.comment({ column: 'tag', table: 'car' }, 'from tagged');
    const comments = buildSchemaModel(metadata).comments.map((c) => [c.target.parent, c.target.name, c.text]);
    expect(comments).toEqual(
      expect.arrayContaining([
        ['sports_car', 'name', 'from vehicle, through car'],
        ['car', 'tag', 'from tagged'],
      ]),
    );

    const bad = declared();
    bad.comment({ column: 'doors', table: 'vehicle' }, 'a child has it, not the parent');
    expect(() => buildSchemaModel(bad)).toThrow(/names an object the model does not declare/);
  });
});
