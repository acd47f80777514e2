import { describe, expect, it } from 'vitest';
import { createTestDatabase, runSql } from '../helpers/database.js';
import { runMutation } from '../helpers/mutation.js';
import { tempProject } from '../helpers/project.js';
import { onlyRevisionFile } from '../helpers/golden.js';

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

/** `public.mood` replaced by hand with only `values` (SQL), the columns of ENUM_BASE converted. */
const replacedByHand = (values: string): string => `
  ALTER TYPE public.mood RENAME TO mood_gone;
  CREATE TYPE public.mood AS ENUM (${values});
  ALTER TABLE public.person ALTER COLUMN current_mood DROP DEFAULT;
  ALTER TABLE public.person ALTER COLUMN current_mood TYPE public.mood USING current_mood::text::public.mood;
  ALTER TABLE public.person ALTER COLUMN current_mood SET DEFAULT 'ok';
  ALTER TABLE public.person ALTER COLUMN history TYPE public.mood[] USING history::text[]::public.mood[];
  DROP TYPE public.mood_gone;`;

// Each mutation runs the CLI eight times; PGlite on a busy machine needs more than the default minute.
describe('mutations: enums', { timeout: 240_000 }, () => {
  it('a value added at the end is removed again by replacing the enum', async () => {
    const { revision } = await runMutation({
      base: ENUM_BASE,
      mutation: `ALTER TYPE public.mood ADD VALUE 'ecstatic';`,
    });
    expect(revision).toContain('op.replaceEnum(');
    expect(revision).toContain('// Postgres cannot remove or reorder enum values');
  });

  it('a value added in the middle', async () => {
    await runMutation({ base: ENUM_BASE, mutation: `ALTER TYPE public.mood ADD VALUE 'meh' BEFORE 'ok';` });
  });

  it('a value renamed', async () => {
    const { revision } = await runMutation({
      base: ENUM_BASE,
      mutation: `ALTER TYPE public.mood RENAME VALUE 'ok' TO 'fine';`,
      // A value gone beside a new one is a rename only when someone says so.
      revisionArgs: ['--rename', 'enum-value:mood.fine=ok'],
    });
    expect(revision).toContain('op.renameEnumValue(');
  });

  it('a value removed (the enum replaced by hand) is added back', async () => {
    const { revision } = await runMutation({ base: ENUM_BASE, mutation: replacedByHand("'sad', 'ok'") });
    expect(revision).toContain('op.addEnumValue(');
  });

  it('two values removed are added back, and the downgrade takes both away in one replacement', async () => {
    const { revision } = await runMutation({ base: ENUM_BASE, mutation: replacedByHand("'ok'") });
    expect(revision.match(/op\.addEnumValue\(/g)).toHaveLength(2);
    expect(revision.match(/op\.replaceEnum\(/g)).toHaveLength(1);
    expect(revision).toMatch(/from: \['sad', 'ok', 'happy'\],\s+to: \['ok'\],/);
  });

  it('a value renamed that a check and a partial index spell out', async () => {
    const base = `${ENUM_BASE}
      ALTER TABLE public.person ADD CONSTRAINT person_not_sad CHECK (current_mood <> 'sad');
      CREATE INDEX person_happy_idx ON public.person (id) WHERE current_mood = 'happy';`;
    await runMutation({
      base,
      mutation: `ALTER TYPE public.mood RENAME VALUE 'sad' TO 'blue';`,
      revisionArgs: ['--rename', 'enum-value:mood.blue=sad'],
    });
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
    const { revision } = await runMutation({
      base,
      mutation: `ALTER TYPE "Odd Schema"."Mood" ADD VALUE 'c' BEFORE 'a';`,
    });
    expect(revision).toContain('op.replaceEnum(');
  });

  it('a table and its enum dropped', async () => {
    await runMutation({ base: ENUM_BASE, mutation: 'DROP TABLE public.person; DROP TYPE public.mood;' });
  });
});

/**
 * A value added by the mutation is removed again by replacing the enum,
 * while something else uses the enum or a column it converts: each user is
 * dropped before the replacement and created again after it (and again
 * around the downgrade's).
 */
const POST_BASE = `
CREATE TYPE public.post_status AS ENUM ('draft', 'published');
CREATE TABLE public.post (
  id integer PRIMARY KEY,
  status public.post_status NOT NULL DEFAULT 'draft',
  title text
);
INSERT INTO public.post VALUES (1, 'draft', 'a'), (2, 'published', 'b');`;

const ADD_ARCHIVED = `ALTER TYPE public.post_status ADD VALUE 'archived';`;

async function replacedAround(base: string, recreated: string[]): Promise<void> {
  const { revision } = await runMutation({ base: `${POST_BASE}\n${base}`, mutation: ADD_ARCHIVED });
  expect(revision).toContain('op.replaceEnum(');
  expect(revision).toContain(
    '// Dropped before it and created again after it, since they use public.post_status or a column it converts:',
  );
  for (const call of recreated) {
    const at = revision.indexOf(call);
    expect(at, call).toBeGreaterThanOrEqual(0);
    expect(at, call).toBeLessThan(revision.indexOf('op.replaceEnum('));
  }
}

describe('mutations: enum values removed under their users', { timeout: 240_000 }, () => {
  it('a view selects the converted column', async () => {
    await replacedAround('CREATE VIEW public.post_view AS SELECT id, status FROM public.post;', ['op.dropView(']);
  });

  // Reduced from a billing platform's schema: views over the table that read none of its converted columns were
  // dropped and created again, losing the privileges granted on them.
  it('a view and a materialized view reading only other columns of the table stay as they are', async () => {
    const base = `
      CREATE VIEW public.post_titles AS SELECT id, title FROM public.post;
      CREATE MATERIALIZED VIEW public.post_ids AS SELECT id FROM public.post;
      GRANT SELECT ON public.post_titles TO PUBLIC;`;
    const { revision } = await runMutation({ base: `${POST_BASE}\n${base}`, mutation: ADD_ARCHIVED });
    expect(revision).toContain('op.replaceEnum(');
    for (const call of ['op.dropView(', 'op.createView(']) expect(revision, call).not.toContain(call);
  });

  it('a check compares the column with a kept value', async () => {
    await replacedAround(
      `ALTER TABLE public.post ADD CONSTRAINT post_not_draft_untitled CHECK (status <> 'draft' OR title IS NOT NULL);`,
      ['op.dropConstraint('],
    );
  });

  it('a partial index keeps the rows with one value', async () => {
    await replacedAround(`CREATE INDEX post_published_idx ON public.post (id) WHERE status = 'published';`, [
      'op.dropIndex(',
    ]);
  });

  // Reduced from a mapping platform's schema: an index and a check reach the enum twice, through the converted
  // column and through a function taking the enum, which is created again too; each was dropped and created twice.
  it('a partial index and a check call a function taking the enum on the converted column: each dropped and created once', async () => {
    const base = `
      CREATE FUNCTION public.is_draft(s public.post_status) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT s = 'draft'::public.post_status $$;
      CREATE INDEX post_drafts ON public.post (id) WHERE public.is_draft(status);
      ALTER TABLE public.post ADD CONSTRAINT post_draft_titled CHECK (NOT public.is_draft(status) OR title IS NOT NULL);`;
    await replacedAround(base, ['op.dropIndex(', 'op.dropConstraint(', 'op.dropFunction(']);
    const { revision } = await runMutation({ base: `${POST_BASE}\n${base}`, mutation: ADD_ARCHIVED });
    const upgrade = revision.slice(0, revision.indexOf('export async function downgrade'));
    for (const call of ['op.dropIndex(', 'op.createIndex(', 'op.dropConstraint(', 'op.addConstraint('])
      expect(upgrade.split(call).length - 1, call).toBe(1);
  });

  it('a policy reads the column', async () => {
    const base = `
      ALTER TABLE public.post ENABLE ROW LEVEL SECURITY;
      CREATE POLICY post_visible ON public.post USING (status <> 'draft');`;
    await replacedAround(base, ['op.dropPolicy(']);
  });

  it('a policy of another table reads the column through a subquery, naming no value', async () => {
    const base = `
      CREATE TABLE public.comment (post_id integer, body text);
      ALTER TABLE public.comment ENABLE ROW LEVEL SECURITY;
      CREATE POLICY comment_on_post ON public.comment
        USING (post_id IN (SELECT id FROM public.post WHERE status IS NOT NULL));`;
    await replacedAround(base, ['op.dropPolicy(']);
  });

  it('a materialized view (and a view on it) select the converted column', async () => {
    const base = `
      CREATE MATERIALIZED VIEW public.post_counts AS SELECT status, count(*) AS n FROM public.post GROUP BY status;
      CREATE UNIQUE INDEX post_counts_status_idx ON public.post_counts (status);
      CREATE VIEW public.post_count_view AS SELECT n FROM public.post_counts;`;
    await replacedAround(base, ['op.dropView(']);
  });

  it('a foreign key between converted columns, a view casting to the enum and a function taking it', async () => {
    const base = `
      CREATE TABLE public.post_state (status public.post_status PRIMARY KEY, label text);
      INSERT INTO public.post_state VALUES ('draft', 'Draft'), ('published', 'Published');
      ALTER TABLE public.post ADD CONSTRAINT post_status_fkey FOREIGN KEY (status) REFERENCES public.post_state (status);
      CREATE VIEW public.first_state AS SELECT 'draft'::public.post_status AS status;
      CREATE FUNCTION public.is_public(s public.post_status) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT s = 'published' $$;`;
    await replacedAround(base, ['op.dropConstraint(', 'op.dropView(', 'op.dropFunction(']);
  });

  it('a trigger fires on updates of the column', async () => {
    const base = `
      CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER post_status_changed BEFORE UPDATE OF status ON public.post
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION public.touch();`;
    await replacedAround(base, ['op.dropTrigger(']);
  });

  it('a rule copies the column into a log, and one on the log names a value', async () => {
    const base = `
      CREATE TABLE public.post_log (id integer, status public.post_status);
      CREATE RULE post_logged AS ON UPDATE TO public.post DO ALSO INSERT INTO public.post_log VALUES (NEW.id, NEW.status);
      CREATE RULE log_drafts AS ON INSERT TO public.post_log WHERE NEW.status = 'draft'::public.post_status DO INSTEAD NOTHING;`;
    await replacedAround(base, ['op.dropRule(']);
  });
});

/**
 * Enum changes whose generated revision must do more than the one statement
 * Postgres has for them: values used in the same revision, additions whose
 * downgrade meets users of the enum, renames spelled in views and array
 * defaults, enums dropped with a routine that takes them.
 */
const LEVEL_BASE = `
CREATE TYPE public.level AS ENUM ('low', 'mid', 'high');
CREATE TABLE public.task (
  id integer PRIMARY KEY,
  lvl public.level NOT NULL DEFAULT 'high',
  seen public.level[] DEFAULT '{low,high}',
  CONSTRAINT task_not_high_low CHECK (lvl <> 'high' OR seen IS NOT NULL)
);
CREATE INDEX task_high_idx ON public.task (id) WHERE lvl = 'high';
CREATE VIEW public.high_task AS SELECT id FROM public.task WHERE lvl = 'high';
ALTER TABLE public.task ENABLE ROW LEVEL SECURITY;
CREATE POLICY task_high ON public.task USING (lvl = 'high');
INSERT INTO public.task (id, lvl, seen) VALUES (1, 'low', NULL), (2, 'mid', '{mid}');`;

/** The base without 'high': its users dropped, the enum replaced by hand, the users created again spelling 'mid'. */
const WITHOUT_HIGH = `
DROP VIEW public.high_task;
DROP POLICY task_high ON public.task;
DROP INDEX public.task_high_idx;
ALTER TABLE public.task DROP CONSTRAINT task_not_high_low;
ALTER TABLE public.task ALTER COLUMN lvl DROP DEFAULT, ALTER COLUMN seen DROP DEFAULT;
ALTER TYPE public.level RENAME TO level_gone;
CREATE TYPE public.level AS ENUM ('low', 'mid');
ALTER TABLE public.task ALTER COLUMN lvl TYPE public.level USING lvl::text::public.level,
  ALTER COLUMN seen TYPE public.level[] USING seen::text[]::public.level[];
DROP TYPE public.level_gone;
ALTER TABLE public.task ALTER COLUMN lvl SET DEFAULT 'mid', ALTER COLUMN seen SET DEFAULT '{low,mid}';
ALTER TABLE public.task ADD CONSTRAINT task_not_high_low CHECK (lvl <> 'mid' OR seen IS NOT NULL);
CREATE INDEX task_high_idx ON public.task (id) WHERE lvl = 'mid';
CREATE VIEW public.high_task AS SELECT id FROM public.task WHERE lvl = 'mid';
CREATE POLICY task_high ON public.task USING (lvl = 'mid');`;

describe('mutations: enum values used, added under users, renamed, dropped with routines', { timeout: 240_000 }, () => {
  it('a value added back and used in the same revision (defaults, check, index, view, policy) replaces the enum', async () => {
    const { revision } = await runMutation({ base: LEVEL_BASE, mutation: WITHOUT_HIGH });
    expect(revision).toContain('op.replaceEnum(');
    expect(revision).not.toContain('op.addEnumValue(');
    expect(revision).toContain("// This change adds 'high', used in the same revision");
  });

  it('a value added back that nothing spells: the upgrade adds it alone, and its downgrade replaces the enum with the users around it', async () => {
    const base = `${POST_BASE}
      ALTER TYPE public.post_status ADD VALUE 'archived';
      ALTER TABLE public.post ADD CONSTRAINT post_draft_titled CHECK (status <> 'draft' OR title IS NOT NULL);
      CREATE INDEX post_published_idx ON public.post (id) WHERE status = 'published';
      CREATE VIEW public.post_view AS SELECT id, status FROM public.post;
      ALTER TABLE public.post ENABLE ROW LEVEL SECURITY;
      CREATE POLICY post_visible ON public.post USING (status <> 'draft');`;
    const mutation = `
      DROP VIEW public.post_view;
      DROP POLICY post_visible ON public.post;
      DROP INDEX public.post_published_idx;
      ALTER TABLE public.post DROP CONSTRAINT post_draft_titled;
      ALTER TABLE public.post ALTER COLUMN status DROP DEFAULT;
      ALTER TYPE public.post_status RENAME TO post_status_gone;
      CREATE TYPE public.post_status AS ENUM ('draft', 'published');
      ALTER TABLE public.post ALTER COLUMN status TYPE public.post_status USING status::text::public.post_status;
      DROP TYPE public.post_status_gone;
      ALTER TABLE public.post ALTER COLUMN status SET DEFAULT 'draft';
      ALTER TABLE public.post ADD CONSTRAINT post_draft_titled CHECK (status <> 'draft' OR title IS NOT NULL);
      CREATE INDEX post_published_idx ON public.post (id) WHERE status = 'published';
      CREATE VIEW public.post_view AS SELECT id, status FROM public.post;
      CREATE POLICY post_visible ON public.post USING (status <> 'draft');`;
    const { revision } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade('));
    const downgrade = revision.slice(revision.indexOf('downgrade('));
    expect(upgrade.match(/await op\.\w+/g)).toEqual(['await op.addEnumValue']);
    for (const call of ['op.dropView(', 'op.dropPolicy(', 'op.dropIndex(', 'op.dropConstraint(']) {
      expect(downgrade.indexOf(call), call).toBeGreaterThan(-1);
      expect(downgrade.indexOf(call), call).toBeLessThan(downgrade.indexOf('op.replaceEnum('));
    }
  });

  it('a value added back under a unique partial index on a table with rows, planned online: the index stays', async () => {
    const base = `
      CREATE TYPE public.stage AS ENUM ('open', 'done', 'gone');
      CREATE TABLE public.job (id integer PRIMARY KEY, stage public.stage NOT NULL, owner_id integer);
      CREATE UNIQUE INDEX job_one_open ON public.job (owner_id) WHERE stage = 'open';
      ALTER TABLE public.job ADD CONSTRAINT job_owned CHECK (stage = 'done' OR owner_id IS NOT NULL);
      CREATE VIEW public.open_job AS SELECT id, owner_id FROM public.job WHERE stage = 'open';
      CREATE INDEX job_owner ON public.job (owner_id);`;
    const mutation = `
      DROP INDEX public.job_owner;
      DROP VIEW public.open_job;
      DROP INDEX public.job_one_open;
      ALTER TABLE public.job DROP CONSTRAINT job_owned;
      ALTER TYPE public.stage RENAME TO stage_gone;
      CREATE TYPE public.stage AS ENUM ('open', 'done');
      ALTER TABLE public.job ALTER COLUMN stage TYPE public.stage USING stage::text::public.stage;
      DROP TYPE public.stage_gone;
      CREATE UNIQUE INDEX job_one_open ON public.job (owner_id) WHERE stage = 'open';
      ALTER TABLE public.job ADD CONSTRAINT job_owned CHECK (stage = 'done' OR owner_id IS NOT NULL);
      CREATE VIEW public.open_job AS SELECT id, owner_id FROM public.job WHERE stage = 'open';
      INSERT INTO public.job SELECT g, 'open', g FROM generate_series(1, 100) g;`;
    const { revision } = await runMutation({ base, mutation, revisionArgs: ['--plan', 'online'] });
    const upgrade = revision.slice(0, revision.indexOf('downgrade('));
    const downgrade = revision.slice(revision.indexOf('downgrade('));
    // The new index is built online; the partial index, the check and the view stay as they are.
    expect(upgrade.match(/await op\.\w+/g)).toEqual([
      'await op.addEnumValue',
      'await op.autocommit',
      'await op.createIndex',
    ]);
    expect(upgrade).toContain("name: 'job_owner'");
    for (const name of ['job_one_open', 'job_owned', 'open_job'])
      expect(downgrade.indexOf(`name: '${name}'`), name).toBeLessThan(downgrade.indexOf('op.replaceEnum('));
  });

  it('a value renamed that a view and an array default spell', async () => {
    const base = `
      CREATE TYPE public.mood AS ENUM ('a', 'B 2');
      CREATE TABLE public.person (id integer PRIMARY KEY, m public.mood, hist public.mood[] DEFAULT '{a,"B 2"}');
      CREATE VIEW public.v AS SELECT id FROM public.person WHERE m = 'B 2';`;
    const { revision } = await runMutation({
      base,
      mutation: `ALTER TYPE public.mood RENAME VALUE 'B 2' TO 'b';`,
      revisionArgs: ['--rename', 'enum-value:mood.b=B 2'],
    });
    expect(revision).toContain('op.renameEnumValue(');
    expect(revision).not.toContain('op.replaceView(');
  });

  it('a value removed again while a text column has a default casting to the enum', async () => {
    const base = `
      CREATE TYPE public.mood AS ENUM ('a', 'b');
      CREATE TABLE public.person (id integer PRIMARY KEY, m public.mood, note text DEFAULT ('a'::public.mood)::text);`;
    const { revision } = await runMutation({ base, mutation: `ALTER TYPE public.mood ADD VALUE 'c';` });
    expect(revision).toContain('the default of public.person.note.');
    expect(revision.indexOf('op.alterColumn(')).toBeLessThan(revision.indexOf('op.replaceEnum('));
  });

  it('an enum and a function taking it dropped together', async () => {
    const base = 'CREATE TABLE public.person (id integer PRIMARY KEY);';
    const mutation = `
      CREATE TYPE public.mood AS ENUM ('a', 'b');
      CREATE FUNCTION public.is_a(m public.mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'a' $$;
      CREATE DOMAIN public.mood_domain AS public.mood;`;
    const { revision } = await runMutation({ base, mutation });
    expect(revision.indexOf('op.dropFunction(')).toBeLessThan(revision.indexOf('op.dropEnum('));
  });
});

describe('enum replacements that something would block', { timeout: 240_000 }, () => {
  it('a domain over the enum and a generated column computed from a converted column: reported, not written', async () => {
    const db = await createTestDatabase('athanor_enum_blocked');
    await runSql(
      db.url,
      `CREATE TYPE public.mood AS ENUM ('a', 'b');
       CREATE DOMAIN public.mood_domain AS public.mood;
       CREATE TABLE public.person (id integer PRIMARY KEY, m public.mood, d public.mood_domain,
         unset boolean GENERATED ALWAYS AS (m IS NULL) STORED, note text DEFAULT ('a'::public.mood)::text);`,
    );
    const project = tempProject(db.url);
    expect((await project.migrate('pull')).code).toBe(0);
    await runSql(db.url, `ALTER TYPE public.mood ADD VALUE 'c';`);
    const result = await project.migrate('revision', '--autogenerate', '-m', 'blocked');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'not written: enum public.mood must be replaced (values removed or reordered), which is left out since ' +
        'domain public.mood_domain is based on it; generated column public.person.unset is computed from it or from a column it converts; ' +
        'change it by hand',
    );
    expect(result.stdout).toContain('No changes; no revision written');
  });

  it('a value added and used by a partition where the enum cannot be replaced: committed by a revision of its own first', async () => {
    const db = await createTestDatabase('athanor_enum_bound');
    const start = `CREATE TYPE public.mood AS ENUM ('a');
       CREATE TABLE public.person (id integer NOT NULL, m public.mood NOT NULL) PARTITION BY LIST (m);
       CREATE TABLE public.person_a PARTITION OF public.person FOR VALUES IN ('a');`;
    await runSql(db.url, start);
    const project = tempProject(db.url);
    expect((await project.migrate('pull')).code).toBe(0);
    project.write(
      'models.ts',
      project
        .read('models.ts')
        .replace("metadata.enum('mood', ['a'])", "metadata.enum('mood', ['a', 'b'])")
        .concat("\nexport const personB = metadata.partition('person_b', person, sql`FOR VALUES IN ('b')`);\n"),
    );
    const result = await project.migrate('revision', '--autogenerate', '-m', 'b');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'written as 2 revisions: the values added to enum public.mood are committed by the first before the others use them',
    );
    expect(result.stdout).toContain("not written: enum public.mood cannot be replaced ('b' added and used");
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect((await project.migrate('check')).code).toBe(0);
    await runSql(db.url, "INSERT INTO public.person VALUES (1, 'b')");
    // The partition goes; the value stays: its downgrade is the author's to write.
    await runSql(db.url, 'DELETE FROM public.person');
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    const down = await project.migrate('downgrade', '-1');
    expect(down.code).not.toBe(0);
    expect(down.stderr).toContain("add value 'b' to enum public.mood after 'a' cannot be reversed");
  });

  it('a value added where a partition of a partition is partitioned by the enum: its downgrade stops before anything runs', async () => {
    const db = await createTestDatabase('athanor_enum_subpartition');
    await runSql(
      db.url,
      `CREATE TYPE public.mood AS ENUM ('a');
       CREATE TABLE public.person (id integer NOT NULL, m public.mood NOT NULL) PARTITION BY RANGE (id);
       CREATE TABLE public.person_1 PARTITION OF public.person FOR VALUES FROM (1) TO (100) PARTITION BY LIST (m);
       CREATE TABLE public.person_1_a PARTITION OF public.person_1 FOR VALUES IN ('a');
       CREATE TABLE public.note (id integer PRIMARY KEY, body text);`,
    );
    const project = tempProject(db.url);
    expect((await project.migrate('pull')).code).toBe(0);
    // The model gains a value and an index on a table that stays: the index is built online.
    const model = project
      .read('models.ts')
      .replace('import { defineMetadata,', 'import { defineMetadata, index,')
      .replace("metadata.enum('mood', ['a'])", "metadata.enum('mood', ['a', 'b'])")
      .replace('  body: text(),\n});', "  body: text(),\n}, { indexes: [index(['body'], { name: 'note_body' })] });");
    expect(model).toContain("['a', 'b']");
    expect(model).toContain("name: 'note_body'");
    project.write('models.ts', model);
    const result = await project.migrate('revision', '--autogenerate', '-m', 'value');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'not written: the downgrade cannot remove the values added to enum public.mood by replacing it, since ' +
        'the partition key of public.person_1 uses it or a column it converts; write it by hand',
    );
    expect(onlyRevisionFile(project.versionsDir)).toContain('op.autocommit');
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    const down = await project.migrate('downgrade', '-1');
    expect(down.code).not.toBe(0);
    expect(down.stderr).toContain("add value 'b' to enum public.mood after 'a' cannot be reversed");
    // Nothing ran: the index built online is still there.
    expect((await project.migrate('check')).code).toBe(0);
  });
});
