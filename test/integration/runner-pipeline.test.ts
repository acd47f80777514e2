import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { historyRows, revisionSource, versionRows } from './runner-fixtures.js';

/**
 * The revisions of a run go to the server in pipelines, several in one round
 * trip, each in its own transaction. Whatever fails in one of them, the run
 * ends as it would have one statement at a time.
 */

const V = 'migrations/versions';

/** r1..r`count`, each creating t<i> (and dropping it on the way down); `bodies` replaces some upgrades. */
function chain(url: string, count: number, bodies: Record<string, string> = {}): TempProject {
  const p = tempProject(url);
  for (let i = 1; i <= count; i++) {
    const up = bodies[`r${i}`] ?? `  await op.execute('CREATE TABLE t${i} (id int)');`;
    const down_ = `  await op.execute('DROP TABLE IF EXISTS t${i}');`;
    p.write(
      `${V}/r${i}.ts`,
      revisionSource({ id: `r${i}`, down: i === 1 ? null : `r${i - 1}`, date: String(i), up, down_ }),
    );
  }
  return p;
}

async function tables(url: string): Promise<string[]> {
  const rows = await queryRows<{ tablename: string }>(
    url,
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'athanor%' ORDER BY 1",
  );
  return rows.map((r) => r.tablename);
}

/** The lines the run printed for its steps, without timings. */
function stepLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => /^(Upgrading to|  done in)/.test(line))
    .map((line) => line.replace(/done in \d+ ms/, 'done').trim());
}

