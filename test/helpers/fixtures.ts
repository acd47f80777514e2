import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { connect } from '../../src/pg/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { testTarget } from './database.js';

/**
 * The shared real-world schemas: ATHANOR_REAL_SCHEMAS when set (a clone made
 * elsewhere, such as the README test's, points back at them), otherwise
 * `shared/fixtures/real-schemas/` next to the repository.
 */
export const REAL_SCHEMAS = process.env.ATHANOR_REAL_SCHEMAS
  ? `${process.env.ATHANOR_REAL_SCHEMAS.replace(/\/+$/, '')}/`
  : fileURLToPath(new URL('../../../shared/fixtures/real-schemas/', import.meta.url));

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
 * comments, ownership, privileges, SET lines, blank lines, and the tool's own tables.
 */
export function schemaDump(url: string, versionTable = 'athanor_version'): string {
  const dump = execFileSync(
    'pg_dump',
    ['--schema-only', '--no-owner', '--no-privileges', '--no-comments', `--exclude-table=*.${versionTable}*`, '-d', url],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return dump
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('--') && !/^(SET |SELECT pg_catalog\.set_config|\\(un)?restrict )/.test(line))
    .join('\n');
}

/** Reflects a database through the project's own reflector, leaving out the tool's own tables. */
export async function reflectedModel(url: string): Promise<SchemaModel> {
  const driver = await connect(url);
  try {
    const model = await reflectSchema(driver);
    return { ...model, tables: model.tables.filter((t) => !t.name.startsWith('athanor_')) };
  } finally {
    await driver.close();
  }
}

/**
 * Asserts two databases hold the same schema: by `pg_dump --schema-only` where
 * pg_dump can reach them (a server), and always by the reflected model.
 */
export async function expectSameSchema(actualUrl: string, expectedUrl: string): Promise<void> {
  expect(await reflectedModel(actualUrl)).toEqual(await reflectedModel(expectedUrl));
  if (testTarget() === 'server' && hasPgDump()) expect(schemaDump(actualUrl)).toEqual(schemaDump(expectedUrl));
}
