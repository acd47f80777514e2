import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

const model = (type: string) => `import { defineMetadata, integer, ${type} } from 'athanor';
export const metadata = defineMetadata();
export const shifts = metadata.table('shifts', { id: integer().primaryKey(), starts: ${type}() });
`;

describe('a type change Postgres has no cast for', { timeout: 120_000 }, () => {
  it('is written with a USING for its author to write, which upgrade asks for before it runs anything', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      "CREATE TABLE shifts (id integer PRIMARY KEY, starts time); INSERT INTO shifts VALUES (1, '08:30')",
    );
    const project = tempProject(db.url);
    project.write('models.ts', model('timestamp'));
    const written = await project.migrate('revision', '--autogenerate', '-m', 'starts');
    expect([written.code, written.stderr]).toEqual([0, '']);
    expect(written.stdout).toContain(
      'not written: public.shifts.starts: Postgres has no cast from time without time zone to timestamp without time zone; write the USING expression in place of TODO(using)',
    );
    const [name] = readdirSync(project.versionsDir);
    const path = join(project.versionsDir, name!);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain("using: 'TODO(using)'");

    const refused = await project.migrate('upgrade', 'head');
    expect([refused.code, refused.stderr]).toEqual([
      2,
      `error [using-to-write]: ${name} has a USING expression to write: replace each 'TODO(using)' in its op.alterColumn calls with an SQL expression of the column's old value; nothing was run`,
    ]);
    expect(
      await queryRows(db.url, "SELECT data_type FROM information_schema.columns WHERE column_name = 'starts'"),
    ).toEqual([{ data_type: 'time without time zone' }]);

    writeFileSync(path, source.replaceAll("'TODO(using)'", '"\'2026-01-01\'::date + starts"'));
    const applied = await project.migrate('upgrade', 'head');
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(await queryRows(db.url, 'SELECT starts::text AS starts FROM shifts')).toEqual([
      { starts: '2026-01-01 08:30:00' },
    ]);
    expect((await project.migrate('check')).code).toBe(0);
    // Back: timestamp casts to time.
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(await queryRows(db.url, 'SELECT starts::text AS starts FROM shifts')).toEqual([{ starts: '08:30:00' }]);
  });

  it('a column made an array of its type: asked both ways, not cast through an array literal', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, "CREATE TABLE codes (id integer PRIMARY KEY, code text); INSERT INTO codes VALUES (1, 'abc')");
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      `import { defineMetadata, integer, text } from 'athanor';
export const metadata = defineMetadata();
export const codes = metadata.table('codes', { id: integer().primaryKey(), code: text().array() });
`,
    );
    const written = await project.migrate('revision', '--autogenerate', '-m', 'codes');
    expect([written.code, written.stderr]).toEqual([0, '']);
    expect(written.stdout).toContain('public.codes.code: text to text[] changes the depth of arrays');
    const [name] = readdirSync(project.versionsDir);
    const path = join(project.versionsDir, name!);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain("using: 'TODO(using)'");
    expect(source).toContain("down: 'TODO(using)'");
    // In the upgrade's call and in the downgrade's, each way: the old value made the new and the new the old.
    writeFileSync(
      path,
      source
        .replace("using: 'TODO(using)'", 'using: \'ARRAY["code"]\'')
        .replace("down: 'TODO(using)'", 'down: \'"code"[1]\'')
        .replace("using: 'TODO(using)'", 'using: \'"code"[1]\'')
        .replace("down: 'TODO(using)'", 'down: \'ARRAY["code"]\''),
    );
    const applied = await project.migrate('upgrade', 'head');
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(await queryRows(db.url, 'SELECT code FROM codes')).toEqual([{ code: ['abc'] }]);
    expect((await project.migrate('check')).code).toBe(0);
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(await queryRows(db.url, 'SELECT code FROM codes')).toEqual([{ code: 'abc' }]);
  });
});
