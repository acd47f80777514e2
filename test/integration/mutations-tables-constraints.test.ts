import { describe, expect, it } from 'vitest';
import { serverOlderThan } from '../helpers/embedded-server.js';
import { runMutation } from '../helpers/mutation.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Single changes to the constraints of tables - primary keys (with foreign
 * keys depending on them), foreign keys with MATCH FULL, deferral and NOT
 * VALID, unique constraints with NULLS NOT DISTINCT and deferral, checks by
 * expression, NOT VALID and NO INHERIT, exclusion constraints, and unique
 * constraints turned into unique indexes and back.
 */

const BASE = `
CREATE SCHEMA app;
CREATE TABLE public.category (
  id integer PRIMARY KEY,
  code text NOT NULL,
  region text,
  CONSTRAINT category_code_key UNIQUE NULLS NOT DISTINCT (code, region) DEFERRABLE
);
CREATE TABLE public.item (
  id bigint PRIMARY KEY,
  category_id integer,
  region text,
  parent_id bigint REFERENCES public.item (id) DEFERRABLE INITIALLY DEFERRED,
  price numeric(10,2) NOT NULL DEFAULT 0,
  qty integer NOT NULL DEFAULT 1,
  during tstzrange,
  sku text,
  CONSTRAINT item_category_fkey FOREIGN KEY (category_id) REFERENCES public.category (id) MATCH FULL ON DELETE SET NULL,
  CONSTRAINT item_qty_check CHECK (qty >= 0) NO INHERIT,
  CONSTRAINT item_sku_key UNIQUE (sku),
  CONSTRAINT item_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (qty > 0)
);
ALTER TABLE public.item ADD CONSTRAINT item_price_check CHECK (price >= 0) NOT VALID;
CREATE TABLE app.line (
  item_id bigint NOT NULL,
  position integer NOT NULL,
  note text,
  CONSTRAINT line_pkey PRIMARY KEY (item_id, position)
);
ALTER TABLE app.line ADD CONSTRAINT line_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.item (id) ON DELETE CASCADE NOT VALID;
CREATE TABLE app.line_ref (
  id integer PRIMARY KEY,
  item_id bigint,
  position integer,
  CONSTRAINT line_ref_line_fkey FOREIGN KEY (item_id, position) REFERENCES app.line (item_id, position)
);`;

/** Each mutation runs the CLI six times; PGlite on a busy machine needs more than the default minute. */
const SLOW = 240_000;

/** NULLS NOT DISTINCT came in PostgreSQL 15: older servers get the base without it, and skip the cases about it. */
const NO_NND = serverOlderThan(15);
const SERVER_BASE = NO_NND ? BASE.replaceAll(' NULLS NOT DISTINCT', '') : BASE;

const mutate = (mutation: string, revisionArgs: string[] = []) =>
  runMutation({ base: SERVER_BASE, mutation, revisionArgs });

describe('mutations: primary keys', { timeout: SLOW }, () => {
  it('a primary key that foreign keys depend on renamed (they are dropped around it)', async () => {
    // Said to be a drop and an add (--no-rename): the rename itself is in mutations-renames.
    const { revision } = await mutate('ALTER TABLE public.category RENAME CONSTRAINT category_pkey TO category_pk;', [
      '--no-rename',
      'constraint:category.category_pk',
    ]);
    expect(revision).toContain("name: 'item_category_fkey'");
  });

  it('the columns of a composite primary key changed', async () => {
    await mutate(`
      ALTER TABLE app.line_ref DROP CONSTRAINT line_ref_line_fkey;
      ALTER TABLE app.line DROP CONSTRAINT line_pkey;
      ALTER TABLE app.line ADD CONSTRAINT line_pkey PRIMARY KEY (item_id);`);
  });

  it('a primary key dropped', async () => {
    await mutate('ALTER TABLE app.line_ref DROP CONSTRAINT line_ref_pkey;');
  });

  it('a primary key added to a table that has none', async () => {
    await runMutation({
      base: 'CREATE TABLE public.log (at timestamptz NOT NULL, seq integer NOT NULL, line text);',
      mutation: 'ALTER TABLE public.log ADD CONSTRAINT log_pkey PRIMARY KEY (at, seq);',
    });
  });

  it('a primary key made deferrable', async () => {
    await mutate(`
      ALTER TABLE app.line_ref DROP CONSTRAINT line_ref_pkey;
      ALTER TABLE app.line_ref ADD CONSTRAINT line_ref_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED;`);
  });
});

