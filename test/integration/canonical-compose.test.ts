import { describe, expect, it, onTestFinished } from 'vitest';
import { canonicalizeModel } from '../../src/canonical/canonicalize.js';
import { selectForServer } from '../../src/canonical/canonical-select.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { connect } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import {
  buildSchemaModel,
  check,
  defineMetadata,
  index,
  integer,
  numeric,
  sql,
  text,
  timestamptz,
  varchar,
} from '../../src/schema/index.js';
import { qualifiedKey, type SchemaModel } from '../../src/schema/model.js';
import { createTestDatabase } from '../helpers/database.js';

/** A table as it is in the database (`edited: false`) and after the everyday edits compare first composes. */
function shop(edited: boolean): SchemaModel {
  const md = defineMetadata();
  const orders = md.table(
    'orders',
    {
      id: integer().primaryKey(),
      name: edited ? text() : text().notNull(),
      code: edited ? varchar(40) : varchar(20),
      amount: (edited ? numeric(14, 2) : numeric(12, 2)).notNull().default(sql`0`),
      placed_at: timestamptz(),
      ...(edited ? { note: text(), seen: timestamptz() } : {}),
    },
    {
      // As the server prints them, as `pull` writes them: the checks match their live forms.
      checks: [
        check(sql`(amount >= (0)::numeric)`, { name: 'orders_amount_check' }),
        check(sql`((code)::text <> ''::text)`, { name: 'orders_code' }),
      ],
      indexes: [
        index(['name']),
        ...(edited ? [index(['placed_at', 'id'], { name: 'orders_placed_idx', unique: true })] : []),
        ...(edited ? [] : [index(['code'])]),
        index([sql`lower(name)`], { name: 'orders_lower_name_idx' }),
      ],
    },
  );
  md.table('lines', { id: integer().primaryKey(), order_id: integer().references(() => orders.columns.id) });
  return buildSchemaModel(md);
}

describe('compare first, part by part, on the server', () => {
  it('gives the composed table the form the server gives it when the whole model is created', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    onTestFinished(() => driver.close());
    // The orders first: lines' foreign key names them.
    for (const table of [...shop(false).tables].reverse())
      for (const s of compileOperation({ kind: 'createTable', table })) await driver.query(s.sql, s.params);
    const live = await reflectSchema(driver);
    const declared = shop(true);
    expect([...selectForServer(declared, live).composed]).toEqual([qualifiedKey('public', 'orders')]);
    const composed = await canonicalizeModel(driver, declared, live);
    const created = await canonicalizeModel(driver, declared);
    expect(composed).toEqual(created);
  });
});
