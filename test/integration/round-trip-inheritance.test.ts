import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { expectSameSchema } from '../helpers/fixtures.js';
import { tempProject } from '../helpers/project.js';
import { strictTypeErrors } from '../helpers/typecheck.js';

/**
 * Three levels of table inheritance (`INHERITS`), one child with two parents:
 * columns and checks inherited, declared again by a child (merged), local,
 * and `NO INHERIT`; keys and indexes of each child's own; a child's comments on columns it only inherits.
 */
const HIERARCHY_SQL = `
CREATE TABLE vehicle (
  id integer NOT NULL,
  name text NOT NULL DEFAULT 'unnamed',
  wheels integer,
  CONSTRAINT vehicle_wheels_check CHECK (wheels >= 0),
  CONSTRAINT vehicle_only_check CHECK (id > 0) NO INHERIT
);
ALTER TABLE vehicle ADD PRIMARY KEY (id);
CREATE TABLE tagged (tag text, CONSTRAINT tagged_tag_check CHECK (tag <> ''));
CREATE TABLE car (doors integer, CONSTRAINT car_doors_check CHECK (doors BETWEEN 2 AND 5)) INHERITS (vehicle);
ALTER TABLE car ADD PRIMARY KEY (id);
CREATE TABLE sports_car (
  top_speed integer,
  CONSTRAINT sports_car_speed_check CHECK (top_speed > 100) NO INHERIT
) INHERITS (car, tagged);
CREATE INDEX sports_car_name_idx ON sports_car (name);
CREATE TABLE boat (name text NOT NULL, hull text, CONSTRAINT vehicle_wheels_check CHECK (wheels >= 0)) INHERITS (vehicle);
COMMENT ON COLUMN sports_car.wheels IS 'inherited from a grandparent';
COMMENT ON COLUMN sports_car.tag IS 'inherited from the second parent';
`;

async function parentsOf(url: string): Promise<{ child: string; parent: string }[]> {
  return queryRows(
    url,
    `SELECT c.relname AS child, p.relname AS parent FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent ORDER BY 1, i.inhseqno`,
  );
}

describe('round trip of table inheritance', { timeout: 240_000 }, () => {
  it('pull -> check is clean; autogenerate into an empty database -> upgrade gives the same schema; downgrade base empties it', async () => {
    const a = await createTestDatabase('athanor_inherit_a');
    const b = await createTestDatabase('athanor_inherit_b');
    await runSql(a.url, HIERARCHY_SQL);

    const fromA = tempProject(a.url);
    const pulled = await fromA.migrate('pull');
    expect(pulled.stderr).toBe('');
    const models = fromA.read('models.ts');
    expect(models).toContain('inherits: [car, tagged]');
    expect(models).not.toContain('table inheritance');
    // Keys and indexes name the columns a table inherits, typed.
    expect(models).toContain("inherits: [vehicle],\n    primaryKey: { columns: ['id'] },");
    expect(strictTypeErrors([join(fromA.dir, 'models.ts')], fromA.dir)).toEqual([]);
    const checkA = await fromA.migrate('check');
    expect(checkA.stdout).toContain('No differences');
    expect(checkA.code).toBe(0);

    const onB = tempProject(b.url);
    onB.write('models.ts', models);
    const rev = await onB.migrate('revision', '--autogenerate', '-m', 'vehicles');
    expect(rev.stderr).toBe('');
    expect((await onB.migrate('upgrade', 'head')).code).toBe(0);
    await expectSameSchema(b.url, a.url);
    expect(await parentsOf(b.url)).toEqual(await parentsOf(a.url));
    const again = await onB.migrate('revision', '--autogenerate', '-m', 'nothing');
    expect(again.stdout).toContain('No changes; no revision written');

    expect((await onB.migrate('downgrade', 'base')).code).toBe(0);
    expect(await parentsOf(b.url)).toEqual([]);
    const left = await queryRows(b.url, "SELECT relname FROM pg_class WHERE relname IN ('vehicle', 'car', 'boat')");
    expect(left).toEqual([]);
  });
});
