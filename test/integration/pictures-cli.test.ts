import { describe, expect, it } from 'vitest';
import { renderRevisionFile } from '../../src/runtime/files/revision-file.js';
import { tempProject, type TempProject } from '../helpers/project.js';

/*
 * The pictures of a history, through the CLI: `history --graph` on a history
 * with a branch, a merge and a squash (made by `migrate squash`), and
 * `show REV --diagram` of a revision that adds, changes and drops tables.
 * Nothing here needs a server: the squash and the marks of the current
 * revision use the project's PGlite database.
 */

const col = (name: string, type: string, nullable = true): string =>
  `{ name: '${name}', type: '${type}', nullable: ${nullable} }`;
const id = col('id', 'integer', false);
const createTable = (name: string, columns: string[], extra = ''): string =>
  `op.createTable({ table: { schema: 'public', name: '${name}', columns: [${columns.join(', ')}], primaryKey: { name: '${name}_pkey', columns: ['id'] }${extra} } })`;

interface Rev {
  id: string;
  parents: string[];
  up: string[];
  down: string[];
  labels?: string[];
}

const HISTORY: Rev[] = [
  {
    id: 'r1',
    parents: [],
    up: [createTable('users', [id, col('name', 'text')])],
    down: [`op.dropTable({ schema: 'public', name: 'users' })`],
  },
  {
    id: 'r2',
    parents: ['r1'],
    up: [`op.addColumn({ schema: 'public', table: 'users', column: ${col('email', 'text')} })`],
    down: [`op.dropColumn({ schema: 'public', table: 'users', column: 'email' })`],
  },
  {
    id: 'r3',
    parents: ['r2'],
    up: [createTable('posts', [id, col('title', 'text')])],
    down: [`op.dropTable({ schema: 'public', name: 'posts' })`],
  },
  {
    id: 'a1',
    parents: ['r3'],
    labels: ['audit'],
    up: [createTable('audit', [id, col('what', 'text')])],
    down: [`op.dropTable({ schema: 'public', name: 'audit' })`],
  },
  {
    id: 'b1',
    parents: ['r3'],
    up: [`op.addColumn({ schema: 'public', table: 'posts', column: ${col('body', 'text')} })`],
    down: [`op.dropColumn({ schema: 'public', table: 'posts', column: 'body' })`],
  },
  { id: 'm1', parents: ['a1', 'b1'], up: [], down: [] },
  {
    // Adds comments, changes users, drops audit.
    id: 'r4',
    parents: ['m1'],
    up: [
      createTable(
        'comments',
        [id, col('post_id', 'integer', false)],
        `, foreignKeys: [{ name: 'comments_post_id_fkey', columns: ['post_id'], refSchema: 'public', refTable: 'posts', refColumns: ['id'] }]`,
      ),
      `op.addColumn({ schema: 'public', table: 'users', column: ${col('nick', 'text')} })`,
      `op.dropTable({ schema: 'public', name: 'audit' })`,
    ],
    down: [
      createTable('audit', [id, col('what', 'text')]),
      `op.dropColumn({ schema: 'public', table: 'users', column: 'nick' })`,
      `op.dropTable({ schema: 'public', name: 'comments' })`,
    ],
  },
];

function project(): TempProject {
  const p = tempProject(null);
  for (const r of HISTORY)
    p.write(
      `migrations/versions/${r.id}.ts`,
      renderRevisionFile({
        revision: r.id,
        downRevisions: r.parents,
        message: `revision ${r.id}`,
        createDate: '2026-01-01T00:00:00.000Z',
        upgradeBody: r.up.map((c) => `  await ${c};`).join('\n') || '  // nothing',
        downgradeBody: r.down.map((c) => `  await ${c};`).join('\n') || '  // nothing',
        ...(r.labels ? { branchLabels: r.labels } : {}),
      }),
    );
  return p;
}

describe('history --graph', () => {
  it('draws a branch, a merge and a squash as git log --graph does, the current revision marked', async () => {
    const p = project();
    const squash = await p.migrate('squash', 'r1..r3', '-m', 'users and posts', '--rev-id', 's1');
    expect(squash.code, squash.stderr).toBe(0);
    const up = await p.migrate('upgrade', 'b1');
    expect(up.code, up.stderr).toBe(0);

    const graph = await p.migrate('history', '--graph', '-i');
    expect(graph.code, graph.stderr).toBe(0);
    expect(graph.stdout.trimEnd().split('\n')).toEqual([
      '* r4 (head) revision r4',
      '* m1 (merge of a1, b1) revision m1',
      '|\\',
      '| @ b1 (current) revision b1',
      '* | a1 (label: audit) revision a1',
      '|/',
      '* s1 (squash of r2, r3) users and posts',
      '* r1 revision r1',
    ]);

    const mermaid = await p.migrate('history', '--graph', '-i', '--format', 'mermaid');
    expect(mermaid.stdout).toContain('flowchart TB');
    expect(mermaid.stdout).toContain('squash of r2, r3');
    expect(mermaid.stdout).toMatch(/class e\d current/);
    const svg = await p.migrate('history', '--graph', '--format', 'svg', '--out', 'history.svg');
    expect(svg.stdout.trim()).toBe(`Wrote ${p.dir}/history.svg (svg, 6 objects)`);
    expect(p.read('history.svg')).toContain('<svg');

    expect((await p.migrate('history', '--format', 'svg')).stderr).toContain('--format goes with --graph');
  });
});

describe('show REV --diagram', () => {
  it('draws the tables a revision adds, changes and drops, and each operation with its lock and hazards', async () => {
    const p = project();
    const shown = await p.migrate('show', 'r4', '--diagram', '--format', 'mermaid');
    expect(shown.code, shown.stderr).toBe(0);
    const text = shown.stdout;
    expect(text).toContain('revision r4: revision r4');
    expect(text).toMatch(
      /<b>public\.comments<\/b><br\/><i>added<\/i><br\/>id · integer · PK<br\/>post_id · integer · FK/,
    );
    expect(text).toMatch(/<b>public\.users<\/b><br\/><i>changed<\/i><br\/>nick · text · null/);
    // The dropped table's columns come from the downgrade that creates it again.
    expect(text).toMatch(/<b>public\.audit<\/b><br\/><i>dropped<\/i><br\/>id · integer · PK<br\/>what · text · null/);
    expect(text).toMatch(/class e\d added/);
    expect(text).toMatch(/class e\d changed/);
    expect(text).toMatch(/class e\d dropped/);
    // Upgrade and downgrade, each operation with its lock level and hazard codes.
    expect(text).toContain('1. create table public.comments · lock: SHARE ROW EXCLUSIVE');
    expect(text).toContain('2. add column public.users.nick · lock: ACCESS EXCLUSIVE');
    expect(text).toMatch(/3\. drop table public\.audit · lock: ACCESS EXCLUSIVE · drop-table table-dropped/);
    expect(text).toContain('<b>downgrade (3 operations)</b>');
    expect(text).toContain('1 added, 1 changed, 1 dropped');

    const html = await p.migrate('show', 'r4', '--diagram', '--format', 'html', '--out', 'r4.html');
    expect(html.code, html.stderr).toBe(0);
    expect(p.read('r4.html')).toContain('lock: ACCESS EXCLUSIVE');

    expect((await p.migrate('show', 'r4', '--format', 'svg')).stderr).toContain('--format goes with --diagram');
  });
});
