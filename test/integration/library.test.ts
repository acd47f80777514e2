import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AthanorError, command, type Notice } from '../../src/index.js';
import { connect } from '../../src/pg/connection/driver.js';
import { versionTableLockKey, withAdvisoryLock } from '../../src/pg/locks/lock.js';
import { createTestDatabase, queryRows, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

const MODEL = `import { defineMetadata, serial, text } from 'athanor';
export const metadata = defineMetadata();
export const authors = metadata.table('authors', { id: serial().primaryKey(), name: text().notNull() });
`;

async function userTables(url: string): Promise<string[]> {
  const rows = await queryRows<{ tablename: string }>(
    url,
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'athanor\\_%' ORDER BY 1",
  );
  return rows.map((t) => t.tablename);
}

/** The error a call rejects with. */
async function thrown(call: Promise<unknown>): Promise<AthanorError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AthanorError);
  return error as AthanorError;
}

describe('the library commands', () => {
  it('write, apply, check, read and undo a revision, returning what the CLI prints', async () => {
    const db = await createTestDatabase();
    const project = tempProject(null);
    project.write('models.ts', MODEL);
    // The config names no url: the url option gives it.
    const options = { cwd: project.dir, url: db.url };

    const rev = await command.revision({ ...options, message: 'create authors', autogenerate: true, revId: 'a1' });
    if (!rev.written) throw new Error('no revision written');
    expect(rev.revision).toBe('a1');
    expect(rev.operations.map((o) => o.kind)).toEqual(['createTable']);
    expect(rev.detected).toEqual(['create table public.authors']);
    expect((await command.check(options)).differences).toEqual(['create table public.authors']);

    const notices: Notice[] = [];
    const up = await command.upgrade({ ...options, onNotice: (n) => notices.push(n) });
    expect(up).toEqual({
      steps: [{ revision: 'a1', message: 'create authors', direction: 'up' }],
      previous: [],
      current: ['a1'],
    });
    expect(notices.map((n) => n.type)).toEqual(['step-start', 'step-done']);
    expect(await userTables(db.url)).toEqual(['authors']);
    expect(await command.check(options)).toEqual({
      clean: true,
      operations: [],
      differences: [],
      renames: [],
      current: ['a1'],
      heads: ['a1'],
      atHead: true,
      behind: false,
    });
    // At head with nothing to change, autogenerate writes nothing, unless asked to.
    expect(await command.revision({ ...options, message: 'nothing', autogenerate: true })).toEqual({
      written: false,
      unsupported: [],
    });
    expect((await command.heads(options)).map((r) => r.revision)).toEqual(['a1']);
    const empty = await command.revision({ ...options, message: 'empty', autogenerate: true, allowEmpty: true });
    expect(empty.written && empty.operations).toEqual([]);
    expect((await command.heads(options)).length).toBe(1);
    expect((await command.heads(options))[0]!.revision).not.toBe('a1');
    rmSync(empty.written ? empty.path : '');
    expect((await command.current(options)).current).toEqual(['a1']);
    expect((await command.history(options)).map((r) => [r.revision, r.isHead])).toEqual([['a1', true]]);
    expect((await command.heads(options)).map((r) => r.revision)).toEqual(['a1']);

    const down = await command.downgrade({ ...options, target: 'base' });
    expect(down).toEqual({
      steps: [{ revision: 'a1', message: 'create authors', direction: 'down' }],
      previous: ['a1'],
      current: [],
    });
    expect(await userTables(db.url)).toEqual([]);
  }, 180_000);

  it('take the config inline, as an object or a function of the -x arguments', async () => {
    const db = await createTestDatabase();
    const project = tempProject(null);
    project.write('models.ts', MODEL);
    project.write('elsewhere/migrations/versions/.keep', '');
    const inline = { cwd: project.dir, config: { url: db.url, migrations: './elsewhere/migrations' } };
    await command.revision({ ...inline, message: 'empty', revId: 'b1' });
    expect(project.read('elsewhere/migrations/versions/b1_empty.ts')).toContain("export const revision = 'b1';");
    expect((await command.upgrade(inline)).current).toEqual(['b1']);

    const byArgs = {
      cwd: project.dir,
      config: ({ args }: { args: Record<string, string> }) => ({ url: args.db, migrations: args.dir }),
      args: { db: db.url, dir: './elsewhere/migrations' },
    };
    expect((await command.current(byArgs)).current).toEqual(['b1']);
    const error = await thrown(command.current({ cwd: project.dir, config: 42 as never }));
    expect([error.code, error.message]).toEqual([
      'bad-config',
      'the inline config must be an object or a function, as `defineConfig` takes',
    ]);
  });

  it('throw AthanorError with the code and the message the CLI prints, the password masked', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    const cli = await project.migrate('upgrade', 'nope');
    const error = await thrown(command.upgrade({ cwd: project.dir, target: 'nope' }));
    expect(error.code).toBe('unknown-revision');
    expect(cli.stderr).toBe(`error [unknown-revision]: ${error.message}`);

    const url = 'postgres://app:hunter2@127.0.0.1:1/app';
    const refused = await thrown(command.current({ cwd: project.dir, url }));
    const printed = await tempProject(url).migrate('current');
    expect(refused.code).toBe('connect');
    expect(printed.stderr).toBe(`error [connect]: ${refused.message}`);
    expect(`${refused.message} ${refused.stack} ${refused.details.join(' ')}`).not.toContain('hunter2');
    expect(refused.message).toContain('postgres://app:****@127.0.0.1:1/app');
  });

  skipWhen(
    testTarget() === 'pglite',
    'PGlite is one connection per directory: a second run waits for the connection, not for the lock',
  ).it("wait for another run's lock, as the CLI does, and say so", async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write('models.ts', MODEL);
    await command.revision({ cwd: project.dir, message: 'create authors', autogenerate: true, revId: 'c1' });
    const other = await connect(db.url);
    try {
      const notices: Notice['type'][] = [];
      let release!: () => void;
      const held = new Promise<void>((done) => (release = done));
      let holding = false;
      const otherRun = withAdvisoryLock(
        other,
        versionTableLockKey('public', 'athanor_version'),
        () => undefined,
        async () => {
          holding = true;
          await held;
        },
      );
      await expect.poll(() => holding).toBe(true);
      const run = command.upgrade({ cwd: project.dir, onNotice: (n) => notices.push(n.type) });
      await expect.poll(() => notices).toContain('lock-wait');
      expect(await userTables(db.url)).toEqual([]);
      release();
      await otherRun;
      expect((await run).current).toEqual(['c1']);
      expect(notices).toEqual(['lock-wait', 'step-start', 'step-done']);
    } finally {
      await other.close();
    }
  });
});
