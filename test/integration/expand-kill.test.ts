import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import {
  cloneTestDatabase,
  createLastingDatabase,
  queryRows,
  runSql,
  testTarget,
  type TestDatabase,
} from '../helpers/database.js';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import { BIN } from '../helpers/bin.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';
import { autogenerateReshape, BASE, E3, revisionFile } from '../helpers/expand-revisions.js';

/*
 * kill -9 at random points of expand (its backfill included), of an expand
 * over an expanded revision, of contract and of abort: the same command run
 * again, or `abort`, completes, and the database is exactly at the old or the
 * new shape, every row kept, nothing of the expand left. e2 is written by
 * `migrate revision --autogenerate`; e3 goes over it, with an index built
 * concurrently. How long each command works on the test's table is measured
 * first, and each kill comes at a random time within it; the log counts the
 * kills that landed mid-command and those that came after it ended. EXPAND_KILL_TRIALS sets the number of trials (20 by
 * default, five of each kind).
 */

const TRIALS = Number(process.env.EXPAND_KILL_TRIALS ?? 20);
const ROWS = 60000;

const OLD_SHAPE = [
  "id integer not null default nextval('accounts_id_seq'::regclass)",
  'name text not null',
  'balance integer not null default 0',
  'legacy text',
];
const E2_SHAPE = [
  "id integer not null default nextval('accounts_id_seq'::regclass)",
  'full_name text not null',
  "status text not null default 'active'::text",
  'balance bigint not null default 0',
];
const E3_SHAPE = [
  "id integer not null default nextval('accounts_id_seq'::regclass)",
  'display_name text not null',
  "status text not null default 'active'::text",
  'balance bigint not null default 0',
  'tier integer default 1',
];

/** e3 over e2, with an index built concurrently (and dropped concurrently by abort). */
const E3_INDEXED = `${E3}
  await op.createIndex({ schema: 'public', table: 'accounts', index: { name: 'accounts_id_idx', columns: [{ column: 'id' }] } });`;

type Kind = 'contract' | 'abort' | 'over, then contract' | 'over, then abort';
const KINDS: readonly Kind[] = ['contract', 'abort', 'over, then contract', 'over, then abort'];

/** How a killed command ended: killed while its phase was unfinished, or finished before the kill. */
type Landed = 'mid' | 'after';

/**
 * Runs the built CLI; once the state row's phase starts with `phase` (the
 * command got to work: starting Node and reading the project take a while),
 * waits `delay` ms and kills it with SIGKILL. Resolves when it is gone, and so
 * is its session on the server (which finishes the statement it was running
 * before it sees the connection closed, holding the run's lock), with the
 * phase left and, unkilled (`delay` infinite), the time from the phase seen
 * to the phase ended (its last transaction committed). The phase is read
 * every few milliseconds on one connection. A run that ends by itself must
 * succeed.
 */
async function killedIn(
  url: string,
  cwd: string,
  argv: string[],
  phase: string,
  delay: number,
): Promise<{ left: string; ms: number }> {
  const watch = await connect(url);
  try {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    let gone = false;
    void ended.then(() => (gone = true));
    let seen: number | null = null;
    while (!gone && !(await phaseOf(watch)).startsWith(phase)) await new Promise((r) => setTimeout(r, 2));
    let finished: number | null = null;
    if (!gone) {
      seen = Date.now();
      if (Number.isFinite(delay)) {
        await new Promise((r) => setTimeout(r, delay));
        child.kill('SIGKILL');
      } else {
        while (!gone && (await phaseOf(watch)).startsWith(phase)) await new Promise((r) => setTimeout(r, 2));
        finished = Date.now();
      }
    }
    const { code, signal, at } = await ended;
    if (signal === null && code !== 0) throw new Error(`migrate ${argv.join(' ')} exited ${code}: ${stderr}`);
    await untilUnlocked(url);
    return { left: await phaseOf(watch), ms: seen === null ? 0 : Math.min(finished ?? at, at) - seen };
  } finally {
    await watch.close();
  }
}

/** Waits until no session holds an advisory lock in the database (the run's lock). */
async function untilUnlocked(url: string): Promise<void> {
  const held = async () =>
    (
      await queryRows<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )
    )[0]!.n;
  while ((await held()) > 0) await new Promise((r) => setTimeout(r, 20));
}

