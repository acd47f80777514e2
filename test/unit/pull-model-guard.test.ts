import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { init } from '../../src/commands/revisions/init.js';
import { declaresTables } from '../../src/commands/compare/pull.js';

describe('pull refuses to overwrite a model only when its code declares tables', () => {
  it('the model file `init` writes declares none, though its comment shows metadata.table(', () => {
    const dir = mkdtempSync(join(tmpdir(), 'athanor-init-'));
    try {
      init(dir);
      const model = readFileSync(join(dir, 'models.ts'), 'utf8');
      expect(model).toContain('metadata.table(');
      expect(declaresTables(model)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a table declared in code counts, one in a line or block comment does not', () => {
    expect(declaresTables("export const t = metadata.table('t', {});")).toBe(true);
    expect(declaresTables("// metadata.table('t', {})\nconst x = 1;")).toBe(false);
    expect(declaresTables("/* metadata.table('t', {}) */\nconst x = 1;")).toBe(false);
    expect(declaresTables("/* old */ export const t = metadata.table('t', {});")).toBe(true);
  });
});
