import { describe, expect, it } from 'vitest';
import { runBin, type Finished } from '../helpers/bin.js';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { revisionSource } from './runner-fixtures.js';
import type { ErrorCode } from '../../src/util/error-codes.js';
import { skipWhen } from '../helpers/skips.js';

function writeRevision(project: TempProject, up: string): void {
  project.write('migrations/versions/r1_conf.ts', revisionSource({ id: 'r1', down: null, date: '2026-01-01', up }));
}

/** Exit 2 with one `error [code]:` line on stderr: no stack, and no password. */
function expectOneMaskedLine(result: Finished, password: string, code: ErrorCode): void {
  expect(result.code).toBe(2);
  expect(result.stderr).not.toContain(password);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr.startsWith(`error [${code}]: `)).toBe(true);
}

const VALUES = "('dsn', 'host=db password=abc user=app'), ('url', 'postgres://app:pw@db/x'), ('bare', 'password=abc')";

describe('what the migrate process prints', () => {
  it('writes a --sql script byte for byte, passwords and all, so that it runs as written', async () => {
    const project = tempProject(null);
    writeRevision(
      project,
      `  await op.execute('CREATE TABLE conf (k text, v text)');\n  await op.execute(${JSON.stringify(`INSERT INTO conf VALUES ${VALUES}`)});`,
    );
    const result = await runBin(project.dir, ['upgrade', '--sql', 'head']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`INSERT INTO conf VALUES ${VALUES};\n`);
    if (testTarget() !== 'server') return;
    const db = await createTestDatabase();
    await runSql(db.url, result.stdout);
    expect(await queryRows(db.url, 'SELECT k, v FROM conf ORDER BY k')).toEqual([
      { k: 'bare', v: 'password=abc' },
      { k: 'dsn', v: 'host=db password=abc user=app' },
      { k: 'url', v: 'postgres://app:pw@db/x' },
    ]);
  });

  it('masks a PASSWORD literal and a url in the statement of a failing revision', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    writeRevision(project, `  await op.execute("SELECT 'postgres://app:pw/x@db/x'::int");`);
    const cast = await runBin(project.dir, ['upgrade', 'head']);
    expectOneMaskedLine(cast, 'pw/x', 'revision-failed');
    expect(cast.stderr).toContain('postgres://app:****@db/x');
    writeRevision(project, `  await op.execute("CREATE ROLE athanor_never LOGIN PASSWORD 'hunter2' NO_SUCH_OPTION");`);
    const role = await runBin(project.dir, ['upgrade', 'head']);
    expectOneMaskedLine(role, 'hunter2', 'revision-failed');
    expect(role.stderr).toContain("PASSWORD '****'");
  });

  it('ends a promise nobody awaited with one masked line and exit 2', async () => {
    const project = tempProject(null);
    project.write(
      'migrate.config.ts',
      "void Promise.reject(new Error('lost postgres://u:hunter2@h/d'));\nexport default {};\n",
    );
    const result = await runBin(project.dir, ['heads']);
    expectOneMaskedLine(result, 'hunter2', 'unexpected');
    expect(result.stderr).toContain('lost postgres://u:****@h/d');
  });

  it('ends an exception thrown outside the command with one masked line and exit 2', async () => {
    const project = tempProject(null);
    project.write(
      'migrate.config.ts',
      "setTimeout(() => { throw new Error('late host=h password=hunter2'); }, 0);\nexport default {};\n",
    );
    const result = await runBin(project.dir, ['heads']);
    expectOneMaskedLine(result, 'hunter2', 'unexpected');
    expect(result.stderr).toContain('late host=h password=****');
  });

  skipWhen(
    testTarget() !== 'server',
    'written for the server target: an unawaited op call in a CLI process on a server database',
  ).it('ends a revision whose op call is not awaited with one masked line and exit 2', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    writeRevision(project, `  op.execute("SELECT 'postgres://u:hunter2@h/d'::int");`);
    expectOneMaskedLine(await runBin(project.dir, ['upgrade', 'head']), 'hunter2', 'op-not-awaited');
  });
});
