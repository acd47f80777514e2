import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adminUrl,
  createTestDatabase,
  namesNotNullConstraints,
  queryRows,
  runSql,
  testTarget,
} from '../helpers/database.js';
import { expectSameSchema, PAGILA } from '../helpers/fixtures.js';
import { tempProject } from '../helpers/project.js';

/** Statements of pagila.sql that build `payment` and its partitions, as pg_dump wrote them. */
const PAYMENT_STATEMENTS = [
  /^CREATE TABLE public\.payment(_p\d{4}_\d{2})? \(/,
  /^ALTER TABLE ONLY public\.payment ATTACH PARTITION /,
  /^CREATE INDEX \w+ ON public\.payment_p\d{4}_\d{2} /,
  /^ALTER TABLE ONLY public\.payment_p\d{4}_\d{2}\s+ADD CONSTRAINT /,
];

/**
 * pagila's `payment`: range-partitioned by month into 55 partitions, each
 * created on its own and attached with `ATTACH PARTITION`, with indexes and
 * foreign keys of its own. The tables it references are reduced to their
 * keys, and the payment id's default (a sequence, not part of this test) is
 * left out.
 */
function pagilaPaymentSql(): string {
  const statements = readFileSync(PAGILA.path, 'utf8')
    .split(/;\n/)
    .map((s) =>
      s
        .split('\n')
        .filter((line) => !line.startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((s) => PAYMENT_STATEMENTS.some((pattern) => pattern.test(s)))
    .map((s) => s.replace(/ DEFAULT nextval\('public\.payment_payment_id_seq'::regclass\)/g, ''));
  const referenced = ['customer', 'rental', 'staff'].map(
    (t) => `CREATE TABLE public.${t} (${t}_id integer PRIMARY KEY);`,
  );
  return [...referenced, ...statements.map((s) => `${s};`)].join('\n');
}

async function partitionCount(url: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    url,
    "SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'public.payment'::regclass",
  );
  return Number(rows[0]!.n);
}

async function tableCount(url: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    url,
    "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'athanor\\_%'",
  );
  return Number(rows[0]!.n);
}

describe.skipIf(PAGILA.missing)(
  PAGILA.title("round trip of pagila's partitioned payment table"),
  { timeout: 240_000 },
  () => {
    it('pull -> check is clean; autogenerate into an empty database -> upgrade gives the same schema; downgrade base empties it', async () => {
      const a = await createTestDatabase('athanor_payment_a');
      const b = await createTestDatabase('athanor_payment_b');
      await runSql(a.url, pagilaPaymentSql());
      expect(await partitionCount(a.url)).toBe(55);

      const fromA = tempProject(a.url);
      const pulled = await fromA.migrate('pull');
      expect(pulled.stderr).toBe('');
      expect(pulled.stdout).toContain('59 table(s)');
      const models = fromA.read('models.ts');
      expect(models).toContain('partitionBy: sql`RANGE (payment_date)`');
      expect(models).toContain("metadata.partition(\n  'payment_p2022_01',\n  payment,");
      const checkA = await fromA.migrate('check');
      expect(checkA.stdout).toContain('No differences');
      expect(checkA.code).toBe(0);

      const onB = tempProject(b.url);
      onB.write('models.ts', models);
      const rev = await onB.migrate('revision', '--autogenerate', '-m', 'payment');
      expect(rev.stderr).toBe('');
      expect((await onB.migrate('upgrade', 'head')).code).toBe(0);
      expect(await partitionCount(b.url)).toBe(55);
      await expectSameSchema(b.url, a.url);
      const again = await onB.migrate('revision', '--autogenerate', '-m', 'nothing');
      expect(again.stdout).toContain('No changes; no revision written');

      expect((await onB.migrate('downgrade', 'base')).code).toBe(0);
      expect(await tableCount(b.url)).toBe(0);
    });
  },
);

/**
 * Partitions whose columns differ from their parent's in DEFAULT or NOT NULL:
 * set in `PARTITION OF`, altered afterwards, inherited by a partition of a
 * partition, and kept by a table attached with its own.
 */
const OWN_COLUMN_OPTIONS_SQL = `
CREATE TABLE orders (id integer NOT NULL, at date NOT NULL, note text DEFAULT 'p', qty integer, status text DEFAULT 'new')
  PARTITION BY RANGE (at);
CREATE TABLE orders_2024 PARTITION OF orders (note WITH OPTIONS DEFAULT 'x', qty WITH OPTIONS NOT NULL)
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (status);
ALTER TABLE orders_2025 ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders_2025 ALTER COLUMN note SET DEFAULT 'y';
CREATE TABLE orders_2025_new PARTITION OF orders_2025 FOR VALUES IN ('new');
ALTER TABLE orders_2025_new ALTER COLUMN status SET DEFAULT 'new';
CREATE TABLE orders_2025_rest PARTITION OF orders_2025 DEFAULT;
CREATE TABLE orders_old (id integer NOT NULL, at date NOT NULL, note text DEFAULT 'old', qty integer NOT NULL, status text);
ALTER TABLE orders ATTACH PARTITION orders_old FOR VALUES FROM ('2000-01-01') TO ('2024-01-01');
`;

describe("round trip of partitions' own column defaults and NOT NULL", { timeout: 240_000 }, () => {
  it('pull -> check is clean; autogenerate into an empty database -> upgrade gives the same schema; downgrade base empties it', async () => {
    const a = await createTestDatabase('athanor_partcols_a');
    const b = await createTestDatabase('athanor_partcols_b');
    await runSql(a.url, OWN_COLUMN_OPTIONS_SQL);

    const fromA = tempProject(a.url);
    expect((await fromA.migrate('pull')).stderr).toBe('');
    const models = fromA.read('models.ts');
    expect(models).toContain("note: { default: sql`'x'::text` },\n      qty: { notNull: true },");
    // PostgreSQL 18 (and PGlite) names NOT NULL constraints: a table attached as a partition keeps its own names, not its parent's.
    const ownNames = namesNotNullConstraints()
      ? "at: { notNullName: 'orders_old_at_not_null' },\n      id: { notNullName: 'orders_old_id_not_null' },\n      "
      : '';
    expect(models).toContain(
      `columns: {\n      ${ownNames}note: { default: sql\`'old'::text\` },\n      qty: { notNull: true },\n      status: { default: null },`,
    );
    expect(models).toContain("status: { default: sql`'new'::text` },");
    const checkA = await fromA.migrate('check');
    expect(checkA.stdout).toContain('No differences');
    expect(checkA.code).toBe(0);

    const onB = tempProject(b.url);
    onB.write('models.ts', models);
    const rev = await onB.migrate('revision', '--autogenerate', '-m', 'orders');
    expect(rev.stderr).toBe('');
    expect((await onB.migrate('upgrade', 'head')).code).toBe(0);
    await expectSameSchema(b.url, a.url);
    const again = await onB.migrate('revision', '--autogenerate', '-m', 'nothing');
    expect(again.stdout).toContain('No changes; no revision written');

    expect((await onB.migrate('downgrade', 'base')).code).toBe(0);
    expect(await tableCount(b.url)).toBe(0);
  });

  it("changes a partition's own default and NOT NULL in place, and the parent's default without losing the partition's", async () => {
    const db = await createTestDatabase('athanor_partcols_change');
    await runSql(db.url, OWN_COLUMN_OPTIONS_SQL);
    const project = tempProject(db.url);
    await project.migrate('pull');
    const models = project
      .read('models.ts')
      .replace(
        "note: { default: sql`'x'::text` },\n      qty: { notNull: true },",
        "note: { default: sql`'z'::text` },",
      )
      .replace("note: text().default(sql`'p'::text`)", "note: text().default(sql`'q'::text`)");
    expect(models).toContain("note: text().default(sql`'q'::text`)");
    project.write('models.ts', models);
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'change');
    expect(rev.stderr).toBe('');
    const revision = project.read(rev.stdout.match(/migrations\/versions\/\S+\.ts/)![0]);
    expect(revision).not.toMatch(/addColumn|dropColumn/);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    const check = await project.migrate('check');
    expect(check.stdout).toContain('No differences');
    const rows = await queryRows<{ relname: string; attnotnull: boolean; def: string | null }>(
      db.url,
      `SELECT c.relname, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS def
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relname IN ('orders', 'orders_2024', 'orders_2025_rest') AND a.attname IN ('note', 'qty') ORDER BY 1, a.attname`,
    );
    expect(rows).toEqual([
      { relname: 'orders', attnotnull: false, def: "'q'::text" },
      { relname: 'orders', attnotnull: false, def: null },
      { relname: 'orders_2024', attnotnull: false, def: "'z'::text" },
      { relname: 'orders_2024', attnotnull: false, def: null },
      { relname: 'orders_2025_rest', attnotnull: false, def: "'y'::text" },
      { relname: 'orders_2025_rest', attnotnull: false, def: null },
    ]);
  });
});

