import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { PartitionIndexStorageModel, PolicyModel, TableModel } from '../../src/schema/model.js';

const sqlOf = (op: Parameters<typeof compileOperation>[0]): string[] => compileOperation(op).map((s) => s.sql);

const policy: PolicyModel = {
  name: 'own',
  permissive: true,
  command: 'ALL',
  roles: ['public'],
  using: '(owner = CURRENT_USER)',
  withCheck: null,
};

function table(extra: Partial<TableModel>): TableModel {
  return {
    schema: 'public',
    name: 't',
    columns: [],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

describe('DDL: policies', () => {
  it('creates a policy with only what differs from the defaults', () => {
    expect(compileOperation({ kind: 'createPolicy', schema: 'public', table: 'doc', policy })).toStrictEqual([
      { sql: 'CREATE POLICY "own" ON "public"."doc" USING ((owner = CURRENT_USER))', transactional: true },
    ]);
  });

  it('creates a restrictive policy for one command and some roles, with a check', () => {
    const p: PolicyModel = {
      name: 'My "P"',
      permissive: false,
      command: 'INSERT',
      roles: ['app', 'public'],
      using: null,
      withCheck: '(n > 0)',
    };
    expect(sqlOf({ kind: 'createPolicy', schema: 's', table: 't', policy: p })).toEqual([
      'CREATE POLICY "My ""P""" ON "s"."t" AS RESTRICTIVE FOR INSERT TO "app", PUBLIC WITH CHECK ((n > 0))',
    ]);
  });

  it('drops a policy by name', () => {
    expect(sqlOf({ kind: 'dropPolicy', schema: 'public', table: 'doc', name: 'own', removed: policy })).toEqual([
      'DROP POLICY "own" ON "public"."doc"',
    ]);
  });
});

describe('DDL: row-level security', () => {
  it('changes only the switches that differ from before', () => {
    const op = { kind: 'setRowLevelSecurity', schema: 'public', table: 'doc' } as const;
    expect(sqlOf({ ...op, to: { enabled: true, forced: false }, from: { enabled: false, forced: false } })).toEqual([
      'ALTER TABLE "public"."doc" ENABLE ROW LEVEL SECURITY',
    ]);
    expect(sqlOf({ ...op, to: { enabled: true, forced: false }, from: { enabled: true, forced: true } })).toEqual([
      'ALTER TABLE "public"."doc" NO FORCE ROW LEVEL SECURITY',
    ]);
    expect(sqlOf({ ...op, to: { enabled: false, forced: true } })).toEqual([
      'ALTER TABLE "public"."doc" DISABLE ROW LEVEL SECURITY',
      'ALTER TABLE "public"."doc" FORCE ROW LEVEL SECURITY',
    ]);
  });

  it('creates a table with its switches on and its policies', () => {
    const sql = sqlOf({
      kind: 'createTable',
      table: table({ rowLevelSecurity: { enabled: true, forced: true }, policies: [policy] }),
    });
    expect(sql).toEqual([
      'CREATE TABLE "public"."t" ()',
      'ALTER TABLE "public"."t" ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE "public"."t" FORCE ROW LEVEL SECURITY',
      'CREATE POLICY "own" ON "public"."t" USING ((owner = CURRENT_USER))',
    ]);
  });
});

describe('DDL: partitions', () => {
  it('creates a partitioned table', () => {
    const columns = [{ name: 'at', type: 'date', nullable: false, default: null, identity: null }];
    expect(sqlOf({ kind: 'createTable', table: table({ columns, partitionBy: 'RANGE (at)' }) })).toEqual([
      'CREATE TABLE "public"."t" (\n  "at" date NOT NULL\n) PARTITION BY RANGE (at)',
    ]);
  });

  it('creates a partition with no element list, or with its own constraints, and a sub-partitioned one', () => {
    const partitionOf = {
      schema: 'public',
      table: 'events',
      bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    };
    expect(sqlOf({ kind: 'createTable', table: table({ name: 'e24', partitionOf }) })).toEqual([
      `CREATE TABLE "public"."e24" PARTITION OF "public"."events" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`,
    ]);
    const checks = [{ name: 'e_pos', expression: '(n > 0)' }];
    const other = { schema: 'public', table: 'events', bound: 'DEFAULT' };
    expect(
      sqlOf({
        kind: 'createTable',
        table: table({ name: 'e', checks, partitionOf: other, partitionBy: 'LIST (kind)' }),
      }),
    ).toEqual([
      'CREATE TABLE "public"."e" PARTITION OF "public"."events" (\n  CONSTRAINT "e_pos" CHECK ((n > 0))\n) DEFAULT PARTITION BY LIST (kind)',
    ]);
  });

  it("creates a partition naming its NOT NULL constraints, its own or its parent's", () => {
    const partitionOf = { schema: 'public', table: 'events', bound: 'DEFAULT' };
    const columnOverrides = [
      { name: 'kind', notNullName: 'e_kind' },
      { name: 'n', notNull: true as const, notNullName: 'e_n' },
    ];
    expect(sqlOf({ kind: 'createTable', table: table({ name: 'e', partitionOf, columnOverrides }) })).toEqual([
      `CREATE TABLE "public"."e" PARTITION OF "public"."events" (\n  "kind" WITH OPTIONS CONSTRAINT "e_kind" NOT NULL,\n  "n" WITH OPTIONS CONSTRAINT "e_n" NOT NULL\n) DEFAULT`,
    ]);
  });

  it("creates a partition with its own column defaults and NOT NULL, dropping a parent's default after", () => {
    const partitionOf = { schema: 'public', table: 'events', bound: 'DEFAULT' };
    const columnOverrides = [
      { name: 'kind', default: "'x'::text", notNull: true as const },
      { name: 'note', default: null },
      { name: 'n', notNull: true as const },
    ];
    expect(sqlOf({ kind: 'createTable', table: table({ name: 'e', partitionOf, columnOverrides }) })).toEqual([
      `CREATE TABLE "public"."e" PARTITION OF "public"."events" (\n  "kind" WITH OPTIONS NOT NULL DEFAULT 'x'::text,\n  "n" WITH OPTIONS NOT NULL\n) DEFAULT`,
      'ALTER TABLE "public"."e" ALTER COLUMN "note" DROP DEFAULT',
    ]);
  });

  it("renames the indexes Postgres creates for a new partition from its parent's, found through pg_inherits, each through a name of its own", () => {
    const partitionOf = { schema: 'app', table: 'events', bound: 'DEFAULT' };
    const indexNames = [
      { parentIndex: 'events_kind_idx', name: "it's 100%" },
      { parentIndex: 'events_kind_key', name: 'e_kind_idx' },
    ];
    const misnamed =
      'SELECT ih.inhrelid AS oid, w.rename FROM pg_inherits ih JOIN pg_index x ON x.indexrelid = ih.inhrelid ' +
      "JOIN pg_class c ON c.oid = ih.inhrelid JOIN (VALUES ('\"app\".\"events_kind_idx\"'::regclass, 'it''s 100%', " +
      "'ALTER INDEX %s RENAME TO \"it''s 100%%\"'), ('\"app\".\"events_kind_key\"'::regclass, 'e_kind_idx', " +
      '\'ALTER INDEX %s RENAME TO "e_kind_idx"\')) AS w(parent, name, rename) ON w.parent = ih.inhparent ' +
      'WHERE x.indrelid = \'"app"."e"\'::regclass AND c.relname <> w.name';
    expect(sqlOf({ kind: 'createTable', table: table({ schema: 'app', name: 'e', partitionOf, indexNames }) })).toEqual(
      [
        'CREATE TABLE "app"."e" PARTITION OF "app"."events" DEFAULT',
        `DO $rename$DECLARE r record; BEGIN FOR r IN ${misnamed} LOOP ` +
          "EXECUTE format('ALTER INDEX %s RENAME TO athanor_index_%s', r.oid::regclass, r.oid); END LOOP; " +
          `FOR r IN ${misnamed} LOOP EXECUTE format(r.rename, r.oid::regclass); END LOOP; END$rename$`,
      ],
    );
  });

  it("sets the storage parameters of a new partition's index found through pg_inherits, after resetting its parent's", () => {
    const partitionOf = { schema: 'app', table: 'events', bound: 'DEFAULT' };
    const indexStorage: PartitionIndexStorageModel[] = [
      { parentIndex: 'events_kind_idx', with: { fillfactor: '50', deduplicate_items: 'off' } },
      { parentIndex: 'events_n_idx', with: {} },
    ];
    const find =
      "DECLARE i regclass; o text; BEGIN SELECT ih.inhrelid::regclass, (SELECT string_agg(split_part(r, '=', 1), ', ') " +
      'FROM unnest(c.reloptions) AS r) INTO i, o FROM pg_inherits ih JOIN pg_index x ON x.indexrelid = ih.inhrelid ' +
      'JOIN pg_class c ON c.oid = ih.inhrelid WHERE ih.inhparent = ';
    const reset = "IF o IS NOT NULL THEN EXECUTE format('ALTER INDEX %s RESET (%s)', i, o); END IF; ";
    const on = 'AND x.indrelid = \'"app"."e"\'::regclass; ';
    expect(
      sqlOf({ kind: 'createTable', table: table({ schema: 'app', name: 'e', partitionOf, indexStorage }) }),
    ).toEqual([
      'CREATE TABLE "app"."e" PARTITION OF "app"."events" DEFAULT',
      `DO $storage$${find}'"app"."events_kind_idx"'::regclass ${on}${reset}` +
        "EXECUTE format('ALTER INDEX %s SET (fillfactor = 50, deduplicate_items = off)', i); END$storage$",
      `DO $storage$${find}'"app"."events_n_idx"'::regclass ${on}${reset}END$storage$`,
    ]);
    const partitioned = table({ schema: 'app', name: 'e', partitionOf, indexStorage, partitionBy: 'LIST (a)' });
    expect(sqlOf({ kind: 'createTable', table: partitioned })).toHaveLength(1);
  });

  it('attaches and detaches a partition', () => {
    const partitionOf = { schema: 'app', table: 'events', bound: "FOR VALUES IN ('a')" };
    expect(sqlOf({ kind: 'attachPartition', schema: 'app', table: 'e_a', partitionOf })).toEqual([
      `ALTER TABLE "app"."events" ATTACH PARTITION "app"."e_a" FOR VALUES IN ('a')`,
    ]);
    expect(sqlOf({ kind: 'detachPartition', schema: 'app', table: 'e_a', partitionOf })).toEqual([
      'ALTER TABLE "app"."events" DETACH PARTITION "app"."e_a"',
    ]);
  });
});

describe('DDL: rows kept while a table is rebuilt', () => {
  const copy = { schema: 'app', table: 'Event', stash: 'Event__athanor_stash', columns: ['id', 'at'] };

  it('stashes the columns into a plain holding table', () => {
    expect(
      compileOperation({ kind: 'stashRows', ...copy, note: 'ignored', sequences: [{ column: 'id' }] }),
    ).toStrictEqual([
      { sql: 'CREATE TABLE "app"."Event__athanor_stash" AS SELECT "id", "at" FROM "app"."Event"', transactional: true },
    ]);
  });

  it('restores through the table, then drops the holding table', () => {
    expect(sqlOf({ kind: 'restoreRows', ...copy })).toEqual([
      'INSERT INTO "app"."Event" ("id", "at") SELECT "id", "at" FROM "app"."Event__athanor_stash"',
      'DROP TABLE "app"."Event__athanor_stash"',
    ]);
  });

  it('keeps a column as text in the holding table and casts it back to its type when restoring', () => {
    const asText = [{ column: 'm', type: 'public.mood[]' }];
    expect(sqlOf({ kind: 'stashRows', ...copy, columns: ['id', 'm'], asText })).toEqual([
      'CREATE TABLE "app"."Event__athanor_stash" AS SELECT "id", "m"::text AS "m" FROM "app"."Event"',
    ]);
    expect(sqlOf({ kind: 'restoreRows', ...copy, columns: ['id', 'm'], asText })).toEqual([
      'INSERT INTO "app"."Event" ("id", "m") SELECT "id", "m"::public.mood[] FROM "app"."Event__athanor_stash"',
      'DROP TABLE "app"."Event__athanor_stash"',
    ]);
  });

  it('overrides an identity ALWAYS column and moves the new sequences past the restored values', () => {
    const sequences = [{ column: 'id' }, { column: "o'd", descending: true }];
    const setval = (order: string, last: string, column: string): string =>
      'SELECT pg_catalog.setval(s.seqrelid, p.value, p.called) FROM pg_catalog.pg_sequence AS s, LATERAL (SELECT c.value, c.called FROM (' +
      `SELECT s.seqstart AS value, false AS called UNION ALL SELECT ${last}, true FROM "app"."Event") AS c ` +
      `WHERE c.value IS NOT NULL ORDER BY c.value ${order}, c.called DESC LIMIT 1) AS p ` +
      `WHERE s.seqrelid = pg_catalog.pg_get_serial_sequence('"app"."Event"', '${column}')::regclass`;
    expect(
      sqlOf({ kind: 'restoreRows', ...copy, columns: ['id', "o'd"], overridingSystemValue: true, sequences }),
    ).toEqual([
      `INSERT INTO "app"."Event" ("id", "o'd") OVERRIDING SYSTEM VALUE SELECT "id", "o'd" FROM "app"."Event__athanor_stash"`,
      setval('DESC', 'max("id")', 'id'),
      setval('ASC', `min("o'd")`, "o''d"),
      'DROP TABLE "app"."Event__athanor_stash"',
    ]);
  });

  it('records the positions of the sequences when stashing and moves the new ones at least as far when restoring', () => {
    const positions = 'Event__athanor_positions';
    const sequences = [{ column: 'id' }, { column: "o'd" }];
    expect(sqlOf({ kind: 'stashRows', ...copy, columns: ['id', "o'd"], sequences, positions })).toEqual([
      `CREATE TABLE "app"."Event__athanor_stash" AS SELECT "id", "o'd" FROM "app"."Event"`,
      'DO $positions$BEGIN EXECUTE pg_catalog.format(\'CREATE TABLE %s AS SELECT %L::text AS "column", last_value, is_called FROM %s ' +
        'UNION ALL SELECT %L, last_value, is_called FROM %s\', \'"app"."Event__athanor_positions"\', ' +
        `'id', pg_catalog.pg_get_serial_sequence('"app"."Event"', 'id'), 'o''d', pg_catalog.pg_get_serial_sequence('"app"."Event"', 'o''d')); END$positions$`,
    ]);
    expect(sqlOf({ kind: 'restoreRows', ...copy, sequences: [{ column: 'id' }], positions })).toEqual([
      'INSERT INTO "app"."Event" ("id", "at") SELECT "id", "at" FROM "app"."Event__athanor_stash"',
      'SELECT pg_catalog.setval(s.seqrelid, p.value, p.called) FROM pg_catalog.pg_sequence AS s, LATERAL (SELECT c.value, c.called FROM (' +
        'SELECT s.seqstart AS value, false AS called UNION ALL SELECT max("id"), true FROM "app"."Event" ' +
        `UNION ALL SELECT last_value, is_called FROM "app"."Event__athanor_positions" WHERE "column" = 'id' AND last_value BETWEEN s.seqmin AND s.seqmax) AS c ` +
        'WHERE c.value IS NOT NULL ORDER BY c.value DESC, c.called DESC LIMIT 1) AS p ' +
        `WHERE s.seqrelid = pg_catalog.pg_get_serial_sequence('"app"."Event"', 'id')::regclass`,
      'DROP TABLE "app"."Event__athanor_stash"',
      'DROP TABLE "app"."Event__athanor_positions"',
    ]);
  });

  it('leaves out the rows of the partitions that keep them when stashing', () => {
    const keptPartitions = [
      { schema: 'app', table: 'Event_2024' },
      { schema: 'other', table: "it's" },
    ];
    expect(sqlOf({ kind: 'stashRows', ...copy, keptPartitions })).toEqual([
      'CREATE TABLE "app"."Event__athanor_stash" AS SELECT "id", "at" FROM "app"."Event" WHERE tableoid NOT IN (' +
        `SELECT relid FROM pg_catalog.pg_partition_tree('"app"."Event_2024"') UNION ALL SELECT relid FROM pg_catalog.pg_partition_tree('"other"."it''s"'))`,
    ]);
    expect(sqlOf({ kind: 'restoreRows', ...copy, keptPartitions })).toEqual([
      'INSERT INTO "app"."Event" ("id", "at") SELECT "id", "at" FROM "app"."Event__athanor_stash"',
      'DROP TABLE "app"."Event__athanor_stash"',
    ]);
  });

  it('casts retyped columns to their new type without its modifiers when restoring, so the column checks the length', () => {
    const casts = [
      { column: 'id', type: 'integer' },
      { column: 'at', type: 'character varying(20)[]' },
      { column: 'c', type: 'character(3)' },
      { column: 'b', type: 'bit(4)' },
      { column: 'ts', type: 'timestamp(3) with time zone' },
      { column: 'q', type: 'public."odd(1)"' },
    ];
    expect(sqlOf({ kind: 'restoreRows', ...copy, columns: ['id', 'at', 'c', 'b', 'ts', 'q'], casts })).toEqual([
      'INSERT INTO "app"."Event" ("id", "at", "c", "b", "ts", "q") SELECT "id"::integer, "at"::character varying[], "c"::bpchar, "b"::bit varying, ' +
        '"ts"::timestamp with time zone, "q"::public."odd(1)" FROM "app"."Event__athanor_stash"',
      'DROP TABLE "app"."Event__athanor_stash"',
    ]);
    // The stash keeps the old types.
    expect(sqlOf({ kind: 'stashRows', ...copy, casts })).toEqual([
      'CREATE TABLE "app"."Event__athanor_stash" AS SELECT "id", "at" FROM "app"."Event"',
    ]);
  });
});