describe('mutations: foreign keys', { timeout: SLOW }, () => {
  it('MATCH FULL dropped', async () => {
    const { revision } = await mutate(`
      ALTER TABLE public.item DROP CONSTRAINT item_category_fkey;
      ALTER TABLE public.item ADD CONSTRAINT item_category_fkey FOREIGN KEY (category_id) REFERENCES public.category (id) ON DELETE SET NULL;`);
    expect(revision).toContain("match: 'FULL'");
  });

  it('INITIALLY DEFERRED made NOT DEFERRABLE: set back in place, not dropped', async () => {
    const { revision } = await mutate('ALTER TABLE public.item ALTER CONSTRAINT item_parent_id_fkey NOT DEFERRABLE;');
    expect(revision).toContain('op.alterConstraint(');
    expect(revision).not.toContain('op.dropConstraint(');
  });

  it('a NOT VALID foreign key validated: made NOT VALID again, and validated in place by the downgrade', async () => {
    const { revision } = await mutate('ALTER TABLE app.line VALIDATE CONSTRAINT line_item_id_fkey;');
    expect(revision).toContain('notValid: true');
    expect(revision).toContain('from: { notValid: true }');
  });

  it('a NOT VALID foreign key validated and made deferrable at once', async () => {
    const { revision } = await mutate(`
      ALTER TABLE app.line VALIDATE CONSTRAINT line_item_id_fkey;
      ALTER TABLE app.line ALTER CONSTRAINT line_item_id_fkey DEFERRABLE INITIALLY DEFERRED;`);
    expect(revision).not.toContain('op.dropConstraint(');
  });

  it('ON DELETE and ON UPDATE changed', async () => {
    await mutate(`
      ALTER TABLE app.line_ref DROP CONSTRAINT line_ref_line_fkey;
      ALTER TABLE app.line_ref ADD CONSTRAINT line_ref_line_fkey FOREIGN KEY (item_id, position)
        REFERENCES app.line (item_id, position) ON DELETE CASCADE ON UPDATE RESTRICT;`);
  });

  // A column list on ON DELETE SET NULL / SET DEFAULT came with PostgreSQL 15, as NULLS NOT DISTINCT did.
  skipWhen(NO_NND, 'needs PostgreSQL 15: a column list on ON DELETE SET NULL / SET DEFAULT').it(
    'ON DELETE SET NULL limited to one column, and a limited SET DEFAULT made whole',
    async () => {
      const limited = `ALTER TABLE app.line_ref DROP CONSTRAINT line_ref_line_fkey;
      ALTER TABLE app.line_ref ADD CONSTRAINT line_ref_line_fkey FOREIGN KEY (item_id, position)
        REFERENCES app.line (item_id, position) ON DELETE SET DEFAULT (position);`;
      const { revision } = await runMutation({
        base: `${SERVER_BASE};\n${limited}`,
        mutation: `ALTER TABLE app.line_ref DROP CONSTRAINT line_ref_line_fkey;
        ALTER TABLE app.line_ref ADD CONSTRAINT line_ref_line_fkey FOREIGN KEY (item_id, position)
          REFERENCES app.line (item_id, position) ON DELETE SET DEFAULT;
        ALTER TABLE app.line_ref ADD CONSTRAINT line_ref_item_fkey FOREIGN KEY (item_id, position)
          REFERENCES app.line (item_id, position) ON DELETE SET NULL (position);`,
      });
      expect(revision).toContain("onDeleteColumns: ['position']");
    },
  );

  it('a self-referential foreign key dropped', async () => {
    await mutate('ALTER TABLE public.item DROP CONSTRAINT item_parent_id_fkey;');
  });

  it('a cross-schema foreign key added', async () => {
    await mutate(
      'ALTER TABLE app.line_ref ADD CONSTRAINT line_ref_item_fkey FOREIGN KEY (item_id) REFERENCES public.item (id) MATCH FULL;',
    );
  });
});

