import { describe, expect, it } from 'vitest';
import {
  OBJECTS_PROBE_SQL,
  OBJECTS_SQL,
  objectsStatement,
  partsPresent,
  type PartsPresent,
} from '../../src/pg/catalog/catalog-objects-statement.js';
import { STATISTICS_SQL } from '../../src/pg/catalog/catalog-statistics.js';
import { CASTS_SQL } from '../../src/pg/catalog/catalog-casts.js';
import { EXTENSIONS_SQL, FUNCTIONS_SQL, SCHEMA_COMMENTS_SQL } from '../../src/pg/catalog/catalog-objects.js';
import { GRANTS_SQL } from '../../src/pg/catalog/catalog-grants.js';

const NO_EXTRAS = { grants: false, owners: false };

/** The statement's columns in order, each as read (`read`) or answered empty without reading (`empty`). */
function columns(sql: string): { name: string; how: 'read' | 'empty' }[] {
  return [
    ...sql.matchAll(
      /^ {2}(?:'\[\]'::json|\(SELECT COALESCE\(json_agg\(q\), '\[\]'::json\) FROM \([\s\S]*?\n {2}\) q\)) AS (\w+),?$/gm,
    ),
  ].map((m) => ({ name: m[1]!, how: m[0].startsWith("  '[]'") ? 'empty' : 'read' }));
}

/** The parts the probe asks about, by the names of its columns. */
function probed(): string[] {
  return [...OBJECTS_PROBE_SQL.matchAll(/\) AS (\w+)(?:,|\n)/g)].map((m) => m[1]!);
}

describe('the objects statement sized by the probe', () => {
  it('is the whole statement when the probe says nothing is absent', () => {
    expect(objectsStatement(NO_EXTRAS)).toBe(OBJECTS_SQL);
    const allPresent = Object.fromEntries(probed().map((name) => [name, true])) as PartsPresent;
    expect(objectsStatement(NO_EXTRAS, allPresent)).toBe(OBJECTS_SQL);
    expect(columns(OBJECTS_SQL).every((c) => c.how === 'read')).toBe(true);
  });

  it('answers an absent part with an empty array, reads the present ones, and keeps the row the same shape', () => {
    const sized = objectsStatement(NO_EXTRAS, { statistics: false, casts: false, functions: true });
    expect(columns(sized).map((c) => c.name)).toEqual(columns(OBJECTS_SQL).map((c) => c.name));
    expect(columns(sized).filter((c) => c.how === 'empty')).toEqual([
      { name: 'statistics', how: 'empty' },
      { name: 'casts', how: 'empty' },
    ]);
    expect(sized).toContain("  '[]'::json AS statistics");
    expect(sized).not.toContain(STATISTICS_SQL);
    expect(sized).not.toContain(CASTS_SQL);
    expect(sized).toContain(FUNCTIONS_SQL);
  });

  it('with every probed part absent, reads only the parts read always, and what the options add', () => {
    const none = Object.fromEntries(probed().map((name) => [name, false])) as PartsPresent;
    const sized = objectsStatement({ grants: true, owners: false }, none);
    expect(
      columns(sized)
        .filter((c) => c.how === 'read')
        .map((c) => c.name),
    ).toEqual(['extensions', 'schema_comments', 'grants', 'default_privileges']);
    expect(sized).toContain(EXTENSIONS_SQL);
    expect(sized).toContain(SCHEMA_COMMENTS_SQL);
    expect(sized).toContain(GRANTS_SQL);
    expect(sized.length).toBeLessThan(OBJECTS_SQL.length / 2);
  });

  it('probes every part but those that can report objects initdb made', () => {
    const all = columns(OBJECTS_SQL).map((c) => c.name);
    expect(probed()).toEqual(all.filter((name) => name !== 'extensions' && name !== 'schema_comments'));
    // The probe takes the schemas as the parts do: a schema of the server's own makes every part present.
    expect(OBJECTS_PROBE_SQL).toContain('$1::text[]');
  });

  it('reads the probe row as it comes, and every part when there is none', () => {
    expect(partsPresent([{ casts: false, rules: true }])).toEqual({ casts: false, rules: true });
    expect(partsPresent([])).toEqual({});
  });
});
