import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRevisionHeaders } from '../../src/commands/shared/project.js';
import { bulkInsertStatements } from '../../src/pg/rows/bulk-insert.js';
import { inlineParams, sqlLiteral } from '../../src/pg/run/offline-script.js';
import { fileChecksum } from '../../src/runtime/files/checksum.js';
import { parseRange, renderMigrationScript, renderStampScript } from '../../src/runtime/run/offline.js';
import { RevisionGraph } from '../../src/runtime/graph/revision-graph.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function versions(files: Record<string, string>): RevisionGraph {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-offline-'));
  dirs.push(dir);
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return new RevisionGraph(readRevisionHeaders(dir));
}

const head = (rev: string, down: string | null, extra = '') =>
  `import type { Operations } from 'athanor';\nexport const revision = '${rev}';\nexport const downRevision = ${down ? `'${down}'` : 'null'};\nexport const message = 'step ${rev}';\nexport const createDate = '2026-01-0${rev.slice(-1)}T00:00:00.000Z';\n${extra}`;

const A1 = `${head('a1', null)}
export async function upgrade(op: Operations) {
  await op.execute('CREATE TABLE t (id integer PRIMARY KEY, name text)');
  await op.bulkInsert('t', [{ id: 1, name: "O'Brien" }, { id: 2 }]);
}
export async function downgrade(op: Operations) {
  await op.execute('DROP TABLE t');
}
`;

const B2 = `${head('b2', 'a1', "export const transactional = false;\nexport const lockTimeout = '2s';\n")}
export async function upgrade(op: Operations) {
  await op.execute('UPDATE t SET name = $1 WHERE id = $2', ['x', 2]);
  await op.autocommit(async () => {
    await op.execute('CREATE INDEX CONCURRENTLY t_name ON t (name)');
  });
}
export async function downgrade(op: Operations) {
  await op.execute('DROP INDEX t_name');
}
`;

const opts = (graph: RevisionGraph, transactionPerRevision = true) => ({
  graph,
  tables: {
    version: { schema: 'public', name: 'athanor_version' },
    history: { schema: 'public', name: 'athanor_version_history' },
    backfill: { schema: 'public', name: 'athanor_version_backfill' },
  },
  transactionPerRevision,
  timeouts: { lockTimeout: null, statementTimeout: '1min' },
});

