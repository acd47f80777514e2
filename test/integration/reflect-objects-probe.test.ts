import { describe, expect, it } from 'vitest';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import {
  OBJECTS_PROBE_SQL,
  objectsStatement,
  partsPresent,
  type PartsPresent,
} from '../../src/pg/catalog/catalog-objects-statement.js';
import { applyReadingSettings, restoreSettings } from '../../src/pg/catalog/reading-settings.js';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';

/*
 * The probe sent before the objects statement says, per kind of object,
 * whether the database may hold one; the statement then reads those only.
 * It must never call a kind absent that the whole statement would read.
 */

const OPTIONS = { grants: true, owners: true };

/** One object of every kind the probe asks about that a user who is no superuser can make. */
const EVERY_KIND = `
  CREATE SCHEMA k;
  CREATE COLLATION k.c_copy (locale = 'C');
  CREATE SEQUENCE k.order_no;
  CREATE DOMAIN k.year AS integer CHECK (VALUE > 0);
  CREATE TYPE k.address AS (street text);
  CREATE FUNCTION k.int_diff(a integer, b integer) RETURNS double precision LANGUAGE sql IMMUTABLE
    AS $$ SELECT (a - b)::double precision $$;
  CREATE TYPE k.span AS RANGE (subtype = integer, subtype_diff = k.int_diff);
  CREATE TABLE k.items (id integer PRIMARY KEY, name text);
  CREATE TABLE k.parts (id integer PRIMARY KEY, item_id integer REFERENCES k.items (id));
  CREATE VIEW k.item_names AS SELECT id, name FROM k.items;
  CREATE MATERIALIZED VIEW k.item_counts AS SELECT count(*) AS n FROM k.items;
  CREATE UNIQUE INDEX item_counts_n ON k.item_counts (n);
  CREATE FUNCTION k.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE TRIGGER items_touch BEFORE UPDATE ON k.items FOR EACH ROW EXECUTE FUNCTION k.touch();
  CREATE RULE items_keep AS ON DELETE TO k.items DO INSTEAD NOTHING;
  CREATE STATISTICS k.items_stats (ndistinct) ON id, name FROM k.items;
  CREATE CAST (k.address AS text) WITH INOUT;
  CREATE TEXT SEARCH DICTIONARY k.plain (TEMPLATE = simple, ACCEPT = false);
  CREATE TEXT SEARCH CONFIGURATION k.docs (COPY = english);
  CREATE FUNCTION k.ci_eq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(a) = lower(b) $$;
  CREATE FUNCTION k.ci_hash(a text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT hashtext(lower(a)) $$;
  CREATE OPERATOR k.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = k.ci_eq, RESTRICT = eqsel);
  COMMENT ON TABLE k.items IS 'the items';
`;

/** The kinds only a superuser makes (PGlite's user is none). */
const SUPERUSER_KINDS = `
  CREATE OPERATOR CLASS k.ci_ops FOR TYPE text USING hash AS OPERATOR 1 k.===(text, text), FUNCTION 1 k.ci_hash(text);
  CREATE FOREIGN DATA WRAPPER probe_fdw;
  CREATE SERVER probe_srv FOREIGN DATA WRAPPER probe_fdw;
  CREATE FOREIGN TABLE k.remote_items (id integer) SERVER probe_srv;
  CREATE FUNCTION k.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
  CREATE EVENT TRIGGER probe_ddl ON ddl_command_start EXECUTE FUNCTION k.on_ddl();
`;
const SUPERUSER_PARTS = ['operator_classes', 'foreign_wrappers', 'foreign_servers', 'foreign_tables', 'event_triggers'];

/** Tables, keys, a foreign key (its triggers are internal), an index and an enum: no other kind. */
const TABLES_ONLY = `
  CREATE TYPE mood AS ENUM ('sad', 'happy');
  CREATE TABLE orgs (id integer PRIMARY KEY, name text UNIQUE, feeling mood);
  CREATE TABLE users (id integer PRIMARY KEY, org_id integer REFERENCES orgs (id) ON DELETE CASCADE);
  CREATE INDEX users_org_id_idx ON users (org_id);
`;

interface Readings {
  present: PartsPresent;
  sized: Record<string, unknown>;
  full: Record<string, unknown>;
}

/** The probe's answer, and the objects statement sized by it and whole, under the reading's settings. */
async function read(url: string, schemas: string[] | null = null): Promise<Readings> {
  const driver: Driver = await connect(url);
  try {
    const saved = await applyReadingSettings(driver);
    const params = [schemas];
    const present = partsPresent((await driver.query(OBJECTS_PROBE_SQL, params)).rows);
    const sized = (await driver.query(objectsStatement(OPTIONS, present), params)).rows[0]!;
    const full = (await driver.query(objectsStatement(OPTIONS), params)).rows[0]!;
    await restoreSettings(driver, saved);
    return { present, sized, full };
  } finally {
    await driver.close();
  }
}

/** Every part the whole statement answered rows for is one the probe calls present. */
function expectSound({ present, full }: Readings): void {
  const read = Object.keys(full).filter((name) => Array.isArray(full[name]) && (full[name] as unknown[]).length > 0);
  const missed = read.filter((name) => present[name as keyof PartsPresent] === false);
  expect(missed).toEqual([]);
}

describe('the probe of the objects statement', () => {
  it('calls present one object of each kind, and the sized reading equals the whole', async () => {
    const db = await createTestDatabase('athanor_probe');
    const server = testTarget() === 'server';
    await runSql(db.url, EVERY_KIND + (server ? SUPERUSER_KINDS : ''));
    const readings = await read(db.url);
    const probed = Object.keys(readings.present);
    const expected = server ? probed : probed.filter((name) => !SUPERUSER_PARTS.includes(name));
    expect(expected.filter((name) => readings.present[name as keyof PartsPresent] !== true)).toEqual([]);
    // The fixture holds what the probe says: each of these parts read at least one row.
    expect(expected.filter((name) => (readings.full[name] as unknown[]).length === 0)).toEqual([]);
    expectSound(readings);
    expect(readings.sized).toEqual(readings.full);

    // The same for the schema read alone.
    const narrowed = await read(db.url, ['k']);
    expectSound(narrowed);
    expect(narrowed.sized).toEqual(narrowed.full);
  });

  it('calls every kind absent in a database of tables only, whose reading stays the same', async () => {
    const db = await createTestDatabase('athanor_probe');
    await runSql(db.url, TABLES_ONLY);
    const readings = await read(db.url);
    expect(Object.values(readings.present).length).toBeGreaterThan(15);
    expect(Object.entries(readings.present).filter(([, present]) => present)).toEqual([]);
    expectSound(readings);
    expect(readings.sized).toEqual(readings.full);

    const driver = await connect(db.url);
    try {
      const model = await reflectSchema(driver);
      expect(model.tables.map((t) => t.name)).toEqual(['orgs', 'users']);
      expect(model.tables[1]!.foreignKeys).toHaveLength(1);
    } finally {
      await driver.close();
    }
  });

  it("calls every kind present when the schemas read include one of the server's own", async () => {
    const db = await createTestDatabase('athanor_probe');
    await runSql(db.url, TABLES_ONLY);
    const { present } = await read(db.url, ['public', 'information_schema']);
    expect(Object.entries(present).filter(([, p]) => !p)).toEqual([]);
  });
});
