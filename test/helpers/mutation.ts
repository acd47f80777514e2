import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cloneTestDatabase, createLastingDatabase, dropTogether, runSql, type TestDatabase } from './database.js';
import { expectSchemaOf, schemaSnapshot, type SchemaSnapshot } from './fixtures.js';
import { expectGoldenRevision } from './golden.js';
import { tempProject, type TempProject } from './project.js';

export interface Mutation {
  /** SQL that creates the base schema. */
  base: string;
  /** One change applied to a copy of the base: an ALTER, CREATE or DROP. */
  mutation: string;
  /** More arguments for `revision --autogenerate` (decisions on renames). */
  revisionArgs?: string[];
}

export interface MutationResult {
  /** The generated revision file. */
  revision: string;
  /** The project pointed at the mutated database, with the revision applied. */
  project: TempProject;
  /** The mutated database's url. */
  url: string;
  /** What `revision --autogenerate` printed, the first time and the second (empty) time. */
  printed: { first: string; again: string };
}

/**
 * Runs one mutation through the whole path and asserts each step:
 * 1. the base database is pulled into a model;
 * 2. against the mutated database, `revision --autogenerate` then `upgrade head`
 *    bring it back to the base exactly;
 * 3. `downgrade -1` re-applies the mutation exactly;
 * 4. after `upgrade head` again, a second `revision --autogenerate` is empty.
 * The generated revision is also compared with the recorded one (test/helpers/golden.ts).
 *
 * The base is built, pulled and its schema taken once per test file
 * (`baseOf`); each case clones that database, runs its mutation in the
 * clone and takes the mutated schema before any command touches it, so steps
 * 2 and 3 compare with exactly what a fresh copy of each would hold. Each
 * case's project starts without canonical forms, as a new project does.
 */
export async function runMutation({ base, mutation, revisionArgs = [] }: Mutation): Promise<MutationResult> {
  const from = await baseOf(base);
  const db = await cloneTestDatabase(from.database, 'athanor_mut');
  await runSql(db.url, mutation);
  const mutatedSchema = await schemaSnapshot(db.url);
  const project = tempProject(db.url);
  project.write('models.ts', from.model);

  const generated = await succeed(project, 'revision', '--autogenerate', '-m', 'undo mutation', ...revisionArgs);
  expect(generated.stdout).not.toContain('No changes');
  const revision = latestRevision(project);
  expectGoldenRevision(revision);
  await succeed(project, 'upgrade', 'head');
  await expectSchemaOf(db.url, from.schema);

  await succeed(project, 'downgrade', '-1');
  await expectSchemaOf(db.url, mutatedSchema);

  await succeed(project, 'upgrade', 'head');
  const again = await succeed(project, 'revision', '--autogenerate', '-m', 'nothing left');
  expect(again.stdout).toContain('No changes; no revision written');
  return { revision, project, url: db.url, printed: { first: generated.stdout, again: again.stdout } };
}

/** A base schema, built once in a database the cases clone. */
interface Base {
  database: TestDatabase;
  /** Its schema, taken before anything else touched it. */
  schema: SchemaSnapshot;
  /** The model `pull` wrote of it. */
  model: string;
}

const bases = new Map<string, Promise<Base>>();

/**
 * Drops the bases the cases of a test file made. The files of a worker share
 * this module, so it runs after each file from the integration projects'
 * setup file (test/helpers/after-each-file.ts), not from a hook registered
 * here, which would run after the first file only.
 */
export async function dropBases(): Promise<void> {
  const built = await Promise.allSettled(bases.values());
  bases.clear();
  await dropTogether(built.flatMap((base) => (base.status === 'fulfilled' ? [base.value.database] : [])));
}

/** The database, schema and pulled model of a base, made by the first case that names it. */
function baseOf(sql: string): Promise<Base> {
  let base = bases.get(sql);
  if (base === undefined) {
    base = buildBase(sql);
    bases.set(sql, base);
  }
  return base;
}

async function buildBase(sql: string): Promise<Base> {
  const database = await createLastingDatabase('athanor_base');
  try {
    await runSql(database.url, sql);
    const schema = await schemaSnapshot(database.url);
    const pulled = tempProject(database.url);
    await succeed(pulled, 'pull');
    return { database, schema, model: pulled.read('models.ts') };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

async function succeed(project: TempProject, ...argv: string[]): Promise<{ stdout: string; stderr: string }> {
  const result = await project.migrate(...argv);
  if (result.code !== 0) {
    const models = safeRead(project, 'models.ts');
    throw new Error(
      `migrate ${argv.join(' ')} exited ${result.code}\n${result.stderr}\n${result.stdout}\n--- models.ts ---\n${models}`,
    );
  }
  return result;
}

function safeRead(project: TempProject, path: string): string {
  try {
    return project.read(path);
  } catch {
    return '(none)';
  }
}

/** The text of the newest revision file (ids are random, so by modification order). */
function latestRevision(project: TempProject): string {
  const files = readdirSync(project.versionsDir).filter((f) => f.endsWith('.ts'));
  const texts = files.map((f) => readFileSync(join(project.versionsDir, f), 'utf8'));
  return texts.find((t) => t.includes("message = 'undo mutation'") || t.includes('undo mutation')) ?? texts.join('\n');
}
