import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import { withState } from '../../src/ops/families/keys.js';
import type { ColumnModel, ConstraintModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { assertNever } from '../../src/util/assert-never.js';
import { mutableCopy, mutableModel, type Mutable, type MutableModel } from '../helpers/models.js';

/** A table the tests build or change in place. */
type MutableTable = Mutable<TableModel>;

/** Reads choices off a list of numbers; an exhausted tape reads 0, so shrinking simplifies the model. */
class Tape {
  private position = 0;
  constructor(private readonly values: number[]) {}
  pick<T>(options: readonly T[]): T {
    const value = this.values[this.position] ?? 0;
    this.position += 1;
    return options[value % options.length] as T;
  }
  flip(): boolean {
    return this.pick([false, true]);
  }
}

const TABLES = [
  ['public', 't1'],
  ['public', 't2'],
  ['public', 't3'],
  ['app', 't4'],
] as const;

/** A random, consistent model from a small universe of names. */
function buildModel(tape: Tape): SchemaModel {
  const app = tape.flip();
  const enums = [
    ...(tape.flip() ? [{ schema: 'public', name: 'mood', values: ['sad', 'happy'] }] : []),
    ...(app && tape.flip() ? [{ schema: 'app', name: 'color', values: ['red'] }] : []),
  ];
  const types = [
    'integer',
    'text',
    'bigint',
    ...enums.flatMap((e) => [`${e.schema}.${e.name}`, `${e.schema}.${e.name}[]`]),
  ];
  const tables = TABLES.filter(([schema]) => (schema === 'public' || app) && tape.flip()).map(([schema, name]) =>
    buildTable(tape, schema, name, types),
  );
  for (const table of tables) addForeignKeys(tape, table, tables);
  return completeModel({ schemas: app ? ['app'] : [], enums, tables });
}

function buildTable(tape: Tape, schema: string, name: string, types: string[]): MutableTable {
  const columns: ColumnModel[] = [{ name: 'id', type: 'integer', nullable: false, default: null, identity: null }];
  for (const column of ['a', 'b', 'c']) {
    if (!tape.flip()) continue;
    const type = tape.pick(types);
    columns.push({
      name: column,
      type,
      nullable: tape.flip(),
      default: tape.pick([null, '0', "'x'::text"]),
      identity: null,
    });
  }
  const has = (column: string) => columns.some((c) => c.name === column);
  const table: MutableTable = {
    schema,
    name,
    columns,
    primaryKey: tape.pick([null, { name: `${name}_pkey`, columns: ['id'] }, { name: `${name}_pk`, columns: ['id'] }]),
    foreignKeys: [],
    uniques: [],
    checks: tape.flip() ? [{ name: `${name}_check`, expression: tape.pick(['(id > 0)', '(id >= 0)']) }] : [],
    indexes: [],
  };
  if (has('a') && tape.flip()) table.uniques.push({ name: `${name}_a_key`, columns: ['a'] });
  if (tape.flip()) table.uniques.push({ name: `${name}_id_key`, columns: ['id'] });
  if (has('b') && tape.flip()) {
    const where = tape.pick([null, '(b IS NOT NULL)']);
    table.indexes.push({
      name: `${name}_b_idx`,
      unique: tape.flip(),
      method: tape.pick(['btree', 'hash']),
      columns: [{ column: 'b' }],
      where,
    });
  }
  if (tape.flip()) {
    table.indexes.push({
      name: `${name}_expr_idx`,
      unique: false,
      method: 'btree',
      columns: [{ expression: '(id + 1)' }],
      where: null,
    });
  }
  return table;
}

function addForeignKeys(tape: Tape, table: MutableTable, tables: MutableTable[]): void {
  for (const target of tables) {
    for (const refColumn of ['id', 'b']) {
      if (!hasKey(target, [refColumn]) || !tape.flip()) continue;
      table.foreignKeys.push({
        name: `${table.name}_${target.name}_${refColumn}_fkey`,
        columns: ['id'],
        refSchema: target.schema,
        refTable: target.name,
        refColumns: [refColumn],
        onDelete: tape.pick(['NO ACTION', 'CASCADE'] as const),
        onUpdate: 'NO ACTION',
      });
    }
  }
}

/** Column lists of the unique keys a foreign key can reference. */
function keyColumns(table: TableModel): (readonly string[])[] {
  return [
    ...(table.primaryKey ? [table.primaryKey.columns] : []),
    ...table.uniques.map((u) => u.columns),
    ...table.indexes
      .filter((i) => i.unique && i.where === null && i.columns.every((c) => 'column' in c))
      .map((i) => i.columns.map((c) => ('column' in c ? c.column : ''))),
  ];
}

function hasKey(table: TableModel, columns: readonly string[]): boolean {
  return keyColumns(table).some((key) => [...key].sort().join() === [...columns].sort().join());
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

/** A tiny stand-in for Postgres: applies operations to a model and throws where the server would refuse. */
class FakeServer {
  readonly m: MutableModel;

  constructor(start: SchemaModel) {
    this.m = mutableModel(start);
  }

  apply(op: Operation): void {
    switch (op.kind) {
      case 'createSchema':
      case 'dropSchema':
      case 'createEnum':
      case 'dropEnum':
        return this.applyNamespace(op);
      case 'createTable':
      case 'dropTable':
        return this.applyTable(op);
      case 'stashRows':
      case 'restoreRows':
        // The holding table lives between the two; the tables themselves do not change.
        return;
      case 'addColumn':
      case 'dropColumn':
      case 'alterColumn':
        return this.applyColumn(op);
      case 'addConstraint':
      case 'dropConstraint':
      case 'alterConstraint':
      case 'createIndex':
      case 'dropIndex':
        return this.applyKey(op);
      case 'addEnumValue':
      case 'renameEnumValue':
      case 'replaceEnum':
      case 'setRowLevelSecurity':
      case 'createPolicy':
      case 'dropPolicy':
      case 'attachPartition':
      case 'detachPartition':
      case 'inheritTable':
      case 'noInheritTable':
      case 'renameIndex':
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
      case 'executeSql':
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
        throw new Error(`not simulated: ${op.kind}`);
      default:
        return assertNever(op, 'operation kind');
    }
  }

  private applyNamespace(
    op: Extract<Operation, { kind: 'createSchema' | 'dropSchema' | 'createEnum' | 'dropEnum' }>,
  ): void {
    const m = this.m;
    if (op.kind === 'createSchema') {
      check(!m.schemas.includes(op.schema), 'schema exists');
      m.schemas.push(op.schema);
    } else if (op.kind === 'dropSchema') {
      check(
        !m.tables.some((t) => t.schema === op.schema) && !m.enums.some((e) => e.schema === op.schema),
        'schema not empty',
      );
      m.schemas = m.schemas.filter((s) => s !== op.schema);
    } else if (op.kind === 'createEnum') {
      check(this.schemaExists(op.enum.schema), 'no schema for enum');
      m.enums.push(mutableCopy(op.enum));
    } else {
      const used = m.tables.some((t) => t.columns.some((c) => c.type.replace('[]', '') === `${op.schema}.${op.name}`));
      check(!used, `enum ${op.name} in use`);
      m.enums = m.enums.filter((e) => !(e.schema === op.schema && e.name === op.name));
    }
  }

  private applyTable(op: Extract<Operation, { kind: 'createTable' | 'dropTable' }>): void {
    if (op.kind === 'createTable') {
      check(this.schemaExists(op.table.schema), 'no schema for table');
      check(
        op.table.columns.every((c) => this.typeExists(c.type)),
        'unknown type',
      );
      this.m.tables.push(mutableCopy(op.table));
      this.checkForeignKeys(op.table);
      return;
    }
    const t = this.table(op.schema, op.name);
    if (op.removed) expect(normalizeTable(op.removed)).toEqual(normalizeTable(t));
    check(
      this.referencedBy(op.schema, op.name).every((from) => from === t),
      `table ${op.name} still referenced`,
    );
    this.m.tables = this.m.tables.filter((x) => x !== t);
  }

  private applyColumn(op: Extract<Operation, { kind: 'addColumn' | 'dropColumn' | 'alterColumn' }>): void {
    const t = this.table(op.schema, op.table);
    if (op.kind === 'addColumn') {
      check(this.typeExists(op.column.type), 'unknown type');
      t.columns.push(mutableCopy(op.column));
    } else if (op.kind === 'dropColumn') {
      const used = keyColumns(t).flat().includes(op.column) || t.foreignKeys.some((k) => k.columns.includes(op.column));
      check(!used, `column ${op.column} in use`);
      t.columns = removeNamed(t.columns, op.column, op.removed);
    } else {
      const column = t.columns.find((c) => c.name === op.column);
      if (column === undefined) throw new Error('no column');
      expect(op.from).toEqual(
        Object.fromEntries(Object.keys(op.to).map((key) => [key, column[key as keyof ColumnModel]])),
      );
      check(op.to.type === undefined || this.typeExists(op.to.type), 'unknown type');
      Object.assign(column, op.to);
    }
  }

  private applyKey(
    op: Extract<
      Operation,
      { kind: 'addConstraint' | 'dropConstraint' | 'alterConstraint' | 'createIndex' | 'dropIndex' }
    >,
  ): void {
    const t = this.table(op.schema, op.table);
    if (op.kind === 'alterConstraint') {
      // It is there as the change had it before, and becomes the target's.
      const list = op.constraint.type === 'check' ? t.checks : t.foreignKeys;
      const at = list.findIndex((c) => c.name === op.constraint.name);
      check(at >= 0, 'constraint altered exists');
      const { type: _type, ...before } = withState(op.constraint, op.from);
      expect(list[at]).toEqual(before);
      const { type: _to, ...after } = mutableCopy(op.constraint);
      list[at] = after as (typeof list)[number];
    } else if (op.kind === 'addConstraint') {
      addConstraint(t, mutableCopy(op.constraint));
      this.checkForeignKeys(t);
    } else if (op.kind === 'createIndex') {
      const taken = this.m.tables.some(
        (x) => x.schema === op.schema && x.indexes.some((i) => i.name === op.index.name),
      );
      check(!taken, 'index exists');
      t.indexes.push(mutableCopy(op.index));
    } else if (op.kind === 'dropIndex') {
      t.indexes = removeNamed(t.indexes, op.name, op.removed);
      this.checkKeysStillThere(t);
    } else {
      if (t.primaryKey?.name === op.name) {
        if (op.removed) expect(op.removed).toMatchObject(t.primaryKey);
        t.primaryKey = null;
      } else if (t.uniques.some((u) => u.name === op.name)) t.uniques = removeNamed(t.uniques, op.name, op.removed);
      else if (t.checks.some((c) => c.name === op.name)) t.checks = removeNamed(t.checks, op.name, op.removed);
      else t.foreignKeys = removeNamed(t.foreignKeys, op.name, op.removed);
      this.checkKeysStillThere(t);
    }
  }

  private table(schema: string, name: string): MutableTable {
    const found = this.m.tables.find((t) => t.schema === schema && t.name === name);
    if (!found) throw new Error(`no table ${schema}.${name}`);
    return found;
  }

  private schemaExists(schema: string): boolean {
    return schema === 'public' || this.m.schemas.includes(schema);
  }

  private typeExists(type: string): boolean {
    const match = /^(\w+)\.(\w+)(\[\])?$/.exec(type);
    return !match || this.m.enums.some((e) => e.schema === match[1] && e.name === match[2]);
  }

  /** Tables with a foreign key to the given table (itself included). */
  private referencedBy(schema: string, name: string): MutableTable[] {
    return this.m.tables.filter((t) => t.foreignKeys.some((k) => k.refSchema === schema && k.refTable === name));
  }

  private checkForeignKeys(t: TableModel): void {
    for (const key of t.foreignKeys)
      check(hasKey(this.table(key.refSchema, key.refTable), key.refColumns), `no key for ${key.name}`);
  }

  private checkKeysStillThere(t: TableModel): void {
    for (const from of this.referencedBy(t.schema, t.name)) {
      for (const key of from.foreignKeys) {
        if (key.refSchema === t.schema && key.refTable === t.name)
          check(hasKey(t, key.refColumns), `${key.name} lost its key`);
      }
    }
  }
}

function applyOperations(start: SchemaModel, ops: Operation[]): SchemaModel {
  const server = new FakeServer(start);
  for (const op of ops) server.apply(op);
  return server.m;
}

function removeNamed<T extends { name: string }>(list: readonly T[], name: string, removed?: unknown): T[] {
  const item = list.find((x) => x.name === name);
  check(item !== undefined, `no ${name}`);
  if (removed !== undefined) expect(removed).toMatchObject(item as object);
  return list.filter((x) => x.name !== name);
}

function addConstraint(t: MutableTable, constraint: Mutable<ConstraintModel>): void {
  const { type, ...rest } = constraint;
  const names = [
    t.primaryKey?.name,
    ...t.foreignKeys.map((k) => k.name),
    ...t.uniques.map((u) => u.name),
    ...t.checks.map((c) => c.name),
  ];
  check(!names.includes(rest.name), `constraint ${rest.name} exists`);
  if (type === 'primaryKey') {
    check(t.primaryKey === null, 'primary key exists');
    t.primaryKey = rest as MutableTable['primaryKey'];
  } else if (type === 'unique') t.uniques.push(rest as MutableTable['uniques'][number]);
  else if (type === 'check') t.checks.push(rest as MutableTable['checks'][number]);
  else t.foreignKeys.push(rest as MutableTable['foreignKeys'][number]);
}

const byName = <T extends { name: string }>(list: readonly T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : 1));

/** The table with every list in name order, columns included: what the comparator treats as equal. */
function normalizeTable(t: TableModel): TableModel {
  return {
    ...t,
    columns: byName(t.columns),
    foreignKeys: byName(t.foreignKeys),
    uniques: byName(t.uniques),
    checks: byName(t.checks),
    indexes: byName(t.indexes),
  };
}

function normalize(m: SchemaModel): SchemaModel {
  const byKey = <T extends { schema: string; name: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => (`${a.schema}.${a.name}` < `${b.schema}.${b.name}` ? -1 : 1));
  return completeModel({
    schemas: [...m.schemas].sort(),
    enums: byKey(m.enums),
    tables: byKey(m.tables).map(normalizeTable),
  });
}

/** The same model with its unordered lists shuffled and every object's keys in reverse order. */
function scramble(m: SchemaModel, seed: number): SchemaModel {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const shuffle = <T>(list: readonly T[]): T[] => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const reverseKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reverseKeys);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  };
  const tables = m.tables.map((t) => ({
    ...t,
    foreignKeys: shuffle(t.foreignKeys),
    uniques: shuffle(t.uniques),
    checks: shuffle(t.checks),
    indexes: shuffle(t.indexes),
  }));
  return reverseKeys(
    completeModel({ schemas: shuffle(m.schemas), enums: shuffle(m.enums), tables: shuffle(tables) }),
  ) as SchemaModel;
}

