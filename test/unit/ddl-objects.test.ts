import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/ops/operation.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { replacementDomainName } from '../../src/ops/objects/domain-replace.js';
import type { DomainModel, FunctionModel, SequenceModel, ViewModel } from '../../src/schema/model.js';

const sqlOf = (op: Operation): string[] => compileOperation(op).map((s) => s.sql);

const SEQUENCE: SequenceModel = {
  schema: 'public',
  name: 'order_no',
  type: 'bigint',
  start: '1000',
  increment: '1',
  min: '1',
  max: '9223372036854775807',
  cache: '1',
  cycle: false,
  ownedBy: null,
};

const VIEW: ViewModel = {
  schema: 'app',
  name: 'Active Users',
  materialized: false,
  definition: 'SELECT users.id\n   FROM app.users\n  WHERE users.active',
  options: [],
  columns: [{ name: 'id', type: 'integer' }],
  indexes: [],
  dependsOn: [{ schema: 'app', name: 'users' }],
};

const FUNCTION: FunctionModel = {
  schema: 'public',
  name: 'touch',
  kind: 'function',
  argumentTypes: '',
  arguments: '',
  result: 'trigger',
  definition:
    'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN NEW; END $function$',
  dependsOn: [],
};

describe('DDL: extensions and sequences', () => {
  it('creates an extension in its schema, leaving one installed elsewhere alone', () => {
    expect(sqlOf({ kind: 'createExtension', extension: { name: 'citext', schema: 'ext' } })).toEqual([
      'CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "ext"',
    ]);
    expect(sqlOf({ kind: 'dropExtension', name: 'citext' })).toEqual(['DROP EXTENSION "citext"']);
  });

  it('moves an extension to another schema', () => {
    expect(sqlOf({ kind: 'alterExtension', name: 'uuid-ossp', schema: 'Ext', from: 'public' })).toEqual([
      'ALTER EXTENSION "uuid-ossp" SET SCHEMA "Ext"',
    ]);
  });

  it('writes every sequence option, and the owner when there is one', () => {
    expect(sqlOf({ kind: 'createSequence', sequence: SEQUENCE })).toEqual([
      'CREATE SEQUENCE "public"."order_no" AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1000 CACHE 1 NO CYCLE',
    ]);
    const owned = { ...SEQUENCE, cycle: true, ownedBy: { table: 'orders', column: 'id' } };
    expect(sqlOf({ kind: 'createSequence', sequence: owned })[0]).toMatch(/ CYCLE OWNED BY "public"\."orders"\."id"$/);
  });

  it('alters only the parts given; OWNED BY NONE clears the owner', () => {
    expect(
      sqlOf({ kind: 'alterSequence', schema: 'public', name: 'order_no', to: { increment: '10', max: '99999' } }),
    ).toEqual(['ALTER SEQUENCE "public"."order_no" INCREMENT BY 10 MAXVALUE 99999']);
    expect(sqlOf({ kind: 'alterSequence', schema: 'public', name: 'order_no', to: { ownedBy: null } })).toEqual([
      'ALTER SEQUENCE "public"."order_no" OWNED BY NONE',
    ]);
    expect(sqlOf({ kind: 'alterSequence', schema: 'public', name: 'order_no', to: {} })).toEqual([]);
  });

  it('creates an unlogged sequence UNLOGGED, and sets persistence in a statement of its own after the options', () => {
    expect(sqlOf({ kind: 'createSequence', sequence: { ...SEQUENCE, unlogged: true } })[0]).toMatch(
      /^CREATE UNLOGGED SEQUENCE "public"\."order_no" AS bigint /,
    );
    expect(
      sqlOf({ kind: 'alterSequence', schema: 'public', name: 'order_no', to: { cache: '10', unlogged: true } }),
    ).toEqual(['ALTER SEQUENCE "public"."order_no" CACHE 10', 'ALTER SEQUENCE "public"."order_no" SET UNLOGGED']);
    expect(sqlOf({ kind: 'alterSequence', schema: 'public', name: 'order_no', to: { unlogged: false } })).toEqual([
      'ALTER SEQUENCE "public"."order_no" SET LOGGED',
    ]);
  });

  it('refuses option text that is not a whole number', () => {
    expect(() =>
      sqlOf({ kind: 'alterSequence', schema: 'public', name: 's', to: { start: '1; DROP TABLE x' } }),
    ).toThrow(/not an integer/);
  });

  it('drops a sequence', () => {
    expect(sqlOf({ kind: 'dropSequence', schema: 'public', name: 'order_no' })).toEqual([
      'DROP SEQUENCE "public"."order_no"',
    ]);
  });
});

