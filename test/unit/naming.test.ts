import { describe, expect, it } from 'vitest';
import {
  checkNameParts,
  chooseName,
  conventionName,
  indexColumnNames,
  indexNameParts,
  joinNameColumns,
  makeObjectName,
  nameFromParts,
  truncateIdentifier,
  uniqueNameParts,
} from '../../src/schema/naming.js';
import { figureIndexColumnName, referencedColumns } from '../../src/schema/dsl/sql-scan.js';
import { utf8Length } from '../../src/util/strings.js';

// Expected names below were produced by PostgreSQL 15 for the same definitions.
const LONG_TABLE = 'a_very_long_table_name_that_goes_on_and_on_and_on_forever_yes';
const LONG_COLUMN = 'column_with_a_really_long_name_that_keeps_going_and_going_zz';
const MB_TABLE = 'tablé_ñame_with_ümlauts_and_more_ümlauts_and_more_ümlauts';

describe('makeObjectName', () => {
  it('joins table, columns and label when they fit', () => {
    expect(makeObjectName('users', 'email', 'key')).toBe('users_email_key');
    expect(makeObjectName('users', null, 'pkey')).toBe('users_pkey');
  });

  it('shortens the longer part first, as Postgres does', () => {
    expect(makeObjectName(LONG_TABLE, null, 'pkey')).toBe(
      'a_very_long_table_name_that_goes_on_and_on_and_on_forever__pkey',
    );
    expect(makeObjectName(LONG_TABLE, LONG_COLUMN, 'key')).toBe(
      'a_very_long_table_name_that_g_column_with_a_really_long_nam_key',
    );
    expect(makeObjectName(LONG_TABLE, 'c_id', 'fkey')).toBe(
      'a_very_long_table_name_that_goes_on_and_on_and_on_for_c_id_fkey',
    );
    expect(utf8Length(makeObjectName(LONG_TABLE, LONG_COLUMN, 'check'))).toBeLessThanOrEqual(63);
  });

  it('never splits a multi-byte character', () => {
    expect(makeObjectName(MB_TABLE, 'd', 'idx')).toBe('tablé_ñame_with_ümlauts_and_more_ümlauts_and_more_üm_d_idx');
    expect(makeObjectName(MB_TABLE, 'd', 'idx1')).toBe('tablé_ñame_with_ümlauts_and_more_ümlauts_and_more_ü_d_idx1');
    expect(makeObjectName(MB_TABLE, `ééé_${'x'.repeat(40)}`, 'key')).toBe(
      'tablé_ñame_with_ümlauts_an_ééé_xxxxxxxxxxxxxxxxxxxxxx_key',
    );
  });
});

describe('chooseName', () => {
  it('appends 1, 2, ... to the label on a collision', () => {
    const taken = new Set(['t_a_check', 't_a_check1']);
    expect(chooseName({ table: 't', columns: 'a', label: 'check' }, (n) => taken.has(n))).toBe('t_a_check2');
    expect(chooseName({ table: 't', columns: 'b', label: 'check' }, (n) => taken.has(n))).toBe('t_b_check');
  });

  it('shortens again when the longer label does not fit', () => {
    const parts = { table: LONG_TABLE, columns: 'b', label: 'check' };
    const taken = new Set([nameFromParts(parts), 'a_very_long_table_name_that_goes_on_and_on_and_on_fore_b_check1']);
    expect(chooseName(parts, (n) => taken.has(n))).toBe(
      'a_very_long_table_name_that_goes_on_and_on_and_on_fore_b_check2',
    );
  });
});

describe('default name parts', () => {
  it('names unique constraints and indexes after all their columns', () => {
    expect(nameFromParts(uniqueNameParts('t', ['a', 'b']))).toBe('t_a_b_key');
    expect(
      nameFromParts(
        indexNameParts(LONG_TABLE, [{ column: 'b' }, { column: LONG_COLUMN }, { column: 'id' }, { column: 'c' }]),
      ),
    ).toBe('a_very_long_table_name_that_g_b_column_with_a_really_long_n_idx');
  });

  it('caps the joined column names like ChooseIndexNameAddition', () => {
    const names = ['x'.repeat(40), 'y'.repeat(40), 'z'.repeat(40)];
    expect(joinNameColumns(names)).toBe(`${'x'.repeat(40)}_${'y'.repeat(40)}`);
  });

  it('names index expressions like FigureIndexColname and numbers repeats', () => {
    expect(
      indexColumnNames([{ expression: "coalesce(b, 'x')" }, { expression: 'lower(b)' }, { expression: 'lower(b)' }]),
    ).toEqual(['coalesce', 'lower', 'lower1']);
    expect(nameFromParts(indexNameParts('t', [{ expression: 'lower(email)' }]))).toBe('t_lower_idx');
  });

  it('names a check after its column only when it references exactly one', () => {
    const columns = ['id', 'b', 'c'];
    expect(nameFromParts(checkNameParts('t', "b <> 'id'", columns))).toBe('t_b_check');
    expect(nameFromParts(checkNameParts('t', `"b" IS NOT NULL AND lower(b) <> 'x'`, columns))).toBe('t_b_check');
    expect(nameFromParts(checkNameParts('t', 'id > c', columns))).toBe('t_check');
    expect(nameFromParts(checkNameParts('t', 'now() > now()', columns))).toBe('t_check');
  });
});

