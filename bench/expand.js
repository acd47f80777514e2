#!/usr/bin/env node
// @ts-check
/**
 * The expand and contract benchmark: `npm run bench:expand` (builds first),
 * or `node bench/expand.js` on a built tree, on a server (BENCH_DATABASE_URL,
 * else TEST_DATABASE_URL, else the local one), with pgbench (Debian's
 * postgresql-client package; PGBENCH sets another path) playing the
 * application's two versions.
 *
 *   --rows=1000000   rows in the table
 *   --clients=2      pgbench clients of each version of the application
 *   --before=10      seconds the old version runs alone before the deploy
 *   --served=10      seconds both versions run between expand and contract (or abort)
 *
 * A table of --rows rows; a revision that renames a column, widens integer
 * to bigint, adds a NOT NULL column with a default and drops a column. Each
 * command runs as a user runs it (`node bin/migrate.js` in a temporary
 * project). Two runs, each on a fresh database: the old version of the
 * application (pgbench on the tables as they are, unthrottled) runs alone
 * for --before seconds, then through `upgrade --expand`; the new version
 * (pgbench with search_path = the version schema) starts once expand has
 * made its schema; both run --served seconds, then through `contract`; in
 * the second run the new version stops after --served seconds and `abort`
 * runs under the old one.
 *
 * Measured for each phase (before, expand before its backfill, the backfill,
 * expand after it, both served, contract or abort): its wall time (Node's
 * start included in the commands'); the transactions each version committed
 * a second (from pgbench's per-transaction log) against the old version's
 * rate before the deploy, and the longest transaction; the lock waits, from
 * a side connection that samples `pg_locks` every 50 ms: the longest wait
 * and their total, of the applications and of `migrate`. The backfill is
 * told apart by the same sampling (the expand state row holds its progress).
 * Checked: every transaction of both versions that committed is in the
 * table (row count and the sum of the widened column), and no client failed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
const PGBENCH = process.env.PGBENCH || '/usr/bin/pgbench';
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '2' },
    before: { type: 'string', default: '10' },
    served: { type: 'string', default: '10' },
  },
});
const rows = Number(values.rows);
const clients = Number(values.clients);
const beforeSeconds = Number(values.before);
const servedSeconds = Number(values.served);
/** pgbench's log is buffered: it runs this long past the last phase measured, so that none of it is lost at its end. */
const TAIL_MS = 3000;
const SAMPLE_MS = 50;
const VERSION_SCHEMA = 'athanor_v_e2';

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

/** Each transaction of the old version adds 2 to the sum of balance and one row named 'old'; of the new one, 4 and 'new'. */
const OLD_SCRIPT = `\\set id random(1, ${rows})
BEGIN;
UPDATE accounts SET balance = balance + 1 WHERE id = :id;
INSERT INTO accounts (name, balance, legacy) VALUES ('old', 1, 'x');
SELECT name, balance FROM accounts WHERE id = :id;
END;
`;
const NEW_SCRIPT = `\\set id random(1, ${rows})
BEGIN;
UPDATE accounts SET balance = balance + 2 WHERE id = :id;
INSERT INTO accounts (full_name, balance) VALUES ('new', 2);
SELECT full_name, balance, status FROM accounts WHERE id = :id;
END;
`;

/** @param {string} dir @param {string[]} argv @returns {Promise<{ start: number; end: number }>} */
function migrate(dir, argv) {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d.toString()));
    child.on('close', (code) =>
      code === 0 ? resolve({ start, end: Date.now() }) : reject(new Error(`migrate ${argv.join(' ')}: ${stderr}`)),
    );
  });
}

/**
 * One application version: pgbench in the background, a transaction log in
 * `dir/<name>.*`; `stop` ends it (its log then holds all but its last instants).
 * @param {{ url: string; dir: string; name: 'old' | 'new'; script: string; seconds: number; searchPath: string | null }} o
 */
function application(o) {
  const script = join(o.dir, `${o.name}.sql`);
  writeFileSync(script, o.script);
  const logs = join(o.dir, `log-${o.name}`);
  mkdirSync(logs);
  const started = Date.now();
  const child = spawn(
    PGBENCH,
    ['-n', '-c', String(clients), '-T', String(o.seconds), '-l', '--log-prefix', join(logs, 'tx'), '-f', script, o.url],
    {
      cwd: logs,
      env: {
        ...process.env,
        PGAPPNAME: `bench-${o.name}`,
        ...(o.searchPath === null ? {} : { PGOPTIONS: `-c search_path=${o.searchPath}` }),
      },
    },
  );
  let output = '';
  let killed = false;
  child.stdout.on('data', (d) => (output += d.toString()));
  child.stderr.on('data', (d) => (output += d.toString()));
  let exited = Infinity;
  /** @type {Promise<number | null>} */
  const closed = new Promise((resolve) =>
    child.on('close', (code) => {
      exited = Date.now();
      resolve(code);
    }),
  );
  return {
    closed,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killed = true;
        child.kill('SIGTERM');
      }
      await closed;
    },
    /** Problems pgbench reported (a client aborted, an error from the server). */
    failures: () => output.split('\n').filter((l) => /abort|ERROR|FATAL/.test(l)),
    /**
     * Each committed transaction: when it ended (ms since the epoch) and its
     * latency (ms); and until when the log is complete (stopped, pgbench
     * loses what it had not written of it yet).
     */
    log: () => {
      const transactions = readdirSync(logs).flatMap((file) =>
        readFileSync(join(logs, file), 'utf8')
          .split('\n')
          .slice(0, -1)
          .map((line) => {
            const f = line.split(' ');
            return { end: Number(f[4]) * 1000 + Number(f[5]) / 1000, latency: Number(f[2]) / 1000 };
          }),
      );
      const complete = killed ? Math.max(0, ...transactions.map((t) => t.end)) : exited;
      return { transactions, started, complete };
    },
  };
}

