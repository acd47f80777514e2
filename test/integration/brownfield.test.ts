import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

describe('brownfield start, as the README shows it', () => {
  it('init, pull, an empty baseline revision, stamp head, then check is clean and new changes autogenerate', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL);
       CREATE TABLE books (id serial PRIMARY KEY, author_id integer NOT NULL REFERENCES authors (id), title text NOT NULL);
       INSERT INTO authors (name) VALUES ('Le Guin');`,
    );
    const project = tempProject(db.url);
    expect((await project.migrate('pull')).code).toBe(0);
    const baseline = await project.migrate('revision', '-m', 'baseline', '--rev-id', 'base0001');
    expect(baseline.code).toBe(0);
    const stamped = await project.migrate('stamp', 'head');
    expect(stamped.stderr).toBe('');
    expect(stamped.code).toBe(0);
    expect(await queryRows(db.url, 'SELECT version_num FROM athanor_version')).toEqual([{ version_num: 'base0001' }]);
    expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM authors')).toEqual([{ n: 1 }]);

    const checked = await project.migrate('check');
    expect(checked.stdout).toBe('No differences: the database matches the model.');
    expect(checked.code).toBe(0);

    project.write(
      'models.ts',
      project.read('models.ts').replace('title: text().notNull(),', 'title: text().notNull(),\n    isbn: text(),'),
    );
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'add isbn');
    expect(rev.stdout).toContain('(1 operation(s))');
    expect(readdirSync(project.versionsDir).filter((f) => f.endsWith('.ts'))).toHaveLength(2);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect((await project.migrate('check')).code).toBe(0);
  });
});
