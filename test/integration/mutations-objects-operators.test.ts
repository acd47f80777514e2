import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { SLOW } from './mutations-objects-base.js';

/**
 * Operators: infix with a commutator, a negator and estimators, one used by
 * a check constraint, one by a view and an index, a prefix one, one nobody
 * uses. Autogenerate from the pulled base undoes each change, the downgrade
 * re-applies it, and nothing is left to generate afterwards (see
 * test/helpers/mutation.ts).
 */
const base = `
CREATE SCHEMA text_ops;
CREATE FUNCTION public.ci_eq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(a) = lower(b) $$;
CREATE FUNCTION public.ci_ne(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(a) <> lower(b) $$;
CREATE FUNCTION text_ops.shout(a text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(a) $$;
CREATE OPERATOR public.=== (FUNCTION = public.ci_eq, LEFTARG = text, RIGHTARG = text, COMMUTATOR = ===, NEGATOR = !==, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR public.!== (FUNCTION = public.ci_ne, LEFTARG = text, RIGHTARG = text, COMMUTATOR = !==, NEGATOR = ===, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR text_ops.~~~ (FUNCTION = public.ci_eq, LEFTARG = text, RIGHTARG = text);
CREATE TABLE public.account (
  id integer PRIMARY KEY,
  name text NOT NULL,
  alias text,
  CONSTRAINT account_alias_check CHECK (alias !== name)
);
CREATE INDEX account_same_idx ON public.account ((name === alias));
CREATE VIEW public.same_name AS SELECT id FROM public.account WHERE name === alias;
`;

