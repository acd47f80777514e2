import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';

/**
 * Changes on a partitioned table that reach its partitions: a column type
 * changed on the parent (views, policies and triggers on a partition using
 * it), an enum or domain replaced while partitions have their own defaults,
 * and a parent's DEFAULT / NOT NULL changed while a partition overrides them.
 * Autogenerate from the pulled base undoes each mutation, the downgrade
 * re-applies it, and nothing is left to generate afterwards (see
 * test/helpers/mutation.ts).
 */

const EV = `
CREATE TABLE public.ev (id integer NOT NULL, at date NOT NULL, amt integer, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE public.ev1 PARTITION OF public.ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO public.ev VALUES (1, '2024-03-03', 5);`;

const upgradeOf = (revision: string): string => revision.slice(0, revision.indexOf('downgrade'));

describe('mutations: changes on a partitioned table that reach its partitions', { timeout: 240_000 }, () => {
  it("a parent's column retyped: a view reading it from a partition is dropped before and created after", async () => {
    const base = `${EV} CREATE VIEW public.v1 AS SELECT id, amt FROM public.ev1;`;
    const mutation =
      'DROP VIEW public.v1; ALTER TABLE public.ev ALTER COLUMN amt TYPE bigint; CREATE VIEW public.v1 AS SELECT id, amt FROM public.ev1;';
    const { revision } = await runMutation({ base, mutation });
    const upgrade = upgradeOf(revision);
    expect(upgrade.indexOf('op.dropView(')).toBeLessThan(upgrade.indexOf('op.alterColumn('));
    expect(upgrade.indexOf('op.alterColumn(')).toBeLessThan(upgrade.indexOf('op.createView('));
  });

  it("a parent's column retyped: a policy on a partition using it is dropped before and created after", async () => {
    const base = `${EV} ALTER TABLE public.ev1 ENABLE ROW LEVEL SECURITY; CREATE POLICY p_amt ON public.ev1 USING (amt > 0);`;
    const mutation =
      'DROP POLICY p_amt ON public.ev1; ALTER TABLE public.ev ALTER COLUMN amt TYPE bigint; CREATE POLICY p_amt ON public.ev1 USING (amt > 0);';
    const { revision } = await runMutation({ base, mutation });
    const upgrade = upgradeOf(revision);
    expect(upgrade.indexOf('op.dropPolicy(')).toBeLessThan(upgrade.indexOf('op.alterColumn('));
    expect(upgrade.indexOf('op.alterColumn(')).toBeLessThan(upgrade.indexOf('op.createPolicy('));
  });

  it("a parent's column retyped: a trigger on a partition naming it is dropped before and created after", async () => {
    const fn = 'CREATE FUNCTION public.tg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;';
    const trigger =
      'CREATE TRIGGER tr_amt BEFORE UPDATE OF amt ON public.ev1 FOR EACH ROW EXECUTE FUNCTION public.tg();';
    const base = `${fn} ${EV} ${trigger}`;
    const mutation = `DROP TRIGGER tr_amt ON public.ev1; ALTER TABLE public.ev ALTER COLUMN amt TYPE bigint; ${trigger}`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = upgradeOf(revision);
    expect(upgrade.indexOf('op.dropTrigger(')).toBeLessThan(upgrade.indexOf('op.alterColumn('));
    expect(upgrade.indexOf('op.alterColumn(')).toBeLessThan(upgrade.indexOf('op.createTrigger('));
  });

  it('a generated column of the parent added again: a view reading it from a partition, a trigger and a policy on partitions', async () => {
    const base = `
CREATE FUNCTION public.tg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE public."Ev" (id integer NOT NULL, at date NOT NULL, "Amt" integer, dbl integer GENERATED ALWAYS AS ("Amt" * 2) STORED, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE public."Ev 1" PARTITION OF public."Ev" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public."Ev d" PARTITION OF public."Ev" DEFAULT;
CREATE INDEX "ix dbl" ON public."Ev" (dbl);
CREATE TRIGGER "tr amt" BEFORE UPDATE OF "Amt" ON public."Ev 1" FOR EACH ROW EXECUTE FUNCTION public.tg();
ALTER TABLE public."Ev d" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "p amt" ON public."Ev d" USING ("Amt" > 0);
CREATE VIEW public."v ev1" AS SELECT id, "Amt", dbl FROM public."Ev 1";
INSERT INTO public."Ev" (id, at, "Amt") VALUES (1, '2024-02-02', 3), (2, '2020-01-01', 4);`;
    const mutation = `
DROP VIEW public."v ev1"; DROP POLICY "p amt" ON public."Ev d"; DROP TRIGGER "tr amt" ON public."Ev 1";
ALTER TABLE public."Ev" DROP COLUMN dbl;
ALTER TABLE public."Ev" ALTER COLUMN "Amt" TYPE bigint;
ALTER TABLE public."Ev" ADD COLUMN dbl bigint GENERATED ALWAYS AS ("Amt" * 2) STORED;
CREATE INDEX "ix dbl" ON public."Ev" (dbl);
CREATE TRIGGER "tr amt" BEFORE UPDATE OF "Amt" ON public."Ev 1" FOR EACH ROW EXECUTE FUNCTION public.tg();
CREATE POLICY "p amt" ON public."Ev d" USING ("Amt" > 0);
CREATE VIEW public."v ev1" AS SELECT id, "Amt", dbl FROM public."Ev 1";`;
    const { revision } = await runMutation({ base, mutation });
    expect(upgradeOf(revision)).toContain('op.dropView(');
  });

  it("an enum replaced while partitions have their own defaults keeps each partition's default", async () => {
    const base = `
CREATE TYPE public.st AS ENUM ('b', 'a');
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, s public.st DEFAULT 'a', PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE public.p1 PARTITION OF public.p (s DEFAULT 'b') FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 PARTITION OF public.p (s DEFAULT 'a') FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
INSERT INTO public.p VALUES (1, '2024-01-01', DEFAULT), (2, '2023-01-01', 'a');`;
    const mutation = `
ALTER TABLE public.p ALTER COLUMN s DROP DEFAULT;
ALTER TYPE public.st RENAME TO st_old;
CREATE TYPE public.st AS ENUM ('a', 'b', 'c');
ALTER TABLE public.p ALTER COLUMN s TYPE public.st USING s::text::public.st;
DROP TYPE public.st_old;
ALTER TABLE public.p ALTER COLUMN s SET DEFAULT 'a';
ALTER TABLE public.p1 ALTER COLUMN s SET DEFAULT 'b';
ALTER TABLE public.p2 ALTER COLUMN s SET DEFAULT 'c';`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.replaceEnum(');
  });

  it("a domain replaced while a partition has its own default keeps the partition's default", async () => {
    const base = `
CREATE DOMAIN public.d AS bigint;
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, s public.d DEFAULT 1, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE public.p1 PARTITION OF public.p (s DEFAULT 2) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 PARTITION OF public.p FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
INSERT INTO public.p VALUES (1, '2024-01-01'), (2, '2023-01-01');`;
    const mutation = `
ALTER TABLE public.p ALTER COLUMN s DROP DEFAULT;
CREATE DOMAIN public.d_int AS integer;
ALTER TABLE public.p ALTER COLUMN s TYPE public.d_int USING s::integer::public.d_int;
DROP DOMAIN public.d;
ALTER DOMAIN public.d_int RENAME TO d;
ALTER TABLE public.p ALTER COLUMN s SET DEFAULT 1;
ALTER TABLE public.p1 ALTER COLUMN s SET DEFAULT 2;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.replaceDomain(');
  });

  it("a parent's DEFAULT and NOT NULL changed while a partition overrides them: both directions keep the partition's own", async () => {
    const base = `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, s integer DEFAULT 1, w integer, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE public.p1 PARTITION OF public.p (s DEFAULT 2, w NOT NULL) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 PARTITION OF public.p FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
INSERT INTO public.p VALUES (1, '2024-01-01', DEFAULT, 1), (2, '2023-01-01', DEFAULT, 2);`;
    const mutation =
      'ALTER TABLE public.p ALTER COLUMN s SET DEFAULT 3, ALTER COLUMN w SET NOT NULL; ALTER TABLE public.p1 ALTER COLUMN s SET DEFAULT 2;';
    await runMutation({ base, mutation });
  });

  it("the reverse: a parent's DEFAULT and NOT NULL changed back while a partition overrides them", async () => {
    const base = `
CREATE TABLE public.p (id integer NOT NULL, at date NOT NULL, s integer DEFAULT 3, w integer NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE public.p1 PARTITION OF public.p (s DEFAULT 2) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.p2 PARTITION OF public.p FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
INSERT INTO public.p VALUES (1, '2024-01-01', DEFAULT, 1), (2, '2023-01-01', DEFAULT, 2);`;
    const mutation =
      'ALTER TABLE public.p ALTER COLUMN s SET DEFAULT 1, ALTER COLUMN w DROP NOT NULL; ALTER TABLE public.p1 ALTER COLUMN s SET DEFAULT 2, ALTER COLUMN w SET NOT NULL;';
    await runMutation({ base, mutation });
  });
});
