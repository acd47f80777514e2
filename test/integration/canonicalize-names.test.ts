import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/** A model with pg_trgm and a trigram index; `opclass` as the user spells it. */
function trigramModel(opclass: string): string {
  return `import { col, defineMetadata, index, integer, text } from 'athanor';

export const metadata = defineMetadata();
metadata.extension('pg_trgm');

export const people = metadata.table(
  'people',
  { id: integer().primaryKey(), name: text().notNull() },
  { indexes: [index([col('name', { opclass: ${JSON.stringify(opclass)} })], { method: 'gin' })] },
);
`;
}

/** The text of every revision file of the project. */
function revisions(project: TempProject): string {
  return readdirSync(project.versionsDir)
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => readFileSync(join(project.versionsDir, file), 'utf8'))
    .join('\n');
}

/** Autogenerates a revision and upgrades to it; returns the revision files' text. */
async function generateAndUpgrade(project: TempProject): Promise<string> {
  const generated = await project.migrate('revision', '--autogenerate', '-m', 'initial');
  expect(generated.stderr).toBe('');
  expect(generated.code).toBe(0);
  const text = revisions(project);
  const upgraded = await project.migrate('upgrade', 'head');
  expect(upgraded.stderr).toBe('');
  expect(upgraded.code).toBe(0);
  return text;
}

/** `check` finds the database and the model equal. */
async function expectClean(project: TempProject): Promise<void> {
  const checked = await project.migrate('check');
  expect(checked.stderr).toBe('');
  expect(checked.stdout).toContain('No differences');
  expect(checked.code).toBe(0);
}

describe('canonicalization maps every name it moves back', () => {
  skipWhen(testTarget() !== 'server', 'PGlite loads no pg_trgm extension').it(
    'an extension operator class named without a schema upgrades into an empty database',
    async () => {
      const db = await createTestDatabase();
      const project = tempProject(db.url);
      project.write('models.ts', trigramModel('gin_trgm_ops'));
      const revision = await generateAndUpgrade(project);
      expect(revision).not.toContain('athanor_canon');
      expect(revision).toContain("opclass: 'public.gin_trgm_ops'");
      await expectClean(project);
    },
  );

  skipWhen(testTarget() !== 'server', 'PGlite loads no pg_trgm extension').it(
    'a pulled model with an extension operator class applies to a fresh database',
    async () => {
      const source = await createTestDatabase();
      await runSql(
        source.url,
        `CREATE EXTENSION pg_trgm;
       CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL COLLATE "C");
       CREATE INDEX people_name_idx ON people USING gin (name public.gin_trgm_ops);
       CREATE INDEX people_lower_name_idx ON people USING gist (lower(name) COLLATE "default" public.gist_trgm_ops)
         WHERE public.similarity(name, 'x') > 0.1;
       CREATE VIEW like_ann AS SELECT id FROM people WHERE name % 'ann';`,
      );
      const pulled = tempProject(source.url);
      expect((await pulled.migrate('pull')).code).toBe(0);
      const models = pulled.read('models.ts');
      expect(models).toContain('public.gin_trgm_ops');
      expect(models).toContain('OPERATOR(public.%)');
      await expectClean(pulled);

      const fresh = await createTestDatabase();
      const project = tempProject(fresh.url);
      project.write('models.ts', models);
      const revision = await generateAndUpgrade(project);
      expect(revision).not.toContain('athanor_canon');
      await expectClean(project);
    },
  );

  it('a database with a range type pulls, and the pulled model checks clean', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TYPE floatrange AS RANGE (subtype = float8);
       CREATE TABLE readings (id integer PRIMARY KEY, span floatrange);
       CREATE FUNCTION span_width(r floatrange) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT upper(r) - lower(r)';`,
    );
    const project = tempProject(db.url);
    const pulled = await project.migrate('pull');
    expect(pulled.code).toBe(0);
    const models = project.read('models.ts');
    expect(models).not.toMatch(/FUNCTION public\.float(multi)?range\(/);
    expect(models).toContain("metadata.rangeType('floatrange', { subtype: 'double precision' })");
    expect(models).not.toContain('Not modeled');
    expect(models).toContain('span_width');
    await expectClean(project);
  });
});