describe('revisions sent in pipelines', () => {
  it('commits the revisions before a failed one, rolls it back and runs none after it', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 5, {
      r3: "  await op.execute('CREATE TABLE t3 (id int)');\n  await op.execute('CREATE TABLE t1 (id int)');",
    });
    const result = await p.migrate('upgrade', 'head');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^error \[revision-failed\]: upgrade of revision r3 \(r3\.ts\) failed and was rolled back: relation "t1" already exists in statement: CREATE TABLE t1 \(id int\); the database is at r2$/,
    );
    expect(stepLines(result.stdout)).toEqual([
      'Upgrading to r1  step r1',
      'done',
      'Upgrading to r2  step r2',
      'done',
      'Upgrading to r3  step r3',
    ]);
    expect(await tables(db.url)).toEqual(['t1', 't2']);
    expect(await versionRows(db.url)).toEqual(['r2']);
    expect((await historyRows(db.url)).map((r) => `${r.revision} ${r.action}`)).toEqual(['r1 upgrade', 'r2 upgrade']);
    // The run goes on from there once the revision is mended.
    p.write(
      `${V}/r3.ts`,
      revisionSource({ id: 'r3', down: 'r2', date: '3', up: "  await op.execute('CREATE TABLE t3 (id int)');" }),
    );
    expect((await p.migrate('upgrade', 'head')).code).toBe(0);
    expect(await tables(db.url)).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(await versionRows(db.url)).toEqual(['r5']);
  });

  it('commits what the revisions before it queued when a revision fails in its own code', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 4, {
      r3: "  await op.execute('CREATE TABLE t3 (id int)');\n  throw new Error('no r3 today');",
    });
    const result = await p.migrate('upgrade', 'head');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^error \[revision-failed\]: upgrade of revision r3 \(r3\.ts\) failed and was rolled back: no r3 today; the database is at r2$/,
    );
    expect(await tables(db.url)).toEqual(['t1', 't2']);
    expect(await versionRows(db.url)).toEqual(['r2']);
  });

  it('reports the revision that failed when a later one catches the failure of its read', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 4, {
      r2: "  await op.execute('CREATE TABLE t1 (id int)');",
      r3: "  try {\n    await op.query('SELECT 1');\n  } catch {\n    // ignored\n  }\n  await op.execute('CREATE TABLE t3 (id int)');",
    });
    const result = await p.migrate('upgrade', 'head');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^error \[revision-failed\]: upgrade of revision r2 \(r2\.ts\) failed and was rolled back: relation "t1" already exists in statement: CREATE TABLE t1 \(id int\); the database is at r1$/,
    );
    expect(await tables(db.url)).toEqual(['t1']);
  });

  it('reads, in a revision, what the revisions before it did', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 3, {
      r2: "  await op.execute('CREATE TABLE t2 (id int)');\n  await op.execute('INSERT INTO t2 VALUES (1), (2)');",
      r3: [
        "  const [row] = await op.query<{ n: number }>('SELECT count(*)::int AS n FROM t2');",
        '  await op.execute(`CREATE TABLE t3_${row!.n} (id int)`);',
      ].join('\n'),
    });
    expect((await p.migrate('upgrade', 'head')).code).toBe(0);
    expect(await tables(db.url)).toEqual(['t1', 't2', 't3_2']);
  });

  it('runs a script in op.execute on its own, in its revision transaction', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 4, {
      r2: "  await op.execute('CREATE TABLE t2 (id int); CREATE TABLE t2b (id int)');",
      r3: "  await op.execute('CREATE TABLE t3 (id int); CREATE TABLE t2b (id int)');",
    });
    const result = await p.migrate('upgrade', 'head');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'upgrade of revision r3 (r3.ts) failed and was rolled back: relation "t2b" already exists in statement: CREATE TABLE t3 (id int); CREATE TABLE t2b (id int)',
    );
    expect(await tables(db.url)).toEqual(['t1', 't2', 't2b']);
    expect(await versionRows(db.url)).toEqual(['r2']);
  });

  it('stops at a COMMIT that fails in the middle of a run', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 4, {
      r1: [
        "  await op.execute('CREATE TABLE t1 (id int PRIMARY KEY, parent int REFERENCES t1 DEFERRABLE INITIALLY DEFERRED)');",
      ].join('\n'),
      r2: "  await op.execute('INSERT INTO t1 VALUES (1, 2)');\n  await op.execute('CREATE TABLE t2 (id int)');",
    });
    const result = await p.migrate('upgrade', 'head');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^error \[revision-failed\]: upgrade of revision r2 \(r2\.ts\) failed at COMMIT and was rolled back: insert or update on table "t1" violates foreign key constraint "t1_parent_fkey"; the database is at r1$/,
    );
    expect(await tables(db.url)).toEqual(['t1']);
    expect(await versionRows(db.url)).toEqual(['r1']);
  });

  it('rolls back the whole run in one transaction when a revision in the middle fails', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 4, { r3: "  await op.execute('CREATE TABLE t1 (id int)');" });
    const result = await p.migrate('upgrade', 'head', '--single-transaction');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'upgrade of revision r3 (r3.ts) failed and the run\'s transaction was rolled back: relation "t1" already exists in statement: CREATE TABLE t1 (id int)',
    );
    expect(await tables(db.url)).toEqual([]);
    expect(await versionRows(db.url)).toEqual([]);
  });

  it('loads the revisions of a long run together: an edited one is seen, a broken one named before anything runs', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 30);
    expect((await p.migrate('upgrade', 'head')).code).toBe(0);
    expect(await tables(db.url)).toHaveLength(30);
    expect((await p.migrate('downgrade', 'base')).code).toBe(0);
    // Downgrades create nothing: every table is gone, and r30 now makes another one.
    p.write(
      `${V}/r30.ts`,
      revisionSource({
        id: 'r30',
        down: 'r29',
        date: '30',
        up: "  await op.execute('CREATE TABLE t30_edited (id int)');",
        down_: "  await op.execute('DROP TABLE t30_edited');",
      }),
    );
    const edited = await p.migrate('upgrade', 'head');
    expect(edited.stderr).toBe('');
    expect(edited.code).toBe(0);
    const after = await tables(db.url);
    expect(after).toContain('t30_edited');
    expect(after).not.toContain('t30');
    expect((await p.migrate('downgrade', 'base')).code).toBe(0);
    p.write(`${V}/r17.ts`, revisionSource({ id: 'r17', down: 'r16', date: '17', up: '  await op.execute(;' }));
    const result = await p.migrate('upgrade', 'head');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^error \[revision-load\]: revision file r17\.ts does not compile or fails to load: .*r17\.ts.*; fix it and run the command again$/,
    );
    expect(await tables(db.url)).toEqual([]);
    expect(await versionRows(db.url)).toEqual([]);
  });
});
