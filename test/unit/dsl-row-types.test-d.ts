import { describe, expectTypeOf, it } from 'vitest';
import {
  bigint,
  bigserial,
  boolean,
  bytea,
  char,
  check,
  customType,
  date,
  defineMetadata,
  doublePrecision,
  foreignKey,
  index,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  real,
  serial,
  smallint,
  smallserial,
  sql,
  text,
  time,
  timestamp,
  timestamptz,
  unique,
  uuid,
  varchar,
  type AnyTable,
  type InsertOf,
  type RowOf,
} from '../../src/schema/index.js';

// Type tests: vitest checks them with tsc (the `types` project, tsconfig.type-tests.json); nothing here runs.

const metadata = defineMetadata();
const mood = metadata.enum('mood', ['sad', 'ok', 'happy']);

const orgs = metadata.table('orgs', { id: serial().primaryKey(), name: text().notNull() });

const everything = metadata.table('everything', {
  a_smallint: smallint(),
  a_integer: integer().notNull(),
  a_bigint: bigint().notNull(),
  a_serial: serial(),
  a_smallserial: smallserial(),
  a_bigserial: bigserial(),
  a_numeric: numeric(10, 2).notNull(),
  a_real: real().notNull(),
  a_double: doublePrecision().notNull(),
  a_boolean: boolean().notNull(),
  a_text: text().notNull(),
  a_varchar: varchar(3).notNull(),
  a_char: char(2).notNull(),
  a_uuid: uuid().notNull(),
  a_date: date().notNull(),
  a_timestamp: timestamp().notNull(),
  a_timestamptz: timestamptz(3).notNull(),
  a_time: time().notNull(),
  a_interval: interval().notNull(),
  a_json: json().notNull(),
  a_jsonb: jsonb<{ theme: string }>().notNull(),
  a_bytea: bytea().notNull(),
  a_tags: text().array().notNull(),
  a_mood: mood.column().notNull(),
  a_moods: mood.column().array(),
  a_custom: customType('citext').notNull(),
  a_typed_custom: customType<number[]>('vector(3)').notNull(),
});

const users = metadata.table(
  'users',
  {
    id: bigint().identity('always').primaryKey(),
    seq: integer().identity('byDefault'),
    email: varchar(255).notNull().unique(),
    org_id: integer().references(() => orgs.columns.id, { onDelete: 'cascade' }),
    manager_id: bigint().references(() => users.columns.id),
    feeling: mood.column().notNull().default('ok'),
    score: numeric(10, 2).default(0),
    created_at: timestamptz()
      .notNull()
      .default(sql`now()`),
    nickname: text(),
  },
  {
    uniques: [unique(['email', 'org_id'])],
    checks: [check(sql`score >= 0`, { name: 'score_positive' })],
    indexes: [index(['email', 'created_at']), index([sql`lower(email)`], { unique: true })],
  },
);

const memberships = metadata.table(
  'memberships',
  { org_id: integer(), user_id: bigint(), role: text().notNull() },
  {
    primaryKey: { columns: ['org_id', 'user_id'] },
    foreignKeys: [foreignKey(['org_id'], () => orgs, ['id'], { onDelete: 'cascade' })],
  },
);

describe('RowOf', () => {
  it('maps every column type to what node-postgres returns', () => {
    expectTypeOf<RowOf<typeof everything>>().toEqualTypeOf<{
      a_smallint: number | null;
      a_integer: number;
      a_bigint: string;
      a_serial: number;
      a_smallserial: number;
      a_bigserial: string;
      a_numeric: string;
      a_real: number;
      a_double: number;
      a_boolean: boolean;
      a_text: string;
      a_varchar: string;
      a_char: string;
      a_uuid: string;
      a_date: Date;
      a_timestamp: Date;
      a_timestamptz: Date;
      a_time: string;
      a_interval: string;
      a_json: unknown;
      a_jsonb: { theme: string };
      a_bytea: Uint8Array;
      a_tags: string[];
      a_mood: 'sad' | 'ok' | 'happy';
      a_moods: ('sad' | 'ok' | 'happy')[] | null;
      a_custom: string;
      a_typed_custom: number[];
    }>();
  });

  it('makes primary key and identity columns non-null', () => {
    expectTypeOf<RowOf<typeof users>>().toEqualTypeOf<{
      id: string;
      seq: number;
      email: string;
      org_id: number | null;
      manager_id: string | null;
      feeling: 'sad' | 'ok' | 'happy';
      score: string | null;
      created_at: Date;
      nickname: string | null;
    }>();
  });

  it('knows the columns of a table-level primary key', () => {
    expectTypeOf<RowOf<typeof memberships>>().toEqualTypeOf<{ org_id: number; user_id: string; role: string }>();
  });
});

describe('InsertOf', () => {
  it('requires only NOT NULL columns without a default and leaves out identity always', () => {
    expectTypeOf<InsertOf<typeof users>>().toEqualTypeOf<{
      email: string;
      seq?: number;
      org_id?: number | null;
      manager_id?: string | null;
      feeling?: 'sad' | 'ok' | 'happy';
      score?: string | null;
      created_at?: Date;
      nickname?: string | null;
    }>();
    expectTypeOf<InsertOf<typeof orgs>>().toEqualTypeOf<{ name: string; id?: number }>();
    expectTypeOf<InsertOf<typeof memberships>>().toEqualTypeOf<{ org_id: number; user_id: string; role: string }>();
  });
});

describe('typed DSL arguments', () => {
  it('checks column names and enum defaults at compile time', () => {
    // @ts-expect-error: 'emial' is not a column of the table
    metadata.table('typo', { email: text() }, { uniques: [unique(['emial'])] });
    // @ts-expect-error: 'meh' is not a value of the enum
    mood.column().default('meh');
    // @ts-expect-error: 'x' is not a column of orgs
    foreignKey(['a'], () => orgs, ['x']);
    expectTypeOf(orgs).toMatchTypeOf<AnyTable>();
    expectTypeOf(users.columns.email.name).toEqualTypeOf<string>();
  });
});
