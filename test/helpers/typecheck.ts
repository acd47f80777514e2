import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));

const options: ts.CompilerOptions = {
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
};

/** The library's sources and `@types` parsed once per test file, reused by every program after the first. */
let previous: ts.Program | undefined;

/**
 * The type errors `tsc --strict` reports for `files` (as `file: message`),
 * limited to files under `dir`: the library's own sources are not judged
 * here, so only the given files are checked (the sources only as far as the
 * given files use them). `athanor` resolves to the sources, as a user's
 * project resolves it to the package.
 */
export function strictTypeErrors(files: readonly string[], dir: string): string[] {
  const program = ts.createProgram({ rootNames: [...files], options, oldProgram: previous });
  previous = program;
  const judged = program.getSourceFiles().filter((file) => file.fileName.startsWith(dir));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...judged.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ];
  return diagnostics.map(
    (d) =>
      `${d.file === undefined ? '' : `${basename(d.file.fileName)}: `}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );
}
