import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import type { TempProject } from '../helpers/project.js';
import { SLOW } from './mutations-objects-base.js';

/**
 * When triggers and rules fire (`ALTER TABLE ... ENABLE ALWAYS | ENABLE
 * REPLICA | DISABLE TRIGGER | RULE`): set, changed and set back to the
 * default by hand, and a trigger or rule with a firing of its own dropped.
 * Autogenerate from the pulled base undoes each change, the downgrade
 * re-applies it, and nothing is left to generate afterwards (see
 * test/helpers/mutation.ts); `check` sees each change.
 */
const base = `
CREATE TABLE public.item (id integer PRIMARY KEY, name text, seen timestamptz);
CREATE TABLE public.item_log (id integer, at timestamptz DEFAULT now());
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.seen = now(); RETURN NEW; END $$;
CREATE TRIGGER item_touch BEFORE UPDATE ON public.item FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE TRIGGER item_replicated BEFORE INSERT ON public.item FOR EACH ROW EXECUTE FUNCTION public.touch();
ALTER TABLE public.item ENABLE REPLICA TRIGGER item_replicated;
CREATE RULE item_log_keep AS ON DELETE TO public.item_log DO INSTEAD NOTHING;
ALTER TABLE public.item_log DISABLE RULE item_log_keep;
CREATE RULE item_log_quiet AS ON UPDATE TO public.item_log DO INSTEAD NOTHING;
`;

/** With the mutation applied again (the harness leaves the database at head), `check` reports it. */
async function checkSees(project: TempProject, text: string): Promise<void> {
  expect((await project.migrate('downgrade', '-1')).code).toBe(0);
  const check = await project.migrate('check');
  expect(check.code).toBe(1);
  expect(check.stdout).toContain(text);
  expect((await project.migrate('upgrade', 'head')).code).toBe(0);
}

describe('mutations: trigger and rule firing', { timeout: SLOW }, () => {
  it('a trigger made to fire always: set back to the default', async () => {
    const { revision, project } = await runMutation({
      base,
      mutation: 'ALTER TABLE public.item ENABLE ALWAYS TRIGGER item_touch;',
    });
    expect(revision).toMatch(/op\.alterFiring\(\{[^}]*firing: null/);
    await checkSees(project, 'alter trigger item_touch on public.item: fires always -> default');
  });

  it('a replica trigger made to fire by default, and one disabled', async () => {
    const mutation = `ALTER TABLE public.item ENABLE TRIGGER item_replicated;
      ALTER TABLE public.item DISABLE TRIGGER item_touch;`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain("firing: 'replica'");
    await checkSees(project, 'alter trigger item_replicated on public.item: fires default -> replica');
  });

  it('a disabled rule enabled for replicas, and another rule disabled', async () => {
    const mutation = `ALTER TABLE public.item_log ENABLE REPLICA RULE item_log_keep;
      ALTER TABLE public.item_log DISABLE RULE item_log_quiet;`;
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain("on: 'rule'");
    await checkSees(project, 'alter rule item_log_keep on public.item_log: fires replica -> disabled');
  });

  it('a trigger and a rule with firings of their own dropped: created again with them', async () => {
    const mutation = `DROP TRIGGER item_replicated ON public.item; DROP RULE item_log_keep ON public.item_log;`;
    const { revision, project } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade).toContain('op.createTrigger(');
    expect(upgrade).toContain("firing: 'replica'");
    expect(upgrade).toContain("firing: 'disabled'");
    expect(upgrade).not.toContain('op.alterFiring(');
    await checkSees(project, 'item_replicated');
  });
  it('the table of a replica trigger rebuilt by hand: the trigger created again with its firing', async () => {
    const mutation = `DROP TABLE public.item;
      CREATE TABLE public.item (id integer, name text, seen timestamptz) PARTITION BY RANGE (id);
      CREATE TABLE public.item_low PARTITION OF public.item FOR VALUES FROM (0) TO (1000);
      CREATE TRIGGER item_touch BEFORE UPDATE ON public.item FOR EACH ROW EXECUTE FUNCTION public.touch();
      CREATE TRIGGER item_replicated BEFORE INSERT ON public.item FOR EACH ROW EXECUTE FUNCTION public.touch();`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain("firing: 'replica'");
    expect(revision).not.toContain('op.alterFiring(');
  });
  it("a partitioned table's trigger disabled by hand: enabled again, on its partitions too", async () => {
    const partitioned = `CREATE FUNCTION public.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TABLE public.reading (id integer, at date) PARTITION BY RANGE (at);
      CREATE TABLE public.reading_2026 PARTITION OF public.reading FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE TRIGGER reading_stamp BEFORE INSERT ON public.reading FOR EACH ROW EXECUTE FUNCTION public.stamp();`;
    const { revision } = await runMutation({
      base: partitioned,
      mutation: 'ALTER TABLE public.reading DISABLE TRIGGER reading_stamp;',
    });
    expect(revision).toMatch(/op\.alterFiring\(\{[^}]*table: 'reading',[^}]*firing: null/);
  });
});
