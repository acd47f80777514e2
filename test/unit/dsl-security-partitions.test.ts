import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { strictTypeErrors } from '../helpers/typecheck.js';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { renderModelSource } from '../../src/pull/render-model.js';
import {
  buildSchemaModel,
  date,
  defineMetadata,
  foreignKey,
  index,
  integer,
  isMetadata,
  numeric,
  policy,
  serial,
  sql,
  text,
  type InsertOf,
  type RowOf,
  type SchemaModel,
} from '../../src/schema/index.js';

function declared() {
  const metadata = defineMetadata();
  const owner = metadata.table('owner', { id: integer().primaryKey() });
  const doc = metadata.table(
    'doc',
    { id: integer().primaryKey(), owner: text().notNull(), published: integer() },
    {
      rowLevelSecurity: { enabled: true, forced: true },
      policies: [
        policy('doc_read', { for: 'select', using: sql`published IS NOT NULL` }),
        policy('doc_write', {
          as: 'restrictive',
          for: 'insert',
          to: ['postgres', 'PUBLIC'],
          withCheck: sql`owner = current_user`,
        }),
        policy('doc_all'),
      ],
    },
  );
  const event = metadata.table(
    'event',
    {
      id: integer().notNull(),
      at: date().notNull(),
      ownerId: integer().references(() => owner.columns.id),
      amount: numeric(10, 2),
    },
    {
      primaryKey: { columns: ['at', 'id'] },
      partitionBy: sql`RANGE (at)`,
      indexes: [index(['amount']), index(['id'], { name: 'event by id' })],
    },
  );
  const event2024 = metadata.partition('event_2024', event, sql`FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`, {
    indexes: [index(['ownerId'])],
    foreignKeys: [foreignKey(['ownerId'], () => owner, ['id'], { name: 'event_2024_owner_extra' })],
  });
  const eventRest = metadata.partition('event_rest', event, 'DEFAULT');
  const event2023 = metadata.partition('event_2023', event, sql`FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')`, {
    columns: {
      ownerId: { notNull: true },
      amount: { default: 0, notNull: true },
      id: { notNullName: 'event_2023_id_nn' },
    },
    indexNames: { 'event by id': 'event_2023 by id', event_amount_idx: 'event_2023_by_amount' },
  });
  return { metadata, owner, doc, event, event2024, eventRest, event2023 };
}

describe('DSL: row-level security and policies', () => {
  it('builds the switches and the policies, sorted, with defaults filled in', () => {
    const model = buildSchemaModel(declared().metadata);
    const doc = model.tables.find((t) => t.name === 'doc')!;
    expect(doc.rowLevelSecurity).toEqual({ enabled: true, forced: true });
    expect(doc.policies).toEqual([
      { name: 'doc_all', permissive: true, command: 'ALL', roles: ['public'], using: null, withCheck: null },
      {
        name: 'doc_read',
        permissive: true,
        command: 'SELECT',
        roles: ['public'],
        using: 'published IS NOT NULL',
        withCheck: null,
      },
      {
        name: 'doc_write',
        permissive: false,
        command: 'INSERT',
        roles: ['postgres', 'public'],
        using: null,
        withCheck: 'owner = current_user',
      },
    ]);
    const owner = model.tables.find((t) => t.name === 'owner')!;
    expect(owner.rowLevelSecurity).toBeUndefined();
    expect(owner.policies).toBeUndefined();
  });

  it('refuses two policies with one name', () => {
    const metadata = defineMetadata();
    metadata.table('t', { id: integer() }, { policies: [policy('p'), policy('p')] });
    expect(() => buildSchemaModel(metadata)).toThrow('policy "p" is declared twice');
  });
});

