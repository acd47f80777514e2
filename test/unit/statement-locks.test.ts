import { describe, expect, it } from 'vitest';
import { statementLock } from '../../src/ops/statement-locks.js';
import { operationLock } from '../../src/pictures/operation-lock.js';
import { column, table } from '../helpers/models.js';

describe('the lock a statement takes', () => {
  it('reads each form as PostgreSQL documents it', async () => {
    const cases: [string, string][] = [
      ['ALTER TABLE t ADD COLUMN a int', 'ACCESS EXCLUSIVE'],
      ['ALTER TABLE t VALIDATE CONSTRAINT c', 'SHARE UPDATE EXCLUSIVE'],
      ['ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id) NOT VALID', 'SHARE ROW EXCLUSIVE'],
      ['ALTER TABLE t ALTER COLUMN a SET STATISTICS 100', 'SHARE UPDATE EXCLUSIVE'],
      ['ALTER TABLE t ALTER COLUMN a SET STATISTICS 100, ADD COLUMN b int', 'ACCESS EXCLUSIVE'],
      ['CREATE INDEX i ON t (a)', 'SHARE'],
      ['CREATE INDEX CONCURRENTLY i ON t (a)', 'SHARE UPDATE EXCLUSIVE'],
      ['DROP INDEX CONCURRENTLY i', 'SHARE UPDATE EXCLUSIVE'],
      ['DROP TABLE t', 'ACCESS EXCLUSIVE'],
      ['CREATE TABLE n (id int)', 'none'],
      ['CREATE TABLE n (id int REFERENCES t (id))', 'SHARE ROW EXCLUSIVE'],
      ['CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', 'SHARE ROW EXCLUSIVE'],
      ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ select 1 $$', 'none'],
      ['DROP FUNCTION f()', 'none'],
      ['UPDATE t SET a = 1', 'ROW EXCLUSIVE'],
      ['ALTER TABLE t REPLICA IDENTITY FULL', 'ACCESS EXCLUSIVE'],
      ['CREATE PUBLICATION p FOR TABLE t', 'SHARE UPDATE EXCLUSIVE'],
      ['CREATE PUBLICATION p FOR ALL TABLES', 'none'],
      ['ALTER PUBLICATION p ADD TABLE t', 'SHARE UPDATE EXCLUSIVE'],
      ['CREATE INDEX i ON t (a); ALTER TABLE t DROP COLUMN b', 'ACCESS EXCLUSIVE'],
    ];
    for (const [sql, lock] of cases) expect(await statementLock(sql), sql).toBe(lock);
  });

  it("an operation's lock is the strongest of its compiled statements'", async () => {
    expect(await operationLock({ kind: 'createTable', table: table('t') })).toBe('none');
    expect(await operationLock({ kind: 'addColumn', schema: 'public', table: 't', column: column('a') })).toBe(
      'ACCESS EXCLUSIVE',
    );
    expect(
      await operationLock({
        kind: 'createIndex',
        schema: 'public',
        table: 't',
        index: { name: 'i', unique: false, method: 'btree', columns: [{ column: 'a' }], where: null },
        online: true,
      }),
    ).toBe('SHARE UPDATE EXCLUSIVE');
  });
});
