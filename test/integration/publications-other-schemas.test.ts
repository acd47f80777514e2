import { expect, it } from 'vitest';
import { createTestDatabase, runSql } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

/*
 * A publication the model declares is read whatever it lists: one that
 * lists only tables of a schema the model leaves alone (its tables are not
 * compared) is still the model's.
 */
it('a declared publication of tables in schemas the model leaves alone is read: check is clean, autogenerate writes nothing', async () => {
  const db = await createTestDatabase();
  await runSql(db.url, 'CREATE SCHEMA app; CREATE TABLE app.events (id integer PRIMARY KEY);');
  const project = tempProject(db.url);
  const model = (publish: string) => `import { defineMetadata, integer } from 'athanor';
export const metadata = defineMetadata();
export const items = metadata.table('items', { id: integer().primaryKey() });
metadata.publication('feed', { tables: ['app.events'], publish: [${publish}] });
`;
  project.write('models.ts', model("'insert', 'update'"));
  expect((await project.migrate('revision', '--autogenerate', '-m', 'feed')).code).toBe(0);
  expect((await project.migrate('upgrade', 'head')).code).toBe(0);
  const check = await project.migrate('check');
  expect([check.code, check.stdout.trim(), check.stderr]).toEqual([
    0,
    'No differences: the database matches the model.',
    '',
  ]);
  const again = await project.migrate('revision', '--autogenerate', '-m', 'again');
  expect([again.code, again.stdout.trim()]).toEqual([
    0,
    'No changes; no revision written (--allow-empty writes one anyway)',
  ]);
  // A change to it by hand is seen, and autogenerate writes it back in place.
  await runSql(db.url, "ALTER PUBLICATION feed SET (publish = 'insert')");
  const changed = await project.migrate('check');
  expect([changed.code, changed.stdout]).toEqual([1, expect.stringContaining('alter publication feed: publish')]);
  // The database's publications of other schemas the model does not declare stay out of the comparison.
  await runSql(db.url, 'CREATE PUBLICATION other FOR TABLE app.events');
  project.write('models.ts', model("'insert'"));
  const clean = await project.migrate('check');
  expect([clean.code, clean.stderr]).toEqual([0, '']);
});
