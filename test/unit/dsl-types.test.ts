import { describe, expect, it } from 'vitest';
import { normalizeTypeName } from '../../src/schema/types.js';

describe('normalizeTypeName', () => {
  it.each([
    ['int', 'integer'],
    ['INT4', 'integer'],
    ['int2', 'smallint'],
    ['int8', 'bigint'],
    ['serial4', 'serial'],
    ['serial8', 'bigserial'],
    ['bool', 'boolean'],
    ['float4', 'real'],
    ['float8', 'double precision'],
    ['float', 'double precision'],
    ['float(10)', 'real'],
    ['float(30)', 'double precision'],
    ['decimal', 'numeric'],
    ['decimal(10, 2)', 'numeric(10,2)'],
    ['numeric(10)', 'numeric(10,0)'],
    ['varchar', 'character varying'],
    ['varchar(20)', 'character varying(20)'],
    ['VARCHAR ( 20 )', 'character varying(20)'],
    ['char', 'character(1)'],
    ['char(3)', 'character(3)'],
    ['bpchar', 'bpchar'],
    ['time', 'time without time zone'],
    ['time(3)', 'time(3) without time zone'],
    ['timetz', 'time with time zone'],
    ['timestamp', 'timestamp without time zone'],
    ['timestamptz', 'timestamp with time zone'],
    ['timestamptz(3)', 'timestamp(3) with time zone'],
    ['timestamp (6) with time zone', 'timestamp(6) with time zone'],
    ['interval(2)', 'interval(2)'],
    ['interval day to second', 'interval day to second'],
    ['bit', 'bit(1)'],
    ['varbit(4)', 'bit varying(4)'],
    ['int[]', 'integer[]'],
    ['int[][]', 'integer[]'],
    ['varchar(3)[5]', 'character varying(3)[]'],
    ['text ARRAY', 'text[]'],
    ['CITEXT', 'citext'],
    ['public."MyType"', 'public."MyType"'],
    ['geometry(Point,4326)', 'geometry(Point,4326)'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeTypeName(input)).toBe(expected);
  });

  it('leaves every canonical spelling as it is', () => {
    const canonical = [
      'integer',
      'numeric(10,2)',
      'character varying(255)',
      'character(1)',
      'time(3) without time zone',
      'timestamp with time zone',
      'double precision[]',
      'public.mood',
      'billing."Tier Level"[]',
      'bit varying(5)',
    ];
    for (const type of canonical) expect(normalizeTypeName(type)).toBe(type);
  });
});
