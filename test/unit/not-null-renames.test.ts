import { describe, expect, it } from 'vitest';
import { withNotNullRenames } from '../../src/autogen/renames/not-null-renames.js';
import type { Operation, OperationOf } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { ColumnModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { model } from '../helpers/models.js';

function column(name: string, nullable: boolean, notNullName?: string): ColumnModel {
  return {
    name,
    type: 'integer',
    nullable,
    default: null,
    identity: null,
    ...(notNullName === undefined ? {} : { notNullName }),
  };
}

function table(name: string, columns: ColumnModel[], extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns,
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

const named = (...tables: TableModel[]): SchemaModel => model({ tables, notNullNames: true });
const renameTable = (from: string, to: string): Operation => ({ kind: 'renameTable', schema: 'public', from, to });
const renameColumn = (on: string, from: string, to: string): Operation => ({
  kind: 'renameColumn',
  schema: 'public',
  table: on,
  from,
  to,
});

const listOf = (op: Operation): unknown => ('notNullRenames' in op ? op.notNullRenames : undefined);

describe('withNotNullRenames', () => {
  it('lists the NOT NULL renames of a table or column rename only where renaming by default names would not reverse them', () => {
    // person was account: id's name follows the table, handle's was left stale by a rename outside Athanor.
    const live = named(
      table('person', [column('id', false), column('handle', false, 'account_nick_not_null'), column('note', true)]),
    );
    const ops = withNotNullRenames(live, [renameTable('person', 'account'), renameColumn('account', 'handle', 'nick')]);
    // Back from account, the default names would rename account_id_not_null to person_id_not_null: the same.
    expect(ops[0]).toEqual(renameTable('person', 'account'));
    // Back from nick, they would rename account_nick_not_null to account_handle_not_null: listed, none.
    expect(ops[1]).toEqual({ ...renameColumn('account', 'handle', 'nick'), notNullRenames: [] });
    // Default names all the way: nothing listed.
    const fresh = [renameTable('person', 'account'), renameColumn('account', 'handle', 'nick')];
    expect(withNotNullRenames(named(table('person', [column('handle', false)])), fresh)).toEqual(fresh);
  });

  it('lists what a table rename renames when a stale name would be taken back, after a schema rename; before 18, nothing', () => {
    const live = named(table('person', [column('id', false, 'account_id_not_null'), column('nick', false)]));
    const ops = withNotNullRenames(live, [
      { kind: 'renameSchema', from: 'public', to: 'app' },
      { kind: 'renameTable', schema: 'app', from: 'person', to: 'account' },
    ]);
    expect(ops.map(listOf)).toEqual([undefined, [{ from: 'person_nick_not_null', to: 'account_nick_not_null' }]]);
    const before18: SchemaModel = { ...live, notNullNames: undefined };
    expect(withNotNullRenames(before18, [renameTable('person', 'account')])).toEqual([
      renameTable('person', 'account'),
    ]);
  });

  it('compiles a listed rename to exactly those constraints, each where it exists, and reverses the list', () => {
    const op: OperationOf<'renameTable'> = {
      kind: 'renameTable',
      schema: 'public',
      from: 'person',
      to: 'account',
      notNullRenames: [{ from: 'person_id_not_null', to: 'account_id_not_null' }],
    };
    expect(compileOperation(op).map((s) => s.sql)).toEqual([
      'ALTER TABLE "public"."person" RENAME TO "account"',
      `DO $athanor$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conrelid = '"public"."account"'::regclass AND con.contype = 'n' AND con.conname = 'person_id_not_null'
      AND con.coninhcount = 0 AND NOT EXISTS (WITH RECURSIVE below(rel) AS (SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = con.conrelid UNION SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN below ON i.inhparent = below.rel) SELECT 1 FROM below WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = below.rel AND k.contype = 'n' AND k.conname = con.conname))) THEN
    ALTER TABLE "public"."account" RENAME CONSTRAINT "person_id_not_null" TO "account_id_not_null";
  END IF;
END
$athanor$`,
    ]);
    expect(reverseOperation(op)).toEqual({
      kind: 'renameTable',
      schema: 'public',
      from: 'account',
      to: 'person',
      notNullRenames: [{ from: 'account_id_not_null', to: 'person_id_not_null' }],
    });
    const none: Operation = {
      kind: 'renameColumn',
      schema: 'public',
      table: 'account',
      from: 'handle',
      to: 'nick',
      notNullRenames: [],
    };
    expect(compileOperation(none).map((s) => s.sql)).toEqual([
      'ALTER TABLE "public"."account" RENAME COLUMN "handle" TO "nick"',
    ]);
  });
});
