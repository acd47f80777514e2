import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';

/** A hand-written revision; `header` goes among its exports. */
function revisionFile(id: string, down: string | null, body: string, header = ''): string {
  return [
    "import type { Operations } from 'athanor';",
    `export const revision = '${id}';`,
    `export const downRevision: string | null = ${down === null ? 'null' : `'${down}'`};`,
    `export const message = 'rev ${id}';`,
    header,
    'export async function upgrade(op: Operations): Promise<void> {',
    body,
    '}',
    'export async function downgrade(op: Operations): Promise<void> {}',
    '',
  ].join('\n');
}

const VOLATILE = "  await op.execute('ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT clock_timestamp()');";

function project(header = ''): TempProject {
  // Linting never connects: the url points nowhere.
  const p = tempProject('postgres://nobody@127.0.0.1:1/none');
  p.write(
    'migrations/versions/a1_create.ts',
    revisionFile('a1', null, "  await op.execute('CREATE TABLE t (id integer)');"),
  );
  p.write('migrations/versions/b2_stamp.ts', revisionFile('b2', 'a1', VOLATILE, header));
  return p;
}

describe('migrate lint', () => {
  it('reports the volatile default of SQL a hand-written revision runs, and fails on rewrite until it is acknowledged', async () => {
    const p = project();
    const linted = await p.migrate('lint', '--fail-on', 'rewrite');
    expect(linted.stderr).toBe('');
    expect(linted.code).toBe(1);
    const lines = linted.stdout.split('\n');
    expect(lines).toContain(
      'b2 migrations/versions/b2_stamp.ts: [volatile-default] the volatile default clock_timestamp() of c rewrites the table to fill it',
    );
    expect(lines).toContain(
      'b2 migrations/versions/b2_stamp.ts: [access-exclusive] ALTER TABLE public.t takes an ACCESS EXCLUSIVE lock: every query on the table waits behind it',
    );
    expect(lines).toContain('    in: ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT clock_timestamp()');
    expect(lines.at(-1)).toMatch(
      /^Linted 2 revision\(s\): 2 hazard\(s\), 0 acknowledged; 2 operation\(s\) upgrade --expand cannot serve\. 1 not acknowledged of the families rewrite: /,
    );

    expect((await p.migrate('lint')).code).toBe(0);
    expect((await p.migrate('lint', '--fail-on', 'data-loss,scan')).code).toBe(0);
  });

  it('exits 0 once the revision acknowledges the hazard, and says so', async () => {
    const p = project("export const acknowledged = ['volatile-default'];");
    const linted = await p.migrate('lint', '--fail-on', 'rewrite', 'b2');
    expect([linted.code, linted.stderr]).toEqual([0, '']);
    expect(linted.stdout).toContain(
      '[volatile-default] the volatile default clock_timestamp() of c rewrites the table to fill it (acknowledged)',
    );
    expect((await p.migrate('lint', '--fail-on', 'rewrite,lock', 'b2')).code).toBe(1);
    const byMessage = project("export const acknowledged = ['lock: ALTER TABLE public.t', 'rewrite'];");
    expect((await byMessage.migrate('lint', '--fail-on', 'rewrite,lock')).code).toBe(0);
  });

  it('prints JSON', async () => {
    const NOT_EXPANDABLE = {
      code: 'not-expandable',
      kind: 'expand',
      message:
        'execute SQL cannot be served in both versions by upgrade --expand (hand-written SQL is served only with its expand and contract parts declared: op.execute(sql, { expand, contract, abort }))',
      acknowledged: false,
      source: 'operation',
    };
    const p = project("export const acknowledged = ['rewrite: the volatile default clock_timestamp()'];");
    const linted = await p.migrate('lint', '--json', '--fail-on', 'lock');
    expect(linted.code).toBe(1);
    expect(JSON.parse(linted.stdout)).toEqual({
      revisions: [
        { revision: 'a1', path: 'migrations/versions/a1_create.ts', hazards: [NOT_EXPANDABLE] },
        {
          revision: 'b2',
          path: 'migrations/versions/b2_stamp.ts',
          hazards: [
            {
              code: 'access-exclusive',
              kind: 'lock',
              message: 'ALTER TABLE public.t takes an ACCESS EXCLUSIVE lock: every query on the table waits behind it',
              acknowledged: false,
              source: 'sql',
              statement: 'ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT clock_timestamp()',
            },
            {
              code: 'volatile-default',
              kind: 'rewrite',
              message: 'the volatile default clock_timestamp() of c rewrites the table to fill it',
              acknowledged: true,
              source: 'sql',
              statement: 'ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT clock_timestamp()',
            },
            NOT_EXPANDABLE,
          ],
        },
      ],
      failed: true,
    });
  });

  it('lints operations, leaves out what touches a table the revision creates, and reports autocommit blocks', async () => {
    const p = tempProject('postgres://nobody@127.0.0.1:1/none');
    const body = [
      "  await op.execute('CREATE TABLE fresh (id integer)');",
      "  await op.execute('CREATE INDEX fresh_id ON fresh (id)');",
      "  await op.dropColumn({ schema: 'public', table: 'users', column: 'legacy' });",
      '  await op.autocommit(async () => {',
      "    await op.execute('CREATE INDEX CONCURRENTLY users_email ON users (email)');",
      '  });',
    ].join('\n');
    p.write(
      'migrations/versions/c3_ops.ts',
      revisionFile(
        'c3',
        null,
        body,
        "export const transactional = false;\nexport const acknowledged = ['data-loss: drop column public.users.legacy'];",
      ),
    );
    const linted = await p.migrate('lint', '--json', '--fail-on', 'data-loss');
    expect([linted.code, linted.stderr]).toEqual([0, '']);
    const [revision] = JSON.parse(linted.stdout).revisions;
    expect(
      revision.hazards.map((h: { code: string; source: string; acknowledged: boolean }) => [
        h.code,
        h.source,
        h.acknowledged,
      ]),
    ).toEqual([
      ['drop-column', 'operation', true],
      ['column-dropped', 'operation', false],
      ['non-transactional', 'sql', false],
      ['not-expandable', 'operation', false],
      ['not-expandable', 'operation', false],
      ['not-expandable', 'operation', false],
    ]);
    expect((await p.migrate('lint', '--fail-on', 'non-transactional')).code).toBe(1);
  });

  it('passes --fail-on lock on nullable columns added under a lock timeout, and fails on a rewrite or without a timeout', async () => {
    const p = tempProject('postgres://nobody@127.0.0.1:1/none');
    const table = "schema: 'public', table: 'posts'";
    const column = (name: string, type: string, extra = '') =>
      `{ name: '${name}', type: '${type}', nullable: true, default: ${extra || 'null'}, identity: null }`;
    const add = [
      `  await op.addColumn({ ${table}, column: ${column('slug', 'text')} });`,
      `  await op.addColumn({ ${table}, column: ${column('score', 'integer', "'0'")} });`,
      "  await op.execute('ALTER TABLE posts ADD COLUMN summary text');",
    ].join('\n');
    p.write('migrations/versions/a1_add.ts', revisionFile('a1', null, add));
    const added = await p.migrate('lint', '--fail-on', 'lock', 'a1');
    expect([added.code, added.stderr]).toEqual([0, '']);
    expect(added.stdout.split('\n').at(-1)).toBe(
      'Linted 1 revision(s): 0 hazard(s), 0 acknowledged; 1 operation(s) upgrade --expand cannot serve.',
    );

    // lock_timeout off: the ALTER waits behind every running query while every query waits behind it.
    p.write('migrations/versions/a1_add.ts', revisionFile('a1', null, add, 'export const lockTimeout = 0;'));
    const unbounded = await p.migrate('lint', '--fail-on', 'lock', 'a1');
    expect(unbounded.code).toBe(1);
    expect(unbounded.stdout).toContain(
      'a1 migrations/versions/a1_add.ts: [access-exclusive] adding column slug takes an ACCESS EXCLUSIVE lock with no lock_timeout: every query on the table waits behind it',
    );

    p.write('migrations/versions/a1_add.ts', revisionFile('a1', null, add));
    const retype = `  await op.alterColumn({ ${table}, column: 'score', from: { type: 'integer' }, to: { type: 'bigint' } });`;
    p.write('migrations/versions/b2_retype.ts', revisionFile('b2', 'a1', retype));
    const rewritten = await p.migrate('lint', '--fail-on', 'lock');
    expect(rewritten.code).toBe(1);
    expect(rewritten.stdout.split('\n').filter((l) => l.startsWith('b2 '))).toEqual([
      'b2 migrations/versions/b2_retype.ts: [access-exclusive] altering column score takes an ACCESS EXCLUSIVE lock: every query on the table waits behind it',
      'b2 migrations/versions/b2_retype.ts: [rewrite-type] changing score to bigint rewrites the table and its indexes',
    ]);
  });

  it('names the operations upgrade --expand cannot serve, with the reason; a failure only with --fail-on expand', async () => {
    const p = tempProject('postgres://nobody@127.0.0.1:1/none');
    const table = "schema: 'public', table: 'users'";
    const body = [
      `  await op.renameColumn({ ${table}, from: 'name', to: 'full_name' });`,
      `  await op.addColumn({ ${table}, column: { name: 'score', type: 'integer', nullable: false, default: null, identity: null } });`,
      "  await op.renameIndex({ schema: 'public', from: 'users_name_idx', to: 'users_nm_idx' });",
      "  await op.execute('UPDATE users SET score = 0');",
    ].join('\n');
    p.write('migrations/versions/e1_reshape.ts', revisionFile('e1', null, body));
    const linted = await p.migrate('lint');
    expect([linted.code, linted.stderr]).toEqual([0, '']);
    const lines = linted.stdout.split('\n');
    const found = lines.filter((l) => l.includes('[not-expandable]'));
    expect(found).toEqual([
      expect.stringMatching(
        /^e1 migrations\/versions\/e1_reshape\.ts: \[not-expandable\] .*score.* cannot be served in both versions by upgrade --expand \(NOT NULL column "score" has no default, so the old version's inserts would fail; give it a default\)$/,
      ),
      'e1 migrations/versions/e1_reshape.ts: [not-expandable] execute SQL cannot be served in both versions by upgrade --expand (hand-written SQL is served only with its expand and contract parts declared: op.execute(sql, { expand, contract, abort }))',
    ]);
    // The renames of a column and of an index are served: nothing said of them.
    expect(found.some((l) => l.includes('full_name') || l.includes('users_name_idx'))).toBe(false);
    expect(lines.at(-1)).toMatch(/; 2 operation\(s\) upgrade --expand cannot serve\.$/);

    const failing = await p.migrate('lint', '--fail-on', 'expand');
    expect(failing.code).toBe(1);
    expect(failing.stdout.split('\n').at(-1)).toMatch(/ 2 not acknowledged of the families expand: /);

    p.write(
      'migrations/versions/e1_reshape.ts',
      revisionFile('e1', null, body, "export const acknowledged = ['expand', 'breaking', 'lock', 'scan'];"),
    );
    const acknowledged = await p.migrate('lint', '--fail-on', 'expand');
    expect([acknowledged.code, acknowledged.stderr]).toEqual([0, '']);
    expect(acknowledged.stdout).toContain(
      '(hand-written SQL is served only with its expand and contract parts declared: op.execute(sql, { expand, contract, abort })) (acknowledged)',
    );
  });

  it('refuses an unknown family, an acknowledged entry that names nothing, and SQL that does not parse, with exit 2', async () => {
    const p = project();
    const family = await p.migrate('lint', '--fail-on', 'rewrites');
    expect([family.code, family.stderr]).toEqual([
      2,
      expect.stringContaining(
        '--fail-on takes hazard families (data-loss, rewrite, lock, scan, breaking, non-transactional, expand), not "rewrites"',
      ),
    ]);
    const bad = project("export const acknowledged = ['volatile'];");
    const entry = await bad.migrate('lint');
    expect([entry.code, entry.stderr]).toEqual([
      2,
      expect.stringContaining(
        'revision file b2_stamp.ts is invalid: its acknowledged entry "volatile" does not start with a hazard code or family',
      ),
    ]);
    const broken = tempProject('postgres://nobody@127.0.0.1:1/none');
    broken.write(
      'migrations/versions/d4_broken.ts',
      revisionFile('d4', null, "  await op.execute('ALTER TABL t ADD c int');"),
    );
    const parse = await broken.migrate('lint');
    expect([parse.code, parse.stderr]).toEqual([
      2,
      expect.stringContaining(
        'revision d4 (d4_broken.ts): the SQL ALTER TABL t ADD c int does not parse at character 7: syntax error at or near "TABL"',
      ),
    ]);
  });
});

describe('requireAcknowledged', () => {
  it('makes upgrade refuse a revision whose data-loss hazard is not acknowledged, before applying anything; acknowledged, it runs', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'CREATE TABLE t (id integer, legacy text)');
    const p = tempProject(db.url, 'requireAcknowledged: true,');
    p.write(
      'migrations/versions/a1_keep.ts',
      revisionFile('a1', null, "  await op.execute('CREATE TABLE kept (id integer)');"),
    );
    p.write(
      'migrations/versions/b2_drop.ts',
      revisionFile('b2', 'a1', "  await op.dropColumn({ schema: 'public', table: 't', column: 'legacy' });"),
    );
    const refused = await p.migrate('upgrade', 'head');
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')).toEqual([
      expect.stringMatching(
        /^error \[unacknowledged-hazard\]: 1 data-loss hazard\(s\) in the revisions to apply are not acknowledged, and requireAcknowledged is on; nothing was applied\./,
      ),
      '  b2 (migrations/versions/b2_drop.ts): [drop-column] drop column public.t.legacy; data in it is lost',
    ]);
    expect(await queryRows(db.url, "SELECT to_regclass('public.kept') IS NULL AS absent")).toEqual([{ absent: true }]);

    p.write(
      'migrations/versions/b2_drop.ts',
      revisionFile(
        'b2',
        'a1',
        "  await op.dropColumn({ schema: 'public', table: 't', column: 'legacy' });",
        "export const acknowledged = ['drop-column'];",
      ),
    );
    const applied = await p.migrate('upgrade', 'head');
    expect([applied.code, applied.stderr]).toEqual([0, '']);
  });
});
