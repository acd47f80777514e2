/**
 * The program of the child process that builds and keeps a model file's
 * model for its parent (`declared-model.ts`): `node build-apart.js <model
 * file> <project root>`. It loads the file once, so it compiles it itself,
 * from the text (or the code cache `pull` made for it), without making a
 * code cache or starting the loader's own child for that, and lets its
 * heap grow further between collections. The exit code says whether the
 * model was kept.
 */
import { compileInThisProcess } from '../../loader/code-cache.js';
import { growHeapForBuild } from '../../loader/heap-tuning.js';

const [path, root] = process.argv.slice(2);
if (path === undefined || root === undefined) throw new Error('usage: build-apart.js <model file> <project root>');
compileInThisProcess();
growHeapForBuild();
const { keepBuiltModel } = await import('./declared-model.js');
await keepBuiltModel(path, root);
