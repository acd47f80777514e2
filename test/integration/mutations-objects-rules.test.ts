import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { SLOW } from './mutations-objects-base.js';

/**
 * Rules: one that does nothing instead of a delete, one with actions that
 * writes to another table, and one on a view. Autogenerate from the pulled
 * base undoes each change, the downgrade re-applies it, and nothing is left
 * to generate afterwards (see test/helpers/mutation.ts).
 */
const base = `
CREATE TABLE public.item (id integer PRIMARY KEY, name text);
CREATE TABLE public.item_log (id integer, action text);
CREATE RULE item_keep AS ON DELETE TO public.item DO INSTEAD NOTHING;
CREATE RULE item_logged AS ON INSERT TO public.item DO ALSO INSERT INTO public.item_log VALUES (NEW.id, 'insert');
CREATE VIEW public.item_names AS SELECT id, name FROM public.item;
CREATE RULE item_names_insert AS ON INSERT TO public.item_names DO INSTEAD INSERT INTO public.item VALUES (NEW.id, NEW.name);
`;

describe('mutations: rules', { timeout: SLOW }, () => {
  it('a rule added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'CREATE RULE item_no_update AS ON UPDATE TO public.item DO INSTEAD NOTHING;',
    });
    expect(revision).toContain('op.dropRule(');
  });

  it('a rule dropped', async () => {
    const { revision } = await runMutation({ base, mutation: 'DROP RULE item_logged ON public.item;' });
    expect(revision).toContain('op.createRule(');
  });

  it('a rule changed: replaced', async () => {
    const mutation =
      "CREATE OR REPLACE RULE item_logged AS ON INSERT TO public.item DO ALSO INSERT INTO public.item_log VALUES (NEW.id, 'added');";
    const { revision } = await runMutation({ base, mutation });
    expect(revision).toContain('op.replaceRule(');
  });

  it('a comment on a rule added', async () => {
    const { revision } = await runMutation({
      base,
      mutation: "COMMENT ON RULE item_keep ON public.item IS 'no deletes';",
    });
    expect(revision).toContain("on: 'rule', schema: 'public', name: 'item_keep', parent: 'item'");
  });

  it('a commented rule replaced: the comment stays', async () => {
    const comment = "COMMENT ON RULE item_logged ON public.item IS 'logs inserts';";
    const mutation =
      "CREATE OR REPLACE RULE item_logged AS ON INSERT TO public.item DO ALSO INSERT INTO public.item_log VALUES (NEW.id, 'added');";
    const { revision } = await runMutation({ base: `${base}\n${comment}`, mutation });
    expect(revision).toContain('op.replaceRule(');
    expect(revision).not.toContain('op.setComment(');
  });

  it('a commented rule on a view created again: its comment is removed before and set after', async () => {
    const comment = "COMMENT ON RULE item_names_insert ON public.item_names IS 'insert through the view';";
    const mutation = `DROP VIEW public.item_names; CREATE VIEW public.item_names AS SELECT id, length(name) AS name FROM public.item;
      CREATE RULE item_names_insert AS ON INSERT TO public.item_names DO INSTEAD INSERT INTO public.item VALUES (NEW.id, NEW.name);
      ${comment}`;
    const { revision } = await runMutation({ base: `${base}\n${comment}`, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf("on: 'rule'")).toBeLessThan(upgrade.indexOf('op.dropRule('));
    expect(upgrade.lastIndexOf("on: 'rule'")).toBeGreaterThan(upgrade.indexOf('op.createRule('));
  });

  it('the view a rule is on created again (a column changes type): the rule is dropped before and created after', async () => {
    const mutation = `DROP VIEW public.item_names; CREATE VIEW public.item_names AS SELECT id, length(name) AS name FROM public.item;
      CREATE RULE item_names_insert AS ON INSERT TO public.item_names DO INSTEAD INSERT INTO public.item VALUES (NEW.id, NEW.name);`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropRule(')).toBeLessThan(upgrade.indexOf('op.createRule('));
  });

  it('a table with a rule rebuilt (its partitioning changes): the rule is dropped before and created after', async () => {
    const event = 'CREATE RULE event_keep AS ON DELETE TO public.event DO INSTEAD NOTHING;';
    const mutation = `DROP TABLE public.event;
      CREATE TABLE public.event (id integer, kind text) PARTITION BY LIST (kind);
      CREATE TABLE public.event_a PARTITION OF public.event FOR VALUES IN ('a');
      ${event}`;
    const { revision } = await runMutation({
      base: `${base}\nCREATE TABLE public.event (id integer, kind text);\n${event}`,
      mutation,
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropRule(')).toBeLessThan(upgrade.indexOf('op.dropTable('));
    expect(upgrade.lastIndexOf('op.createTable(')).toBeLessThan(upgrade.indexOf('op.createRule('));
  });

  it('a table with its rules dropped: the rules come back after the table they write to', async () => {
    const { revision } = await runMutation({
      base,
      mutation: 'DROP VIEW public.item_names; DROP TABLE public.item; DROP TABLE public.item_log;',
    });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.lastIndexOf('op.createTable(')).toBeLessThan(upgrade.indexOf('op.createRule('));
  });
});
