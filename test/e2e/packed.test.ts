import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';

const ROOT = resolve(import.meta.dirname, '../..');

const MODEL = `import { defineMetadata, serial, text, integer, timestamptz, sql, index } from 'athanor';

export const metadata = defineMetadata({
  namingConvention: { pk: 'pk_%(table_name)s', fk: 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s', ix: 'ix_%(column_0_label)s' },
});

export const authors = metadata.table('authors', {
  id: serial().primaryKey(),
  name: text().notNull(),
});

export const books = metadata.table('books', {
  id: serial().primaryKey(),
  author_id: integer().notNull().references(() => authors.columns.id),
  title: text().notNull(),
  published_at: timestamptz().default(sql\`now()\`),
}, { indexes: [index(['title'])] });
`;

/** A test of the installed package's library, run by vitest in the installed project: upgrade, check, downgrade, and athanor/testing. */
const LIBRARY_TEST = `import { expect, it } from 'vitest';
import { AthanorError, command, type MigrateResult, type Notice } from 'athanor';
import { testMigrations } from 'athanor/testing';

const url = process.env.APP_DATABASE_URL!;
const options = { config: { url, model: './models.ts' } } as const;

it('upgrades, checks and downgrades from code', async () => {
  const written = await command.revision({ ...options, message: 'create authors and books', autogenerate: true });
  if (!written.written) throw new Error('autogenerate found no changes');
  expect(written.operations.filter((o) => o.kind === 'createTable')).toHaveLength(2);

  // The revision tested on PGlite in memory through the package's testing entry.
  const migrations = testMigrations(options);
  try {
    expect(await migrations.heads()).toMatchObject({ ok: true });
    expect(await migrations.stairway()).toMatchObject({ ok: true });
    expect(await migrations.modelMatchesHead()).toMatchObject({ ok: true });
  } finally {
    await migrations.close();
  }

  const notices: Notice[] = [];
  const up: MigrateResult = await command.upgrade({ ...options, target: 'head', onNotice: (n) => notices.push(n) });
  expect(up.current).toEqual([written.revision]);
  expect(notices.filter((n) => n.type === 'step-start')).toHaveLength(1);
  expect(await command.check(options)).toMatchObject({ clean: true, differences: [] });
  expect((await command.current(options)).current).toEqual([written.revision]);

  const down = await command.downgrade({ ...options, target: 'base' });
  expect(down.current).toEqual([]);
  expect((await command.check(options)).differences).toContain('create table public.authors');

  const error = await command.upgrade({ ...options, target: 'nope' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AthanorError);
  expect((error as AthanorError).code).toBe('unknown-revision');
}, 120_000);
`;

let project: string;
/** A project as `npm init -y` makes it: CommonJS (no `"type": "module"`). */
let cjsProject: string;
let clone: string;
let db: TestDatabase;

/** What a clone holds that `npm pack` reads: the sources and the script to build them, and the files the package lists, no dist/. */
const CLONED = [
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts',
  'src',
  'bin',
  'cjs',
  'README.md',
  'ARCHITECTURE.md',
  'alembic-compat.md',
  'docs',
  'migrations-example',
];

function migrate(...args: string[]): { code: number; stdout: string; stderr: string } {
  return migrateIn(project, ...args);
}

function migrateIn(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  return migrateOn(db.url, cwd, ...args);
}

/** bin/migrate of the project `cwd` is in, on the database `url`. */
function migrateOn(url: string, cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const installed = cwd.startsWith(cjsProject) ? cjsProject : project;
  const result = spawnSync(join(installed, 'node_modules', '.bin', 'migrate'), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: url, FORCE_COLOR: '0' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A strict project's `tsconfig.json`: what `tsc --init` writes (strict, exactOptionalPropertyTypes,
 * noUncheckedIndexedAccess, verbatimModuleSyntax, module nodenext), with Node's types.
 */
const STRICT_TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    target: 'esnext',
    types: ['node'],
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    strict: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    moduleDetection: 'force',
    skipLibCheck: true,
    noEmit: true,
  },
};

/** `tsc -p .` in `dir`, with the TypeScript linked into the project: what it prints. */
function typeCheck(dir: string): string {
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  const typed = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: dir, encoding: 'utf8' });
  return typed.stdout + typed.stderr;
}

async function userTables(): Promise<string[]> {
  const rows = await queryRows<{ tablename: string }>(
    db.url,
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'athanor\\_%' ORDER BY 1",
  );
  return rows.map((t) => t.tablename);
}

