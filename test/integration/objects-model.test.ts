import { describe, expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { applyHandWrittenModel } from '../helpers/hand-written-model.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * A model written by hand with every kind of object besides tables and
 * enums, as a user would write it: unqualified names, a function the
 * server must read before its argument types are known, objects declared
 * before what they depend on. Autogenerate creates it; it then checks clean.
 */
const MODELS = `
import { bigint, check, defineMetadata, index, integer, sql, text } from 'athanor';

export const metadata = defineMetadata();

// Declared before the tables and functions they read: the order does not matter.
metadata.view('big_orders', sql\`SELECT id, amount FROM order_view WHERE amount > 100\`);
metadata.view('order_view', sql\`SELECT o.id, o.amount, label(o.id) AS label FROM orders o\`, { comment: 'orders, labelled' });
metadata.materializedView('order_counts', sql\`SELECT year, count(*) AS n FROM orders GROUP BY year\`, {
  indexes: [index(['year'], { unique: true })],
});

export const year = metadata.domain('year', integer(), { checks: [check(sql\`VALUE BETWEEN 1901 AND 2155\`)] });
export const orderNo = metadata.sequence('order_no', { start: 1000, ownedBy: { table: 'orders', column: 'id' }, comment: 'order numbers' });

export const orders = metadata.table('orders', {
  id: bigint().primaryKey().default(orderNo.nextval()),
  year: year.column(),
  amount: integer().notNull().comment('in cents'),
  touched_at: text(),
}, { comment: 'orders placed' });

metadata.function(sql\`CREATE FUNCTION label(id bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'order ' || id $$\`, { comment: 'a label' });
metadata.function(sql\`CREATE FUNCTION all_orders() RETURNS SETOF orders LANGUAGE sql AS $$ SELECT * FROM orders $$\`);
metadata.function(sql\`CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched_at = now()::text; RETURN NEW; END $$\`);
metadata.trigger(sql\`CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()\`, { comment: 'keeps touched_at' });
metadata.comment({ index: 'order_counts_year_idx' }, 'one row per year');
`;

describe('a hand-written model of views, routines, sequences, domains, triggers and comments', () => {
  it('autogenerates into an empty database, checks clean, and downgrades to nothing', async () => {
    const { db, project, up } = await applyHandWrittenModel(MODELS, 'athanor_objects', 'objects');
    expect(up.stderr).toBe('');

    await runSql(
      db.url,
      'INSERT INTO public.orders (year, amount) VALUES (2020, 500); UPDATE public.orders SET amount = 600',
    );
    const rows = await queryRows<{ id: string; label: string; touched: boolean }>(
      db.url,
      'SELECT v.id::text AS id, v.label, o.touched_at IS NOT NULL AS touched FROM public.order_view v JOIN public.orders o USING (id)',
    );
    expect(rows).toEqual([{ id: '1000', label: 'order 1000', touched: true }]);

    const driver = await connect(db.url);
    try {
      const model = await reflectSchema(driver);
      expect(model.comments!.find((c) => c.target.on === 'function')?.target).toEqual({
        on: 'function',
        schema: 'public',
        name: 'label',
        argumentTypes: 'bigint',
      });
      expect(model.sequences).toMatchObject([
        { name: 'order_no', start: '1000', ownedBy: { table: 'orders', column: 'id' } },
      ]);
    } finally {
      await driver.close();
    }

    const down = await project.migrate('downgrade', 'base');
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    const left = await queryRows<{ n: string }>(
      db.url,
      "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname NOT LIKE 'athanor%'",
    );
    expect(Number(left[0]!.n)).toBe(0);
  });

  it('says an extension the server lacks in one line that says what to do', async () => {
    const db = await createTestDatabase('athanor_objects_ext');
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      "import { defineMetadata } from 'athanor';\nexport const metadata = defineMetadata();\nmetadata.extension('no_such_extension');\n",
    );
    const check = await project.migrate('check');
    expect(check.code).toBe(2);
    expect(check.stderr.trim().split('\n')).toHaveLength(1);
    expect(check.stderr).toContain('the server has no extension no_such_extension to create, which the model declares');
    expect(check.stderr).toContain('install it on the system where PostgreSQL runs');
  });

  it('says which object of the model does not load', async () => {
    const db = await createTestDatabase('athanor_objects_bad');
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      "import { defineMetadata, sql } from 'athanor';\nexport const metadata = defineMetadata();\nmetadata.view('broken', sql`SELECT nope FROM missing`);\n",
    );
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'bad');
    expect(rev.code).toBe(2);
    expect(rev.stderr).toContain('the model does not load into Postgres (view broken)');
    expect(rev.stderr).toContain('relation "missing" does not exist');
  });

  it('says which table does not load, though the tables are sent to the server as one script', async () => {
    const db = await createTestDatabase('athanor_objects_bad_table');
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      [
        "import { check, defineMetadata, integer, sql } from 'athanor';",
        'export const metadata = defineMetadata();',
        "metadata.table('fine', { id: integer().primaryKey() });",
        "metadata.table('wrong', { id: integer().primaryKey() }, { checks: [check(sql`nope > 0`, { name: 'wrong_id' })] });",
        "metadata.table('zfine', { id: integer().primaryKey() });",
        '',
      ].join('\n'),
    );
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'bad');
    expect(rev.code).toBe(2);
    expect(rev.stderr).toContain('the model does not load into Postgres (table wrong)');
    expect(rev.stderr).toContain('column "nope" does not exist');
  });
});

