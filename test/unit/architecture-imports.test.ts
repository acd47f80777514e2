import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  importCycles,
  layerViolations,
  parseLayerTable,
  readSourceTree,
  SOURCE_ROOT,
} from '../helpers/import-graph.js';

const ARCHITECTURE = readFileSync(new URL('../../ARCHITECTURE.md', import.meta.url), 'utf8');

const TABLE = `
## Layers

| folder | owns | may import |
| --- | --- | --- |
| \`src/util\` | helpers | nothing |
| \`src/schema\` | the model | util |
| \`src/autogen\` | the comparator | schema (its model types), util |
| \`src/cli\` | the command line | everything above |

## Next section
`;

const STAGES = `
## The comparator

| folder | owns | may import |
| --- | --- | --- |
| \`src/autogen/graph\` | walks | nothing |
| \`src/autogen/diff\` | comparisons | graph |
| \`src/autogen/plan\` | several steps | everything above |
`;

describe('imports in src/', () => {
  it("follow ARCHITECTURE.md's layer table", () => {
    expect(layerViolations(readSourceTree(SOURCE_ROOT), parseLayerTable(ARCHITECTURE))).toEqual([]);
  });

  it("inside src/autogen, follow the comparator's stage table", () => {
    const stages = parseLayerTable(ARCHITECTURE, 'The comparator', 'src/autogen');
    expect([...stages.get('diff')!]).toEqual(['graph']);
    expect(layerViolations(readSourceTree(SOURCE_ROOT), stages, 'autogen/')).toEqual([]);
  });

  it('form no cycle, type-only imports counted', () => {
    expect(importCycles(readSourceTree(SOURCE_ROOT))).toEqual([]);
  });
});

describe('the import checks', () => {
  it('read the layer table, "nothing" and "everything above" included', () => {
    const rules = parseLayerTable(TABLE);
    expect([...rules.keys()]).toEqual(['util', 'schema', 'autogen', 'cli']);
    expect([...rules.get('util')!]).toEqual([]);
    expect([...rules.get('autogen')!]).toEqual(['schema', 'util']);
    expect([...rules.get('cli')!]).toEqual(['util', 'schema', 'autogen']);
  });

  it('report an import pointing up, and one from a folder the table lacks', () => {
    const files = new Map([
      ['util/a.ts', "import { b } from '../schema/b.js';\n"],
      ['schema/b.ts', "import type { a } from '../util/a.js';\nexport const b = 1;\n"],
      ['autogen/c.ts', "export { b } from '../schema/b.js';\nconst lazy = () => import('../cli/d.js');\n"],
      ['cli/d.ts', "import '../autogen/c.js';\n"],
      ['extra/e.ts', "import { b } from '../schema/b.js';\n"],
      ['index.ts', "export * from './cli/d.js';\n"],
    ]);
    expect(layerViolations(files, parseLayerTable(TABLE))).toEqual([
      'autogen/c.ts imports cli/d.ts: src/autogen may not import src/cli',
      "extra/e.ts: src/extra is not in ARCHITECTURE.md's layer table",
      'util/a.ts imports schema/b.ts: src/util may not import src/schema',
    ]);
  });

  it('read a table of the folders of one layer, and check only the files in them', () => {
    const rules = parseLayerTable(STAGES, 'The comparator', 'src/autogen');
    expect([...rules.keys()]).toEqual(['graph', 'diff', 'plan']);
    expect([...rules.get('plan')!]).toEqual(['graph', 'diff']);
    const files = new Map([
      ['autogen/compare.ts', "import { p } from './plan/p.js';\n"],
      ['autogen/steps.ts', 'export const s = 1;\n'],
      ['autogen/graph/g.ts', "import { s } from '../steps.js';\n"],
      ['autogen/diff/d.ts', "import { g } from '../graph/g.js';\nimport type { P } from '../plan/p.js';\n"],
      ['autogen/diff/sub/e.ts', "import { p } from '../../plan/p.js';\n"],
      ['autogen/plan/p.ts', "import { d } from '../diff/d.js';\nimport { u } from '../../util/u.js';\n"],
      ['autogen/extra/x.ts', 'export const x = 1;\n'],
      ['util/u.ts', "import { d } from '../autogen/diff/d.js';\n"],
    ]);
    expect(layerViolations(files, rules, 'autogen/')).toEqual([
      'autogen/diff/d.ts imports autogen/plan/p.ts: src/autogen/diff may not import src/autogen/plan',
      'autogen/diff/sub/e.ts imports autogen/plan/p.ts: src/autogen/diff may not import src/autogen/plan',
      "autogen/extra/x.ts: src/autogen/extra is not in ARCHITECTURE.md's layer table",
    ]);
  });

  it('find a cycle through three files, dynamic imports included, and one through a type-only import unless loading only', () => {
    const cycle = new Map([
      ['autogen/a.ts', "import { b } from './b.js';\n"],
      ['autogen/b.ts', "import { type C, c } from './sub/c.js';\nexport const b = 1;\n"],
      ['autogen/sub/c.ts', "export type C = number;\nexport const c = 2;\nconst lazy = () => import('../a.js');\n"],
      ['autogen/d.ts', "import { b } from './b.js';\n"],
    ]);
    expect(importCycles(cycle)).toEqual([['autogen/a.ts', 'autogen/b.ts', 'autogen/sub/c.ts']]);
    const chain = new Map([
      ['autogen/a.ts', "import { b } from './b.js';\n"],
      ['autogen/b.ts', "import type { A } from './a.js';\nexport const b = 1;\n"],
    ]);
    expect(importCycles(chain)).toEqual([['autogen/a.ts', 'autogen/b.ts']]);
    expect(importCycles(chain, { loading: true })).toEqual([]);
  });

  it('refuse an import it cannot resolve', () => {
    expect(() => importCycles(new Map([['autogen/a.ts', "import { b } from './missing.js';\n"]]))).toThrow(
      "autogen/a.ts: cannot resolve import './missing.js'",
    );
  });
});