/**
 * Samples the database every 50 ms from its own connection: the sessions
 * waiting for a lock (who, since when) and whether a backfill is under way.
 * @param {string} url
 */
async function sampler(url) {
  const db = await connect(url);
  const { rows: v } = await db.query(`SELECT current_setting('server_version_num')::int AS n`);
  // pg_locks.waitstart is there from PostgreSQL 14; before it, a wait counts from the first sample that sees it.
  const since = v[0].n >= 140000 ? 'min(l.waitstart)' : 'NULL::timestamptz';
  const sql = `SELECT extract(epoch FROM clock_timestamp()) * 1000 AS now,
      (SELECT progress IS NOT NULL FROM public.athanor_version_expand WHERE to_regclass('public.athanor_version_expand') IS NOT NULL AND id = 1) AS backfilling,
      coalesce((SELECT json_agg(w) FROM (
        SELECT a.pid, a.application_name AS app, extract(epoch FROM ${since}) * 1000 AS since
        FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted
        WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
        GROUP BY a.pid, a.application_name) w), '[]') AS waits`;
  /** @type {Map<string, { who: string; start: number; last: number }>} */
  const open = new Map();
  /** @type {{ who: string; start: number; end: number }[]} */
  const waits = [];
  /** @type {{ start: number; end: number } | null} */
  let backfill = null;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      // A query that fails (the state table dropped under it) is one sample missed.
      const sample = await db.query(sql).then(
        (r) => r.rows[0],
        () => null,
      );
      if (sample !== null) {
        const now = Number(sample.now);
        const seen = new Set();
        for (const w of typeof sample.waits === 'string' ? JSON.parse(sample.waits) : sample.waits) {
          const key = String(w.pid);
          seen.add(key);
          const prior = open.get(key);
          const start = w.since === null ? (prior?.start ?? now) : Number(w.since);
          if (prior !== undefined && Math.abs(prior.start - start) < 1) prior.last = now;
          else {
            if (prior !== undefined) waits.push({ who: prior.who, start: prior.start, end: prior.last });
            open.set(key, { who: String(w.app).startsWith('bench-') ? 'applications' : 'migrate', start, last: now });
          }
        }
        for (const [key, w] of open)
          if (!seen.has(key)) {
            waits.push({ who: w.who, start: w.start, end: w.last });
            open.delete(key);
          }
        if (sample.backfilling === true && backfill === null) backfill = { start: now, end: Infinity };
        if (sample.backfilling !== true && backfill !== null && backfill.end === Infinity) backfill.end = now;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, SAMPLE_MS - (Date.now() - started))));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      for (const w of open.values()) waits.push({ who: w.who, start: w.start, end: w.last });
      await db.close();
      return { waits, backfill };
    },
  };
}

