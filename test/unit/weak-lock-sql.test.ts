import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { onlineForm } from '../../src/pg/ddl/constraints-indexes/online.js';

const dropInvalid = (index: string) => ({
  sql: `DROP INDEX CONCURRENTLY IF EXISTS ${index}`,
  transactional: false,
  weakLock: true,
  when: {
    sql: 'SELECT EXISTS (SELECT FROM pg_index WHERE indexrelid = to_regclass($1) AND NOT indisvalid) AS run',
    params: [index],
  },
});

describe('hand-written SQL as an online statement', () => {
  it.each([
    ['DROP INDEX CONCURRENTLY IF EXISTS public.t_v_idx'],
    ['ALTER TABLE public.t VALIDATE CONSTRAINT t_v_check'],
    ['ALTER TABLE ONLY t VALIDATE CONSTRAINT fk_t_u;'],
  ])('takes a weak lock and runs again as it is: %s', (sql) => {
    expect(onlineForm(sql)).toEqual({ weakLock: true });
  });

  it('a named concurrent build runs again after the invalid index it left is dropped, in the table schema', () => {
    expect(onlineForm('CREATE INDEX CONCURRENTLY t_v_idx ON t (v)')).toEqual({
      weakLock: true,
      rerun: { repair: dropInvalid('"t_v_idx"') },
    });
    expect(onlineForm('-- online\ncreate unique index concurrently if not exists "T_key" on only app.t (v);')).toEqual({
      weakLock: true,
      rerun: { repair: dropInvalid('"app"."T_key"') },
    });
  });

  it.each([
    'CREATE INDEX CONCURRENTLY ON t USING gin (doc)',
    'REINDEX INDEX CONCURRENTLY t_v_idx',
    'REINDEX (VERBOSE) TABLE CONCURRENTLY public.t',
    'ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY',
  ])('takes a weak lock and never runs twice: %s', (sql) => {
    expect(onlineForm(sql)).toEqual({ weakLock: true, rerun: false });
  });

  it.each([
    'CREATE INDEX t_v_idx ON t (v)',
    'CREATE INDEX "concurrently" ON t (v)',
    'DROP INDEX t_v_idx',
    'REINDEX TABLE t',
    'ALTER TABLE t ADD COLUMN c integer',
    'ALTER TABLE t VALIDATE CONSTRAINT c, ADD COLUMN d integer',
    'ALTER TABLE measurements DETACH PARTITION measurements_2020',
    'CREATE INDEX CONCURRENTLY a ON t (v); DROP TABLE u',
    "SELECT 'CREATE INDEX CONCURRENTLY'",
  ])('is nothing of the kind: %s', (sql) => {
    expect(onlineForm(sql)).toEqual({});
  });

  it('marks op.execute of such a statement as the online operations are marked', () => {
    expect(compileOperation({ kind: 'executeSql', sql: 'DROP INDEX CONCURRENTLY i' })).toEqual([
      { sql: 'DROP INDEX CONCURRENTLY i', transactional: true, weakLock: true },
    ]);
    expect(compileOperation({ kind: 'executeSql', sql: 'UPDATE t SET v = $1', params: [1] })).toEqual([
      { sql: 'UPDATE t SET v = $1', params: [1], transactional: true },
    ]);
  });
});
