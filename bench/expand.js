#!/usr/bin/env node
// @ts-check
/**
 * The expand and contract benchmark: `npm run bench:expand` (builds first),
 * or `node bench/expand.js` on a built tree, on a server (BENCH_DATABASE_URL,
 * else TEST_DATABASE_URL, else the local one).
 *
 *   --rows=1000000   rows in the table
 *
 * A table of --rows rows; a revision that renames a column, widens integer
 * to bigint, adds a NOT NULL column with a default and drops a column. Each
 * command runs as a user runs it (`node bin/migrate.js` in a temporary
 * project): `upgrade --expand`, `contract`, then again `upgrade --expand`
 * and `abort` on a fresh copy. Measured: each command's wall time. Checked:
 * the row count and the sum of the widened column are unchanged.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '../dist/pg/connection/driver.js';
import { quoteIdent } from '../dist/pg/quote.js';
import { formatTable } from './lib/report.js';
import { serverUrl } from './lib/targets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'migrate.js');
const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const rows = Number(values.rows);

/** @param {string} id @param {string | null} down @param {string} body */
const revision = (id, down, body) =>
  [
    "import type { Operations } from 'athanor';",
    `export const revision = '${id}';`,
    `export const downRevision: string | null = ${down === null ? 'null' : `'${down}'`};`,
    `export const message = '${id}';`,
    `export async function upgrade(op: Operations): Promise<void> {\n${body}\n}`,
    'export async function downgrade(op: Operations): Promise<void> {}',
    '',
  ].join('\n');

const CHANGES = [
  "  await op.renameColumn({ schema: 'public', table: 'accounts', from: 'name', to: 'full_name' });",
  "  await op.alterColumn({ schema: 'public', table: 'accounts', column: 'balance', to: { type: 'bigint' }, from: { type: 'integer' } });",
  "  await op.addColumn({ schema: 'public', table: 'accounts', column: { name: 'status', type: 'text', nullable: false, default: \"'active'::text\", identity: null } });",
  "  await op.dropColumn({ schema: 'public', table: 'accounts', column: 'legacy' });",
].join('\n');

/** @param {string} dir @param {string[]} argv */
function migrate(dir, argv) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`migrate ${argv.join(' ')}: ${run.stderr}`);
  return performance.now() - started;
}

async function trial(/** @type {'contract' | 'abort'} */ finish) {
  const admin = await connect(serverUrl());
  const name = `athanor_bench_${randomBytes(6).toString('hex')}`;
  await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-expand-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'athanor'));
    writeFileSync(
      join(dir, 'migrate.config.ts'),
      `import { defineConfig } from 'athanor';\nexport default defineConfig({ url: ${JSON.stringify(url.toString())} });\n`,
    );
    mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
    writeFileSync(
      join(dir, 'migrations', 'versions', 'e1_base.ts'),
      revision(
        'e1',
        null,
        "  await op.execute('CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, balance integer NOT NULL DEFAULT 0, legacy text)');",
      ),
    );
    writeFileSync(join(dir, 'migrations', 'versions', 'e2_reshape.ts'), revision('e2', 'e1', CHANGES));
    migrate(dir, ['upgrade', 'e1']);
    const db = await connect(url.toString());
    try {
      await db.exec(
        `INSERT INTO accounts (name, balance, legacy) SELECT 'n' || g, g % 100, 'x' FROM generate_series(1, ${rows}) g`,
      );
      await db.exec('VACUUM ANALYZE accounts');
      const totals = async () =>
        (await db.query(`SELECT count(*)::text || '/' || sum(balance)::text AS t FROM accounts`)).rows[0];
      const before = await totals();
      const expand = migrate(dir, ['upgrade', 'head', '--expand']);
      const end = migrate(dir, [finish]);
      const after = await totals();
      return { finish, expand, end, held: JSON.stringify(before) === JSON.stringify(after) };
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.close();
  }
}

const results = [await trial('contract'), await trial('abort')];
console.log(`expand and contract, ${rows} rows (wall time of each command, Node's start included)`);
console.log(
  formatTable(
    ['run', 'upgrade --expand', 'contract / abort', 'rows and sum kept'],
    results.map((r) => [
      `expand + ${r.finish}`,
      `${(r.expand / 1000).toFixed(2)} s`,
      `${(r.end / 1000).toFixed(2)} s`,
      r.held ? 'yes' : 'NO',
    ]),
  ),
);
process.exit(results.every((r) => r.held) ? 0 : 1);
