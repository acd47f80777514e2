// @ts-check
/**
 * The pieces of the whole-command benchmark that touch files and processes:
 * the temporary project, the edit of its pulled model, a fresh process timed
 * under /usr/bin/time, and the floor's script.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'migrate.js');

/**
 * An empty project pointed at `url`: the config, `migrations/versions/`, and
 * `node_modules/athanor` linked to this tree. `pull` writes its `models.ts`.
 * @param {string} url
 */
export function writeCommandProject(url) {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-commands-'));
  mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'athanor'));
  writeFileSync(
    join(dir, 'migrate.config.ts'),
    `import { defineConfig } from 'athanor';\nexport default defineConfig({ url: ${JSON.stringify(url)} });\n`,
  );
  return dir;
}

/**
 * One change to a pulled table's source, in turn: a column added, a column
 * made nullable, a column retyped, an index added, the comment changed.
 * @type {((block: string, table: string) => string)[]}
 */
const EDITS = [
  (block) =>
    block.replace(
      "id: bigint().identity('always').primaryKey(),",
      "id: bigint().identity('always').primaryKey(),\n    bench_note: text(),",
    ),
  (block) => block.replace(/name: text\(\)\.notNull\(\)/, 'name: text()'),
  (block) => block.replace('amount: numeric(12, 2)', 'amount: numeric(14, 2)'),
  (block, table) =>
    block.replace('indexes: [', `indexes: [\n      index(['created_at'], { name: '${table}_bench_idx' }),`),
  (block) => block.replace(/comment: '([^']*)',\n  \},\n\);/, "comment: '$1 Changed.',\n  },\n);"),
];

/**
 * Changes 5% of the tables of the model file `path` (at least one), one
 * change each, and adds `marker` as a comment so that each run's file is new.
 * Returns the tables changed.
 * @param {string} source the pulled model
 * @param {string} path
 * @param {string} marker
 */
export function writeEditedModel(source, path, marker) {
  const parts = source.split(/(?=^export const \w+ = metadata\.table\()/m);
  // Tables with an identity key: every edit applies to them (partitioned tables and partitions have none).
  const tables = parts.filter(
    (part) =>
      part.startsWith('export const') && part.includes('metadata.table(') && part.includes(".identity('always')"),
  );
  const count = Math.max(1, Math.round(tables.length * 0.05));
  const step = tables.length / count;
  const chosen = new Set(Array.from({ length: count }, (_, n) => tables[Math.floor(n * step)]));
  let n = 0;
  const edited = parts.map((part) => {
    if (!chosen.has(part)) return part;
    const table = /metadata\.table\(\s*'([^']+)'/.exec(part)?.[1] ?? 'table';
    const next = EDITS[n % EDITS.length](part, table);
    if (next === part) throw new Error(`the benchmark's edit ${n % EDITS.length} did not apply to table ${table}`);
    n += 1;
    return next;
  });
  writeFileSync(path, `// ${marker}\n${edited.join('')}`);
  return count;
}

const TREE_RSS = join(ROOT, 'bench', 'lib', 'tree-rss.js');

/**
 * Runs a fresh process under /usr/bin/time: wall and CPU seconds, the peak
 * resident MiB of its largest process (`mib`) and of the process and its
 * children together (`treeMib`, sampled: tree-rss.js), and the exit code and
 * output's tail when it failed.
 * @param {string} cwd @param {string[]} argv
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 */
export function timed(cwd, argv, options = {}) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [TREE_RSS, '/usr/bin/time', '-f', '@@time %M %U %S', ...argv], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: options.env ?? process.env,
  });
  const seconds = (performance.now() - started) / 1000;
  const lines = run.stderr.trimEnd().split('\n');
  const timeLine = lines.findLast((line) => line.startsWith('@@time '));
  const treeLine = lines.findLast((line) => line.startsWith('@@tree '));
  const [kib, user, system] = (timeLine ?? '@@time 0 0 0').slice(7).split(' ').map(Number);
  const treeKib = Number((treeLine ?? '@@tree 0').slice(7));
  const output = `${run.stdout}\n${lines.filter((line) => line !== timeLine && line !== treeLine).join('\n')}`.trim();
  return {
    seconds,
    cpu: user + system,
    mib: kib / 1024,
    treeMib: treeKib / 1024,
    status: run.status,
    error: run.status === 0 ? null : tail(output),
  };
}

/** The last line of a command's output that says something. @param {string} text */
function tail(text) {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) => line !== '' && !line.startsWith('at ') && !line.startsWith('Command exited with non-zero status'),
    );
  return (lines.at(-1) ?? 'failed without output').slice(0, 300);
}

/**
 * The floor's script: a node process that connects (through Athanor's own
 * driver) and runs the statements recorded in `file`, then disconnects. The
 * statements are handed to the connection at once, a pipeline as one, as a
 * reading hands them.
 * @param {string} file JSON of `{ exec, sql, params }` and `{ pipeline: { sql, params }[] }` entries
 * @param {string} url
 */
export function floorScript(file, url) {
  const driver = join(ROOT, 'dist', 'pg', 'connection', 'driver.js');
  return [
    `import(${JSON.stringify(driver)}).then(async ({ connect }) => {`,
    `  const statements = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'));`,
    `  const d = await connect(${JSON.stringify(url)});`,
    '  await Promise.all(statements.map((s) => (s.pipeline ? d.pipeline(s.pipeline) : s.exec ? d.exec(s.sql) : d.query(s.sql, s.params))));',
    '  await d.close();',
    '})',
  ].join('\n');
}

/** @param {string} path */
export function readText(path) {
  return readFileSync(path, 'utf8');
}
