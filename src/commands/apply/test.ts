import { basename } from 'node:path';
import { diffModels } from '../../autogen/compare.js';
import { bookkeepingTables, type ResolvedConfig } from '../../config/load-config.js';
import { describeOperation } from '../../ops/describe.js';
import { parseDatabaseUrl, type Driver } from '../../pg/connection/driver.js';
import { insertFixtureRows, readQueryRows, readTableRows } from '../../pg/rows/fixture-rows.js';
import { CatalogRows, type CatalogMark } from '../../pg/catalog/catalog-rows.js';
import { reflectSchema } from '../../pg/reflect.js';
import { openScratchDatabase, scratchServerUrl, type ScratchDatabase } from '../../pg/scratch/scratch-database.js';
import { ensureBookkeeping, readVersions } from '../../pg/run/version-table.js';
import {
  compareFixtureRows,
  fixtureReads,
  fixtureTable,
  readFixtures,
  type FixtureExpectation,
  type RevisionFixtures,
} from '../../runtime/files/fixtures.js';
import type { RevisionHeader } from '../../runtime/files/revision-file.js';
import { planDowngrade, planUpgrade, type Step } from '../../runtime/graph/plan.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { loadRevisions, type RevisionModules } from '../../runtime/run/load-revisions.js';
import { runKnownSteps, runMigration, type RunEvent } from '../../runtime/run/runner.js';
import type { SchemaModel } from '../../schema/model.js';
import { AthanorError } from '../../util/errors.js';
import { maskedMessage } from '../../util/mask.js';
import { checkDatabase } from '../compare/check.js';
import { bookkeeping, loadGraph, loadProject, runSettings, type CommandOptions } from '../shared/project.js';

/** The checks of `migrate test`, in the order the command runs them. */
const TEST_CHECKS = ['heads', 'upgrade', 'model', 'downgrade', 'stairway'] as const;
export type TestCheckName = (typeof TEST_CHECKS)[number];

/** What failed: in a revision (its id and file) or in the check as a whole. */
export interface TestFailure {
  revision: string | null;
  /** The revision's file name. */
  file: string | null;
  /** One sentence: the step, the statement where it failed, or what differs. */
  message: string;
}

export interface TestCheckResult {
  check: TestCheckName;
  /** The check's line, e.g. `upgrade base -> head (12 revisions)`. */
  title: string;
  ok: boolean;
  failures: TestFailure[];
  milliseconds: number;
}

export interface TestResult {
  ok: boolean;
  /** Where the scratch databases were made, with credentials masked. */
  database: string;
  /** The revision the test started from (`--from`), or null for base. */
  from: string | null;
  checks: TestCheckResult[];
}

export interface TestOptions {
  /** A server url on which scratch databases are created (and dropped); PGlite in memory when absent. */
  url?: string;
  /** Test only the revisions after this one (an id, a prefix or a branch label). */
  from?: string;
}

type Position = 'from' | 'head' | 'unknown';

/**
 * The checks of `migrate test` on a scratch database: each brings the
 * database to where it starts (a new scratch database when it cannot get
 * there by going on), so they run in any order, and in the command's order
 * the history runs once per check that needs it.
 */
export class MigrationTester {
  private scratch: ScratchDatabase | null = null;
  private position: Position = 'unknown';
  /** The schema at the start (base, or `--from`), as reflected. */
  private baseline: SchemaModel | null = null;
  private readonly modules: RevisionModules = new Map();
  /** The heads of the scratch database as `step` leaves them. */
  private versions: string[] = [];
  private readonly fromId: string | null;
  /** The revisions tested, parents first. */
  readonly revisions: RevisionHeader[];