const shapeOf = async (url: string): Promise<string[]> =>
  (
    await queryRows<{ c: string }>(
      url,
      `SELECT attname || ' ' || format_type(atttypid, atttypmod)
         || CASE WHEN attnotnull THEN ' not null' ELSE '' END
         || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS c
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE attrelid = 'public.accounts'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    )
  ).map((r) => r.c);

async function phaseOf(driver: Driver): Promise<string> {
  const { rows: found } = await driver.query<{ t: string | null }>(
    `SELECT to_regclass('public.athanor_version_expand')::text AS t`,
  );
  if (found[0]?.t == null) return 'none';
  const { rows } = await driver.query<{
    phase: string;
    done: number;
    progress: { next: number; until: number } | null;
  }>('SELECT phase, done, progress FROM public.athanor_version_expand');
  const row = rows[0];
  if (row === undefined) return 'none';
  const backfill = row.progress === null ? '' : ` (backfill at block ${row.progress.next} of ${row.progress.until})`;
  return `${row.phase}:${row.done}${backfill}`;
}

/** The rows, the sum of the balances and of the ids. */
async function totals(url: string): Promise<string> {
  const [row] = await queryRows<{ t: string }>(
    url,
    `SELECT count(*) || '/' || sum(balance) || '/' || sum(id) AS t FROM public.accounts`,
  );
  return row!.t;
}

/** What an expand leaves until contract or abort: none of it may be left after them. */
async function leftovers(url: string): Promise<unknown[]> {
  return [
    ...(await queryRows(url, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'athanor\\_v\\_%'`)),
    ...(await queryRows(url, `SELECT proname FROM pg_proc WHERE proname LIKE 'athanor\\_%'`)),
    ...(await queryRows(
      url,
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.accounts'::regclass AND NOT tgisinternal`,
    )),
    ...(await queryRows(url, `SELECT conname FROM pg_constraint WHERE conname LIKE 'athanor\\_nn\\_%'`)),
    ...(await queryRows(url, `SELECT relname FROM pg_class WHERE relname LIKE 'athanor\\_v\\_%'`)),
    ...(await queryRows(url, 'SELECT phase FROM public.athanor_version_expand')),
  ];
}

