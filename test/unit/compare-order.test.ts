import { describe, expect, it } from 'vitest';
import { describeOperation } from '../../src/ops/describe.js';
import { compareModels } from '../helpers/compare.js';
import type { Operation } from '../../src/ops/operation.js';
import { assertNever } from '../../src/util/assert-never.js';
import type { ColumnModel, ForeignKeyModel, TableModel } from '../../src/schema/model.js';
import { model } from '../helpers/models.js';

function column(name: string, type = 'integer'): ColumnModel {
  return { name, type, nullable: false, default: null, identity: null };
}

function fk(table: string, refTable: string, refSchema = 'public'): ForeignKeyModel {
  return {
    name: `${table}_${refTable}_fkey`,
    columns: ['id'],
    refSchema,
    refTable,
    refColumns: ['id'],
    onDelete: 'NO ACTION',
    onUpdate: 'NO ACTION',
  };
}

function table(name: string, refs: string[] = [], extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns: [column('id')],
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    foreignKeys: refs.map((ref) => fk(name, ref)),
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

/** `kind target` per operation, e.g. `createTable a` or `addConstraint b.b_a_fkey`. */
function steps(ops: Operation[]): string[] {
  return ops.map((op) => `${op.kind} ${label(op)}`);
}

function label(op: Operation): string {
  switch (op.kind) {
    case 'createTable':
      return `${op.table.name} [${op.table.foreignKeys.map((key) => key.name).join(',')}]`;
    case 'dropTable':
      return `${op.name} [${op.removed?.foreignKeys.map((key) => key.name).join(',')}]`;
    case 'addConstraint':
    case 'alterConstraint':
      return `${op.table}.${op.constraint.name}`;
    case 'dropConstraint':
    case 'dropIndex':
      return `${op.table}.${op.name}`;
    case 'createEnum':
      return `${op.enum.schema}.${op.enum.name}`;
    case 'dropEnum':
    case 'addEnumValue':
    case 'renameEnumValue':
    case 'replaceEnum':
      return `${op.schema}.${op.name}`;
    case 'setRowLevelSecurity':
    case 'createPolicy':
    case 'dropPolicy':
    case 'attachPartition':
    case 'detachPartition':
    case 'inheritTable':
    case 'noInheritTable':
    case 'stashRows':
    case 'restoreRows':
      return op.table;
    case 'createSchema':
    case 'dropSchema':
      return op.schema;
    case 'addColumn':
      return `${op.table}.${op.column.name}`;
    case 'dropColumn':
    case 'alterColumn':
      return `${op.table}.${op.column}`;
    case 'createIndex':
      return `${op.table}.${op.index.name}`;
    case 'renameIndex':
      return `${op.schema}.${op.from} -> ${op.to}`;
    case 'createExtension':
    case 'dropExtension':
    case 'createCollation':
    case 'dropCollation':
    case 'createRule':
    case 'dropRule':
    case 'replaceRule':
    case 'createCast':
    case 'dropCast':
    case 'createTextSearchDictionary':
    case 'alterTextSearchDictionary':
    case 'dropTextSearchDictionary':
    case 'createTextSearchConfiguration':
    case 'alterTextSearchConfiguration':
    case 'dropTextSearchConfiguration':
    case 'createOperator':
    case 'dropOperator':
    case 'alterOperator':
    case 'createOperatorClass':
    case 'dropOperatorClass':
    case 'createSequence':
    case 'dropSequence':
    case 'alterSequence':
    case 'createDomain':
    case 'dropDomain':
    case 'alterDomain':
    case 'createView':
    case 'dropView':
    case 'replaceView':
    case 'createFunction':
    case 'dropFunction':
    case 'replaceFunction':
    case 'createTrigger':
    case 'dropTrigger':
    case 'setComment':
    case 'alterExtension':
    case 'replaceDomain':
    case 'setUnlogged':
    case 'setReplicaIdentity':
    case 'setClusterOn':
    case 'setStorageParameters':
    case 'setIndexStatistics':
    case 'renameSchema':
    case 'renameTable':
    case 'renameColumn':
    case 'renameObject':
    case 'createCompositeType':
    case 'dropCompositeType':
    case 'addCompositeAttribute':
    case 'dropCompositeAttribute':
    case 'alterCompositeAttribute':
    case 'createForeignDataWrapper':
    case 'dropForeignDataWrapper':
    case 'alterForeignDataWrapper':
    case 'createForeignServer':
    case 'dropForeignServer':
    case 'alterForeignServer':
    case 'createForeignTable':
    case 'dropForeignTable':
    case 'alterForeignTable':
    case 'createStatistics':
    case 'dropStatistics':
    case 'alterStatistics':
    case 'createPublication':
    case 'dropPublication':
    case 'alterPublication':
    case 'createRangeType':
    case 'dropRangeType':
    case 'alterFiring':
    case 'createEventTrigger':
    case 'dropEventTrigger':
    case 'alterEventTrigger':
    case 'grant':
    case 'revoke':
    case 'grantDefault':
    case 'revokeDefault':
    case 'alterOwner':
    case 'backfill':
      return describeOperation(op);
    case 'executeSql':
      return op.sql;
    default:
      return assertNever(op, 'operation kind');
  }
}

describe('compareModels: creating tables', () => {
  it('creates referenced tables first, with their foreign keys inline', () => {
    const ops = compareModels(
      model(),
      model({ tables: [table('a', ['c']), table('c', ['d']), table('b'), table('d')] }),
    );
    expect(steps(ops)).toEqual([
      'createTable b []',
      'createTable d []',
      'createTable c [c_d_fkey]',
      'createTable a [a_c_fkey]',
    ]);
  });

  it('keeps a self-reference inline', () => {
    const ops = compareModels(model(), model({ tables: [table('tree', ['tree'])] }));
    expect(steps(ops)).toEqual(['createTable tree [tree_tree_fkey]']);
  });

  it('adds the foreign keys of a cycle between new tables after creating them', () => {
    const ops = compareModels(model(), model({ tables: [table('b', ['a']), table('a', ['b']), table('c', ['a'])] }));
    expect(steps(ops)).toEqual([
      'createTable a []',
      'createTable b []',
      'createTable c [c_a_fkey]',
      'addConstraint a.a_b_fkey',
      'addConstraint b.b_a_fkey',
    ]);
    const created = ops[0] as Extract<Operation, { kind: 'createTable' }>;
    expect(created.table.primaryKey).toEqual({ name: 'a_pkey', columns: ['id'] });
  });

  it('creates a new table referencing an existing one with the foreign key inline', () => {
    const ops = compareModels(
      model({ tables: [table('users')] }),
      model({ tables: [table('users'), table('posts', ['users'])] }),
    );
    expect(steps(ops)).toEqual(['createTable posts [posts_users_fkey]']);
  });

  it('holds back a foreign key to a unique key the same change adds to an existing table', () => {
    const before = table('users', [], { columns: [column('id'), column('code')] });
    const after = { ...before, uniques: [{ name: 'users_code_key', columns: ['code'] }] };
    const tags = table('tags', [], { foreignKeys: [{ ...fk('tags', 'users'), refColumns: ['code'] }] });
    const ops = compareModels(model({ tables: [before] }), model({ tables: [after, tags] }));
    expect(steps(ops)).toEqual([
      'createTable tags []',
      'addConstraint users.users_code_key',
      'addConstraint tags.tags_users_fkey',
    ]);
  });

  it('creates schemas and enums before the tables and columns that use them', () => {
    const mood = { schema: 'app', name: 'mood', values: ['ok'] };
    const events = table('events', [], { schema: 'app', columns: [column('id'), column('mood', 'app.mood')] });
    const users = table('users');
    const withMood = { ...users, columns: [column('id'), column('mood', 'app.mood[]')] };
    const ops = compareModels(
      model({ tables: [users] }),
      model({ schemas: ['app'], enums: [mood], tables: [withMood, events] }),
    );
    expect(steps(ops)).toEqual([
      'createSchema app',
      'createEnum app.mood',
      'createTable events []',
      'addColumn users.mood',
    ]);
  });
});

describe('compareModels: dropping tables', () => {
  it('drops two tables that reference each other after dropping their foreign keys', () => {
    const ops = compareModels(model({ tables: [table('a', ['b']), table('b', ['a'])] }), model());
    expect(steps(ops)).toEqual([
      'dropConstraint a.a_b_fkey',
      'dropConstraint b.b_a_fkey',
      'dropTable a []',
      'dropTable b []',
    ]);
  });

  it('drops dependents first and lets acyclic references go with their table', () => {
    const ops = compareModels(model({ tables: [table('a'), table('b', ['c']), table('c', ['a', 'c'])] }), model());
    expect(steps(ops)).toEqual(['dropTable b [b_c_fkey]', 'dropTable c [c_a_fkey,c_c_fkey]', 'dropTable a []']);
  });

  it('drops a foreign key from a surviving table before the table it references', () => {
    const kept = table('posts', ['users']);
    const ops = compareModels(
      model({ tables: [table('users'), kept] }),
      model({ tables: [{ ...kept, foreignKeys: [] }] }),
    );
    expect(steps(ops)).toEqual(['dropConstraint posts.posts_users_fkey', 'dropTable users []']);
  });

  it("drops a dropped table's foreign key first when it depends on a key being dropped", () => {
    const ops = compareModels(
      model({ tables: [table('users'), table('posts', ['users'])] }),
      model({ tables: [table('users', [], { primaryKey: null })] }),
    );
    expect(steps(ops)).toEqual([
      'dropConstraint posts.posts_users_fkey',
      'dropConstraint users.users_pkey',
      'dropTable posts []',
    ]);
  });

  it('drops tables, then enums, then the schema holding them', () => {
    const current = model({
      schemas: ['app'],
      enums: [{ schema: 'app', name: 'mood', values: [] }],
      tables: [table('t', [], { schema: 'app', columns: [column('id'), column('m', 'app.mood')] })],
    });
    expect(steps(compareModels(current, model()))).toEqual(['dropTable t []', 'dropEnum app.mood', 'dropSchema app']);
  });

  it('drops an enum only after the columns using it are altered to another type', () => {
    const users = table('users', [], { columns: [column('id'), column('m', '"App".mood')] });
    const current = model({
      schemas: ['App'],
      enums: [{ schema: 'App', name: 'mood', values: ['a'] }],
      tables: [users],
    });
    const target = model({
      enums: [{ schema: 'public', name: 'feeling', values: ['a'] }],
      tables: [{ ...users, columns: [column('id'), column('m', 'public.feeling')] }],
    });
    expect(steps(compareModels(current, target))).toEqual([
      'createEnum public.feeling',
      'alterColumn users.m',
      'dropEnum App.mood',
      'dropSchema App',
    ]);
  });
});

describe('compareModels: whole order', () => {
  it('follows the phases: drop keys, drop per table, drop tables, drop types, create, add, add keys', () => {
    const current = model({
      schemas: ['old'],
      enums: [
        { schema: 'public', name: 'gone', values: [] },
        { schema: 'public', name: 'mood', values: ['a'] },
      ],
      tables: [table('keep', ['gone_t'], { columns: [column('id'), column('x')] }), table('gone_t')],
    });
    const target = model({
      schemas: ['new'],
      enums: [
        { schema: 'public', name: 'mood', values: ['a', 'b'] },
        { schema: 'public', name: 'fresh', values: [] },
      ],
      tables: [
        table('keep', ['made'], {
          columns: [column('id'), column('y')],
          checks: [{ name: 'keep_y_check', expression: '(y > 0)' }],
          indexes: [{ name: 'keep_y_idx', unique: false, method: 'btree', columns: [{ column: 'y' }], where: null }],
        }),
        table('made'),
      ],
    });
    expect(steps(compareModels(current, target))).toEqual([
      'dropConstraint keep.keep_gone_t_fkey',
      'dropColumn keep.x',
      'dropTable gone_t []',
      'dropEnum public.gone',
      'dropSchema old',
      'createSchema new',
      'createEnum public.fresh',
      'addEnumValue public.mood',
      'createTable made []',
      'addColumn keep.y',
      'addConstraint keep.keep_y_check',
      'createIndex keep.keep_y_idx',
      'addConstraint keep.keep_made_fkey',
    ]);
  });
});
