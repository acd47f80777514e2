import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';

/**
 * Type changes that reach beyond one column: foreign keys whose two sides
 * change type together, and enums replaced next to objects named like the
 * name Postgres' own habits would give the old type. Autogenerate from the
 * pulled base undoes each mutation, the downgrade re-applies it, and nothing
 * is left to generate afterwards (see test/helpers/mutation.ts).
 */

const KEYS_BASE = `
CREATE TABLE public.p (
  id uuid PRIMARY KEY,
  code uuid NOT NULL UNIQUE
);
CREATE TABLE public.c (
  id integer PRIMARY KEY,
  pid uuid REFERENCES public.p,
  pcode uuid REFERENCES public.p (code)
);
INSERT INTO public.p VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12');
INSERT INTO public.c VALUES (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12');`;

const ENUM_BASE = `
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE public.person (
  id integer PRIMARY KEY,
  current_mood public.mood NOT NULL DEFAULT 'ok'
);
INSERT INTO public.person VALUES (1, 'happy');`;

// Each mutation runs the CLI eight times; a busy machine needs more than the default minute.
const SLOW = 240_000;

describe('mutations: foreign keys whose columns change type', { timeout: SLOW }, () => {
  it('a primary key and the foreign key referencing it both retyped (text back to uuid)', async () => {
    const { revision } = await runMutation({
      base: KEYS_BASE,
      mutation: `
        ALTER TABLE public.c DROP CONSTRAINT c_pid_fkey;
        ALTER TABLE public.p ALTER COLUMN id TYPE text;
        ALTER TABLE public.c ALTER COLUMN pid TYPE text;
        ALTER TABLE public.c ADD CONSTRAINT c_pid_fkey FOREIGN KEY (pid) REFERENCES public.p (id);`,
    });
    const upgrade = revision.slice(0, revision.indexOf('export async function downgrade'));
    expect(upgrade.indexOf("name: 'c_pid_fkey'")).toBeLessThan(upgrade.indexOf('op.alterColumn('));
    expect(upgrade.lastIndexOf('op.addConstraint(')).toBeGreaterThan(upgrade.lastIndexOf('op.alterColumn('));
  });

  it('a unique key and the foreign key referencing it both retyped', async () => {
    await runMutation({
      base: KEYS_BASE,
      mutation: `
        ALTER TABLE public.c DROP CONSTRAINT c_pcode_fkey;
        ALTER TABLE public.p ALTER COLUMN code TYPE text;
        ALTER TABLE public.c ALTER COLUMN pcode TYPE text;
        ALTER TABLE public.c ADD CONSTRAINT c_pcode_fkey FOREIGN KEY (pcode) REFERENCES public.p (code);`,
    });
  });
});

describe('mutations: enums replaced next to <name>_old', { timeout: SLOW }, () => {
  it('a table named mood_old', async () => {
    const { revision } = await runMutation({
      base: `${ENUM_BASE}\nCREATE TABLE public.mood_old (id integer);`,
      mutation: `ALTER TYPE public.mood ADD VALUE 'meh';`,
    });
    expect(revision).toContain('op.replaceEnum(');
  });

  it('a type named mood_old', async () => {
    const { revision } = await runMutation({
      base: `${ENUM_BASE}\nCREATE TYPE public.mood_old AS ENUM ('x');`,
      mutation: `ALTER TYPE public.mood ADD VALUE 'meh' BEFORE 'ok';`,
    });
    expect(revision).toContain('op.replaceEnum(');
  });
});
