import { describe, expect, it } from 'vitest';
import { createdName, moveQualifiedNames, moveSqlBodyNames, qualifyName } from '../../src/pg/scratch/sql-qualify.js';

const moving = new Set(['public.film', 'public.order_no', 'public.bıgınt', 'Sales.Order']);
const move = (schema: string, name: string): string | null => (moving.has(`${schema}.${name}`) ? 'scratch_0' : null);

describe('moveQualifiedNames', () => {
  it('moves qualified references to moving objects, quoted or not, in any case', () => {
    expect(moveQualifiedNames('SELECT f.title FROM public.film f JOIN PUBLIC.Film g ON true', move)).toBe(
      'SELECT f.title FROM scratch_0.film f JOIN scratch_0.Film g ON true',
    );
    expect(moveQualifiedNames('x::public."bıgınt"[]', move)).toBe('x::scratch_0."bıgınt"[]');
    expect(moveQualifiedNames('SELECT * FROM "Sales"."Order" JOIN "sales"."Order" ON true', move)).toBe(
      'SELECT * FROM scratch_0."Order" JOIN "sales"."Order" ON true',
    );
  });

  it('leaves other schemas, unqualified names and column references alone', () => {
    const text = 'SELECT film.title, public.other(1), public.film.title FROM film';
    expect(moveQualifiedNames(text, move)).toBe('SELECT film.title, public.other(1), scratch_0.film.title FROM film');
  });

  it('moves a sequence named in a plain literal, not in comments, strings or dollar-quoted bodies', () => {
    expect(moveQualifiedNames("nextval('public.order_no'::regclass)", move)).toBe(
      "nextval('scratch_0.order_no'::regclass)",
    );
    const body =
      "AS $$ SELECT * FROM public.film $$ -- public.film\n/* public.film */ , 'public.film x', E'public.film'";
    expect(moveQualifiedNames(body, move)).toBe(body);
  });
});

describe('createdName and qualifyName', () => {
  it('find the name a CREATE statement creates', () => {
    expect(createdName('CREATE OR REPLACE FUNCTION "My".f(a int)', ['function'])).toMatchObject({
      schema: 'My',
      name: 'f',
    });
    expect(
      createdName('create aggregate total(numeric) (sfunc = numeric_add)', ['function', 'aggregate']),
    ).toMatchObject({ schema: null, name: 'total' });
    expect(createdName('CREATE TRIGGER on_save BEFORE UPDATE OF "on" ON orders FOR EACH ROW', ['on'])).toMatchObject({
      schema: null,
      name: 'orders',
    });
  });

  it('qualify an unqualified name, and only that', () => {
    expect(qualifyName('CREATE FUNCTION f() RETURNS int', ['function'], 'scratch_0')).toBe(
      'CREATE FUNCTION scratch_0.f() RETURNS int',
    );
    expect(qualifyName('CREATE FUNCTION app.f() RETURNS int', ['function'], 'scratch_0')).toBe(
      'CREATE FUNCTION app.f() RETURNS int',
    );
    expect(qualifyName('CREATE TRIGGER t AFTER INSERT ON "Orders" FOR EACH ROW', ['on'], 'scratch_0')).toBe(
      'CREATE TRIGGER t AFTER INSERT ON scratch_0."Orders" FOR EACH ROW',
    );
  });
});

describe('moveSqlBodyNames', () => {
  const move = (schema: string, name: string): string | null =>
    schema === 'app' && ['fold', 'cfg', 'my fn'].includes(name) ? 'scratch_0' : null;

  it("moves the references of a SQL function's dollar-quoted body, literals too", () => {
    const create =
      "CREATE FUNCTION app.vec(t text) RETURNS tsvector LANGUAGE sql AS $f$ SELECT to_tsvector('app.cfg', app.fold(t)) || app.other(t) $f$";
    expect(moveSqlBodyNames(create, move)).toBe(
      "CREATE FUNCTION app.vec(t text) RETURNS tsvector LANGUAGE sql AS $f$ SELECT to_tsvector('scratch_0.cfg', scratch_0.fold(t)) || app.other(t) $f$",
    );
  });

  it('leaves a schema written otherwise than the server prints it, and bodies of other languages', () => {
    const quoted =
      'CREATE FUNCTION app.f() RETURNS text LANGUAGE sql AS $$ SELECT "app".fold(\'x\') || app."my fn"() $$';
    expect(moveSqlBodyNames(quoted, move)).toBe(
      'CREATE FUNCTION app.f() RETURNS text LANGUAGE sql AS $$ SELECT "app".fold(\'x\') || scratch_0."my fn"() $$',
    );
    const plpgsql = "CREATE FUNCTION app.f() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN app.fold('x'); END $$";
    expect(moveSqlBodyNames(plpgsql, move)).toBe(plpgsql);
  });
});
