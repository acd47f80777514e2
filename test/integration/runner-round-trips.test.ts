import { afterEach, describe, expect, it, vi } from 'vitest';
import { bookkeeping, loadGraph } from '../../src/commands/shared/project.js';
import { loadConfig } from '../../src/config/load-config.js';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import { planUpgrade } from '../../src/runtime/graph/plan.js';
import { runMigration } from '../../src/runtime/run/runner.js';
import { createTestDatabase, queryRows } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { historyRows, revisionSource, versionRows } from './runner-fixtures.js';

const V = 'migrations/versions';

/** `count` revisions in a chain, each running one statement. */
function chain(count: number, url: string): TempProject {
  const p = tempProject(url);
  for (let i = 1; i <= count; i++) {
    p.write(
      `${V}/r${i}.ts`,
      revisionSource({
        id: `r${i}`,
        down: i === 1 ? null : `r${i - 1}`,
        date: String(i),
        up: `  await op.execute('CREATE TABLE t${i} (id int)');`,
      }),
    );
  }
  return p;
}

/** A round trip: a query, a script run through exec, or a pipeline of statements. */
type RoundTrip = string | string[];

/** A connection that records each round trip. */
async function countingDriver(url: string): Promise<{ driver: Driver; sent: RoundTrip[] }> {
  const inner = await connect(url);
  const sent: RoundTrip[] = [];
  const driver: Driver = {
    kind: inner.kind,
    display: inner.display,
    query: (sql, params) => {
      sent.push(sql);
      return inner.query(sql, params);
    },
    exec: (sql) => {
      sent.push(sql);
      return inner.exec(sql);
    },
    pipeline: (statements, onDone) => {
      sent.push(statements.map((statement) => statement.sql));
      return inner.pipeline(statements, onDone);
    },
    close: () => inner.close(),
  };
  return { driver, sent };
}

describe('round trips of a run', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    [true, 'one transaction per revision'],
    [false, 'one transaction for the run'],
  ])('sends the revisions of a run in one round trip (%s: %s)', async (perRevision) => {
    const db = await createTestDatabase();
    const p = chain(3, db.url);
    const config = await loadConfig({ cwd: p.dir });
    const graph = loadGraph(config);
    const { driver, sent } = await countingDriver(db.url);
    // The queue also sends what waited longer than a few milliseconds; a busy machine must not split the pipeline.
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const run = { driver, graph, tables: bookkeeping(config), transactionPerRevision: perRevision };
      await runMigration(run, (current) => planUpgrade(graph, current, 'head'));
    } finally {
      await driver.close();
    }
    const first = sent.findIndex(Array.isArray);
    const steps = sent.slice(
      first,
      sent.findIndex((sql) => typeof sql === 'string' && sql.includes('pg_advisory_unlock')),
    );
    // The pipeline, and for one transaction for the run its COMMIT.
    expect(steps).toHaveLength(perRevision ? 1 : 2);
    if (!perRevision) expect(steps[1]).toBe('COMMIT');
    const statements = steps[0] as string[];
    expect(statements.slice(0, 2)).toEqual(['BEGIN', "SET lock_timeout = '5s'"]);
    const perStep = perRevision ? [7, 7, 5] : [4, 4, 4];
    let at = 2;
    for (let i = 1; i <= 3; i++) {
      const step = statements.slice(at, at + perStep[i - 1]!);
      at += perStep[i - 1]!;
      expect(step[0]).toMatch(/^SELECT set_config\('athanor\.step_started', clock_timestamp\(\)::text, true\)$/);
      expect(step[1]).toBe(`CREATE TABLE t${i} (id int)`);
      expect(step[2]).toBe(
        i === 1
          ? 'INSERT INTO "public"."athanor_version" (version_num) VALUES ($1)'
          : 'UPDATE "public"."athanor_version" SET version_num = $1 WHERE version_num = $2',
      );
      expect(step[3]).toContain(
        'INSERT INTO "public"."athanor_version_history" (revision, action, checksum, applied_at, duration_ms)',
      );
      if (perRevision) {
        expect(step.slice(4)).toEqual(i < 3 ? ['SET LOCAL synchronous_commit = off', 'COMMIT', 'BEGIN'] : ['COMMIT']);
      }
    }
    expect(at).toBe(statements.length);
    expect(await versionRows(db.url)).toEqual(['r3']);
    const history = await historyRows(db.url);
    expect(history.map((r) => `${r.revision} ${r.action}`)).toEqual(['r1 upgrade', 'r2 upgrade', 'r3 upgrade']);
    // The time and duration come from the server's clock when each revision started there.
    for (const row of history) expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    const times = history.map((r) => new Date(r.applied_at).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it.each([[[]], [['--single-transaction']]])(
    'rolls back a revision whose bookkeeping failed and names its statements (%j)',
    async (flags) => {
      const db = await createTestDatabase();
      const p = chain(3, db.url);
      // r1 makes the history table refuse r3's row: r3's bookkeeping fails, in the round trip that also commits.
      const refuse = [
        `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN IF NEW.revision = 'r3' THEN RAISE EXCEPTION 'no r3 here'; END IF; RETURN NEW; END$$`,
        'CREATE TRIGGER refuse BEFORE INSERT ON athanor_version_history FOR EACH ROW EXECUTE FUNCTION refuse()',
      ];
      const up = [
        "  await op.execute('CREATE TABLE t1 (id int)');",
        ...refuse.map((sql) => `  await op.execute(\`${sql}\`);`),
      ].join('\n');
      p.write(`${V}/r1.ts`, revisionSource({ id: 'r1', down: null, date: '1', up }));
      const result = await p.migrate('upgrade', 'head', ...flags);
      expect(result.code).toBe(2);
      const rolledBack =
        flags.length === 0 ? 'failed and was rolled back' : "failed and the run's transaction was rolled back";
      const where = flags.length === 0 ? 'r2' : 'base';
      expect(result.stderr).toMatch(
        new RegExp(
          `^error \\[revision-failed\\]: upgrade of revision r3 \\(r3\\.ts\\) ${rolledBack}: no r3 here in statement: UPDATE "public"\\."athanor_version" SET version_num = 'r3' WHERE version_num = 'r2'; INSERT INTO "public"\\."athanor_version_history" .*; the database is at ${where}$`,
        ),
      );
      expect(await versionRows(db.url)).toEqual(flags.length === 0 ? ['r2'] : []);
      const tables = await queryRows<{ tablename: string }>(
        db.url,
        "SELECT tablename FROM pg_tables WHERE tablename LIKE 't_' ORDER BY 1",
      );
      expect(tables.map((r) => r.tablename)).toEqual(flags.length === 0 ? ['t1', 't2'] : []);
    },
  );
});
