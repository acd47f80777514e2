import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';
import { tempProject, type TempProject } from '../helpers/project.js';

/**
 * Single changes to partitioned tables and partitions: autogenerate from the pulled base undoes each,
 * the downgrade re-applies it, and nothing is left to generate afterwards
 * (see test/helpers/mutation.ts).
 */

const PARTITION_BASE = `
CREATE TABLE public.customer (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.event (
  id bigint NOT NULL,
  customer_id integer NOT NULL REFERENCES public.customer (id),
  kind text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (at, id)
) PARTITION BY RANGE (at);
CREATE INDEX event_kind_idx ON public.event (kind);
CREATE TABLE public.event_2024 PARTITION OF public.event FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE TABLE public.event_2025 PARTITION OF public.event FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
CREATE TABLE public.event_other PARTITION OF public.event DEFAULT;
CREATE INDEX event_2025_customer_idx ON public.event_2025 (customer_id);
CREATE TABLE public.region_sale (region text NOT NULL, amount numeric(10,2)) PARTITION BY LIST (region);
CREATE TABLE public.region_sale_eu PARTITION OF public.region_sale FOR VALUES IN ('de', 'fr');
CREATE TABLE public.bucket (id integer NOT NULL) PARTITION BY HASH (id);
CREATE TABLE public.bucket_0 PARTITION OF public.bucket FOR VALUES WITH (modulus 2, remainder 0);
CREATE TABLE public.bucket_1 PARTITION OF public.bucket FOR VALUES WITH (modulus 2, remainder 1);`;

