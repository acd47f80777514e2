import { describe, expect, it } from 'vitest';
import { createTestDatabase, runSql } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

describe('revision --autogenerate and hazards', () => {
  it('writes each hazard above its operation and prints them with the size of the table, largest first', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      'CREATE TABLE big (id integer); INSERT INTO big SELECT generate_series(1, 5000); CREATE TABLE small (id integer); INSERT INTO small VALUES (1); ANALYZE big; ANALYZE small; CREATE TABLE unread (id integer); INSERT INTO unread VALUES (1);',
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

  it("gives a partitioned table's hazard the rows and size of its partitions, where its data is", async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TABLE ev (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
       CREATE TABLE ev_2025 PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
       CREATE TABLE ev_2026 PARTITION OF ev FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
       INSERT INTO ev SELECT i, date '2025-03-01' + (i % 600) FROM generate_series(1, 6000) i;
       ANALYZE ev_2025; ANALYZE ev_2026;`,
    );
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      "import { date, defineMetadata, integer, sql } from 'athanor';\nexport const metadata = defineMetadata();\n" +
        "export const ev = metadata.table('ev', { id: integer().notNull(), at: date().notNull() }, " +
        "{ partitionBy: sql`RANGE (at)`, primaryKey: { columns: ['id', 'at'] } });\n" +
        "metadata.partition('ev_2025', ev, sql`FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')`);\n" +
        "metadata.partition('ev_2026', ev, sql`FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`);\n",
    );
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'pk');
    expect([rev.code, rev.stderr]).toEqual([0, '']);
    const printed = rev.stdout.split('\n').filter((line) => line.includes('HAZARD'));
    expect(printed.length).toBeGreaterThan(0);
    for (const line of printed) expect(line).toMatch(/\(public\.ev, ~6k rows, \d+ kB\)$/);
  });

  it("warns of a publication that makes Postgres refuse a table's UPDATE and DELETE, which it then does", async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      'CREATE TABLE log (at integer, line text); INSERT INTO log VALUES (1, $$a$$); CREATE TABLE keyed (id integer PRIMARY KEY, kind text);',
    );
    const project = tempProject(db.url);
    const model = (identity: string) =>
      "import { defineMetadata, integer, text } from 'athanor';\nexport const metadata = defineMetadata();\n" +
      `metadata.table('log', { at: integer(), line: text() }${identity});\n` +
      "metadata.table('keyed', { id: integer().primaryKey(), kind: text() });\n" +
      "metadata.publication('feed', { tables: ['public.log', 'public.keyed'], publish: ['insert', 'update'] });\n";
    project.write('models.ts', model(''));
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'feed');
    expect([rev.code, rev.stderr]).toEqual([0, '']);
    // The table with a primary key is served.
    expect(rev.stdout.split('\n').filter((line) => line.includes('[replica-identity]'))).toEqual([
      expect.stringMatching(
        /^ {2}HAZARD \[replica-identity\]: publication feed sends the updates of public\.log, but it has no primary key and no replica identity: Postgres refuses its UPDATE from then on \(public\.log, /,
      ),
    ]);
    const file = project.read('migrations/versions/' + rev.stdout.match(/versions\/(\S+\.ts)/)![1]!);
    expect(file).toContain(
      '  // HAZARD: publication feed sends the updates of public.log, but it has no primary key and no replica identity: Postgres refuses its UPDATE from then on [replica-identity]\n',
    );
    // The revision file carries what the hazard needs: lint, reading the file alone, finds it too.
    const linted = await project.migrate('lint', '--fail-on', 'breaking');
    expect([linted.code, linted.stderr]).toEqual([1, '']);
    expect(linted.stdout).toContain('[replica-identity] publication feed sends the updates of public.log');
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    // What the hazard says happens: Postgres refuses the UPDATE, and allows the INSERT.
    await expect(runSql(db.url, 'UPDATE log SET line = $$b$$')).rejects.toThrow(/does not have a replica identity/);
    await runSql(db.url, 'INSERT INTO log VALUES (2, $$c$$)');
    // Given an identity, the table is served, and the change says nothing more.
    project.write('models.ts', model(", { replicaIdentity: 'full' }"));
    const fixed = await project.migrate('revision', '--autogenerate', '-m', 'identity');
    expect([fixed.code, fixed.stderr, fixed.stdout.includes('HAZARD')]).toEqual([0, '', false]);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    await runSql(db.url, 'UPDATE log SET line = $$b$$');
    // The publication staying as it is, the table's identity taken away carries the hazard.
    project.write('models.ts', model(", { replicaIdentity: 'nothing' }"));
    const lost = await project.migrate('revision', '--autogenerate', '-m', 'nothing');
    expect(lost.stdout.split('\n').filter((line) => line.includes('[replica-identity]'))).toEqual([
      expect.stringMatching(
        /^ {2}HAZARD \[replica-identity\]: publication feed sends the updates of public\.log, but its replica identity is NOTHING: Postgres refuses its UPDATE from then on/,
      ),
    ]);
    expect(project.read('migrations/versions/' + lost.stdout.match(/versions\/(\S+\.ts)/)![1]!)).toMatch(
      /\[replica-identity\]\n {2}await op\.setReplicaIdentity\(/,
    );
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    await expect(runSql(db.url, 'UPDATE log SET line = $$c$$')).rejects.toThrow(/does not have a replica identity/);
  });
});
