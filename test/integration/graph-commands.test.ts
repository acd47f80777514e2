import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { revisionSource, versionRows } from './runner-fixtures.js';

const simple = (id: string, down: string | string[] | null, date: string, header = '') =>
  revisionSource({ id, down, date, header, up: `  await op.execute("SELECT 1 AS ${id}");` });

describe('graph errors', () => {
  it('are one line naming the files: duplicate id, missing parent, cycle, missing function', async () => {
    const project = tempProject('postgres://nobody@127.0.0.1:1/never');
    const v = 'migrations/versions';
    project.write(`${v}/a_1.ts`, simple('aaaa', null, '1'));
    project.write(`${v}/a_2.ts`, simple('aaaa', null, '2'));
    let result = await project.migrate('heads');
    expect([result.code, result.stderr]).toEqual([
      2,
      'error [duplicate-revision]: revision id aaaa appears in both a_1.ts and a_2.ts; give one of them a new id',
    ]);

    project.write(`${v}/a_2.ts`, simple('bbbb', 'zzzz', '2'));
    result = await project.migrate('history');
    expect([result.code, result.stderr]).toEqual([
      2,
      'error [missing-revision]: revision bbbb (a_2.ts) revises zzzz, which no file in the versions folder defines',
    ]);

    project.write(`${v}/a_1.ts`, simple('aaaa', 'bbbb', '1'));
    project.write(`${v}/a_2.ts`, simple('bbbb', 'aaaa', '2'));
    result = await project.migrate('heads');
    expect([result.code, result.stderr]).toEqual([
      2,
      'error [revision-cycle]: the revisions form a cycle: aaaa -> bbbb -> aaaa; fix the downRevision or dependsOn of one of a_1.ts, a_2.ts',
    ]);

    project.write(`${v}/a_1.ts`, simple('aaaa', null, '1'));
    project.write(
      `${v}/a_2.ts`,
      simple('bbbb', 'aaaa', '2').replace('export async function downgrade', 'async function downgrade'),
    );
    result = await project.migrate('heads');
    expect([result.code, result.stderr]).toEqual([
      2,
      'error [bad-revision-file]: revision file a_2.ts is invalid: it does not export a downgrade function',
    ]);

    project.write(`${v}/a_2.ts`, simple('bbbb', 'aaaa', '2', "export const dependsOn = ['nowhere'];"));
    result = await project.migrate('heads');
    expect(result.stderr).toBe(
      'error [missing-revision]: revision bbbb (a_2.ts) depends on nowhere, which no file or branch label in the versions folder defines',
    );
  });

  it('reads a file that does not compile only when it runs, then fails in one line with nothing applied', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write('migrations/versions/aaaa_ok.ts', simple('aaaa', null, '1'));
    project.write(
      'migrations/versions/bbbb_broken.ts',
      simple('bbbb', 'aaaa', '2').replace('SELECT 1 AS bbbb");', 'SELECT 1" +;'),
    );
    const heads = await project.migrate('heads');
    expect(heads.code).toBe(0);
    expect(heads.stdout).toContain('aaaa -> bbbb (head), step bbbb');
    await project.migrate('upgrade', 'aaaa');
    const up = await project.migrate('upgrade', 'head');
    expect(up.code).toBe(2);
    expect(up.stderr.split('\n')).toHaveLength(1);
    expect(up.stderr).toMatch(
      /^error \[revision-load\]: revision file bbbb_broken\.ts does not compile or fails to load: .*bbbb_broken\.ts.*; fix it and run the command again$/,
    );
    expect(await versionRows(db.url)).toEqual(['aaaa']);
  });
});

describe('a migrations folder that does not exist', () => {
  it('is one line with exit 2 for every command but init, and nothing is written or read', async () => {
    // The url points nowhere: the folder is checked before anything connects.
    const project = tempProject('postgres://nobody@127.0.0.1:1/never', "migrations: './migrtions',");
    project.write(
      'models.ts',
      "import { defineMetadata } from 'athanor';\nexport const metadata = defineMetadata();\n",
    );
    const folder = join(project.dir, 'migrtions');
    const expected = `error [no-migrations-folder]: the migrations folder ${folder} does not exist; set \`migrations\` in ${join(project.dir, 'migrate.config.ts')} to the folder that holds the revisions, or create it with \`mkdir -p ${join(folder, 'versions')}\``;
    const commands = [
      ['history'],
      ['heads'],
      ['branches'],
      ['show', 'head'],
      ['current'],
      ['revision', '-m', 'first'],
      ['revision', '--autogenerate', '-m', 'first'],
      ['merge', 'heads', '-m', 'join'],
      ['squash', 'head', '-m', 'squash'],
      ['squash', '--prune'],
      ['upgrade', 'head'],
      ['upgrade', '--sql', 'base:head'],
      ['downgrade', 'base'],
      ['stamp', 'head'],
      ['check'],
      ['verify'],
      ['lint'],
      ['test'],
      ['pull'],
    ];
    for (const argv of commands) {
      const result = await project.migrate(...argv);
      expect([argv.join(' '), result.code, result.stderr, result.stdout]).toEqual([argv.join(' '), 2, expected, '']);
    }
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(join(project.dir, '.athanor'))).toBe(false);
  });
});

