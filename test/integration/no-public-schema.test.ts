import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

const MODEL = `import { defineMetadata, serial, text } from 'athanor';

export const metadata = defineMetadata({ schema: 'app' });

export const notes = metadata.table('notes', {
  id: serial().primaryKey(),
  body: text().notNull(),
});
`;

describe('a database without the schema public', () => {
  it('autogenerate, upgrade, check and downgrade work; the tool keeps its own tables in a schema it creates', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA app;');
    const project = tempProject(db.url, "schemas: ['app'],");
    project.write('models.ts', MODEL);
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'notes');
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    const up = await project.migrate('upgrade', 'head');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(
      await queryRows(
        db.url,
        "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'app' AND tablename = 'notes'",
      ),
    ).toEqual([{ n: 1 }]);
    const check = await project.migrate('check');
    expect(check.stdout).toContain('No differences');
    expect(check.code).toBe(0);
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(await queryRows(db.url, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'app'")).toEqual([
      { n: 0 },
    ]);
  });
});