  private constructor(
    private readonly config: ResolvedConfig,
    private readonly graph: RevisionGraph,
    private readonly server: string | null,
    from: string | undefined,
  ) {
    if (graph.size === 0)
      throw new AthanorError(
        'no-revisions',
        'there are no revisions to test; write one with `migrate revision --autogenerate -m MSG`',
      );
    this.fromId = from === undefined ? null : graph.resolveId(from);
    const done = this.fromId === null ? new Set<string>() : graph.ancestors([this.fromId]);
    this.revisions = graph.ordered.filter((r) => !done.has(r.revision));
    if (this.revisions.length === 0)
      throw new AthanorError(
        'nothing-to-test',
        `no revision comes after ${this.fromId}: leave out --from, or give an older revision`,
      );
  }

  /** Loads the config and the revision graph, and checks the options; connects to nothing yet. */
  static async open(options: CommandOptions, test: TestOptions = {}): Promise<MigrationTester> {
    const server = test.url === undefined ? null : scratchServerUrl(test.url);
    const config = await loadProject(options);
    return new MigrationTester(config, loadGraph(config), server, test.from);
  }

  get from(): string | null {
    return this.fromId;
  }

  /** Where the scratch databases are made, with credentials masked. */
  get display(): string {
    if (this.server === null) return 'pglite:memory:';
    const parsed = parseDatabaseUrl(this.server);
    return `a scratch database on the server of ${parsed.kind === 'server' ? parsed.display : 'pglite:memory:'}`;
  }

  private get start(): string {
    return this.fromId ?? 'base';
  }

  /** One head: several mean a merge is missing. */
  heads(): TestCheckResult {
    return timed('heads', () => {
      const heads = this.graph.heads().sort();
      if (heads.length === 1) return { title: `one head (${heads[0]})`, failures: [] };
      return {
        title: `one head: found ${heads.length}`,
        failures: heads.map((id) => ({
          ...this.at(id),
          message: 'is a head; merge the heads with `migrate merge heads -m MSG`',
        })),
      };
    });
  }

  /** Upgrades from base (or `--from`) to the heads in one run. */
  upgrade(): Promise<TestCheckResult> {
    return timedAsync('upgrade', async () => {
      const title = `upgrade ${this.start} -> head (${this.revisions.length} revision(s))`;
      const failed = await this.startAt('from');
      if (failed) return { title, failures: [failed] };
      const failure = await this.run((current) => planUpgrade(this.graph, current, 'heads'));
      this.position = failure ? 'unknown' : 'head';
      return { title, failures: failure ? [failure] : [] };
    });
  }

  /** At head, the model file matches the database: autogenerate would write nothing (`migrate check`). */
  model(): Promise<TestCheckResult> {
    return timedAsync('model', async () => {
      const title = 'the model matches head';
      const failed = await this.startAt('head');
      if (failed) return { title, failures: [failed] };
      try {
        const result = await checkDatabase(this.config, this.driver, this.graph);
        return {
          title: result.clean ? title : `${title}: ${result.differences.length} difference(s)`,
          failures: result.differences.map((d) => ({
            revision: null,
            file: null,
            message: `autogenerate would write: ${d}`,
          })),
        };
      } catch (error) {
        return { title, failures: [{ revision: null, file: null, message: failureText(error) }] };
      }
    });
  }

  /** From head, downgrading to base (or `--from`) leaves the schema as it was there: no object behind. */
  downgrade(): Promise<TestCheckResult> {
    return timedAsync('downgrade', async () => {
      const title = `downgrade head -> ${this.start} leaves nothing behind`;
      const failed = await this.startAt('head');
      if (failed) return { title, failures: [failed] };
      const failure = await this.run((current) => planDowngrade(this.graph, current, this.start));
      if (failure) {
        this.position = 'unknown';
        return { title, failures: [failure] };
      }
      this.position = 'from';
      const left = compareSchemas(await this.reflect(), this.baseline!);
      if (left.length > 0) this.position = 'unknown';
      return {
        title,
        failures: left.map((d) => ({ revision: null, file: null, message: `left behind (to undo: ${d})` })),
      };
    });
  }

