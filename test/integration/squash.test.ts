import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import { adminUrl, createTestDatabase, queryRows, testTarget } from '../helpers/database.js';
import { fleetProject } from '../helpers/fleet.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/*
 * `migrate squash` on both targets: the schemas are built on PGlite in memory,
 * or on the server target on a scratch database made with --url. A database
 * at the start, in the middle and at the end of the squashed range, and a
 * fresh one, each reach head with the schema the unsquashed history gives.
 */

interface Revision {
  id: string;
  parent: string | null;
  up: string[];
  down: string[];
}

function revisionFile({ id, parent, up, down }: Revision): string {
  const body = (calls: string[]): string => calls.map((c) => `  await ${c};`).join('\n');
  return `/**
 * ${id}
 */
import type { Operations } from 'athanor';
export const revision = '${id}';
export const downRevision: string | null = ${parent === null ? 'null' : `'${parent}'`};
export const message = '${id}';
export const createDate = '2026-01-0${id.slice(1, 2)}T00:00:00.000Z';
export async function upgrade(op: Operations): Promise<void> {
${body(up)}
}
export async function downgrade(op: Operations): Promise<void> {
${body(down)}
}
`;
}

const col = (name: string, type: string, nullable = true): string =>
  `{ name: '${name}', type: '${type}', nullable: ${nullable} }`;

const HISTORY: Revision[] = [
  {
    id: 'r1',
    parent: null,
    up: [
      `op.createTable({ table: { schema: 'public', name: 'users', columns: [${col('id', 'integer', false)}, ${col('name', 'text')}], primaryKey: { name: 'users_pkey', columns: ['id'] } } })`,
    ],
    down: [`op.dropTable({ schema: 'public', name: 'users' })`],
  },
  {
    id: 'r2',
    parent: 'r1',
    up: [`op.addColumn({ schema: 'public', table: 'users', column: ${col('email', 'text')} })`],
    down: [`op.dropColumn({ schema: 'public', table: 'users', column: 'email' })`],
  },
  {
    id: 'r3',
    parent: 'r2',
    up: [
      `op.createTable({ table: { schema: 'public', name: 'posts', columns: [${col('id', 'integer', false)}, ${col('user_id', 'integer')}, ${col('title', 'text')}], primaryKey: { name: 'posts_pkey', columns: ['id'] } } })`,
    ],
    down: [`op.dropTable({ schema: 'public', name: 'posts' })`],
  },
  {
    id: 'r4',
    parent: 'r3',
    up: [
      `op.renameColumn({ schema: 'public', table: 'users', from: 'name', to: 'display_name' })`,
      `op.dropColumn({ schema: 'public', table: 'users', column: 'email' })`,
    ],
    down: [
      `op.addColumn({ schema: 'public', table: 'users', column: ${col('email', 'text')} })`,
      `op.renameColumn({ schema: 'public', table: 'users', from: 'display_name', to: 'name' })`,
    ],
  },
  {
    id: 'r5',
    parent: 'r4',
    up: [
      `op.createIndex({ schema: 'public', table: 'posts', index: { name: 'posts_title_idx', columns: [{ column: 'title' }] } })`,
    ],
    down: [`op.dropIndex({ schema: 'public', name: 'posts_title_idx' })`],
  },
  {
    id: 'r6',
    parent: 'r5',
    up: [`op.addColumn({ schema: 'public', table: 'posts', column: ${col('body', 'text')} })`],
    down: [`op.dropColumn({ schema: 'public', table: 'posts', column: 'body' })`],
  },
];

/** A project whose environments each name one database (`-x env=NAME`). */
async function project(
  names: string[],
  revisions: Revision[] = HISTORY,
): Promise<{ p: TempProject; urls: Record<string, string> }> {
  const urls: Record<string, string> = {};
  for (const name of names) urls[name] = (await createTestDatabase()).url;
  const environments = names.map((n) => `${n}: { url: ${JSON.stringify(urls[n])} }`).join(', ');
  const p = tempProject(null, `environments: { ${environments} },`);
  for (const r of revisions) p.write(`migrations/versions/${r.id}_${r.id}.ts`, revisionFile(r));
  return { p, urls };
}

/** --url on the server target: the test server, where the scratch database is made. */
const urlArgs = (): string[] => (testTarget() === 'server' ? ['--url', adminUrl()] : []);

