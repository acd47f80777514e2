import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { queryRows, testTarget } from '../helpers/database.js';
import type { TempProject } from '../helpers/project.js';
import { SLOW } from './mutations-objects-base.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * Range types: with a subtype_diff function of the model's or a built-in
 * one, a collation, an operator class, a comment, a column and an exclusion
 * constraint using one, and (PostgreSQL 14 on) a multirange name of their
 * own. Autogenerate from the pulled base undoes each change, the downgrade
 * re-applies it, and nothing is left to generate afterwards (see
 * test/helpers/mutation.ts); `check` sees each change.
 */
const multiranges = testTarget() === 'pglite' || (inject('serverVersion') ?? 0) >= 140000;

const base = `
CREATE SCHEMA booking;
CREATE FUNCTION public.time_diff(a time, b time) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM (a - b))::double precision $$;
CREATE TYPE public.timerange AS RANGE (SUBTYPE = time, SUBTYPE_DIFF = public.time_diff);
CREATE TYPE booking.textrange AS RANGE (SUBTYPE = text, COLLATION = "C");
CREATE TYPE booking.patternrange AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops);
CREATE TYPE public.floatrange AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi);
COMMENT ON TYPE public.floatrange IS 'measured spans';
CREATE TABLE public.shift (id integer PRIMARY KEY, hours public.timerange, during public.timerange,
  EXCLUDE USING gist (during WITH &&));
`;

/** With the mutation applied again (the harness leaves the database at head), `check` reports it. */
async function checkSees(project: TempProject, text: string): Promise<void> {
  expect((await project.migrate('downgrade', '-1')).code).toBe(0);
  const check = await project.migrate('check');
  expect(check.code).toBe(1);
  expect(check.stdout).toContain(text);
  expect((await project.migrate('upgrade', 'head')).code).toBe(0);
}

describe('mutations: range types', { timeout: SLOW }, () => {
  it('a range type added', async () => {
    const { revision, project } = await runMutation({
      base,
      mutation: 'CREATE TYPE booking.intspan AS RANGE (SUBTYPE = integer);',
    });
    expect(revision).toContain('op.dropRangeType(');
    await checkSees(project, 'booking.intspan');
  });

  it('a range type dropped: created again with its function and comment', async () => {
    const { revision, project } = await runMutation({ base, mutation: 'DROP TYPE public.floatrange;' });
    expect(revision).toContain('op.createRangeType(');
    expect(revision).toContain("subtypeDiff: 'float8mi'");
    expect(revision).toContain('measured spans');
    await checkSees(project, 'public.floatrange');
  });

  it('its collation and operator class changed: dropped and created again', async () => {
    const mutation = `DROP TYPE booking.textrange; CREATE TYPE booking.textrange AS RANGE (SUBTYPE = text);
      DROP TYPE booking.patternrange; CREATE TYPE booking.patternrange AS RANGE (SUBTYPE = text, COLLATION = "C");`;
    const { revision, project } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropRangeType(')).toBeLessThan(upgrade.indexOf('op.createRangeType('));
    expect(upgrade).toContain('collation: \'"C"\'');
    expect(upgrade).toContain("subtypeOpclass: 'text_pattern_ops'");
    await checkSees(project, 'booking.textrange');
  });

  it('its comment changed', async () => {
    const { revision, project } = await runMutation({
      base,
      mutation: "COMMENT ON TYPE public.floatrange IS 'other spans';",
    });
    expect(revision).toContain('op.setComment(');
    await checkSees(project, 'public.floatrange');
  });

  it('a table with a column and an exclusion constraint of a range type dropped with it and its function: function, range type, table', async () => {
    const mutation = 'DROP TABLE public.shift; DROP TYPE public.timerange; DROP FUNCTION public.time_diff(time, time);';
    const { revision, project } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createFunction(')).toBeLessThan(upgrade.indexOf('op.createRangeType('));
    expect(upgrade.indexOf('op.createRangeType(')).toBeLessThan(upgrade.indexOf('op.createTable('));
    const downgrade = revision.slice(revision.indexOf('downgrade'));
    expect(downgrade.indexOf('op.dropTable(')).toBeLessThan(downgrade.indexOf('op.dropRangeType('));
    expect(downgrade.indexOf('op.dropRangeType(')).toBeLessThan(downgrade.indexOf('op.dropFunction('));
    await checkSees(project, 'public.timerange');
  });

  it('a range type a column holds changes: reported, not dropped', async () => {
    const { project } = await runMutation({ base, mutation: 'DROP TYPE public.floatrange;' });
    // The model now declares public.timerange with another subtype_diff; the column holds it.
    const model = project.read('models.ts').replace("subtypeDiff: 'public.time_diff'", '');
    expect(model).not.toContain("subtypeDiff: 'public.time_diff'");
    project.write('models.ts', model);
    const generated = await project.migrate('revision', '--autogenerate', '-m', 'held');
    expect(generated.stdout + generated.stderr).toContain(
      'range type public.timerange: it changes, which takes dropping and creating it again, and column public.shift.hours',
    );
  });

  skipWhen(!multiranges, 'needs PostgreSQL 14: multirange types').it(
    'its multirange name (PostgreSQL 14 on): dropped, and renamed by hand',
    async () => {
      const named = `${base}\nCREATE TYPE booking.datespan AS RANGE (SUBTYPE = date, MULTIRANGE_TYPE_NAME = booking.datespans);`;
      const dropped = await runMutation({ base: named, mutation: 'DROP TYPE booking.datespan;' });
      expect(dropped.revision).toContain("multirange: 'datespans'");
      await checkSees(dropped.project, 'booking.datespan');
      const changed = await runMutation({
        base: named,
        mutation:
          'DROP TYPE booking.datespan; CREATE TYPE booking.datespan AS RANGE (SUBTYPE = date, MULTIRANGE_TYPE_NAME = booking.day_ranges);',
      });
      expect(changed.revision).toContain('op.dropRangeType(');
    },
  );
  it('one a column holds renamed by hand, with its multirange: renamed back with --rename, rows kept', async () => {
    const rows = "INSERT INTO public.shift VALUES (1, '[08:00,12:00)', '[08:00,12:00)');";
    const renamed = 'ALTER TYPE public.timerange RENAME TO shiftrange;';
    const mutation = `${rows} ${renamed}${multiranges ? ' ALTER TYPE public.timemultirange RENAME TO shiftmultirange;' : ''}`;
    const { revision, project, url } = await runMutation({
      base,
      mutation,
      revisionArgs: ['--rename', 'range:shiftrange=timerange'],
    });
    expect(revision).toMatch(/op\.renameObject\(\{[^}]*object: 'range'/);
    expect(revision).not.toContain('op.dropRangeType(');
    expect(await queryRows(url, 'SELECT id FROM public.shift')).toEqual([{ id: 1 }]);
    // Without the flag, the revision asks.
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    for (const file of readdirSync(project.versionsDir)) rmSync(join(project.versionsDir, file));
    const asked = await project.migrate('revision', '--autogenerate', '-m', 'again');
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain(
      'range type public.shiftrange is gone and range type public.timerange is new: pass --rename range:shiftrange=timerange',
    );
  });
});
