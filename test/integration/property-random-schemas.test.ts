import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import { canonicalizeModel } from '../../src/canonical/canonicalize.js';
import { compileOperations } from '../../src/pg/ddl/compile.js';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { createTestDatabase } from '../helpers/database.js';
import { randomSchema } from '../helpers/random-schema.js';

/**
 * Random schemas against a real database: the operations autogenerate makes
 * from an empty database, applied through the DDL compiler, give a database
 * whose reflection equals the canonical model; reversed, they give back the
 * empty database's reflection.
 */

const SCHEMAS = ['public', 'app data'];

async function apply(driver: Driver, ops: readonly Operation[]): Promise<void> {
  for (const statement of compileOperations(ops)) await driver.query(statement.sql, statement.params);
}

async function reflect(driver: Driver): Promise<SchemaModel> {
  return reflectSchema(driver, { schemas: SCHEMAS });
}

describe('property: random schemas round trip through a real database', () => {
  it('upgrade gives the model exactly; downgrade gives back the empty database', { timeout: 240_000 }, async () => {
    const db = await createTestDatabase('athanor_prop');
    const driver = await connect(db.url);
    try {
      const empty = await reflect(driver);
      await fc.assert(
        fc.asyncProperty(randomSchema, async (declared) => {
          const canonical = await canonicalizeModel(driver, declared);
          const upgrade = compareModels(empty, canonical);
          await apply(driver, upgrade);
          const applied = await reflect(driver);
          expect(compareModels(applied, canonical)).toEqual([]);
          expect(compareModels(canonical, applied)).toEqual([]);
          await apply(driver, reverseOperations(upgrade));
          expect(await reflect(driver)).toEqual(empty);
        }),
        { numRuns: 25, endOnFailure: true },
      );
    } finally {
      await driver.close();
    }
  });
});
