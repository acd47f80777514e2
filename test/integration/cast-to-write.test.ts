import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

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

  // A Prisma history made 25 columns timestamptz with `AT TIME ZONE 'UTC'`: a plain cast would have read the session's zone.
  const onServer = skipWhen(
    testTarget() !== 'server',
    "PGlite's one session takes no database's settings: it is in UTC",
  );
  onServer.it("a timestamp given a time zone: the zone is asked both ways, not taken from the session's", async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE events (id integer PRIMARY KEY, at timestamp); INSERT INTO events VALUES (1, '2026-06-01 12:00');
       DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET TimeZone = %L', current_database(), 'Europe/Paris'); END $$`,
    );
    // Each new session of this database is in Paris, where a plain cast would read 12:00 as 10:00 UTC.
    expect(await queryRows(db.url, "SELECT current_setting('TimeZone') AS zone")).toEqual([{ zone: 'Europe/Paris' }]);
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      `import { defineMetadata, integer, timestamptz } from 'athanor';
export const metadata = defineMetadata();
export const events = metadata.table('events', { id: integer().primaryKey(), at: timestamptz() });
`,
    );
    const written = await project.migrate('revision', '--autogenerate', '-m', 'at');
    expect([written.code, written.stderr]).toEqual([0, '']);
    const session =
      'reads each value in the TimeZone of the session that runs it, which differs between servers and clients';
    expect(written.stdout).toContain(
      `not written: public.events.at: timestamp without time zone to timestamp with time zone ${session}; write the USING expression ("at" AT TIME ZONE 'UTC', say, for values written in UTC) in place of TODO(using)`,
    );
    const [name] = readdirSync(project.versionsDir);
    const path = join(project.versionsDir, name!);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain("using: 'TODO(using)'");
    expect(source).toContain("down: 'TODO(using)'");
    expect(source).not.toContain('[narrow-type]');
    expect((await project.migrate('upgrade', 'head')).stderr).toContain('error [using-to-write]');

    const utc = `'"at" AT TIME ZONE \\'UTC\\''`;
    writeFileSync(path, source.replaceAll("'TODO(using)'", utc));
    const applied = await project.migrate('upgrade', 'head');
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    // Read in UTC, as written, though every session of this database is in Paris.
    const instant = "SELECT (at AT TIME ZONE 'UTC')::text AS at FROM events";
    expect(await queryRows(db.url, instant)).toEqual([{ at: '2026-06-01 12:00:00' }]);
    expect((await project.migrate('check')).code).toBe(0);
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(await queryRows(db.url, 'SELECT at::text AS at FROM events')).toEqual([{ at: '2026-06-01 12:00:00' }]);
  });
});