async function trial(/** @type {'contract' | 'abort'} */ finish) {
  const admin = await connect(serverUrl());
  const name = `athanor_bench_${randomBytes(6).toString('hex')}`;
  await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-expand-'));
  /** @type {ReturnType<typeof application>[]} */
  const apps = [];
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
    await migrate(dir, ['upgrade', 'e1']);
    const db = await connect(url.toString());
    try {
      await db.exec(
        `INSERT INTO accounts (name, balance, legacy) SELECT 'n' || g, g % 100, 'x' FROM generate_series(1, ${rows}) g`,
      );
      await db.exec('VACUUM ANALYZE accounts');
      const totals = async () =>
        (await db.query(`SELECT count(*)::bigint::text AS n, sum(balance)::bigint::text AS s FROM accounts`)).rows[0];
      const before = await totals();

      const side = await sampler(url.toString());
      const long = 24 * 3600;
      const base = { url: url.toString(), dir };
      const old = application({ ...base, name: 'old', script: OLD_SCRIPT, seconds: long, searchPath: null });
      apps.push(old);
      const oldStart = Date.now();
      await new Promise((resolve) => setTimeout(resolve, beforeSeconds * 1000));
      const expand = await migrate(dir, ['upgrade', 'head', '--expand']);
      const next = application({
        ...base,
        name: 'new',
        script: NEW_SCRIPT,
        seconds: finish === 'contract' ? long : servedSeconds,
        searchPath: `${VERSION_SCHEMA},public`,
      });
      apps.push(next);
      let end;
      if (finish === 'contract') {
        await new Promise((resolve) => setTimeout(resolve, servedSeconds * 1000));
        // The old version goes away before contract gives the tables the new shape.
        await old.stop();
        end = await migrate(dir, ['contract']);
      } else {
        // The new version goes away before abort takes its schema.
        await next.closed;
        end = await migrate(dir, ['abort']);
      }
      await new Promise((resolve) => setTimeout(resolve, TAIL_MS));
      for (const app of apps) await app.stop();
      const { waits, backfill } = await side.stop();

      const column = finish === 'contract' ? 'full_name' : 'name';
      const { rows: written } = await db.query(
        `SELECT count(*) FILTER (WHERE ${column} = 'old')::int AS old, count(*) FILTER (WHERE ${column} = 'new')::int AS new FROM accounts`,
      );
      const after = await totals();
      const held =
        BigInt(after.n) === BigInt(before.n) + BigInt(written[0].old + written[0].new) &&
        BigInt(after.s) === BigInt(before.s) + BigInt(2 * written[0].old + 4 * written[0].new);

      /** @type {[string, number, number][]} */
      const phases = [['before', oldStart + 1000, expand.start]];
      if (backfill !== null && backfill.start >= expand.start && backfill.end <= expand.end) {
        phases.push(['expand, before the backfill', expand.start, backfill.start]);
        phases.push(['expand, backfill', backfill.start, backfill.end]);
        phases.push(['expand, after the backfill', backfill.end, expand.end]);
      } else phases.push(['expand', expand.start, expand.end]);
      phases.push(['both versions served', expand.end, end.start]);
      phases.push([finish, end.start, end.end]);

      const logs = { old: old.log(), new: next.log() };
      /** An application's transactions a second over [from, to), as far as its log is complete; null when it was not running. */
      /** @param {ReturnType<typeof old.log>} log @param {number} from @param {number} to */
      const rate = (log, from, to) => {
        const until = Math.min(to, log.complete);
        if (until <= from || log.started >= to) return null;
        return log.transactions.filter((t) => t.end >= from && t.end < until).length / ((until - from) / 1000);
      };
      return {
        finish,
        held,
        failures: [...old.failures(), ...next.failures()],
        phases: phases.map(([label, from, to]) => {
          const inside = (/** @type {{ end: number }} */ t) => t.end >= from && t.end < to;
          const tx = { old: logs.old.transactions.filter(inside), new: logs.new.transactions.filter(inside) };
          const overlap = (/** @type {{ who: string; start: number; end: number }} */ w, /** @type {string} */ who) =>
            w.who === who ? Math.max(0, Math.min(w.end, to) - Math.max(w.start, from)) : 0;
          const waited = (/** @type {string} */ who) => {
            const spans = waits.map((w) => overlap(w, who)).filter((ms) => ms > 0);
            return { longest: Math.max(0, ...spans), total: spans.reduce((a, b) => a + b, 0) };
          };
          return {
            label,
            seconds: (to - from) / 1000,
            tps: { old: rate(logs.old, from, to), new: rate(logs.new, from, to) },
            slowest: Math.max(0, ...tx.old.map((t) => t.latency), ...tx.new.map((t) => t.latency)),
            apps: waited('applications'),
            migrate: waited('migrate'),
          };
        }),
      };
    } finally {
      await db.close();
    }
  } finally {
    for (const app of apps) await app.stop();
    rmSync(dir, { recursive: true, force: true });
    await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.close();
  }
}

const results = [await trial('contract'), await trial('abort')];
const ms = (/** @type {number} */ n) => (n < 1000 ? `${n.toFixed(0)} ms` : `${(n / 1000).toFixed(2)} s`);
console.log(
  `expand and contract, ${rows} rows, ${clients} pgbench clients for each version of the application (unthrottled)`,
);
for (const r of results) {
  const baseline = r.phases[0].tps.old ?? NaN;
  const share = (/** @type {number | null} */ tps) =>
    tps === null ? '-' : `${tps.toFixed(0)} (${((100 * tps) / baseline).toFixed(0)}%)`;
  console.log(
    `\nexpand + ${r.finish}: rows and sum kept: ${r.held ? 'yes' : 'NO'}; clients failed: ${r.failures.length}`,
  );
  console.log(
    formatTable(
      [
        'phase',
        'wall',
        'old tx/s (% before)',
        'new tx/s',
        'both (% before)',
        'slowest tx',
        'app lock waits: longest, total',
        'migrate lock waits: longest, total',
      ],
      r.phases.map((p) => [
        p.label,
        `${p.seconds.toFixed(2)} s`,
        share(p.tps.old),
        p.tps.new === null ? '-' : p.tps.new.toFixed(0),
        share((p.tps.old ?? 0) + (p.tps.new ?? 0)),
        ms(p.slowest),
        `${ms(p.apps.longest)}, ${ms(p.apps.total)}`,
        `${ms(p.migrate.longest)}, ${ms(p.migrate.total)}`,
      ]),
    ),
  );
  for (const f of r.failures.slice(0, 5)) console.log(`  ${f}`);
}
process.exit(results.every((r) => r.held && r.failures.length === 0) ? 0 : 1);
