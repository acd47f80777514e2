import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN, hasScript, runBin } from '../helpers/bin.js';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

const MODEL = `import { defineMetadata, integer, text } from 'athanor';
export const metadata = defineMetadata();
export const big = metadata.table('big', { id: integer().primaryKey(), title: text(), slug: text().notNull() });
`;

/** Rows the backfill recorded as written (0 before its first batch). */
async function recorded(url: string): Promise<number> {
  const exists = await queryRows<{ t: string | null }>(
    url,
    "SELECT to_regclass('athanor_version_backfill')::text AS t",
  );
  if (exists[0]!.t === null) return 0;
  const rows = await queryRows<{ n: string }>(
    url,
    'SELECT coalesce(sum(rows), 0)::text AS n FROM athanor_version_backfill',
  );
  return Number(rows[0]!.n);
}

skipWhen(
  testTarget() !== 'server' || !hasScript(),
  'needs the server target (TEST_TARGETS names one) and util-linux script for a real terminal',
).describe('a backfill killed half way', () => {
  it('resumes after the last batch written, and ends with every row filled and the column NOT NULL', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      "CREATE TABLE big (id integer PRIMARY KEY, title text); INSERT INTO big SELECT g, 'Title ' || g FROM generate_series(1, 100000) g; ANALYZE big;",
    );
    const project = tempProject(db.url);
    project.write('models.ts', MODEL);
    const written = await runBin(project.dir, ['revision', '--autogenerate', '-m', 'slug']);
    expect([written.code, written.stderr]).toEqual([0, '']);
    const [name] = readdirSync(project.versionsDir);
    const path = join(project.versionsDir, name!);

    const refused = await runBin(project.dir, ['upgrade', 'head']);
    expect([refused.code, refused.stderr.trim()]).toEqual([
      2,
      `error [backfill-to-write]: ${name} has a backfill to write: replace 'TODO(backfill)' in its op.backfill with an SQL expression for each column; nothing was run`,
    ]);

    // The value, with a pause every two hundred rows so that the run lasts long enough to be killed in the middle.
    const value = "lower(title) || (SELECT '' FROM pg_sleep(CASE WHEN id % 200 = 0 THEN 0.01 ELSE 0 END))";
    writeFileSync(path, readFileSync(path, 'utf8').replace("'TODO(backfill)'", JSON.stringify(value)));

    const child = spawn(process.execPath, [BIN, 'upgrade', 'head'], { cwd: project.dir, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    let before = 0;
    while (before < 40_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      before = await recorded(db.url);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    before = await recorded(db.url);
    expect(before).toBeLessThan(80_000);
    // Every batch recorded is written, and nothing else: each batch committed with its record.
    const filled = async (): Promise<number> =>
      Number((await queryRows<{ n: string }>(db.url, 'SELECT count(slug)::text AS n FROM big'))[0]!.n);
    expect(await filled()).toBe(before);
    expect(await queryRows(db.url, 'SELECT version_num FROM athanor_version')).toEqual([]);

    // Again, on a terminal: it resumes where the killed run stopped and shows its progress.
    const rerun = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
      const run = spawn('script', ['-qec', `"${process.execPath}" "${BIN}" upgrade head`, '/dev/null'], {
        cwd: project.dir,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      run.stdout.on('data', (d: Buffer) => (text += d.toString()));
      run.on('error', reject);
      run.on('close', (code) => resolve({ code, text }));
    });
    expect(rerun.code, rerun.text).toBe(0);
    expect(rerun.text).toContain('resuming: an earlier run committed its work before op.autocommit block 1');
    const shown = [...rerun.text.matchAll(/\r\x1b\[2Kbackfilling public\.big: ([\d,]+) of ~100,000 rows written/g)].map(
      (m) => Number(m[1]!.replaceAll(',', '')),
    );
    // The first line it shows counts the rows the killed run wrote: it did not start again.
    expect(shown[0]).toBe(before);
    expect(shown.at(-1)).toBeGreaterThan(before);
    expect(rerun.text).toContain('backfilled public.big: 100,000 row(s) written');

    expect(await filled()).toBe(100_000);
    expect(
      await queryRows(db.url, 'SELECT count(*)::int AS n FROM big WHERE slug IS DISTINCT FROM lower(title)'),
    ).toEqual([{ n: 0 }]);
    expect(
      await queryRows(
        db.url,
        "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'big' AND column_name = 'slug'",
      ),
    ).toEqual([{ is_nullable: 'NO' }]);
    expect(await queryRows(db.url, 'SELECT version_num FROM athanor_version')).toEqual([
      { version_num: name!.slice(0, 12) },
    ]);
    const check = await runBin(project.dir, ['check']);
    expect([check.code, check.stdout.trim()]).toEqual([0, 'No differences: the database matches the model.']);
  }, 120_000);
});
