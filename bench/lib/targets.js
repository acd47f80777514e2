// @ts-check
import { randomBytes } from 'node:crypto';
import { connect } from '../../dist/pg/connection/driver.js';
import { compileOperation } from '../../dist/pg/ddl/compile.js';
import { quoteIdent } from '../../dist/pg/quote.js';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A database to measure against, with a way to give it back.
 * @typedef {object} Target
 * @property {string} name
 * @property {import('../../dist/pg/connection/driver.js').Driver} driver
 * @property {string} version the server version, e.g. `15.20`
 * @property {() => Promise<void>} release closes the connection and drops what was created
 */

/** The server url: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local default. */
export function serverUrl() {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL;
}

/**
 * Creates the scratch database `athanor_bench_<random>` on the server and
 * connects to it; `release` drops it again.
 * @param {string} url the server's maintenance database
 * @returns {Promise<Target>}
 */
export async function openServerTarget(url) {
  const name = `athanor_bench_${randomBytes(6).toString('hex')}`;
  const admin = await connect(url);
  try {
    await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (error) {
    await admin.close();
    throw error;
  }
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  /** @type {import('../../dist/pg/connection/driver.js').Driver} */
  let driver;
  try {
    driver = await connect(scratchUrl.toString());
  } catch (error) {
    await dropDatabase(admin, name);
    throw error;
  }
  return {
    name: `server (${admin.display})`,
    driver,
    version: await serverVersion(driver),
    async release() {
      await driver.close().catch(() => undefined);
      await dropDatabase(admin, name);
    },
  };
}

/**
 * @param {import('../../dist/pg/connection/driver.js').Driver} admin
 * @param {string} name
 */
async function dropDatabase(admin, name) {
  try {
    await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}

/** An in-memory PGlite. @returns {Promise<Target>} */
export async function openPgliteTarget() {
  const driver = await connect('pglite:memory:');
  return {
    name: 'pglite (memory)',
    driver,
    version: await serverVersion(driver),
    release: () => driver.close(),
  };
}

/** @param {import('../../dist/pg/connection/driver.js').Driver} driver */
async function serverVersion(driver) {
  const { rows } = await driver.query('SHOW server_version');
  return String(rows[0]?.server_version ?? 'unknown');
}

/**
 * Empties the `public` schema, so that every size starts from nothing.
 * @param {import('../../dist/pg/connection/driver.js').Driver} driver
 */
export async function resetPublicSchema(driver) {
  await driver.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
}

/**
 * Creates a model's enums and tables (in model order, so each foreign key's
 * target exists) with the project's DDL compiler, in one transaction.
 * @param {import('../../dist/pg/connection/driver.js').Driver} driver
 * @param {import('../../dist/schema/model.js').SchemaModel} model
 */
export async function applyModel(driver, model) {
  /** @type {import('../../dist/ops/operation.js').Operation[]} */
  const ops = [
    ...model.schemas.map((schema) => ({ kind: /** @type {const} */ ('createSchema'), schema })),
    ...model.enums.map((e) => ({ kind: /** @type {const} */ ('createEnum'), enum: e })),
    ...model.tables.map((table) => ({ kind: /** @type {const} */ ('createTable'), table })),
  ];
  await driver.exec('BEGIN');
  try {
    for (const op of ops) {
      for (const statement of compileOperation(op)) await driver.query(statement.sql, statement.params);
    }
    await driver.exec('COMMIT');
  } catch (error) {
    await driver.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
