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

describe('imports in src/', () => {
  it("follow ARCHITECTURE.md's layer table", () => {
    expect(layerViolations(readSourceTree(SOURCE_ROOT), parseLayerTable(ARCHITECTURE))).toEqual([]);
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
