import { expect, it, onTestFinished } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { canonicalizeModel } from '../../src/canonical/canonicalize.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { startEmbeddedServer } from '../helpers/embedded-server.js';
import { mutableCopy } from '../helpers/models.js';
import { tempProject } from '../helpers/project.js';
import { recording } from '../helpers/recording-driver.js';
import { skipWhen } from '../helpers/skips.js';

function table(i: number): TableModel {
  const name = `t${i}`;
  return {
    schema: 'public',
    name,
    columns: [
      { name: 'id', type: 'integer', nullable: false, default: null, identity: null },
      { name: 'ref', type: 'integer', nullable: true, default: null, identity: null },
      { name: 'state', type: 'public.mood', nullable: false, default: "'ok'", identity: null },
      { name: 'note', type: 'varchar(20)', nullable: true, default: null, identity: null },
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
    checks: [{ name: `${name}_id_check`, expression: 'id > 0' }],
    indexes: [],
  };
}

/** Twenty chained tables and an enum, created in the database; returns its reflection. */
async function loaded(driver: Driver): Promise<SchemaModel> {
  const model: SchemaModel = completeModel({
    schemas: [],
    enums: [{ schema: 'public', name: 'mood', values: ['ok', 'sad'] }],
    tables: Array.from({ length: 20 }, (_, i) => table(i)),
  });
  const ops = [
    { kind: 'createEnum' as const, enum: model.enums[0]! },
    ...model.tables.map((t) => ({ kind: 'createTable' as const, table: t })),
  ];
  for (const op of ops) for (const s of compileOperation(op)) await driver.query(s.sql, s.params);
  return reflectSchema(driver);
}

const created = (sent: readonly string[]): string[] =>
  sent.flatMap((sql) => [...sql.matchAll(/CREATE TABLE "[^"]+"\."([^"]+)"/g)].map((m) => m[1]!));

skipWhen(
  testTarget() !== 'server',
  'written for the server target: counts the statements canonicalization sends to a server',
).describe('canonicalization compares first', () => {
  it('sends no DDL when the model matches the database, and creates only a changed table and what it needs', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    onTestFinished(() => driver.close());
    const live = await loaded(driver);
    expect(live.tables).toHaveLength(20);

    const counting = recording(driver);
    const same = await canonicalizeModel(counting, structuredClone(live), live);
    expect(counting.sent).toHaveLength(1);
    expect(counting.sent.join('\n')).not.toMatch(/CREATE|BEGIN/);
    expect(compareModels(live, same)).toEqual([]);

    // t5 gets a check as a user writes it; t6 refers to t5, so it is created too (with a copy of t4, its target).
    const declared = mutableCopy(live);
    const t5 = declared.tables.find((t) => t.name === 't5')!;
    t5.checks.push({ name: 't5_ref_check', expression: 'ref <> 0' });
    const again = recording(driver);
    const canonical = await canonicalizeModel(again, declared, live);
    expect(created(again.sent).sort()).toEqual(['t4', 't5', 't6']);
    const whole = await canonicalizeModel(driver, declared);
    expect(canonical).toEqual(whole);
    const ops = compareModels(live, canonical);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({
      kind: 'addConstraint',
      table: 't5',
      constraint: { name: 't5_ref_check', expression: '(ref <> 0)' },
    });
  });
});

/** A model of `count` tables, each with a key, a foreign key to the first and an index: several locks each. */
function manyTables(count: number): string {
  const tables = Array.from({ length: count }, (_, i) =>
    i === 0
      ? `export const t0 = metadata.table('t0', { id: serial().primaryKey() });`
      : `export const t${i} = metadata.table('t${i}', { id: serial().primaryKey(), ref: integer().references(() => t0.columns.id) }, { indexes: [index(['ref'])] });`,
  );
  return `import { defineMetadata, serial, integer, index } from 'athanor';\nexport const metadata = defineMetadata();\n${tables.join('\n')}\n`;
}

skipWhen(
  testTarget() !== 'server',
  'starts a server of its own with a small lock table; run by the server project only',
).describe('canonicalization on a server with a small lock table', () => {
  it('creates a model far larger than max_locks_per_transaction in batches, and reports the differences', async () => {
    const server = await startEmbeddedServer('18', { max_locks_per_transaction: '10', max_connections: '5' });
    onTestFinished(() => server.stop());
    const project = tempProject(server.url);
    // 120 tables take about 720 locks, more than the server's whole lock table (10 per backend slot, a few hundred); each batch stays under 10.
    project.write('models.ts', manyTables(120));
    const checked = await project.migrate('check');
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('t119');

    // 120 tables whose checks print differently once re-created, the model spelling them so: the fixed point
    // creates the live tables again, in batches under the same budget, and finds no difference.
    const spelled = "sql`(c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text])`";
    const live = Array.from(
      { length: 120 },
      (_, i) => `CREATE TABLE u${i} (id integer PRIMARY KEY, c varchar(5) CHECK (c IN ('a', 'b')));`,
    );
    await runSql(server.url, live.join('\n'));
    const model = Array.from(
      { length: 120 },
      (_, i) =>
        `export const u${i} = metadata.table('u${i}', { id: integer().primaryKey(), c: varchar(5) }, { checks: [check(${spelled}, { name: 'u${i}_c_check' })] });`,
    );
    project.write(
      'models.ts',
      `import { check, defineMetadata, integer, sql, varchar } from 'athanor';\nexport const metadata = defineMetadata();\n${model.join('\n')}\n`,
    );
    const fixed = await project.migrate('check');
    expect(fixed.stderr).toBe('');
    expect(fixed.stdout).toBe('No differences: the database matches the model.');
  }, 240_000);
});
