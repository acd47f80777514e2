// How many files of src/ name each of a few kinds of object: the cost of a kind, which the aim keeps to
// about one file per layer. `node scripts/kind-footprint.mjs` prints the counts; `--files` lists the files.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each kind and what names it: its model's types and lists, its operations, its SQL words and catalogs. */
const KINDS = {
  publication: /publication/i,
  'replica identity': /replica.?identity/i,
  'range type': /RangeType|[Rr]ange[ -]?type|[Mm]ultirange|\.ranges\b|\branges:|pg_range\b|'ranges?'/,
  'event trigger': /event.?trigger/i,
  'trigger/rule firing': /firing/i,
  'extended statistics':
    /StatisticsModel|Statistics(Operation|Def|Options|Row)s?\b|(create|alter|drop|map|compare|rebuilt)Statistics\b|statistics(Model|FromRows|Def|Creates|Drops)\b|STATISTICS_SQL|extended statistics|statistics object|pg_statistic_ext|\b(model|objects|declared|restored|current|target|defs|op)\.statistics\b|\bstatistics: *(restored|model|declared|statistics|'|\[\]|\{)|metadata\.statistics|kind: 'statistics'|STATISTICS_[A-Z]+|statisticsModels?\b/,
};

const root = fileURLToPath(new URL('../', import.meta.url));

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(join(root, 'src')).sort();
const texts = files.map((file) => [relative(root, file), readFileSync(file, 'utf8')]);
const listFiles = process.argv.includes('--files');
for (const [kind, pattern] of Object.entries(KINDS)) {
  const naming = texts.filter(([, text]) => pattern.test(text)).map(([file]) => file);
  console.log(`${kind}: ${naming.length}`);
  if (listFiles) for (const file of naming) console.log(`  ${file}`);
}
