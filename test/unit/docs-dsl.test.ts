import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderModelSource } from '../../src/pull/render-model.js';
import * as athanor from '../../src/index.js';
import { buildSchemaModel, isMetadata, type Metadata } from '../../src/index.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';
import { strictDiagnostics } from '../helpers/typecheck.js';

/**
 * docs/model-dsl.md cannot drift from the code: every ```ts block is
 * type-checked and loaded (its metadata built, or, for a block starting with
 * `// throws: MESSAGE`, building it must fail with that message), and the
 * tables marked `<!-- test: ... -->` are checked against what the DSL does.
 * The example project in migrations-example/ is type-checked with them.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = join(ROOT, 'docs', 'model-dsl.md');
const LIBRARY = join(ROOT, 'src', 'index.ts');
const EXAMPLE = join(ROOT, 'migrations-example');

interface Block {
  /** 1-based line of the first code line in the doc. */
  line: number;
  source: string;
  marker: string | null;
}

interface Table {
  line: number;
  marker: string;
  /** Body rows, cells unescaped; each with its doc line. */
  rows: { line: number; cells: string[] }[];
}

/** Blocks and marked tables, in document order. */
type Part = ({ kind: 'block' } & Block) | ({ kind: 'table' } & Table);

function splitRow(line: string): string[] {
  const cells = line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/);
  return cells.map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function parseDoc(text: string): Part[] {
  const lines = text.split('\n');
  const parts: Part[] = [];
  let marker: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const found = /^<!-- test: ([\w-]+) -->$/.exec(line.trim());
    if (found) {
      marker = found[1]!;
    } else if (line.startsWith('```ts')) {
      const start = i + 1;
      while (i + 1 < lines.length && !lines[i + 1]!.startsWith('```')) i++;
      parts.push({ kind: 'block', line: start + 1, source: lines.slice(start, i + 1).join('\n') + '\n', marker });
      i++;
      marker = null;
    } else if (line.startsWith('|') && marker !== null) {
      const table: Table = { line: i + 1, marker, rows: [] };
      for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++)
        table.rows.push({ line: i + 1, cells: splitRow(lines[i]!) });
      i--; // the line after the table is read again by the loop
      parts.push({ kind: 'table', ...table });
      marker = null;
    }
  }
  return parts;
}

const parts = parseDoc(readFileSync(DOC, 'utf8'));
const blocks = parts.filter((p): p is Part & { kind: 'block' } => p.kind === 'block');
const tables = parts.filter((p): p is Part & { kind: 'table' } => p.kind === 'table');
const columnTypes = tables.find((t) => t.marker === 'column-types');

/** Text inside backticks, e.g. the code of a table cell. */
function code(cell: string): string {
  const match = /^`(.*)`$/.exec(cell);
  if (!match) throw new Error(`expected a \`code\` cell, got ${cell}`);
  return match[1]!;
}

/** Every `identifier` in a cell: the names a row lists. */
function identifiers(cell: string): string[] {
  return [...cell.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1]!);
}

// ---- files -------------------------------------------------------------------

let dir: string;
const blockFiles = new Map<Block, string>();
let columnTypesFile: string;

