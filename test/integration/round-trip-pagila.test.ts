import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { aclFacts, expectSameSchema, PAGILA } from '../helpers/fixtures.js';
import { expectGoldenRevision, onlyRevisionFile } from '../helpers/golden.js';
import { tempProject } from '../helpers/project.js';
import { strictTypeErrors } from '../helpers/typecheck.js';
import { skipWhen } from '../helpers/skips.js';

/** The grants are part of the round trip: pulled, compared, created and given back. */
const PRIVILEGES = "privileges: 'all',";

/** Relations, routines, types and sequences the database holds besides the tool's own. */
async function objectCount(url: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    url,
    `SELECT (
       (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relname NOT LIKE 'athanor\\_%')
     + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')
     + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd'))
     ) AS n`,
  );
  return Number(rows[0]!.n);
}

/**
 * pagila.sql is a pg_dump of a real schema: domains (one named "bıgınt"), an
 * enum, standalone sequences behind nextval() defaults, functions (sql and
 * plpgsql, set-returning, SECURITY DEFINER), a custom aggregate that views
 * call, a materialized view with a unique index, triggers, and a table
 * range-partitioned into 55 partitions. Its OWNER TO lines need the
 * role `postgres`, which the server has. PGlite lacks that role.
 */
skipWhen(
  testTarget() === 'pglite' || PAGILA.missing,
  "pagila.sql's OWNER TO lines need the role postgres, which PGlite lacks",
).describe(PAGILA.title('round trip of pagila.sql'), () => {
  it('pull -> check is clean; autogenerate into an empty database -> the same schema; downgrade base empties it', async () => {
    const a = await createTestDatabase('athanor_pagila_a');
    const b = await createTestDatabase('athanor_pagila_b');
    await runSql(a.url, readFileSync(PAGILA.path, 'utf8'));

    const fromA = tempProject(a.url, PRIVILEGES);
    const pulled = await fromA.migrate('pull');
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).not.toContain('not modeled');
    const models = fromA.read('models.ts');
    expect(strictTypeErrors([join(fromA.dir, 'models.ts')], fromA.dir)).toEqual([]);
    for (const text of [
      "metadata.domain('bıgınt'",
      'year.column()',
      "metadata.sequence('actor_actor_id_seq')",
      'CREATE OR REPLACE AGGREGATE public.group_concat',
    ]) {
      expect(models).toContain(text);
    }
    for (const text of [
      "metadata.materializedView('rental_by_category'",
      "metadata.view('film_list'",
      'CREATE TRIGGER film_fulltext_trigger',
    ]) {
      expect(models).toContain(text);
    }

    const checkA = await fromA.migrate('check');
    expect(checkA.stderr).toBe('');
    expect(checkA.stdout).toContain('No differences');
    expect(checkA.code).toBe(0);

    const onB = tempProject(b.url, PRIVILEGES);
    onB.write('models.ts', models);
    const rev = await onB.migrate('revision', '--autogenerate', '-m', 'initial pagila');
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    expectGoldenRevision(onlyRevisionFile(onB.versionsDir));
    const emptyAcls = await aclFacts(b.url);
    const up = await onB.migrate('upgrade', 'head');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    await expectSameSchema(b.url, a.url, { privileges: true });

    const again = await onB.migrate('revision', '--autogenerate', '-m', 'nothing');
    expect(again.stdout).toContain('No changes; no revision written');
    // Nothing written, the database is still at head: check compares the model.
    expect((await onB.migrate('upgrade', 'head')).code).toBe(0);
    const checkB = await onB.migrate('check');
    expect(checkB.code).toBe(0);

    expect(await objectCount(b.url)).toBeGreaterThan(100);
    const down = await onB.migrate('downgrade', 'base');
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    expect(await objectCount(b.url)).toBe(0);
    expect(await aclFacts(b.url)).toEqual(emptyAcls);
  });
});
