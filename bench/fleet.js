#!/usr/bin/env node
// @ts-check
/**
 * The fleet benchmark: `npm run bench:fleet` (builds first), or
 * `node bench/fleet.js` on a built tree. Prints figures; it never asserts.
 *
 *   --schemas=1000      tenant schemas in one scratch database (0 skips)
 *   --databases=20      tenant databases, plus one unreachable (0 skips)
 *   --concurrency=8     the fleet's --concurrency
 *
 * Each case writes the fleet fixture (a two-table model, a chain of five
 * revisions) into a temporary project, runs the built CLI
 * `migrate upgrade head --tenants all --concurrency N --json` as a child
 * process, and samples, every 20 ms, the connections the server has open to
 * the fleet's databases (`pg_stat_activity`) and the child's resident memory
 * (`/proc/<pid>/status`, Linux). Then it runs the same command again, which
 * finds nothing to do, and for the schemas `check --tenants all` (the drift
 * report: the model is canonicalized and compared once per tenant). The server is BENCH_DATABASE_URL, else
 * TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '../dist/pg/connection/driver.js';
import { quoteIdent } from '../dist/pg/quote.js';
import { median } from './lib/measure.js';
import { tenantNames, writeFleetProject } from './lib/fleet-fixture.js';
import { serverUrl } from './lib/targets.js';

const BIN = fileURLToPath(new URL('../bin/migrate.js', import.meta.url));

function options() {
  const { values } = parseArgs({
    options: {
      schemas: { type: 'string', default: '1000' },
      databases: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '8' },
    },
  });
  /** @param {string | undefined} text @param {string} flag */
  const whole = (text, flag) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a whole number, e.g. ${flag}=10`);
    return n;
  };
  return {
    schemas: whole(values.schemas, '--schemas'),
    databases: whole(values.databases, '--databases'),
    concurrency: Math.max(1, whole(values.concurrency, '--concurrency')),
  };
}

/** @param {string} url @param {string} database */
function urlOf(url, database) {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/** The child's resident memory in bytes, or null where /proc is not there. @param {number} pid */
function residentBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs the CLI in `dir` while sampling; returns the wall time, the peaks and the records it printed.
 * @param {string} dir
 * @param {string[]} argv
 * @param {import('../dist/pg/connection/driver.js').Driver} admin
 * @param {string[]} databases
 */
async function measuredRun(dir, argv, admin, databases) {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...argv], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const finished = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  let peakConnections = 0;
  let peakMemory = /** @type {number | null} */ (null);
  let running = true;
  const sampler = (async () => {
    while (running) {
      const { rows } = await admin.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()',
        [databases],
      );
      peakConnections = Math.max(peakConnections, /** @type {{ n: number }} */ (rows[0]).n);
      const rss = child.pid === undefined ? null : residentBytes(child.pid);
      if (rss !== null) peakMemory = Math.max(peakMemory ?? 0, rss);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const code = await finished;
  running = false;
  await sampler;
  const ms = performance.now() - started;
  /** @type {{ status: string, durationMs: number, from?: string[], to?: string[], clean?: boolean }[]} */
  let records = [];
  try {
    records = JSON.parse(stdout);
  } catch {
    throw new Error(`the CLI printed no records (exit ${code}): ${stderr.trim()}`);
  }
  return { ms, code, peakConnections, peakMemory, records };
}

/** @param {string} label @param {Awaited<ReturnType<typeof measuredRun>>} run */
function report(label, run) {
  const done = run.records.filter((r) => r.status === 'done');
  const failed = run.records.filter((r) => r.status === 'failed').length;
  const outcome = done.some((r) => r.clean !== undefined)
    ? `differing ${done.filter((r) => r.clean === false).length}`
    : `upgraded ${done.filter((r) => r.from?.join() !== r.to?.join()).length}`;
  const mib = run.peakMemory === null ? 'n/a' : `${(run.peakMemory / 1024 / 1024).toFixed(0)} MiB`;
  console.log(
    `${label.padEnd(50)} ${String(run.records.length).padStart(5)} tenants  ${(run.ms / 1000).toFixed(1).padStart(6)} s total  ` +
      `${(run.ms / run.records.length).toFixed(1).padStart(6)} ms/tenant (wall)  median ${median(
        done.map((r) => r.durationMs),
      )
        .toFixed(0)
        .padStart(4)} ms/tenant  ` +
      `${outcome}, failed ${failed}  peak ${run.peakConnections} connections, ${mib}`,
  );
}

/**
 * Creates what a case needs, runs it twice, and always drops what it created.
 * @param {string} label
 * @param {(admin: import('../dist/pg/connection/driver.js').Driver, tag: string) => Promise<{ databases: string[], tenants: string, url: string | null }>} setup
 * @param {number} concurrency
 * @param {string[]} extra more CLI options
 * @param {boolean} drift also time `check --tenants all` afterwards
 */
async function runCase(label, setup, concurrency, extra = [], drift = false) {
  const admin = await connect(serverUrl());
  const tag = randomBytes(4).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'athanor-fleet-bench-'));
  /** @type {string[]} */
  let databases = [];
  try {
    const made = await setup(admin, tag);
    databases = made.databases;
    writeFleetProject(dir, made.url, made.tenants);
    const argv = ['upgrade', 'head', '--tenants', 'all', '--concurrency', String(concurrency), '--json', ...extra];
    report(`${label}: upgrade head`, await measuredRun(dir, argv, admin, databases));
    report(`${label}: rerun (nothing to do)`, await measuredRun(dir, argv, admin, databases));
    if (drift)
      report(`${label}: check (drift report)`, await measuredRun(dir, ['check', ...argv.slice(2)], admin, databases));
  } finally {
    for (const name of databases)
      await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => undefined);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const opts = options();
console.log(`fleet benchmark: --concurrency ${opts.concurrency}, server ${serverUrl().replace(/:[^:@/]*@/, ':***@')}`);
if (opts.schemas > 0) {
  await runCase(
    `${opts.schemas} schemas`,
    async (admin, tag) => {
      const name = `athanor_bench_${tag}`;
      await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
      return {
        databases: [name],
        url: urlOf(serverUrl(), name),
        tenants: `{ template: 'tenant', schemas: ${JSON.stringify(tenantNames(opts.schemas))} }`,
      };
    },
    opts.concurrency,
    [],
    true,
  );
}
if (opts.databases > 0) {
  await runCase(
    `${opts.databases} databases + 1 unreachable`,
    async (admin, tag) => {
      /** @type {Record<string, string>} */
      const urls = {};
      const names = [];
      for (let i = 0; i < opts.databases; i++) {
        const name = `athanor_bench_${tag}_${i}`;
        await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
        names.push(name);
        urls[`db${i}`] = urlOf(serverUrl(), name);
      }
      urls.unreachable = 'postgres://postgres@127.0.0.1:1/none';
      return { databases: names, url: null, tenants: `{ databases: ${JSON.stringify(urls)} }` };
    },
    opts.concurrency,
    ['--continue-on-error'],
  );
}