describe('DSL: partitions', () => {
  it('gives a partition no columns and none of its parent keys, only what it declares', () => {
    const model = buildSchemaModel(declared().metadata);
    const event = model.tables.find((t) => t.name === 'event')!;
    expect(event.partitionBy).toBe('RANGE (at)');
    expect(event.foreignKeys.map((fk) => fk.name)).toEqual(['event_ownerId_fkey']);
    const partition = model.tables.find((t) => t.name === 'event_2024')!;
    expect(partition).toMatchObject({
      columns: [],
      primaryKey: null,
      partitionOf: { schema: 'public', table: 'event', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
    });
    expect(partition.foreignKeys.map((fk) => fk.name)).toEqual(['event_2024_owner_extra']);
    expect(partition.indexes.map((i) => i.name)).toEqual(['event_2024_ownerId_idx']);
    expect(model.tables.find((t) => t.name === 'event_rest')!.partitionOf?.bound).toBe('DEFAULT');
  });

  it("types a partition's rows as its parent's", () => {
    const { event, event2024 } = declared();
    expectTypeOf<RowOf<typeof event2024>>().toEqualTypeOf<RowOf<typeof event>>();
    expectTypeOf<InsertOf<typeof event2024>>().toEqualTypeOf<InsertOf<typeof event>>();
    expectTypeOf<RowOf<typeof event2024>>().toEqualTypeOf<{
      id: number;
      at: Date;
      ownerId: number | null;
      amount: string | null;
    }>();
  });

  it("builds a partition's own column defaults and NOT NULL as overrides, sorted by column", () => {
    const model = buildSchemaModel(declared().metadata);
    const partition = model.tables.find((t) => t.name === 'event_2023')!;
    expect(partition.columns).toEqual([]);
    expect(partition.columnOverrides).toEqual([
      { name: 'amount', default: '0', notNull: true },
      { name: 'id', notNullName: 'event_2023_id_nn' },
      { name: 'ownerId', notNull: true },
    ]);
    expect(model.tables.find((t) => t.name === 'event_2024')!.columnOverrides).toBeUndefined();
  });

  it("builds the names of a partition's indexes from its parent's, sorted by the parent's index, and refuses an unknown one", () => {
    const model = buildSchemaModel(declared().metadata);
    expect(model.tables.find((t) => t.name === 'event_2023')!.indexNames).toEqual([
      { parentIndex: 'event by id', name: 'event_2023 by id' },
      { parentIndex: 'event_amount_idx', name: 'event_2023_by_amount' },
    ]);
    expect(model.tables.find((t) => t.name === 'event_2024')!).not.toHaveProperty('indexNames');
    const metadata = defineMetadata();
    const note = metadata.table(
      'note',
      { at: date().notNull() },
      { partitionBy: sql`RANGE (at)`, indexes: [index(['at'])] },
    );
    metadata.partition('note_a', note, 'DEFAULT', { indexNames: { note_idx: 'x' } });
    expect(() => buildSchemaModel(metadata)).toThrow(
      'table public.note_a: indexNames: the parent has no index "note_idx" (its indexes: note_at_idx)',
    );
  });

  it("builds the storage parameters of a partition's indexes, by its parent's index, and refuses an unknown one", () => {
    const metadata = defineMetadata();
    const note = metadata.table(
      'note',
      { at: date().notNull(), n: integer() },
      { partitionBy: sql`RANGE (at)`, indexes: [index(['n'], { with: { fillfactor: 70 } }), index(['at'])] },
    );
    metadata.partition('note_a', note, 'DEFAULT', {
      indexStorage: { note_n_idx: {}, note_at_idx: { fillfactor: 50 } },
    });
    expect(buildSchemaModel(metadata).tables.find((t) => t.name === 'note_a')!.indexStorage).toEqual([
      { parentIndex: 'note_at_idx', with: { fillfactor: '50' } },
      { parentIndex: 'note_n_idx', with: {} },
    ]);
    metadata.partition('note_b', note, "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')", {
      indexStorage: { note_idx: { fillfactor: 50 } },
    });
    expect(() => buildSchemaModel(metadata)).toThrow(
      'table public.note_b: indexStorage: the parent has no index "note_idx" (its indexes: note_at_idx, note_n_idx)',
    );
  });

  it('builds a partition without a default its parent has as a null default', () => {
    const metadata = defineMetadata();
    const note = metadata.table(
      'note',
      { at: date().notNull(), body: text().default('none') },
      { partitionBy: sql`RANGE (at)` },
    );
    metadata.partition('note_old', note, 'DEFAULT', { columns: { body: { default: null }, at: {} } });
    const partition = buildSchemaModel(metadata).tables.find((t) => t.name === 'note_old')!;
    expect(partition.columnOverrides).toEqual([{ name: 'body', default: null }]);
  });

  it("refuses column options for a column the parent lacks, and a default for an identity column; takes a serial column's", () => {
    const metadata = defineMetadata();
    const note = metadata.table('note', { id: serial(), at: date().notNull() }, { partitionBy: sql`RANGE (at)` });
    const loose = { columns: { nope: { notNull: true } } } as never;
    metadata.partition('note_a', note, 'DEFAULT', loose);
    expect(() => buildSchemaModel(metadata)).toThrow('table public.note_a, column nope: the parent has no such column');
    const other = defineMetadata();
    const parent = other.table(
      'note',
      { id: integer().identity('always'), at: date().notNull() },
      { partitionBy: sql`RANGE (at)` },
    );
    other.partition('note_a', parent, 'DEFAULT', { columns: { id: { default: 1 } } });
    expect(() => buildSchemaModel(other)).toThrow('a partition keeps the default of an identity or generated column');
    // A serial column's default is the parent's nextval(), which a partition (attached, say) may lack.
    const serials = defineMetadata();
    const counted = serials.table('note', { id: serial(), at: date().notNull() }, { partitionBy: sql`RANGE (at)` });
    serials.partition('note_a', counted, 'DEFAULT', { columns: { id: { default: null } } });
    const partition = buildSchemaModel(serials).tables.find((t) => t.name === 'note_a');
    expect(partition?.columnOverrides).toEqual([{ name: 'id', default: null }]);
  });

  it('refuses a partition of a table outside the metadata', () => {
    const other = defineMetadata().table('x', { id: integer() }, { partitionBy: sql`LIST (id)` });
    const metadata = defineMetadata();
    metadata.partition('x_1', other, sql`FOR VALUES IN (1)`);
    expect(() => buildSchemaModel(metadata)).toThrow('is a partition of a table that is not in this metadata');
  });
});

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'athanor-render-features-'));
const jiti = createJiti(import.meta.url, {
  alias: { athanor: join(root, 'src/index.ts') },
  moduleCache: true,
  fsCache: true,
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pull: row-level security, policies and partitions as DSL code', () => {
  it('renders code that compiles under --strict and builds the same model back', async () => {
    const model: SchemaModel = buildSchemaModel(declared().metadata);
    const source = renderModelSource(model);
    expect(source).toContain('rowLevelSecurity: { enabled: true, forced: true },');
    expect(source).toContain(
      "policy('doc_write', { as: 'restrictive', for: 'insert', to: ['postgres', 'public'], withCheck: sql`owner = current_user` })",
    );
    expect(source).toContain('partitionBy: sql`RANGE (at)`,');
    expect(source).toContain("export const eventRest = metadata.partition('event_rest', event, sql`DEFAULT`);");
    expect(source).toContain(
      [
        '  {',
        '    columns: {',
        '      amount: { default: sql`0`, notNull: true },',
        "      id: { notNullName: 'event_2023_id_nn' },",
        '      ownerId: { notNull: true },',
        '    },',
        '    indexNames: {',
        "      'event by id': 'event_2023 by id',",
        "      event_amount_idx: 'event_2023_by_amount',",
        '    },',
        '  },',
      ].join('\n'),
    );
    const file = join(dir, 'models.ts');
    writeFileSync(file, source);
    expect(strictTypeErrors([file], dir)).toEqual([]);
    const module = await jiti.import<Record<string, unknown>>(file);
    const metadata = Object.values(module).find(isMetadata);
    expect(metadata).toBeDefined();
    expect(buildSchemaModel(metadata!)).toEqual(model);
  });

  it('writes a partition after its parent even when the parent comes later in the model', () => {
    const model = buildSchemaModel(declared().metadata);
    const source = renderModelSource({ ...model, tables: [...model.tables].reverse() });
    expect(source.indexOf("metadata.table(\n  'event'")).toBeLessThan(source.indexOf("'event_2024'"));
  });
});