/**
 * Partitions whose indexes attached to their parent's have names Postgres
 * would not choose: created on the table before it was attached (as pg_dump
 * restores them), or renamed, on a partition and on a partition of a partition.
 */
const PARTITION_INDEX_NAMES_SQL = `
CREATE TABLE events (id integer NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE INDEX events_kind_idx ON events (kind);
CREATE INDEX events_lower_idx ON events (lower(kind)) INCLUDE (id);
CREATE TABLE events_2024 (id integer NOT NULL, at date NOT NULL, kind text);
CREATE INDEX events_2024_by_kind ON events_2024 (kind);
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_rest PARTITION OF events DEFAULT PARTITION BY LIST (kind);
ALTER INDEX events_rest_kind_idx RENAME TO "events rest kind";
CREATE TABLE events_rest_a PARTITION OF events_rest FOR VALUES IN ('a');
ALTER INDEX events_rest_a_kind_idx RENAME TO events_rest_a_custom;
`;

describe("round trip of partitions' index names", { timeout: 240_000 }, () => {
  it('pull -> check is clean; autogenerate into an empty database -> upgrade gives the same index names; downgrade base empties it', async () => {
    const a = await createTestDatabase('athanor_partidx_a');
    const b = await createTestDatabase('athanor_partidx_b');
    await runSql(a.url, PARTITION_INDEX_NAMES_SQL);

    const fromA = tempProject(a.url);
    expect((await fromA.migrate('pull')).stderr).toBe('');
    const models = fromA.read('models.ts');
    expect(models).toContain("indexNames: {\n      events_kind_idx: 'events_2024_by_kind',\n    },");
    expect(models).toContain("indexNames: {\n      events_kind_idx: 'events rest kind',\n    },");
    expect(models).toContain("indexNames: {\n      'events rest kind': 'events_rest_a_custom',\n    },");
    // Names Postgres chose itself are left out.
    expect(models).not.toContain("'events_2025_");
    const checkA = await fromA.migrate('check');
    expect(checkA.stdout).toContain('No differences');
    expect(checkA.code).toBe(0);

    const onB = tempProject(b.url);
    onB.write('models.ts', models);
    const rev = await onB.migrate('revision', '--autogenerate', '-m', 'events');
    expect(rev.stderr).toBe('');
    expect((await onB.migrate('upgrade', 'head')).code).toBe(0);
    await expectSameSchema(b.url, a.url);
    const names = await queryRows<{ relname: string }>(
      b.url,
      "SELECT relname FROM pg_class WHERE relkind = 'i' AND relname LIKE 'events%' ORDER BY 1",
    );
    expect(names.map((row) => row.relname)).toContain('events_rest_a_custom');
    const again = await onB.migrate('revision', '--autogenerate', '-m', 'nothing');
    expect(again.stdout).toContain('No changes; no revision written');

    expect((await onB.migrate('downgrade', 'base')).code).toBe(0);
    expect(await tableCount(b.url)).toBe(0);
  });
});

