import { describe, expect, it } from 'vitest';
import { serverOlderThan } from '../helpers/embedded-server.js';
import { runMutation } from '../helpers/mutation.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Single changes to indexes: access methods, operator classes, INCLUDE
 * columns, DESC / NULLS FIRST, per-key collations, NULLS NOT DISTINCT,
 * expressions and predicates.
 */

const BASE = `
CREATE TABLE public.item (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  qty integer NOT NULL DEFAULT 1,
  weight numeric,
  tags text[],
  data jsonb,
  during tstzrange,
  created_at timestamp with time zone DEFAULT now()
);
CREATE INDEX item_name_idx ON public.item (name text_pattern_ops DESC NULLS LAST) INCLUDE (qty) WHERE (qty > 0);
CREATE INDEX item_lower_idx ON public.item (lower(name) COLLATE "C", created_at NULLS FIRST);
CREATE INDEX item_tags_idx ON public.item USING gin (tags);
CREATE INDEX item_data_idx ON public.item USING gin (data jsonb_path_ops);
CREATE INDEX item_during_idx ON public.item USING gist (during);
CREATE INDEX item_created_brin ON public.item USING brin (created_at);
CREATE INDEX item_qty_hash ON public.item USING hash (qty);
CREATE UNIQUE INDEX item_name_weight_key ON public.item (name, weight) NULLS NOT DISTINCT;`;

/** Each mutation runs the CLI six times; PGlite on a busy machine needs more than the default minute. */
const SLOW = 240_000;

/** NULLS NOT DISTINCT came in PostgreSQL 15: older servers get the base without it, and skip the cases about it. */
const NO_NND = serverOlderThan(15);
const SERVER_BASE = NO_NND ? BASE.replaceAll(' NULLS NOT DISTINCT', '') : BASE;

const mutate = (mutation: string) => runMutation({ base: SERVER_BASE, mutation });

describe('mutations: index methods and operator classes', { timeout: SLOW }, () => {
  it('a hash index replaced by a btree one', async () => {
    const { revision } = await mutate(
      'DROP INDEX public.item_qty_hash; CREATE INDEX item_qty_hash ON public.item (qty);',
    );
    expect(revision).toContain("method: 'hash'");
  });

  it('a gin operator class changed', async () => {
    await mutate('DROP INDEX public.item_data_idx; CREATE INDEX item_data_idx ON public.item USING gin (data);');
  });

  it('a btree operator class removed', async () => {
    const { revision } = await mutate(`
      DROP INDEX public.item_name_idx;
      CREATE INDEX item_name_idx ON public.item (name DESC NULLS LAST) INCLUDE (qty) WHERE (qty > 0);`);
    expect(revision).toContain("opclass: 'text_pattern_ops'");
  });

  it('a gist index dropped and a brin one added', async () => {
    await mutate(
      'DROP INDEX public.item_during_idx; CREATE INDEX item_weight_brin ON public.item USING brin (weight);',
    );
  });
});

describe('mutations: index keys and options', { timeout: SLOW }, () => {
  it('INCLUDE columns changed', async () => {
    await mutate(`
      DROP INDEX public.item_name_idx;
      CREATE INDEX item_name_idx ON public.item (name text_pattern_ops DESC NULLS LAST) INCLUDE (qty, weight) WHERE (qty > 0);`);
  });

  it('DESC and NULLS placement changed', async () => {
    const { revision } = await mutate(`
      DROP INDEX public.item_lower_idx;
      CREATE INDEX item_lower_idx ON public.item (lower(name) COLLATE "C" DESC, created_at);`);
    expect(revision).toContain("nulls: 'FIRST'");
  });

  it('a per-key collation removed', async () => {
    await mutate(`
      DROP INDEX public.item_lower_idx;
      CREATE INDEX item_lower_idx ON public.item (lower(name), created_at NULLS FIRST);`);
  });

  skipWhen(NO_NND, 'needs PostgreSQL 15: NULLS NOT DISTINCT').it(
    'NULLS NOT DISTINCT dropped from a unique index',
    async () => {
      const { revision } = await mutate(`
      DROP INDEX public.item_name_weight_key;
      CREATE UNIQUE INDEX item_name_weight_key ON public.item (name, weight);`);
      expect(revision).toContain('nullsNotDistinct: true');
    },
  );

  it('a partial predicate changed', async () => {
    await mutate(`
      DROP INDEX public.item_name_idx;
      CREATE INDEX item_name_idx ON public.item (name text_pattern_ops DESC NULLS LAST) INCLUDE (qty) WHERE (qty > 10);`);
  });

  it('an expression index with options added', async () => {
    await mutate(`CREATE INDEX item_expr_idx ON public.item ((data ->> 'kind') COLLATE "POSIX" text_pattern_ops DESC, (qty * 2) NULLS FIRST)
      WHERE data IS NOT NULL;`);
  });
});

describe('mutations: statistics targets of expression keys', () => {
  it("a target changed and one dropped: set again in place, the indexes kept; a materialized view dropped comes back with its index's", async () => {
    const { revision } = await runMutation({
      base:
        'CREATE TABLE public.person (id integer PRIMARY KEY, email text, name text);' +
        'CREATE INDEX person_lower_email_idx ON public.person (lower(email));' +
        'ALTER INDEX public.person_lower_email_idx ALTER COLUMN 1 SET STATISTICS 300;' +
        'CREATE INDEX person_name_len_idx ON public.person (id, length(name));' +
        'ALTER INDEX public.person_name_len_idx ALTER COLUMN 2 SET STATISTICS 50;' +
        'CREATE MATERIALIZED VIEW public.person_emails AS SELECT id, email FROM public.person;' +
        'CREATE INDEX person_emails_lower_idx ON public.person_emails (lower(email));' +
        'ALTER INDEX public.person_emails_lower_idx ALTER COLUMN 1 SET STATISTICS 200;',
      mutation:
        'ALTER INDEX public.person_lower_email_idx ALTER COLUMN 1 SET STATISTICS 1000;' +
        'ALTER INDEX public.person_name_len_idx ALTER COLUMN 2 SET STATISTICS -1;' +
        'DROP MATERIALIZED VIEW public.person_emails;',
    });
    const upgrade = revision.slice(0, revision.indexOf('export async function downgrade'));
    expect(upgrade).not.toContain('op.dropIndex(');
    expect(upgrade).toMatch(/index: 'person_lower_email_idx',\s+keys: \[\s+\{ position: 1, to: 300, from: 1000 \}/);
    expect(upgrade).toMatch(/index: 'person_name_len_idx',\s+keys: \[\s+\{ position: 2, to: 50, from: null \}/);
    expect(revision).toContain("{ expression: 'lower(email)', statistics: 200 }");
  });
});