describe('the packed package in an empty project', () => {
  beforeAll(async () => {
    db = await createTestDatabase('athanor_e2e');
    project = mkdtempSync(join(tmpdir(), 'athanor-e2e-'));
    // A clone without dist/: its prepack script builds it (the project's own dist/ is left alone).
    clone = mkdtempSync(join(tmpdir(), 'athanor-clone-'));
    for (const entry of CLONED)
      cpSync(join(ROOT, entry), join(clone, entry), {
        recursive: true,
        filter: (source) => !['.athanor', 'node_modules', '.env'].includes(basename(source)),
      });
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
    execFileSync('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: clone, stdio: 'pipe' });
    const tarball = join(
      project,
      readdirSync(project).find((f) => f.endsWith('.tgz'))!,
    );
    cjsProject = mkdtempSync(join(tmpdir(), 'athanor-e2e-cjs-'));
    // Two empty projects as `npm init -y` makes them: one made an ES module project, one left CommonJS.
    for (const dir of [project, cjsProject]) {
      execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: 'pipe' });
      if (dir === project) execFileSync('npm', ['pkg', 'set', 'type=module'], { cwd: dir, stdio: 'pipe' });
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', tarball], { cwd: dir, stdio: 'pipe' });
      // vitest, typescript and Node's types from this repository, linked into the project as if it had installed them.
      mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
      for (const tool of ['vitest', 'typescript', '@types/node'])
        symlinkSync(join(ROOT, 'node_modules', tool), join(dir, 'node_modules', tool), 'dir');
    }
  }, 300_000);

  afterAll(async () => {
    rmSync(project, { recursive: true, force: true });
    rmSync(cjsProject, { recursive: true, force: true });
    rmSync(clone, { recursive: true, force: true });
    await db.drop();
  });

  it('says its version, the one of the package installed', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'athanor', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(migrate('--version')).toEqual({ code: 0, stdout: `${installed.version}\n`, stderr: '' });
  });

  it('says its version through npx', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'athanor', 'package.json'), 'utf8')) as {
      version: string;
    };
    const npx = spawnSync('npx', ['--no-install', 'migrate', '--version'], { cwd: project, encoding: 'utf8' });
    expect(npx.stdout).toBe(`${installed.version}\n`);
    expect(npx.status).toBe(0);
  });

  it('carries the docs the README links to and the example project, with its revisions', () => {
    const pkg = join(project, 'node_modules', 'athanor');
    for (const file of ['README.md', 'alembic-compat.md', 'docs/troubleshooting.md', 'dist/index.js'])
      expect(existsSync(join(pkg, file)), file).toBe(true);
    const revisions = readdirSync(join(pkg, 'migrations-example', 'migrations', 'versions'));
    expect(revisions).toContain('0001_organisations_users_posts_and_tags.ts');
    expect(existsSync(join(pkg, 'migrations-example', 'models.ts'))).toBe(true);
    expect(existsSync(join(pkg, 'migrations-example', '.athanor'))).toBe(false);
  });

  it('runs init, autogenerate, upgrade, check and downgrade through bin/migrate', async () => {
    const init = migrate('init');
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    writeFileSync(join(project, 'models.ts'), MODEL);

    const rev = migrate('revision', '--autogenerate', '-m', 'create authors and books');
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    const file = readdirSync(join(project, 'migrations', 'versions')).find((f) =>
      f.endsWith('_create_authors_and_books.ts'),
    )!;
    const source = readFileSync(join(project, 'migrations', 'versions', file), 'utf8');
    expect(source).toContain("import type { Operations } from 'athanor';");
    expect(source).toContain('await op.createTable({');

    const up = migrate('upgrade', 'head');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/Upgrading to [0-9a-f]{12}/);
    expect(await userTables()).toEqual(['authors', 'books']);

    const check = migrate('check');
    expect(check.stdout).toContain('No differences');
    expect(check.code).toBe(0);

    writeFileSync(
      join(project, 'models.ts'),
      MODEL.replace('title: text().notNull(),', 'title: text().notNull(),\n  isbn: text(),'),
    );
    const drift = migrate('check');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('add column public.books.isbn');

    expect(migrate('history').stdout).toContain('create authors and books');
    const deep = join(project, 'src', 'jobs');
    mkdirSync(deep, { recursive: true });
    const fromSubfolder = migrateIn(deep, 'current');
    expect(fromSubfolder.stderr).toBe('');
    expect(fromSubfolder.stdout).toMatch(/[0-9a-f]{12} \(head\)/);
    const down = migrate('downgrade', 'base');
    expect(down.code).toBe(0);
    expect(await userTables()).toEqual([]);

    const bad = migrate('upgrade', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('is driven from a vitest file of the project that installed it: upgrade, check and downgrade', async () => {
    const app = join(project, 'library-app');
    mkdirSync(join(app, 'migrations'), { recursive: true });
    writeFileSync(join(app, 'models.ts'), MODEL);
    writeFileSync(join(app, 'library.test.ts'), LIBRARY_TEST);
    const typed = spawnSync(
      process.execPath,
      [
        join(project, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        'nodenext',
        '--target',
        'es2022',
        'library.test.ts',
      ],
      { cwd: app, encoding: 'utf8' },
    );
    expect(typed.stdout + typed.stderr).toBe('');
    const appDb = await createTestDatabase('athanor_e2e_lib');
    const run = spawnSync(
      process.execPath,
      [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', app, '--reporter', 'verbose'],
      { cwd: app, encoding: 'utf8', env: { ...process.env, APP_DATABASE_URL: appDb.url, FORCE_COLOR: '0' } },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('upgrades, checks and downgrades from code');
    expect(run.stdout).toContain('1 passed');
  });

  for (const kind of ['ES module', 'CommonJS'] as const) {
    it(`type-checks what init and a first revision --autogenerate wrote, in a strict ${kind} project`, async () => {
      const dir = join(kind === 'ES module' ? project : cjsProject, 'typed');
      mkdirSync(dir);
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG, null, 2));
      const appDb = await createTestDatabase('athanor_e2e_typed');
      const init = migrateOn(appDb.url, dir, 'init');
      expect(init.stderr).toBe('');
      const extension = kind === 'ES module' ? '.ts' : '.mts';
      expect(readdirSync(dir).sort()).toEqual([
        'migrate.config' + extension,
        'migrations',
        'models' + extension,
        'tsconfig.json',
      ]);
      writeFileSync(join(dir, `models${extension}`), MODEL);
      const rev = migrateOn(appDb.url, dir, 'revision', '--autogenerate', '-m', 'create authors and books');
      expect(rev.stderr).toBe('');
      expect(readdirSync(join(dir, 'migrations', 'versions')).filter((f) => f.endsWith(extension))).toHaveLength(1);
      expect(typeCheck(dir)).toBe('');
      // What was written loads and runs.
      expect(migrateOn(appDb.url, dir, 'upgrade', 'head').code).toBe(0);
      expect(migrateOn(appDb.url, dir, 'check').stdout).toContain('No differences');
    });
  }

  it("has declarations that type-check themselves (skipLibCheck off) with Node's types alone", () => {
    const dir = join(project, 'declarations');
    mkdirSync(dir);
    const compilerOptions = { ...STRICT_TSCONFIG.compilerOptions, skipLibCheck: false };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions }, null, 2));
    writeFileSync(
      join(dir, 'uses.ts'),
      "import * as athanor from 'athanor';\nimport * as testing from 'athanor/testing';\nexport const used = [athanor, testing];\n",
    );
    expect(typeCheck(dir)).toBe('');
  });

  it("has a model's declarations that type-check without Node's types (skipLibCheck off)", () => {
    const dir = join(project, 'without-node-types');
    mkdirSync(dir);
    const compilerOptions = { ...STRICT_TSCONFIG.compilerOptions, skipLibCheck: false, types: [] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions }, null, 2));
    writeFileSync(
      join(dir, 'models.ts'),
      "import { bytea, defineMetadata, integer } from 'athanor';\nexport const metadata = defineMetadata();\n" +
        "export const files = metadata.table('files', { id: integer().primaryKey(), body: bytea() });\n",
    );
    expect(typeCheck(dir)).toBe('');
  });

  it("is loaded by require('athanor') in a CommonJS project, and typed there", () => {
    const required = spawnSync(
      process.execPath,
      [
        '-e',
        "const a = require('athanor'); const t = require('athanor/testing'); console.log(typeof a.defineConfig, typeof a.command.upgrade, typeof t.testMigrations)",
      ],
      { cwd: cjsProject, encoding: 'utf8' },
    );
    expect(required.stderr).toBe('');
    expect(required.stdout).toBe('function function function\n');
    // A CommonJS file of the project that requires the package type-checks against its declarations.
    const dir = join(cjsProject, 'required');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG, null, 2));
    writeFileSync(
      join(dir, 'config.cts'),
      "import athanor = require('athanor');\nexport = athanor.defineConfig({ url: process.env.DATABASE_URL, model: './models.mts' });\n",
    );
    expect(typeCheck(dir)).toBe('');
  });

  it('says in one line how to load it where Node cannot require an ES module', () => {
    const required = spawnSync(process.execPath, ['--no-experimental-require-module', '-e', "require('athanor')"], {
      cwd: cjsProject,
      encoding: 'utf8',
    });
    expect(required.status).toBe(1);
    const message = required.stderr.split('\n').filter((line) => line.startsWith('Error'));
    expect(message).toEqual([
      `Error: athanor is an ES module, which this Node (${process.version}) cannot require(): load it with import('athanor'), or run Node 20.19, 22.12 or later`,
    ]);
  });
});
