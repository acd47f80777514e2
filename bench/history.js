#!/usr/bin/env node
// @ts-check
/**
 * The history benchmark: `npm run bench:history` (builds first), or
 * `node bench/history.js` on a built tree. Prints figures; it never asserts.
 *
 *   --revisions=10000   revisions for heads, history and upgrade --sql
 *   --applied=1000      revisions upgrade head applies to a fresh database
 *   --alembic=5         runs of each tool in the side by side with Alembic
 *                       (0 leaves it out; it is left out too when no
 *                       `python3 -m alembic` is installed)
 *
 * Each command runs as a user runs it: a fresh `node bin/migrate.js` process
 * in a temporary project holding a linear chain of trivial revisions
 * (`op.execute('SELECT 1')`; the first declares a branch label, as a project
 * that names its trunk does, so every revision is under it), with the
 * project's own temporary folder (the loader's transforms of its files are
 * removed with it), under /usr/bin/time for its CPU time and peak
 * memory. Beside them, in the same run, the floor: a fresh node process that
 * connects and runs `SELECT 1`. `upgrade head` runs on a fresh database:
 * once, then again after `downgrade base`, then in one transaction. Last, the
 * long chain's database is stamped one revision short of head and `upgrade
 * head` applies the last one: what a deploy pays for a history of that length.
 * The server is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local one.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '../dist/pg/connection/driver.js';
import { quoteIdent } from '../dist/pg/quote.js';
import { findAlembic, writeAlembicProject } from './lib/alembic.js';
import { formatTable } from './lib/report.js';
import { serverUrl } from './lib/targets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'migrate.js');

function options() {
  const { values } = parseArgs({
    options: {
      revisions: { type: 'string', default: '10000' },
      applied: { type: 'string', default: '1000' },
      alembic: { type: 'string', default: '5' },
    },
  });
  return { revisions: Number(values.revisions), applied: Number(values.applied), alembic: Number(values.alembic) };
}

/** @param {string} url @param {string} database */
function urlOf(url, database) {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/**
 * A project with `count` trivial revisions in a chain, pointed at `url`
 * (ATHANOR_BENCH_URL in the environment wins).
 * @param {number} count @param {string} url
 */
function writeProject(count, url) {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-history-'));
  mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  // The commands' temporary folder, so the loader's kept transforms of these files go with the project.
  mkdirSync(join(dir, 'tmp'), { mode: 0o700 });
  symlinkSync(ROOT, join(dir, 'node_modules', 'athanor'));
  writeFileSync(
    join(dir, 'migrate.config.ts'),
    `import { defineConfig } from 'athanor';\nexport default defineConfig({ url: process.env.ATHANOR_BENCH_URL ?? ${JSON.stringify(url)} });\n`,
  );
  writeFileSync(
    join(dir, 'models.ts'),
    "import { defineMetadata } from 'athanor';\nexport const metadata = defineMetadata();\n",
  );
  for (let i = 0; i < count; i++) {
    const id = `r${String(i).padStart(6, '0')}`;
    const down = i === 0 ? 'null' : `'r${String(i - 1).padStart(6, '0')}'`;
    const body = [
      "import type { Operations } from 'athanor';",
      `export const revision = '${id}';`,
      `export const downRevision: string | null = ${down};`,
      `export const message = 'step ${i}';`,
      ...(i === 0 ? ["export const branchLabels = ['trunk'];"] : []),
      "export async function upgrade(op: Operations): Promise<void> {\n  await op.execute('SELECT 1');\n}",
      "export async function downgrade(op: Operations): Promise<void> {\n  await op.execute('SELECT 1');\n}",
      '',
    ].join('\n');
    writeFileSync(join(dir, 'migrations', 'versions', `${id}_step.ts`), body);
  }
  return dir;
}

/**
 * Runs a fresh process under /usr/bin/time: wall seconds, CPU seconds (user
 * and system) and peak resident MiB.
 * @param {string} cwd @param {string[]} argv @param {Record<string, string>} [env]
 */
function measure(cwd, argv, env = {}) {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...argv], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, TMPDIR: join(cwd, 'tmp'), ...env },
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${argv.join(' ')} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  const [user, system, kib] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds, cpu: user + system, mib: kib / 1024 };
}

/**
 * `upgrade head` of the same chain by Alembic and by `migrate`, each after a
 * `downgrade base`, the two in turn `runs` times: each run and the means, to print.
 * @param {number} runs @param {number} applied
 * @param {{ admin: import('../dist/pg/connection/driver.js').Driver, server: string }} target
 * @param {string} project
 * @param {(dir: string, argv: string[]) => { seconds: number }} migrate
 */
