import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CACHE_FORMAT, openCacheFile, writeAtomically } from '../../src/commands/compare/canonical-cache-file.js';
import { contextHash, tableKeys, type CacheContext } from '../../src/canonical/canonical-cache.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';
import { mutableModel, type Mutable, type MutableModel } from '../helpers/models.js';

function table(name: string, refTable?: string): TableModel {
  return {
    schema: 'public',
    name,
    columns: [
      { name: 'id', type: 'integer', nullable: false, default: null, identity: null },
      { name: 'amount', type: 'numeric', nullable: false, default: null, identity: null },
    ],
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    foreignKeys:
      refTable === undefined
        ? []
        : [
            {
              name: `${name}_fkey`,
              columns: ['id'],
              refSchema: 'public',
              refTable,
              refColumns: ['id'],
              onDelete: 'NO ACTION',
              onUpdate: 'NO ACTION',
            },
          ],
    uniques: [],
    checks: [{ name: `${name}_check`, expression: 'amount >= 0' }],
    indexes: [],
  };
}

const model = (): MutableModel =>
  mutableModel({
    schemas: [],
    enums: [{ schema: 'public', name: 'mood', values: ['ok', 'sad'] }],
    tables: [table('a'), table('b', 'a'), table('c')],
    domains: [],
  });
const server: CacheContext = {
  server: 'server  150004 PostgreSQL 15.4',
  searchPath: '"$user", public',
  schemas: ['public'],
  installed: [],
};
const keysOf = (m: SchemaModel, context = server): Map<string, string> => tableKeys(m, contextHash(m, context));

describe('canonical cache keys', () => {
  it('are the same for the same model, whatever the order of keys in its objects', () => {
    const m = model();
    const reordered = model();
    reordered.tables[0] = Object.fromEntries(
      Object.entries(reordered.tables[0]!).reverse(),
    ) as unknown as Mutable<TableModel>;
    reordered.enums[0] = { values: ['ok', 'sad'], name: 'mood', schema: 'public' };
    expect(keysOf(reordered)).toEqual(keysOf(m));
    expect(new Set(keysOf(m).values()).size).toBe(3);
  });

  it('are made only for the tables asked for, the same as when all are made', () => {
    const m = model();
    const some = tableKeys(m, contextHash(m, server), new Set(['public\u0000b']));
    expect([...some.keys()]).toEqual(['public\u0000b']);
    expect(some.get('public\u0000b')).toBe(keysOf(m).get('public\u0000b'));
  });

  it('change for the edited table and the tables naming it, not for the others', () => {
    const m = model();
    const edited = model();
    edited.tables[0]!.checks[0]!.expression = 'amount > 0';
    const [before, after] = [keysOf(m), keysOf(edited)];
    expect(after.get('public\u0000a')).not.toBe(before.get('public\u0000a'));
    expect(after.get('public\u0000b')).not.toBe(before.get('public\u0000b'));
    expect(after.get('public\u0000c')).toBe(before.get('public\u0000c'));
  });

  it('change for every table when any other declared object, the schemas, the server or the installed extensions change', () => {
    const before = keysOf(model());
    const changes: Array<(m: MutableModel) => void> = [
      (m) => m.enums[0]!.values.push('glad'),
      (m) =>
        (m.domains = [
          { schema: 'public', name: 'money', type: 'numeric', nullable: true, default: null, checks: [] } as never,
        ]),
      (m) => (m.sequences = [{ schema: 'public', name: 's' } as never]),
      (m) => (m.functions = [{ schema: 'public', name: 'f' } as never]),
      (m) => (m.extensions = [{ schema: 'public', name: 'citext' } as never]),
      (m) => m.schemas.push('app'),
    ];
    for (const change of changes) {
      const m = model();
      change(m);
      const after = keysOf(m);
      for (const [key, value] of before) expect(after.get(key)).not.toBe(value);
    }
    for (const context of [
      { ...server, server: 'server  160000 PostgreSQL 16.0' },
      { ...server, server: 'pglite pglite 0.3.2 170004 PostgreSQL 17.4' },
      { ...server, searchPath: 'app' },
      { ...server, installed: [{ schema: 'public', name: 'citext' }] },
    ]) {
      const after = keysOf(model(), context);
      for (const [key, value] of before) expect(after.get(key)).not.toBe(value);
    }
  });
});

describe('the canonical cache file', () => {
  const dir = (): string => {
    const made = mkdtempSync(join(tmpdir(), 'athanor-cache-unit-'));
    onTestFinished(() => rmSync(made, { recursive: true, force: true }));
    return made;
  };

  it('reads a missing, corrupt or foreign-version file as empty', () => {
    const d = dir();
    expect(openCacheFile(join(d, 'missing.json')).get('k')).toBeUndefined();
    for (const text of [
      '{not json',
      'null',
      '[]',
      JSON.stringify({ version: CACHE_FORMAT + 1, entries: { k: table('a') } }),
      JSON.stringify({ version: CACHE_FORMAT, entries: [] }),
    ]) {
      const path = join(d, 'cache.json');
      writeFileSync(path, text);
      expect(openCacheFile(path).get('k')).toBeUndefined();
    }
  });

  it('keeps only the entries a run used or made, and reads them back', () => {
    const path = join(dir(), '.athanor', 'cache.json');
    const first = openCacheFile(path);
    first.set('a', table('a'));
    first.set('b', table('b'));
    first.save();
    const second = openCacheFile(path);
    expect(second.get('a')).toEqual(table('a'));
    second.save();
    const third = openCacheFile(path);
    expect(third.get('a')).toEqual(table('a'));
    expect(third.get('b')).toBeUndefined();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ version: CACHE_FORMAT });
  });

  it('writes through a temporary file renamed over the old one, leaving nothing else behind', () => {
    const d = dir();
    const path = join(d, 'cache.json');
    writeFileSync(path, 'old');
    writeAtomically(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(d)).toEqual(['cache.json']);
    // A path that cannot be written (its directory is a file) is not an error.
    writeAtomically(join(path, 'inside.json'), 'x');
    expect(existsSync(join(path, 'inside.json'))).toBe(false);
    expect(readdirSync(d)).toEqual(['cache.json']);
  });
});
