import { expect, it, onTestFinished } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import type { CanonicalCache } from '../../src/canonical/canonical-cache.js';
import { reachFixedPoint } from '../../src/canonical/canonical-fixpoint.js';
import { canonicalizeModel } from '../../src/canonical/canonicalize.js';
import { connect } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import type { TableModel } from '../../src/schema/model.js';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { mutableCopy } from '../helpers/models.js';
import { recording } from '../helpers/recording-driver.js';
import { skipWhen } from '../helpers/skips.js';

const created = (sent: readonly string[]): string[] =>
  sent.flatMap((sql) => [...sql.matchAll(/CREATE (?:TABLE|VIEW) "[^"]+"\."([^"]+)"/g)].map((m) => m[1]!));

function memoryCache(): CanonicalCache {
  const entries = new Map<string, TableModel>();
  return {
    get: (key) => structuredClone(entries.get(key)),
    set: (key, table) => void entries.set(key, structuredClone(table)),
  };
}

skipWhen(
  testTarget() !== 'server',
  'written for the server target: counts the statements the fixed point sends to a server',
).describe('the fixed point costs', () => {
  it('nothing when no text differs; then only the table holding the differing text; then nothing, from the cache', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE a (id integer PRIMARY KEY, c varchar(5) CHECK (c IN ('a', 'b')));
       CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a);
       CREATE TABLE unrelated (id integer PRIMARY KEY, c varchar(5) CHECK (c IN ('x', 'y')));
       CREATE VIEW elsewhere AS SELECT id FROM unrelated;`,
    );
    const driver = await connect(db.url);
    onTestFinished(() => driver.close());
    const live = await reflectSchema(driver);

    const quiet = recording(driver);
    expect(await reachFixedPoint(quiet, structuredClone(live), live)).toEqual(live);
    expect(quiet.sent).toEqual([]);

    // The model spells a's check as the server prints it once re-created: the canonical text differs from the live one.
    const declared = mutableCopy(live);
    declared.tables.find((t) => t.name === 'a')!.checks[0]!.expression =
      "(c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text])";
    const canonical = await canonicalizeModel(driver, declared, live);
    expect(compareModels(live, canonical).map((op) => op.kind)).toEqual(['dropConstraint', 'addConstraint']);

    const cache = memoryCache();
    const first = recording(driver);
    const current = await reachFixedPoint(first, canonical, live, cache);
    expect(created(first.sent)).toEqual(['a']);
    expect(compareModels(current, canonical)).toEqual([]);
    // The live side takes the canonical text only where the live one, created again, prints it.
    expect(current.tables.find((t) => t.name === 'unrelated')).toEqual(live.tables.find((t) => t.name === 'unrelated'));

    const second = recording(driver);
    expect(await reachFixedPoint(second, canonical, live, cache)).toEqual(current);
    expect(second.sent.join('\n')).not.toMatch(/CREATE|BEGIN/);
  });
});
