import { expect, it } from 'vitest';
import { queryRows, testTarget } from '../helpers/database.js';
import { serverOlderThan } from '../helpers/embedded-server.js';
import { runMutation } from '../helpers/mutation.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Pairs of schemas, in the manner of the test suites two peer projects
 * publish: migra (a from-schema and a to-schema for each case) and
 * pg-schema-diff (its migration acceptance cases, an old and a new schema).
 * Each case is written here from the idea of one of theirs, noted above it,
 * and chosen for the interplay of objects rather than a single feature. The
 * base builds the target schema and base plus mutation the source: the
 * target is pulled, autogenerate runs against the source, the upgrade must
 * reach the target's catalog and the downgrade the source's again (see
 * test/helpers/mutation.ts).
 */

/** Each pair runs the CLI six times; like the mutation suites, it runs on PGlite only with TEST_PGLITE_FULL=1. */
const SLOW = 240_000;
const HEAVY_ON_PGLITE = testTarget() === 'pglite' && process.env.TEST_PGLITE_FULL !== '1';

const pair = (base: string, mutation: string, revisionArgs: string[] = []) =>
  runMutation({ base, mutation, revisionArgs });

skipWhen(HEAVY_ON_PGLITE, 'slow on PGlite: runs there only with TEST_PGLITE_FULL=1').describe(
  'peer pairs: enums, views and routines',
  { timeout: SLOW },
  () => {
    // Idea: migra, tests/FIXTURES/enumdeps (an enum gains a value while one view selects its column and another casts a literal to it)
    it('an enum value added under a view of its column and a view casting to it, with a new table using the enum', async () => {
      const base = `
      CREATE TYPE public.shade AS ENUM ('light', 'mid', 'dark', 'black');
      CREATE TABLE public.swatch (id integer PRIMARY KEY, tone public.shade);
      CREATE VIEW public.swatch_all AS SELECT * FROM public.swatch;
      CREATE VIEW public.swatch_pivot AS SELECT *, 'mid'::public.shade AS pivot FROM public.swatch;
      CREATE TABLE public.palette (id integer, tone public.shade);`;
      const mutation = `
      DROP TABLE public.palette;
      DROP VIEW public.swatch_pivot;
      DROP VIEW public.swatch_all;
      ALTER TYPE public.shade RENAME TO shade_old;
      CREATE TYPE public.shade AS ENUM ('light', 'mid', 'dark');
      ALTER TABLE public.swatch ALTER COLUMN tone TYPE public.shade USING tone::text::public.shade;
      DROP TYPE public.shade_old;
      CREATE VIEW public.swatch_all AS SELECT * FROM public.swatch;
      CREATE VIEW public.swatch_pivot AS SELECT *, 'mid'::public.shade AS pivot FROM public.swatch;`;
      const { revision } = await pair(base, mutation);
      expect(revision).toContain('op.addEnumValue(');
    });

    // Idea: migra, tests/FIXTURES/dependencies (a chain of views, one read by a function, dropped; a view another reads gains a column)
    // SQL-standard function bodies (BEGIN ATOMIC, RETURN) came in PostgreSQL 14.
    skipWhen(serverOlderThan(14), 'needs PostgreSQL 14: SQL-standard function bodies').it(
      'a chain of views with a function reading its middle dropped, and a view read by another gaining a column',
      async () => {
        const base = `
      CREATE TABLE public.author (id serial PRIMARY KEY, name text);
      CREATE VIEW public.author_named AS SELECT name, upper(name) AS shout FROM public.author;
      CREATE VIEW public.author_named_again AS SELECT name FROM public.author_named;`;
        const mutation = `
      DROP VIEW public.author_named_again;
      DROP VIEW public.author_named;
      CREATE VIEW public.author_named AS SELECT name FROM public.author;
      CREATE VIEW public.author_named_again AS SELECT name FROM public.author_named;
      CREATE VIEW public.chain_1 AS SELECT name FROM public.author;
      CREATE VIEW public.chain_2 AS SELECT name FROM public.chain_1;
      CREATE VIEW public.chain_3 AS SELECT name FROM public.chain_2;
      CREATE FUNCTION public.names_in_chain() RETURNS SETOF text LANGUAGE sql STABLE
        BEGIN ATOMIC SELECT name FROM public.chain_2; END;`;
        const { revision } = await pair(base, mutation);
        // The view gaining a column at its end is replaced in place; the view reading it stays.
        const upgrade = revision.slice(0, revision.indexOf('downgrade('));
        expect(upgrade).toContain('op.replaceView(');
        expect(upgrade).not.toContain("name: 'author_named_again'");
      },
    );

    // Idea: migra, tests/FIXTURES/dependencies2 (a table in a named schema becomes a view of the same name over a new table, a view reading it)
    it('a table renamed and a view of its old name put in its place, under a view reading that name', async () => {
      const base = `
      CREATE SCHEMA store;
      CREATE TABLE store.item_rows (id uuid, label text);
      CREATE VIEW store.item AS SELECT * FROM store.item_rows;
      CREATE VIEW store.item_labels AS SELECT label FROM store.item;`;
      const mutation = `
      DROP VIEW store.item_labels;
      DROP VIEW store.item;
      ALTER TABLE store.item_rows RENAME TO item;
      CREATE VIEW store.item_labels AS SELECT label FROM store.item;`;
      const { revision } = await pair(base, mutation, ['--rename', 'store.item=item_rows']);
      expect(revision).toContain('op.renameTable(');
    });

    // Idea: migra, tests/FIXTURES/dependencies4 (a view grouping by the primary key alone, and a materialized view with a unique index over it)
    it('a view relying on a primary key for its GROUP BY, and a materialized view with a unique index over it', async () => {
      const base = `
      CREATE TABLE public.sale (id integer PRIMARY KEY, region text, amount integer);
      CREATE VIEW public.sale_top AS SELECT id, region, max(amount) AS top FROM public.sale GROUP BY id;
      CREATE MATERIALIZED VIEW public.sale_top_ids AS SELECT id FROM public.sale_top;
      CREATE UNIQUE INDEX sale_top_ids_id_idx ON public.sale_top_ids (id);`;
      const mutation = `
      DROP MATERIALIZED VIEW public.sale_top_ids;
      DROP VIEW public.sale_top;
      DROP TABLE public.sale;
      CREATE TABLE public.leftover (a integer);`;
      await pair(base, mutation);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/view_cases_test.go ("Recreate view due to dependent column changing")
    it('a view over a column dropped and another added in its place', async () => {
      const base = `
      CREATE TABLE public.member (id integer PRIMARY KEY, joined timestamp, nick varchar(255), state_now varchar(50));
      CREATE VIEW public.member_active AS SELECT id, nick, state_now AS state FROM public.member WHERE state_now = 'active';`;
      const mutation = `
      DROP VIEW public.member_active;
      ALTER TABLE public.member DROP COLUMN state_now, ADD COLUMN state_was varchar(50);
      CREATE VIEW public.member_active AS SELECT id, nick, state_was AS state FROM public.member WHERE state_was = 'active';`;
      await pair(base, mutation, ['--no-rename', 'member.state_was']);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/check_constraint_cases_test.go ("Add check constraint and change data type")
    it('a check added with a column type change, under a view filtering on the column', async () => {
      const base = `
      CREATE TABLE public.gadget (id integer PRIMARY KEY, size integer CONSTRAINT gadget_size_check CHECK (size > 0));
      CREATE VIEW public.big_gadget AS SELECT id, size FROM public.gadget WHERE size > 10;`;
      const mutation = `
      DROP VIEW public.big_gadget;
      ALTER TABLE public.gadget DROP CONSTRAINT gadget_size_check;
      ALTER TABLE public.gadget ALTER COLUMN size TYPE varchar(255) USING size::text;
      CREATE VIEW public.big_gadget AS SELECT id, size FROM public.gadget WHERE size > '10';`;
      await pair(base, mutation);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/function_cases_test.go ("Alter a function's dependencies")
    skipWhen(serverOlderThan(14), 'needs PostgreSQL 14: SQL-standard function bodies').it(
      'a function with a SQL-standard body switched to another callee, beside an overload of the one it keeps',
      async () => {
        const base = `
      CREATE FUNCTION public.plus(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURNS NULL ON NULL INPUT RETURN a + b;
      CREATE FUNCTION public.plus(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE RETURN a || b;
      CREATE FUNCTION public."step down"(i integer) RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN i - 1; END $$;
      CREATE FUNCTION public.combined(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE
        RETURN public.plus(a, b) + public."step down"(a);`;
        const mutation = `
      CREATE FUNCTION public."step up"(i integer) RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN i + 1; END $$;
      CREATE OR REPLACE FUNCTION public.combined(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE
        RETURN public.plus(a, b) + public."step up"(a);
      DROP FUNCTION public."step down"(integer);`;
        await pair(base, mutation);
      },
    );

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/enum_cases_test.go ("drop enum": a column moved off an enum type), here onto another enum, with an array of it and a domain over it
    it('columns moved from one enum type to another with the same labels, an array of it and a domain over it among them', async () => {
      const base = `
      CREATE TYPE public.a AS ENUM ('x', 'y');
      CREATE TYPE public.b AS ENUM ('x', 'y');
      CREATE DOMAIN public.a_dom AS public.a;
      CREATE DOMAIN public.b_dom AS public.b;
      CREATE TABLE public.t (id integer PRIMARY KEY, c public.a DEFAULT 'x', cs public.a[], d public.a_dom);
      INSERT INTO public.t VALUES (1, 'x', '{x,y}', 'y'), (2, 'y', '{}', NULL);`;
      const mutation = `
      ALTER TABLE public.t ALTER COLUMN c DROP DEFAULT;
      ALTER TABLE public.t ALTER COLUMN c TYPE public.b USING c::text::public.b, ALTER COLUMN c SET DEFAULT 'y';
      ALTER TABLE public.t ALTER COLUMN cs TYPE public.b[] USING cs::text::public.b[];
      ALTER TABLE public.t ALTER COLUMN d TYPE public.b_dom USING d::text::public.b_dom;`;
      const { revision } = await pair(base, mutation);
      expect(revision).toContain('throughText: true');
    });
  },
);

skipWhen(HEAVY_ON_PGLITE, 'slow on PGlite: runs there only with TEST_PGLITE_FULL=1').describe(
  'peer pairs: columns, sequences, triggers and policies',
  { timeout: SLOW },
  () => {
    // Idea: migra, tests/FIXTURES/identitycols (identity kinds swapped both ways, one identity dropped for a default, one added)
    it('identity kinds swapped both ways, an identity replaced by a default and a plain column made an identity', async () => {
      const base = `
      CREATE TABLE public.ticket (
        c integer GENERATED BY DEFAULT AS IDENTITY,
        d integer GENERATED BY DEFAULT AS IDENTITY,
        e integer GENERATED ALWAYS AS IDENTITY,
        f integer
      );`;
      const mutation = `
      ALTER TABLE public.ticket ALTER COLUMN c DROP IDENTITY, ALTER COLUMN c SET DEFAULT 77;
      ALTER TABLE public.ticket ALTER COLUMN d SET GENERATED ALWAYS, ALTER COLUMN e SET GENERATED BY DEFAULT;
      ALTER TABLE public.ticket ALTER COLUMN f SET NOT NULL, ALTER COLUMN f ADD GENERATED ALWAYS AS IDENTITY;`;
      await pair(base, mutation);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/column_cases_test.go ("Generated column with index"), its expression changed here
    it('a generated tsvector column with a GIN index over it, its expression changed', async () => {
      const base = `
      CREATE TABLE public.article (id serial PRIMARY KEY, title text NOT NULL, body text,
        search tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || coalesce(body, ''))) STORED);
      CREATE INDEX article_search_idx ON public.article USING gin (search);`;
      const mutation = `
      ALTER TABLE public.article DROP COLUMN search;
      ALTER TABLE public.article ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED;
      CREATE INDEX article_search_idx ON public.article USING gin (search);`;
      await pair(base, mutation);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/sequence_cases_test.go ("Alter ownership (from table to table)")
    it('a sequence with all its options moved to a column of a new table that defaults to it', async () => {
      const base = `
      CREATE SEQUENCE public.counter AS bigint INCREMENT BY 3 MINVALUE 7 MAXVALUE 700 START WITH 10 CACHE 4 CYCLE;
      CREATE TABLE public.first_owner (n bigint);
      CREATE TABLE public.second_owner (n bigint DEFAULT nextval('public.counter'));
      ALTER SEQUENCE public.counter OWNED BY public.second_owner.n;`;
      const mutation = `
      ALTER SEQUENCE public.counter OWNED BY public.first_owner.n;
      DROP TABLE public.second_owner;`;
      await pair(base, mutation);
    });

    // Idea: migra, tests/FIXTURES/triggers3 (an INSTEAD OF trigger on a view that gains a column in the middle)
    it('an INSTEAD OF trigger on a view that gains a column in the middle of its list', async () => {
      const base = `
      CREATE TABLE public.note (body text, n integer, at timestamp);
      CREATE VIEW public.note_entry AS SELECT body, at, n FROM public.note;
      CREATE FUNCTION public.note_entry_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO public.note (body) VALUES (NEW.body); RETURN NEW; END $$;
      CREATE TRIGGER note_entry_insert INSTEAD OF INSERT ON public.note_entry FOR EACH ROW EXECUTE FUNCTION public.note_entry_insert();`;
      const mutation = `
      DROP VIEW public.note_entry;
      ALTER TABLE public.note DROP COLUMN at;
      CREATE VIEW public.note_entry AS SELECT body, n FROM public.note;
      CREATE TRIGGER note_entry_insert INSTEAD OF INSERT ON public.note_entry FOR EACH ROW EXECUTE FUNCTION public.note_entry_insert();`;
      await pair(base, mutation);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/trigger_cases_test.go ("Change trigger function and drop old function")
    it('a trigger with a WHEN clause switched to another function, the old one dropped (quoted names)', async () => {
      const base = `
      CREATE TABLE public."page rev" (id integer PRIMARY KEY, body text NOT NULL DEFAULT '', rev integer NOT NULL DEFAULT 0);
      CREATE FUNCTION public."bump rev"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.rev := OLD.rev + 1; RETURN NEW; END $$;
      CREATE TRIGGER "rev on change" BEFORE UPDATE ON public."page rev"
        FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION public."bump rev"();`;
      const mutation = `
      CREATE FUNCTION public."keep rev"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.rev := OLD.rev; RETURN NEW; END $$;
      DROP TRIGGER "rev on change" ON public."page rev";
      CREATE TRIGGER "rev on change" BEFORE UPDATE ON public."page rev"
        FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION public."keep rev"();
      DROP FUNCTION public."bump rev"();`;
      await pair(base, mutation);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/policy_cases_test.go ("Alter policy that references deleted columns and new columns (non-public schema)")
    it('a policy in a named schema reading a column dropped and another added, with RLS on', async () => {
      const base = `
      CREATE SCHEMA vault;
      CREATE TABLE vault.secret (kind text NOT NULL, owner_tag text);
      ALTER TABLE vault.secret ENABLE ROW LEVEL SECURITY;
      CREATE POLICY secret_mine ON vault.secret FOR ALL TO PUBLIC
        USING (owner_tag = current_user AND kind = 'doc') WITH CHECK (owner_tag = current_user);`;
      const mutation = `
      DROP POLICY secret_mine ON vault.secret;
      ALTER TABLE vault.secret DROP COLUMN owner_tag, ADD COLUMN owner_name text, ALTER COLUMN kind DROP NOT NULL;
      CREATE POLICY secret_mine ON vault.secret FOR ALL TO PUBLIC
        USING (owner_name = current_user AND kind = 'doc') WITH CHECK (owner_name = current_user);`;
      await pair(base, mutation, ['--no-rename', 'vault.secret.owner_name']);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/sequence_cases_test.go ("Alter ownership (from none to table)"), the column defaulting to the sequence
    it('a sequence a column defaults to made owned by that column, so that the column reads as serial', async () => {
      const base = `
      CREATE SEQUENCE public.t_id_seq AS integer;
      CREATE TABLE public.t (id integer NOT NULL DEFAULT nextval('public.t_id_seq'));`;
      const mutation = `
      ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;`;
      const { revision, printed } = await pair(base, mutation);
      expect(revision).not.toContain('op.createSequence(');
      expect(revision).toContain('op.alterSequence(');
      expect(`${printed.first}${printed.again}`).not.toContain('not written');
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/sequence_cases_test.go ("Alter ownership (from table to none)" with "Alter data type"), on a serial column
    it("a serial column's sequence made bigint and owned by no one", async () => {
      const base = `
      CREATE TABLE public.r (id serial PRIMARY KEY, label text);
      INSERT INTO public.r (label) VALUES ('one'), ('two');`;
      const mutation = `
      ALTER SEQUENCE public.r_id_seq AS bigint OWNED BY NONE;`;
      const { revision, printed, url } = await pair(base, mutation);
      expect(revision).not.toContain('op.dropSequence(');
      expect(`${printed.first}${printed.again}`).not.toContain('not written');
      // The sequence kept its position through the upgrade, the downgrade and the upgrade again.
      expect(await queryRows(url, "SELECT nextval('public.r_id_seq')::integer AS next")).toEqual([{ next: 3 }]);
    });
  },
);

skipWhen(HEAVY_ON_PGLITE, 'slow on PGlite: runs there only with TEST_PGLITE_FULL=1').describe(
  'peer pairs: partitions and foreign keys',
  { timeout: SLOW },
  () => {
    // Idea: migra, tests/FIXTURES/partitioning (a column and a partition added, a partition detached, tables made partitioned and plain)
    it('a partitioned table gains a column and a partition and loses one to a plain table; two tables change partitioning', async () => {
      const base = `
      CREATE TABLE public.measure (city integer NOT NULL, day date NOT NULL, peak integer, note text) PARTITION BY RANGE (day);
      CREATE TABLE public.measure_2005_02 PARTITION OF public.measure FOR VALUES FROM ('2005-02-01') TO ('2005-03-01');
      CREATE TABLE public.measure_2006_02 PARTITION OF public.measure FOR VALUES FROM ('2006-02-01') TO ('2006-03-01');
      CREATE TABLE public.measure_2006_03 (city integer NOT NULL, day date NOT NULL, peak integer);
      CREATE TABLE public.now_partitioned (city integer NOT NULL, day date NOT NULL) PARTITION BY RANGE (day);
      CREATE TABLE public.now_plain (city integer NOT NULL, day date NOT NULL);`;
      const mutation = `
      ALTER TABLE public.measure DROP COLUMN note;
      DROP TABLE public.measure_2005_02;
      ALTER TABLE public.measure ATTACH PARTITION public.measure_2006_03 FOR VALUES FROM ('2006-03-01') TO ('2006-04-01');
      CREATE INDEX measure_2006_02_day_idx ON public.measure_2006_02 (day);
      DROP TABLE public.now_partitioned;
      CREATE TABLE public.now_partitioned (city integer NOT NULL, day date NOT NULL);
      DROP TABLE public.now_plain;
      CREATE TABLE public.now_plain (city integer NOT NULL, day date NOT NULL) PARTITION BY RANGE (day);`;
      await pair(base, mutation);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/local_partition_index_cases_test.go ("Switch partitioned index to local index")
    it("a partitioned index replaced by a partition's own index under the name of the copy it had", async () => {
      const base = `
      CREATE TABLE public.reading (id integer, site varchar(40), raw bytea) PARTITION BY LIST (site);
      CREATE TABLE public.reading_north PARTITION OF public.reading FOR VALUES IN ('north');
      CREATE TABLE public.reading_south PARTITION OF public.reading FOR VALUES IN ('south');
      CREATE INDEX reading_north_site_id_idx ON public.reading_north (site, id);`;
      const mutation = `
      DROP INDEX public.reading_north_site_id_idx;
      CREATE INDEX reading_site_id_idx ON public.reading (site, id);`;
      await pair(base, mutation);
    });

    // Idea: pg-schema-diff, internal/migration_acceptance_tests/foreign_key_constraint_cases_test.go ("Switch FK owning table (analog tables in different schemas stay same)")
    it('a foreign key moved to a partitioned table, while its namesake in another schema follows a wider primary key', async () => {
      const base = `
      CREATE TABLE public.vendor (id integer PRIMARY KEY);
      CREATE TABLE public."vendor ref" (vendor_id integer);
      CREATE TABLE public."vendor ref parted" (region varchar(20), vendor_id integer) PARTITION BY LIST (region);
      CREATE TABLE public.vendor_ref_east PARTITION OF public."vendor ref parted" FOR VALUES IN ('east');
      CREATE TABLE public.vendor_ref_west PARTITION OF public."vendor ref parted" FOR VALUES IN ('west');
      ALTER TABLE public."vendor ref parted" ADD CONSTRAINT vendor_fk FOREIGN KEY (vendor_id) REFERENCES public.vendor (id);
      CREATE SCHEMA ledger;
      CREATE TABLE ledger.vendor (id text, branch text, PRIMARY KEY (id, branch));
      CREATE TABLE ledger."vendor ref" (vendor_id text, vendor_branch text);
      ALTER TABLE ledger."vendor ref" ADD CONSTRAINT vendor_fk FOREIGN KEY (vendor_id, vendor_branch) REFERENCES ledger.vendor (id, branch);`;
      const mutation = `
      ALTER TABLE public."vendor ref parted" DROP CONSTRAINT vendor_fk;
      ALTER TABLE public."vendor ref" ADD CONSTRAINT vendor_fk FOREIGN KEY (vendor_id) REFERENCES public.vendor (id);
      ALTER TABLE ledger."vendor ref" DROP CONSTRAINT vendor_fk, DROP COLUMN vendor_branch;
      ALTER TABLE ledger.vendor DROP CONSTRAINT vendor_pkey, DROP COLUMN branch;
      ALTER TABLE ledger.vendor ADD CONSTRAINT vendor_pkey PRIMARY KEY (id);
      ALTER TABLE ledger."vendor ref" ADD CONSTRAINT vendor_fk FOREIGN KEY (vendor_id) REFERENCES ledger.vendor (id);`;
      await pair(base, mutation);
    });
  },
);
