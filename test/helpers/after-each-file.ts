import { afterAll } from 'vitest';
import { dropBases } from './mutation.js';

// Run before each integration test file (vitest's setupFiles): what a file's cases left for the
// whole file is dropped after it, though the file shares its helpers' modules with the files before.
afterAll(dropBases);
