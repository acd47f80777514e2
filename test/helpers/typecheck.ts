import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The newest and the oldest modification time under `dir` (files and folders), of names ending in `suffix`. */
function modifiedRange(dir: string, suffix: string): { newest: number; oldest: number } {
  let newest = statSync(dir).mtimeMs;
  let oldest = Infinity;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isDirectory() && !entry.name.endsWith(suffix)) continue;
    const at = statSync(path).mtimeMs;
    newest = Math.max(newest, at);
    if (!entry.isDirectory()) oldest = Math.min(oldest, at);
  }
  return { newest, oldest };
}

/**
 * What `athanor` resolves to: the build's declarations when every one of them
 * is newer than every source file and folder (`npm test` builds first), as a
 * user's project resolves the package; the sources otherwise. The
 * declarations are checked several times faster, having no bodies to infer from.
 */
function packageEntry(): string {
  const built = join(root, 'dist');
  if (!existsSync(join(built, 'index.d.ts'))) return 'src/index.ts';
  const declarations = modifiedRange(built, '.d.ts');
  return modifiedRange(join(root, 'src'), '.ts').newest < declarations.oldest ? 'dist/index.d.ts' : 'src/index.ts';
}

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
  paths: { athanor: [packageEntry()], 'athanor/testing': [packageEntry().replace(/index(\.d)?\.ts$/, 'testing$1.ts')] },
};

/** The library's sources and `@types` parsed once per test file, reused by every program after the first. */
let previous: ts.Program | undefined;

/**
 * The diagnostics `tsc --strict` reports for the files under any of `dirs`
 * in a program over `files`, with the options' and global ones: the library's
 * own sources are not judged here, so only those files are checked (the
 * sources only as far as they use them). `athanor` resolves to the package's
 * declarations when the build is fresh, to the sources otherwise (`packageEntry`).
 * `stricter` adds options (`exactOptionalPropertyTypes`, ...).
 */
export function strictDiagnostics(
  files: readonly string[],
  dirs: readonly string[],
  stricter: ts.CompilerOptions = {},
): ts.Diagnostic[] {
  const program = ts.createProgram({
    rootNames: [...files],
    options: { ...options, ...stricter },
    oldProgram: previous,
  });
  previous = program;
  const judged = program.getSourceFiles().filter((file) => dirs.some((dir) => file.fileName.startsWith(dir)));
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...judged.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ];
}

/** `strictDiagnostics` of the files under `dir`, as `file: message`. */
export function strictTypeErrors(files: readonly string[], dir: string): string[] {
  return strictDiagnostics(files, [dir]).map(
    (d) =>
      `${d.file === undefined ? '' : `${basename(d.file.fileName)}: `}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );
}
