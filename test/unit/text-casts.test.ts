import { describe, expect, it } from 'vitest';
import { castsToAsk, withUsingToWrite } from '../../src/autogen/plan/text-casts.js';
import type { Operation } from '../../src/ops/operation.js';
import { retype } from '../helpers/operations.js';

describe('type changes Postgres has no cast for', () => {
  it('asks each plain cast once, both ways; one with its own USING or through text is not asked', () => {
    const ops = [
      retype('a', 'time without time zone', 'timestamp without time zone'),
      retype('b', 'time without time zone', 'timestamp without time zone'),
      retype('c', 'integer', 'text', { using: 'c::text', down: 'c::integer' }),
      retype('d', 'public.mood', 'integer', { throughText: true }),
      { kind: 'dropTable', schema: 'public', name: 'x' } as Operation,
    ];
    expect(castsToAsk(ops)).toEqual([
      { from: 'time without time zone', to: 'timestamp without time zone' },
      { from: 'timestamp without time zone', to: 'time without time zone' },
    ]);
  });

  it("writes the placeholder where the cast is missing, the downgrade's as `down`, with a note for each", () => {
    const [up, down] = [
      retype('a', 'time without time zone', 'timestamp without time zone'),
      retype('b', 'timestamp without time zone', 'time without time zone'),
    ];
    const { operations, notes } = withUsingToWrite(
      [up!, down!],
      [{ from: 'time without time zone', to: 'timestamp without time zone' }],
    );
    expect(operations).toEqual([
      { ...up, using: 'TODO(using)' },
      { ...down, down: 'TODO(using)' },
    ]);
    expect(notes).toEqual([
      'public.t.a: Postgres has no cast from time without time zone to timestamp without time zone; write the USING expression in place of TODO(using)',
      "public.t.b: Postgres has no cast from time without time zone to timestamp without time zone; write the downgrade's (down) expression in place of TODO(using)",
    ]);
  });

  // Reduced from a health-records server's history: a code column made an array of codes.
  it('asks both ways for a change of array depth, which a cast serves only through an array literal', () => {
    const op = retype('code', 'text', 'text[]');
    expect(castsToAsk([op])).toEqual([]);
    const { operations, notes } = withUsingToWrite([op], []);
    expect(operations).toEqual([{ ...op, using: 'TODO(using)', down: 'TODO(using)' }]);
    expect(notes).toEqual([
      'public.t.code: text to text[] changes the depth of arrays, which a cast serves only by reading or writing an array literal; write the USING expression (ARRAY[...], say) in place of TODO(using)',
      "public.t.code: text[] to text changes the depth of arrays, which a cast serves only by reading or writing an array literal; write the downgrade's (down) expression (...[1], say) in place of TODO(using)",
    ]);
  });

  // A Prisma history turned 25 columns into timestamptz with `AT TIME ZONE 'UTC'`; a plain cast reads the session's zone.
  it("asks the zone of a change between a time with a zone and one without, which a cast reads in the session's TimeZone", () => {
    const ops = [
      retype('at', 'timestamp(3) without time zone', 'timestamp(3) with time zone'),
      retype('day', 'date', 'timestamp with time zone'),
      retype('seen', 'timestamp with time zone', 'date', {
        using: `("seen" AT TIME ZONE 'UTC')::date`,
      }),
      retype('opens', 'time without time zone', 'time with time zone'),
      retype('p', 'timestamp(3) without time zone', 'timestamp without time zone'),
      retype('clock', 'time with time zone', 'time without time zone'),
    ];
    expect(castsToAsk(ops)).toEqual([
      { from: 'time with time zone', to: 'time without time zone' },
      { from: 'timestamp(3) without time zone', to: 'timestamp without time zone' },
      { from: 'timestamp without time zone', to: 'timestamp(3) without time zone' },
    ]);
    const { operations, notes } = withUsingToWrite(ops, []);
    expect(operations).toEqual([
      { ...ops[0], using: 'TODO(using)', down: 'TODO(using)' },
      { ...ops[1], using: 'TODO(using)', down: 'TODO(using)' },
      { ...ops[2], down: 'TODO(using)' },
      { ...ops[3], using: 'TODO(using)' },
      ops[4],
      { ...ops[5], down: 'TODO(using)' },
    ]);
    const session =
      'reads each value in the TimeZone of the session that runs it, which differs between servers and clients';
    expect(notes).toEqual([
      `public.t.at: timestamp(3) without time zone to timestamp(3) with time zone ${session}; write the USING expression ("at" AT TIME ZONE 'UTC', say, for values written in UTC) in place of TODO(using)`,
      `public.t.at: timestamp(3) with time zone to timestamp(3) without time zone ${session}; write the downgrade's (down) expression ("at" AT TIME ZONE 'UTC', say, for values written in UTC) in place of TODO(using)`,
      `public.t.day: date to timestamp with time zone ${session}; write the USING expression ("day"::timestamp AT TIME ZONE 'UTC', say, for values written in UTC) in place of TODO(using)`,
      `public.t.day: timestamp with time zone to date ${session}; write the downgrade's (down) expression (("day" AT TIME ZONE 'UTC')::date, say, for values written in UTC) in place of TODO(using)`,
      `public.t.seen: date to timestamp with time zone ${session}; write the downgrade's (down) expression ("seen"::timestamp AT TIME ZONE 'UTC', say, for values written in UTC) in place of TODO(using)`,
      `public.t.opens: time without time zone to time with time zone ${session}; write the USING expression ("opens" AT TIME ZONE 'UTC', say, for values written in UTC) in place of TODO(using)`,
      `public.t.clock: time without time zone to time with time zone ${session}; write the downgrade's (down) expression ("clock" AT TIME ZONE 'UTC', say, for values written in UTC) in place of TODO(using)`,
    ]);
  });
});
