#!/usr/bin/env node
// `npm run build`: compiles src/ into dist/ with tsc (tsconfig.build.json), unless dist/ was built from
// exactly the inputs there are now: the files under src/, both tsconfig files, package.json and the
// TypeScript release, hashed into dist/.inputs. `npm run build -- --force` builds all the same.
//
// tsc writes into a new folder beside dist/, which then takes dist/'s place at once: a test run or a
// command using dist/ meanwhile never sees it half written or gone, and no file of a deleted source is
// left behind.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.inputs');
const force = process.argv.includes('--force');

/** Every file under `dir`, sorted, as paths from the project's root. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(root, join(entry.parentPath ?? entry.path, entry.name))
        .split('\\')
        .join('/'),
    )
    .sort();
}

function inputsHash() {
  const hash = createHash('sha256');
  const typescript = createRequire(import.meta.url)('typescript/package.json').version;
  hash.update(`typescript ${typescript}\n`);
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', ...filesUnder(join(root, 'src'))]) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\n');
  }
  return hash.digest('hex');
}

const inputs = inputsHash();
if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === inputs) {
  console.log('dist/ is up to date with src/ (npm run build -- --force builds it anew)');
  process.exit(0);
}

const fresh = join(root, `.dist-${process.pid}`);
const old = join(root, `.dist-old-${process.pid}`);
rmSync(fresh, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', fresh], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) {
  rmSync(fresh, { recursive: true, force: true });
  process.exit(built.status ?? 2);
}
writeFileSync(join(fresh, '.inputs'), `${inputs}\n`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });
