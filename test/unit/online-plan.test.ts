import { describe, expect, it } from 'vitest';
import { onlinePlan } from '../../src/autogen/plan/online.js';
import { downgradePlan } from '../../src/autogen/order/downgrade.js';
import {
  needsAutocommit,
  renderDowngradeBody,
  renderUpgradeBody,
} from '../../src/autogen/render/render-revision-body.js';
import { revisionHazards } from '../../src/ops/hazards.js';
import { isOnline, type Operation } from '../../src/ops/operation.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { ForeignKeyModel, IndexModel } from '../../src/schema/model.js';
import { column, model, table } from '../helpers/models.js';

const current = model({
  tables: [
    table('users', { columns: [column('id'), column('email', 'text', { nullable: true })] }),
    table('events', { partitionBy: 'RANGE (id)' }),
  ],
});

const index = (name: string, col = 'email'): IndexModel => ({
  name,
  unique: false,
  method: 'btree',
  columns: [{ column: col }],
  where: null,
});
const createIndex = (tableName: string, name: string): Operation => ({
  kind: 'createIndex',
  schema: 'public',
  table: tableName,
  index: index(name),
});
const dropIndex = (tableName: string, name: string): Operation => ({
  kind: 'dropIndex',
  schema: 'public',
  table: tableName,
  name,
  removed: index(name),
});
const unique = (name: string): Operation => ({
  kind: 'addConstraint',
  schema: 'public',
  table: 'users',
  constraint: { type: 'unique', name, columns: ['email'] },
});
const foreignKey = (from: string): Operation => ({
  kind: 'addConstraint',
  schema: 'public',
  table: from,
  constraint: {
    type: 'foreignKey',
    name: `${from}_fk`,
    columns: ['email'],
    refSchema: 'public',
    refTable: 'users',
    refColumns: ['email'],
    onDelete: 'NO ACTION',
    onUpdate: 'NO ACTION',
  },
});

/** `kind name [online]` per operation. */
function steps(ops: Operation[]): string[] {
  return ops.map((op) => {
    const name =
      op.kind === 'createIndex'
        ? op.index.name
        : op.kind === 'addConstraint'
          ? op.constraint.name
          : op.kind === 'renameIndex'
            ? op.from
            : op.kind === 'setReplicaIdentity'
              ? op.table
              : 'name' in op
                ? String(op.name)
                : 'column' in op
                  ? typeof op.column === 'string'
                    ? op.column
                    : op.column.name
                  : '';
    return `${op.kind} ${name}${isOnline(op) ? ' online' : ''}`;
  });
}

