import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN, hasScript } from '../helpers/bin.js';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

const DOWN = '\x1b[B';
const ENTER = '\r';

/**
 * Runs `command` on a pseudo-terminal; each time the screen shows the next
 * prompt text, types the keys given for it. Resolves with everything shown.
 */
function onTerminal(
  cwd: string,
  command: string,
  answers: [RegExp, string][],
): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let next = 0;
    let seenUpTo = 0;
    const onData = (data: Buffer): void => {
      screen += data.toString();
      const answer = answers[next];
      if (answer === undefined || !answer[0].test(screen.slice(seenUpTo))) return;
      next += 1;
      seenUpTo = screen.length;
      // Give the prompt a moment to switch the terminal to raw mode before typing.
      setTimeout(() => child.stdin.write(answer[1]), 200);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen }));
  });
}

skipWhen(
  testTarget() !== 'server' || !hasScript(),
  'needs the server target (TEST_TARGETS names one) and util-linux script for a real terminal',
).describe('renames: the prompt on a real terminal', () => {
  it('asks about each candidate: Enter renames, down and Enter drops and creates', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      "CREATE TABLE users (id integer PRIMARY KEY, name text, bio text); INSERT INTO users VALUES (1, 'ada', 'first');",
    );
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      "import { defineMetadata, integer, text } from 'athanor';\nexport const metadata = defineMetadata();\n" +
        "export const users = metadata.table('users', { id: integer().primaryKey(), display_name: text(), about: text() });\n",
    );
    const command = `"${process.execPath}" "${BIN}" revision --autogenerate -m prompted`;
    const { code, screen } = await onTerminal(project.dir, command, [
      [/column public\.users\.bio is not in the model\. Was it renamed\?/, ENTER],
      [/column public\.users\.name is not in the model\. Was it renamed\?/, DOWN + ENTER],
    ]);
    expect(code, screen).toBe(0);
    expect(screen).toContain('renamed to about');
    expect(screen).toContain('dropped (and display_name created)');
    const [file] = readdirSync(project.versionsDir).filter((f) => f.endsWith('.ts'));
    const source = readFileSync(join(project.versionsDir, file!), 'utf8');
    expect(source).toContain("await op.renameColumn({ schema: 'public', table: 'users', from: 'bio', to: 'about' });");
    expect(source).toContain("await op.dropColumn({ schema: 'public', table: 'users', column: 'name' });");
    expect(source).toContain('await op.addColumn(');
  });

  it('asks about an enum value gone beside a new one: Enter renames it, and the rows read the new value', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      "CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped'); CREATE TABLE orders (id integer PRIMARY KEY, status order_status); INSERT INTO orders VALUES (1, 'shipped');",
    );
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      "import { defineMetadata, integer } from 'athanor';\nexport const metadata = defineMetadata();\n" +
        "export const status = metadata.enum('order_status', ['pending', 'paid', 'cancelled']);\n" +
        "export const orders = metadata.table('orders', { id: integer().primaryKey(), status: status.column() });\n",
    );
    const command = `"${process.execPath}" "${BIN}" revision --autogenerate -m prompted`;
    const { code, screen } = await onTerminal(project.dir, command, [
      // The question is longer than the terminal is wide: its start is matched.
      [/value 'shipped' of enum public\.order_status is not in the model/, ENTER],
    ]);
    expect(code, screen).toBe(0);
    expect(screen).toContain('renamed to cancelled');
    expect(screen).toContain('rows holding it read cancelled');
    expect(screen).toContain('removed (and cancelled added)');
    const [file] = readdirSync(project.versionsDir).filter((f) => f.endsWith('.ts'));
    const source = readFileSync(join(project.versionsDir, file!), 'utf8');
    expect(source).toContain(
      "await op.renameEnumValue({ schema: 'public', name: 'order_status', from: 'shipped', to: 'cancelled' });",
    );
    expect(source).not.toContain('replaceEnum');
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect(await queryRows(db.url, 'SELECT status::text AS status FROM orders')).toEqual([{ status: 'cancelled' }]);
  });
});
