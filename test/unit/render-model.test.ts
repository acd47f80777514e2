import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderModelSource } from '../../src/pull/render-model.js';
import { completeModel, type SchemaModel, type TableModel } from '../../src/schema/index.js';
import { modelFiles } from '../helpers/model-files.js';
import { strictTypeErrors } from '../helpers/typecheck.js';

const { dir, writeSource, loadSource, loadFile } = modelFiles('athanor-render-');

function rebuild(model: SchemaModel): Promise<SchemaModel> {
  return loadSource(renderModelSource(model));
}

/** The model of test/fixtures/full-model.ts, which declares a naming convention. */
function fixtureModel(): Promise<SchemaModel> {
  return loadFile(fileURLToPath(new URL('../fixtures/full-model.ts', import.meta.url)));
}

function tableOf(partial: Partial<TableModel> & Pick<TableModel, 'name' | 'columns'>): TableModel {
  return { schema: 'public', primaryKey: null, foreignKeys: [], uniques: [], checks: [], indexes: [], ...partial };
}

function col(
  name: string,
  type: string,
  extra: Partial<TableModel['columns'][number]> = {},
): TableModel['columns'][number] {
  return { name, type, nullable: true, default: null, identity: null, ...extra };
}

/** A model as the reflector gives it: Postgres' own names, awkward identifiers, cycles. */
const pulled: SchemaModel = completeModel({
  schemas: ['Billing', 'empty'],
  enums: [
    { schema: 'Billing', name: 'Mood', values: ['sad', "it's ok", 'happy'] },
    { schema: 'public', name: 'status', values: [] },
  ],
  tables: [
    tableOf({
      schema: 'Billing',
      name: 'invoices',
      columns: [
        col('id', 'bigint', { nullable: false, identity: { always: true } }),
        col('owner', 'integer'),
        col('owner_tag', 'text'),
        col('mood', '"Billing"."Mood"', { nullable: false, default: `'sad'::"Billing"."Mood"` }),
        col('moods', '"Billing"."Mood"[]'),
      ],
      primaryKey: { name: 'invoices_pkey', columns: ['id'] },
      foreignKeys: [
        {
          name: 'invoices_owner_owner_tag_fkey',
          columns: ['owner', 'owner_tag'],
          refSchema: 'public',
          refTable: 'default',
          refColumns: ['id', 'user'],
          onDelete: 'SET NULL',
          onUpdate: 'CASCADE',
        },
      ],
    }),
    tableOf({
      name: 'default',
      columns: [
        col('id', 'integer', { nullable: false }),
        col('user', 'text', { nullable: false }),
        col('weird col', 'character varying(20)', { default: "'a`b${c}'::character varying" }),
        col('re', 'text', { default: "'^\\d+$'::text" }),
        col('ends', 'text', { default: "'\\'::text" }),
        col('parent_id', 'integer'),
        col('invoice_id', 'bigint'),
        col('__proto__', 'double precision', { default: '1.5' }),
        col('flag', 'boolean', { nullable: false, default: 'true' }),
        col('neg', 'integer', { default: "'-1'::integer" }),
        col('doc', 'jsonb', { default: `'{"a": 1}'::jsonb` }),
        col('vec', 'public.vector(3)'),
        col('tz', 'time with time zone'),
        col('at', 'timestamp(3) without time zone'),
        col('code', 'character(1)'),
        col('amount', 'numeric(12,0)'),
        col('big', 'bigserial', { nullable: false }),
        col('st', 'public.status'),
      ],
      primaryKey: { name: 'default_pkey', columns: ['id', 'user'] },
      foreignKeys: [
        {
          name: 'default_invoice_id_fkey',
          columns: ['invoice_id'],
          refSchema: 'Billing',
          refTable: 'invoices',
          refColumns: ['id'],
          onDelete: 'NO ACTION',
          onUpdate: 'NO ACTION',
        },
        {
          name: 'default_parent_id_fkey',
          columns: ['parent_id'],
          refSchema: 'public',
          refTable: 'default',
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
        },
        {
          name: 'parent_must_exist',
          columns: ['parent_id', 'user'],
          refSchema: 'public',
          refTable: 'default',
          refColumns: ['id', 'user'],
          onDelete: 'NO ACTION',
          onUpdate: 'NO ACTION',
        },
      ],
      uniques: [
        { name: 'default_re_key', columns: ['re'] },
        { name: 'default_re_key1', columns: ['re'] },
        { name: 'default_user_key', columns: ['user'] },
        { name: 'uq_weird', columns: ['weird col', 'ends'] },
      ],
      checks: [
        { name: 'default_amount_check', expression: '(amount > (0)::numeric)' },
        { name: 'default_check', expression: '(id > parent_id)' },
        { name: 'default_flag_check', expression: '(flag OR (id > 0))' },
      ],
      indexes: [
        {
          name: 'default_lower_idx',
          unique: true,
          method: 'btree',
          columns: [{ expression: 'lower("user")' }],
          where: null,
        },
        {
          name: 'default_re_idx',
          unique: false,
          method: 'btree',
          columns: [{ column: 're' }],
          where: '(re IS NOT NULL)',
        },
        { name: 'default_re_idx1', unique: false, method: 'hash', columns: [{ column: 're' }], where: null },
        { name: 'trgm', unique: false, method: 'gin', columns: [{ column: 'doc' }], where: null },
      ],
    }),
    tableOf({ name: 'metadata', columns: [col('sql', 'text'), col('userAccounts', 'integer')] }),
    tableOf({ name: 'userAccounts', columns: [col('id', 'smallserial', { nullable: false })] }),
    tableOf({
      name: 'user_accounts',
      columns: [col('id', 'serial', { nullable: false })],
      primaryKey: { name: 'pk', columns: ['id'] },
    }),
  ],
});

