import { expect, onTestFinished } from 'vitest';
import { adminUrl, createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';
import { randomBytes } from 'node:crypto';

/*
 * A publication of every table needs a superuser: a role that is not one
 * gets Postgres' refusal in one line, and the revision is rolled back;
 * one of a list of its own tables it may create.
 */
skipWhen(testTarget() !== 'server', "a pglite: URL always connects as PGlite's own user, a superuser").it(
  'a role that is no superuser creates a publication of its tables, and is refused one of every table in one line',
  async () => {
    const db = await createTestDatabase();
    const role = `pubber_${randomBytes(4).toString('hex')}`;
    onTestFinished(async () => {
      await runSql(db.url, `DROP OWNED BY "${role}"`).catch(() => undefined);
      await runSql(adminUrl(), `DROP ROLE IF EXISTS "${role}"`);
    });
    await runSql(
      db.url,
      `CREATE ROLE "${role}" LOGIN; GRANT CREATE ON DATABASE "${db.name}" TO "${role}"; GRANT CREATE ON SCHEMA public TO "${role}";`,
    );
    const url = new URL(db.url);
    url.username = role;
    url.password = '';
    const project = tempProject(url.toString());
    const model = `import { defineMetadata, integer } from 'athanor';
export const metadata = defineMetadata();
export const items = metadata.table('items', { id: integer().primaryKey() });
metadata.publication('items_pub', { tables: [items] });
`;
    project.write('models.ts', model);
    expect((await project.migrate('revision', '--autogenerate', '-m', 'items')).code).toBe(0);
    const upgraded = await project.migrate('upgrade', 'head');
    expect(upgraded.stderr).toBe('');
    expect(upgraded.code).toBe(0);

    project.write('models.ts', `${model}metadata.publication('everything', { allTables: true });\n`);
    expect((await project.migrate('revision', '--autogenerate', '-m', 'everything')).code).toBe(0);
    const refused = await project.migrate('upgrade', 'head');
    expect(refused.code).not.toBe(0);
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/must be superuser to create FOR ALL TABLES publication/);
    expect((await project.migrate('check')).code).toBe(1);
  },
);
