import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaModel } from '../../schema/model.js';
import { ensureStateDir, STATE_DIR } from '../shared/state-dir.js';
import { writeAtomically } from './canonical-cache-file.js';

/**
 * The declared model a model file built last, kept by a key of the file's
 * text and of the code that builds models, so that a command on an unchanged
 * model of 10,000 tables reads it back (one JSON.parse) instead of importing,
 * evaluating and building the file again. Only a file whose build can depend
 * on nothing but its text and Athanor's DSL is kept (`selfContained`): one
 * that imports another file or package, or reads the environment, the clock
 * or anything else outside itself, is built every time.
 */
export interface BuiltModelCache {
  /** The model built from the same text by the same code, if kept. */
  readonly model: SchemaModel | undefined;
  /** Keeps `model`, built from the text read when the cache was opened. */
  save(model: SchemaModel): void;
  /** The model kept for the same text since the cache was opened (by another process), if any. */
  readAgain(): SchemaModel | undefined;
}

/** The file, in the project's state folder, that holds the one model kept. */
const CACHE_FILE = 'built-model.json';

/** From this size on, a model file is worth keeping built. */
const WORTH_KEEPING = 256 << 10;

/**
 * The cache for the model file at `modelPath` of the project at `root`;
 * undefined when the file is small or not self-contained (it is then built
 * as before).
 */
export function openBuiltModelCache(root: string, modelPath: string): BuiltModelCache | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(modelPath);
  } catch {
    return undefined;
  }
  if (bytes.length < WORTH_KEEPING) return undefined;
  // The key hashes the file's bytes (its text's UTF-8): a model is kept only for a text found self-contained,
  // so a kept model under the same key needs neither the text decoded nor looked through again.
  const key = createHash('sha256').update(builderIdentity()).update(`\0${modelPath}\0`).update(bytes).digest('hex');
  const path = join(root, STATE_DIR, CACHE_FILE);
  const kept = readKept(path, key);
  if (kept === undefined && !selfContained(bytes.toString('utf8'))) return undefined;
  return {
    model: kept,
    save: (model) => {
      try {
        ensureStateDir(root);
      } catch {
        return; // Only spares the next run the build.
      }
      writeAtomically(path, (write) => {
        write(headerLine(key));
        writeJson(model, write);
        write('\n');
      });
    },
    readAgain: () => readKept(path, key),
  };
}

/**
 * `JSON.stringify(model)` handed to `write` a top-level list's item at a
 * time, so that the text of a model of 10,000 tables (some 30 MB) is never
 * held whole: the same text, in pieces.
 */
function writeJson(model: SchemaModel, write: (piece: string) => void): void {
  let first = true;
  write('{');
  for (const [name, value] of Object.entries(model) as [string, unknown][]) {
    const whole: string | undefined = Array.isArray(value) ? '' : JSON.stringify(value);
    if (whole === undefined) continue; // as JSON.stringify leaves such a property out
    write(`${first ? '' : ','}${JSON.stringify(name)}:`);
    first = false;
    if (!Array.isArray(value)) write(whole);
    else {
      write('[');
      value.forEach((item: unknown, i) => write(`${i === 0 ? '' : ','}${JSON.stringify(item) ?? 'null'}`));
      write(']');
    }
  }
  write('}');
}

/** The kept file's first line: the key its model was kept under. */
function headerLine(key: string): string {
  return `${JSON.stringify({ key })}\n`;
}

/** The model in `path` when it was kept under `key`; a file kept under another key is not read past its first line. */
function readKept(path: string, key: string): SchemaModel | undefined {
  try {
    const header = Buffer.from(headerLine(key));
    const first = Buffer.alloc(header.length);
    const fd = openSync(path, 'r');
    try {
      if (readSync(fd, first, 0, first.length, 0) !== first.length || !first.equals(header)) return undefined;
    } finally {
      closeSync(fd);
    }
    const model = JSON.parse(readFileSync(path, 'utf8').slice(header.length)) as SchemaModel | null;
    return model !== null && typeof model === 'object' && Array.isArray(model.tables) ? model : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a model file's build depends on its text alone: it imports from
 * `athanor` only (no other file or package, no `import()` or `require`),
 * and names none of the globals through which code reads the world outside
 * it (the environment, the clock, random numbers, the file system). The
 * words are looked for anywhere, in strings and comments too: a file that
 * only mentions one is built every time, which costs time, never a wrong
 * model. `pull` writes files that pass.
 */
export function selfContained(text: string): boolean {
  if (OUTSIDE_WORDS.test(text)) return false;
  for (const match of text.matchAll(SPECIFIER)) if (match[2] !== 'athanor') return false;
  return true;
}

const SPECIFIER = /\b(?:from|import)\s*(['"])([^'"]*)\1/g;
const OUTSIDE_WORDS =
  /\b(?:process|Date|Math|globalThis|global|window|require|eval|Function|fetch|crypto|performance|Intl|setTimeout|setInterval|Reflect|Proxy|WeakRef|Deno|Bun)\b|\bimport\s*[.(]/;

let identity: string | undefined;

/**
 * What names the code that builds a model: the text of every module of the
 * layers the DSL and the build live in (schema, and the sql and util they
 * import), so that a changed build never reads what an older one kept.
 */
function builderIdentity(): string {
  if (identity !== undefined) return identity;
  // This module too: what it keeps and when it finds a file self-contained.
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const layer of ['schema', 'sql', 'util']) {
    const folder = fileURLToPath(new URL(`../../${layer}/`, import.meta.url));
    for (const file of modules(folder)) hash.update(`${file}\0`).update(readFileSync(join(folder, file)));
  }
  return (identity = hash.digest('hex'));
}

/** The code files under `folder`, by path from it, sorted. */
function modules(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(js|ts)$/.test(file) && !file.endsWith('.d.ts'))
    .sort();
}
