import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { historyRows, revisionSource, versionRows } from './runner-fixtures.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path, 'utf8')).digest('hex');

function twoRevisions(project: TempProject): { r1: string; r2: string } {
  const r1 = project.write(
    'migrations/versions/r1_users.ts',
    revisionSource({
      id: 'r1',
      down: null,
      date: '2026-01-01',
      header: "export const branchLabels = ['core'];",
      up: "  await op.execute('CREATE TABLE users (id int)');",
      down_: "  await op.execute('DROP TABLE users');",
    }),
  );
  const r2 = project.write(
    'migrations/versions/r2_pets.ts',
    revisionSource({
      id: 'r2',
      down: 'r1',
      date: '2026-01-02',
      up: "  await op.execute('CREATE TABLE pets (id int)');",
      down_: "  await op.execute('DROP TABLE pets');",
    }),
  );
  return { r1, r2 };
}

describe('integrity', () => {
  it('records checksum, time and duration of every step, and warns about applied files edited since', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    const files = twoRevisions(project);
    const before = Date.now() - 60_000;
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    const rows = await historyRows(db.url);
    expect(rows.map((r) => [r.revision, r.action, r.checksum])).toEqual([
      ['r1', 'upgrade', sha256(files.r1)],
      ['r2', 'upgrade', sha256(files.r2)],
    ]);
    for (const row of rows) {
      expect(new Date(row.applied_at).getTime()).toBeGreaterThan(before);
      expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    }

    const clean = await project.migrate('verify');
    expect([clean.code, clean.stdout]).toEqual([
      0,
      'Verified 2 applied revision(s): every file is the one that was applied.',
    ]);

    project.write(
      'migrations/versions/r1_users.ts',
      readFileSync(files.r1, 'utf8').replace('CREATE TABLE users (id int)', 'CREATE TABLE users (id bigint)'),
    );
    const down = await project.migrate('downgrade', '-1');
    expect(down.code).toBe(0);
    expect(down.stderr).toBe(
      'warning: revision r1 (r1_users.ts) was edited after it was applied; run `migrate verify`',
    );
    const edited = await project.migrate('verify');
    expect(edited.code).toBe(1);
    expect(edited.stdout.split('\n')).toEqual([
      expect.stringMatching(/^edited: r1 \(.*r1_users\.ts\) changed since it was applied at \d{4}-\d\d-\d\dT[\d:.]+Z$/),
      '1 of 1 applied revision(s) do not match; restore the files, or record them with `migrate verify --accept`',
    ]);
    const report = JSON.parse((await project.migrate('verify', '--json')).stdout);
    expect(report).toMatchObject({
      ok: false,
      current: ['r1'],
      accepted: [],
      revisions: [{ revision: 'r1', status: 'edited', recorded: rows[0]!.checksum, actual: sha256(files.r1) }],
    });

    const accepted = await project.migrate('verify', '--accept');
    expect([accepted.code, accepted.stdout.split('\n')[0]]).toEqual([0, 'Accepted the current file of r1.']);
    expect((await project.migrate('verify')).code).toBe(0);
    expect((await project.migrate('upgrade', 'head')).stderr).toBe('');
    expect((await historyRows(db.url)).map((r) => `${r.revision}:${r.action}`)).toEqual([
      'r1:upgrade',
      'r2:upgrade',
      'r2:downgrade',
      'r1:accept',
      'r2:upgrade',
    ]);

    rmSync(files.r2);
    const missing = await project.migrate('verify');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('missing: r2 is applied and no file defines it');
  });

  it('marks revisions applied before any checksum was recorded as unrecorded, without failing', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    twoRevisions(project);
    await project.migrate('upgrade', 'head');
    await queryRows(db.url, 'DELETE FROM athanor_version_history');
    const result = await project.migrate('verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('unrecorded: r1 has no checksum on record');
  });

  it('keeps the history table next to a configured version table', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url, "versionTable: { schema: 'meta', name: 'versions', history: 'applied' },");
    twoRevisions(project);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect(await versionRows(db.url, 'meta.versions')).toEqual(['r2']);
    expect((await historyRows(db.url, 'meta.applied')).map((r) => r.revision)).toEqual(['r1', 'r2']);
  });
});