/** The ```ts blocks of docs/model-dsl-security-partitions.md. */
function docBlocks(): string[] {
  const text = readFileSync(join(root, 'docs/model-dsl-security-partitions.md'), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe('docs/model-dsl-security-partitions.md', () => {
  it('has examples that type-check under --strict and build', async () => {
    const blocks = docBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const files = blocks.map((block, i) => {
      const file = join(dir, `doc-${i}.ts`);
      writeFileSync(file, block);
      return file;
    });
    expect(strictTypeErrors(files, dir)).toEqual([]);
    for (const [i, file] of files.entries()) {
      const module = await jiti.import<Record<string, unknown>>(file);
      const metadata = Object.values(module).find(isMetadata);
      expect(metadata, `block ${i + 1}`).toBeDefined();
      expect(buildSchemaModel(metadata!).tables.length).toBeGreaterThan(0);
    }
  });
});

describe('DSL: comments on a partition', () => {
  it('accepts a comment on a column the partition has from its parent', () => {
    const { metadata } = declared();
    metadata.comment({ column: 'amount', table: 'event_2024' }, 'this year only');
    const model = buildSchemaModel(metadata);
    expect(model.comments).toContainEqual({
      target: { on: 'column', schema: 'public', parent: 'event_2024', name: 'amount' },
      text: 'this year only',
    });
  });

  it('still refuses a column neither the partition nor its parent has', () => {
    const { metadata } = declared();
    metadata.comment({ column: 'nope', table: 'event_2024' }, 'x');
    expect(() => buildSchemaModel(metadata)).toThrow(/does not declare/);
  });

  it("does not give a partition its parent's column comments, as Postgres does not", () => {
    const metadata = defineMetadata();
    const parent = metadata.table(
      'reading',
      { id: integer().notNull(), note: text().comment('what was read'), taken: date().notNull() },
      { partitionBy: sql`RANGE (taken)` },
    );
    metadata.partition('reading_2025', parent, sql`FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')`);
    const model = buildSchemaModel(metadata);
    expect(model.comments.map((c) => c.target)).toEqual([
      { on: 'column', schema: 'public', parent: 'reading', name: 'note' },
    ]);
  });
});
