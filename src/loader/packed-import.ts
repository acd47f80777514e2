import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import { createJiti } from 'jiti';
import { moduleFunctionBody } from './module-function.js';
import { requiresOnlyPackages, TYPESCRIPT, withoutCacheStamp, type Loader } from './compiled-import.js';

/**
 * Many small user files imported at once (a run's revisions): their
 * transforms are kept together in one file of the loader's cache (a pack), so
 * that a thousand files cost one read instead of jiti's resolution, read,
 * hash and cache read of each. Each file is still compiled as a function of
 * its own, named for its path (errors and stacks point into the file), with
 * the arguments jiti gives a module and in an async function, so top-level
 * `await` works. The caller gives each file a key of its text (its checksum):
 * a file whose key matches its entry in the pack is not read at all; any
 * other is transformed through jiti (its cache of transforms included) and
 * the pack written anew. A file that requires a file of the user's (a
 * relative path), which only jiti's evaluation resolves, or whose compile
 * fails (for jiti's message) is imported by jiti.
 */

export interface PackedFile {
  path: string;
  /** A fingerprint of the file's text, as the caller read it. */
  key: string;
}

interface PackEntry {
  key: string;
  code: string;
}

type Pack = Record<string, PackEntry>;

/** Imports the files in order; each promise is the module's exports, or why it did not load. */
export async function importPacked(
  loader: Loader,
  files: readonly PackedFile[],
): Promise<Map<string, Promise<unknown>>> {
  const packFile = join(loader.options.fsCache, packName(files));
  const pack = readPack(packFile);
  let changed = false;
  const results = new Map<string, Promise<unknown>>();
  const requires = new Map<string, ReturnType<typeof createJiti>>();
  for (const { path, key } of files) {
    let entry = pack[path];
    if (entry?.key !== key) {
      const code = transformed(loader, path);
      if (typeof code !== 'string') {
        results.set(path, code === null ? loader.jiti.import(path) : Promise.reject(code.error));
        continue;
      }
      entry = pack[path] = { key, code };
      changed = true;
    }
    results.set(path, evaluate(loader, requires, path, entry.code));
  }
  if (changed) writePack(packFile, pack);
  // Settled in order by the caller; a failure is its to report, not an unhandled rejection here.
  for (const result of results.values()) result.catch(() => undefined);
  return results;
}

/**
 * The pack of a set of folders (the folders of the files, whatever files of
 * them a run imports), named after the first as jiti names its transforms.
 */
function packName(files: readonly PackedFile[]): string {
  const folders = [...new Set(files.map((file) => dirname(file.path)))].sort();
  const hash = createHash('sha256').update(folders.join('\0')).digest('hex').slice(0, 16);
  return `${basename(folders[0] ?? '')}-pack-${hash}.json`;
}

function readPack(file: string): Pack {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Pack) : {};
  } catch {
    return {};
  }
}

/** Writes the pack without the files that are gone; best-effort, through a new file renamed over the old one. */
function writePack(file: string, pack: Pack): void {
  const kept: Pack = {};
  for (const [path, entry] of Object.entries(pack)) if (existsSync(path)) kept[path] = entry;
  try {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(kept), { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // Only the next run's speed depends on it.
  }
}

/**
 * The file's transform as jiti gives it (its own cache first); null when it
 * is jiti's to evaluate (not TypeScript, or it requires a file of the
 * user's); why not, when it cannot be read or transformed.
 */
function transformed({ jiti }: Loader, path: string): string | null | { error: unknown } {
  if (!TYPESCRIPT.test(path)) return null;
  try {
    const source = readFileSync(path, 'utf8');
    const code = withoutCacheStamp(jiti.transform({ source, filename: path, ts: true, async: true, jsx: false }));
    return requiresOnlyPackages(code) ? code : null;
  } catch (error) {
    return { error };
  }
}

async function evaluate(
  loader: Loader,
  requires: Map<string, ReturnType<typeof createJiti>>,
  path: string,
  code: string,
): Promise<unknown> {
  let moduleFunction: (...args: unknown[]) => Promise<unknown>;
  try {
    const wrapper = compileFunction(moduleFunctionBody(code), [], {
      filename: path,
    });
    moduleFunction = wrapper() as typeof moduleFunction;
  } catch (error) {
    if (error instanceof SyntaxError) return loader.jiti.import(path);
    throw error;
  }
  const folder = dirname(path);
  // Packages resolve alike from every file of a folder: one jiti per folder, made when a file requires one.
  const requireIn = (): ReturnType<typeof createJiti> => {
    let require = requires.get(folder);
    if (require === undefined) requires.set(folder, (require = createJiti(path, loader.options)));
    return require;
  };
  const require = Object.assign((id: string) => requireIn()(id), {
    resolve: (id: string) => requireIn().resolve(id),
  });
  const module = new Module(path);
  module.filename = path;
  module.require = require as unknown as NodeJS.Require;
  const jitiImport = (id: string) => requireIn().import(id);
  const esmResolve = (id: string) => requireIn().esmResolve(id);
  await moduleFunction(module.exports, require, module, path, folder, jitiImport, esmResolve);
  module.loaded = true;
  return module.exports;
}
