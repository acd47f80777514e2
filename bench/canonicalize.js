// @ts-check
/**
 * Canonicalization with compare first: `node bench/canonicalize.js [tables]`
 * (built tree). Loads the generated schema into a scratch database, then
 * times reflection (the floor of `check`), canonicalization of the model as
 * the database prints it (nothing to send), of that model with 5% of its
 * tables given a check as a user writes it, and of the whole model without
 * the live reflection (every table created, in batches under the lock
 * budget); and of the model as written (the generator's spellings) against
 * the database, without the cache of canonical forms, with an empty cache
 * and with the cache the previous run wrote. Prints one JSON record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffModels } from '../dist/autogen/compare.js';

/** The operations of a comparison. */
const compareModels = (/** @type {any} */ current, /** @type {any} */ target) => diffModels(current, target).operations;
import { openCacheFile } from '../dist/commands/compare/canonical-cache-file.js';
import { canonicalizeModel } from '../dist/canonical/canonicalize.js';
import { reflectSchema } from '../dist/pg/reflect.js';
import { countingDriver } from './lib/counting-driver.js';
import { generateModel } from './lib/generate-model.js';
import { compileOperation } from '../dist/pg/ddl/compile.js';
import { openServerTarget, serverUrl } from './lib/targets.js';

const size = Number(process.argv[2] ?? 1000);

/**
 * Creates the model's enums and tables in transactions of 50 tables, so that
 * loading stays under the server's lock table too.
 * @param {import('../dist/pg/connection/driver.js').Driver} driver
 * @param {import('../dist/schema/model.js').SchemaModel} model
 */
async function load(driver, model) {
  /** @type {import('../dist/ops/operation.js').Operation[]} */
  const ops = [
    ...model.enums.map((e) => ({ kind: /** @type {const} */ ('createEnum'), enum: e })),
    ...model.tables.map((table) => ({ kind: /** @type {const} */ ('createTable'), table })),
  ];
  for (let i = 0; i < ops.length; i += 50) {
    const sql = ops.slice(i, i + 50).flatMap((op) => compileOperation(op).map((s) => `${s.sql}\n;`));
    await driver.exec(`BEGIN;\n${sql.join('\n')}\nCOMMIT`);
  }
}
const target = await openServerTarget(serverUrl());
/** @param {() => Promise<unknown>} run */
async function timed(run) {
  const start = performance.now();
  const result = await run();
  return { ms: Math.round(performance.now() - start), result };
}
try {
  await load(target.driver, generateModel(size));
  const counter = countingDriver(target.driver);
  const reflect = await timed(() => reflectSchema(counter));
  const live = /** @type {import('../dist/schema/model.js').SchemaModel} */ (reflect.result);
  const record = { tables: size, server: target.version, reflectMs: reflect.ms };
  counter.reset();
  const same = await timed(() => canonicalizeModel(counter, structuredClone(live), live));
  Object.assign(record, {
    matchingMs: same.ms,
    matchingStatements: counter.statements,
    matchingOps: compareModels(live, /** @type {any} */ (same.result)).length,
  });
  const changed = structuredClone(live);
  const every = Math.round(100 / 5);
  changed.tables.forEach((t, i) => {
    if (i % every === 0) t.checks.push({ name: `${t.name}_code_check`, expression: "code <> ''" });
  });
  counter.reset();
  const five = await timed(() => canonicalizeModel(counter, changed, live));
  Object.assign(record, {
    changedTables: Math.ceil(size / every),
    changedMs: five.ms,
    changedStatements: counter.statements,
    changedOps: compareModels(live, /** @type {any} */ (five.result)).length,
  });
  // The model as written (the generator's spellings, not the server's), against the database it made:
  // without the cache, then with an empty cache file (stored), then with the file the first run wrote.
  const written = generateModel(size);
  const cacheDir = mkdtempSync(join(tmpdir(), 'athanor-bench-cache-'));
  const cacheFile = join(cacheDir, 'canonical-cache.json');
  for (const [label, open] of /** @type {const} */ ([
    ['written', () => undefined],
    ['writtenCold', () => openCacheFile(cacheFile)],
    ['writtenWarm', () => openCacheFile(cacheFile)],
  ])) {
    counter.reset();
    const cache = open();
    const run = await timed(async () => {
      const result = await canonicalizeModel(counter, written, live, cache);
      cache?.save();
      return result;
    });
    Object.assign(record, {
      [`${label}Ms`]: run.ms,
      [`${label}Statements`]: counter.statements,
      [`${label}Ops`]: compareModels(live, /** @type {any} */ (run.result)).length,
    });
  }
  rmSync(cacheDir, { recursive: true, force: true });
  if (!process.argv.includes('--no-whole')) {
    counter.reset();
    const whole = await timed(() => canonicalizeModel(counter, structuredClone(live)));
    Object.assign(record, {
      wholeMs: whole.ms,
      wholeStatements: counter.statements,
      wholeOps: compareModels(live, /** @type {any} */ (whole.result)).length,
    });
  }
  const used = process.memoryUsage();
  Object.assign(record, { rssMiB: Math.round(used.rss / 2 ** 20) });
  console.log(JSON.stringify(record));
} finally {
  await target.release();
}
