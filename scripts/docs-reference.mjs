// Writes docs/reference/ from the built code (`npm run docs:reference` builds it first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referencePages } from '../dist/docs-reference.js';

const dir = fileURLToPath(new URL('../docs/reference/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(referencePages())) {
  writeFileSync(join(dir, name), text);
  console.log(`wrote docs/reference/${name}`);
}
