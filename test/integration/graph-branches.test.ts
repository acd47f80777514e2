import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { addColumn, columnsOf, dropColumn, revisionSource, versionRows } from './runner-fixtures.js';

/*
 *   A - B - C (feature) - M - Y (depends on audit)
 *        \- D -----------/
 *   X (audit)
 */
const A = 'a1b2c3d4e5f6';
const B = 'b1c2d3e4f5a6';
const C = 'c1d2e3f4a5b6';
const D = 'c1d2ffff0000';
const M = 'e1f2a3b4c5d6';
const X = 'f1a2b3c4d5e6';
const Y = 'a9b8c7d6e5f4';

function writeHistory(project: TempProject): void {
  const files: [string, Parameters<typeof revisionSource>[0]][] = [
    [
      `${A}_items.ts`,
      {
        id: A,
        down: null,
        date: '2026-01-01',
        up: "  await op.execute('CREATE TABLE items (id integer)');",
        down_: "  await op.execute('DROP TABLE items');",
      },
    ],
    [`${B}_b.ts`, { id: B, down: A, date: '2026-01-02', up: addColumn('items', 'b'), down_: dropColumn('items', 'b') }],
    [
      `${C}_c.ts`,
      {
        id: C,
        down: B,
        date: '2026-01-03',
        header: "export const branchLabels = ['feature'];",
        up: addColumn('items', 'c'),
        down_: dropColumn('items', 'c'),
      },
    ],
    [`${D}_d.ts`, { id: D, down: B, date: '2026-01-04', up: addColumn('items', 'd'), down_: dropColumn('items', 'd') }],
    [
      `${M}_merge.ts`,
      { id: M, down: [C, D], date: '2026-01-05', up: addColumn('items', 'm'), down_: dropColumn('items', 'm') },
    ],
    [
      `${X}_audit.ts`,
      {
        id: X,
        down: null,
        date: '2026-01-06',
        header: "export const branchLabels = ['audit'];",
        up: "  await op.execute('CREATE TABLE audit_log (note text)');",
        down_: "  await op.execute('DROP TABLE audit_log');",
      },
    ],
    [
      `${Y}_y.ts`,
      {
        id: Y,
        down: M,
        date: '2026-01-07',
        header: "export const dependsOn = ['audit'];",
        up: "  await op.bulkInsert('audit_log', [{ note: 'y' }]);",
        down_: "  await op.execute('DELETE FROM audit_log');",
      },
    ],
  ];
  for (const [name, spec] of files) project.write(`migrations/versions/${name}`, revisionSource(spec));
}

