import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject, onTestFinished } from 'vitest';
import { testTarget } from './database.js';

/**
 * Generated revisions recorded as files: the upgrade and downgrade bodies of a
 * revision file, as written to disk, compared byte for byte with
 * `test/fixtures/revisions/<test file>/<test name>.txt`. The header (random
 * id, date) is left out. ATHANOR_GOLDEN=write rewrites the recorded files
 * instead of comparing; a missing file fails, so nothing passes unrecorded.
 * The files are what PostgreSQL 15 prints (the version CI's own server runs).
 * Other versions print some expressions differently (18, for one, a view on
 * one table without the table's name before its columns): for each version in
 * RECORDED_ELSEWHERE, a revision it prints differently is recorded beside as
 * `<test name>.pg<major>.txt` and compared there; recorded again on that
 * version, the file is written only where it differs from 15's, and removed
 * where it no longer does. On other versions and on PGlite the revisions are
 * not compared (the round trips still check them end to end): each comparison
 * left out is recorded on its test (`goldenNotCompared`), and the run's
 * summary counts them with the reason (test/helpers/skipped-reporter.ts).
 */
const RECORDED_MAJOR = 15;
/** The other versions whose revisions are recorded: the one `npm test` starts when no server is given. */
const RECORDED_ELSEWHERE = [18] as const;
export const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/revisions/', import.meta.url));

const WRITE = process.env.ATHANOR_GOLDEN === 'write';

/**
 * How many revisions each test has recorded so far (a test may generate more than one), by test file
 * and name: the files of a worker share this module, and two files may name a test the same.
 */
const calls = new Map<string, number>();

export function expectGoldenRevision(revisionFile: string): void {
  const major = recordedMajor();
  if (typeof major === 'string') {
    onTestFinished(({ task }) => {
      const left = task.meta.goldenNotCompared;
      task.meta.goldenNotCompared = { reason: major, count: (left?.count ?? 0) + 1 };
    });
    return;
  }
  const path = goldenPath();
  const own = major === RECORDED_MAJOR ? path : path.replace(/\.txt$/, `.pg${major}.txt`);
  const body = revisionBody(revisionFile);
  if (WRITE) {
    mkdirSync(join(path, '..'), { recursive: true });
    if (own === path || !existsSync(path) || readFileSync(path, 'utf8') !== body) writeFileSync(own, body);
    else rmSync(own, { force: true });
    return;
  }
  const recorded = existsSync(own) ? own : path;
  if (!existsSync(recorded)) {
    throw new Error(`no recorded revision at ${path}; record it with ATHANOR_GOLDEN=write`);
  }
  expect(body, `generated revision differs from ${recorded} (ATHANOR_GOLDEN=write records it again)`).toBe(
    readFileSync(recorded, 'utf8'),
  );
}

/**
 * The server's major version when its revisions are recorded; else why this
 * test's revisions are not compared with the recorded ones.
 */
function recordedMajor(): number | string {
  const versions = `PostgreSQL ${[RECORDED_MAJOR, ...RECORDED_ELSEWHERE].sort((a, b) => a - b).join(', ')}`;
  if (testTarget() !== 'server')
    return `recorded revisions not compared on PGlite: the files hold what ${versions} print`;
  const version = inject('serverVersion');
  const major = version === undefined ? RECORDED_MAJOR : Math.floor(version / 10000);
  if (major !== RECORDED_MAJOR && !(RECORDED_ELSEWHERE as readonly number[]).includes(major))
    return `recorded revisions not compared on PostgreSQL ${major}: the files hold what ${versions} print`;
  return major;
}

declare module 'vitest' {
  interface TaskMeta {
    /** How many generated revisions of the test were not compared with recorded ones, and why. */
    goldenNotCompared?: { reason: string; count: number };
  }
}

/** Everything from `export async function upgrade` on: what the comparator and the renderer decide. */
export function revisionBody(revisionFile: string): string {
  const start = revisionFile.indexOf('export async function upgrade');
  if (start < 0) throw new Error(`not a generated revision file:\n${revisionFile}`);
  return revisionFile.slice(start);
}

/** The fixture file of the running test: its file's name, then its name made a file name, then a call counter. */
function goldenPath(): string {
  const state = expect.getState();
  const testFile = basename(state.testPath ?? 'unknown').replace(/\.test\.ts$/, '');
  const testName = state.currentTestName ?? 'unknown';
  const key = `${state.testPath ?? 'unknown'}\0${testName}`;
  const call = (calls.get(key) ?? 0) + 1;
  calls.set(key, call);
  return join(GOLDEN_DIR, testFile, `${fileNameOf(testName)}${call > 1 ? `-${call}` : ''}.txt`);
}

/** A readable, bounded, unique file name: the name's words, cut at 60 characters, and a short hash of the whole name. */
export function fileNameOf(testName: string): string {
  const words = testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(testName).digest('hex').slice(0, 8);
  return `${words}-${hash}`;
}

/** The text of the one revision file in `versionsDir`. */
export function onlyRevisionFile(versionsDir: string): string {
  const files = readdirSync(versionsDir).filter((f) => f.endsWith('.ts'));
  if (files.length !== 1) throw new Error(`expected one revision file in ${versionsDir}, found ${files.length}`);
  return readFileSync(join(versionsDir, files[0]!), 'utf8');
}