describe('mutations: operators', { timeout: SLOW }, () => {
  it('an infix and a prefix operator added', async () => {
    const mutation = `CREATE OPERATOR public.^^^ (FUNCTION = public.ci_eq, LEFTARG = text, RIGHTARG = text, HASHES, MERGES);
      CREATE OPERATOR text_ops.%% (FUNCTION = text_ops.shout, RIGHTARG = text);`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.dropOperator(');
  });

  it('an operator dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP OPERATOR text_ops.~~~ (text, text);' });
    expect(revision).toContain('op.createOperator(');
  });

  it('estimators changed in place', async () => {
    const mutation = 'ALTER OPERATOR public.=== (text, text) SET (RESTRICT = scalarltsel, JOIN = NONE);';
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.alterOperator(');
    expect(revision).not.toContain('op.dropOperator(');
  });

  it('an operator used by a check whose function changes: the check is dropped before and added after', async () => {
    const mutation = `CREATE FUNCTION public.ci_ne2(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT NOT (lower(a) = lower(b)) $$;
      DROP OPERATOR public.!== (text, text) CASCADE;
      CREATE OPERATOR public.!== (FUNCTION = public.ci_ne2, LEFTARG = text, RIGHTARG = text, COMMUTATOR = !==, NEGATOR = ===, RESTRICT = neqsel, JOIN = neqjoinsel);
      ALTER TABLE public.account ADD CONSTRAINT account_alias_check CHECK (alias !== name);`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropConstraint(')).toBeLessThan(upgrade.indexOf('op.dropOperator('));
    expect(upgrade.indexOf('op.createOperator(')).toBeLessThan(upgrade.indexOf('op.addConstraint('));
  });

  it('an operator used by a view and an index dropped and created again (its commutator changes): both come back after it', async () => {
    const mutation = `DROP OPERATOR public.=== (text, text) CASCADE;
      CREATE OPERATOR public.=== (FUNCTION = public.ci_eq, LEFTARG = text, RIGHTARG = text, NEGATOR = !==, RESTRICT = eqsel, JOIN = eqjoinsel);
      CREATE INDEX account_same_idx ON public.account ((name === alias));
      CREATE VIEW public.same_name AS SELECT id FROM public.account WHERE name === alias;`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropView(')).toBeLessThan(upgrade.indexOf('op.dropOperator('));
    expect(upgrade.indexOf('op.dropIndex(')).toBeLessThan(upgrade.indexOf('op.dropOperator('));
    expect(upgrade.indexOf('op.createOperator(')).toBeLessThan(upgrade.indexOf('op.createView('));
    expect(upgrade.indexOf('op.createOperator(')).toBeLessThan(upgrade.indexOf('op.createIndex('));
  });

  it('the function an operator calls dropped and created again (a parameter renamed): the operator is dropped before it and created after', async () => {
    const mutation = `DROP OPERATOR text_ops.%% (NONE, text);
      DROP FUNCTION text_ops.shout(text);
      CREATE FUNCTION text_ops.shout(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(x) $$;
      CREATE OPERATOR text_ops.%% (FUNCTION = text_ops.shout, RIGHTARG = text);`;
    const { revision } = await runMutation({
      base: `${base}\nCREATE OPERATOR text_ops.%% (FUNCTION = text_ops.shout, RIGHTARG = text);`,
      mutation,
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropOperator(')).toBeLessThan(upgrade.indexOf('op.dropFunction('));
    expect(upgrade.indexOf('op.createFunction(')).toBeLessThan(upgrade.lastIndexOf('op.createOperator('));
  });

  it('a comment on an operator changed, and one on a prefix operator removed', async () => {
    const withComments = `${base}
      CREATE OPERATOR text_ops.%% (FUNCTION = text_ops.shout, RIGHTARG = text);
      COMMENT ON OPERATOR public.=== (text, text) IS 'equal, case aside';
      COMMENT ON OPERATOR text_ops.%% (NONE, text) IS 'loud';`;
    const mutation = `COMMENT ON OPERATOR public.=== (text, text) IS 'same letters'; COMMENT ON OPERATOR text_ops.%% (NONE, text) IS NULL;`;
    const { revision } = await runMutation({ base: withComments, mutation });
    expect(revision).toContain('op.setComment(');
  });

  it('an operator with a comment dropped and created again: the comment is set again after it', async () => {
    const withComment = `${base}
COMMENT ON OPERATOR text_ops.~~~ (text, text) IS 'loose equality';`;
    const mutation = `DROP OPERATOR text_ops.~~~ (text, text);
      CREATE OPERATOR text_ops.~~~ (FUNCTION = public.ci_ne, LEFTARG = text, RIGHTARG = text);
      COMMENT ON OPERATOR text_ops.~~~ (text, text) IS 'loose equality';`;
    const { revision } = await runMutation({ base: withComment, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.setComment(')).toBeLessThan(upgrade.indexOf('op.dropOperator('));
    expect(upgrade.lastIndexOf('op.setComment(')).toBeGreaterThan(upgrade.indexOf('op.createOperator('));
  });

  // A btree class of case-insensitive text order, used by an index.
  const withClass = `${base}
    CREATE FUNCTION public.ci_cmp(a text, b text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN lower(a) < lower(b) THEN -1 WHEN lower(a) > lower(b) THEN 1 ELSE 0 END $$;
    CREATE FUNCTION public.ci_lt(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(a) < lower(b) $$;
    CREATE FUNCTION public.ci_le(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(a) <= lower(b) $$;
    CREATE FUNCTION public.ci_ge(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(a) >= lower(b) $$;
    CREATE FUNCTION public.ci_gt(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(a) > lower(b) $$;
    CREATE OPERATOR public.<<< (FUNCTION = public.ci_lt, LEFTARG = text, RIGHTARG = text);
    CREATE OPERATOR public.<<= (FUNCTION = public.ci_le, LEFTARG = text, RIGHTARG = text);
    CREATE OPERATOR public.>>= (FUNCTION = public.ci_ge, LEFTARG = text, RIGHTARG = text);
    CREATE OPERATOR public.>>> (FUNCTION = public.ci_gt, LEFTARG = text, RIGHTARG = text);
    CREATE OPERATOR CLASS public.ci_ops FOR TYPE text USING btree AS
      OPERATOR 1 <<<, OPERATOR 2 <<=, OPERATOR 3 ===, OPERATOR 4 >>=, OPERATOR 5 >>>, FUNCTION 1 public.ci_cmp(text, text);
    CREATE INDEX account_name_ci_idx ON public.account (name public.ci_ops);`;

  it('an operator class added', async () => {
    const mutation = `CREATE OPERATOR CLASS text_ops.ci_eq_ops FOR TYPE text USING hash AS OPERATOR 1 public.===, FUNCTION 1 public.ci_hash(text);`;
    const { revision } = await runMutation({
      base: `${withClass}\nCREATE FUNCTION public.ci_hash(a text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT hashtext(lower(a)) $$;`,
      mutation,
    });
    expect(revision).toContain('op.dropOperatorClass(');
  });

  it('an operator class and the index using it dropped', async () => {
    const mutation = 'DROP INDEX public.account_name_ci_idx; DROP OPERATOR FAMILY public.ci_ops USING btree;';
    const { revision } = await runMutation({ base: withClass, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createOperatorClass(')).toBeLessThan(upgrade.indexOf('op.createIndex('));
  });

  it('an operator class whose support function changes, used by an index: the index is dropped before and created after', async () => {
    const mutation = `CREATE FUNCTION public.ci_cmp2(a text, b text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN lower(a) < lower(b) THEN -1 WHEN lower(a) > lower(b) THEN 1 ELSE 0 END $$;
      DROP OPERATOR FAMILY public.ci_ops USING btree CASCADE;
      CREATE OPERATOR CLASS public.ci_ops FOR TYPE text USING btree AS
        OPERATOR 1 <<<, OPERATOR 2 <<=, OPERATOR 3 ===, OPERATOR 4 >>=, OPERATOR 5 >>>, FUNCTION 1 public.ci_cmp2(text, text);
      CREATE INDEX account_name_ci_idx ON public.account (name public.ci_ops);`;
    const { revision } = await runMutation({ base: withClass, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropIndex(')).toBeLessThan(upgrade.indexOf('op.dropOperatorClass('));
    expect(upgrade.indexOf('op.createOperatorClass(')).toBeLessThan(upgrade.indexOf('op.createIndex('));
  });

  it('a default operator class whose support function changes: the index using it without naming it is dropped before and created after', async () => {
    const withDefault = `${base}
      CREATE TYPE public.pair AS (x integer, y integer);
      CREATE FUNCTION public.pair_eq(a public.pair, b public.pair) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT a.x = b.x $$;
      CREATE FUNCTION public.pair_hash(a public.pair) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT hashint4(a.x) $$;
      CREATE OPERATOR public.= (FUNCTION = public.pair_eq, LEFTARG = public.pair, RIGHTARG = public.pair, COMMUTATOR = =);
      CREATE OPERATOR CLASS public.pair_ops DEFAULT FOR TYPE public.pair USING hash AS OPERATOR 1 public.=, FUNCTION 1 public.pair_hash(public.pair);
      CREATE TABLE public.spots (id integer PRIMARY KEY, p public.pair);
      CREATE INDEX spots_p_idx ON public.spots USING hash (p);`;
    const mutation = `CREATE FUNCTION public.pair_hash2(a public.pair) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT hashint4(a.x) $$;
      DROP OPERATOR FAMILY public.pair_ops USING hash CASCADE;
      CREATE OPERATOR CLASS public.pair_ops DEFAULT FOR TYPE public.pair USING hash AS OPERATOR 1 public.=, FUNCTION 1 public.pair_hash2(public.pair);
      CREATE INDEX spots_p_idx ON public.spots USING hash (p);`;
    const { revision } = await runMutation({ base: withDefault, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropIndex(')).toBeLessThan(upgrade.indexOf('op.dropOperatorClass('));
    expect(upgrade.indexOf('op.createOperatorClass(')).toBeLessThan(upgrade.indexOf('op.createIndex('));
  });

  // A composite type ordered by its one field, through a default btree class of its own.
  const compare = (name: string, op: string): string =>
    `CREATE FUNCTION public.code_${name}(a public.code, b public.code) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT a.x ${op} b.x $$;
      CREATE OPERATOR public.${op} (FUNCTION = public.code_${name}, LEFTARG = public.code, RIGHTARG = public.code);`;
  const codeClass = (cmp: string): string =>
    `CREATE OPERATOR CLASS public.code_ops DEFAULT FOR TYPE public.code USING btree AS OPERATOR 1 public.<,
        OPERATOR 2 public.<=, OPERATOR 3 public.=, OPERATOR 4 public.>=, OPERATOR 5 public.>, FUNCTION 1 public.${cmp}(public.code, public.code);`;
  const withCode = `${base}
      CREATE TYPE public.code AS (x integer);
      CREATE FUNCTION public.code_cmp(a public.code, b public.code) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT btint4cmp(a.x, b.x) $$;
      ${[
        ['lt', '<'],
        ['le', '<='],
        ['eq', '='],
        ['ge', '>='],
        ['gt', '>'],
      ]
        .map(([n, o]) => compare(n!, o!))
        .join('\n')}
      ${codeClass('code_cmp')}`;
  const changeCodeClass = `CREATE FUNCTION public.code_cmp2(a public.code, b public.code) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT btint4cmp(a.x, b.x) $$;
      DROP OPERATOR FAMILY public.code_ops USING btree CASCADE;
      ${codeClass('code_cmp2')}`;

  it('a default btree class under a primary key changes: the key and the foreign keys on it are dropped before and added after', async () => {
    const keys = `ALTER TABLE public.coded ADD CONSTRAINT coded_pkey PRIMARY KEY (c);
      ALTER TABLE public.coded_ref ADD CONSTRAINT coded_ref_c_fkey FOREIGN KEY (c) REFERENCES public.coded (c);
      ALTER TABLE public.coded ADD CONSTRAINT coded_self_fkey FOREIGN KEY (parent) REFERENCES public.coded (c);`;
    const withKey = `${withCode}
      CREATE TABLE public.coded (c public.code NOT NULL, parent public.code);
      CREATE TABLE public.coded_ref (id integer PRIMARY KEY, c public.code);
      ${keys}`;
    const mutation = `${changeCodeClass}
      ${keys}`;
    const { revision } = await runMutation({ base: withKey, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    const at = (text: string): number => upgrade.indexOf(text);
    expect(at("name: 'coded_ref_c_fkey'")).toBeLessThan(at("name: 'coded_pkey'"));
    expect(at("name: 'coded_self_fkey'")).toBeLessThan(at("name: 'coded_pkey'"));
    expect(at("name: 'coded_pkey'")).toBeLessThan(at('op.dropOperatorClass('));
    expect(at('op.createOperatorClass(')).toBeLessThan(upgrade.lastIndexOf("name: 'coded_pkey'"));
    expect(upgrade.lastIndexOf("name: 'coded_pkey'")).toBeLessThan(upgrade.lastIndexOf("name: 'coded_ref_c_fkey'"));
  });

  it('a default btree class under a unique index a foreign key references, a key on a domain column and an index on an expression: all are dropped before and added after', async () => {
    const users = `CREATE UNIQUE INDEX coded_c_idx ON public.coded (c);
      ALTER TABLE public.coded_ref ADD CONSTRAINT coded_ref_c_fkey FOREIGN KEY (c) REFERENCES public.coded (c);
      ALTER TABLE public.boxed ADD CONSTRAINT boxed_pkey PRIMARY KEY (d);
      CREATE INDEX boxed_c_idx ON public.boxed ((c::public.code));`;
    const withUsers = `${withCode}
      CREATE DOMAIN public.code_d AS public.code;
      CREATE TABLE public.coded (c public.code NOT NULL);
      CREATE TABLE public.coded_ref (id integer PRIMARY KEY, c public.code);
      CREATE TABLE public.boxed (d public.code_d NOT NULL, c public.code_d);
      ${users}`;
    const { revision } = await runMutation({ base: withUsers, mutation: `${changeCodeClass}\n${users}` });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    const at = (text: string): number => upgrade.indexOf(text);
    const last = (text: string): number => upgrade.lastIndexOf(text);
    expect(at("name: 'coded_ref_c_fkey'")).toBeLessThan(at("name: 'coded_c_idx'"));
    for (const name of ['coded_c_idx', 'boxed_pkey', 'boxed_c_idx']) {
      expect(at(`name: '${name}'`)).toBeLessThan(at('op.dropOperatorClass('));
      expect(at('op.createOperatorClass(')).toBeLessThan(last(`name: '${name}'`));
    }
    expect(last("name: 'coded_c_idx'")).toBeLessThan(last("name: 'coded_ref_c_fkey'"));
  });

  it('a view grouping and sorting by a type with a default btree class names no operator, but uses them: it is dropped before the operator it uses is created again, and created after', async () => {
    const view = 'CREATE VIEW public.code_counts AS SELECT c, count(*) AS n FROM public.codes GROUP BY c ORDER BY c;';
    const withView = `${withCode}
      CREATE TABLE public.codes (id integer PRIMARY KEY, c public.code);
      ${view}`;
    const mutation = `DROP VIEW public.code_counts;
      DROP OPERATOR FAMILY public.code_ops USING btree;
      DROP OPERATOR public.= (public.code, public.code);
      CREATE OPERATOR public.= (FUNCTION = public.code_eq, LEFTARG = public.code, RIGHTARG = public.code, COMMUTATOR = =);
      ${codeClass('code_cmp')}
      ${view}`;
    const { revision } = await runMutation({ base: withView, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade).not.toContain('OPERATOR(');
    expect(upgrade.indexOf('op.dropView(')).toBeLessThan(upgrade.indexOf('op.dropOperator('));
    expect(upgrade.lastIndexOf('op.createOperator(')).toBeLessThan(upgrade.indexOf('op.createView('));
  });
});
