import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { connect } from '../../src/pg/connection/driver.js';
import type { FunctionModel } from '../../src/schema/model.js';
import { createTestDatabase } from '../helpers/database.js';

function sqlFunction(name: string, body: string): FunctionModel {
  return {
    schema: 'public',
    name,
    kind: 'function',
    argumentTypes: '',
    arguments: '',
    result: 'bigint',
    definition: `CREATE OR REPLACE FUNCTION public.${name}()\n RETURNS bigint\n LANGUAGE sql\nAS $function$ ${body} $function$`,
    dependsOn: [],
  };
}

describe('DDL on the server: function body checks', () => {
  it('creates a function reading a later table, and still checks a function written by hand after it', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    try {
      await driver.query('BEGIN');
      for (const statement of compileOperation({
        kind: 'createFunction',
        function: sqlFunction('reads_later', 'SELECT count(*) FROM public.later'),
      })) {
        await driver.query(statement.sql, statement.params);
      }
      const setting = await driver.query<{ value: string }>("SELECT current_setting('check_function_bodies') AS value");
      expect(setting.rows).toEqual([{ value: 'on' }]);
      await expect(
        driver.query(
          'CREATE FUNCTION public.broken() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.missing $$',
        ),
      ).rejects.toThrow(/"public.missing" does not exist/);
      await driver.query('ROLLBACK');
    } finally {
      await driver.close();
    }
  });

  it('keeps a body check already turned off in the transaction off', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    try {
      await driver.query('BEGIN');
      await driver.query('SET LOCAL check_function_bodies = off');
      for (const statement of compileOperation({
        kind: 'createFunction',
        function: sqlFunction('reads_later', 'SELECT count(*) FROM public.later'),
      })) {
        await driver.query(statement.sql, statement.params);
      }
      const setting = await driver.query<{ value: string }>("SELECT current_setting('check_function_bodies') AS value");
      expect(setting.rows).toEqual([{ value: 'off' }]);
      await driver.query('ROLLBACK');
    } finally {
      await driver.close();
    }
  });
});
