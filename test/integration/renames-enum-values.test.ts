import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { migrateOk, revisionFiles, tempProject, type TempProject } from '../helpers/project.js';

/**
 * An enum value gone from the model beside a new one is a rename candidate,
 * as a column is: rows holding it keep their meaning unless the user chose a
 * rename. Three orders are shipped; the model replaces 'shipped' by 'cancelled'.
 */

const BASE_SQL = `
  CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
  CREATE TABLE orders (id integer PRIMARY KEY, status order_status NOT NULL DEFAULT 'pending');
  INSERT INTO orders VALUES (1, 'shipped'), (2, 'shipped'), (3, 'paid'), (4, 'shipped'), (5, 'pending');`;

function model(values: string, options = ''): string {
  return (
    "import { defineMetadata, integer } from 'athanor';\nexport const metadata = defineMetadata();\n" +
    `export const orderStatus = metadata.enum('order_status', ${values}${options === '' ? '' : `, ${options}`});\n` +
    "export const orders = metadata.table('orders', { id: integer().primaryKey(), status: orderStatus.column().notNull().default('pending') });\n"
  );
}

const CANCELLED = "['pending', 'paid', 'cancelled']";

async function project(values = CANCELLED, options = ''): Promise<{ url: string; p: TempProject }> {
  const db = await createTestDatabase('athanor_enum_ren');
  await runSql(db.url, BASE_SQL);
  const p = tempProject(db.url);
  p.write('models.ts', model(values, options));
  return { url: db.url, p };
}

function revisionText(p: TempProject): string {
  return readFileSync(join(p.versionsDir, revisionFiles(p)[0]!), 'utf8');
}

async function statuses(url: string): Promise<string[]> {
  const rows = await queryRows<{ status: string }>(url, 'SELECT status::text AS status FROM orders ORDER BY id');
  return rows.map((r) => r.status);
}

const BEFORE = ['shipped', 'shipped', 'paid', 'shipped', 'pending'];
const RELABELLED = ['cancelled', 'cancelled', 'paid', 'cancelled', 'pending'];

async function enumValues(url: string): Promise<string[]> {
  const rows = await queryRows<{ v: string }>(
    url,
    "SELECT enumlabel AS v FROM pg_enum WHERE enumtypid = 'order_status'::regtype ORDER BY enumsortorder",
  );
  return rows.map((r) => r.v);
}

describe('renames: enum values', () => {
  it('without a terminal and without a decision: exit 2 naming the flags and the model option, nothing written', async () => {
    const { url, p } = await project();
    const result = await p.migrate('revision', '--autogenerate', '-m', 'undecided');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      'error [rename-undecided]: 1 possible rename(s) need a decision, and no revision was written:',
      "  value 'shipped' of enum public.order_status is gone and value 'cancelled' of enum public.order_status is new: pass --rename enum-value:order_status.shipped=cancelled to rename it (rows holding it then read 'cancelled'), or --no-rename enum-value:order_status.shipped to remove it and add the new one; or write renamedValues: { cancelled: 'shipped' } in the enum's options",
    ]);
    expect(revisionFiles(p)).toEqual([]);
    expect(await statuses(url)).toEqual(BEFORE);
    expect(await enumValues(url)).toEqual(['pending', 'paid', 'shipped']);

    const check = await p.migrate('check', '--json');
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).renames).toEqual([
      {
        kind: 'enumValue',
        from: 'public.order_status.shipped',
        to: 'public.order_status.cancelled',
        score: expect.any(Number),
        rank: 1,
        rename: '--rename enum-value:order_status.shipped=cancelled',
        keep: '--no-rename enum-value:order_status.shipped',
      },
    ]);
  });

  it('--no-rename: the value is removed and the new one added; lint says so, and upgrade refuses with the count while rows hold it', async () => {
    const { url, p } = await project();
    await migrateOk(
      p,
      'revision',
      '--autogenerate',
      '-m',
      'status',
      '--no-rename',
      'enum-value:public.order_status.shipped',
    );
    const file = revisionText(p);
    expect(file).toContain('op.replaceEnum(');
    expect(file).not.toContain('renameEnumValue');
    const linted = await p.migrate('lint');
    expect(linted.stdout).toContain('[remove-enum-value]');
    expect(linted.stdout).toContain("without 'shipped'");

    const refused = await p.migrate('upgrade', 'head');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error [enum-value-in-use]');
    expect(refused.stderr).toContain("3 row(s) of public.orders.status hold 'shipped'");
    expect(await statuses(url)).toEqual(BEFORE);
    expect(await enumValues(url)).toEqual(['pending', 'paid', 'shipped']);

    // The user decides what shipped orders become, then the upgrade runs.
    await runSql(url, "UPDATE orders SET status = 'paid' WHERE status = 'shipped'");
    await migrateOk(p, 'upgrade', 'head');
    expect(await enumValues(url)).toEqual(['pending', 'paid', 'cancelled']);
    expect(await statuses(url)).toEqual(['paid', 'paid', 'paid', 'paid', 'pending']);
    expect(await migrateOk(p, 'revision', '--autogenerate', '-m', 'nothing')).toContain('No changes');
    await migrateOk(p, 'downgrade', 'base');
    expect(await enumValues(url)).toEqual(['pending', 'paid', 'shipped']);
    expect(await statuses(url)).toEqual(['paid', 'paid', 'paid', 'paid', 'pending']);
  });

  it.each([
    ['--rename', CANCELLED, '', ['--rename', 'enum-value:public.order_status.shipped=cancelled']],
    ['renamedValues in the model', CANCELLED, "{ renamedValues: { cancelled: 'shipped' } }", []],
  ])(
    'a rename decided by %s: rows holding the value read as the new one, with a hazard',
    async (_how, values, options, flags) => {
      const { url, p } = await project(values, options);
      const written = await migrateOk(p, 'revision', '--autogenerate', '-m', 'status', ...flags);
      expect(written).toContain('[relabel-enum-value]');
      const file = revisionText(p);
      expect(file).toContain(
        "await op.renameEnumValue({ schema: 'public', name: 'order_status', from: 'shipped', to: 'cancelled' });",
      );
      expect(file).not.toContain('replaceEnum');
      const linted = await p.migrate('lint');
      expect(linted.stdout).toContain('[relabel-enum-value]');
      expect(linted.stdout).toContain("rows holding 'shipped' read 'cancelled'");

      await migrateOk(p, 'upgrade', 'head');
      expect(await statuses(url)).toEqual(RELABELLED);
      const check = await p.migrate('check');
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(await migrateOk(p, 'revision', '--autogenerate', '-m', 'nothing')).toContain('No changes');

      await migrateOk(p, 'downgrade', 'base');
      expect(await statuses(url)).toEqual(BEFORE);
      expect(await enumValues(url)).toEqual(['pending', 'paid', 'shipped']);
    },
  );
});