const TAPE_LENGTH = 160;
const tape = fc.array(fc.nat({ max: 1000 }), { minLength: TAPE_LENGTH, maxLength: TAPE_LENGTH });
const edits = fc.array(fc.tuple(fc.nat({ max: TAPE_LENGTH - 1 }), fc.nat({ max: 1000 })), {
  minLength: 1,
  maxLength: 6,
});

/** The second tape is either unrelated to the first or the first with a few choices changed. */
const pair = fc
  .tuple(
    tape,
    fc.oneof(
      tape.map((b) => ({ b })),
      edits.map((e) => ({ e })),
    ),
    fc.nat(),
  )
  .map(([a, other, seed]) => {
    let b = a;
    if ('b' in other) b = other.b;
    else {
      b = [...a];
      for (const [position, value] of other.e) b[position] = value;
    }
    return { a: buildModel(new Tape(a)), b: buildModel(new Tape(b)), seed };
  });

describe('compareModels: properties', () => {
  it('finds nothing between a model and a scrambled copy of it', () => {
    fc.assert(
      fc.property(pair, ({ a, seed }) => {
        expect(compareModels(a, scramble(a, seed))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives byte-identical output whatever the order of lists and keys', () => {
    fc.assert(
      fc.property(pair, ({ a, b, seed }) => {
        const plain = JSON.stringify(compareModels(a, b));
        expect(JSON.stringify(compareModels(scramble(a, seed), scramble(b, seed + 1)))).toBe(plain);
      }),
      { numRuns: 300 },
    );
  });

  it('produces operations that turn one model into the other, in an order the server accepts', () => {
    fc.assert(
      fc.property(pair, ({ a, b }) => {
        expect(normalize(applyOperations(a, compareModels(a, b)))).toEqual(normalize(b));
      }),
      { numRuns: 500 },
    );
  });

  it('produces operations whose reverse turns the target back into the current model', () => {
    fc.assert(
      fc.property(pair, ({ a, b }) => {
        expect(normalize(applyOperations(b, reverseOperations(compareModels(a, b))))).toEqual(normalize(a));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a difference both ways whenever the models differ', () => {
    fc.assert(
      fc.property(pair, ({ a, b }) => {
        const differ = JSON.stringify(normalize(a)) !== JSON.stringify(normalize(b));
        expect(compareModels(a, b).length > 0).toBe(differ);
        expect(compareModels(b, a).length > 0).toBe(differ);
      }),
      { numRuns: 500 },
    );
  });
});
