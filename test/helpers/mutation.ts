import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createTestDatabase, runSql } from './database.js';
import { expectSchemaOf, schemaSnapshot } from './fixtures.js';
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
 * One database plays all three parts: the base is pulled and its schema taken
 * (test/helpers/fixtures.ts, `schemaSnapshot`) before the mutation runs in it,
 * and the mutated schema is taken before any command touches it, so steps 2
 * and 3 compare with exactly what a fresh copy of each would hold, without
 * creating (and dropping) a database per part.
 */
export async function runMutation({ base, mutation, revisionArgs = [] }: Mutation): Promise<MutationResult> {
  const db = await createTestDatabase('athanor_mut');
  await runSql(db.url, base);
  const baseSchema = await schemaSnapshot(db.url);
  const fromBase = tempProject(db.url);
  await succeed(fromBase, 'pull');

  await runSql(db.url, mutation);
  const mutatedSchema = await schemaSnapshot(db.url);
  const project = tempProject(db.url);
  project.write('models.ts', fromBase.read('models.ts'));

  const generated = await succeed(project, 'revision', '--autogenerate', '-m', 'undo mutation', ...revisionArgs);
  expect(generated.stdout).not.toContain('(0 operation(s))');
  const revision = latestRevision(project);
  expectGoldenRevision(revision);
  await succeed(project, 'upgrade', 'head');
  await expectSchemaOf(db.url, baseSchema);

  await succeed(project, 'downgrade', '-1');
  await expectSchemaOf(db.url, mutatedSchema);

  await succeed(project, 'upgrade', 'head');
  const again = await succeed(project, 'revision', '--autogenerate', '-m', 'nothing left');
  expect(again.stdout).toContain('(0 operation(s))');
  return { revision, project, url: db.url, printed: { first: generated.stdout, again: again.stdout } };
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