async function besideAlembic(runs, applied, { admin, server }, project, migrate) {
  const found = findAlembic();
  if (found === null)
    return 'Alembic: not installed (python3 -m alembic; ALEMBIC_PYTHON names another), side by side left out';
  const database = `athanor_bench_${randomBytes(6).toString('hex')}`;
  await admin.exec(`CREATE DATABASE ${quoteIdent(database)}`);
  const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-alembic-'));
  try {
    mkdirSync(join(dir, 'tmp'), { mode: 0o700 });
    writeAlembicProject(dir, applied, urlOf(server, database), found.python);
    const alembic = (/** @type {string[]} */ argv) => measure(dir, [found.python, '-m', 'alembic', ...argv]);
    alembic(['upgrade', 'head']); // compiles the revisions (__pycache__), as a project that ran once has
    const times = { alembic: /** @type {number[]} */ ([]), migrate: /** @type {number[]} */ ([]) };
    for (let i = 0; i < runs; i++) {
      alembic(['downgrade', 'base']);
      times.alembic.push(alembic(['upgrade', 'head']).seconds);
      migrate(project, ['downgrade', 'base']);
      times.migrate.push(migrate(project, ['upgrade', 'head']).seconds);
    }
    const mean = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return [
      `upgrade head over ${applied} revisions, the two tools in turn (wall s; Alembic ${found.alembic}, SQLAlchemy ${found.sqlalchemy}):`,
      formatTable(
        ['tool', 'runs', 'mean'],
        Object.entries(times).map(([tool, xs]) => [tool, xs.map((x) => x.toFixed(2)).join(' '), mean(xs).toFixed(2)]),
      ),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.exec(`DROP DATABASE ${quoteIdent(database)} WITH (FORCE)`);
  }
}

async function main() {
  const { revisions, applied, alembic: sideBySide } = options();
  const server = serverUrl();
  const database = `athanor_bench_${randomBytes(6).toString('hex')}`;
  const admin = await connect(server);
  await admin.exec(`CREATE DATABASE ${quoteIdent(database)}`);
  const url = urlOf(server, database);
  const many = writeProject(revisions, 'postgres://nobody@127.0.0.1:1/none');
  const few = writeProject(applied, url);
  try {
    const floorScript = `import('${join(ROOT, 'dist', 'pg', 'driver.js')}').then(async ({ connect }) => { const d = await connect(${JSON.stringify(url)}); await d.query('SELECT 1'); await d.close(); })`;
    const floor = measure(few, [process.execPath, '-e', floorScript]);
    const migrate = (
      /** @type {string} */ dir,
      /** @type {string[]} */ argv,
      /** @type {Record<string, string>} */ env = {},
    ) => measure(dir, [process.execPath, BIN, ...argv], env);
    const load = () => loadavg()[0].toFixed(2);
    console.log(`history: node ${process.version}, ${cpus().length} CPUs, load average ${load()} at start`);
    const rows = [
      ['heads', revisions, migrate(many, ['heads'])],
      ['history', revisions, migrate(many, ['history'])],
      ['upgrade head --sql', revisions, migrate(many, ['upgrade', 'head', '--sql'])],
      ['upgrade head', applied, migrate(few, ['upgrade', 'head'])],
    ];
    migrate(few, ['downgrade', 'base']);
    rows.push(['upgrade head, again after downgrade base', applied, migrate(few, ['upgrade', 'head'])]);
    migrate(few, ['downgrade', 'base']);
    rows.push([
      'upgrade head --single-transaction',
      applied,
      migrate(few, ['upgrade', 'head', '--single-transaction']),
    ]);
    // Before the long chain's row, which stamps this database with that chain's revisions.
    const beside = sideBySide > 0 ? await besideAlembic(sideBySide, applied, { admin, server }, few, migrate) : '';
    const longChain = { ATHANOR_BENCH_URL: url };
    migrate(many, ['stamp', '--purge', `r${String(revisions - 2).padStart(6, '0')}`], longChain);
    rows.push([`upgrade head, 1 of ${revisions} to apply`, 1, migrate(many, ['upgrade', 'head'], longChain)]);
    const table = rows.map(([command, count, m]) => {
      const { seconds, cpu, mib } = /** @type {{ seconds: number, cpu: number, mib: number }} */ (m);
      return [
        String(command),
        String(count),
        seconds.toFixed(2),
        cpu.toFixed(2),
        (seconds / floor.seconds).toFixed(1),
        mib.toFixed(0),
      ];
    });
    console.log(
      `floor (node, connect, SELECT 1): ${floor.seconds.toFixed(2)} s, ${floor.cpu.toFixed(2)} s CPU, ${floor.mib.toFixed(0)} MiB`,
    );
    console.log(formatTable(['command', 'revisions', 'wall s', 'cpu s', 'x floor', 'peak MiB'], table));
    if (beside) console.log(beside);
    console.log(`load average ${load()} at end`);
  } finally {
    rmSync(many, { recursive: true, force: true });
    rmSync(few, { recursive: true, force: true });
    await admin.exec(`DROP DATABASE ${quoteIdent(database)} WITH (FORCE)`);
    await admin.close();
  }
}

await main();
