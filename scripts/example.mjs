#!/usr/bin/env node
/**
 * `npm run example`: runs the example project in migrations-example/ with the
 * built command (`npm run build` runs first), on its dev environment, an
 * embedded PGlite database in migrations-example/.athanor/dev. Each step prints
 * a header, then what the command prints; the first step that fails stops the
 * run with its exit code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = join(root, 'migrations-example');
const bin = join(root, 'bin', 'migrate.js');

const steps = [
  { args: ['upgrade', 'head'], why: 'apply every revision the database does not have yet' },
  { args: ['current'], why: 'the revision the database is at' },
  { args: ['history'], why: 'every revision, newest first' },
  { args: ['check'], why: 'compare models.ts with the database: clean after upgrade head' },
  { args: ['downgrade', '-1'], why: 'step back one revision' },
  { args: ['upgrade', 'head'], why: 'and forward again' },
];

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('error: the tool is not built; run `npm run build` first (`npm run example` does it for you)');
  process.exit(2);
}

const fresh = !existsSync(join(project, '.athanor'));
console.log(`Example project: ${project}`);
console.log(fresh ? 'No database yet: the first command creates it.' : 'Using the database left by the last run.');

for (const [i, step] of steps.entries()) {
  console.log(`\n=== ${i + 1}/${steps.length}  migrate ${step.args.join(' ')}  (${step.why})`);
  const result = spawnSync(process.execPath, [bin, ...step.args], { cwd: project, stdio: 'inherit' });
  const code = result.status ?? 2;
  if (result.error || code !== 0) {
    console.error(
      `\nmigrate ${step.args.join(' ')} failed (exit ${result.error ? result.error.message : code}); stopping.`,
    );
    process.exit(code === 0 ? 2 : code);
  }
}

console.log('\nAll steps succeeded. Read migrations-example/README.md for what each revision teaches.');