/** The column-types table as one module: a table per row, and a type assertion per row. */
function columnTypesModule(table: Table): string {
  const used = new Set(['defineMetadata']);
  for (const row of table.rows) {
    for (const m of code(row.cells[0]!).matchAll(/\b([A-Za-z]+)\s*[(<]/g)) if (m[1]! in athanor) used.add(m[1]!);
  }
  const lines = [
    `import { ${[...used].sort().join(', ')} } from 'athanor';`,
    "import type { RowOf } from 'athanor';",
    'type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;',
    'function expectType<T extends true>(): void {}',
    'export const metadata = defineMetadata();',
    "const mood = metadata.enum('mood', ['sad', 'ok', 'happy']);",
  ];
  table.rows.forEach((row, i) => {
    lines.push(`export const t${i} = metadata.table('t${i}', { c: ${code(row.cells[0]!)} }); // doc line ${row.line}`);
    lines.push(
      `expectType<Equal<Exclude<RowOf<typeof t${i}>['c'], null>, ${code(row.cells[2]!)}>>(); // doc line ${row.line}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

function writeFiles(): void {
  dir = mkdtempSync(join(tmpdir(), 'athanor-docs-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  blocks.forEach((block, i) => {
    const path = join(dir, `block-${String(i).padStart(2, '0')}-line-${block.line}.ts`);
    writeFileSync(path, block.source);
    blockFiles.set(block, path);
  });
  columnTypesFile = join(dir, 'column-types.ts');
  writeFileSync(columnTypesFile, columnTypes ? columnTypesModule(columnTypes) : '');
}

function exampleFiles(folder = EXAMPLE): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (name === '.athanor' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return exampleFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

// ---- type-checking -----------------------------------------------------------

let diagnostics: readonly ts.Diagnostic[] = [];

/** Errors in the files under `folder`, as `file:line: message`. */
function errorsIn(folder: string, describeFile: (path: string, line: number) => string): string[] {
  return diagnostics
    .filter((d) => d.file !== undefined && d.file.fileName.startsWith(folder))
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${describeFile(d.file!.fileName, line)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

/** Where in the doc a line of a temporary file comes from. */
function docLine(path: string, line: number): string {
  const block = [...blockFiles].find(([, file]) => file === path)?.[0];
  if (block) return `docs/model-dsl.md:${block.line + line}`;
  const source = readFileSync(path, 'utf8').split('\n')[line] ?? '';
  return `docs/model-dsl.md:${/doc line (\d+)/.exec(source)?.[1] ?? '?'} (column types table)`;
}

// ---- loading -----------------------------------------------------------------

const jiti = createJiti(import.meta.url, { alias: { athanor: LIBRARY } });

async function loadMetadata(path: string): Promise<Metadata> {
  const module = (await jiti.import(path)) as Record<string, unknown>;
  const found = [...new Set(Object.values(module).filter(isMetadata))];
  expect(found, `${path} exports one metadata`).toHaveLength(1);
  return found[0]!;
}

let serial = 0;

/** A names-model block with a naming convention put into its `defineMetadata()`. */
async function modelWithConvention(block: Block, kind: string, template: string): Promise<SchemaModel> {
  expect(block.source).toContain('defineMetadata()');
  const source = block.source.replace(
    'defineMetadata()',
    `defineMetadata({ namingConvention: { ${kind}: ${JSON.stringify(template)} } })`,
  );
  const path = join(dir, `convention-${serial++}.ts`);
  writeFileSync(path, source);
  return buildSchemaModel(await loadMetadata(path));
}

const KINDS: Record<string, (t: TableModel) => string[]> = {
  pk: (t) => (t.primaryKey ? [t.primaryKey.name] : []),
  uq: (t) => t.uniques.map((u) => u.name),
  ix: (t) => t.indexes.map((i) => i.name),
  fk: (t) => t.foreignKeys.map((f) => f.name),
  ck: (t) => t.checks.map((c) => c.name),
};

function namesOf(model: SchemaModel, kind: string): string[] {
  const pick = KINDS[kind];
  if (!pick) throw new Error(`unknown kind ${kind}`);
  return model.tables.flatMap(pick);
}

/** The kind a default-names row talks about, from the words it starts with. */
function kindOfObject(cell: string): string {
  const words: [string, string][] = [
    ['primary key', 'pk'],
    ['unique', 'uq'],
    ['foreign key', 'fk'],
    ['index', 'ix'],
    ['check', 'ck'],
  ];
  const found = words.find(([word]) => cell.startsWith(word));
  if (!found) throw new Error(`cannot tell the kind of "${cell}"`);
  return found[1];
}

// ---- tests -------------------------------------------------------------------

beforeAll(() => {
  writeFiles();
  diagnostics = strictDiagnostics([...blockFiles.values(), columnTypesFile, ...exampleFiles()], [dir, EXAMPLE]);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('docs/model-dsl.md', () => {
  it('has its examples and tested tables', () => {
    expect(blocks.length).toBeGreaterThan(10);
    expect(columnTypes?.rows.length).toBeGreaterThan(30);
    expect(tables.filter((t) => t.marker === 'naming-tokens')).toHaveLength(1);
    expect(tables.filter((t) => t.marker === 'default-names').length).toBeGreaterThanOrEqual(2);
    expect(blocks.filter((b) => b.marker === 'pull-output')).toHaveLength(1);
  });

  it('type-checks every ts block and the column types table', () => {
    expect(errorsIn(dir, docLine)).toEqual([]);
  });

  it('builds the model of every block, or fails with the message a `// throws:` block names', async () => {
    for (const block of blocks) {
      const metadata = await loadMetadata(blockFiles.get(block)!);
      const throws = /^\/\/ throws: (.*)$/m.exec(block.source.split('\n')[0] ?? '');
      if (throws) expect(() => buildSchemaModel(metadata), `block at line ${block.line}`).toThrow(throws[1]!);
      else expect(() => buildSchemaModel(metadata), `block at line ${block.line}`).not.toThrow();
    }
  });

  it('gives each column type its Postgres type', async () => {
    const model = buildSchemaModel(await loadMetadata(columnTypesFile));
    const types = columnTypes!.rows.map((_, i) => model.tables.find((t) => t.name === `t${i}`)?.columns[0]?.type);
    expect(types).toEqual(columnTypes!.rows.map((row) => code(row.cells[1]!)));
  });

  it('gives the names the naming convention and default name tables say', async () => {
    let model: Block | null = null;
    for (const part of parts) {
      if (part.kind === 'block' && part.marker === 'names-model') model = part;
      if (part.kind !== 'table' || !['naming-tokens', 'default-names'].includes(part.marker)) continue;
      if (model === null) throw new Error(`the table at line ${part.line} has no names-model block before it`);
      const plain = buildSchemaModel(await loadMetadata(blockFiles.get(model)!));
      for (const row of part.rows) {
        const [first, second, third] = row.cells as [string, string, string?];
        const built =
          part.marker === 'naming-tokens' ? await modelWithConvention(model, code(first), code(second)) : plain;
        const kind = part.marker === 'naming-tokens' ? code(first) : kindOfObject(first);
        const listed = identifiers(part.marker === 'naming-tokens' ? third! : second);
        expect(listed.length, `line ${row.line}`).toBeGreaterThan(0);
        expect(namesOf(built, kind), `line ${row.line}`).toEqual(expect.arrayContaining(listed));
      }
    }
  });

  it('shows what `migrate pull` writes: the model renders back to exactly that file', async () => {
    const block = blocks.find((b) => b.marker === 'pull-output')!;
    const model = buildSchemaModel(await loadMetadata(blockFiles.get(block)!));
    expect(renderModelSource(model)).toBe(block.source);
  });
});

describe('migrations-example', () => {
  it('type-checks: models, config and every revision', () => {
    expect(exampleFiles().length).toBeGreaterThan(5);
    expect(errorsIn(EXAMPLE, (path, line) => `${relative(ROOT, path)}:${line + 1}`)).toEqual([]);
  });
});