  /**
   * Each revision, parents first, upgraded, downgraded and upgraded again: the
   * schema after its downgrade is the one before its upgrade, and its fixtures hold.
   *
   * The schema is not read at each stair: a downgrade that leaves every
   * catalog row as it was (counted, see `CatalogRows`) returns to the same
   * schema. The revisions whose downgrade leaves changed rows (a column
   * dropped and added back is a new row) are compared afterwards, on a
   * second scratch database brought up to each of them, the schema read
   * before its upgrade and after its downgrade.
   */
  stairway(): Promise<TestCheckResult> {
    return timedAsync('stairway', async () => {
      const title = `stairway: each of ${this.revisions.length} revision(s) upgraded, downgraded, upgraded`;
      const failed = await this.startAt('from');
      if (failed) return { title, failures: [failed] };
      this.position = 'unknown';
      const failures: TestFailure[] = [];
      const changed = new Set<string>();
      await this.readVersions();
      const catalog = await CatalogRows.of(this.driver);
      let mark = await catalog.mark();
      let complete = true;
      for (const revision of this.revisions) {
        const next = await this.stair(revision, catalog, mark, failures, changed);
        if (next === null) {
          complete = false;
          break;
        }
        mark = next;
      }
      if (changed.size > 0) await this.compareStairs(changed, failures, complete);
      else if (complete) this.position = 'head';
      // Parents first, as the stairway went (the sort is stable).
      const order = new Map(this.revisions.map((r, i) => [r.revision, i]));
      const rank = (f: TestFailure): number => (f.revision === null ? -1 : (order.get(f.revision) ?? -1));
      return { title, failures: failures.sort((a, b) => rank(a) - rank(b)) };
    });
  }

  /**
   * One revision of the stairway; the mark of the catalog after it, or null
   * when the stairway cannot go on. A downgrade that leaves the catalog rows
   * changed puts the revision in `changed`, to be compared.
   */
  private async stair(
    revision: RevisionHeader,
    catalog: CatalogRows,
    before: CatalogMark,
    failures: TestFailure[],
    changed: Set<string>,
  ): Promise<CatalogMark | null> {
    const at = this.at(revision.revision);
    const fail = (message: string): void => void failures.push({ ...at, message });
    const fixtures = await this.insertFixtures(revision, fail);
    if (fixtures === undefined) return null;
    const up = await this.step('up', revision);
    if (up) return (failures.push(up), null);
    if (fixtures?.after) for (const m of await this.expect(fixtures.after)) fail(`after upgrade: ${m}`);
    const down = await this.step('down', revision);
    if (down) return (failures.push(down), null);
    if (!(await catalog.unchangedSince(before))) changed.add(revision.revision);
    const afterDown = fixtures?.afterDowngrade ?? fixtures?.before;
    if (afterDown) for (const m of await this.expect(afterDown)) fail(`after downgrade: ${m}`);
    const again = await this.step('up', revision);
    if (again)
      return (failures.push({ ...again, message: `upgrade again after its downgrade: ${again.message}` }), null);
    return catalog.mark();
  }

  /**
   * The schemas of the `changed` revisions compared, on a new scratch
   * database: each revision upgraded in turn (with the rows of its
   * `fixtures.before`), and those of `changed` read before their upgrade,
   * downgraded, read again and upgraded again. Up to head after when `complete`.
   */
  private async compareStairs(changed: Set<string>, failures: TestFailure[], complete: boolean): Promise<void> {
    const revisions = this.revisions;
    const failed = await this.startAt('from');
    if (failed) return void failures.push(failed);
    this.position = 'unknown';
    await this.readVersions();
    const last = Math.max(...revisions.map((r, i) => (changed.has(r.revision) ? i : -1)));
    // A run that fails here failed in the stairway too, and is reported there.
    const failedRun = (failure: TestFailure | null): boolean => {
      if (failure && !failures.some((f) => f.revision === failure.revision)) failures.push(failure);
      return failure !== null;
    };
    for (const revision of revisions.slice(0, last + 1)) {
      const fixtures = await this.insertFixtures(revision, () => undefined);
      if (fixtures === undefined) return;
      const before = changed.has(revision.revision) ? await this.reflect() : null;
      if (failedRun(await this.step('up', revision))) return;
      if (before === null) continue;
      if (failedRun(await this.step('down', revision))) return;
      for (const d of compareSchemas(await this.reflect(), before))
        failures.push({
          ...this.at(revision.revision),
          message: `downgrade does not return to the schema before the upgrade (to undo: ${d})`,
        });
      if (failedRun(await this.step('up', revision))) return;
    }
    if (!complete) return;
    if (!failedRun(await this.run((current) => planUpgrade(this.graph, current, 'heads')))) this.position = 'head';
  }

