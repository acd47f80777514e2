import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { BIN } from '../helpers/bin.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';
import { ACCOUNT_CHANGES, revisionFile } from '../helpers/expand-revisions.js';

/*
 * kill -9 at random points of expand (its backfill included), contract and
 * abort: the same command run again, or `abort`, completes, and the table
 * holds every row with the old or the new shape. EXPAND_KILL_TRIALS sets the
 * number of trials (4 by default).
 */

const TRIALS = Number(process.env.EXPAND_KILL_TRIALS ?? 4);
const ROWS = 60000;

const OLD_SHAPE = ['id integer', 'name text', 'balance integer', 'legacy text'];
const NEW_SHAPE = ['id integer', 'full_name text', 'status text', 'balance bigint'];

/**
 * Runs the built CLI; once the state row shows `phase` (the command got to
 * work: starting Node and reading the project take a while), waits a random
 * time up to `ms` and kills it with SIGKILL. Resolves when it is gone, and
 * so is its session on the server (which finishes the statement it was
 * running before it sees the connection closed, holding the run's lock).
 */
function killedIn(url: string, cwd: string, argv: string[], phase: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, stdio: 'ignore' });
    let gone = false;
    child.on('close', () => {
      gone = true;
      void untilUnlocked(url).then(resolve);
    });
    const poll = async (): Promise<void> => {
      while (!gone && !(await phaseOf(url)).startsWith(phase)) await new Promise((r) => setTimeout(r, 20));
      if (gone) return;
      await new Promise((r) => setTimeout(r, Math.random() * ms));
      child.kill('SIGKILL');
    };
    void poll();
  });
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
      `SELECT attname || ' ' || format_type(atttypid, atttypmod) AS c FROM pg_attribute
       WHERE attrelid = 'public.accounts'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    )
  ).map((r) => r.c);

const phaseOf = async (url: string): Promise<string> => {
  const found = await queryRows<{ t: string | null }>(
    url,
    `SELECT to_regclass('public.athanor_version_expand')::text AS t`,
  );
  if (found[0]?.t == null) return 'none';
  const rows = await queryRows<{ phase: string; done: number }>(
    url,
    'SELECT phase, done FROM public.athanor_version_expand',
  );
  return rows[0] === undefined ? 'none' : `${rows[0].phase}:${rows[0].done}`;
};

async function totals(url: string, column: string): Promise<string> {
  const [row] = await queryRows<{ t: string }>(
    url,
    `SELECT count(*) || '/' || sum(${column}) AS t FROM public.accounts`,
  );
  return row!.t;
}

async function setUp(): Promise<{ url: string; project: TempProject }> {
  const db = await createTestDatabase('expand_kill');
  const project = tempProject(db.url);
  project.write(
    'migrations/versions/e1_base.ts',
    revisionFile(
      'e1',
      null,
      `  await op.execute('CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, balance integer NOT NULL DEFAULT 0, legacy text)');`,
    ),
  );
  project.write('migrations/versions/e2_reshape.ts', revisionFile('e2', 'e1', ACCOUNT_CHANGES));
  expect((await project.migrate('upgrade', 'e1')).code).toBe(0);
  await runSql(
    db.url,
    `INSERT INTO accounts (name, balance, legacy) SELECT 'n' || g, g % 100, 'x' FROM generate_series(1, ${ROWS}) g`,
  );
  return { url: db.url, project };
}

skipWhen(testTarget() !== 'server', 'kills the command line run against a server').describe(
  'kill -9 during expand, contract and abort',
  () => {
    it(`completes by a rerun or an abort (${TRIALS} trials)`, { timeout: 60_000 * Math.max(TRIALS, 1) }, async () => {
      const seen: string[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const { url, project } = await setUp();
        const before = await totals(url, 'balance');
        await killedIn(url, project.dir, ['upgrade', 'head', '--expand'], 'expanding', 1500);
        const killedAt = await phaseOf(url);
        const finish = trial % 2 === 0 ? 'contract' : 'abort';
        if (finish === 'contract') {
          if (killedAt === 'none' || killedAt.startsWith('expanding')) {
            const rerun = await project.migrate('upgrade', 'head', '--expand');
            expect([rerun.code, rerun.stderr]).toEqual([0, '']);
          }
          await killedIn(url, project.dir, ['contract'], 'contracting', 400);
          const killedInContract = await phaseOf(url);
          seen.push(`expand killed at ${killedAt}, contract killed at ${killedInContract}`);
          if (killedInContract !== 'none') {
            const rerun = await project.migrate('contract');
            expect([rerun.code, rerun.stderr]).toEqual([0, '']);
          }
          expect(await shapeOf(url)).toEqual(NEW_SHAPE);
        } else {
          if (killedAt !== 'none') {
            await killedIn(url, project.dir, ['abort'], 'aborting', 300);
            const killedInAbort = await phaseOf(url);
            seen.push(`expand killed at ${killedAt}, abort killed at ${killedInAbort}`);
            if (killedInAbort !== 'none') {
              const rerun = await project.migrate('abort');
              expect([rerun.code, rerun.stderr]).toEqual([0, '']);
            }
          } else seen.push('expand killed before it started');
          expect(await shapeOf(url)).toEqual(OLD_SHAPE);
        }
        expect(await totals(url, 'balance')).toBe(before);
        expect(await phaseOf(url)).toBe('none');
        expect(await queryRows(url, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'athanor_v_%'`)).toEqual([]);
        expect(
          await queryRows(
            url,
            `SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.accounts'::regclass AND NOT tgisinternal`,
          ),
        ).toEqual([]);
      }
      console.log(`expand kill trials:\n  ${seen.join('\n  ')}`);
    });
  },
);