describe('renderModelSource', () => {
  it('round-trips a pulled model with awkward names, cycles and defaults', async () => {
    expect(await rebuild(pulled)).toEqual(pulled);
  });

  it('round-trips a model declared with a naming convention (names come out explicit)', async () => {
    const model = await fixtureModel();
    expect(await rebuild(model)).toEqual(model);
    const source = renderModelSource(model);
    expect(source).not.toContain('namingConvention');
    expect(source).toContain("name: 'pk_users'");
  });

  it('keeps names that only look like defaults when another object competes for them', async () => {
    const model: SchemaModel = completeModel({
      schemas: [],
      enums: [],
      tables: [
        tableOf({ name: 'a', columns: [col('x', 'integer')], checks: [{ name: 'b_x_check', expression: '(x > 0)' }] }),
        tableOf({ name: 'b', columns: [col('x', 'integer')], checks: [{ name: 'b_x_check', expression: '(x > 0)' }] }),
        tableOf({
          name: 'c',
          columns: [col('x', 'integer')],
          indexes: [{ name: 'c_x_idx', unique: false, method: 'btree', columns: [{ column: 'x' }], where: null }],
        }),
        tableOf({
          name: 'c_x_idx_owner',
          columns: [col('x', 'integer')],
          uniques: [{ name: 'c_x_idx_owner_x_key', columns: ['x'] }],
        }),
      ],
    });
    const source = renderModelSource(model);
    expect(source.match(/check\(sql`\(x > 0\)`, \{ name: 'b_x_check' \}\)/g)).toHaveLength(2);
    expect(source).toContain("index(['x'])");
    expect(source).toContain('x: integer().unique(),');
    expect(await rebuild(model)).toEqual(model);
  });

  it('writes readable, deterministic code', () => {
    const model: SchemaModel = completeModel({
      schemas: [],
      enums: [{ schema: 'public', name: 'mood', values: ['sad', 'ok'] }],
      tables: [
        tableOf({
          name: 'orgs',
          columns: [col('id', 'serial', { nullable: false }), col('name', 'text', { nullable: false })],
          primaryKey: { name: 'orgs_pkey', columns: ['id'] },
        }),
        tableOf({
          name: 'users',
          columns: [
            col('id', 'bigint', { nullable: false, identity: { always: false } }),
            col('org_id', 'integer'),
            col('feeling', 'public.mood', { nullable: false, default: "'ok'::public.mood" }),
            col('created_at', 'timestamp with time zone', { nullable: false, default: 'now()' }),
          ],
          primaryKey: { name: 'users_pkey', columns: ['id'] },
          foreignKeys: [
            {
              name: 'users_org_id_fkey',
              columns: ['org_id'],
              refSchema: 'public',
              refTable: 'orgs',
              refColumns: ['id'],
              onDelete: 'CASCADE',
              onUpdate: 'NO ACTION',
            },
          ],
          indexes: [
            {
              name: 'users_created_at_idx',
              unique: false,
              method: 'btree',
              columns: [{ column: 'created_at' }],
              where: null,
            },
          ],
        }),
      ],
    });
    const expected = `import { bigint, defineMetadata, index, integer, serial, sql, text, timestamptz } from 'athanor';

/** The declared schema. Edit it, then run \`migrate revision --autogenerate\`. */
export const metadata = defineMetadata();

export const mood = metadata.enum('mood', ['sad', 'ok']);

export const orgs = metadata.table('orgs', {
  id: serial().primaryKey(),
  name: text().notNull(),
});

export const users = metadata.table(
  'users',
  {
    id: bigint().identity('byDefault').primaryKey(),
    org_id: integer().references(() => orgs.columns.id, { onDelete: 'cascade' }),
    feeling: mood.column().notNull().default(sql\`'ok'::public.mood\`),
    created_at: timestamptz().notNull().default(sql\`now()\`),
  },
  {
    indexes: [
      index(['created_at']),
    ],
  },
);
`;
    expect(renderModelSource(model)).toBe(expected);
    expect(renderModelSource(model, { importFrom: './lib.js' })).toContain("} from './lib.js';");
  });

  it('writes a foreign key to a table of a schema outside the model with outsideTable(), and refuses one in a schema it has', () => {
    const fk = (refSchema: string) => ({
      name: 't_a_fkey',
      columns: ['a'],
      refSchema,
      refTable: 'p',
      refColumns: ['id'],
      onDelete: 'NO ACTION' as const,
      onUpdate: 'NO ACTION' as const,
    });
    const model = (refSchema: string): SchemaModel =>
      completeModel({
        schemas: [],
        enums: [],
        tables: [tableOf({ name: 't', columns: [col('a', 'integer')], foreignKeys: [fk(refSchema)] })],
      });
    const source = renderModelSource(model('other'));
    expect(source).toContain("foreignKey(['a'], () => outsideTable('other', 'p'), ['id'])");
    expect(source).toMatch(/import \{[^}]*\boutsideTable\b[^}]*\} from 'athanor'/);
    expect(() => renderModelSource(model('public'))).toThrow(
      /table public.t has a foreign key to public.p, which is not in the model; include schema public/,
    );
  });

  it('writes code that type-checks', async () => {
    const files = [writeSource(renderModelSource(pulled)), writeSource(renderModelSource(await fixtureModel()))];
    expect(strictTypeErrors(files, dir)).toEqual([]);
  }, 60_000);
});