/** The indexes of `accounts`, valid or not. */
async function indexesOf(url: string): Promise<string[]> {
  const rows = await queryRows<{ i: string }>(
    url,
    `SELECT indexrelid::regclass::text || CASE WHEN indisvalid THEN '' ELSE ' (invalid)' END AS i
     FROM pg_index WHERE indrelid = 'public.accounts'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.i);
}

async function versionsOf(url: string): Promise<{ current: string[]; history: string[] }> {
  const current = await queryRows<{ v: string }>(url, 'SELECT version_num AS v FROM athanor_version ORDER BY 1');
  const history = await queryRows<{ r: string }>(
    url,
    `SELECT revision || ' ' || action AS r FROM athanor_version_history ORDER BY id`,
  );
  return { current: current.map((r) => r.v), history: history.map((r) => r.r) };
}

/** The database at e1 with ROWS rows; every trial's is a copy. e2 autogenerated there. */
async function template(): Promise<{ db: TestDatabase; e2: string }> {
  const db = await createLastingDatabase('expand_kill_t');
  const project = tempProject(db.url);
  project.write('migrations/versions/e1_base.ts', revisionFile('e1', null, BASE));
  const base = await project.migrate('upgrade', 'e1');
  expect([base.code, base.stderr]).toEqual([0, '']);
  const e2 = await autogenerateReshape(project);
  await runSql(
    db.url,
    `INSERT INTO accounts (name, balance, legacy) SELECT 'n' || g, g % 100, 'x' FROM generate_series(1, ${ROWS}) g; ANALYZE accounts`,
  );
  return { db, e2 };
}

/** A copy of the template with a project holding e1, e2 and e3. */
async function setUp(from: { db: TestDatabase; e2: string }): Promise<{ url: string; project: TempProject }> {
  const db = await cloneTestDatabase(from.db, 'expand_kill');
  const project = tempProject(db.url);
  project.write('migrations/versions/e1_base.ts', revisionFile('e1', null, BASE));
  project.write('migrations/versions/e2_reshape.ts', from.e2);
  project.write('migrations/versions/e3_tier.ts', revisionFile('e3', 'e2', E3_INDEXED));
  return { url: db.url, project };
}

const ok = async (project: TempProject, ...argv: string[]): Promise<void> => {
  const run = await project.migrate(...argv);
  expect([argv.join(' '), run.code, run.stderr]).toEqual([argv.join(' '), 0, '']);
};

/** How long each command works on the test's table: from its phase seen to its last commit. */
interface Durations {
  expand: number;
  over: number;
  contract: number;
  abort: number;
}

async function measure(from: { db: TestDatabase; e2: string }): Promise<Durations> {
  const { url, project } = await setUp(from);
  const run = (argv: string[], phase: string) => killedIn(url, project.dir, argv, phase, Infinity);
  const expand = await run(['upgrade', 'e2', '--expand'], 'expanding');
  const abort = await run(['abort'], 'aborting');
  await ok(project, 'upgrade', 'e2', '--expand');
  const over = await run(['upgrade', 'head', '--expand'], 'expanding');
  const contract = await run(['contract'], 'contracting');
  for (const r of [expand, abort, over, contract]) expect(r.left).toMatch(/^(none|expanded:\d+)$/);
  return { expand: expand.ms, over: over.ms, contract: contract.ms, abort: abort.ms };
}

skipWhen(testTarget() !== 'server', 'kills the command line run against a server').describe(
  'kill -9 during expand, contract and abort',
  () => {
    it(
      `completes by a rerun or an abort (${TRIALS} trials)`,
      { timeout: 60_000 * Math.max(TRIALS + 2, 1) },
      async () => {
        const from = await template();
        const landed: Record<string, Record<Landed, number>> = {};
        const log: string[] = [];
        try {
          const durations = await measure(from);
          log.push(`measured (ms): ${JSON.stringify(durations)}`);
          /** Kills `argv` at a random time within its measured duration; counts where the kill landed. */
          const kill = async (
            url: string,
            project: TempProject,
            name: keyof Durations,
            argv: string[],
            phase: string,
          ): Promise<Landed> => {
            const delay = Math.random() * durations[name];
            const { left } = await killedIn(url, project.dir, argv, phase, delay);
            const where: Landed = left.startsWith(phase) ? 'mid' : 'after';
            (landed[name] ??= { mid: 0, after: 0 })[where]++;
            log.push(`${name} killed at ${Math.round(delay)} ms: ${where === 'mid' ? left : 'ended before'}`);
            return where;
          };

          for (let trial = 0; trial < TRIALS; trial++) {
            const kind = KINDS[trial % KINDS.length]!;
            log.push(`trial ${trial + 1}: ${kind}`);
            const { url, project } = await setUp(from);
            const before = await totals(url);
            let target = 'e2';
            if (kind.startsWith('over')) {
              await ok(project, 'upgrade', 'e2', '--expand');
              target = 'head';
            }
            const expandArgv = ['upgrade', target, '--expand'];
            const expand = await kill(
              url,
              project,
              kind.startsWith('over') ? 'over' : 'expand',
              expandArgv,
              'expanding',
            );
            if (kind.endsWith('contract')) {
              if (expand === 'mid') await ok(project, ...expandArgv);
              if ((await kill(url, project, 'contract', ['contract'], 'contracting')) === 'mid')
                await ok(project, 'contract');
              expect(await shapeOf(url)).toEqual(target === 'e2' ? E2_SHAPE : E3_SHAPE);
              expect(await indexesOf(url)).toEqual(
                target === 'e2' ? ['accounts_pkey'] : ['accounts_id_idx', 'accounts_pkey'],
              );
              expect(await versionsOf(url)).toEqual({
                current: [target === 'e2' ? 'e2' : 'e3'],
                history: ['e1 upgrade', 'e2 upgrade', ...(target === 'e2' ? [] : ['e3 upgrade'])],
              });
            } else {
              if ((await kill(url, project, 'abort', ['abort'], 'aborting')) === 'mid') await ok(project, 'abort');
              expect(await shapeOf(url)).toEqual(OLD_SHAPE);
              expect(await indexesOf(url)).toEqual(['accounts_pkey']);
              expect(await versionsOf(url)).toEqual({ current: ['e1'], history: ['e1 upgrade'] });
            }
            expect(await totals(url)).toBe(before);
            expect(await leftovers(url)).toEqual([]);
          }
        } finally {
          const counts = Object.entries(landed).map(
            ([name, n]) => `${name}: ${n.mid} killed mid-command, ${n.after} after it ended`,
          );
          console.log(`expand kill trials:\n  ${[...log, ...counts].join('\n  ')}`);
          await from.db.drop();
        }
      },
    );
  },
);
