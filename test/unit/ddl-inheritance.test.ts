import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { TableModel } from '../../src/schema/model.js';

const car: TableModel = {
  schema: 's',
  name: 'car',
  columns: [{ name: 'doors', type: 'integer', nullable: true, default: null, identity: null }],
  primaryKey: null,
  foreignKeys: [],
  uniques: [],
  checks: [],
  indexes: [],
  inherits: [
    { schema: 's', table: 'vehicle' },
    { schema: 'o', table: 'tagged' },
  ],
};

function sqlOf(table: TableModel): string[] {
  return compileOperation({ kind: 'createTable', table }).map((statement) => statement.sql);
}

describe('DDL: a table that inherits', () => {
  it('is created INHERITS its parents, in order', () => {
    expect(sqlOf(car)).toEqual([
      'CREATE TABLE "s"."car" (\n  "doors" integer\n) INHERITS ("s"."vehicle", "o"."tagged")',
    ]);
  });

  it('gets a primary key on a column it inherits after it is created, which keeps the NOT NULL it inherits', () => {
    expect(sqlOf({ ...car, primaryKey: { name: 'car_pkey', columns: ['id'] } })).toEqual([
      'CREATE TABLE "s"."car" (\n  "doors" integer\n) INHERITS ("s"."vehicle", "o"."tagged")',
      'ALTER TABLE "s"."car" ADD CONSTRAINT "car_pkey" PRIMARY KEY ("id")',
    ]);
  });

  it('gets a primary key on its own columns in CREATE TABLE', () => {
    expect(sqlOf({ ...car, primaryKey: { name: 'car_pkey', columns: ['doors'] } })).toEqual([
      'CREATE TABLE "s"."car" (\n  "doors" integer,\n  CONSTRAINT "car_pkey" PRIMARY KEY ("doors")\n) INHERITS ("s"."vehicle", "o"."tagged")',
    ]);
  });
});