/** The roles the examples write policies for and grant to, as a PostgREST project has them. */
const EXAMPLE_ROLES = ['anon', 'authenticated', 'service_role'];

describe('docs/model-dsl-security-partitions.md', { timeout: 240_000 }, () => {
  const doc = readFileSync(new URL('../../docs/model-dsl-security-partitions.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  // Roles belong to the server (each PGlite database has its own, gone with it): the ones made here on a
  // server are dropped at the end, its example databases gone or empty by then.
  const made = new Set<string>();
  afterAll(async () => {
    if (testTarget() !== 'server') return;
    for (const role of made) await runSql(adminUrl(), `DROP ROLE IF EXISTS ${role}`);
  });

  async function withExampleRoles(url: string): Promise<void> {
    const present = await queryRows<{ rolname: string }>(
      url,
      'SELECT rolname FROM pg_roles WHERE rolname = ANY ($1::text[])',
      [EXAMPLE_ROLES],
    );
    for (const role of EXAMPLE_ROLES.filter((r) => !present.some((p) => p.rolname === r))) {
      await runSql(url, `CREATE ROLE ${role} NOLOGIN`);
      made.add(role);
    }
  }

  it.each(blocks.map((source, i) => ({ n: i + 1, source })))(
    'example $n loads into Postgres, upgrades, checks clean and downgrades',
    async ({ source }) => {
      const db = await createTestDatabase('athanor_doc');
      await withExampleRoles(db.url);
      const project = tempProject(db.url);
      project.write('models.ts', source);
      const rev = await project.migrate('revision', '--autogenerate', '-m', 'example');
      expect(rev.stderr).toBe('');
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      const check = await project.migrate('check');
      expect(check.stdout).toContain('No differences');
      expect((await project.migrate('downgrade', 'base')).code).toBe(0);
      expect(await tableCount(db.url)).toBe(0);
    },
  );
});
