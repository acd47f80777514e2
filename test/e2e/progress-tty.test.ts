import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { BIN, hasScript, runBin } from '../helpers/bin.js';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

const MODEL =
  "import { defineMetadata, integer } from 'athanor';\nexport const metadata = defineMetadata();\nexport const t = metadata.table('t', { id: integer().primaryKey() });\n";

skipWhen(
  testTarget() !== 'server' || !hasScript(),
  'needs the server target (TEST_TARGETS names one) and util-linux script for a real terminal',
).describe('the progress line of check, autogenerate and pull', () => {
  it('names each phase on a real terminal and is cleared before the result; a pipe gets none', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'CREATE TABLE t (id integer PRIMARY KEY)');
    const project = tempProject(db.url);
    project.write('models.ts', MODEL);
    const onTerminal = (argv: string): string => {
      const run = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" ${argv}`, '/dev/null'], {
        cwd: project.dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(run.status, run.stdout).toBe(0);
      return run.stdout;
    };
    const checked = onTerminal('check');
    for (const phase of [
      'reading the model file',
      'creating the model in scratch schemas',
      'reading the database',
      'comparing',
    ]) {
      expect(checked).toContain(`\r\x1b[2K${phase}`);
    }
    // Cleared, then the result on a line of its own.
    expect(checked).toMatch(/comparing\.\.\.\r\x1b\[2KNo differences/);
    expect(onTerminal('pull --out pulled.ts')).toMatch(
      /\r\x1b\[2Kreading the database\.\.\.[\s\S]*\r\x1b\[2Kwriting pulled\.ts\.\.\.\r\x1b\[2K/,
    );

    const piped = await runBin(project.dir, ['check']);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toContain('\x1b[2K');
  });
});