describe('offline SQL', () => {
  it('writes parameters as literals outside strings, identifiers, dollar quotes and comments', () => {
    const sql = `SELECT $1, '$2', "$3", $tag$ $1 $tag$, $2::int -- $1\n, E'it\\'s $1', $10`;
    const params = ['a', 2, 3, 4, 5, 6, 7, 8, 9, "ten's"];
    expect(inlineParams(sql, params)).toBe(
      `SELECT 'a', '$2', "$3", $tag$ $1 $tag$, 2::int -- $1\n, E'it\\'s $1', 'ten''s'`,
    );
    expect(() => inlineParams('SELECT $3', [1])).toThrow(/uses \$3 but 1 parameter/);
    expect(
      [
        null,
        true,
        1.5,
        10n,
        new Date('2026-01-02T03:04:05.000Z'),
        Buffer.from('hi'),
        ['a', 'b"c'],
        { k: 1 },
        'back\\slash',
      ].map(sqlLiteral),
    ).toEqual([
      'NULL',
      'true',
      '1.5',
      '10',
      "'2026-01-02T03:04:05.000Z'",
      "'\\x6869'::bytea",
      `E'{"a","b\\\\"c"}'`,
      `'{"k":1}'`,
      "E'back\\\\slash'",
    ]);
  });

  it('builds multi-row inserts with DEFAULT for missing keys, split under the parameter limit', () => {
    expect(
      bulkInsertStatements('app', 'users', [
        { id: 1, email: 'a' },
        { id: 2, name: 'b' },
      ]),
    ).toEqual([
      {
        sql: 'INSERT INTO "app"."users" ("id", "email", "name") VALUES ($1, $2, DEFAULT), ($3, DEFAULT, $4)',
        params: [1, 'a', 2, 'b'],
        transactional: true,
      },
    ]);
    const rows = Array.from({ length: 2500 }, (_, i) => ({ a: i, b: i, c: i }));
    const statements = bulkInsertStatements('public', 't', rows);
    expect(statements.map((s) => s.params!.length)).toEqual([3000, 3000, 1500]);
    expect(bulkInsertStatements('public', 't', [])).toEqual([]);
    expect(bulkInsertStatements('public', 't', [{}])[0]!.sql).toBe('INSERT INTO "public"."t" DEFAULT VALUES');
  });

  it('splits [FROM:]TO and refuses a downgrade without FROM', () => {
    expect(parseRange('head', 'up')).toEqual({ from: 'base', to: 'head' });
    expect(parseRange('a1:head', 'up')).toEqual({ from: 'a1', to: 'head' });
    expect(() => parseRange('base', 'down')).toThrow(
      /^downgrade --sql cannot read where the database is; give FROM:TO, e\.g\. `migrate downgrade --sql head:base`$/,
    );
    expect(() => parseRange(':head', 'up')).toThrow(/not a FROM:TO range/);
  });

  it('renders an upgrade script with a transaction per revision, autocommit blocks, timeouts and version rows', async () => {
    const graph = versions({ 'a1.ts': A1, 'b2.ts': B2 });
    const script = await renderMigrationScript(opts(graph), 'up', 'head');
    const [a1, b2] = [graph.get('a1').path, graph.get('b2').path].map((p) => fileChecksum(p));
    expect(script.from).toEqual([]);
    expect(script.to).toEqual(['b2']);
    expect(script.revisions).toEqual(['a1', 'b2']);
    expect(script.sql).toBe(
      [
        '-- Athanor upgrade base -> head',
        'SELECT pg_advisory_lock(-3713711676664047815);',
        `DO $athanor$BEGIN IF to_regnamespace('"public"') IS NULL THEN CREATE SCHEMA "public"; END IF; END$athanor$;`,
        'CREATE TABLE IF NOT EXISTS "public"."athanor_version" (version_num varchar(32) NOT NULL, CONSTRAINT "athanor_version_pkc" PRIMARY KEY (version_num));',
        'CREATE TABLE IF NOT EXISTS "public"."athanor_version_history" (id bigint GENERATED BY DEFAULT AS IDENTITY, revision varchar(32) NOT NULL, action varchar(16) NOT NULL, checksum varchar(64), applied_at timestamptz NOT NULL DEFAULT now(), duration_ms integer, CONSTRAINT "athanor_version_history_pkey" PRIMARY KEY (id));',
        'BEGIN;',
        "SET statement_timeout = '1min';",
        '',
        '-- Running upgrade a1: step a1 (a1.ts)',
        'CREATE TABLE t (id integer PRIMARY KEY, name text);',
        `INSERT INTO "public"."t" ("id", "name") VALUES (1, 'O''Brien'), (2, DEFAULT);`,
        `INSERT INTO "public"."athanor_version" (version_num) VALUES ('a1');`,
        `INSERT INTO "public"."athanor_version_history" (revision, action, checksum, applied_at, duration_ms) VALUES ('a1', 'upgrade', '${a1}', COALESCE(NULL::timestamptz, now()), NULL);`,
        'COMMIT;',
        'BEGIN;',
        "SET lock_timeout = '2s';",
        '',
        '-- Running upgrade b2: step b2 (b2.ts)',
        "UPDATE t SET name = 'x' WHERE id = 2;",
        // Recorded with what it commits, as a run records it (a rerun of the revision resumes at the block).
        `INSERT INTO "public"."athanor_version_history" (revision, action, checksum, applied_at, duration_ms) VALUES ('b2', 'partial-up:0', '${b2}', COALESCE(NULL::timestamptz, now()), NULL);`,
        'COMMIT;',
        // A hand-written concurrent build waits under the online wait's bound (10min by default), not the revision's.
        "SET lock_timeout = '10min';",
        'CREATE INDEX CONCURRENTLY t_name ON t (name);',
        "SET lock_timeout = '2s';",
        'BEGIN;',
        `UPDATE "public"."athanor_version" SET version_num = 'b2' WHERE version_num = 'a1';`,
        `INSERT INTO "public"."athanor_version_history" (revision, action, checksum, applied_at, duration_ms) VALUES ('b2', 'upgrade', '${b2}', COALESCE(NULL::timestamptz, now()), NULL);`,
        'COMMIT;',
        'SELECT pg_advisory_unlock(-3713711676664047815);',
        '',
      ].join('\n'),
    );
  });

  it('uses one transaction for the whole run when asked, and renders downgrades from FROM', async () => {
    const graph = versions({ 'a1.ts': A1, 'b2.ts': B2 });
    const single = await renderMigrationScript(opts(graph, false), 'up', 'a1');
    expect(single.sql.match(/^(BEGIN|COMMIT);$/gm)).toEqual(['BEGIN', 'COMMIT'].map((s) => `${s};`));
    const down = await renderMigrationScript(opts(graph), 'down', 'head:base');
    expect(down.revisions).toEqual(['b2', 'a1']);
    expect(down.to).toEqual([]);
    expect(down.sql).toContain(`UPDATE "public"."athanor_version" SET version_num = 'a1' WHERE version_num = 'b2';`);
    expect(down.sql).toContain(`DELETE FROM "public"."athanor_version" WHERE version_num = 'a1';`);
    expect(down.sql).toContain("VALUES ('a1', 'downgrade', ");
    expect(down.sql).toContain('RESET lock_timeout;');
  });

  it('refuses op.query and an unmarked op.autocommit, naming the file', async () => {
    const reads = `${head('a1', null)}
export async function upgrade(op: Operations) { await op.query('SELECT 1'); }
export async function downgrade(op: Operations) {}
`;
    await expect(renderMigrationScript(opts(versions({ 'a1.ts': reads })), 'up', 'head')).rejects.toThrow(
      /^op\.query cannot run with --sql, where there is no database to read; test op\.offline in a1\.ts and skip the read$/,
    );
    const unmarked = `${head('a1', null)}
export async function upgrade(op: Operations) { await op.autocommit(async () => { await op.execute('VACUUM'); }); }
export async function downgrade(op: Operations) {}
`;
    await expect(renderMigrationScript(opts(versions({ 'a1.ts': unmarked })), 'up', 'head')).rejects.toThrow(
      /^a1\.ts must run partly outside a transaction \(it calls op\.autocommit\): add `export const transactional = false` to it/,
    );
  });

  it('renders a stamp, with --purge emptying the version table first', async () => {
    const graph = versions({ 'a1.ts': A1, 'b2.ts': B2 });
    const stamp = await renderStampScript(opts(graph), 'a1:b2', false);
    expect(stamp.to).toEqual(['b2']);
    expect(stamp.sql).toContain(`UPDATE "public"."athanor_version" SET version_num = 'b2' WHERE version_num = 'a1';`);
    expect(stamp.sql).not.toContain('CREATE TABLE t');
    const purge = await renderStampScript(opts(graph), 'head', true);
    expect(purge.sql).toContain(
      'DELETE FROM "public"."athanor_version";\nINSERT INTO "public"."athanor_version" (version_num) VALUES (\'b2\');',
    );
    expect(purge.revisions).toEqual(['a1', 'b2']);
  });
});