describe('writing revisions into the graph', () => {
  it('places revisions with --head, --splice, --branch-label and --depends-on, and merges heads', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    const ok = async (...argv: string[]) => {
      const result = await project.migrate(...argv);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return result.stdout;
    };
    await ok('revision', '-m', 'first', '--rev-id', 'aaaa00000001');
    await ok('revision', '-m', 'second', '--rev-id', 'bbbb00000002');
    await ok('revision', '-m', 'audit', '--rev-id', 'cccc00000003', '--head', 'base', '--branch-label', 'audit');
    const notHead = await project.migrate('revision', '-m', 'x', '--head', 'aaaa');
    expect(notHead.stderr).toBe(
      'error [not-a-head]: aaaa00000001 is not a head; pass --splice to start a new branch from it, or build on a head (bbbb00000002, cccc00000003)',
    );
    const several = await project.migrate('revision', '-m', 'x');
    expect(several.stderr).toBe(
      'error [several-heads]: there are 2 heads (bbbb00000002, cccc00000003); merge them first with `migrate merge heads -m MSG`, or choose one with --head',
    );
    await ok('revision', '-m', 'side', '--rev-id', 'dddd00000004', '--head', 'aaaa', '--splice');
    await ok(
      'revision',
      '-m',
      'uses audit',
      '--rev-id',
      'eeee00000005',
      '--head',
      'bbbb00000002',
      '--depends-on',
      'audit',
      '--depends-on',
      'dddd',
    );
    const taken = await project.migrate('revision', '-m', 'x', '--head', 'audit@head', '--branch-label', 'audit');
    expect(taken.stderr).toBe(
      'error [duplicate-label]: branch label "audit" is already declared by revision cccc00000003',
    );

    const file = (id: string) =>
      readFileSync(
        join(
          project.versionsDir,
          readdirSync(project.versionsDir).find((f) => f.startsWith(id))!,
        ),
        'utf8',
      );
    expect(file('cccc')).toContain(
      "export const downRevision: string | null = null;\nexport const branchLabels = ['audit'];",
    );
    expect(file('dddd')).toContain("export const downRevision: string | null = 'aaaa00000001';");
    expect(file('eeee')).toContain(
      "export const downRevision: string | null = 'bbbb00000002';\nexport const dependsOn = ['audit', 'dddd00000004'];",
    );

    expect(JSON.parse(await ok('heads', '--json')).map((h: { revision: string }) => h.revision)).toEqual([
      'cccc00000003',
      'dddd00000004',
      'eeee00000005',
    ]);
    expect(await ok('heads', '--resolve-dependencies')).toBe('bbbb00000002 -> eeee00000005 (head), uses audit');
    const merged = await ok('merge', 'heads', '-m', 'join all', '--rev-id', 'ffff00000006');
    expect(merged).toMatch(/merges cccc00000003, dddd00000004, eeee00000005 into ffff00000006/);
    expect(file('ffff')).toContain(
      "export const downRevision: string[] = [\n  'cccc00000003',\n  'dddd00000004',\n  'eeee00000005',\n];",
    );
    expect((await project.migrate('merge', 'heads', '-m', 'again')).stderr).toBe(
      'error [bad-merge]: there is nothing to merge: heads names only ffff00000006; a merge needs two or more heads',
    );
    expect((await project.migrate('merge', 'aaaa', 'bbbb', '-m', 'x')).stderr).toBe(
      'error [bad-merge]: aaaa00000001 is an ancestor of bbbb00000002; merging them joins nothing, merge bbbb00000002 with another branch',
    );

    await ok('upgrade', 'head');
    expect(await versionRows(db.url)).toEqual(['ffff00000006']);
    const applied = await queryRows<{ revision: string }>(
      db.url,
      "SELECT revision FROM athanor_version_history WHERE action = 'upgrade' ORDER BY id",
    );
    expect(applied.map((r) => r.revision)).toEqual([
      'aaaa00000001',
      'bbbb00000002',
      'cccc00000003',
      'dddd00000004',
      'eeee00000005',
      'ffff00000006',
    ]);
  });

  it('runs post-write hooks on each written file: shell commands, argv lists and functions', async () => {
    const project = tempProject(null);
    project.write(
      'migrate.config.ts',
      [
        "import { appendFileSync } from 'node:fs';",
        'export default {',
        "  url: 'postgres://nobody@127.0.0.1:1/never',",
        '  hooks: { postWrite: [',
        `    "sed -i 's/nothing to do/formatted by sed/' {file}",`,
        "    ['sed', '-i', 's/formatted by sed/formatted twice/'],",
        "    (file: string) => appendFileSync(file, '// checked\\n'),",
        '  ] },',
        '};',
      ].join('\n'),
    );
    const result = await project.migrate('revision', '-m', 'hooked', '--rev-id', 'abcd00000001');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain("ran sed -i 's/nothing to do/formatted by sed/' {file}");
    const source = project.read('migrations/versions/abcd00000001_hooked.ts');
    expect(source).toContain('// formatted twice');
    expect(source.endsWith('// checked\n')).toBe(true);

    project.write(
      'migrate.config.ts',
      "export default { url: 'postgres://u:secret@127.0.0.1:1/never', hooks: { postWrite: ['test -f {file} && echo boom >&2 && exit 3'] } };",
    );
    const failed = await project.migrate('merge', 'heads', '-m', 'x');
    expect(failed.stderr).toBe(
      'error [bad-merge]: there is nothing to merge: heads names only abcd00000001; a merge needs two or more heads',
    );
    const broken = await project.migrate('revision', '-m', 'second', '--rev-id', 'abcd00000002');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /^error \[hook-failed\]: post-write hook `test -f \{file\} && echo boom >&2 && exit 3` failed on .*abcd00000002_second\.ts: exit code 3 \(boom\); the revision file was written, fix the hook or run it yourself$/,
    );
  });
});