  /** Inserts the rows of a revision's `fixtures.before`; its fixtures, or undefined when they cannot be read. */
  private async insertFixtures(
    revision: RevisionHeader,
    fail: (message: string) => void,
  ): Promise<RevisionFixtures | null | undefined> {
    let fixtures: RevisionFixtures | null;
    try {
      fixtures = readFixtures(await fixturesExport(revision, this.modules), revision.path);
    } catch (error) {
      fail(failureText(error));
      return undefined;
    }
    for (const [key, rows] of Object.entries(fixtures?.before ?? {})) {
      const table = fixtureTable(key);
      try {
        await insertFixtureRows(this.driver, table.schema, table.name, rows);
      } catch (error) {
        fail(`fixtures.before: cannot insert the rows of ${key}: ${failureText(error)}`);
      }
    }
    return fixtures;
  }

  /** What differs from an expectation, one sentence per table or query. */
  private async expect(expectation: FixtureExpectation): Promise<string[]> {
    const problems: string[] = [];
    for (const read of fixtureReads(expectation)) {
      try {
        const rows =
          read.kind === 'table'
            ? await readTableRows(this.driver, read.table.schema, read.table.name, read.columns)
            : await readQueryRows(this.driver, read.sql);
        const differs = compareFixtureRows(read.rows, rows, read.kind === 'table' ? read.columns : undefined);
        if (differs !== null) problems.push(`${read.label}: ${differs}`);
      } catch (error) {
        problems.push(`${read.label}: cannot read: ${failureText(error)}`);
      }
    }
    return problems;
  }

  /** Closes the connection and drops the scratch database. */
  async close(): Promise<void> {
    const scratch = this.scratch;
    this.scratch = null;
    this.position = 'unknown';
    await scratch?.dispose();
  }

  private get driver(): Driver {
    return this.scratch!.driver;
  }

  private at(id: string): { revision: string; file: string } {
    return { revision: id, file: basename(this.graph.get(id).path) };
  }

  /**
   * Brings the scratch database to `position`: from where it is when it can,
   * else from a new one, upgraded to `--from` (the baseline is read there).
   * Returns a failure when it cannot get there.
   */
  private async startAt(position: 'from' | 'head'): Promise<TestFailure | null> {
    if (this.position === position) return null;
    if (this.position !== 'from' || position !== 'head') {
      await this.close();
      this.scratch = await openScratchDatabase(this.server);
      await ensureBookkeeping(this.driver, bookkeeping(this.config));
      if (this.fromId !== null) {
        const failure = await this.run((current) => planUpgrade(this.graph, current, this.fromId!));
        if (failure) return { ...failure, message: `upgrade to --from ${this.fromId} failed: ${failure.message}` };
      }
      this.baseline = await this.reflect();
      this.position = 'from';
      if (position === 'from') return null;
    }
    const failure = await this.run((current) => planUpgrade(this.graph, current, 'heads'));
    if (failure) {
      this.position = 'unknown';
      return { ...failure, message: `upgrade to head failed: ${failure.message}` };
    }
    this.position = 'head';
    return null;
  }