describe('DDL: domains', () => {
  it('creates a domain with default, NOT NULL and named checks; a NOT VALID check is added afterwards', () => {
    const domain = {
      schema: 'public',
      name: 'bıgınt',
      type: 'bigint',
      default: '0',
      notNull: true,
      checks: [
        { name: 'positive', expression: '(VALUE >= 0)' },
        { name: 'small', expression: '(VALUE < 100)', notValid: true },
      ],
    };
    expect(sqlOf({ kind: 'createDomain', domain })).toEqual([
      'CREATE DOMAIN "public"."bıgınt" AS bigint DEFAULT 0 NOT NULL CONSTRAINT "positive" CHECK ((VALUE >= 0))',
      'ALTER DOMAIN "public"."bıgınt" ADD CONSTRAINT "small" CHECK ((VALUE < 100)) NOT VALID',
    ]);
  });

  it('alters default, NOT NULL and checks: dropping the checks that go, adding the new ones', () => {
    const op: Operation = {
      kind: 'alterDomain',
      schema: 'public',
      name: 'year',
      to: { default: null, notNull: false, checks: [{ name: 'year_check', expression: '(VALUE > 1900)' }] },
      from: {
        default: '2000',
        notNull: true,
        checks: [
          { name: 'year_check', expression: '(VALUE > 1800)' },
          { name: 'old', expression: 'true' },
        ],
      },
    };
    expect(sqlOf(op)).toEqual([
      'ALTER DOMAIN "public"."year" DROP DEFAULT',
      'ALTER DOMAIN "public"."year" DROP NOT NULL',
      'ALTER DOMAIN "public"."year" DROP CONSTRAINT "year_check"',
      'ALTER DOMAIN "public"."year" DROP CONSTRAINT "old"',
      'ALTER DOMAIN "public"."year" ADD CONSTRAINT "year_check" CHECK ((VALUE > 1900))',
    ]);
  });
});

describe('DDL: domain replacement', () => {
  const old: DomainModel = {
    schema: 'public',
    name: 'bıgınt',
    type: 'integer',
    default: null,
    notNull: false,
    checks: [],
  };
  const domain: DomainModel = {
    ...old,
    type: 'numeric(20,0)',
    default: '0',
    notNull: true,
    checks: [
      { name: 'positive', expression: '(VALUE >= (0)::numeric)' },
      { name: 'small', expression: '(VALUE < (100)::numeric)', notValid: true },
    ],
  };

  it('creates the new domain under a temporary name, converts the columns, drops the old one, renames, then adds NOT VALID checks and defaults', () => {
    const op: Operation = {
      kind: 'replaceDomain',
      domain,
      from: old,
      columns: [
        { schema: 'app', table: 'Orders', column: 'big', type: 'public."bıgınt"', default: '1' },
        { schema: 'app', table: 'Orders', column: 'many', type: 'public."bıgınt"[]' },
        { schema: 'app', table: 'limits', column: 'cap', default: '(5)::public."bıgınt"' },
      ],
    };
    expect(sqlOf(op)).toEqual([
      'CREATE DOMAIN "public"."bıgınt_new" AS numeric(20,0) DEFAULT 0 NOT NULL CONSTRAINT "positive" CHECK ((VALUE >= (0)::numeric))',
      'ALTER TABLE "app"."Orders" ALTER COLUMN "big" DROP DEFAULT',
      'ALTER TABLE "app"."limits" ALTER COLUMN "cap" DROP DEFAULT',
      'ALTER TABLE "app"."Orders" ALTER COLUMN "big" TYPE "public"."bıgınt_new" USING "big"::numeric(20,0)::"public"."bıgınt_new"',
      'ALTER TABLE "app"."Orders" ALTER COLUMN "many" TYPE "public"."bıgınt_new"[] USING "many"::numeric(20,0)[]::"public"."bıgınt_new"[]',
      'DROP DOMAIN "public"."bıgınt"',
      'ALTER DOMAIN "public"."bıgınt_new" RENAME TO "bıgınt"',
      'ALTER DOMAIN "public"."bıgınt" ADD CONSTRAINT "small" CHECK ((VALUE < (100)::numeric)) NOT VALID',
      'ALTER TABLE "app"."Orders" ALTER COLUMN "big" SET DEFAULT 1',
      'ALTER TABLE "app"."limits" ALTER COLUMN "cap" SET DEFAULT (5)::public."bıgınt"',
    ]);
  });

  it('sets the comments of the old domain again on the new one, and those of the checks it keeps', () => {
    const op: Operation = {
      kind: 'replaceDomain',
      domain,
      from: old,
      columns: [],
      comments: {
        domain: "it's big",
        checks: [
          { name: 'gone', text: 'x' },
          { name: 'positive', text: 'no sign' },
        ],
      },
    };
    expect(sqlOf(op).slice(-2)).toEqual([
      'COMMENT ON TYPE "public"."bıgınt" IS \'it\'\'s big\'',
      'COMMENT ON CONSTRAINT "positive" ON DOMAIN "public"."bıgınt" IS \'no sign\'',
    ]);
  });

  it('keeps the temporary name within 63 bytes and distinct from the name', () => {
    expect(replacementDomainName('d')).toBe('d_new');
    const long = 'é'.repeat(31);
    expect(replacementDomainName(long)).toBe(`${'é'.repeat(29)}_new`);
    const endsLikeIt = `${'x'.repeat(59)}_new`;
    expect(replacementDomainName(endsLikeIt)).toBe(`${'x'.repeat(58)}_next`);
  });
});

