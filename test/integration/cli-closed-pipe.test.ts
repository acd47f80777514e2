import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { createTestDatabase } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

describe('migrate with its stdout closed early', () => {
  it('prints the help into a closed pipe without an error and exits 0', async () => {
    const project = tempProject(null);
    const open = await runBin(project.dir, ['--help']);
    expect(open).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(open.stdout).toContain('Usage: migrate');
    expect(await runBin(project.dir, ['--help'], { closeStdout: true })).toEqual({
      code: 0,
      signal: null,
      stdout: '',
      stderr: '',
    });
  });

  it('`check` with differences says nothing on stderr and still exits 1', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      "import { defineMetadata, integer } from 'athanor';\nexport const metadata = defineMetadata();\nexport const t = metadata.table('t', { id: integer() });\n",
    );
    const open = await runBin(project.dir, ['check']);
    expect(open).toMatchObject({ code: 1, signal: null, stderr: '' });
    expect(open.stdout).toContain('public.t');
    expect(await runBin(project.dir, ['check'], { closeStdout: true })).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: '',
    });
  });
});
