import { describe, it } from 'vitest';
import { roundTrip } from '../helpers/round-trip.js';

/**
 * Schemas reduced from real or random ones that once lost something on the way, each
 * taken through the whole round trip (`roundTrip`).
 */
describe('round trips of reduced real schemas', { timeout: 240_000 }, () => {
  it("a partition's own index with a storage parameter its parent index lacks", async () => {
    await roundTrip(`
      CREATE TABLE p (a integer) PARTITION BY LIST (a);
      CREATE TABLE p_1 PARTITION OF p FOR VALUES IN (1);
      CREATE INDEX p_a ON ONLY p (a);
      CREATE INDEX p_1_a_idx ON p_1 (a) WITH (fillfactor = 50);
      ALTER INDEX p_a ATTACH PARTITION p_1_a_idx;
    `);
  });

  it("a partition's indexes named by PostgreSQL with its collision suffix", async () => {
    await roundTrip(`
      CREATE TABLE p (a integer) PARTITION BY RANGE (a);
      CREATE INDEX p_a ON p (a);
      CREATE UNIQUE INDEX p_a_u ON p (a);
      CREATE TABLE p_d PARTITION OF p DEFAULT;
    `);
  });

  it("a partition's numbered index names in an order other than its parent's indexes' names", async () => {
    await roundTrip(`
      CREATE TABLE p (a integer) PARTITION BY RANGE (a);
      CREATE UNIQUE INDEX p_a_u ON p (a);
      CREATE INDEX p_a ON p (a);
      CREATE TABLE p_d PARTITION OF p DEFAULT;
    `);
  });

  it('a comment on a function whose argument is an enum', async () => {
    await roundTrip(`
      CREATE TYPE en AS ENUM ('a');
      CREATE FUNCTION f(x en) RETURNS integer LANGUAGE sql AS 'select 1';
      COMMENT ON FUNCTION f(x en) IS 'c';
    `);
  });

  it('a foreign key into the column an inheriting table takes from its parent', async () => {
    await roundTrip(`
      CREATE TABLE a_t0 (id integer NOT NULL, back0_id integer, PRIMARY KEY (id));
      CREATE TABLE a_t1 (UNIQUE (id)) INHERITS (a_t0);
      ALTER TABLE a_t0 ADD FOREIGN KEY (back0_id) REFERENCES a_t1 (id);
    `);
  });

  it("a default that reads the sequence of a table whose column has the reader's row type", async () => {
    await roundTrip(`
      CREATE TABLE a_t0 (id bigint NOT NULL);
      CREATE TABLE a_t1 (id bigserial PRIMARY KEY, r a_t0);
      ALTER TABLE a_t0 ALTER COLUMN id SET DEFAULT nextval('a_t1_id_seq'::regclass);
    `);
  });

  it('a default that reads the sequence of a table whose foreign key references the reader', async () => {
    await roundTrip(`
      CREATE SEQUENCE a_t1_id_seq;
      CREATE TABLE a_t0 (id bigint DEFAULT nextval('a_t1_id_seq'::regclass) NOT NULL PRIMARY KEY);
      CREATE TABLE a_t1 (id bigint DEFAULT nextval('a_t1_id_seq'::regclass) NOT NULL PRIMARY KEY, ref bigint REFERENCES a_t0);
      ALTER SEQUENCE a_t1_id_seq OWNED BY a_t1.id;
    `);
  });

  it('a domain whose check calls a function taking another domain, in an array column', async () => {
    await roundTrip(`
      CREATE TYPE hours AS (from_hours smallint, to_hours smallint);
      CREATE DOMAIN hour AS hours CHECK ((VALUE).from_hours < (VALUE).to_hours);
      CREATE FUNCTION ordered(wh hour[]) RETURNS boolean LANGUAGE sql IMMUTABLE
        AS 'select true';
      CREATE DOMAIN week AS hour[] NOT NULL CHECK (ordered(VALUE));
      CREATE DOMAIN weeks AS week[] CHECK (cardinality(VALUE) = 8);
      CREATE TABLE t (k serial PRIMARY KEY, v weeks);
    `);
  });

  it('a domain whose check calls a function saying IS NULL, in an array column, beside a table named "null"', async () => {
    await roundTrip(`
      CREATE TABLE "null" (id integer);
      CREATE DOMAIN hour AS integer;
      CREATE FUNCTION ordered(wh hour[]) RETURNS boolean LANGUAGE plpgsql IMMUTABLE
        AS $$ begin return wh is null or true; end $$;
      CREATE DOMAIN week AS hour[] CHECK (ordered(VALUE));
      CREATE TABLE t (k serial PRIMARY KEY, v week[]);
    `);
  });

  it('a domain whose check calls a function reading a table, in an array column', async () => {
    await roundTrip(`
      CREATE TABLE allowed (code text PRIMARY KEY);
      CREATE FUNCTION is_allowed(t text) RETURNS boolean LANGUAGE plpgsql STABLE
        AS $$ begin return t is null or exists (select 1 from allowed where code = t); end $$;
      CREATE DOMAIN code AS text CHECK (is_allowed(VALUE));
      CREATE TABLE item (id integer PRIMARY KEY, codes code[]);
    `);
  });

  it('a domain whose default calls a function that returns it', async () => {
    await roundTrip(`
      CREATE DOMAIN code AS text;
      CREATE FUNCTION fresh() RETURNS code LANGUAGE sql AS $$ select 'x'::code $$;
      ALTER DOMAIN code SET DEFAULT fresh();
      CREATE TABLE t (c code);
    `);
  });

  it('domains whose checks call SQL functions that read a table, directly or through another, in columns', async () => {
    await roundTrip(`
      CREATE TABLE allowed (code text PRIMARY KEY);
      CREATE FUNCTION is_allowed(t text) RETURNS boolean LANGUAGE sql STABLE
        AS $$ SELECT exists (SELECT 1 FROM allowed WHERE code = t) $$;
      CREATE DOMAIN code AS text CHECK (is_allowed(VALUE));
      CREATE FUNCTION wrapped(t text) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT is_allowed(t) $$;
      CREATE DOMAIN other_code AS text DEFAULT 'x' CHECK (wrapped(VALUE));
      CREATE TABLE item (id integer PRIMARY KEY, c code, o other_code, t text CHECK (is_allowed(t)));
    `);
  });

  it("a table's index, check, default and policy calling functions over its row type or reading it", async () => {
    await roundTrip(`
      CREATE TABLE doc (id integer PRIMARY KEY, title text, body text);
      CREATE FUNCTION doc_text(d doc) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT d.title || ' ' || d.body $$;
      CREATE INDEX doc_text_idx ON doc (doc_text(doc));
      CREATE FUNCTION doc_ok(d doc) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT length(d.title) < 100 $$;
      ALTER TABLE doc ADD CONSTRAINT doc_ok CHECK (doc_ok(doc));
      CREATE FUNCTION last_doc() RETURNS doc LANGUAGE sql STABLE AS $$ SELECT * FROM doc ORDER BY id DESC LIMIT 1 $$;
      CREATE TABLE note (id integer PRIMARY KEY, doc_id integer DEFAULT (last_doc()).id);
      ALTER TABLE note ENABLE ROW LEVEL SECURITY;
      CREATE POLICY note_read ON note USING (doc_id = (last_doc()).id);
    `);
  });

  it("a cast a table's default, check and index use, and a view", async () => {
    await roundTrip(`
      CREATE TYPE price AS (amount numeric, currency text);
      CREATE FUNCTION price_of(t text) RETURNS price LANGUAGE sql IMMUTABLE
        AS $$ SELECT (split_part(t, ' ', 1)::numeric, split_part(t, ' ', 2))::public.price $$;
      CREATE CAST (text AS price) WITH FUNCTION price_of(text) AS ASSIGNMENT;
      CREATE TABLE item (id integer, raw text, p price DEFAULT '1 EUR'::text::price, CHECK ((raw::price).amount > 0));
      CREATE INDEX item_amount ON item (((raw::price).amount));
      CREATE VIEW item_currency AS SELECT (raw::price).currency FROM item;
    `);
  });

  it("an index calling a SQL function that reads a table created after the index's own", async () => {
    await roundTrip(`
      CREATE TABLE rates (currency text PRIMARY KEY, rate numeric);
      CREATE FUNCTION rate_of(c text) RETURNS numeric LANGUAGE sql IMMUTABLE
        AS $$ SELECT rate FROM public.rates WHERE currency = c $$;
      CREATE TABLE price (id integer, currency text, amount numeric);
      CREATE INDEX price_normal ON price ((amount * rate_of(currency)));
    `);
  });

  it("a table with a column of a view's row type, which a view and a foreign key use in turn", async () => {
    await roundTrip(`
      CREATE TABLE users (id bigint PRIMARY KEY, name text);
      CREATE VIEW a_view AS SELECT id FROM users;
      CREATE TABLE holder (id integer PRIMARY KEY, col1 users, col2 a_view, col3 a_view[]);
      CREATE VIEW holder_view AS SELECT id, (col2).id AS viewed FROM holder;
      CREATE TABLE ref (holder_id integer REFERENCES holder);
    `);
  });

  it('a domain whose default reads a sequence, in a table', async () => {
    await roundTrip(`
      CREATE SEQUENCE ticket_seq;
      CREATE DOMAIN ticket_no AS bigint DEFAULT nextval('ticket_seq'::regclass) CHECK (VALUE > 0);
      CREATE TABLE tickets (no ticket_no PRIMARY KEY, title text);
    `);
  });

  it("a table with a column of a composite type over another table's row type", async () => {
    await roundTrip(`
      CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
      CREATE TYPE pair AS (a accounts, n integer);
      CREATE DOMAIN pairs_of AS pair[];
      CREATE TABLE pairs (id integer PRIMARY KEY, p pair, ps pairs_of);
    `);
  });

  it('a foreign key into a partitioned table whose partitions are partitioned in turn', async () => {
    await roundTrip(`
      CREATE TABLE orders (tenant_id integer NOT NULL, id bigint NOT NULL, PRIMARY KEY (tenant_id, id))
        PARTITION BY LIST (tenant_id);
      CREATE TABLE orders_1 PARTITION OF orders FOR VALUES IN (1);
      CREATE TABLE orders_2 PARTITION OF orders FOR VALUES IN (2) PARTITION BY HASH (id);
      CREATE TABLE orders_2_a PARTITION OF orders_2 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
      CREATE TABLE orders_2_b PARTITION OF orders_2 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
      CREATE TABLE lines (tenant_id integer NOT NULL, order_id bigint NOT NULL,
        FOREIGN KEY (tenant_id, order_id) REFERENCES orders ON DELETE CASCADE);
    `);
  });

  it("a policy reading a view over the policy's own table, in another schema", async () => {
    await roundTrip(`
      CREATE SCHEMA private;
      CREATE TABLE members (user_id integer NOT NULL, team_id integer NOT NULL);
      CREATE VIEW private.my_teams AS SELECT team_id FROM members WHERE user_id = 1;
      ALTER TABLE members ENABLE ROW LEVEL SECURITY;
      CREATE POLICY mine ON members FOR SELECT USING (team_id IN (SELECT team_id FROM private.my_teams));
    `);
  });
});