describe('onlinePlan', () => {
  it('moves index and constraint changes on existing tables last, in their online forms, and leaves the rest in place', () => {
    const ops: Operation[] = [
      createIndex('users', 'users_email_idx'),
      { kind: 'addColumn', schema: 'public', table: 'users', column: column('name', 'text') },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'users',
        column: 'email',
        to: { nullable: false, default: "''" },
        from: { nullable: true, default: null },
      },
      createIndex('events', 'events_email_idx'),
    ];
    const planned = onlinePlan(ops, current);
    expect(steps(planned)).toEqual([
      'addColumn name',
      'alterColumn email',
      'createIndex events_email_idx',
      'createIndex users_email_idx online',
      'alterColumn email online',
    ]);
    // The default stays in place; NOT NULL alone goes online.
    expect(planned[1]).toMatchObject({ to: { default: "''" }, from: { default: null } });
    expect(planned[4]).toMatchObject({ to: { nullable: false }, from: { nullable: true } });
  });

  it('leaves what is there for the downgrade only as it is, and the downgrade builds nothing concurrently for it', () => {
    const ops: Operation[] = [
      { ...dropIndex('users', 'users_email_idx'), only: 'downgrade' },
      {
        kind: 'addEnumValue',
        schema: 'public',
        name: 'mood',
        value: 'c',
        after: 'b',
        previous: { values: ['a', 'b'], columns: [] },
      },
      { ...createIndex('users', 'users_email_idx'), only: 'downgrade' },
      createIndex('users', 'users_id_idx'),
    ];
    const planned = onlinePlan(ops, current);
    expect(steps(planned)).toEqual([
      'dropIndex users_email_idx',
      'addEnumValue mood',
      'createIndex users_email_idx',
      'createIndex users_id_idx online',
    ]);
    expect(planned.map((op) => op.only === 'downgrade')).toEqual([true, false, true, false]);
    const plan = downgradePlan(planned);
    expect(plan.onlineConcurrent.map((r) => ('op' in r ? steps([r.op]) : r))).toEqual([
      ['dropIndex users_id_idx online'],
    ]);
    expect(plan.rest.map((r) => ('op' in r ? steps([r.op]) : r))).toEqual([
      ['dropIndex users_email_idx'],
      ['replaceEnum mood'],
      ['createIndex users_email_idx'],
    ]);
  });

  it('keeps plain forms on a table the revision creates, and for a key a new foreign key references', () => {
    const orders = table('orders', { columns: [column('id'), column('email', 'text')] });
    const ops: Operation[] = [
      unique('users_email_key'),
      { kind: 'createTable', table: orders },
      createIndex('orders', 'orders_email_idx'),
      foreignKey('orders'),
    ];
    expect(steps(onlinePlan(ops, current))).toEqual([
      'addConstraint users_email_key',
      'createTable ',
      'createIndex orders_email_idx',
      'addConstraint orders_fk',
    ]);
  });

  it('keeps in place a unique index a new foreign key added in place references, which it needs built first', () => {
    const uniqueIndex = (name: string, extra: Partial<IndexModel> = {}): Operation =>
      ({
        ...createIndex('users', name),
        index: { ...index(name), unique: true, ...extra },
      }) as Operation;
    const orders = table('orders', { columns: [column('id'), column('email', 'text')] });
    const ordersFk = (foreignKey('orders') as { constraint: ForeignKeyModel }).constraint;
    // The key comes with a table the revision creates: in place, after the index.
    const created: Operation[] = [
      uniqueIndex('users_email_uidx'),
      uniqueIndex('users_email_partial', { where: '(id > 0)' }),
      { kind: 'createTable', table: { ...orders, foreignKeys: [ordersFk] } },
    ];
    expect(steps(onlinePlan(created, current))).toEqual([
      'createIndex users_email_uidx',
      'createTable ',
      'createIndex users_email_partial online',
    ]);
    // Added online to a table that stays, the key follows the index built online.
    const withOrders = model({ tables: [...current.tables, orders] });
    expect(steps(onlinePlan([uniqueIndex('users_email_uidx'), foreignKey('orders')], withOrders))).toEqual([
      'createIndex users_email_uidx online',
      'addConstraint orders_fk online',
    ]);
  });

  it('builds an index defined anew beside the old one, then drops the old and renames the new', () => {
    const plan = onlinePlan([dropIndex('users', 'a'), createIndex('users', 'a')], current);
    expect(steps(plan)).toEqual(['createIndex a_new online', 'dropIndex a online', 'renameIndex a_new']);
    expect(plan[2]).toEqual({ kind: 'renameIndex', schema: 'public', from: 'a_new', to: 'a' });
    // The replica identity moves to the new index before the old one goes, and stays with it through the rename.
    const identity: Operation = {
      kind: 'setReplicaIdentity',
      schema: 'public',
      table: 'users',
      to: { index: 'a' },
      from: { index: 'a' },
    };
    const moved = onlinePlan([dropIndex('users', 'a'), createIndex('users', 'a'), identity], current);
    expect(steps(moved)).toEqual([
      'createIndex a_new online',
      'setReplicaIdentity users',
      'dropIndex a online',
      'renameIndex a_new',
    ]);
    expect(moved[1]).toEqual({ ...identity, to: { index: 'a_new' } });
    // Undone, the identity goes back to the old index as soon as it is built again, before the new one goes.
    const undo = downgradePlan(moved);
    expect(undo.onlineConcurrent.map((r) => ('op' in r ? r.op.kind : r))).toEqual([
      'createIndex',
      'setReplicaIdentity',
      'dropIndex',
    ]);
    expect(undo.rest).toEqual([]);
    // Its comment, set again, follows the rename.
    const comment: Operation = {
      kind: 'setComment',
      target: { on: 'index', schema: 'public', name: 'a' },
      comment: 'by email',
      from: null,
    };
    expect(steps(onlinePlan([dropIndex('users', 'a'), createIndex('users', 'a'), comment], current)).at(-1)).toBe(
      'setComment ',
    );
    // A name in the way takes the next free one.
    const taken = model({ tables: [table('users', { indexes: [index('a_new')] }), table('a_new1')] });
    expect(steps(onlinePlan([dropIndex('users', 'a'), createIndex('users', 'a')], taken))[0]).toBe(
      'createIndex a_new2 online',
    );
    // The downgrade gives the old index back the same way round: renamed back, built, the new one dropped.
    const down = downgradePlan(plan);
    expect(
      [...down.onlinePlain, ...down.onlineConcurrent, ...down.rest].map((r) => ('op' in r ? r.op.kind : r)),
    ).toEqual(['renameIndex', 'createIndex', 'dropIndex']);
  });

  it('drops an index concurrently only when nothing else alters its table or takes its name again', () => {
    expect(steps(onlinePlan([dropIndex('users', 'a'), createIndex('users', 'b')], current))).toEqual([
      'dropIndex a online',
      'createIndex b online',
    ]);
    expect(steps(onlinePlan([dropIndex('users', 'a'), unique('a')], current))).toEqual([
      'dropIndex a online',
      'addConstraint a online',
    ]);
    // The key stays in place (a foreign key references it), so the drop of its name does too.
    expect(steps(onlinePlan([dropIndex('users', 'a'), unique('a'), foreignKey('users')], current))).toEqual([
      'dropIndex a',
      'addConstraint a',
      'addConstraint users_fk online',
    ]);
    const altered: Operation[] = [
      dropIndex('users', 'a'),
      { kind: 'dropColumn', schema: 'public', table: 'users', column: 'email' },
    ];
    expect(steps(onlinePlan(altered, current))).toEqual(['dropIndex a', 'dropColumn email']);
    // Dropped before an enum is replaced (the index uses it) and built again after: the drop stays before.
    const around: Operation[] = [
      dropIndex('users', 'a'),
      {
        kind: 'replaceEnum',
        schema: 'public',
        name: 'mood',
        labels: ['a'],
        from: ['a', 'b'],
        columns: [],
      } as unknown as Operation,
      createIndex('users', 'a'),
    ];
    expect(steps(onlinePlan(around, current))).toEqual(['dropIndex a', 'replaceEnum mood', 'createIndex a online']);
  });

  it('keeps plain forms for a foreign key to a partitioned table and on a table attached or detached in the revision', () => {
    const toEvents: Operation = {
      ...foreignKey('users'),
      constraint: { ...(foreignKey('users') as { constraint: object }).constraint, refTable: 'events' },
    } as Operation;
    const attach: Operation = {
      kind: 'attachPartition',
      schema: 'public',
      table: 'users',
      partitionOf: { schema: 'public', table: 'events', bound: 'DEFAULT' },
    };
    expect(steps(onlinePlan([toEvents], current))).toEqual(['addConstraint users_fk']);
    expect(steps(onlinePlan([createIndex('users', 'i'), attach], current))).toEqual([
      'createIndex i',
      'attachPartition ',
    ]);
  });

  it('moves a comment on an index built online after the index, and leaves a model NOT VALID constraint unvalidated', () => {
    const comment: Operation = {
      kind: 'setComment',
      target: { on: 'index', schema: 'public', name: 'users_email_idx' },
      comment: 'by email',
    };
    const notValid: Operation = {
      kind: 'addConstraint',
      schema: 'public',
      table: 'users',
      constraint: { type: 'check', name: 'c', expression: 'id > 0', notValid: true },
    };
    expect(steps(onlinePlan([createIndex('users', 'users_email_idx'), comment, notValid], current))).toEqual([
      'addConstraint c',
      'createIndex users_email_idx online',
      'setComment ',
    ]);
  });
});

