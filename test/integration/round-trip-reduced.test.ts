import { describe, it } from 'vitest';
import { roundTrip } from '../helpers/round-trip.js';

/**
 * Schemas reduced from real ones that once lost something on the way, each
 * taken through the whole round trip (`roundTrip`).
 */
describe('round trips of reduced real schemas', { timeout: 240_000 }, () => {
  it('a comment on a function whose argument is an enum', async () => {
    await roundTrip(`
      CREATE TYPE en AS ENUM ('a');
      CREATE FUNCTION f(x en) RETURNS integer LANGUAGE sql AS 'select 1';
      COMMENT ON FUNCTION f(x en) IS 'c';
    `);
  });
});
