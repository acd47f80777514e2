import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATION_KINDS } from '../../src/ops/operation-specs.js';
import { strictTypeErrors } from '../helpers/typecheck.js';

// `Operation` is the union of the entries each family's module adds to `OperationFamilies`: a program
// that reads the package through its declarations sees a family only if they lead to its module.
describe('the package’s Operation type', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'athanor-kinds-')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has every operation kind, as a user’s program reads it', () => {
    const file = join(dir, 'kinds.ts');
    const lines = OPERATION_KINDS.map((kind, i) => `export const k${i}: OperationKind = '${kind}';`);
    writeFileSync(file, [`import type { OperationKind } from 'athanor';`, ...lines, ''].join('\n'));
    expect(strictTypeErrors([file], dir)).toEqual([]);
  });
});
