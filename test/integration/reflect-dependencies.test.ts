import { describe, expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { canonicalizeModel } from '../../src/canonical/canonicalize.js';
import { reflectDependencies, reflectSchema, type ReflectOptions } from '../../src/pg/reflect.js';
import { declaredTable, qualifiedKey, type SchemaModel } from '../../src/schema/model.js';
import { idKind, idNameKey } from '../../src/schema/object-id.js';
import { createTestDatabase, runSql } from '../helpers/database.js';

/**
 * What uses the columns of a live database's tables and its routines, as its
 * catalog records it (`SchemaModel.dependencies`): the comparison's closure
 * rule reads it to drop and create again what Postgres will not let a column
 * or a routine change under.
 */

const SCHEMA = `
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE public.t (
  a integer CONSTRAINT t_a_key UNIQUE,
  b integer GENERATED ALWAYS AS (a * 2) STORED,
  c text,
  d integer DEFAULT 1 CONSTRAINT t_d_check CHECK (d > 0),
  updated_at timestamp
);
CREATE INDEX t_expr ON public.t ((a + 1)) WHERE c <> 'x';
CREATE INDEX t_c ON public.t (c);
CREATE TRIGGER t_of_a BEFORE UPDATE OF a ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE TRIGGER t_when_c BEFORE UPDATE ON public.t FOR EACH ROW WHEN (new.c IS DISTINCT FROM old.c) EXECUTE FUNCTION public.touch();
CREATE TRIGGER t_argument BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch('updated_at');
ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON public.t USING (a > 0 AND c <> 'a');
CREATE TABLE public.u (id integer PRIMARY KEY, t_a integer CONSTRAINT u_t_a_fkey REFERENCES public.t (a));
CREATE POLICY q ON public.u USING (t_a IN (SELECT a FROM public.t));
CREATE FUNCTION public.f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE public.v (
  a integer CONSTRAINT v_a_check CHECK (public.f(a) > 0),
  b integer DEFAULT public.f(1),
  g integer GENERATED ALWAYS AS (public.f(a)) STORED
);
CREATE INDEX v_f ON public.v (public.f(a));`;

async function reflect(sql: string, options?: ReflectOptions): Promise<SchemaModel> {
  const db = await createTestDatabase();
  await runSql(db.url, sql);
  const driver = await connect(db.url);
  try {
    return await reflectSchema(driver, options);
  } finally {
    await driver.close();
  }
}

/**
 * The dependencies as `kind table.name -> table.column` lines (or `->
 * routine(argument types)`, `-> operator <symbol>(operand types)`, `-> class
 * <name> <method>`), sorted.
 */
function lines(model: SchemaModel): string[] {
  const text = (id: string): string[] => id.split('\u0000');
  const used = (kind: string | undefined, name: string | undefined, part: string | undefined): string => {
    if (kind === 'routine') return `${name}(${part})`;
    if (kind === 'operator') return `operator ${name}(${part})`;
    return kind === 'operatorClass' ? `class ${name} ${part}` : `${name}.${part}`;
  };
  return (model.dependencies ?? [])
    .map(({ dependent, on }) => {
      const [kind, , table, name] = text(dependent);
      const [usedKind, , usedName, part] = text(on);
      return `${kind} ${name === undefined ? table : `${table}.${name}`} -> ${used(usedKind, usedName, part)}`;
    })
    .sort();
}

describe('reflectSchema: what uses the columns and routines', () => {
  it('reads the policies, triggers, constraints, indexes, generated columns and defaults using each column and routine', async () => {
    expect(lines(await reflect(SCHEMA))).toEqual(
      [
        'column t.b -> t.a',
        'constraint t.t_a_key -> t.a',
        'constraint t.t_d_check -> t.d',
        'constraint u.u_pkey -> u.id',
        'constraint u.u_t_a_fkey -> t.a',
        'constraint u.u_t_a_fkey -> t.t_a_key',
        'constraint u.u_t_a_fkey -> u.t_a',
        'index t.t_c -> t.c',
        'index t.t_expr -> t.a',
        'index t.t_expr -> t.c',
        'policy t.p -> t.a',
        'policy t.p -> t.c',
        'policy u.q -> t.a',
        'policy u.q -> u.t_a',
        'trigger t.t_argument -> touch()',
        'trigger t.t_of_a -> t.a',
        'trigger t.t_of_a -> touch()',
        'trigger t.t_when_c -> t.c',
        'trigger t.t_when_c -> touch()',
        'column v.g -> f(integer)',
        'column v.g -> v.a',
        'constraint v.v_a_check -> f(integer)',
        'constraint v.v_a_check -> v.a',
        'default v.b -> f(integer)',
        'index v.v_f -> f(integer)',
        'index v.v_f -> v.a',
      ].sort(),
    );
  });

  it('reads what uses an operator or an operator class, named or the default one, and the key a foreign key references', async () => {
    const operators = `
CREATE TYPE public.code AS (x integer);
CREATE FUNCTION public.code_cmp(a public.code, b public.code) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT btint4cmp(a.x, b.x)';
CREATE FUNCTION public.code_eq(a public.code, b public.code) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a.x = b.x';
CREATE FUNCTION public.code_lt(a public.code, b public.code) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a.x < b.x';
CREATE OPERATOR public.= (FUNCTION = public.code_eq, LEFTARG = public.code, RIGHTARG = public.code);
CREATE OPERATOR public.< (FUNCTION = public.code_lt, LEFTARG = public.code, RIGHTARG = public.code);
CREATE FUNCTION public.code_odd(a public.code) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a.x % 2 = 1';
CREATE OPERATOR public.!! (FUNCTION = public.code_odd, RIGHTARG = public.code);
CREATE OPERATOR CLASS public.code_ops DEFAULT FOR TYPE public.code USING btree AS
  OPERATOR 1 public.<, OPERATOR 3 public.=, FUNCTION 1 public.code_cmp(public.code, public.code);
CREATE OPERATOR CLASS public.code_hash_ops FOR TYPE public.code USING hash AS OPERATOR 1 public.=;
CREATE TABLE public.coded (
  c public.code PRIMARY KEY,
  parent public.code CONSTRAINT coded_parent_fkey REFERENCES public.coded,
  g boolean GENERATED ALWAYS AS (!! parent) STORED,
  CONSTRAINT coded_check CHECK (c < parent)
);
CREATE INDEX coded_parent_hash ON public.coded USING hash (parent public.code_hash_ops);
CREATE TABLE public.plain (id integer, CONSTRAINT plain_id_key UNIQUE (id));
CREATE UNIQUE INDEX plain_id_idx ON public.plain (id);
CREATE TABLE public.ref (id integer CONSTRAINT ref_id_fkey REFERENCES public.plain (id));
CREATE VIEW public.sorted AS SELECT c FROM public.coded ORDER BY c;`;
    expect(lines(await reflect(operators)).filter((line) => !/-> \w+\.(c|parent|id)$/.test(line))).toEqual(
      [
        'column coded.g -> operator !!(NONE, public.code)',
        'constraint coded.coded_check -> operator <(public.code, public.code)',
        'constraint coded.coded_parent_fkey -> coded.coded_pkey',
        'constraint coded.coded_parent_fkey -> operator =(public.code, public.code)',
        'constraint coded.coded_pkey -> class code_ops btree',
        'constraint ref.ref_id_fkey -> plain.plain_id_key',
        'index coded.coded_parent_hash -> class code_hash_ops hash',
        'view sorted -> operator <(public.code, public.code)',
        'view sorted -> operator =(public.code, public.code)',
      ].sort(),
    );
  });

  it('reads the columns a view reads: those of a SELECT * as it expanded, none for a whole-row reference', async () => {
    const views = `
CREATE TABLE public.w (a integer, b integer, c integer);
CREATE VIEW public.one AS SELECT a FROM public.w;
CREATE VIEW public.star AS SELECT * FROM public.w;
CREATE VIEW public.whole AS SELECT w FROM public.w;
CREATE MATERIALIZED VIEW public.m AS SELECT b FROM public.w;`;
    expect(lines(await reflect(views)).filter((line) => line.startsWith('view '))).toEqual([
      'view m -> w.b',
      'view one -> w.a',
      'view star -> w.a',
      'view star -> w.b',
      'view star -> w.c',
    ]);
  });

  it('reads the columns of a partition key, plain or in an expression, with its table, on both sides', async () => {
    const partitioned = `
CREATE TABLE public.p (a integer, b text, c integer, year integer) PARTITION BY RANGE (a, lower(b));
CREATE TABLE public.p1 PARTITION OF public.p FOR VALUES FROM (0, 'a') TO (10, 'z') PARTITION BY LIST ((c + 1));
CREATE TABLE public.q (at date, year integer) PARTITION BY RANGE (EXTRACT(year FROM at));`;
    const keyColumns = (model: SchemaModel): Record<string, readonly string[] | undefined> =>
      Object.fromEntries(model.tables.map((t) => [t.name, t.partitionKeyColumns]));
    const expected = { p: ['a', 'b'], p1: ['c'], q: ['at'] };
    const db = await createTestDatabase();
    await runSql(db.url, partitioned);
    const driver = await connect(db.url);
    try {
      const reflected = await reflectSchema(driver);
      expect(keyColumns(reflected)).toEqual(expected);
      expect(lines(reflected)).toEqual([]);
      // The declared side, as code builds it, knows none; created in scratch schemas, it reads them there.
      const declared = {
        ...reflected,
        tables: reflected.tables.map(declaredTable),
        dependencies: undefined,
      };
      expect(keyColumns(await canonicalizeModel(driver, declared))).toEqual(expected);
    } finally {
      await driver.close();
    }
  });

  it('knows nothing of a trigger function argument naming a column, which Postgres does not hold on to', async () => {
    expect(lines(await reflect(SCHEMA)).filter((line) => line.includes('updated_at'))).toEqual([]);
  });

  it('reads the same on its own, for a comparison that needs it after a reading without it', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, SCHEMA);
    const driver = await connect(db.url);
    try {
      const exclude = [{ schema: 'public', name: 'u' }];
      expect(await reflectDependencies(driver, { exclude })).toEqual(
        (await reflectSchema(driver, { exclude })).dependencies,
      );
      expect((await reflectSchema(driver, { dependencies: false })).dependencies).toBeUndefined();
    } finally {
      await driver.close();
    }
  });

  it('reads for some tables what uses their columns and keys, and every routine, as a reading of all has it', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, SCHEMA);
    const driver = await connect(db.url);
    try {
      const all = await reflectDependencies(driver);
      for (const names of [['t'], ['u', 'v'], []]) {
        const tables = names.map((name) => ({ schema: 'public', name }));
        const keys = new Set(tables.map((t) => qualifiedKey(t.schema, t.name)));
        const expected = all.filter(
          ({ on }) => !['column', 'constraint', 'index'].includes(idKind(on)) || keys.has(idNameKey(on)),
        );
        expect(expected.length).toBeGreaterThan(names.length === 0 ? 0 : 3);
        expect(await reflectDependencies(driver, { tables })).toEqual(expected);
      }
    } finally {
      await driver.close();
    }
  });

  it('leaves out the tables left out, and the whole reading when asked to', async () => {
    expect(lines(await reflect(SCHEMA, { exclude: [{ schema: 'public', name: 'u' }] }))).not.toContainEqual(
      expect.stringMatching(/ u\./),
    );
    expect((await reflect(SCHEMA, { dependencies: false })).dependencies).toBeUndefined();
  });
});
