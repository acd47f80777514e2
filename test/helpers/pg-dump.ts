import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The pg_dump the tests compare schemas with, or none, and why. */
export interface PgDumpChoice {
  /** The binary to run; null when no pg_dump can dump the test server. */
  path: string | null;
  /** What was chosen, or why none was, in one sentence. */
  note: string;
}

/** The major version of a pg_dump binary (`pg_dump (PostgreSQL) 15.4` gives 15), or null when it does not run. */
function pgDumpMajor(path: string): number | null {
  try {
    const version = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const major = /\b(\d+)(\.\d+)*\b/.exec(version)?.[1];
    return major === undefined ? null : Number(major);
  } catch {
    return null;
  }
}

/**
 * pg_dump refuses a server of a newer major than its own ("server version
 * mismatch"). For a server started from an npm package (`serverBin`, its
 * `native/bin`), the pg_dump beside its `postgres` when the package ships
 * one; otherwise the machine's `pg_dump` when its major is the server's or
 * newer; otherwise none, and the tests compare schemas through the catalog
 * alone (the reflected model, constraints and indexes by definition).
 */
export function choosePgDump(serverMajor: number, serverBin?: string): PgDumpChoice {
  if (serverBin !== undefined) {
    const shipped = join(serverBin, 'pg_dump');
    const major = existsSync(shipped) ? pgDumpMajor(shipped) : null;
    if (major !== null && major >= serverMajor) {
      return { path: shipped, note: `pg_dump ${major} from the test server's npm package` };
    }
  }
  const machine = pgDumpMajor('pg_dump');
  if (machine !== null && machine >= serverMajor) {
    return { path: 'pg_dump', note: `the machine's pg_dump ${machine}` };
  }
  const shipped = serverBin === undefined ? '' : "the server's npm package ships no pg_dump and ";
  const found = machine === null ? 'the machine has none' : `the machine's is ${machine}, older than the server`;
  return {
    path: null,
    note:
      `no pg_dump for the test server (PostgreSQL ${serverMajor}): ${shipped}${found}; ` +
      'schemas are compared through the catalog only (the reflected model, constraints and indexes), not pg_dump',
  };
}