// Each mutation runs the CLI eight times; PGlite on a busy machine needs more than the default minute.
describe('mutations: partitioned tables and partitions', { timeout: 240_000 }, () => {
  it('a range partition added', async () => {
    const mutation = `CREATE TABLE public.event_2026 PARTITION OF public.event
      FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');`;
    const { revision } = await runMutation({ base: PARTITION_BASE, mutation });
    expect(revision).toContain('op.dropTable(');
  });

  it('a partition dropped', async () => {
    await runMutation({ base: PARTITION_BASE, mutation: 'DROP TABLE public.event_2025;' });
  });

  it('the default partition dropped', async () => {
    await runMutation({ base: PARTITION_BASE, mutation: 'DROP TABLE public.event_other;' });
  });

  it('a partition added to a table a foreign key references: detached, then dropped', async () => {
    const base = `${PARTITION_BASE}
      CREATE TABLE public.sale_note (region text NOT NULL, amount numeric(10,2));
      CREATE UNIQUE INDEX region_sale_key ON public.region_sale (region, amount);
      ALTER TABLE public.sale_note ADD FOREIGN KEY (region, amount) REFERENCES public.region_sale (region, amount);`;
    const mutation = "CREATE TABLE public.region_sale_us PARTITION OF public.region_sale FOR VALUES IN ('us');";
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.dropTable(');
  });

  it('a partition detached', async () => {
    const { revision } = await runMutation({
      base: PARTITION_BASE,
      mutation: 'ALTER TABLE public.event DETACH PARTITION public.event_2024;',
    });
    expect(revision).toContain('op.attachPartition(');
  });

  it('a standalone table attached as a partition', async () => {
    const base = `${PARTITION_BASE}
      CREATE TABLE public.region_sale_us (region text NOT NULL, amount numeric(10,2));`;
    const mutation = `ALTER TABLE public.region_sale ATTACH PARTITION public.region_sale_us FOR VALUES IN ('us');`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.detachPartition(');
  });

  it('a partition bound changed', async () => {
    const mutation = `
      ALTER TABLE public.region_sale DETACH PARTITION public.region_sale_eu;
      ALTER TABLE public.region_sale ATTACH PARTITION public.region_sale_eu FOR VALUES IN ('de', 'fr', 'it');`;
    await runMutation({ base: PARTITION_BASE, mutation });
  });

  it('an index on one partition added', async () => {
    await runMutation({
      base: PARTITION_BASE,
      mutation: 'CREATE INDEX event_2024_customer_idx ON public.event_2024 (customer_id);',
    });
  });

  it('an index on the partitioned parent added', async () => {
    // Not on (customer_id): event_2025 has an index on it, which the parent's would adopt, name and all,
    // and a partition's index attached to its parent's is not part of the model.
    await runMutation({ base: PARTITION_BASE, mutation: 'CREATE INDEX event_kind_at_idx ON public.event (kind, at);' });
  });

  it('a column added to the partitioned parent', async () => {
    await runMutation({ base: PARTITION_BASE, mutation: 'ALTER TABLE public.event ADD COLUMN source text;' });
  });

  it('a partitioned table with its partitions dropped', async () => {
    await runMutation({ base: PARTITION_BASE, mutation: 'DROP TABLE public.bucket;' });
  });

  it('a foreign key on one partition added', async () => {
    await runMutation({
      base: PARTITION_BASE,
      mutation:
        'ALTER TABLE public.event_2024 ADD CONSTRAINT event_2024_customer_fkey2 FOREIGN KEY (customer_id) REFERENCES public.customer (id);',
    });
  });

  it('a list partition added with a check of its own, itself partitioned by hash', async () => {
    const mutation = `
      CREATE TABLE public.region_sale_us PARTITION OF public.region_sale (CONSTRAINT us_positive CHECK (amount > 0))
        FOR VALUES IN ('us') PARTITION BY HASH (amount);
      CREATE TABLE public.region_sale_us_0 PARTITION OF public.region_sale_us FOR VALUES WITH (modulus 1, remainder 0);`;
    await runMutation({ base: PARTITION_BASE, mutation });
  });
});

const CLONE_BASE = `
CREATE TABLE public.c (id integer PRIMARY KEY);
CREATE TABLE public.ev (
  id integer NOT NULL,
  at date NOT NULL,
  code text,
  cid integer REFERENCES public.c (id),
  note character varying(20),
  PRIMARY KEY (id, at),
  UNIQUE (code, at),
  CHECK (id > 0)
) PARTITION BY RANGE (at);
CREATE INDEX ev_code_idx ON public.ev (code);
CREATE INDEX ev_lower_idx ON public.ev (lower(code));
CREATE TABLE public.ev_2020 PARTITION OF public.ev FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE public.ev_2021 (id integer NOT NULL, at date NOT NULL, code text, cid integer, note character varying(20));
INSERT INTO public.c VALUES (1);
INSERT INTO public.ev VALUES (1, '2020-05-01', 'a', 1, 'x');
INSERT INTO public.ev_2021 VALUES (2, '2021-05-01', 'b', 1, 'y');`;

describe('mutations: what attaching and detaching a partition leaves', { timeout: 240_000 }, () => {
  it('a plain table attached: the keys, check, foreign key and indexes Postgres cloned onto it go after the detach', async () => {
    const mutation = `
      ALTER TABLE public.ev_2021 ADD CONSTRAINT ev_id_check CHECK (id > 0);
      ALTER TABLE public.ev ATTACH PARTITION public.ev_2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');`;
    const { revision } = await runMutation({ base: CLONE_BASE, mutation });
    expect(revision).toContain('op.detachPartition(');
    for (const name of [
      'ev_2021_pkey',
      'ev_2021_code_at_key',
      'ev_id_check',
      'ev_cid_fkey',
      'ev_2021_code_idx',
      'ev_2021_lower_idx',
    ]) {
      expect(revision).toContain(`name: '${name}'`);
    }
  });

  it('a partition detached that has a column of its own: the column is dropped before the attach', async () => {
    const mutation = `
      ALTER TABLE public.ev DETACH PARTITION public.ev_2020;
      ALTER TABLE public.ev_2020 ADD COLUMN extra text;`;
    const { revision } = await runMutation({ base: CLONE_BASE, mutation });
    expect(revision).toContain('// DESTRUCTIVE: drop column public.ev_2020.extra');
    expect(revision.indexOf('op.dropColumn(')).toBeLessThan(revision.indexOf('op.attachPartition('));
  });

  it('a partition detached whose column has another type, that lacks a column and a foreign key of the parent', async () => {
    // The missing column is the last one: a column added before the attach comes last.
    const mutation = `
      ALTER TABLE public.ev DETACH PARTITION public.ev_2020;
      ALTER TABLE public.ev_2020 ALTER COLUMN code TYPE character varying(10);
      ALTER TABLE public.ev_2020 DROP CONSTRAINT ev_cid_fkey;
      ALTER TABLE public.ev_2020 DROP COLUMN note;`;
    const { revision } = await runMutation({ base: CLONE_BASE, mutation });
    expect(revision).toContain('op.alterColumn(');
    expect(revision).toContain('op.addColumn(');
    expect(revision).toContain("name: 'ev_cid_fkey'");
  });

  it('a partition key column retyped: the table is rebuilt with its rows', async () => {
    const base = `
      CREATE TABLE public.m (k integer NOT NULL, v text) PARTITION BY RANGE (k);
      CREATE TABLE public.m_low PARTITION OF public.m FOR VALUES FROM (0) TO (100);
      CREATE TABLE public.m_high PARTITION OF public.m FOR VALUES FROM (100) TO (1000);
      INSERT INTO public.m VALUES (1, 'a'), (150, 'b');`;
    const mutation = `
      CREATE TEMP TABLE m_keep AS SELECT * FROM public.m;
      DROP TABLE public.m;
      CREATE TABLE public.m (k bigint NOT NULL, v text) PARTITION BY RANGE (k);
      CREATE TABLE public.m_low PARTITION OF public.m FOR VALUES FROM (0) TO (100);
      CREATE TABLE public.m_high PARTITION OF public.m FOR VALUES FROM (100) TO (1000);
      INSERT INTO public.m SELECT * FROM m_keep;`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain('await op.stashRows(');
    const url = projectUrl(project);
    expect(await queryRows(url, 'SELECT k, v FROM public.m_high')).toEqual([{ k: 150, v: 'b' }]);
  });

  it('a column retyped that the key of a partition under the table uses: the whole tree is rebuilt', async () => {
    const tree = (type: string): string => `
      CREATE TABLE public.m (at date NOT NULL, k ${type} NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE public.m_2024 PARTITION OF public.m DEFAULT PARTITION BY LIST (k);
      CREATE TABLE public.m_2024_1 PARTITION OF public.m_2024 FOR VALUES IN (1);`;
    const mutation = `
      CREATE TEMP TABLE m_keep AS SELECT * FROM public.m;
      DROP TABLE public.m;
      ${tree('bigint')}
      INSERT INTO public.m SELECT * FROM m_keep;`;
    const { project } = await runMutation({
      base: `${tree('integer')} INSERT INTO public.m VALUES ('2024-02-01', 1);`,
      mutation,
    });
    expect(await queryRows(projectUrl(project), 'SELECT k FROM public.m_2024_1')).toEqual([{ k: 1 }]);
  });

  it('a column retyped that the partition key only seems to name (a field of EXTRACT): altered in place', async () => {
    const base = `
      CREATE TABLE public.m (at date NOT NULL, year integer) PARTITION BY RANGE (EXTRACT(year FROM at));
      CREATE TABLE public.m_2024 PARTITION OF public.m FOR VALUES FROM (2024) TO (2025);
      INSERT INTO public.m VALUES ('2024-02-01', 7);`;
    const mutation = 'ALTER TABLE public.m ALTER COLUMN year TYPE bigint;';
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).not.toContain('await op.stashRows(');
    expect(revision).toContain('await op.alterColumn(');
    expect(await queryRows(projectUrl(project), 'SELECT year FROM public.m_2024')).toEqual([{ year: 7 }]);
  });

  it("a column added to a parent with an index on one partition, the partition's name sorting after the parent's", async () => {
    const mutation = `
      ALTER TABLE public.ev ADD COLUMN x integer;
      CREATE INDEX ev_2020_x_idx ON public.ev_2020 (x);`;
    await runMutation({ base: CLONE_BASE, mutation });
  });

  it("a parent's default and a partition's own, the partition's name sorting first", async () => {
    const base = `
      CREATE TABLE public.orders (at date NOT NULL, note text DEFAULT 'a') PARTITION BY RANGE (at);
      CREATE TABLE public.a_orders_2024 PARTITION OF public.orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      ALTER TABLE public.a_orders_2024 ALTER COLUMN note SET DEFAULT 'own';`;
    await runMutation({ base, mutation: "ALTER TABLE public.orders ALTER COLUMN note SET DEFAULT 'b';" });
  });

  it("a column added to a parent with a partition's own default: the downgrade gives the partition its default back", async () => {
    const base = `
      CREATE TABLE public.notes (id integer NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
      CREATE TABLE public.epic_notes PARTITION OF public.notes FOR VALUES IN ('epic');
      CREATE TABLE public.issue_notes PARTITION OF public.notes FOR VALUES IN ('issue');`;
    const mutation = `
      ALTER TABLE public.notes ADD COLUMN flag boolean DEFAULT false;
      ALTER TABLE public.epic_notes ALTER COLUMN flag SET DEFAULT true;`;
    await runMutation({ base, mutation });
  });

  it("a partition's serial default dropped, or set where the model drops it: the parent's nextval() given back or taken", async () => {
    const base = `
      CREATE TABLE public.ev (id serial, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE public.ev_2024 PARTITION OF public.ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE public.ev_2025 PARTITION OF public.ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      ALTER TABLE public.ev_2025 ALTER COLUMN id DROP DEFAULT;`;
    const mutation = `
      ALTER TABLE public.ev_2024 ALTER COLUMN id DROP DEFAULT;
      ALTER TABLE public.ev_2025 ALTER COLUMN id SET DEFAULT nextval('public.ev_id_seq'::regclass);`;
    await runMutation({ base, mutation });
  });

  it('a partition of a serial parent detached, and the parent dropped: the parent made first, its nextval() set before the attach', async () => {
    const base = `
      CREATE TABLE public.ev (id serial, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE public.ev_2024 PARTITION OF public.ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      INSERT INTO public.ev (at) VALUES ('2024-05-01');`;
    const { url } = await runMutation({
      base,
      mutation: `
        ALTER TABLE public.ev DETACH PARTITION public.ev_2024;
        ALTER TABLE public.ev_2024 ALTER COLUMN id DROP DEFAULT;
        DROP TABLE public.ev;`,
    });
    expect(await queryRows(url, 'SELECT id FROM public.ev')).toEqual([{ id: 1 }]);
  });

  it('a plain table attached to a serial parent, without its default', async () => {
    const base = `
      CREATE TABLE public.ev (id serial, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE public.ev_2024 (id integer NOT NULL, at date NOT NULL);`;
    const mutation = `ALTER TABLE public.ev ATTACH PARTITION public.ev_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`;
    await runMutation({ base, mutation });
  });

  it('a column added to a parent with own defaults and NOT NULL two levels down: the downgrade gives each back', async () => {
    const base = `
      CREATE TABLE public.notes (id integer NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
      CREATE TABLE public.epic_notes PARTITION OF public.notes FOR VALUES IN ('epic') PARTITION BY HASH (id);
      CREATE TABLE public.epic_notes_0 PARTITION OF public.epic_notes FOR VALUES WITH (modulus 2, remainder 0);
      CREATE TABLE public.epic_notes_1 PARTITION OF public.epic_notes FOR VALUES WITH (modulus 2, remainder 1);
      CREATE TABLE public.issue_notes PARTITION OF public.notes FOR VALUES IN ('issue');`;
    const mutation = `
      ALTER TABLE public.notes ADD COLUMN rank integer DEFAULT 1;
      ALTER TABLE public.epic_notes ALTER COLUMN rank SET DEFAULT 2;
      ALTER TABLE public.epic_notes_1 ALTER COLUMN rank SET DEFAULT 3;
      ALTER TABLE public.epic_notes_1 ALTER COLUMN rank SET NOT NULL;
      ALTER TABLE public.issue_notes ALTER COLUMN rank DROP DEFAULT;`;
    await runMutation({ base, mutation });
  });
});

/** The url of the project's database, as its config names it. */
function projectUrl(project: TempProject): string {
  const match = /url: ("[^"]*")/.exec(project.read('migrate.config.ts'));
  if (match === null) throw new Error('the project config names no url');
  return JSON.parse(match[1] as string) as string;
}

const READING_BASE = `
CREATE TABLE public.customer (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.reading (
  id integer GENERATED ALWAYS AS IDENTITY,
  customer_id integer NOT NULL REFERENCES public.customer (id),
  at date NOT NULL,
  value numeric(10,2),
  PRIMARY KEY (at, id)
) PARTITION BY RANGE (at);
CREATE TABLE public.reading_2024 PARTITION OF public.reading FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.reading_2025 PARTITION OF public.reading FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.reading_note (
  reading_at date NOT NULL,
  reading_id integer NOT NULL,
  body text,
  CONSTRAINT reading_note_reading_fkey FOREIGN KEY (reading_at, reading_id) REFERENCES public.reading (at, id)
);
CREATE VIEW public.reading_total AS SELECT customer_id, sum(value) AS total FROM public.reading GROUP BY customer_id;
COMMENT ON TABLE public.reading IS 'meter readings';
INSERT INTO public.customer VALUES (1, 'ada'), (2, 'bob');
INSERT INTO public.reading (customer_id, at, value) VALUES
  (1, '2024-03-01', 1.50), (2, '2024-07-01', 2.25), (1, '2025-02-01', 3.00), (2, '2025-09-30', 4.75);
INSERT INTO public.reading_note VALUES ('2024-07-01', 2, 'checked');`;

/** The same table, partitioned by id instead, with partitions of the same names; rows and dependents kept. */
const READING_BY_ID = `
CREATE TEMP TABLE reading_keep AS SELECT * FROM public.reading;
DROP VIEW public.reading_total;
ALTER TABLE public.reading_note DROP CONSTRAINT reading_note_reading_fkey;
DROP TABLE public.reading;
CREATE TABLE public.reading (
  id integer GENERATED ALWAYS AS IDENTITY,
  customer_id integer NOT NULL REFERENCES public.customer (id),
  at date NOT NULL,
  value numeric(10,2),
  PRIMARY KEY (at, id)
) PARTITION BY RANGE (id);
CREATE TABLE public.reading_2024 PARTITION OF public.reading FOR VALUES FROM (1) TO (3);
CREATE TABLE public.reading_2025 PARTITION OF public.reading FOR VALUES FROM (3) TO (1000);
INSERT INTO public.reading OVERRIDING SYSTEM VALUE SELECT * FROM reading_keep;
SELECT setval(pg_get_serial_sequence('public.reading', 'id'), 4);
ALTER TABLE public.reading_note ADD CONSTRAINT reading_note_reading_fkey FOREIGN KEY (reading_at, reading_id) REFERENCES public.reading (at, id);
CREATE VIEW public.reading_total AS SELECT customer_id, sum(value) AS total FROM public.reading GROUP BY customer_id;
COMMENT ON TABLE public.reading IS 'meter readings';`;

const READINGS = [
  { id: 1, customer_id: 1, at: '2024-03-01', value: '1.50' },
  { id: 2, customer_id: 2, at: '2024-07-01', value: '2.25' },
  { id: 3, customer_id: 1, at: '2025-02-01', value: '3.00' },
  { id: 4, customer_id: 2, at: '2025-09-30', value: '4.75' },
];

async function readings(url: string, table = 'public.reading'): Promise<Record<string, unknown>[]> {
  return queryRows(
    url,
    `SELECT id, customer_id, to_char(at, 'YYYY-MM-DD') AS at, value::text AS value FROM ${table} ORDER BY id`,
  );
}

/** What the sale table has on both sides besides its rows. */
const SALE_EXTRAS = `
  CREATE TRIGGER sale_positive BEFORE INSERT OR UPDATE ON public.sale FOR EACH ROW EXECUTE FUNCTION public.sale_positive();
  ALTER TABLE public.sale ENABLE ROW LEVEL SECURITY;
  CREATE POLICY sale_eu ON public.sale FOR SELECT USING (region <> 'us');`;

describe('mutations: a table whose partitioning changes is rebuilt with its rows', { timeout: 240_000 }, () => {
  it('a range partition key changed, with rows in each partition, a foreign key to it and a view on it', async () => {
    const { revision, project } = await runMutation({ base: READING_BASE, mutation: READING_BY_ID });
    expect(revision).toContain('// public.reading is rebuilt: PARTITION BY RANGE (id) -> PARTITION BY RANGE (at)');
    expect(revision).toContain('await op.stashRows(');
    expect(revision).toContain('await op.restoreRows(');
    expect(revision).toContain(
      '// DESTRUCTIVE: drop table public.reading to rebuild it (its rows are kept in public.reading__athanor_stash)',
    );
    const url = projectUrl(project);
    expect(await readings(url)).toEqual(READINGS);
    // Routed by the base's key: the 2025 rows are in reading_2025 again.
    expect(await readings(url, 'public.reading_2025')).toEqual(READINGS.slice(2));
    expect(await queryRows(url, 'SELECT body FROM public.reading_note')).toEqual([{ body: 'checked' }]);
    // The identity sequence created with the table goes on after the restored rows.
    await runSql(url, "INSERT INTO public.reading (customer_id, at, value) VALUES (1, '2024-12-31', 5)");
    expect(await queryRows(url, "SELECT id FROM public.reading WHERE at = '2024-12-31'")).toEqual([{ id: 5 }]);
  });

  it('a plain table with rows partitioned, with a sequence it owns', async () => {
    const base = `
      CREATE SEQUENCE public.visit_code START 100;
      CREATE TABLE public.visit (id serial PRIMARY KEY, region text NOT NULL, note text, code bigint NOT NULL DEFAULT nextval('public.visit_code'));
      ALTER SEQUENCE public.visit_code OWNED BY public.visit.code;
      INSERT INTO public.visit (region, note) VALUES ('eu', 'a'), ('us', 'b'), ('eu', 'c');`;
    const mutation = `
      CREATE TEMP TABLE visit_keep AS SELECT * FROM public.visit;
      ALTER SEQUENCE public.visit_code OWNED BY NONE;
      DROP TABLE public.visit;
      CREATE TABLE public.visit (
        id serial, region text NOT NULL, note text, code bigint NOT NULL DEFAULT nextval('public.visit_code'), PRIMARY KEY (id, region)
      ) PARTITION BY LIST (region);
      ALTER SEQUENCE public.visit_code OWNED BY public.visit.code;
      CREATE TABLE public.visit_eu PARTITION OF public.visit FOR VALUES IN ('eu');
      CREATE TABLE public.visit_rest PARTITION OF public.visit DEFAULT;
      INSERT INTO public.visit SELECT * FROM visit_keep;
      SELECT setval(pg_get_serial_sequence('public.visit', 'id'), 3);`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain('// public.visit is rebuilt: PARTITION BY LIST (region) -> not partitioned');
    const url = projectUrl(project);
    const rows = [
      { id: 1, region: 'eu', note: 'a', code: '100' },
      { id: 2, region: 'us', note: 'b', code: '101' },
      { id: 3, region: 'eu', note: 'c', code: '102' },
    ];
    expect(await queryRows(url, 'SELECT id, region, note, code::text AS code FROM public.visit ORDER BY id')).toEqual(
      rows,
    );
    // The serial sequence created with the table goes on after the restored rows; the owned one keeps its position.
    expect(
      await queryRows(url, "INSERT INTO public.visit (region) VALUES ('us') RETURNING id, code::text AS code"),
    ).toEqual([{ id: 4, code: '103' }]);
  });

  it('a partitioned table with rows, a trigger and a policy made plain', async () => {
    const base = `
      CREATE TABLE public.sale (id bigint NOT NULL, region text NOT NULL, amount numeric(10,2)) PARTITION BY LIST (region);
      CREATE TABLE public.sale_eu PARTITION OF public.sale FOR VALUES IN ('de', 'fr');
      CREATE TABLE public.sale_us PARTITION OF public.sale FOR VALUES IN ('us');
      CREATE FUNCTION public.sale_positive() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.amount < 0 THEN RAISE EXCEPTION 'negative'; END IF; RETURN NEW; END $$;
      ${SALE_EXTRAS}
      INSERT INTO public.sale VALUES (1, 'de', 10), (2, 'us', 20), (3, 'fr', 30);`;
    const mutation = `
      CREATE TEMP TABLE sale_keep AS SELECT * FROM public.sale;
      DROP TABLE public.sale;
      CREATE TABLE public.sale (id bigint NOT NULL, region text NOT NULL, amount numeric(10,2));
      INSERT INTO public.sale SELECT * FROM sale_keep;
      ${SALE_EXTRAS}`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain('// public.sale is rebuilt: not partitioned -> PARTITION BY LIST (region)');
    const url = projectUrl(project);
    const rows = [
      { id: '1', region: 'de', amount: '10.00' },
      { id: '2', region: 'us', amount: '20.00' },
      { id: '3', region: 'fr', amount: '30.00' },
    ];
    expect(
      await queryRows(url, 'SELECT id::text AS id, region, amount::text AS amount FROM public.sale ORDER BY id'),
    ).toEqual(rows);
    expect(await queryRows(url, 'SELECT id::text AS id FROM public.sale_eu ORDER BY id')).toEqual([
      { id: '1' },
      { id: '3' },
    ]);
    expect(revision).toContain('await op.createTrigger(');
    expect(revision).toContain('await op.createPolicy(');
    await expect(runSql(url, "INSERT INTO public.sale VALUES (4, 'de', -1)")).rejects.toThrow(/negative/);
  });

  it('a partitioned table made plain while a value is added to the enum of its partition key', async () => {
    const base = `
      CREATE TYPE public.mood AS ENUM ('ok', 'meh');
      CREATE TABLE public.feel (id integer NOT NULL, m public.mood NOT NULL, ms public.mood[]) PARTITION BY LIST (m);
      CREATE TABLE public.feel_ok PARTITION OF public.feel FOR VALUES IN ('ok');
      CREATE TABLE public.feel_meh PARTITION OF public.feel FOR VALUES IN ('meh');
      INSERT INTO public.feel VALUES (1, 'ok', '{meh}'), (2, 'meh', NULL), (3, 'ok', '{ok,meh}');`;
    const mutation = `
      CREATE TEMP TABLE feel_keep AS SELECT id, m::text AS m, ms::text[] AS ms FROM public.feel;
      DROP TABLE public.feel;
      ALTER TYPE public.mood RENAME TO mood_before;
      CREATE TYPE public.mood AS ENUM ('ok', 'great', 'meh');
      CREATE TABLE public.feel (id integer NOT NULL, m public.mood NOT NULL, ms public.mood[]);
      INSERT INTO public.feel SELECT id, m::public.mood, ms::public.mood[] FROM feel_keep;
      DROP TYPE public.mood_before;`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain('await op.replaceEnum(');
    expect(revision).toContain('asText: [');
    const url = projectUrl(project);
    const rows = [
      { id: 1, m: 'ok', ms: '{meh}' },
      { id: 2, m: 'meh', ms: null },
      { id: 3, m: 'ok', ms: '{ok,meh}' },
    ];
    expect(await queryRows(url, 'SELECT id, m::text AS m, ms::text AS ms FROM public.feel ORDER BY id')).toEqual(rows);
    expect(await queryRows(url, 'SELECT id FROM public.feel_meh')).toEqual([{ id: 2 }]);
  });

  it("a hash-partitioned table made plain while its column's domain changes base type", async () => {
    const base = `
      CREATE DOMAIN public.qty AS integer CHECK (VALUE >= 0);
      CREATE TABLE public.stock (id integer NOT NULL, n public.qty) PARTITION BY HASH (id);
      CREATE TABLE public.stock_0 PARTITION OF public.stock FOR VALUES WITH (modulus 2, remainder 0);
      CREATE TABLE public.stock_1 PARTITION OF public.stock FOR VALUES WITH (modulus 2, remainder 1);
      INSERT INTO public.stock VALUES (1, 10), (2, 20), (3, NULL);`;
    const mutation = `
      CREATE TEMP TABLE stock_keep AS SELECT id, n::integer AS n FROM public.stock;
      DROP TABLE public.stock;
      DROP DOMAIN public.qty;
      CREATE DOMAIN public.qty AS bigint CHECK (VALUE >= 0);
      CREATE TABLE public.stock (id integer NOT NULL, n public.qty);
      INSERT INTO public.stock SELECT id, n FROM stock_keep;`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain('await op.replaceDomain(');
    const url = projectUrl(project);
    const rows = [
      { id: 1, n: 10 },
      { id: 2, n: 20 },
      { id: 3, n: null },
    ];
    expect(await queryRows(url, 'SELECT id, n FROM public.stock ORDER BY id')).toEqual(rows);
  });

  it('a row that no new partition accepts makes the upgrade fail and roll back, the rows kept', async () => {
    const model = await createTestDatabase('athanor_mut_model');
    const live = await createTestDatabase('athanor_mut_live');
    await runSql(
      model.url,
      `
      CREATE TABLE public.sale (id bigint NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
      CREATE TABLE public.sale_eu PARTITION OF public.sale FOR VALUES IN ('de', 'fr');`,
    );
    await runSql(
      live.url,
      `
      CREATE TABLE public.sale (id bigint NOT NULL, region text NOT NULL);
      INSERT INTO public.sale VALUES (1, 'de'), (2, 'us');`,
    );
    const fromModel = tempProject(model.url);
    expect((await fromModel.migrate('pull')).code).toBe(0);
    const project = tempProject(live.url);
    project.write('models.ts', fromModel.read('models.ts'));
    expect((await project.migrate('revision', '--autogenerate', '-m', 'partition sales')).code).toBe(0);
    const upgrade = await project.migrate('upgrade', 'head');
    expect(upgrade.code).toBe(2);
    expect(upgrade.stderr).toContain('no partition of relation "sale" found for row');
    expect(upgrade.stderr).toContain('INSERT INTO "public"."sale"');
    expect(await queryRows(live.url, 'SELECT id::text AS id, region FROM public.sale ORDER BY id')).toEqual([
      { id: '1', region: 'de' },
      { id: '2', region: 'us' },
    ]);
    const kind = await queryRows(
      live.url,
      "SELECT relkind::text AS kind FROM pg_class WHERE oid = 'public.sale'::regclass",
    );
    expect(kind).toEqual([{ kind: 'r' }]);
    expect(await queryRows(live.url, "SELECT to_regclass('public.sale__athanor_stash') IS NULL AS gone")).toEqual([
      { gone: true },
    ]);
  });
});
