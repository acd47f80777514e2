import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import { tuneHeapForLargeFiles, withCodeCacheFlags } from './heap-tuning.js';

/** The bytes of a SHA-256 digest: the cache file starts with two of them. */
const DIGEST = 32;

/** A function compiled by `vm.compileFunction`, with what it says of the cached data. */
type Compiled = ReturnType<typeof compileFunction> & { cachedData?: Buffer; cachedDataRejected?: boolean };

/**
 * Compiles `body` as the body of a function without parameters, with V8's
 * code cache: the compiled code of an earlier compile of the same text, kept
 * in `folder` in one file per source file (named like the transform cache's,
 * so an edited file replaces its own). With it, V8 reads compiled code back
 * instead of parsing and compiling the text again, which for a model of
 * megabytes (one huge function) takes a fraction of the memory and the time.
 * The file names the text and the Node release it was made for and carries a
 * checksum of its data; when these differ the function is compiled from its
 * text and the cache written anew, and when V8 rejects the data (it compiles
 * from the text then) the file is removed, for the next run to write.
 * Writing is best-effort: a cache that cannot be written only makes the next
 * run slower. A function, not a script: V8 keeps a script's compiled code and
 * text in its compilation cache after the run (megabytes the command no
 * longer needs), and a function's it does not.
 */
export function compileCached(body: string, filename: string, folder: string): () => unknown {
  const last = lastCompiled;
  lastCompiled = undefined;
  if (last?.filename === filename && last.body === body) return last.compiled;
  const collect = tuneHeapForLargeFiles();
  const file = cacheFile(filename, folder);
  const key = createHash('sha256')
    .update(`${process.version}\0${process.versions.v8}\0${process.arch}\0${filename}\0`)
    .update(body)
    .digest();
  const cachedData = readCache(file, key);
  // Compiling from the text follows a transform (the file is new or edited), whose garbage would add to the parser's memory.
  if (cachedData === undefined) {
    collect?.();
    compiledFromText = true;
  }
  if (cachedData === undefined && !writesCodeCache) {
    const compiled = compileFunction(body, [], { filename }) as () => unknown;
    lastCompiled = { filename, body, compiled };
    return compiled;
  }
  const compiled: Compiled = withCodeCacheFlags(() =>
    compileFunction(body, [], {
      filename,
      ...(cachedData === undefined ? { produceCachedData: true } : { cachedData }),
    }),
  );
  if (compiled.cachedDataRejected === true) remove(file);
  if (compiled.cachedData !== undefined) writeCache(file, key, compiled.cachedData);
  delete compiled.cachedData;
  return compiled as () => unknown;
}

let compiledFromText = false;

/** Whether a compile from the text makes the code cache (`compileInThisProcess` says not). */
let writesCodeCache = true;

/**
 * The last function compiled from its text without making the code cache,
 * until the next compile: the transform's check compiles the file
 * (`plainModule`), and the import that follows compiles the same body again
 * (it gets this function, and the body is neither hashed nor compiled twice).
 */
let lastCompiled: { filename: string; body: string; compiled: () => unknown } | undefined;

/**
 * This process compiles the large files it loads from their text, or reads
 * a code cache made for them already, but does not make one: for a process
 * that loads a file once, in a process of its own (the child that builds a
 * model, `build-apart.ts`), which would spend more making and reading the
 * cache (some 30 MB for a model of 10,000 tables) than the compile itself.
 * The loader then starts no child to compile (`compile-apart.ts`) either.
 */
export function compileInThisProcess(): void {
  writesCodeCache = false;
}

/** Whether the code caches of large files are made, here or in a child (unless `compileInThisProcess` was called). */
export function codeCachesMade(): boolean {
  return writesCodeCache;
}

/** Lets go of the function kept for the compile that would follow a transform's check, when none follows. */
export function forgetCompiled(): void {
  lastCompiled = undefined;
}

/**
 * Whether this process compiled a file from its text, without a code cache
 * (the file was new or edited). Such a run has used memory it may not give
 * back to the system, and a caller can choose to spend less on top of it.
 */
export function compiledWithoutCache(): boolean {
  return compiledFromText;
}

/** Where the code cache of `filename` is kept. */
export function cacheFile(filename: string, folder: string): string {
  const id = createHash('sha256').update(filename).digest('hex').slice(0, 10);
  return join(folder, `${basename(dirname(filename))}-${basename(filename)}.${id}.v8cache`);
}

/**
 * The cached data in `file` when it was made for `key` and is whole. The
 * key is read first: a cache made for another text (the file was edited,
 * some 30 MB at 10,000 tables) is not read past it.
 */
function readCache(file: string, key: Buffer): Buffer | undefined {
  const head = Buffer.alloc(2 * DIGEST);
  let payload: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      // Read from the file's position: the key and checksum, then (readFileSync of a descriptor) the rest.
      if (readSync(fd, head, 0, head.length, null) !== head.length || !head.subarray(0, DIGEST).equals(key))
        return undefined;
      payload = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (payload.length === 0) return undefined;
  const sum = createHash('sha256').update(payload).digest();
  return sum.equals(head.subarray(DIGEST)) ? payload : undefined;
}

/** Writes the cache whole or not at all: to a file of its own, then renamed over the old one. */
function writeCache(file: string, key: Buffer, payload: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      for (const part of [key, createHash('sha256').update(payload).digest(), payload]) writeFileSync(fd, part);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch {
    // Only a cache: without it the next run compiles from the text, as this one did.
    remove(temporary);
  }
}

function remove(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // A file that cannot be removed is not read as a cache again: its key or checksum no longer matches, or V8 rejects it.
  }
}
