import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { CanonicalCache } from '../../canonical/canonical-cache.js';
import type { TableModel } from '../../schema/model.js';
import { ensureStateDir, STATE_DIR } from '../shared/state-dir.js';

/**
 * The format of the cache file; a file of another version is ignored.
 * 2: a partitioned table's form holds the columns its key uses (`partitionKeyColumns`).
 */
export const CACHE_FORMAT = 2;

/** Where a project keeps its canonical forms: in its state folder, `.athanor/`. */
function cachePath(root: string): string {
  return join(root, STATE_DIR, 'canonical-cache.json');
}

/** The project's cache file; writing it creates the state folder with its `.gitignore` first. */
export function openProjectCache(root: string): CanonicalCacheFile {
  return openCacheFile(cachePath(root), () => ensureStateDir(root));
}

/** A cache in one JSON file, read once; `save` writes the entries this run used or made. */
export interface CanonicalCacheFile extends CanonicalCache {
  save(): void;
}

interface CacheFileData {
  version: number;
  entries: Record<string, TableModel>;
}

/**
 * Opens the cache file at `path`. A missing, unreadable, corrupt or
 * foreign-version file reads as empty: the cache only saves time, so it is
 * never a reason to fail.
 */
export function openCacheFile(path: string, beforeWrite: () => void = () => undefined): CanonicalCacheFile {
  const stored = readEntries(path);
  const used = new Map<string, TableModel>();
  let changed = false;
  return {
    get(key) {
      const table = used.get(key) ?? stored.get(key);
      if (table !== undefined) used.set(key, table);
      return table;
    },
    set(key, table) {
      used.set(key, table);
      changed = true;
    },
    save() {
      if (!changed && used.size === stored.size) return;
      // Only what this run used or made: the file follows the model and does not grow without bound.
      const data: CacheFileData = {
        version: CACHE_FORMAT,
        entries: Object.fromEntries([...used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      };
      beforeWrite();
      writeAtomically(path, `${JSON.stringify(data)}\n`);
    },
  };
}

function readEntries(path: string): Map<string, TableModel> {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFileData> | null;
    if (data === null || typeof data !== 'object' || data.version !== CACHE_FORMAT) return new Map();
    const entries = data.entries;
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) return new Map();
    return new Map(Object.entries(entries).filter(([, t]) => t !== null && typeof t === 'object' && !Array.isArray(t)));
  } catch {
    return new Map();
  }
}

/**
 * Writes a temporary file beside `path` and renames it over `path`, so a
 * reader sees the old file or the new one, never half of one. A failure to
 * write is ignored (the next run starts without the cache). The text is
 * given whole, or by a function that hands it to `write` in pieces (a large
 * file then never needs all its text in memory at once).
 */
export function writeAtomically(path: string, text: string | ((write: (piece: string) => void) => void)): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (typeof text === 'string') writeFileSync(temporary, text);
    else writeInPieces(temporary, text);
    renameSync(temporary, path);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing to clean up
    }
  }
}

/** The bytes gathered before a write of `writeInPieces`. */
const PIECES_BUFFER = 1 << 20;

function writeInPieces(path: string, text: (write: (piece: string) => void) => void): void {
  const file = openSync(path, 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    const flush = (): void => {
      writeSync(file, pending.join(''));
      pending = [];
      size = 0;
    };
    text((piece) => {
      pending.push(piece);
      size += piece.length;
      if (size >= PIECES_BUFFER) flush();
    });
    flush();
  } finally {
    closeSync(file);
  }
}
