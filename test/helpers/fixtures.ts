import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared real-world schemas, next to the project. */
export const REAL_SCHEMAS = fileURLToPath(new URL('../../../shared/fixtures/real-schemas/', import.meta.url));

/** chinook.sql without the lines that drop, create and switch databases, so it loads anywhere. */
export function chinookSql(): string {
  return readFileSync(`${REAL_SCHEMAS}chinook.sql`, 'utf8')
    .split('\n')
    .filter((line) => !/^(DROP DATABASE|CREATE DATABASE|\\c )/.test(line))
    .join('\n');
}

export function hasPgDump(): boolean {
  try {
    execFileSync('pg_dump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `pg_dump --schema-only` without the noise that does not describe the schema:
 * comments, ownership, privileges, SET lines, blank lines, and the version table.
 */
export function schemaDump(url: string, versionTable = 'athanor_version'): string {
  const dump = execFileSync(
    'pg_dump',
    ['--schema-only', '--no-owner', '--no-privileges', '--no-comments', `--exclude-table=*.${versionTable}`, '-d', url],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return dump
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('--') && !/^(SET |SELECT pg_catalog\.set_config|\\(un)?restrict )/.test(line))
    .join('\n');
}