describe('figureIndexColumnName', () => {
  it.each([
    ['lower(b)', 'lower'],
    ['public.my_func(a, b)', 'my_func'],
    ["(b || 'x')", 'expr'],
    ['(b::varchar)', 'b'],
    ['((id + 1)::text)', 'text'],
    ['(a + b)::integer', 'int4'],
    ['(a + b)::character varying(20)', 'varchar'],
    ['(a + b)::timestamp(3) with time zone', 'timestamptz'],
    ['cast(a + b as double precision)', 'float8'],
    ['lower(b)::text', 'lower'],
    ['CASE WHEN a THEN 1 ELSE 2 END', 'case'],
    ['ARRAY[a, b]', 'array'],
    ['ROW(a, b)', 'row'],
    ['-a', 'expr'],
    ['a IS NULL', 'expr'],
    ['"Weird"', 'Weird'],
    ['COALESCE(a, b)', 'coalesce'],
    ['b COLLATE "C"', 'b'],
    ['42', 'expr'],
  ])('%s -> %s', (expression, expected) => {
    expect(figureIndexColumnName(expression)).toBe(expected);
  });
});

describe('referencedColumns', () => {
  it('skips string literals, function names, type names and reserved words', () => {
    const columns = ['a', 'b', 'lower', 'text', 'user', 'Mixed'];
    expect(referencedColumns("lower(b) <> 'a' AND b::text <> 'x'", columns)).toEqual(['b']);
    expect(referencedColumns('"user" = user AND "Mixed" > 0 AND mixed > 0', columns)).toEqual(['user', 'Mixed']);
    expect(referencedColumns("a ~ E'\\\\d' -- b\n /* b */ AND $$ b $$ <> ''", columns)).toEqual(['a']);
  });
});

describe('conventionName', () => {
  const convention = {
    ix: 'ix_%(column_0_label)s',
    uq: 'uq_%(table_name)s_%(column_0_N_name)s',
    ck: 'ck_%(table_name)s_%(constraint_name)s',
    fk: 'fk_%(table_name)s_%(column_0N_name)s_%(referred_table_name)s_%(referred_column_0_name)s',
    pk: 'pk_%(table_name)s',
  };

  it('substitutes SQLAlchemy tokens', () => {
    expect(conventionName(convention, { kind: 'ix', table: 'users', columns: ['email', 'org_id'] })).toBe(
      'ix_users_email',
    );
    expect(conventionName(convention, { kind: 'uq', table: 'users', columns: ['email', 'org_id'] })).toBe(
      'uq_users_email_org_id',
    );
    expect(
      conventionName(convention, {
        kind: 'fk',
        table: 'm',
        columns: ['a', 'b'],
        referredTable: 'o',
        referredColumns: ['x', 'y'],
      }),
    ).toBe('fk_m_ab_o_x');
    expect(conventionName({ ix: 'ix_%(column_0N_label)s' }, { kind: 'ix', table: 't', columns: ['a', 'b'] })).toBe(
      'ix_t_at_b',
    );
    expect(conventionName({ uq: 'uq_%(column_1_name)s' }, { kind: 'uq', table: 't', columns: ['a', 'b'] })).toBe(
      'uq_b',
    );
  });

  it('keeps an explicit name unless the template uses %(constraint_name)s', () => {
    expect(conventionName(convention, { kind: 'pk', table: 'users', columns: ['id'], name: 'mine' })).toBeNull();
    expect(conventionName(convention, { kind: 'ck', table: 'users', columns: [], name: 'positive' })).toBe(
      'ck_users_positive',
    );
    expect(conventionName({}, { kind: 'pk', table: 'users', columns: ['id'] })).toBeNull();
  });

  it('asks for a name when %(constraint_name)s has nothing to fill it', () => {
    expect(() => conventionName(convention, { kind: 'ck', table: 'users', columns: ['score'] })).toThrow(
      /check constraint on table "users" \(score\).*give the object a name/,
    );
  });

  it('rejects unknown tokens and missing columns', () => {
    expect(() => conventionName({ ix: 'ix_%(colour)s' }, { kind: 'ix', table: 't', columns: ['a'] })).toThrow(
      /unknown token %\(colour\)s/,
    );
    expect(() => conventionName({ ck: 'ck_%(column_0_name)s' }, { kind: 'ck', table: 't', columns: [] })).toThrow(
      /needs more columns/,
    );
    expect(() =>
      conventionName({ uq: 'uq_%(referred_table_name)s' }, { kind: 'uq', table: 't', columns: ['a'] }),
    ).toThrow(/only foreign keys/);
  });

  it('truncates long results to 63 bytes', () => {
    const name = conventionName({ pk: 'pk_%(table_name)s' }, { kind: 'pk', table: LONG_TABLE, columns: ['id'] });
    expect(name).toBe(truncateIdentifier(`pk_${LONG_TABLE}`));
    expect(name?.length).toBe(63);
  });
});
