import { describe, expect, it } from 'vitest';
import { isSqlExpr, sql } from '../../src/schema/dsl/sql.js';

describe('sql', () => {
  it('works as a tagged template and as a call', () => {
    expect(sql`now()`).toEqual({ kind: 'sql', text: 'now()' });
    expect(sql('now()')).toEqual({ kind: 'sql', text: 'now()' });
  });

  it('reads templates raw, so backslashes stay as written', () => {
    expect(sql`email ~ '^\S+@\S+$'`.text).toBe("email ~ '^\\S+@\\S+$'");
    expect(sql`E'\n'`.text).toBe("E'\\n'");
  });

  it('inserts interpolations as text', () => {
    const column = sql`lower(email)`;
    expect(sql`${column} <> ${''}${1} AND ${true}`.text).toBe('lower(email) <> 1 AND true');
  });

  it('recognizes expressions', () => {
    expect(isSqlExpr(sql`1`)).toBe(true);
    expect(isSqlExpr({ kind: 'sql' })).toBe(false);
    expect(isSqlExpr('1')).toBe(false);
  });
});
