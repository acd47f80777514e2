import { describe, expect, it } from 'vitest';
import { queryRows } from '../helpers/database.js';
import { applyHandWrittenModel, applyPulledCopy } from '../helpers/hand-written-model.js';
import { projectSharingHistory } from '../helpers/project.js';

/**
 * A hand-written model of operators, spelled as a user writes them (`int`,
 * a commutator by its symbol, a check and an index using the operator
 * unqualified, a comment) and a hash operator class an index uses: autogenerate creates it in an empty database, it
 * checks clean, and `pull` writes it back so that a second database made
 * from the pulled model is the same; the downgrade leaves no operator.
 */
const MODELS = `
import { defineMetadata, integer, sql, index, check, col } from 'athanor';

export const metadata = defineMetadata({ schemas: ['ops'] });

metadata.function(sql\`CREATE FUNCTION close_to(a int, b int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) <= 1 $$\`);
metadata.function(sql\`CREATE FUNCTION ops.twice(a int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a * 2 $$\`);
metadata.operator({ name: '=~=', left: 'int', right: 'integer', function: 'public.close_to', commutator: '=~=', restrict: 'eqsel', join: 'eqjoinsel', comment: 'one apart at most' });
metadata.operator({ name: '@@', schema: 'ops', right: 'int4', function: 'ops.twice' });
metadata.operatorClass({ name: 'near_ops', schema: 'ops', type: 'int', method: 'hash', items: ['OPERATOR 1 =~=', 'FUNCTION 1 hashint4(int)'] });

export const readings = metadata.table(
  'readings',
  {
    id: integer().primaryKey(),
    a: integer(),
    b: integer(),
  },
  {
    checks: [check(sql\`a =~= b\`, { name: 'readings_close' })],
    indexes: [
      index([sql\`(a =~= b)\`], { name: 'readings_close_idx' }),
      index([col('b', { opclass: 'ops.near_ops' })], { name: 'readings_b_near_idx', method: 'hash' }),
    ],
  },
);
`;

describe('a hand-written model of operators', () => {
  it('autogenerates into an empty database, checks clean, works, and pulls back the same schema', async () => {
    const { db, project } = await applyHandWrittenModel(MODELS, 'athanor_operators', 'operators');
    const rows = await queryRows<{ near: boolean; doubled: number }>(
      db.url,
      'SELECT 3 OPERATOR(public.=~=) 4 AS near, OPERATOR(ops.@@) 5 AS doubled',
    );
    expect(rows).toEqual([{ near: true, doubled: 10 }]);

    const pulledFrom = projectSharingHistory(project, db.url);
    expect((await pulledFrom.migrate('pull')).code).toBe(0);
    const pulled = pulledFrom.read('models.ts');
    expect(pulled).not.toContain('Not modeled');
    expect(pulled).toContain(
      "metadata.operator({ name: '=~=', left: 'integer', right: 'integer', function: 'public.close_to', commutator: '=~=', restrict: 'eqsel', join: 'eqjoinsel', comment: 'one apart at most' });",
    );
    expect(pulled).toContain(
      "metadata.operator({ name: '@@', schema: 'ops', right: 'integer', function: 'ops.twice' });",
    );
    expect(pulled).toContain(
      "metadata.operatorClass({ name: 'near_ops', schema: 'ops', type: 'integer', method: 'hash', items: ['OPERATOR 1 public.=~=(integer,integer)', 'FUNCTION 1 hashint4(integer)'] });",
    );
    expect((await pulledFrom.migrate('check')).code).toBe(0);

    const copy = await applyPulledCopy(pulled, db.url, 'athanor_operators_copy');
    const left = await queryRows<{ n: string }>(
      copy.url,
      "SELECT count(*)::text AS n FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE n.nspname IN ('public', 'ops')",
    );
    expect(left).toEqual([{ n: '0' }]);
  });
});
