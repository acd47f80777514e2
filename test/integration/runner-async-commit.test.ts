import { describe, expect, it } from 'vitest';
import { bookkeeping, loadGraph } from '../../src/commands/shared/project.js';
import { loadConfig } from '../../src/config/load-config.js';
import { connect } from '../../src/pg/connection/driver.js';
import { planUpgrade } from '../../src/runtime/graph/plan.js';
import { runMigration } from '../../src/runtime/run/runner.js';
import { createTestDatabase, queryRows } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { recording } from '../helpers/recording-driver.js';
import { revisionSource, versionRows } from './runner-fixtures.js';

const V = 'migrations/versions';

/**
 * r1 installs a deferred constraint trigger on the history table: it fires
 * at COMMIT, after everything else the transaction ran, and records the
 * `synchronous_commit` each history row's transaction commits with.
 */
const WATCH = [
  'CREATE TABLE seen (id serial, revision text, action text, sync text)',
  `CREATE FUNCTION seen() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO seen (revision, action, sync) VALUES (NEW.revision, NEW.action, current_setting('synchronous_commit')); RETURN NULL; END$$`,
  'CREATE CONSTRAINT TRIGGER seen AFTER INSERT ON athanor_version_history DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION seen()',
];

const statements = (sqls: string[]) => sqls.map((sql) => `  await op.execute(\`${sql}\`);`).join('\n');

/** r1 (the watch) and `count - 1` more, each creating a table; `bodies` replaces some. */
function chain(url: string, count: number, bodies: Record<string, { up?: string; header?: string }> = {}): TempProject {
  const p = tempProject(url);
  p.write(
    `${V}/r1.ts`,
    revisionSource({
      id: 'r1',
      down: null,
      date: '1',
      up: statements(WATCH),
      down_: statements(['DROP TABLE seen', 'DROP FUNCTION seen() CASCADE']),
    }),
  );
  for (let i = 2; i <= count; i++) {
    const own = bodies[`r${i}`] ?? {};
    const up = own.up ?? `  await op.execute('CREATE TABLE t${i} (id int)');`;
    p.write(
      `${V}/r${i}.ts`,
      revisionSource({
        id: `r${i}`,
        down: `r${i - 1}`,
        date: String(i),
        up,
        down_: `  await op.execute('DROP TABLE t${i}');`,
        ...(own.header ? { header: own.header } : {}),
      }),
    );
  }
  return p;
}

async function seen(url: string): Promise<string[]> {
  return (
    await queryRows<{ revision: string; action: string; sync: string }>(
      url,
      'SELECT revision, action, sync FROM seen ORDER BY id',
    )
  ).map((r) => `${r.revision} ${r.action} ${r.sync}`);
}

describe('intermediate commits of a run', () => {
  it("commits every revision but the run's last without waiting for the WAL flush, upgrade and downgrade", async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 4);
    expect((await p.migrate('upgrade', 'head')).code).toBe(0);
    expect(await seen(db.url)).toEqual(['r1 upgrade off', 'r2 upgrade off', 'r3 upgrade off', 'r4 upgrade on']);
    expect((await p.migrate('downgrade', 'r2')).code).toBe(0);
    expect((await seen(db.url)).slice(4)).toEqual(['r4 downgrade off', 'r3 downgrade on']);
    expect((await p.migrate('upgrade', '+1')).code).toBe(0);
    expect((await seen(db.url)).slice(6)).toEqual(['r3 upgrade on']);
  });

  it('commits a run of one transaction as the server is set', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 3);
    expect((await p.migrate('upgrade', 'head', '--single-transaction')).code).toBe(0);
    expect(await seen(db.url)).toEqual(['r1 upgrade on', 'r2 upgrade on', 'r3 upgrade on']);
  });

  it('commits what an op.autocommit block commits (with its resume row) as the server is set', async () => {
    const db = await createTestDatabase();
    const block =
      "  await op.execute('CREATE TABLE t2 (id int)');\n  await op.autocommit(async () => {\n    await op.execute('CREATE INDEX CONCURRENTLY t2_id ON t2 (id)');\n  });";
    const p = chain(db.url, 3, { r2: { up: block, header: 'export const transactional = false;' } });
    expect((await p.migrate('upgrade', 'head')).code).toBe(0);
    expect(await seen(db.url)).toEqual(['r1 upgrade off', 'r2 partial-up:0 on', 'r2 upgrade off', 'r3 upgrade on']);
  });

  it('flushes what committed before a failed revision before it reports where the database is', async () => {
    const db = await createTestDatabase();
    const p = chain(db.url, 4, { r4: { up: "  await op.execute('CREATE TABLE t2 (id int)');" } });
    const config = await loadConfig({ cwd: p.dir });
    const graph = loadGraph(config);
    const driver = recording(await connect(db.url));
    let failure: unknown;
    try {
      await runMigration({ driver, graph, tables: bookkeeping(config) }, (current) =>
        planUpgrade(graph, current, 'head'),
      ).catch((error: unknown) => {
        failure = error;
      });
    } finally {
      await driver.close();
    }
    expect(String(failure)).toMatch(
      /upgrade of revision r4 \(r4\.ts\) failed and was rolled back: relation "t2" already exists.*; the database is at r3$/,
    );
    expect(await seen(db.url)).toEqual(['r1 upgrade off', 'r2 upgrade off', 'r3 upgrade off']);
    const after = driver.sent.slice(
      driver.sent.indexOf('CREATE TABLE t2 (id int)', driver.sent.indexOf('CREATE TABLE t3 (id int)')),
    );
    expect(after.slice(1, 3)).toEqual(['ROLLBACK', 'BEGIN;\nSELECT pg_current_xact_id();\nCOMMIT;']);
    expect(after.slice(3).some((sql) => sql.startsWith('SELECT version_num FROM'))).toBe(true);
    expect(await versionRows(db.url)).toEqual(['r3']);
  });

  it('leaves the setting out of --sql scripts', async () => {
    const p = chain('postgres://nobody@127.0.0.1:1/none', 3);
    const result = await p.migrate('upgrade', 'head', '--sql');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('COMMIT;');
    expect(result.stdout).not.toContain('SET LOCAL synchronous_commit');
  });
});
