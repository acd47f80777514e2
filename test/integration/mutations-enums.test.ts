import { describe, expect, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';

/**
 * Single changes to enums: autogenerate from the pulled base undoes each,
 * the downgrade re-applies it, and nothing is left to generate afterwards
 * (see test/helpers/mutation.ts).
 */

const ENUM_BASE = `
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE public.person (
  id integer PRIMARY KEY,
  current_mood public.mood NOT NULL DEFAULT 'ok',
  history public.mood[],
  note text
);`;

// Each mutation runs the CLI eight times; PGlite on a busy machine needs more than the default minute.
describe('mutations: enums', { timeout: 240_000 }, () => {
  it('a value added at the end is removed again by replacing the enum', async () => {
    const { revision } = await runMutation({ base: ENUM_BASE, mutation: `ALTER TYPE public.mood ADD VALUE 'ecstatic';` });
    expect(revision).toContain('op.replaceEnum(');
    expect(revision).toContain('// Postgres cannot remove or reorder enum values');
  });

  it('a value added in the middle', async () => {
    await runMutation({ base: ENUM_BASE, mutation: `ALTER TYPE public.mood ADD VALUE 'meh' BEFORE 'ok';` });
  });

  it('a value renamed', async () => {
    const { revision } = await runMutation({ base: ENUM_BASE, mutation: `ALTER TYPE public.mood RENAME VALUE 'ok' TO 'fine';` });
    expect(revision).toContain('op.renameEnumValue(');
  });

  it('a value removed (the enum replaced by hand) is added back', async () => {
    const mutation = `
      ALTER TYPE public.mood RENAME TO mood_gone;
      CREATE TYPE public.mood AS ENUM ('sad', 'ok');
      ALTER TABLE public.person ALTER COLUMN current_mood DROP DEFAULT;
      ALTER TABLE public.person ALTER COLUMN current_mood TYPE public.mood USING current_mood::text::public.mood;
      ALTER TABLE public.person ALTER COLUMN current_mood SET DEFAULT 'ok';
      ALTER TABLE public.person ALTER COLUMN history TYPE public.mood[] USING history::text[]::public.mood[];
      DROP TYPE public.mood_gone;`;
    const { revision } = await runMutation({ base: ENUM_BASE, mutation });
    expect(revision).toContain('op.addEnumValue(');
  });

  it('a value renamed that a check and a partial index spell out', async () => {
    const base = `${ENUM_BASE}
      ALTER TABLE public.person ADD CONSTRAINT person_not_sad CHECK (current_mood <> 'sad');
      CREATE INDEX person_happy_idx ON public.person (id) WHERE current_mood = 'happy';`;
    await runMutation({ base, mutation: `ALTER TYPE public.mood RENAME VALUE 'sad' TO 'blue';` });
  });

  it('values reordered', async () => {
    const mutation = `
      ALTER TYPE public.mood RENAME TO mood_gone;
      CREATE TYPE public.mood AS ENUM ('happy', 'ok', 'sad');
      ALTER TABLE public.person ALTER COLUMN current_mood DROP DEFAULT;
      ALTER TABLE public.person ALTER COLUMN current_mood TYPE public.mood USING current_mood::text::public.mood;
      ALTER TABLE public.person ALTER COLUMN current_mood SET DEFAULT 'ok';
      ALTER TABLE public.person ALTER COLUMN history TYPE public.mood[] USING history::text[]::public.mood[];
      DROP TYPE public.mood_gone;`;
    await runMutation({ base: ENUM_BASE, mutation });
  });

  it('a new enum with a column using it', async () => {
    const mutation = `
      CREATE TYPE public.color AS ENUM ('red', 'green');
      ALTER TABLE public.person ADD COLUMN favourite public.color DEFAULT 'green';`;
    await runMutation({ base: ENUM_BASE, mutation });
  });

  it('a value added to an enum whose schema and name need quoting', async () => {
    const base = `
      CREATE SCHEMA "Odd Schema";
      CREATE TYPE "Odd Schema"."Mood" AS ENUM ('a', 'b');
      CREATE TABLE "Odd Schema"."T" (id integer PRIMARY KEY, m "Odd Schema"."Mood" DEFAULT 'b');`;
    const { revision } = await runMutation({ base, mutation: `ALTER TYPE "Odd Schema"."Mood" ADD VALUE 'c' BEFORE 'a';` });
    expect(revision).toContain('op.replaceEnum(');
  });

  it('a table and its enum dropped', async () => {
    await runMutation({ base: ENUM_BASE, mutation: 'DROP TABLE public.person; DROP TYPE public.mood;' });
  });
});
