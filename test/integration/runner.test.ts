import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

const header = (rev: string, down: string | null) =>
  `import type { Operations } from 'athanor';\nexport const revision = '${rev}';\nexport const downRevision: string | null = ${down ? `'${down}'` : 'null'};\nexport const message = 'step ${rev}';\nexport const createDate = '2026-01-0${rev.slice(-1)}T00:00:00.000Z';\n`;

const FIRST = `${header('aaaaaaaaaaa1', null)}
export async function upgrade(op: Operations) {
  await op.createTable({ table: { schema: 'public', name: 'users', columns: [
    { name: 'id', type: 'serial', nullable: false, default: null, identity: null },
    { name: 'email', type: 'text', nullable: false, default: null, identity: null },
  ], primaryKey: { name: 'users_pkey', columns: ['id'] }, foreignKeys: [], uniques: [], checks: [], indexes: [] } });
  await op.execute("INSERT INTO users (email) VALUES ($1)", ['a@example.com']);
}
export async function downgrade(op: Operations) {
  await op.dropTable({ schema: 'public', name: 'users' });
}
`;

const SECOND = `${header('bbbbbbbbbbb2', 'aaaaaaaaaaa1')}
export async function upgrade(op: Operations) {
  await op.addColumn({ schema: 'public', table: 'users', column: { name: 'name', type: 'text', nullable: true, default: null, identity: null } });
  const rows = await op.query<{ id: number }>('SELECT id FROM users');
  for (const row of rows) await op.execute('UPDATE users SET name = $1 WHERE id = $2', ['n' + row.id, row.id]);
}
export async function downgrade(op: Operations) {
  await op.dropColumn({ schema: 'public', table: 'users', column: 'name' });
}
`;

const BROKEN = `${header('ccccccccccc3', 'bbbbbbbbbbb2')}
export async function upgrade(op: Operations) {
  await op.addColumn({ schema: 'public', table: 'users', column: { name: 'age', type: 'integer', nullable: true, default: null, identity: null } });
  await op.execute('ALTER TABLE users ADD COLUMN email text');
}
export async function downgrade(op: Operations) {}
`;

async function columns(url: string): Promise<string[]> {
  const rows = await queryRows<{ column_name: string }>(
    url,
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position",
  );
  return rows.map((r) => r.column_name);
}

describe('upgrade and downgrade', () => {
  it('applies a chain step by step, records the head and steps back', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write('migrations/versions/aaaaaaaaaaa1_first.ts', FIRST);
    project.write('migrations/versions/bbbbbbbbbbb2_second.ts', SECOND);

    expect((await project.migrate('upgrade', '+1')).code).toBe(0);
    expect(await columns(db.url)).toEqual(['id', 'email']);
    let up = await project.migrate('upgrade', 'head');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('Upgrading to bbbbbbbbbbb2');
    expect(await columns(db.url)).toEqual(['id', 'email', 'name']);
    expect(await queryRows(db.url, 'SELECT name FROM users')).toEqual([{ name: 'n1' }]);
    expect(await queryRows(db.url, 'SELECT version_num FROM athanor_version')).toEqual([
      { version_num: 'bbbbbbbbbbb2' },
    ]);

    const cur = await project.migrate('current');
    expect(cur.stdout).toContain('bbbbbbbbbbb2 (head)  step bbbbbbbbbbb2');
    up = await project.migrate('upgrade', 'head');
    expect(up.stdout).toContain('Nothing to upgrade.');

    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect(await columns(db.url)).toEqual(['id', 'email']);
    expect(await queryRows(db.url, 'SELECT version_num FROM athanor_version')).toEqual([
      { version_num: 'aaaaaaaaaaa1' },
    ]);
    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(await columns(db.url)).toEqual([]);
    expect(await queryRows(db.url, 'SELECT version_num FROM athanor_version')).toEqual([]);
  });

  it('rolls back a failing revision and names its file and statement', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write('migrations/versions/aaaaaaaaaaa1_first.ts', FIRST);
    project.write('migrations/versions/bbbbbbbbbbb2_second.ts', SECOND);
    project.write('migrations/versions/ccccccccccc3_broken.ts', BROKEN);
    const result = await project.migrate('upgrade', 'head');
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /error \[revision-failed\]: upgrade of revision ccccccccccc3 \(ccccccccccc3_broken\.ts\) failed and was rolled back: column "email" of relation "users" already exists in statement: ALTER TABLE users ADD COLUMN email text/,
    );
    expect(await columns(db.url)).toEqual(['id', 'email', 'name']);
    expect(await queryRows(db.url, 'SELECT version_num FROM athanor_version')).toEqual([
      { version_num: 'bbbbbbbbbbb2' },
    ]);
  });

  it('gives one-line errors for unknown targets and bad urls, without passwords', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write('migrations/versions/aaaaaaaaaaa1_first.ts', FIRST);
    const unknown = await project.migrate('upgrade', 'zzz');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'error [unknown-revision]: no revision matches "zzz"; run `migrate history` to see the revisions',
    );

    const bad = tempProject('postgres://admin:hunter2@127.0.0.1:1/nowhere');
    const failed = await bad.migrate('current');
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(
      /^error \[connect\]: cannot connect to postgres:\/\/admin:\*\*\*\*@127\.0\.0\.1:1\/nowhere/,
    );
    expect(failed.stderr).not.toContain('hunter2');
    expect(failed.stderr.split('\n')).toHaveLength(1);
  });
});
