import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AthanorError } from '../../util/errors.js';

/** The file in a PGlite data directory that says which process has it open. */
export const DIRECTORY_LOCK_FILE = 'athanor.lock';

interface DirectoryLockOptions {
  /** How long to wait for another process to let go before failing; 30 seconds by default. */
  waitMs?: number;
  /** How often to look again while waiting. */
  pollMs?: number;
}

/** A lock file that cannot be read as a pid is being written; after this long it is left over from a crash. */
const UNREADABLE_GRACE_MS = 2000;

/**
 * Holds `dir` (created if missing) for this process: a lock file opened with
 * `wx` holds the pid, so two processes never open one PGlite directory at
 * once. A lock whose process is gone is taken over. Waits up to `waitMs` for
 * a live holder, then fails with one line. The returned function removes the
 * lock file, unless another process has taken it since.
 */
export async function lockDirectory(dir: string, options: DirectoryLockOptions = {}): Promise<() => void> {
  const waitMs = options.waitMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  const path = join(dir, DIRECTORY_LOCK_FILE);
  mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryCreate(path)) return () => releaseLock(path);
    const holder = readHolder(path);
    if (holder === 'gone') continue;
    if (holder === 'stale' || (typeof holder === 'number' && !isAlive(holder))) {
      takeOver(path, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who =
        typeof holder === 'number' ? `another \`migrate\` process (pid ${holder})` : 'another `migrate` process';
      throw new AthanorError('directory-locked', `${who} is using ${dir}; wait for it or remove ${path} if it is gone`);
    }
    await sleep(pollMs);
  }
}

function tryCreate(path: string): boolean {
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw error;
  }
}

/** The pid in the lock file; `gone` when it has just been removed; `stale` when unreadable for too long; `unknown` while it may still be being written. */
function readHolder(path: string): number | 'gone' | 'stale' | 'unknown' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return 'gone';
    throw error;
  }
  const pid = /^\s*(\d+)\s*$/.exec(text);
  if (pid) return Number(pid[1]);
  try {
    return Date.now() - statSync(path).mtimeMs > UNREADABLE_GRACE_MS ? 'stale' : 'unknown';
  } catch {
    return 'gone';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM'; // alive, owned by someone else
  }
}

/**
 * Moves a stale lock aside and deletes it. The move is atomic, so of two
 * processes taking over the same stale lock only one moves it; if what was
 * moved turns out to be a fresh lock taken in between, it is put back.
 */
function takeOver(path: string, seen: number | 'stale'): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved === seen || moved === 'stale' || (typeof moved === 'number' && !isAlive(moved))) {
    unlinkSync(aside);
    return;
  }
  try {
    linkSync(aside, path);
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw error;
  }
  unlinkSync(aside);
}

function releaseLock(path: string): void {
  try {
    if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
