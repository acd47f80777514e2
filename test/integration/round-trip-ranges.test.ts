import { describe, inject, it } from 'vitest';
import { testTarget } from '../helpers/database.js';
import { roundTrip } from '../helpers/round-trip.js';

/** Multirange types came with PostgreSQL 14: before, the range type keeps Postgres' own (no) multirange. */
const multiranges = testTarget() === 'pglite' || (inject('serverVersion') ?? 0) >= 140000;

/**
 * A booking schema (a range type over timestamps with a subtype_diff
 * function of its own and a multirange name of its own, which a column's
 * type names, a built-in range's twin over numbers, bookings that may not
 * overlap: an exclusion constraint on a column of the range type, a view and
 * a function over it), taken
 * through the whole round trip (`roundTrip`): pulled, generated into an
 * empty database, equal to the original (catalog and pg_dump), downgraded
 * to empty.
 */
const BOOKING_SQL = `
CREATE SCHEMA booking;
CREATE FUNCTION booking.slot_diff(a timestamptz, b timestamptz) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM (a - b))::double precision $$;
CREATE TYPE booking.slot AS RANGE (SUBTYPE = timestamptz, SUBTYPE_DIFF = booking.slot_diff${
  multiranges ? ', MULTIRANGE_TYPE_NAME = booking.slots' : ''
});
COMMENT ON TYPE booking.slot IS 'a booked time';
CREATE TYPE booking.price_band AS RANGE (SUBTYPE = numeric, SUBTYPE_DIFF = numrange_subdiff);
CREATE TABLE booking.room (id integer PRIMARY KEY, name text NOT NULL, prices booking.price_band, free ${
  multiranges ? 'booking.slots' : 'booking.slot[]'
});
CREATE TABLE booking.reservation (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id integer NOT NULL REFERENCES booking.room (id),
  during booking.slot NOT NULL,
  cancelled boolean NOT NULL DEFAULT false,
  CONSTRAINT reservation_bounded CHECK (NOT upper_inf(during) AND NOT lower_inf(during)),
  CONSTRAINT reservation_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled)
);
CREATE INDEX reservation_room_idx ON booking.reservation (room_id);
CREATE VIEW booking.upcoming AS
  SELECT id, room_id, during FROM booking.reservation WHERE lower(during) > now() AND NOT cancelled;
CREATE FUNCTION booking.hours(s booking.slot) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM upper(s) - lower(s)) / 3600 $$;
`;

describe('round trip: a booking schema with range types and an exclusion constraint', { timeout: 240_000 }, () => {
  it('pulled, generated into an empty database, equal, downgraded to empty', async () => {
    await roundTrip(BOOKING_SQL);
  });
});
