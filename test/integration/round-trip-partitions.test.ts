import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { expectSameSchema, REAL_SCHEMAS } from '../helpers/fixtures.js';
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
  const statements = readFileSync(`${REAL_SCHEMAS}pagila.sql`, 'utf8')
    .split(/;\n/)
    .map((s) => s.split('\n').filter((line) => !line.startsWith('--')).join('\n').trim())
    .filter((s) => PAYMENT_STATEMENTS.some((pattern) => pattern.test(s)))
    .map((s) => s.replace(/ DEFAULT nextval\('public\.payment_payment_id_seq'::regclass\)/g, ''));
  const referenced = ['customer', 'rental', 'staff'].map((t) => `CREATE TABLE public.${t} (${t}_id integer PRIMARY KEY);`);
  return [...referenced, ...statements.map((s) => `${s};`)].join('\n');
}

async function partitionCount(url: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(url, "SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'public.payment'::regclass");
  return Number(rows[0]!.n);
}

async function tableCount(url: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    url,
    "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'athanor\\_%'",
  );
  return Number(rows[0]!.n);
}

describe("round trip of pagila's partitioned payment table", { timeout: 240_000 }, () => {
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
    expect(models).toContain("partitionBy: sql`RANGE (payment_date)`");
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
    expect(again.stdout).toContain('(0 operation(s))');

    expect((await onB.migrate('downgrade', 'base')).code).toBe(0);
    expect(await tableCount(b.url)).toBe(0);
  });
});

describe('docs/model-dsl-security-partitions.md', { timeout: 240_000 }, () => {
  const doc = readFileSync(new URL('../../docs/model-dsl-security-partitions.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

  it.each(blocks.map((source, i) => ({ n: i + 1, source })))('example $n loads into Postgres, upgrades, checks clean and downgrades', async ({ source }) => {
    const db = await createTestDatabase('athanor_doc');
    const project = tempProject(db.url);
    project.write('models.ts', source);
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'example');
    expect(rev.stderr).toBe('');
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    const check = await project.migrate('check');
    expect(check.stdout).toContain('No differences');
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(await tableCount(db.url)).toBe(0);
  });
});
