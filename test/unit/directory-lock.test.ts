import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DIRECTORY_LOCK_FILE, lockDirectory } from '../../src/pg/connection/directory-lock.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-lock-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The pid of a process that has exited: a lock it left behind is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

/** A live process other than this one, killed after the test. */
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  onTestFinished(() => void child.kill());
  return child.pid!;
}

describe('PGlite data directory lock', () => {
  const lockPath = (dir: string) => join(dir, DIRECTORY_LOCK_FILE);

  it('holds the pid in a lock file until released, then removes it', async () => {
    const dir = join(tempDir(), 'dev');
    const release = await lockDirectory(dir);
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(existsSync(lockPath(dir))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a directory a live process holds, after waiting the bounded time', async () => {
    const dir = tempDir();
    const pid = livePid();
    writeFileSync(lockPath(dir), `${pid}\n`);
    const started = Date.now();
    await expect(lockDirectory(dir, { waitMs: 300, pollMs: 50 })).rejects.toThrow(
      `another \`migrate\` process (pid ${pid}) is using ${dir}; wait for it or remove ${lockPath(dir)} if it is gone`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(pid));
  });

  it('takes the directory once its holder releases it', async () => {
    const dir = tempDir();
    const first = await lockDirectory(dir);
    setTimeout(first, 150);
    const second = await lockDirectory(dir, { waitMs: 5000, pollMs: 20 });
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(process.pid));
    second();
    expect(existsSync(lockPath(dir))).toBe(false);
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = tempDir();
    writeFileSync(lockPath(dir), `${deadPid()}\n`);
    const release = await lockDirectory(dir, { waitMs: 0 });
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not remove a lock another process took after this one let go', async () => {
    const dir = tempDir();
    const release = await lockDirectory(dir);
    const pid = livePid();
    writeFileSync(lockPath(dir), `${pid}\n`);
    release();
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(pid));
  });
});
