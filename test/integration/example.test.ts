import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { connect } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';

/**
 * The example project in migrations-example/, copied to a temporary folder and
 * run on the test target's database through its own `test` environment
 * (`-x env=test`, url from TEST_DATABASE_URL), exactly as a reader would run it.
 */

const EXAMPLE = fileURLToPath(new URL('../../migrations-example/', import.meta.url));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

interface Example {
  url: string;
  dir: string;
  migrate(...argv: string[]): Promise<Result>;
}

async function runIn(dir: string, argv: string[]): Promise<Result> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out: Output = { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), exitCode: 0 };
  const code = await run(argv, out, dir);
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-example-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(EXAMPLE, dir, {
    recursive: true,
    filter: (source) => !['.athanor', 'node_modules', '.env'].includes(basename(source)),
  });
  return dir;
}

/** A copy of the example whose `test` environment points at a fresh database. */
async function example(): Promise<Example> {
  const db = await createTestDatabase('athanor_example');
  const dir = copyExample();
  vi.stubEnv('TEST_DATABASE_URL', db.url);
  return { url: db.url, dir, migrate: (...argv) => runIn(dir, ['-x', 'env=test', ...argv]) };
}

/** Runs a command and expects it to succeed without a word on stderr. */
async function ok(project: Example, ...argv: string[]): Promise<Result> {
  const result = await project.migrate(...argv);
  expect(result.stderr, `migrate ${argv.join(' ')}`).toBe('');
  expect(result.code, `migrate ${argv.join(' ')}`).toBe(0);
  return result;
}

/** The application's schema as the reflector sees it, without the bookkeeping tables. */
async function snapshot(url: string): Promise<SchemaModel> {
  const driver = await connect(url);
  try {
    // What uses what follows from the rest, and would name the bookkeeping tables' keys.
    const model = await reflectSchema(driver, { schemas: ['public'], dependencies: false });
    return { ...model, tables: model.tables.filter((t) => !t.name.startsWith('athanor_version')) };
  } finally {
    await driver.close();
  }
}

/** Revision ids oldest first, from `history --json`. */
async function revisionOrder(project: Example): Promise<string[]> {
  const history = await ok(project, 'history', '--json');
  return (JSON.parse(history.stdout) as { revision: string }[]).map((r) => r.revision).reverse();
}

