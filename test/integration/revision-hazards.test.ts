import { describe, expect, it } from 'vitest';
import { createTestDatabase, runSql } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

describe('revision --autogenerate and hazards', () => {
  it('writes each hazard above its operation and prints them with the size of the table, largest first', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      'CREATE TABLE big (id integer); INSERT INTO big SELECT generate_series(1, 5000); CREATE TABLE small (id integer); INSERT INTO small VALUES (1); ANALYZE big; ANALYZE small; CREATE TABLE unread (id integer);',
    );
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      "import { defineMetadata, integer } from 'athanor';\nexport const metadata = defineMetadata();\n" +
        "export const small = metadata.table('small', { id: integer(), n: integer().notNull() });\n" +
        "export const big = metadata.table('big', { id: integer(), n: integer().notNull() });\n" +
        "export const unread = metadata.table('unread', { id: integer(), n: integer().notNull() });\n" +
        "export const fresh = metadata.table('fresh', { id: integer() });\n",
    );
    // The simple plan writes the plain ADD COLUMN ... NOT NULL (the online plan backfills on a table with rows).
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'n', '--plan', 'simple');
    expect([rev.code, rev.stderr]).toEqual([0, '']);
    const printed = rev.stdout.split('\n').filter((line) => line.includes('HAZARD'));
    // Adding a column locks the table for a moment, under the run's lock timeout: no hazard of its own.
    expect(printed).toEqual([
      expect.stringMatching(
        /^ {2}HAZARD \[not-null-without-default\]: NOT NULL column n without a default .* \(public\.big, ~5k rows, \d+ kB\)$/,
      ),
      expect.stringMatching(/^ {2}HAZARD \[not-null-without-default\]: .* \(public\.small, ~1 rows, \d+ (bytes|kB)\)$/),
      expect.stringMatching(
        /^ {2}HAZARD \[not-null-without-default\]: .* \(public\.unread, rows unknown until the table is analyzed, \d+ (bytes|kB)\)$/,
      ),
    ]);
    const [file] = project
      .read('migrations/versions/' + rev.stdout.match(/versions\/(\S+\.ts)/)![1]!)
      .split('\n// never')
      .slice(0, 1);
    expect(file).toContain(
      '  // HAZARD: NOT NULL column n without a default fails on a table with rows, and inserts of the running application fail [not-null-without-default]\n',
    );
    expect(file).not.toContain('[access-exclusive]');
    // The three NOT NULL columns without a default would fail the old version's inserts; the new table is served.
    expect(file).toContain(
      ' * upgrade --expand cannot serve 3 of its operations to two versions at once;\n * `migrate lint` names them.',
    );
  });
});
