import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { afterAll } from 'vitest';
import { buildSchemaModel, isMetadata, type SchemaModel } from '../../src/schema/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ModelFiles {
  /** The folder the model files are written to (removed after the test file). */
  dir: string;
  /** Writes `source` as a new `models-N.ts`; its path. */
  writeSource(source: string): string;
  /** The model a model file declares, built as `migrate` builds it (`athanor` is the sources). */
  loadFile(path: string): Promise<SchemaModel>;
  /** `loadFile` of `source` written as a new file. */
  loadSource(source: string): Promise<SchemaModel>;
}

/** A temporary folder of model files for one test file, loaded through jiti without caches. */
export function modelFiles(prefix: string): ModelFiles {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const jiti = createJiti(import.meta.url, {
    alias: { athanor: join(root, 'src/index.ts') },
    moduleCache: true,
    fsCache: true,
  });
  let counter = 0;
  const writeSource = (source: string): string => {
    counter += 1;
    const file = join(dir, `models-${counter}.ts`);
    writeFileSync(file, source);
    return file;
  };
  const loadFile = async (path: string): Promise<SchemaModel> => {
    const module = await jiti.import<Record<string, unknown>>(path);
    const metadata = Object.values(module).find(isMetadata);
    if (!metadata) throw new Error(`${path} exports no metadata`);
    return buildSchemaModel(metadata);
  };
  return { dir, writeSource, loadFile, loadSource: (source) => loadFile(writeSource(source)) };
}
