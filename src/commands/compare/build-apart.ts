/**
 * The program of the child process that builds and keeps a model file's
 * model for its parent (`declared-model.ts`): `node build-apart.js <model
 * file> <project root>`. It loads the file once, so it compiles it itself,
 * from the text (or the code cache `pull` made for it), without making a
 * code cache or starting the loader's own child for that. The exit code
 * says whether the model was kept.
 */
import { getPriority, setPriority } from 'node:os';
import { compileInThisProcess } from '../../loader/code-cache.js';

/**
 * How much lower than its parent's the child's scheduling priority is
 * (`nice`). The parent waits for both the child and the database's reading,
 * and at 10,000 tables the reading, one server process working through its
 * statements, ends last: given way to, the server gets more of the cores
 * while the child still ends first (`revision --autogenerate` after an edit,
 * median of six alternating runs 8.8 -> 8.4 s).
 */
const NICER = 5;

const [path, root] = process.argv.slice(2);
if (path === undefined || root === undefined) throw new Error('usage: build-apart.js <model file> <project root>');
try {
  setPriority(Math.min(19, getPriority() + NICER));
} catch {
  // A system that does not let the process lower its own priority: it runs as it is.
}
compileInThisProcess();
const { keepBuiltModel } = await import('./declared-model.js');
await keepBuiltModel(path, root);