async function one<R>(url: string, sql: string): Promise<R> {
  const rows = await queryRows<R>(url, sql);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('migrations-example', () => {
  it(
    'upgrades to head with a clean check, downgrades to base leaving nothing, and upgrades again',
    { timeout: 240_000 },
    async () => {
      const project = await example();
      const up = await ok(project, 'upgrade', 'head');
      expect(up.stdout).toContain('Upgrading to 0001');
      const check = await ok(project, 'check');
      expect(check.stdout).toBe('No differences: the database matches the model.');

      await ok(project, 'downgrade', 'base');
      const empty = await snapshot(project.url);
      expect(empty.tables).toEqual([]);
      expect(empty.enums).toEqual([]);
      expect((await ok(project, 'current')).stdout).toBe('base (no revision applied)');

      await ok(project, 'upgrade', 'head');
      expect((await ok(project, 'check')).stdout).toBe('No differences: the database matches the model.');
    },
  );

  it(
    'upgrades and downgrades every revision one step at a time, moving the data along',
    { timeout: 600_000 },
    async () => {
      const project = await example();
      const order = await revisionOrder(project);
      expect(order).toEqual(['0001', '0002', '0003', '0004', '0005', '0006a', '0006b', '0007']);

      // Up one revision at a time, by id (0005 branches, so `+1` would be ambiguous there).
      const schemas: SchemaModel[] = [await snapshot(project.url)];
      for (const id of order) {
        const up = await ok(project, 'upgrade', id);
        expect(up.stdout).toContain(`Upgrading to ${id} `);
        expect(up.stdout.match(/Upgrading to/g)).toHaveLength(1);
        await afterUpgrade[id]?.(project.url);
        schemas.push(await snapshot(project.url));
      }
      expect((await ok(project, 'check')).stdout).toBe('No differences: the database matches the model.');

      // Down one at a time, in reverse: each step must give back the schema from before that revision.
      for (let i = order.length - 1; i >= 0; i--) {
        const id = order[i]!;
        const down = await ok(project, 'downgrade', `${id}@-1`);
        expect(down.stdout).toContain(`Downgrading from ${id} `);
        expect(down.stdout.match(/Downgrading from/g)).toHaveLength(1);
        await afterDowngrade[id]?.(project.url);
        expect(await snapshot(project.url), `schema after undoing ${id}`).toEqual(schemas[i]);
      }
      expect((await ok(project, 'current')).stdout).toBe('base (no revision applied)');
    },
  );

  it(
    'without its merge has two heads: `upgrade head` refuses, `merge heads` joins them, `downgrade -1` undoes only the merge',
    { timeout: 240_000 },
    async () => {
      const project = await example();
      const merge = readdirSync(join(project.dir, 'migrations', 'versions')).find((name) => name.startsWith('0007_'))!;
      rmSync(join(project.dir, 'migrations', 'versions', merge));

      const refused = await project.migrate('upgrade', 'head');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('there are 2 heads (0006a, 0006b)');
      expect((await ok(project, 'heads')).stdout.split('\n')).toHaveLength(2);
      await ok(project, 'upgrade', 'heads');
      expect((await ok(project, 'current')).stdout).toMatch(/^0006a .*\n0006b /);

      const merged = await ok(
        project,
        'merge',
        'heads',
        '-m',
        'merge last_seen_at and tag colours',
        '--rev-id',
        '0007',
      );
      expect(merged.stdout).toContain('merges 0006a, 0006b into 0007');
      await ok(project, 'upgrade', 'head');
      expect((await ok(project, 'current')).stdout).toMatch(/^0007 \(head\)/);
      expect((await ok(project, 'check')).stdout).toBe('No differences: the database matches the model.');

      await ok(project, 'downgrade', '-1');
      expect((await ok(project, 'current')).stdout).toMatch(/^0006a .*\n0006b /);
    },
  );

  it('refuses -x env=prod without PROD_DATABASE_URL instead of falling back to the embedded database', async () => {
    vi.stubEnv('PROD_DATABASE_URL', '');
    const result = await runIn(copyExample(), ['-x', 'env=prod', 'current']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('-x env=prod takes its url from PROD_DATABASE_URL, which is not set');
  });
});

/** Data checks after a revision is applied: the data migrations must carry the rows along. */
const afterUpgrade: Record<string, (url: string) => Promise<void>> = {
  // Rows the later revisions must carry: two posts with one title, one with accents.
  async '0001'(url) {
    await runSql(
      url,
      `INSERT INTO organisations (name, slug) VALUES ('Acme', 'acme');
       INSERT INTO users (organisation_id, email, name)
         SELECT id, 'ada@example.com', 'Ada' FROM organisations;
       INSERT INTO posts (author_id, title, status, published_at)
         SELECT id, 'Hello, World!', 'published', now() FROM users;
       INSERT INTO posts (author_id, title) SELECT id, 'Hello, World!' FROM users;
       INSERT INTO posts (author_id, title) SELECT id, 'Crème brûlée' FROM users;
       INSERT INTO tags (organisation_id, name) SELECT id, 'food' FROM organisations;
       INSERT INTO post_tags (post_id, tag_id) SELECT p.id, t.id FROM posts p, tags t WHERE p.title = 'Crème brûlée';`,
    );
  },
  async '0002'(url) {
    const rows = await queryRows<{ id: string; slug: string }>(url, 'SELECT id, slug FROM posts ORDER BY id');
    expect(rows.map((r) => r.slug)).toEqual(['hello-world', `hello-world-${rows[1]!.id}`, 'creme-brulee']);
  },
  async '0003'(url) {
    await runSql(url, "UPDATE posts SET status = 'archived' WHERE slug = 'creme-brulee'");
  },
  async '0004'(url) {
    expect(await one(url, 'SELECT display_name FROM users')).toEqual({ display_name: 'Ada' });
  },
  // A NOT NULL column with a default: the existing tag gets the default.
  async '0006b'(url) {
    expect(await one(url, 'SELECT colour FROM tags')).toEqual({ colour: '#888888' });
  },
};

const afterDowngrade: Record<string, (url: string) => Promise<void>> = {
  // The archived post was never published: it goes back to draft.
  async '0003'(url) {
    expect(await one(url, "SELECT status::text FROM posts WHERE title = 'Crème brûlée'")).toEqual({ status: 'draft' });
  },
  async '0004'(url) {
    expect(await one(url, 'SELECT name FROM users')).toEqual({ name: 'Ada' });
  },
};
