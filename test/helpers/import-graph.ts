import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The import graph of `src/` against ARCHITECTURE.md's layer tables (the
 * layers of `src/`, the comparator's stages in `src/autogen`): every
 * relative import (static, `export ... from`, dynamic `import()`, type-only
 * ones too) read from the source text is checked against a table's
 * "may import" column; the imports that load code are searched for cycles.
 */

/** Source files by path relative to the source root, posix separators (`autogen/compare.ts`). */
export type SourceFiles = ReadonlyMap<string, string>;

/** Layer -> the layers it may import besides itself. */
export type LayerRules = ReadonlyMap<string, ReadonlySet<string>>;

export function readSourceTree(root: string): SourceFiles {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts'))
        files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/**
 * Reads the rows of the table under "## Layers" (or the section `heading`
 * names): `| \`src/x\` | owns | may import |`, or with `folder` the rows of
 * its subfolders (`| \`src/autogen/x\` | ...`). "nothing" is no layer;
 * "everything above" is every layer of an earlier row; a remark in
 * parentheses after a name is left out.
 */
export function parseLayerTable(markdown: string, heading = 'Layers', folder = 'src'): LayerRules {
  const section = markdown.split(/^## /m).find((part) => part.startsWith(heading));
  if (section === undefined) throw new Error(`ARCHITECTURE.md has no "## ${heading}" section`);
  const rules = new Map<string, ReadonlySet<string>>();
  const pattern = new RegExp(`^\\|\\s*\`${folder}/([a-z-]+)\`\\s*\\|.*\\|\\s*([^|]+?)\\s*\\|\\s*$`);
  for (const line of section.split('\n')) {
    const row = pattern.exec(line);
    if (row === null) continue;
    const allowed = row[2]!.replace(/\s*\([^)]*\)/g, '').trim();
    const above = [...rules.keys()];
    const names = allowed === 'nothing' ? [] : allowed === 'everything above' ? above : allowed.split(/\s*,\s*/);
    rules.set(row[1]!, new Set(names));
  }
  if (rules.size === 0) throw new Error(`the "## ${heading}" table of ARCHITECTURE.md lists no \`${folder}/...\` rows`);
  return rules;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s(type\s)?[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

export interface Import {
  readonly target: string;
  /** `import type` / `export type ... from`: erased by the compiler, never loaded. */
  readonly typeOnly: boolean;
}

/** The files of `files` that `file` imports through relative paths (`.js` specifiers resolved to `.ts`). */
export function importsOf(file: string, source: string, files: SourceFiles): Import[] {
  const found: Import[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[2] ?? match[3] ?? match[4]!;
    if (!specifier.startsWith('.')) continue;
    const target = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
    const resolved = [target, target.replace(/\.ts$/, '/index.ts')].find((candidate) => files.has(candidate));
    if (resolved === undefined) throw new Error(`${file}: cannot resolve import '${specifier}'`);
    found.push({ target: resolved, typeOnly: match[1] !== undefined });
  }
  return found;
}

/**
 * A file's layer: its first folder under `within` (a folder of the source
 * root, `autogen/`, or the root itself); files directly in `within` (the
 * root's index.ts, `autogen/compare.ts`) stand outside the table, and so do
 * files outside `within`.
 */
function layerOf(file: string, within: string): string | null {
  if (!file.startsWith(within)) return null;
  const rest = file.slice(within.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? null : rest.slice(0, slash);
}

/**
 * One line per import that points the wrong way or from a folder the table
 * does not list; with `within` (`autogen/`), among the folders under it.
 */
export function layerViolations(files: SourceFiles, rules: LayerRules, within = ''): string[] {
  const problems: string[] = [];
  for (const [file, source] of files) {
    const from = layerOf(file, within);
    if (from === null) continue;
    const allowed = rules.get(from);
    if (allowed === undefined) {
      problems.push(`${file}: src/${within}${from} is not in ARCHITECTURE.md's layer table`);
      continue;
    }
    for (const { target } of importsOf(file, source, files)) {
      const to = layerOf(target, within);
      if (to !== null && to !== from && !allowed.has(to))
        problems.push(`${file} imports ${target}: src/${within}${from} may not import src/${within}${to}`);
    }
  }
  return problems.sort();
}

/**
 * Every import cycle, one per strongly connected component of more than one
 * file (or a file importing itself), over every import: static, dynamic and
 * type-only ones (erased by the compiler, a type-only cycle still ties the
 * files' concepts together); with `loading`, over the imports that load code.
 */
export function importCycles(files: SourceFiles, options: { loading?: boolean } = {}): string[][] {
  const loaded = (file: string, source: string): string[] =>
    importsOf(file, source, files)
      .filter((edge) => !(options.loading === true && edge.typeOnly))
      .map((edge) => edge.target);
  const graph = new Map([...files].map(([file, source]) => [file, loaded(file, source)] as const));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file)!) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)!.includes(file)) cycles.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

export const SOURCE_ROOT = fileURLToPath(new URL('../../src/', import.meta.url));
