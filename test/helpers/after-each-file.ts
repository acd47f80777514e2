import { afterAll } from 'vitest';
import { dropWaiting } from './database.js';
import { dropBases } from './mutation.js';

// Run before each integration test file (vitest's setupFiles): what a file's cases left for the
// whole file, and the databases of its cases (test/helpers/database.ts), are dropped after it, though
// the file shares its helpers' modules with the files before.
afterAll(async () => {
  await dropBases();
  await dropWaiting();
});
