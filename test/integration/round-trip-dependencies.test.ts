import { describe, it } from 'vitest';
import { roundTrip } from '../helpers/round-trip.js';

/**
 * Schemas whose objects depend on each other across kinds, reduced from large
 * real schemas, each taken through the whole round trip (`roundTrip`).
 */
describe('round trips of objects that depend on each other', { timeout: 240_000 }, () => {
  it('routines over a domain over a table row type', async () => {
    await roundTrip(`
      CREATE TABLE projects (id integer PRIMARY KEY, name text);
      CREATE DOMAIN projects_domain AS projects;
      CREATE FUNCTION project_name(p projects_domain) RETURNS text LANGUAGE sql STABLE AS $$ SELECT (p).name $$;
      CREATE FUNCTION project_by_id(pid integer) RETURNS SETOF projects_domain LANGUAGE sql STABLE
        AS $$ SELECT projects::projects_domain FROM projects WHERE id = pid $$;
    `);
  });

  it("a foreign key into a partitioned table: its partitions' rows numbered as the source's, dropped before them", async () => {
    await roundTrip(`
      CREATE TABLE regions (id integer PRIMARY KEY) PARTITION BY LIST (id);
      CREATE TABLE regions_south PARTITION OF regions FOR VALUES IN (2);
      CREATE TABLE regions_north PARTITION OF regions FOR VALUES IN (1);
      CREATE TABLE regions_other PARTITION OF regions DEFAULT;
      CREATE TABLE orders (id integer PRIMARY KEY, region integer REFERENCES regions);
    `);
  });

  it('a cycle of foreign keys beside a partitioned table that references one of them', async () => {
    await roundTrip(`
      CREATE TABLE t1 (id integer PRIMARY KEY, t2_id integer);
      CREATE TABLE t2 (id integer PRIMARY KEY, t1_id integer REFERENCES t1);
      ALTER TABLE t1 ADD FOREIGN KEY (t2_id) REFERENCES t2;
      CREATE TABLE p (t1_id integer REFERENCES t1, k integer) PARTITION BY LIST (k);
      CREATE TABLE a_p0 PARTITION OF p FOR VALUES IN (0);
    `);
  });

  it('a default that reads the sequence of a table declared after it', async () => {
    await roundTrip(`
      CREATE TABLE b (id bigserial PRIMARY KEY);
      CREATE TABLE a (id bigint DEFAULT nextval('b_id_seq'::regclass) NOT NULL);
    `);
  });
});
