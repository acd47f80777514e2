import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { strictTypeErrors } from '../helpers/typecheck.js';
import { afterAll, describe, expect, it } from 'vitest';
import { renderModelSource } from '../../src/pull/render-model.js';
import { completeModel, buildSchemaModel, isMetadata, type SchemaModel } from '../../src/schema/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'athanor-render-objects-'));
const jiti = createJiti(import.meta.url, {
  alias: { athanor: join(root, 'src/index.ts') },
  moduleCache: true,
  fsCache: true,
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A model as reflection gives it: every object besides tables and enums, and comments on them. */
const MODEL: SchemaModel = completeModel({
  schemas: ['reports'],
  enums: [{ schema: 'public', name: 'mood', values: ['ok', 'sad'] }],
  tables: [
    {
      schema: 'public',
      name: 'orders',
      columns: [
        {
          name: 'id',
          type: 'bigint',
          nullable: false,
          default: "nextval('public.order_no'::regclass)",
          identity: null,
        },
        { name: 'year', type: 'public.year', nullable: true, default: null, identity: null },
        { name: 'big', type: 'public."bıgınt"[]', nullable: true, default: null, identity: null },
      ],
      primaryKey: { name: 'orders_pkey', columns: ['id'] },
      foreignKeys: [],
      uniques: [],
      checks: [],
      indexes: [],
    },
  ],
  extensions: [{ name: 'citext', schema: 'public' }],
  sequences: [
    {
      schema: 'public',
      name: 'order_no',
      type: 'bigint',
      start: '1000',
      increment: '1',
      min: '1',
      max: '9223372036854775807',
      cache: '1',
      cycle: false,
      ownedBy: { table: 'orders', column: 'id' },
    },
    {
      schema: 'reports',
      name: 'down',
      type: 'integer',
      start: '-1',
      increment: '-1',
      min: '-2147483648',
      max: '-1',
      cache: '5',
      cycle: true,
      ownedBy: null,
    },
  ],
  domains: [
    { schema: 'public', name: 'bıgınt', type: 'bigint', default: null, notNull: false, checks: [] },
    { schema: 'public', name: 'code', type: 'text', collation: '"C"', default: null, notNull: false, checks: [] },
    {
      schema: 'public',
      name: 'year',
      type: 'integer',
      default: '2000',
      notNull: true,
      checks: [
        { name: 'year_check', expression: '(VALUE > 1900)' },
        { name: 'year_max', expression: '(VALUE < 3000)', notValid: true },
      ],
    },
  ],
  views: [
    {
      schema: 'reports',
      name: 'stats',
      materialized: true,
      definition: 'SELECT orders.year,\n    count(*) AS n\n   FROM public.orders\n  GROUP BY orders.year',
      options: [],
      columns: [
        { name: 'year', type: 'public.year' },
        { name: 'n', type: 'bigint' },
      ],
      indexes: [{ name: 'stats_year', unique: true, method: 'btree', columns: [{ column: 'year' }], where: null }],
      dependsOn: [{ schema: 'public', name: 'orders' }],
    },
    {
      schema: 'public',
      name: 'recent',
      materialized: false,
      definition: "SELECT orders.id\n   FROM public.orders\n  WHERE (orders.id > 10) AND ('`' <> '${x}')",
      options: ['security_barrier=true'],
      columns: [{ name: 'id', type: 'bigint' }],
      indexes: [],
      dependsOn: [{ schema: 'public', name: 'orders' }],
    },
  ],
  functions: [
    {
      schema: 'public',
      name: 'touch',
      kind: 'function',
      argumentTypes: '',
      arguments: '',
      result: 'trigger',
      definition:
        'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN NEW; END $function$',
      dependsOn: [],
    },
  ],
  triggers: [
    {
      schema: 'public',
      table: 'orders',
      name: 'touch',
      definition: 'CREATE TRIGGER touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch()',
    },
  ],
  comments: [
    { target: { on: 'column', schema: 'public', parent: 'orders', name: 'year' }, text: 'when' },
    { target: { on: 'constraint', schema: 'public', parent: 'orders', name: 'orders_pkey' }, text: 'the key' },
    { target: { on: 'function', schema: 'public', name: 'touch', argumentTypes: '' }, text: "keeps it's time" },
    { target: { on: 'index', schema: 'reports', name: 'stats_year' }, text: 'one per year' },
    { target: { on: 'materializedView', schema: 'reports', name: 'stats' }, text: 'per year' },
    { target: { on: 'schema', schema: 'reports', name: 'reports' }, text: 'read only' },
    { target: { on: 'sequence', schema: 'public', name: 'order_no' }, text: 'numbers' },
    { target: { on: 'table', schema: 'public', name: 'orders' }, text: 'orders' },
    { target: { on: 'trigger', schema: 'public', parent: 'orders', name: 'touch' }, text: 'touch' },
    { target: { on: 'type', schema: 'public', name: 'mood' }, text: 'feelings' },
    { target: { on: 'type', schema: 'public', name: 'year' }, text: 'a year' },
  ],
});

describe('renderModelSource: objects besides tables and enums', () => {
  const source = renderModelSource(MODEL);
  const file = join(dir, 'models.ts');
  writeFileSync(file, source);

  it('writes each object with the DSL, leaving out what Postgres chooses by itself', () => {
    expect(source).toContain("metadata.extension('citext');");
    expect(source).toContain(
      "metadata.sequence('order_no', { start: 1000, ownedBy: { table: 'orders', column: 'id' }, comment: 'numbers' });",
    );
    expect(source).toContain(
      "metadata.sequence('down', { schema: 'reports', type: 'integer', increment: -1, cache: 5, cycle: true });",
    );
    expect(source).toContain(
      "export const year = metadata.domain('year', 'integer', { default: sql`2000`, notNull: true, checks: [check(sql`(VALUE > 1900)`, { name: 'year_check' }), check(sql`(VALUE < 3000)`, { name: 'year_max', notValid: true })], comment: 'a year' });",
    );
    expect(source).toContain("export const code = metadata.domain('code', 'text', { collation: 'C' });");
    expect(source).toContain('year: year.column()');
    expect(source).toContain('big: bıgınt.column().array()');
    expect(source).toContain(".comment('when')");
    expect(source).toContain("comment: 'orders',");
    expect(source).toContain("metadata.comment({ schema: 'reports' }, 'read only');");
    expect(source).toContain("metadata.comment({ constraint: 'orders_pkey', table: 'orders' }, 'the key');");
    expect(source).toContain("metadata.comment({ type: 'mood' }, 'feelings');");
    expect(source).toContain('sql("SELECT orders.id');
  });

  it('builds back into the same model (the routine argument types wait for the server)', async () => {
    const module = await jiti.import<Record<string, unknown>>(file);
    const metadata = Object.values(module).find(isMetadata);
    if (!metadata) throw new Error('no metadata');
    const built = buildSchemaModel(metadata);
    for (const key of ['extensions', 'sequences', 'domains', 'triggers', 'schemas', 'enums', 'tables'] as const)
      expect(built[key]).toEqual(MODEL[key]);
    expect(built.views).toEqual(
      MODEL.views!.map((v) => ({ ...v, columns: [], dependsOn: [] })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
    expect(built.functions!.map((f) => f.definition)).toEqual(MODEL.functions!.map((f) => f.definition));
    const comments = built.comments!.map((c) =>
      c.target.argumentTypes === '?0' ? { ...c, target: { ...c.target, argumentTypes: '' } } : c,
    );
    expect(comments).toEqual(MODEL.comments);
  });

  it('compiles with tsc --strict', () => {
    expect(strictTypeErrors([file], dir)).toEqual([]);
  });
});
