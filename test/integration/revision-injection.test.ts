import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';

/** A statement hidden in an object name, after a line break. */
const PAYLOAD = 'await op.execute(`DROP TABLE victim`); //';

/** Every line terminator of JavaScript: each one ends a `//` comment. */
const JS_LINES = /\r\n|[\n\r\u2028\u2029]/;

function revisionSource(project: TempProject): string {
  const files = readdirSync(project.versionsDir).filter((f) => f.endsWith('.ts'));
  expect(files).toHaveLength(1);
  return readFileSync(join(project.versionsDir, files[0]!), 'utf8');
}

/** Tables and views of schema public besides the version tables, in code-unit order. */
async function tableNames(url: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    url,
    "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v') AND relname NOT LIKE 'athanor_version%'",
  );
  return rows.map((row) => row.name).sort();
}

describe('object names cannot inject code into a generated revision file', () => {
  it('a dropped column whose name holds a line feed: the warning stays a comment, upgrade drops only the column', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, `CREATE TABLE victim (i int); CREATE TABLE t (id int, "x\n${PAYLOAD}" int);`);
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      "import { defineMetadata, integer } from 'athanor';\nexport const metadata = defineMetadata();\n" +
        "export const victim = metadata.table('victim', { i: integer() });\nexport const t = metadata.table('t', { id: integer() });\n",
    );
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'drop x');
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    const source = revisionSource(project);
    expect(source).toContain('  // DESTRUCTIVE: drop column public.t.x\n');
    expect(source.split(JS_LINES).filter((line) => line.trimStart().startsWith('await op.execute'))).toEqual([]);

    const up = await project.migrate('upgrade', 'head');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(await tableNames(db.url)).toEqual(['t', 'victim']);
    expect(
      await queryRows(
        db.url,
        "SELECT attname FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attnum > 0 AND NOT attisdropped",
      ),
    ).toEqual([{ attname: 'id' }]);
    expect((await project.migrate('check')).code).toBe(0);
  });

  it('a view whose name holds a carriage return, created again in a note: upgrade runs only the generated operations', async () => {
    const db = await createTestDatabase();
    const viewName = `v\r${PAYLOAD}`;
    await runSql(
      db.url,
      `CREATE TABLE victim (i int); CREATE TABLE t (id int, x int); CREATE VIEW "${viewName}" AS SELECT id, x FROM t;`,
    );
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      "import { bigint, defineMetadata, integer, sql } from 'athanor';\nexport const metadata = defineMetadata();\n" +
        "export const victim = metadata.table('victim', { i: integer() });\nexport const t = metadata.table('t', { id: integer(), x: bigint() });\n" +
        `metadata.view(${JSON.stringify(viewName)}, sql\`SELECT id, x FROM t\`);\n`,
    );
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'widen x');
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    const source = revisionSource(project);
    expect(source).toContain('  // view public.v\n');
    expect(source.split(JS_LINES).filter((line) => line.trimStart().startsWith('await op.execute'))).toEqual([]);

    const up = await project.migrate('upgrade', 'head');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(await tableNames(db.url)).toEqual(['t', viewName, 'victim'].sort());
    expect(
      await queryRows(
        db.url,
        "SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attname = 'x'",
      ),
    ).toEqual([{ type: 'bigint' }]);
    expect((await project.migrate('check')).code).toBe(0);
  });
});