describe('online forms', () => {
  it('compile to statements that run outside a transaction and can run again', () => {
    const sql = (op: Operation) =>
      compileOperation({ ...op, online: true } as Operation).map((s) => [
        s.sql,
        s.transactional,
        s.weakLock ?? false,
        s.when !== undefined,
      ]);
    expect(sql(createIndex('users', 'i'))).toEqual([
      ['DROP INDEX CONCURRENTLY IF EXISTS "public"."i"', false, true, true],
      ['CREATE INDEX CONCURRENTLY IF NOT EXISTS "i" ON "public"."users" ("email")', false, true, false],
    ]);
    expect(sql(unique('k')).map((s) => s[0])).toEqual([
      'DROP INDEX CONCURRENTLY IF EXISTS "public"."k"',
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "k" ON "public"."users" ("email")',
      `DO $athanor$BEGIN IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = '"public"."users"'::regclass AND conname = 'k') THEN ALTER TABLE "public"."users" ADD CONSTRAINT "k" UNIQUE USING INDEX "k"; END IF; END$athanor$`,
    ]);
    // The index is built with the key's storage parameters; USING INDEX keeps them.
    const withStorage: Operation = {
      kind: 'addConstraint',
      schema: 'public',
      table: 'users',
      constraint: { type: 'unique', name: 'k', columns: ['email'], with: { fillfactor: '90' } },
    };
    expect(sql(withStorage)[1]?.[0]).toBe(
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "k" ON "public"."users" ("email") WITH (fillfactor = 90)',
    );
    const notNull: Operation = {
      kind: 'alterColumn',
      schema: 'public',
      table: 'users',
      column: 'email',
      to: { nullable: false },
    };
    expect(sql(notNull).map((s) => s[0])).toEqual([
      expect.stringContaining('ADD CONSTRAINT "email_not_null_online" CHECK ("email" IS NOT NULL) NOT VALID'),
      expect.stringContaining('THEN ALTER TABLE "public"."users" VALIDATE CONSTRAINT "email_not_null_online"'),
      'ALTER TABLE "public"."users" ALTER COLUMN "email" SET NOT NULL',
      'ALTER TABLE "public"."users" DROP CONSTRAINT IF EXISTS "email_not_null_online"',
    ]);
    expect(() =>
      compileOperation({ ...notNull, to: { nullable: false, type: 'text' }, online: true } as Operation),
    ).toThrow(/only sets NOT NULL/);
  });

  it('carry only the non-transactional hazard', () => {
    const ops = onlinePlan([createIndex('users', 'i'), unique('k'), foreignKey('users')], current);
    expect(
      revisionHazards(ops)
        .flat()
        .map((h) => h.code),
    ).toEqual(['access-exclusive', 'unique-index-scan', 'non-transactional', 'non-transactional']);
  });

  it('render in one op.autocommit block, undone concurrently in the downgrade after the plain reversals', () => {
    const ops = onlinePlan([createIndex('users', 'i'), foreignKey('users')], current);
    expect(needsAutocommit(ops)).toBe(true);
    const up = renderUpgradeBody(ops);
    expect(up.indexOf('await op.autocommit(async () => {')).toBeLessThan(up.indexOf('    await op.createIndex('));
    const down = renderDowngradeBody(downgradePlan(ops)).split('\n');
    expect(down[0]).toContain('await op.dropConstraint(');
    expect(down.findIndex((l) => l.includes('op.autocommit'))).toBeLessThan(
      down.findIndex((l) => l.includes('op.dropIndex')),
    );
    expect(needsAutocommit([createIndex('users', 'i')])).toBe(false);
  });
});

