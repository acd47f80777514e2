import { describe, expect, it } from 'vitest';
import { lintOperations } from '../../src/ops/revision-lint.js';
import { column, table } from '../helpers/models.js';

describe("a revision's hazards from its recorded operations", () => {
  it('reads executeSql with the parser, and leaves out lock, scan and rewrite hazards on tables created earlier by an operation or by SQL', async () => {
    const found = await lintOperations([
      { op: { kind: 'createTable', table: table('t') }, autocommit: false },
      {
        op: {
          kind: 'executeSql',
          sql: 'ALTER TABLE t ADD COLUMN n int NOT NULL; CREATE TABLE u (id int); CREATE INDEX u_id ON u (id)',
        },
        autocommit: false,
      },
      { op: { kind: 'executeSql', sql: 'CREATE INDEX old_id ON old (id)' }, autocommit: false },
      {
        op: { kind: 'addColumn', schema: 'public', table: 'u', column: column('c', 'integer', { nullable: true }) },
        autocommit: false,
      },
      { op: { kind: 'dropColumn', schema: 'public', table: 'old', column: 'legacy' }, autocommit: true },
    ]);
    expect(found.map((h) => [h.code, h.source, h.statement ?? null])).toEqual([
      ['not-null-without-default', 'sql', 'ALTER TABLE t ADD COLUMN n int NOT NULL'],
      ['index-build-lock', 'sql', 'CREATE INDEX old_id ON old (id)'],
      ['drop-column', 'operation', null],
      ['column-dropped', 'operation', null],
      ['non-transactional', 'operation', null],
    ]);
    expect(found.at(-1)!.message).toBe(
      'drop column public.old.legacy runs outside a transaction: a failure part way leaves what it did so far',
    );
  });

  it('reports each statement of an autocommit block as non-transactional', async () => {
    const found = await lintOperations([
      { op: { kind: 'executeSql', sql: 'CREATE INDEX CONCURRENTLY i ON t (a)' }, autocommit: true },
    ]);
    expect(found).toEqual([
      {
        code: 'non-transactional',
        kind: 'non-transactional',
        message:
          'the statement CREATE INDEX CONCURRENTLY i ON t (a) runs outside a transaction: a failure part way leaves what it did so far',
        source: 'sql',
        statement: 'CREATE INDEX CONCURRENTLY i ON t (a)',
      },
    ]);
  });
});
