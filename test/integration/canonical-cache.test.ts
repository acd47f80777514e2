import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { openCacheFile } from '../../src/commands/compare/canonical-cache-file.js';
import { canonicalizeModel } from '../../src/canonical/canonicalize.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { connect } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { mutableCopy } from '../helpers/models.js';
import { tempProject } from '../helpers/project.js';
import { recording } from '../helpers/recording-driver.js';
import { skipWhen } from '../helpers/skips.js';

/** A table with a check as a user writes it (`amount >= 0`), which the server prints `(amount >= (0)::numeric)`. */
function table(i: number): TableModel {
  const name = `t${i}`;
  return {
    schema: 'public',
    name,
    columns: [
      { name: 'id', type: 'integer', nullable: false, default: null, identity: null },
      { name: 'ref', type: 'integer', nullable: true, default: null, identity: null },
      { name: 'amount', type: 'numeric', nullable: false, default: '0', identity: null },
    ],
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    foreignKeys:
      i === 0
        ? []
        : [
            {
              name: `${name}_ref_fkey`,
              columns: ['ref'],
              refSchema: 'public',
              refTable: `t${i - 1}`,
              refColumns: ['id'],
              onDelete: 'NO ACTION',
              onUpdate: 'NO ACTION',
            },
          ],
    uniques: [],
    checks: [{ name: `${name}_amount_check`, expression: 'amount >= 0' }],
    indexes: [],
  };
}

const created = (sent: readonly string[]): string[] =>
  sent.flatMap((sql) => [...sql.matchAll(/CREATE TABLE "[^"]+"\."([^"]+)"/g)].map((m) => m[1]!)).sort();

skipWhen(
  testTarget() !== 'server',
  'written for the server target: counts the statements canonicalization sends to a server',
).describe('the cache of canonical forms', () => {
  it('sends the tables once, then nothing, then only what was edited; the same result as without it', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    onTestFinished(() => driver.close());
    const declared: SchemaModel = completeModel({
      schemas: [],
      enums: [],
      tables: Array.from({ length: 8 }, (_, i) => table(i)),
    });
    for (const t of declared.tables)
      for (const s of compileOperation({ kind: 'createTable', table: t })) await driver.query(s.sql, s.params);
    const live = await reflectSchema(driver);
    const path = join(mkdtempSync(join(tmpdir(), 'athanor-cache-')), '.athanor', 'canonical-cache.json');
    const uncached = await canonicalizeModel(driver, declared, live);
    expect(compareModels(live, uncached)).toEqual([]);

    const first = recording(driver);
    const cache = openCacheFile(path);
    expect(await canonicalizeModel(first, declared, live, cache)).toEqual(uncached);
    expect(created(first.sent)).toEqual(declared.tables.map((t) => t.name).sort());
    cache.save();

    const second = recording(driver);
    expect(await canonicalizeModel(second, declared, live, openCacheFile(path))).toEqual(uncached);
    expect(second.sent.join('\n')).not.toMatch(/CREATE|BEGIN/);

    // t3 changes: it is sent, with t4 (whose foreign key names it) and a copy of t2 (t3's target).
    const edited = mutableCopy(declared);
    edited.tables[3]!.checks[0]!.expression = 'amount >= 1';
    const third = recording(driver);
    const cached = await canonicalizeModel(third, edited, live, openCacheFile(path));
    expect(created(third.sent)).toEqual(['t2', 't3', 't4']);
    expect(cached).toEqual(await canonicalizeModel(driver, edited, live));
    const ops = compareModels(live, cached);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.every((op) => JSON.stringify(op).includes('"t3"'))).toBe(true);
  });
});

const CLI_MODEL = `import { check, defineMetadata, integer, numeric, sql } from 'athanor';
export const metadata = defineMetadata();
export const orders = metadata.table('orders', { id: integer().primaryKey(), amount: numeric().notNull() }, { checks: [check(sql\`amount >= 0\`, { name: 'orders_amount' })] });
`;

describe('the cache of canonical forms, from the command line', () => {
  it('is written under .athanor by `check`, read by the next, and ignored when corrupt', async () => {
    const project = tempProject(null);
    project.write('models.ts', CLI_MODEL);
    expect((await project.migrate('revision', '--autogenerate', '-m', 'init')).code).toBe(0);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    const first = await project.migrate('check');
    expect(first.code).toBe(0);
    const file = JSON.parse(project.read('.athanor/canonical-cache.json')) as {
      version: number;
      entries: Record<string, unknown>;
    };
    expect(Object.keys(file.entries)).toHaveLength(1);
    expect(project.read('.athanor/.gitignore')).toMatch(/^\*$/m);
    expect(await project.migrate('check')).toEqual(first);
    project.write('.athanor/canonical-cache.json', '{"version": 1, "entries": ');
    expect(await project.migrate('check')).toEqual(first);
    expect(
      Object.keys((JSON.parse(project.read('.athanor/canonical-cache.json')) as typeof file).entries),
    ).toHaveLength(1);
  }, 120_000);

  // Reduced from a REST server's test schema: a double quote in a string literal paired with a later one, and the
  // words between, the table's name among them, were not read as names the function needs.
  it('a table taken from the cache is created for a function returning its row type, past a quote in a string', async () => {
    const sql = `CREATE TABLE public.shops (id integer PRIMARY KEY, address text);
      CREATE FUNCTION public.a_quote() RETURNS text LANGUAGE sql AS $$ SELECT '"' $$;
      CREATE FUNCTION public.get_shop(id integer) RETURNS public.shops LANGUAGE sql AS $$ SELECT * FROM public.shops WHERE id = $1 $$;
      CREATE FUNCTION public.z_quote() RETURNS text LANGUAGE sql AS $$ SELECT '"' $$;`;
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => createTestDatabase(`athanor_cache_${n}`)));
    await runSql(a!.url, sql);
    const project = tempProject(a!.url);
    expect((await project.migrate('pull')).code).toBe(0);
    const config = project.read('migrate.config.ts');
    // Into an empty database: the table is created, and its form kept in the cache.
    project.write('migrate.config.ts', config.replace(a!.url, b!.url));
    const first = await project.migrate('revision', '--autogenerate', '-m', 'all', '--rev-id', 'first');
    expect([first.code, first.stderr]).toEqual([0, '']);
    rmSync(
      join(
        project.versionsDir,
        readdirSync(project.versionsDir).find((f) => f.startsWith('first'))!,
      ),
    );
    // Into another: the table's form is the cached one, and the function is created over the table all the same.
    project.write('migrate.config.ts', config.replace(a!.url, c!.url));
    const second = await project.migrate('revision', '--autogenerate', '-m', 'all');
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    const check = await project.migrate('check');
    expect([check.code, check.stdout]).toEqual([0, expect.stringContaining('No differences')]);
  }, 120_000);
});