const COLLATION_MODELS = (locale: string): string => `
import { col, defineMetadata, index, integer, text } from 'athanor';

export const metadata = defineMetadata();

export const nocase = metadata.collation('nocase', { provider: 'icu', locale: '${locale}', deterministic: false });
metadata.collation('split', { lcCollate: 'C', lcCtype: 'POSIX', schema: 'extra' });

export const tags = metadata.table('tags', {
  id: integer().primaryKey(),
  name: text().notNull().collate(nocase),
  label: text(),
}, { indexes: [index([col('label', { collate: nocase })])] });
`;

// ICU collations need a server built with ICU: PGlite has none.
skipWhen(testTarget() !== 'server', 'PGlite is built without ICU, which these collations need').describe(
  'a hand-written model of collations',
  () => {
    it('creates them before the columns and indexes that use them, checks clean, and refuses to change one in use', async () => {
      const db = await createTestDatabase('athanor_collations');
      const project = tempProject(db.url);
      project.write('models.ts', COLLATION_MODELS('und-u-ks-level2'));
      expect((await project.migrate('revision', '--autogenerate', '-m', 'collations')).code).toBe(0);
      const up = await project.migrate('upgrade', 'head');
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      const check = await project.migrate('check');
      expect(check.stdout).toContain('No differences');
      expect(check.code).toBe(0);
      await runSql(db.url, "INSERT INTO public.tags VALUES (1, 'Apple', 'x')");
      const found = await queryRows<{ id: number }>(db.url, "SELECT id FROM public.tags WHERE name = 'APPLE'");
      expect(found).toEqual([{ id: 1 }]);

      project.write('models.ts', COLLATION_MODELS('und-u-ks-level1'));
      const changed = await project.migrate('check');
      expect(changed.code).toBe(1);
      expect(changed.stdout).toContain(
        'collation public.nocase changes its definition, but Postgres cannot alter a collation and cannot drop it while column public.tags.name, index public.tags_label_idx use it',
      );
      expect(changed.stdout).toContain('declare the new definition as a collation under another name');

      project.write('models.ts', COLLATION_MODELS('und-u-ks-level2'));
      const down = await project.migrate('downgrade', 'base');
      expect(down.stderr).toBe('');
      expect(down.code).toBe(0);
      expect(
        await queryRows(db.url, "SELECT collname FROM pg_collation WHERE collname IN ('nocase', 'split')"),
      ).toEqual([]);
    });
  },
);