describe('DDL: views', () => {
  it('creates a view from its query, without the semicolon the server prints', () => {
    expect(sqlOf({ kind: 'createView', view: { ...VIEW, definition: ` ${VIEW.definition};` } })).toEqual([
      'CREATE VIEW "app"."Active Users" AS\nSELECT users.id\n   FROM app.users\n  WHERE users.active',
    ]);
  });

  it('replaces a view in place with its options', () => {
    expect(sqlOf({ kind: 'replaceView', view: { ...VIEW, options: ['security_barrier=true'] } })).toEqual([
      'CREATE OR REPLACE VIEW "app"."Active Users" WITH (security_barrier=true) AS\nSELECT users.id\n   FROM app.users\n  WHERE users.active',
    ]);
  });

  it('creates a materialized view with its indexes, and refuses to replace one', () => {
    const index = { name: 'mv_id', unique: true, method: 'btree', columns: [{ column: 'id' }], where: null };
    const view: ViewModel = { ...VIEW, name: 'mv', materialized: true, indexes: [index] };
    expect(sqlOf({ kind: 'createView', view })).toEqual([
      `CREATE MATERIALIZED VIEW "app"."mv" AS\n${VIEW.definition}`,
      'CREATE UNIQUE INDEX "mv_id" ON "app"."mv" ("id")',
    ]);
    expect(() => sqlOf({ kind: 'replaceView', view })).toThrow(/cannot be replaced in place/);
  });

  it('creates a materialized view declared without data WITH NO DATA: its query does not run', () => {
    const view: ViewModel = { ...VIEW, name: 'mv', materialized: true, withNoData: true };
    expect(sqlOf({ kind: 'createView', view })).toEqual([
      `CREATE MATERIALIZED VIEW "app"."mv" AS\n${VIEW.definition}\nWITH NO DATA`,
    ]);
  });

  it('drops a view or a materialized view', () => {
    expect(sqlOf({ kind: 'dropView', schema: 'app', name: 'v' })).toEqual(['DROP VIEW "app"."v"']);
    expect(sqlOf({ kind: 'dropView', schema: 'app', name: 'mv', materialized: true })).toEqual([
      'DROP MATERIALIZED VIEW "app"."mv"',
    ]);
  });
});