describe('compareIndexes and storage parameters', () => {
  it("leaves a storage change alone for the caller to set in place only when asked (a table), and builds a materialized view's index again", async () => {
    const { compareIndexes } = await import('../../src/autogen/diff/compare-indexes.js');
    const before = { ...index('i'), with: { fillfactor: '70' } };
    const after = { ...index('i'), with: { fillfactor: '90' } };
    expect(compareIndexes([before], [after], () => false, true)).toEqual({ drop: [], add: [] });
    expect(compareIndexes([before], [after]).add).toEqual([after]);
  });
});

describe('onlinePlan: a NOT NULL column without a default', () => {
  const slug = (over: object = {}): Operation => ({
    kind: 'addColumn',
    schema: 'public',
    table: 'users',
    column: { ...column('slug', 'text'), nullable: false, ...over },
  });
  const withRows = new Set(['public\0users']);

  it('on a table with rows: added nullable, a backfill to write, then SET NOT NULL online', () => {
    const planned = onlinePlan([slug(), createIndex('users', 'users_email_idx')], current, withRows);
    expect(planned.map((op) => [op.kind, isOnline(op)])).toEqual([
      ['addColumn', false],
      ['backfill', true],
      ['alterColumn', true],
      ['createIndex', true],
    ]);
    expect(planned[0]).toMatchObject({ column: { name: 'slug', nullable: true } });
    expect(planned[1]).toMatchObject({
      kind: 'backfill',
      set: { slug: 'TODO(backfill)' },
      where: 'slug IS NULL',
      batchSize: 1000,
    });
    expect(planned[2]).toMatchObject({ column: 'slug', to: { nullable: false }, from: { nullable: true } });
    expect(needsAutocommit(planned)).toBe(true);
    const up = renderUpgradeBody(planned);
    // The note says what to write; the placeholder is in the call only, where the runner finds it.
    expect(up.match(/TODO\(backfill\)/g)).toHaveLength(1);
    expect(up).toContain('// users.slug is NOT NULL without a default, and public.users has rows');
    // The downgrade drops the column; nothing undoes the backfill itself.
    const down = renderDowngradeBody(downgradePlan(planned));
    expect(down).not.toContain('backfill');
    expect(down).toContain("await op.dropColumn({ schema: 'public', table: 'users', column: 'slug' });");
  });

  it('drops a column of the backfilled table after the backfill, which may read it, in a transaction after the block', () => {
    const dropEmail: Operation = {
      kind: 'dropColumn',
      schema: 'public',
      table: 'users',
      column: 'email',
      removed: { ...column('email', 'text'), nullable: false },
    };
    const planned = onlinePlan([dropEmail, slug()], current, withRows);
    expect(planned.map((op) => op.kind)).toEqual(['addColumn', 'backfill', 'alterColumn', 'dropColumn']);
    const up = renderUpgradeBody(planned);
    expect(up.indexOf('await op.dropColumn(')).toBeGreaterThan(up.lastIndexOf('});\n  });'));
    expect(up).toMatch(/\n  \}\);\n(  \/\/ .*\n)*  await op\.dropColumn\(/);
    // The downgrade adds the old column back (its values to write) before the new one goes.
    const down = renderDowngradeBody(downgradePlan(planned));
    expect(down.indexOf("column: { name: 'email'")).toBeGreaterThan(-1);
    expect(down.indexOf("column: { name: 'email'")).toBeLessThan(down.indexOf("column: 'slug' });"));
  });

  it('keeps a dropped column first when a column of its name is added in its place', () => {
    const dropSlug: Operation = {
      kind: 'dropColumn',
      schema: 'public',
      table: 'users',
      column: 'slug',
      removed: column('slug', 'integer'),
    };
    const planned = onlinePlan([dropSlug, slug()], current, withRows);
    expect(planned.map((op) => op.kind)).toEqual(['dropColumn', 'addColumn', 'backfill', 'alterColumn']);
  });

  it('keeps the plain form on an empty table, and for a column with a default, identity or generated', () => {
    expect(onlinePlan([slug()], current)).toEqual([slug()]);
    expect(onlinePlan([slug({ default: "''::text" })], current, withRows)).toEqual([slug({ default: "''::text" })]);
    expect(onlinePlan([slug({ generated: 'lower(email)' })], current, withRows)).toEqual([
      slug({ generated: 'lower(email)' }),
    ]);
  });

  it("keeps the plain form for a column that takes its values from the children's own (takenFrom)", () => {
    const taken = { ...slug(), takenFrom: [{ schema: 'public', table: 'admins' }] } as Operation;
    expect(onlinePlan([taken], current, withRows)).toEqual([taken]);
  });
});
