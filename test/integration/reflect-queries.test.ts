import { describe, expect, it } from 'vitest';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { createTestDatabase, runSql } from '../helpers/database.js';

/** A driver that passes everything through and counts the statements it sends. */
function counting(driver: Driver): { driver: Driver; count: () => number } {
  let statements = 0;
  return {
    count: () => statements,
    driver: {
      ...driver,
      query: (sql, params) => {
        statements += 1;
        return driver.query(sql, params);
      },
      exec: (sql) => {
        statements += 1;
        return driver.exec(sql);
      },
    },
  };
}

/** `n` tables, each with a serial key, a foreign key to the previous one, a check and an index. */
function tablesSql(n: number): string {
  const parts = ['CREATE SCHEMA extra;', "CREATE TYPE extra.kind AS ENUM ('a', 'b');"];
  for (let i = 0; i < n; i += 1) {
    const ref = i === 0 ? '' : `, prev_id integer REFERENCES t${i - 1} (id)`;
    parts.push(`CREATE TABLE t${i} (id serial PRIMARY KEY, k extra.kind, n integer CHECK (n > ${i})${ref});`);
    parts.push(`CREATE INDEX t${i}_n_idx ON t${i} (n) WHERE n IS NOT NULL;`);
  }
  return parts.join('\n');
}

async function countFor(tables: number): Promise<{ statements: number; model: SchemaModel }> {
  const db = await createTestDatabase();
  await runSql(db.url, tablesSql(tables));
  const real = await connect(db.url);
  try {
    const { driver, count } = counting(real);
    const model = await reflectSchema(driver);
    return { statements: count(), model };
  } finally {
    await real.close();
  }
}

const SMALL_SCHEMA = `
  CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
  CREATE SCHEMA "Sales Dept";
  CREATE TYPE "Sales Dept".status AS ENUM ('open', 'closed');
  CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email varchar(200) NOT NULL UNIQUE,
    feeling mood DEFAULT 'ok',
    created_at timestamptz NOT NULL DEFAULT now(),
    score numeric(10,2) CHECK (score >= 0),
    tags text[] DEFAULT '{}'
  );
  CREATE TABLE "Sales Dept"."Order" (
    id serial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    state "Sales Dept".status NOT NULL DEFAULT 'open',
    parent_id integer REFERENCES "Sales Dept"."Order" (id),
    total numeric,
    note text DEFAULT 'none'
  );
  CREATE INDEX order_customer_state_idx ON "Sales Dept"."Order" (customer_id, state);
  CREATE UNIQUE INDEX customers_lower_email_key ON customers (lower(email::text));
  CREATE INDEX order_open_idx ON "Sales Dept"."Order" (id) WHERE state = 'open';
  CREATE TABLE lines (
    order_id integer NOT NULL,
    line smallint NOT NULL,
    qty integer NOT NULL DEFAULT 1,
    PRIMARY KEY (order_id, line),
    FOREIGN KEY (order_id) REFERENCES "Sales Dept"."Order" (id)
  );
`;

describe('reflectSchema: queries', () => {
  it('issues the same, small number of statements for 3 tables and for 30', async () => {
    const small = await countFor(3);
    const large = await countFor(30);
    expect(small.model.tables).toHaveLength(3);
    expect(large.model.tables).toHaveLength(30);
    expect(large.model.tables.every((t) => t.checks.length === 1 && t.indexes.length === 1)).toBe(true);
    expect(large.statements).toBe(small.statements);
    // Save and switch the search path, schemas, columns, constraints, indexes, enums, policies,
    // the other schema objects (sequences, views, routines, ...), restore.
    expect(small.statements).toBeLessThanOrEqual(9);
  });

  it('reads the same model from PGlite as from the server', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, SMALL_SCHEMA);
    const server = await connect(db.url);
    const fromServer = await reflectSchema(server).finally(() => server.close());

    const lite = await connect('pglite:memory:');
    try {
      await lite.exec(SMALL_SCHEMA);
      const pathSql = `SELECT current_setting('search_path') AS path`;
      const before = (await lite.query<{ path: string }>(pathSql)).rows[0]!.path;
      const fromLite = await reflectSchema(lite);
      // PGlite is built on PostgreSQL 18, which names NOT NULL constraints and sets generation expressions in
      // place (the model says so by flags); the names themselves are the defaults here, so nothing else differs.
      const serverTraits = { notNullNames: undefined, expressionsInPlace: undefined };
      expect({ ...fromLite, ...serverTraits }).toEqual({ ...fromServer, ...serverTraits });
      expect((await lite.query<{ path: string }>(pathSql)).rows[0]!.path).toBe(before);
    } finally {
      await lite.close();
    }
    expect(fromServer.tables.map((t) => t.name)).toEqual(['Order', 'customers', 'lines']);
    expect(fromServer.tables[1]!.columns[0]).toEqual({
      name: 'id',
      type: 'bigint',
      nullable: false,
      default: null,
      identity: { always: true },
    });
  });
});
