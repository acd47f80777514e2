import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomDependentSchema } from '../helpers/random-dependent-schema.js';
import { roundTrip } from '../helpers/round-trip.js';

/**
 * Random schemas whose objects depend on each other across kinds (domains
 * over row types, routines over domains, views over routines and views, keys
 * into partitioned tables and key cycles, shared sequences, inheritance),
 * each taken through the whole round trip (`roundTrip`).
 *
 * The suite runs a fixed seed and a few schemas, so that it stays within
 * about a minute. ATHANOR_PROPERTY_SEED and ATHANOR_PROPERTY_RUNS choose
 * others, ATHANOR_PROPERTY_PATH with the seed replays one failure
 * (`npm run bench:property` runs many). A failure prints its seed, its path
 * and the shrunk schema as SQL.
 */

const SEED = Number(process.env.ATHANOR_PROPERTY_SEED ?? 50);
const RUNS = Number(process.env.ATHANOR_PROPERTY_RUNS ?? 8);
const PATH = process.env.ATHANOR_PROPERTY_PATH;

/** The failure as one message: how to replay it, the schema as SQL, and what went wrong. */
function failureReport(details: fc.RunDetails<[string]>): string {
  const [sql] = details.counterexample ?? ['(none)'];
  const error = details.errorInstance;
  // An assertion's message shortens what it compared; the whole of what was received is what says why.
  const received = error instanceof Error && 'actual' in error ? `\nreceived:\n${String(error.actual)}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return [
    `random dependent schema fails its round trip after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s)`,
    `replay: ATHANOR_PROPERTY_SEED=${details.seed} ATHANOR_PROPERTY_PATH=${details.counterexamplePath}`,
    '--- schema',
    sql,
    '--- error',
    message + received,
  ].join('\n');
}

describe('property: random dependent schemas round trip', () => {
  // Shrinking a failure runs many more round trips: fast-check stops it at its limit and reports
  // the smallest schema so far, before the test's own timeout would lose it.
  const limit = RUNS * 60_000 + 20 * 60_000;
  it(`${RUNS} schema(s) from seed ${SEED}`, { timeout: limit + 120_000 }, async () => {
    const details = await fc.check(fc.asyncProperty(randomDependentSchema, roundTrip), {
      seed: SEED,
      numRuns: RUNS,
      interruptAfterTimeLimit: limit,
      ...(PATH === undefined ? {} : { path: PATH }),
    });
    expect(details.failed, details.failed ? failureReport(details) : '').toBe(false);
  });
});