  /** Runs a plan as `upgrade` would; the failure, with the revision that failed, or null. */
  private async run(plan: (current: string[]) => Step[]): Promise<TestFailure | null> {
    let running: string | null = null;
    try {
      await runMigration(
        {
          ...this.context(),
          onEvent: (event: RunEvent) => {
            if (event.type === 'step-start') running = event.step.revision.revision;
          },
        },
        plan,
      );
      return null;
    } catch (error) {
      const message = failureText(error);
      return running === null ? { revision: null, file: null, message } : { ...this.at(running), message };
    }
  }

  /** Reads the heads of the scratch database, from which `step` goes on. */
  private async readVersions(): Promise<void> {
    this.versions = await readVersions(this.driver, bookkeeping(this.config).version);
  }

  /**
   * One revision run up or down from the heads `step` knows: on the scratch
   * database, without the lock and the reading of the version table of a run.
   */
  private async step(direction: 'up' | 'down', revision: RevisionHeader): Promise<TestFailure | null> {
    try {
      this.versions = await runKnownSteps(this.context(), [{ direction, revision }], this.versions);
      return null;
    } catch (error) {
      return { ...this.at(revision.revision), message: failureText(error) };
    }
  }

  private context(): Parameters<typeof runKnownSteps>[0] {
    return {
      driver: this.driver,
      graph: this.graph,
      tables: bookkeeping(this.config),
      ...runSettings(this.config),
      modules: this.modules,
      watchLocks: false,
      lockRetries: { count: 0, backoffMs: 0 },
    };
  }

  private reflect(): Promise<SchemaModel> {
    return reflectSchema(this.driver, {
      exclude: bookkeepingTables(this.config),
      dependencies: false,
      privileges: this.config.privileges,
      owners: this.config.owners,
    });
  }
}

/** A revision's `fixtures` export (its module imported once per test). */
async function fixturesExport(revision: RevisionHeader, modules: RevisionModules): Promise<unknown> {
  await loadRevisions([{ direction: 'up', revision }], modules);
  const module = (await modules.get(revision.path)!) as { fixtures?: unknown };
  return module.fixtures;
}

/** What would turn `now` back into `was`, one line each; empty when they are the same schema. */
function compareSchemas(now: SchemaModel, was: SchemaModel): string[] {
  // Read the same way twice, an unchanged schema is the same text: the comparison is for when it is not.
  if (JSON.stringify(now) === JSON.stringify(was)) return [];
  const diff = diffModels(now, was);
  return [...diff.operations.map(describeOperation), ...diff.unsupported];
}

const failureText = (error: unknown): string => maskedMessage(error);

interface CheckOutcome {
  title: string;
  failures: TestFailure[];
}

function timed(check: TestCheckName, fn: () => CheckOutcome): TestCheckResult {
  const started = performance.now();
  return checkResult(check, started, fn());
}

async function timedAsync(check: TestCheckName, fn: () => Promise<CheckOutcome>): Promise<TestCheckResult> {
  const started = performance.now();
  return checkResult(check, started, await fn());
}

function checkResult(check: TestCheckName, started: number, { title, failures }: CheckOutcome): TestCheckResult {
  return { check, title, ok: failures.length === 0, failures, milliseconds: Math.round(performance.now() - started) };
}

/** `migrate test`: every check, in order, on scratch databases dropped afterwards. */
export async function testMigrations(options: CommandOptions, test: TestOptions = {}): Promise<TestResult> {
  const tester = await MigrationTester.open(options, test);
  const checks: TestCheckResult[] = [];
  try {
    checks.push(tester.heads());
    checks.push(await tester.upgrade());
    checks.push(await tester.model());
    checks.push(await tester.downgrade());
    checks.push(await tester.stairway());
  } finally {
    await tester.close();
  }
  return { ok: checks.every((c) => c.ok), database: tester.display, from: tester.from, checks };
}
