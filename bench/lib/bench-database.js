// @ts-check
/**
 * The scratch database of a whole-command benchmark: the realistic schema
 * created in it, and the statements one reading of it sends, recorded for
 * the floor (`floorScript` in command-project.js).
 */
import { writeFileSync } from 'node:fs';
import { quoteIdent } from '../../dist/pg/quote.js';
import { reflectSchema } from '../../dist/pg/reflect.js';
import { enumsSql, forwardKeysSql, tablesSql } from './realistic-schema.js';

/** @param {string} url @param {string} database */
export function urlOf(url, database) {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/**
 * The realistic schema of `size` tables, created in batches of 100 (one
 * transaction each: a larger one can exceed the server's lock table).
 * @param {import('../../dist/pg/connection/driver.js').Driver} driver @param {number} size
 */
export async function loadSchema(driver, size) {
  await driver.exec(enumsSql(quoteIdent));
  for (let from = 0; from < size; from += 100)
    await driver.exec(tablesSql(from, Math.min(size, from + 100), quoteIdent));
  for (let from = 0; from < size; from += 100)
    await driver.exec(forwardKeysSql(from, Math.min(size, from + 100), size, quoteIdent));
  await driver.exec('ANALYZE');
}

/**
 * The statements one reading of the database sends, written to `file` for the
 * floor: the reading a comparison makes (without what uses what, which it
 * reads only when the models differ).
 * @param {import('../../dist/pg/connection/driver.js').Driver} driver @param {string} file
 */
export async function recordReflection(driver, file) {
  /** @type {({ exec: boolean, sql: string, params?: unknown[] } | { pipeline: { sql: string, params?: unknown[] }[] })[]} */
  const statements = [];
  /** @type {import('../../dist/pg/connection/driver.js').Driver} */
  const recorder = {
    kind: driver.kind,
    display: driver.display,
    query(sql, params) {
      statements.push({ exec: false, sql, params: params ?? [] });
      return driver.query(sql, params);
    },
    exec(sql) {
      statements.push({ exec: true, sql });
      return driver.exec(sql);
    },
    pipeline(pipeline, onDone) {
      statements.push({ pipeline: pipeline.map(({ sql, params }) => ({ sql, params: params ?? [] })) });
      return driver.pipeline(pipeline, onDone);
    },
    close: () => driver.close(),
  };
  await reflectSchema(recorder, { dependencies: false });
  writeFileSync(file, JSON.stringify(statements));
  return statements.reduce((count, s) => count + ('pipeline' in s ? s.pipeline.length : 1), 0);
}