describe('DDL: routines and triggers', () => {
  it('runs a definition as written, with function bodies unchecked around it', () => {
    expect(sqlOf({ kind: 'createFunction', function: FUNCTION })[1]).toBe(FUNCTION.definition);
    expect(sqlOf({ kind: 'replaceFunction', function: FUNCTION })[1]).toBe(FUNCTION.definition);
  });

  it('drops a routine by its argument types; an aggregate without arguments takes (*)', () => {
    expect(
      sqlOf({ kind: 'dropFunction', schema: 'public', name: 'f', routine: 'function', argumentTypes: 'integer, text' }),
    ).toEqual(['DROP FUNCTION "public"."f"(integer, text)']);
    expect(
      sqlOf({ kind: 'dropFunction', schema: 'public', name: 'p', routine: 'procedure', argumentTypes: '' }),
    ).toEqual(['DROP PROCEDURE "public"."p"()']);
    expect(
      sqlOf({ kind: 'dropFunction', schema: 'public', name: 'a', routine: 'aggregate', argumentTypes: '' }),
    ).toEqual(['DROP AGGREGATE "public"."a"(*)']);
  });

  it('creates and drops a trigger', () => {
    const trigger = {
      schema: 'public',
      table: 'orders',
      name: 'touch',
      definition: 'CREATE TRIGGER touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch()',
    };
    expect(sqlOf({ kind: 'createTrigger', trigger })).toEqual([trigger.definition]);
    expect(sqlOf({ kind: 'dropTrigger', schema: 'public', table: 'orders', name: 'touch' })).toEqual([
      'DROP TRIGGER "touch" ON "public"."orders"',
    ]);
  });
});

describe('DDL: comments', () => {
  const comment = (
    target: Extract<Operation, { kind: 'setComment' }>['target'],
    text: string | null = "it's",
  ): string[] => sqlOf({ kind: 'setComment', target, comment: text });

  it('names each kind of object as COMMENT ON expects', () => {
    expect(comment({ on: 'schema', schema: 'app', name: 'app' })).toEqual(["COMMENT ON SCHEMA \"app\" IS 'it''s'"]);
    expect(comment({ on: 'table', schema: 'app', name: 't' })).toEqual(['COMMENT ON TABLE "app"."t" IS \'it\'\'s\'']);
    expect(comment({ on: 'column', schema: 'app', parent: 't', name: 'c' })).toEqual([
      'COMMENT ON COLUMN "app"."t"."c" IS \'it\'\'s\'',
    ]);
    expect(comment({ on: 'materializedView', schema: 'app', name: 'mv' })).toEqual([
      'COMMENT ON MATERIALIZED VIEW "app"."mv" IS \'it\'\'s\'',
    ]);
    expect(comment({ on: 'constraint', schema: 'app', parent: 't', name: 't_pkey' })).toEqual([
      'COMMENT ON CONSTRAINT "t_pkey" ON "app"."t" IS \'it\'\'s\'',
    ]);
    expect(comment({ on: 'domainConstraint', schema: 'app', parent: 'd', name: 'd_check' })).toEqual([
      'COMMENT ON CONSTRAINT "d_check" ON DOMAIN "app"."d" IS \'it\'\'s\'',
    ]);
    expect(comment({ on: 'trigger', schema: 'app', parent: 't', name: 'tr' })).toEqual([
      'COMMENT ON TRIGGER "tr" ON "app"."t" IS \'it\'\'s\'',
    ]);
    expect(comment({ on: 'rule', schema: 'app', parent: 't', name: 'keep' })).toEqual([
      'COMMENT ON RULE "keep" ON "app"."t" IS \'it\'\'s\'',
    ]);
    expect(comment({ on: 'collation', schema: 'app', name: 'nocase' })).toEqual([
      'COMMENT ON COLLATION "app"."nocase" IS \'it\'\'s\'',
    ]);
    expect(comment({ on: 'cast', schema: '', name: 'app.mood', parent: 'text' })).toEqual([
      "COMMENT ON CAST (app.mood AS text) IS 'it''s'",
    ]);
    expect(comment({ on: 'function', schema: 'app', name: 'f', argumentTypes: 'integer' })).toEqual([
      'COMMENT ON FUNCTION "app"."f"(integer) IS \'it\'\'s\'',
    ]);
    expect(comment({ on: 'aggregate', schema: 'app', name: 'a', argumentTypes: '' })).toEqual([
      'COMMENT ON AGGREGATE "app"."a"(*) IS \'it\'\'s\'',
    ]);
    expect(comment({ on: 'type', schema: 'app', name: 'mood' }, null)).toEqual([
      'COMMENT ON TYPE "app"."mood" IS NULL',
    ]);
  });
});
