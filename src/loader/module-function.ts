import { compileFunction } from 'node:vm';

/** What a module function is called with, as jiti calls it. */
const MODULE_ARGUMENTS = 'exports, require, module, __filename, __dirname, jitiImport, jitiESMResolve';

/**
 * The body of a function that returns the module function of `code` (a
 * user file's transform): an async function, so that top-level `await`
 * works, of the arguments jiti passes.
 */
export function moduleFunctionBody(code: string): string {
  return `return (async function (${MODULE_ARGUMENTS}) { ${code}\n});`;
}

/** Whether V8 compiles `code` as the module function's body. */
export function compilesAsModule(code: string): boolean {
  try {
    compileFunction(moduleFunctionBody(code), []);
    return true;
  } catch {
    return false;
  }
}