describe('read-only commands', () => {
  it('print text and --json for current, history, heads, branches and show', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    twoRevisions(project);
    project.write(
      'migrations/versions/r3_side.ts',
      revisionSource({ id: 'r3', down: 'r1', date: '2026-01-03', message: 'side' }),
    );
    await project.migrate('upgrade', 'r2');
    const text = async (...argv: string[]) => {
      const result = await project.migrate(...argv);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return result.stdout;
    };
    const json = async (...argv: string[]) => JSON.parse(await text(...argv, '--json'));

    expect(await text('current')).toBe('r2 (core) (head)  step r2');
    const current = await json('current');
    expect(current).toMatchObject({
      current: ['r2'],
      unknown: [],
      revisions: [{ revision: 'r2', isHead: true, isCurrent: true, branchLabels: ['core'] }],
    });
    expect(current.revisions[0].appliedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const verbose = await text('--verbose', 'current');
    expect(verbose).toMatch(
      /^Rev: r2 \(core\) \(head\) \(current\)\nParent: r1\nBranch names: core\nCreated: 2026-01-02\nPath: .*r2_pets\.ts\nApplied: \S+ \(\d+ ms\)\n\n {4}step r2\n$/,
    );

    expect((await text('history')).split('\n')).toEqual([
      'r1 -> r3 (core) (head), side',
      'r1 -> r2 (core) (head), step r2',
      '<base> -> r1 (core) (branchpoint), step r1',
    ]);
    expect((await text('history', '-r', 'r2:', '--indicate-current')).split('\n')).toEqual([
      'r1 -> r2 (core) (head) (current), step r2',
    ]);
    expect((await json('history', '-r', ':current')).map((r: { revision: string }) => r.revision)).toEqual([
      'r2',
      'r1',
    ]);
    expect((await json('heads')).map((r: { revision: string }) => r.revision)).toEqual(['r2', 'r3']);
    expect(await json('branches')).toMatchObject({
      branchPoints: [{ revision: 'r1', children: [{ revision: 'r2' }, { revision: 'r3' }] }],
      labels: [{ label: 'core', revision: 'r1', heads: ['r2', 'r3'] }],
    });
    expect((await text('branches')).split('\n')).toEqual([
      '<base> -> r1 (core) (branchpoint), step r1',
      '    -> r2 (core) (head), step r2',
      '    -> r3 (core) (head), side',
      'core: declared by r1; head r2, r3',
    ]);
    expect(await json('show', 'r1')).toMatchObject([
      { revision: 'r1', children: ['r2', 'r3'], dependents: [], isBranchPoint: true },
    ]);
    expect((await json('show', 'current')).map((r: { revision: string }) => r.revision)).toEqual(['r2']);
    expect(await text('show', 'r3')).toMatch(
      /^Rev: r3 \(core\) \(head\)\nParent: r1\nBranch names: core\nCreated: 2026-01-03\nPath: .*r3_side\.ts\n\n {4}side\n$/,
    );
  });

  it('never shows a password: in failures, in JSON, in notices', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write(
      'migrations/versions/r1.ts',
      revisionSource({
        id: 'r1',
        down: null,
        date: '1',
        up: '  await op.execute("SELECT \'postgres://app:hunter2@db.internal/prod\'::int");',
      }),
    );
    const failed = await project.migrate('upgrade', 'head');
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('postgres://app:****@db.internal/prod');
    expect(failed.stderr).not.toContain('hunter2');

    const remote = tempProject('postgres://app:hunter2@127.0.0.1:1/prod');
    remote.write('migrations/versions/r1.ts', revisionSource({ id: 'r1', down: null, date: '1' }));
    for (const argv of [['current', '--json'], ['verify'], ['history', '-i'], ['show', 'current']]) {
      const result = await remote.migrate(...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^error \[connect\]: cannot connect to postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:1\/prod/,
      );
      expect(`${result.stdout}${result.stderr}`).not.toContain('hunter2');
    }
    const offline = await remote.migrate('upgrade', '--sql', 'head');
    expect(offline.code).toBe(0);
    expect(offline.stdout).not.toContain('hunter2');
  });
});