async function ok(p: TempProject, ...argv: string[]): Promise<string> {
  const result = await p.migrate(...argv);
  expect(result.stderr, `migrate ${argv.join(' ')}`).not.toMatch(/error/);
  expect(result.code, `migrate ${argv.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** The revisions upgrade ran on a database (or a tenant schema), in order. */
async function upgraded(url: string, schema = 'public'): Promise<string[]> {
  const rows = await queryRows<{ revision: string }>(
    url,
    `SELECT revision FROM "${schema}".athanor_version_history WHERE action = 'upgrade' ORDER BY id`,
  );
  return rows.map((r) => r.revision);
}

const versionRows = async (url: string): Promise<string[]> =>
  (await queryRows<{ version_num: string }>(url, 'SELECT version_num FROM public.athanor_version')).map(
    (r) => r.version_num,
  );

const BOOKKEEPING = ['athanor_version', 'athanor_version_history', 'athanor_version_backfill'].map((name) => ({
  schema: 'public',
  name,
}));

async function schemaOf(url: string): Promise<string> {
  const driver = await connect(url);
  try {
    return JSON.stringify(await reflectSchema(driver, { exclude: BOOKKEEPING }));
  } finally {
    await driver.close();
  }
}

// PGlite runs Postgres in WebAssembly: each database and the scratch one take seconds there.
describe('migrate squash', { timeout: 300_000 }, () => {
  it('replaces part of a history; databases at its start, middle and end and a fresh one reach the same head', async () => {
    const { p, urls } = await project(['ref', 'start', 'middle', 'end', 'fresh']);
    await ok(p, '-x', 'env=ref', 'upgrade', 'head');
    await ok(p, '-x', 'env=start', 'upgrade', 'r1');
    await ok(p, '-x', 'env=middle', 'upgrade', 'r3');
    await ok(p, '-x', 'env=end', 'upgrade', 'r4');
    await ok(p, '-x', 'env=ref', 'pull');
    const reference = await schemaOf(urls.ref!);

    const wrote = await ok(p, 'squash', 'r1..r4', '-m', 'users and posts', '--rev-id', 'sq1', ...urlArgs());
    expect(wrote).toMatch(/sq1 squashes 3 revision\(s\), r2 \.\. r4, from r1/);
    const file = p.read('migrations/versions/sq1_users_and_posts.ts');
    expect(file).toContain("export const replaces = ['r2', 'r3', 'r4'];");
    expect(file).toContain("export const downRevision: string | null = 'r1';");
    expect(file).toMatch(/op\.createTable/);

    // The graph commands read the squash in place of its range.
    expect(await ok(p, 'heads')).toMatch(/^r5 -> r6 \(head\), r6$/);
    const history = JSON.parse(await ok(p, 'history', '--json')) as { revision: string; replaces?: string[] }[];
    expect(history.map((r) => r.revision)).toEqual(['r6', 'r5', 'sq1', 'r1']);
    expect(history.find((r) => r.revision === 'sq1')?.replaces).toEqual(['r2', 'r3', 'r4']);
    expect(history.find((r) => r.revision === 'r5')).toMatchObject({ downRevisions: ['sq1'] });
    expect(await ok(p, '-x', 'env=middle', 'current')).toBe(
      'r3 (replaced by sq1: `migrate upgrade head` goes on from here)  r3',
    );
    const current = JSON.parse(await ok(p, '-x', 'env=middle', 'current', '--json')) as {
      revisions: { revision: string; replacedBy?: string }[];
    };
    expect(current.revisions).toMatchObject([{ revision: 'r3', replacedBy: 'sq1' }]);
    expect(await ok(p, '-x', 'env=middle', 'history', '-r', 'current:', '--json')).toMatch(/"r6"/);

    for (const env of ['start', 'middle', 'end', 'fresh']) await ok(p, '-x', `env=${env}`, 'upgrade', 'head');
    expect(await upgraded(urls.start!)).toEqual(['r1', 'sq1', 'r5', 'r6']);
    expect(await upgraded(urls.middle!)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(await upgraded(urls.end!)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(await upgraded(urls.fresh!)).toEqual(['r1', 'sq1', 'r5', 'r6']);
    for (const env of ['start', 'middle', 'end', 'fresh']) {
      expect(await schemaOf(urls[env]!), env).toBe(reference);
      expect(await versionRows(urls[env]!), env).toEqual(['r6']);
      await ok(p, '-x', `env=${env}`, 'check');
      // The files it ran are the ones on record: the replaced ones, or the squash.
      expect(await ok(p, '-x', `env=${env}`, 'verify'), env).not.toMatch(/unrecorded|edited/);
    }

    // The squash goes back to where its range starts.
    await ok(p, '-x', 'env=fresh', 'downgrade', 'r1');
    expect(await versionRows(urls.fresh!)).toEqual(['r1']);
    await ok(p, '-x', 'env=start', 'downgrade', 'r1');
    expect(await schemaOf(urls.fresh!)).toBe(await schemaOf(urls.start!));
  });

  it('runs only the squash on a fresh database when it replaces the whole history, and prunes its files', async () => {
    const { p, urls } = await project(['ref', 'inside', 'fresh']);
    await ok(p, '-x', 'env=ref', 'upgrade', 'head');
    await ok(p, '-x', 'env=inside', 'upgrade', 'r2');
    await ok(p, '-x', 'env=ref', 'pull');
    const reference = await schemaOf(urls.ref!);
    await ok(p, 'squash', 'r6', '-m', 'all', '--rev-id', 'sq2', ...urlArgs());
    expect(await ok(p, 'heads')).toMatch(/^<base> -> sq2 \(head\) \(squash of 6\), all$/);

    await ok(p, '-x', 'env=fresh', 'upgrade', 'head');
    expect(await upgraded(urls.fresh!)).toEqual(['sq2']);
    expect(await schemaOf(urls.fresh!)).toBe(reference);
    await ok(p, '-x', 'env=fresh', 'check');
    // The history's checks pass on the squash alone: a fresh database runs only it.
    const tested = await ok(p, 'test', ...urlArgs());
    expect(tested).toMatch(/upgrade base -> head \(1 revision\(s\)\)/);

    // The database at the end of the range is at head; the one inside still needs the files.
    await ok(p, '-x', 'env=ref', 'check');
    const inside = await ok(p, '-x', 'env=inside', 'squash', '--prune');
    expect(inside).toMatch(/database: at r2, inside squash sq2/);
    expect(inside).toMatch(/sq2: keep its 6 replaced file\(s\): database still need them/);
    await ok(p, '-x', 'env=inside', 'upgrade', 'head');
    expect(await upgraded(urls.inside!)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    const atEnd = await ok(p, '-x', 'env=inside', 'squash', '--prune');
    expect(atEnd).toMatch(/at r6, inside squash sq2 \(its end: `migrate stamp --purge sq2`/);
    await ok(p, '-x', 'env=inside', 'stamp', '--purge', 'sq2');
    expect(await versionRows(urls.inside!)).toEqual(['sq2']);
    const none = await ok(p, '-x', 'env=inside', 'squash', '--prune');
    expect(none).toMatch(/sq2: no database is inside its range; these files can be deleted:/);

    const pruned = JSON.parse(await ok(p, '-x', 'env=fresh', 'squash', '--prune', '--json')) as {
      deletable: string[];
    };
    expect(pruned.deletable).toHaveLength(6);
    for (const file of pruned.deletable) rmSync(file);
    expect(existsSync(join(p.versionsDir, 'r1_r1.ts'))).toBe(false);
    expect(await ok(p, 'heads')).toMatch(/sq2 \(head\)/);
    expect(await ok(p, '-x', 'env=inside', 'squash', '--prune')).toBe('No squash has replaced files left.');
    await ok(p, '-x', 'env=inside', 'check');
    await ok(p, '-x', 'env=fresh', 'downgrade', 'base');
    expect(await versionRows(urls.fresh!)).toEqual([]);
  });

  it('refuses a range with op.execute unless told to leave it out', async () => {
    const data: Revision = {
      id: 'r3',
      parent: 'r2',
      up: [
        ...HISTORY[2]!.up,
        `op.execute("CREATE INDEX users_name_idx ON public.users (name)")`,
        `op.execute("INSERT INTO public.users (id, name) VALUES (1, 'Ada')")`,
      ],
      down: HISTORY[2]!.down,
    };
    const { p } = await project(['ref'], [HISTORY[0]!, HISTORY[1]!, data, HISTORY[3]!]);
    const refused = await p.migrate('squash', 'r4', '-m', 'all', '--rev-id', 'sq3', ...urlArgs());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error \[squash-data-steps\]: 1 revision\(s\) of the range change data/);
    expect(refused.stderr).toContain(
      "r3 (r3_r3.ts): op.execute: INSERT INTO public.users (id, name) VALUES (1, 'Ada')",
    );
    expect(existsSync(join(p.versionsDir, 'sq3_all.ts'))).toBe(false);

    const kept = await ok(p, 'squash', 'r4', '-m', 'all', '--rev-id', 'sq3', '--drop-data-steps', ...urlArgs());
    expect(kept).toContain('left out of the squash: r3 (r3_r3.ts): op.execute: INSERT INTO public.users');
    expect(existsSync(join(p.versionsDir, 'sq3_all.ts'))).toBe(true);
  });

  it('refuses a range another revision leaves through its middle', async () => {
    const branch: Revision = { ...HISTORY[5]!, id: 'r7', parent: 'r3' };
    const { p } = await project(['ref'], [...HISTORY.slice(0, 5), branch]);
    const refused = await p.migrate('squash', 'r1..r4', '-m', 'x', ...urlArgs());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error \[squash-range\]: r7 continues or depends on r3/);
  });
});

skipWhen(
  testTarget() !== 'server',
  'written for the server target: squash on a fleet, its scratch database made through --url',
).describe('migrate squash on a fleet of tenant schemas', { timeout: 300_000 }, () => {
  it('says which tenants are inside the squash; each tenant reaches head and matches the model', async () => {
    const db = await createTestDatabase();
    const p = fleetProject(db.url, `{ template: 'tenant', schemas: ['t000', 't001', 't002'] }`);
    await ok(p, 'upgrade', 'r2', '--tenants', 't000');
    await ok(p, 'upgrade', 'head', '--tenants', 't001');
    await ok(p, 'squash', 'r4', '-m', 'tenant tables', '--rev-id', 'sqf', '--url', adminUrl());

    const inside = JSON.parse(await ok(p, 'squash', '--prune', '--tenants', 'all', '--json')) as {
      databases: { name: string; rows: string[]; inside: { squash: string; row: string }[] }[];
      deletable: string[];
    };
    expect(inside.databases.map((d) => [d.name, d.rows, d.inside.map((i) => i.row)])).toEqual([
      ['t000', ['r2'], ['r2']],
      ['t001', ['r5'], []],
      ['t002', [], []],
    ]);
    expect(inside.deletable).toEqual([]);
    expect(await ok(p, 'squash', '--prune', '--tenants', 'all')).toContain(
      'sqf: keep its 4 replaced file(s): t000 still need them',
    );

    await ok(p, 'upgrade', 'head', '--tenants', 'all');
    expect(await upgraded(db.url, 't000')).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(await upgraded(db.url, 't002')).toEqual(['sqf', 'r5']);
    const drift = JSON.parse(await ok(p, 'check', '--tenants', 'all', '--json')) as {
      tenant: string;
      clean: boolean;
      atHead: boolean;
    }[];
    expect(drift.map((t) => [t.tenant, t.clean, t.atHead])).toEqual([
      ['t000', true, true],
      ['t001', true, true],
      ['t002', true, true],
    ]);
    const after = JSON.parse(await ok(p, 'squash', '--prune', '--tenants', 'all', '--json')) as { deletable: string[] };
    expect(after.deletable).toHaveLength(4);
  });
});

describe('a database at a revision a squash replaces', () => {
  it('is not a head in current, as heads says; check knows it; lint with no argument covers the replaced files', async () => {
    const db = await createTestDatabase();
    const p = tempProject(db.url);
    p.write('models.ts', "import { defineMetadata } from 'athanor';\nexport const metadata = defineMetadata();\n");
    const sql = (text: string): string => `op.execute('${text}')`;
    const volatile = 'ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT clock_timestamp()';
    p.write(
      'migrations/versions/r1.ts',
      revisionFile({ id: 'r1', parent: null, up: [sql('CREATE TABLE t (id integer)')], down: [] }),
    );
    p.write('migrations/versions/r2.ts', revisionFile({ id: 'r2', parent: 'r1', up: [sql(volatile)], down: [] }));
    p.write(
      'migrations/versions/s3.ts',
      revisionFile({ id: 's3', parent: null, up: [], down: [] }).replace(
        'export const message',
        "export const replaces = ['r1', 'r2'];\nexport const message",
      ),
    );
    await ok(p, 'stamp', 'r2');

    expect(await ok(p, 'heads')).toBe('<base> -> s3 (head) (squash of 2), s3');
    expect(await ok(p, 'current')).toBe('r2 (replaced by s3: `migrate upgrade head` goes on from here)  r2');
    const current = JSON.parse(await ok(p, 'current', '--json')) as { revisions: object[] };
    expect(current.revisions).toMatchObject([{ revision: 'r2', isHead: false, replacedBy: 's3' }]);
    expect(await ok(p, 'check')).toBe('No differences: the database matches the model.');

    const lint = (await ok(p, 'lint')).split('\n');
    expect(lint).toContain(
      'r2 migrations/versions/r2.ts: [volatile-default] the volatile default clock_timestamp() of c rewrites the table to fill it',
    );
    expect(lint.at(-1)).toBe(
      'Linted 3 revision(s), 2 of them replaced by a squash and run by databases inside its range: 2 hazard(s), 0 acknowledged; 2 operation(s) upgrade --expand cannot serve.',
    );
    const json = JSON.parse(await ok(p, 'lint', '--json')) as {
      revisions: { revision: string; replacedBy?: string }[];
    };
    expect(json.revisions.map((r) => [r.revision, r.replacedBy ?? null])).toEqual([
      ['r1', 's3'],
      ['r2', 's3'],
      ['s3', null],
    ]);
  });
});
