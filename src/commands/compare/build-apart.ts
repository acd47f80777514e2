/**
 * The program of the child process that builds and keeps a model file's
 * model for its parent (`declared-model.ts`): `node build-apart.js <model
 * file> <project root>`. The loader's own child, which transforms and
 * compiles the file, is started first, and the modules of the build load
 * while it runs; the exit code says whether the model was kept.
 */
import { prepareUserFile } from '../../loader/import-file.js';

const [path, root] = process.argv.slice(2);
if (path === undefined || root === undefined) throw new Error('usage: build-apart.js <model file> <project root>');
const caches = prepareUserFile(path);
const { keepBuiltModel } = await import('./declared-model.js');
await caches;
await keepBuiltModel(path, root);