describe('mutations: unique constraints', { timeout: SLOW }, () => {
  skipWhen(NO_NND, 'needs PostgreSQL 15: NULLS NOT DISTINCT').it('NULLS NOT DISTINCT dropped', async () => {
    const { revision } = await mutate(`
      ALTER TABLE public.category DROP CONSTRAINT category_code_key;
      ALTER TABLE public.category ADD CONSTRAINT category_code_key UNIQUE (code, region) DEFERRABLE;`);
    expect(revision).toContain('nullsNotDistinct: true');
  });

  it('a unique constraint made deferrable', async () => {
    await mutate(`
      ALTER TABLE public.item DROP CONSTRAINT item_sku_key;
      ALTER TABLE public.item ADD CONSTRAINT item_sku_key UNIQUE (sku) DEFERRABLE INITIALLY DEFERRED;`);
  });

  it('INCLUDE columns added to a unique constraint and to a primary key', async () => {
    const { revision } = await mutate(`
      ALTER TABLE public.item DROP CONSTRAINT item_sku_key;
      ALTER TABLE public.item ADD CONSTRAINT item_sku_key UNIQUE (sku) INCLUDE (price, qty);
      ALTER TABLE app.line_ref DROP CONSTRAINT line_ref_pkey;
      ALTER TABLE app.line_ref ADD CONSTRAINT line_ref_pkey PRIMARY KEY (id) INCLUDE (position);`);
    expect(revision).toContain("include: ['price', 'qty']");
  });

  it('a unique constraint replaced by a unique index of the same name', async () => {
    const { revision } = await mutate(`
      ALTER TABLE public.item DROP CONSTRAINT item_sku_key;
      CREATE UNIQUE INDEX item_sku_key ON public.item (sku);`);
    expect(revision).toContain('op.dropIndex(');
    expect(revision).toContain('op.addConstraint(');
  });

  it('a unique index turned into a unique constraint', async () => {
    await runMutation({
      base: 'CREATE TABLE public.t (id integer PRIMARY KEY, a text, b text); CREATE UNIQUE INDEX t_a_b_key ON public.t (a, b);',
      mutation: 'DROP INDEX public.t_a_b_key; ALTER TABLE public.t ADD CONSTRAINT t_a_b_key UNIQUE (a, b);',
    });
  });
});

describe('mutations: checks', { timeout: SLOW }, () => {
  it('a check expression changed under the same name', async () => {
    const { revision } = await mutate(`
      ALTER TABLE public.item DROP CONSTRAINT item_qty_check;
      ALTER TABLE public.item ADD CONSTRAINT item_qty_check CHECK (qty > 0) NO INHERIT;`);
    expect(revision).toContain("expression: '(qty >= 0)'");
  });

  it('a NOT VALID check validated', async () => {
    await mutate('ALTER TABLE public.item VALIDATE CONSTRAINT item_price_check;');
  });

  it('NO INHERIT dropped from a check', async () => {
    await mutate(`
      ALTER TABLE public.item DROP CONSTRAINT item_qty_check;
      ALTER TABLE public.item ADD CONSTRAINT item_qty_check CHECK (qty >= 0);`);
  });

  it('a NOT VALID check added', async () => {
    await mutate("ALTER TABLE app.line ADD CONSTRAINT line_note_check CHECK (note <> '') NOT VALID;");
  });
});

describe('mutations: exclusion constraints', { timeout: SLOW }, () => {
  it('an exclusion constraint dropped', async () => {
    const { revision } = await mutate('ALTER TABLE public.item DROP CONSTRAINT item_no_overlap;');
    expect(revision).toContain("type: 'exclusion'");
  });

  it('an exclusion constraint added', async () => {
    await mutate(
      'ALTER TABLE public.item ADD CONSTRAINT item_during_excl EXCLUDE USING gist (during WITH &&, tstzrange(during) WITH =);',
    );
  });

  it('an exclusion constraint changed', async () => {
    await mutate(`
      ALTER TABLE public.item DROP CONSTRAINT item_no_overlap;
      ALTER TABLE public.item ADD CONSTRAINT item_no_overlap EXCLUDE USING gist (during WITH &&) DEFERRABLE;`);
  });
});