async function expectOk(run: Promise<{ code: number; stdout: string; stderr: string }>): Promise<string> {
  const result = await run;
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('a branch-and-merge history', () => {
  it('moves the version rows exactly as Alembic does, step by step up and down', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    writeHistory(project);
    const rows = () => versionRows(db.url);
    const sorted = (...ids: string[]) => [...ids].sort();

    await expectOk(project.migrate('upgrade', 'a1b')); // a unique prefix
    expect(await rows()).toEqual([A]);
    await expectOk(project.migrate('upgrade', B));
    expect(await rows()).toEqual([B]);
    await expectOk(project.migrate('upgrade', 'feature')); // a label names its revision
    expect(await rows()).toEqual([C]);
    await expectOk(project.migrate('upgrade', 'c1d2f')); // a branch: a second row
    expect(await rows()).toEqual(sorted(C, D));
    await expectOk(project.migrate('upgrade', M)); // the merge: two rows become one
    expect(await rows()).toEqual([M]);
    expect(await columnsOf(db.url, 'items')).toEqual(['id', 'b', 'c', 'd', 'm']);
    await expectOk(project.migrate('upgrade', 'audit@head')); // another base: a second row
    expect(await rows()).toEqual(sorted(M, X));
    await expectOk(project.migrate('upgrade', Y)); // down revision and dependency in one row
    expect(await rows()).toEqual([Y]);
    expect(await queryRows(db.url, 'SELECT note FROM audit_log')).toEqual([{ note: 'y' }]);

    await expectOk(project.migrate('downgrade', '-1')); // unmerges into both parents
    expect(await rows()).toEqual(sorted(M, X));
    await expectOk(project.migrate('downgrade', 'audit@-1'));
    expect(await rows()).toEqual([M]);
    await expectOk(project.migrate('downgrade', '-1')); // undoing the merge gives its two parents back
    expect(await rows()).toEqual(sorted(C, D));
    await expectOk(project.migrate('downgrade', 'feature@-1'));
    expect(await rows()).toEqual([D]);
    expect(await columnsOf(db.url, 'items')).toEqual(['id', 'b', 'd']);
    await expectOk(project.migrate('downgrade', '-1'));
    expect(await rows()).toEqual([B]);
    await expectOk(project.migrate('downgrade', `${B}-1`));
    expect(await rows()).toEqual([A]);
    await expectOk(project.migrate('downgrade', 'base'));
    expect(await rows()).toEqual([]);
    expect(await columnsOf(db.url, 'items')).toEqual([]);
  });

  it('takes every target form, and refuses the ambiguous ones with the candidates', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    writeHistory(project);
    const rows = () => versionRows(db.url);

    const head = await project.migrate('upgrade', 'head');
    expect(head.code).toBe(2);
    expect(head.stderr).toBe(
      `error [several-heads]: cannot use head: there are 2 heads (${X}, ${Y}); merge them with \`migrate merge heads -m MSG\`, or use \`heads\`, LABEL@head or a revision id`,
    );
    const ambiguous = await project.migrate('upgrade', 'c1d2');
    expect(ambiguous.stderr).toBe(
      `error [ambiguous-revision]: "c1d2" matches several revisions: ${C}, ${D}; give more characters`,
    );
    expect(ambiguous.code).toBe(2);

    await expectOk(project.migrate('upgrade', 'feature@+2')); // toward feature@head: A, B
    expect(await rows()).toEqual([B]);
    await expectOk(project.migrate('upgrade', `${C}+1`)); // C and the revision above it (M needs D too)
    expect(await rows()).toEqual([M]);
    await expectOk(project.migrate('upgrade', 'audit@+1'));
    expect(await rows()).toEqual([M, X].sort());
    await expectOk(project.migrate('upgrade', '+1')); // one head above what is applied: Y
    expect(await rows()).toEqual([Y]);
    expect((await project.migrate('upgrade', 'heads')).stdout).toContain('Nothing to upgrade.');

    await expectOk(project.migrate('downgrade', `${C}-1`)); // down to B: undo what sits on B
    expect(await rows()).toEqual([B, X].sort());
    await expectOk(project.migrate('upgrade', 'heads'));
    expect(await rows()).toEqual([Y]);
    await expectOk(project.migrate('downgrade', 'audit@base')); // X and what depends on it
    expect(await rows()).toEqual([M]);
    const tooFar = await project.migrate('downgrade', '-3');
    expect(tooFar.stderr).toBe(
      `error [ambiguous-walk]: cannot downgrade -3: below the merge ${M} the history splits into ${C}, ${D}; continue with \`migrate downgrade ${C}@-N\``,
    );
    expect(await rows()).toEqual([M]);
    await expectOk(project.migrate('stamp', 'base'));
    expect(await rows()).toEqual([]);
  });

  it('stamps without running anything, and --purge clears rows no file defines', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    writeHistory(project);
    const out = await expectOk(project.migrate('stamp', M));
    expect(out).toContain(`Stamped as applied (nothing ran): ${A}, ${B}, ${C}, ${D}, ${M}`);
    expect(await versionRows(db.url)).toEqual([M]);
    expect(await columnsOf(db.url, 'items')).toEqual([]); // no DDL ran
    await expectOk(project.migrate('stamp', D)); // as downgrade would: undoes what sits on D, keeps C
    expect(await versionRows(db.url)).toEqual([C, D]);
    await expectOk(project.migrate('stamp', X, C));
    expect(await versionRows(db.url)).toEqual([C, D, X].sort());

    await queryRows(db.url, "INSERT INTO athanor_version VALUES ('deadbeef0000')");
    const stuck = await project.migrate('upgrade', 'heads');
    expect(stuck.stderr).toBe(
      'error [unknown-current]: the database is at revision deadbeef0000, which no file in the versions folder defines; restore the file, or correct the version table with `migrate stamp --purge REV`',
    );
    await expectOk(project.migrate('stamp', '--purge', B));
    expect(await versionRows(db.url)).toEqual([B]);
    const history = await queryRows<{ revision: string; action: string }>(
      db.url,
      "SELECT revision, action FROM athanor_version_history WHERE action = 'unstamp' ORDER BY id",
    );
    expect(history.map((h) => h.revision)).toEqual([M, X, D, C]);
  });
});
