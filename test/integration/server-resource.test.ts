import { describe, expect, it, onTestFinished } from 'vitest';
import { testTarget } from '../helpers/database.js';
import { startEmbeddedServer } from '../helpers/embedded-server.js';
import { tempProject } from '../helpers/project.js';

/** A model of `count` tables, each with a key, a foreign key to the first and an index: several locks each. */
function manyTables(count: number): string {
  const tables = Array.from({ length: count }, (_, i) =>
    i === 0
      ? `export const t0 = metadata.table('t0', { id: serial().primaryKey() });`
      : `export const t${i} = metadata.table('t${i}', { id: serial().primaryKey(), ref: integer().references(() => t0.columns.id) }, { indexes: [index(['ref'])] });`,
  );
  return `import { defineMetadata, serial, integer, index } from 'athanor';\nexport const metadata = defineMetadata();\n${tables.join('\n')}\n`;
}

/**
 * A server whose lock table is small (max_locks_per_transaction = 10): the
 * model, created in scratch schemas in one transaction, needs more locks than
 * it holds. The failure is the server's, and must be reported as such.
 */
describe.skipIf(testTarget() !== 'server')('a server out of a resource during canonicalization', () => {
  it('is reported as a server resource error naming the setting, not as a fault in the model', async () => {
    const server = await startEmbeddedServer('18', { max_locks_per_transaction: '10', max_connections: '5' });
    onTestFinished(() => server.stop());
    const project = tempProject(server.url);
    project.write('models.ts', manyTables(400));
    const checked = await project.migrate('check');
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(/^error: the server ran short of a resource while the model was created in scratch schemas \(.+\): out of shared memory\. .*max_locks_per_transaction.*; this is not a fault in the model file$/m);
    expect(checked.stderr).not.toContain('fix the model file');
  });
});
