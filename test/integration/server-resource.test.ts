import { expect, it, onTestFinished } from 'vitest';
import { testTarget } from '../helpers/database.js';
import { startEmbeddedServer } from '../helpers/embedded-server.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * One table with `count` indexes: canonicalization creates what it can in
 * batches under max_locks_per_transaction, but a table and its indexes are
 * created together, so this one needs a lock per index at once.
 */
function manyIndexes(count: number): string {
  const indexes = Array.from({ length: count }, (_, i) => `index(['a'], { name: 'wide_a_${i}_idx' })`);
  return `import { defineMetadata, integer, index } from 'athanor';\nexport const metadata = defineMetadata();\nexport const wide = metadata.table('wide', { a: integer() }, { indexes: [${indexes.join(', ')}] });\n`;
}

/**
 * A server whose lock table is small (max_locks_per_transaction = 10, a few
 * hundred locks in all): the one table, created in scratch schemas with its
 * indexes, needs more locks than the whole table holds. The failure is the
 * server's, and must be reported as such.
 */
skipWhen(
  testTarget() !== 'server',
  'starts a server of its own with a small lock table; run by the server project only',
).describe('a server out of a resource during canonicalization', () => {
  it('is reported as a server resource error naming the setting, not as a fault in the model', async () => {
    const server = await startEmbeddedServer('18', { max_locks_per_transaction: '10', max_connections: '5' });
    onTestFinished(() => server.stop());
    const project = tempProject(server.url);
    project.write('models.ts', manyIndexes(1500));
    const checked = await project.migrate('check');
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(
      /^error \[server-resource\]: the server ran short of a resource while the model was created in scratch schemas \(.+\): out of shared memory\. .*max_locks_per_transaction.*; this is not a fault in the model file$/m,
    );
    expect(checked.stderr).not.toContain('fix the model file');
  });
});
