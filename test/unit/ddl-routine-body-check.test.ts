import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { FunctionModel } from '../../src/schema/model.js';

const FUNCTION: FunctionModel = {
  schema: 'public',
  name: 'reads_later',
  kind: 'function',
  argumentTypes: '',
  arguments: '',
  result: 'bigint',
  definition:
    'CREATE OR REPLACE FUNCTION public.reads_later()\n RETURNS bigint\n LANGUAGE sql\nAS $function$ SELECT count(*) FROM public.later $function$',
  dependsOn: [],
};

describe('DDL: function bodies unchecked only while a routine is created', () => {
  for (const kind of ['createFunction', 'replaceFunction'] as const) {
    it(`${kind}: turns the body check off, runs the definition, then puts the previous setting back`, () => {
      const statements = compileOperation({ kind, function: FUNCTION });
      expect(statements.map((s) => s.sql)).toEqual([
        "SELECT set_config('athanor.check_function_bodies', current_setting('check_function_bodies'), true), set_config('check_function_bodies', 'off', true)",
        FUNCTION.definition,
        "SELECT set_config('check_function_bodies', current_setting('athanor.check_function_bodies'), true)",
      ]);
      expect(statements.every((s) => s.transactional)).toBe(true);
    });
  }
});
