import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The type errors `tsc --strict` reports for `files`, limited to files under
 * `dir` (the library's own sources are not judged here). `athanor` resolves
 * to the sources, as a user's project resolves it to the package.
 */
export function strictTypeErrors(files: readonly string[], dir: string): string[] {
  const program = ts.createProgram([...files], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(root, 'node_modules/@types')],
    baseUrl: root,
    paths: { athanor: ['src/index.ts'] },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || d.file.fileName.startsWith(dir))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
