import {
  type ForeignColumnModel,
  type ForeignDataWrapperModel,
  type ForeignOptions,
  type ForeignServerModel,
  type ForeignTableModel,
  sameOptions,
} from '../../schema/model.js';
import { assertNever } from '../../util/assert-never.js';
import { AthanorError } from '../../util/errors.js';
import type { Operation, OperationOf } from '../operation.js';
import { dropsNamed, HARMLESS, noComments, RANK, type FamilySpecs } from '../families/spec.js';
import { footprintOf, relationAndType, thing, typesIn } from '../things.js';
import { mapForeignTable, mapWrapper } from '../../schema/names/map-foreign-names.js';

/**
 * The operations on foreign data wrappers, servers and foreign tables.
 * `operation.ts` adds them to the `Operation` union; `FOREIGN_SPECS` gives
 * each kind's description and reverse. An
 * alter carries the object before (`from`) and after (`to`): the DDL
 * compiler writes what differs, and the reverse swaps them.
 */
export type ForeignOperation = Readonly<
  | { kind: 'createForeignDataWrapper'; wrapper: ForeignDataWrapperModel }
  | { kind: 'dropForeignDataWrapper'; name: string; removed?: ForeignDataWrapperModel }
  /** Handler, validator and options, in place (`ALTER FOREIGN DATA WRAPPER`). */
  | { kind: 'alterForeignDataWrapper'; name: string; from: ForeignDataWrapperModel; to: ForeignDataWrapperModel }
  | { kind: 'createForeignServer'; server: ForeignServerModel }
  | { kind: 'dropForeignServer'; name: string; removed?: ForeignServerModel }
  /** Version and options, in place (`ALTER SERVER`); the wrapper and type cannot change. */
  | { kind: 'alterForeignServer'; name: string; from: ForeignServerModel; to: ForeignServerModel }
  | { kind: 'createForeignTable'; table: ForeignTableModel }
  | {
      kind: 'dropForeignTable';
      schema: string;
      name: string;
      removed?: ForeignTableModel;
      /** Why it is dropped (e.g. to be created again); printed as a comment in revision files. */
      note?: string;
    }
  /**
   * Columns dropped, changed and added (at the end), column and table
   * options, in place (`ALTER FOREIGN TABLE`); the server cannot change.
   */
  | { kind: 'alterForeignTable'; schema: string; name: string; from: ForeignTableModel; to: ForeignTableModel }
>;

export type ForeignOperationKind = ForeignOperation['kind'];

declare module '../operation.js' {
  interface OperationFamilies {
    readonly foreign: ForeignOperation;
  }
}

function describeForeignOperation(op: OperationOf<ForeignOperationKind>): string {
  switch (op.kind) {
    case 'createForeignDataWrapper':
      return `create foreign data wrapper ${op.wrapper.name}`;
    case 'dropForeignDataWrapper':
      return `drop foreign data wrapper ${op.name}`;
    case 'alterForeignDataWrapper':
      return `alter foreign data wrapper ${op.name}: ${wrapperChanges(op.from, op.to).join(', ')}`;
    case 'createForeignServer':
      return `create foreign server ${op.server.name} (wrapper ${op.server.wrapper})`;
    case 'dropForeignServer':
      return `drop foreign server ${op.name}`;
    case 'alterForeignServer':
      return `alter foreign server ${op.name}: ${serverChanges(op.from, op.to).join(', ')}`;
    case 'createForeignTable':
      return `create foreign table ${op.table.schema}.${op.table.name} (server ${op.table.server})`;
    case 'dropForeignTable':
      return `drop foreign table ${op.schema}.${op.name}`;
    case 'alterForeignTable':
      return `alter foreign table ${op.schema}.${op.name}: ${foreignTableChanges(op.from, op.to).join(', ')}`;
    default:
      return assertNever(op, 'operation kind');
  }
}

/** The parts of a wrapper that differ, for people: `handler`, `options`. */
function wrapperChanges(from: ForeignDataWrapperModel, to: ForeignDataWrapperModel): string[] {
  return [
    ...(from.handler === to.handler ? [] : ['handler']),
    ...(from.validator === to.validator ? [] : ['validator']),
    ...optionsChange('options', from.options, to.options),
  ];
}

function serverChanges(from: ForeignServerModel, to: ForeignServerModel): string[] {
  return [...(from.version === to.version ? [] : ['version']), ...optionsChange('options', from.options, to.options)];
}

/** `add column c`, `drop column c`, `alter column c`, `options`, in that order. */
function foreignTableChanges(from: ForeignTableModel, to: ForeignTableModel): string[] {
  const before = new Map(from.columns.map((c) => [c.name, c]));
  const after = new Set(to.columns.map((c) => c.name));
  return [
    ...from.columns.filter((c) => !after.has(c.name)).map((c) => `drop column ${c.name}`),
    ...to.columns
      .filter((c) => before.has(c.name) && !sameForeignColumn(before.get(c.name)!, c))
      .map((c) => `alter column ${c.name}`),
    ...to.columns.filter((c) => !before.has(c.name)).map((c) => `add column ${c.name}`),
    ...optionsChange('options', from.options, to.options),
  ];
}

export function sameForeignColumn(a: ForeignColumnModel, b: ForeignColumnModel): boolean {
  return (
    a.type === b.type &&
    a.nullable === b.nullable &&
    a.default === b.default &&
    a.collation === b.collation &&
    sameOptions(a.options, b.options)
  );
}

function optionsChange(label: string, a: ForeignOptions | undefined, b: ForeignOptions | undefined): string[] {
  return sameOptions(a, b) ? [] : [label];
}

/** The operation that undoes `op`; throws `AthanorError('irreversible')` when a drop lacks what it removed. */
function reverseForeignOperation(op: OperationOf<ForeignOperationKind>): Operation {
  const removed = <T>(value: T | undefined): T => {
    if (value === undefined) {
      throw new AthanorError(
        'irreversible',
        `${describeForeignOperation(op)} cannot be reversed: it does not carry the removed object; write its downgrade by hand`,
      );
    }
    return value;
  };
  switch (op.kind) {
    case 'createForeignDataWrapper':
      return { kind: 'dropForeignDataWrapper', name: op.wrapper.name, removed: op.wrapper };
    case 'dropForeignDataWrapper':
      return { kind: 'createForeignDataWrapper', wrapper: removed(op.removed) };
    case 'alterForeignDataWrapper':
      return { kind: 'alterForeignDataWrapper', name: op.name, from: op.to, to: op.from };
    case 'createForeignServer':
      return { kind: 'dropForeignServer', name: op.server.name, removed: op.server };
    case 'dropForeignServer':
      return { kind: 'createForeignServer', server: removed(op.removed) };
    case 'alterForeignServer':
      return { kind: 'alterForeignServer', name: op.name, from: op.to, to: op.from };
    case 'createForeignTable':
      return dropForeignTableOf(op.table);
    case 'dropForeignTable':
      return { kind: 'createForeignTable', table: removed(op.removed) };
    case 'alterForeignTable':
      return { kind: 'alterForeignTable', schema: op.schema, name: op.name, from: op.to, to: op.from };
    default:
      return assertNever(op, 'operation kind');
  }
}

/** The `dropForeignTable` that undoes creating `table`, carrying it. */
export function dropForeignTableOf(table: ForeignTableModel, note?: string): OperationOf<'dropForeignTable'> {
  return {
    kind: 'dropForeignTable',
    schema: table.schema,
    name: table.name,
    removed: table,
    ...(note === undefined ? {} : { note }),
  };
}

// Foreign data lives elsewhere: dropping a foreign table or server loses none of it.
export const FOREIGN_SPECS: FamilySpecs<ForeignOperationKind> = {
  createForeignDataWrapper: {
    summary: 'Creates a foreign data wrapper.',
    ...HARMLESS,
    describe: describeForeignOperation,
    reverse: reverseForeignOperation,
    footprint: (op) => footprintOf({ makes: [thing.wrapper(op.wrapper.name)] }),
    example: { wrapper: { name: 'dummy', handler: 'public.dummy_handler', options: { debug: 'true' } } },
    // Foreign data: wrappers, servers, tables created in that order, dropped in the reverse.
    tieBreak: (op) => [RANK.first, op.wrapper.name],
    mapNames: (op, map) => ({ ...op, wrapper: mapWrapper(op.wrapper, map) }),
  },
  dropForeignDataWrapper: {
    drops: noComments,
    summary: 'Drops a foreign data wrapper.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeForeignOperation,
    reverse: reverseForeignOperation,
    footprint: (op) => footprintOf({ removes: [thing.wrapper(op.name)] }),
    example: { name: 'dummy' },
    tieBreak: (op) => [RANK.first, op.name],
    mapNames: (op, map) => ({ ...op, ...(op.removed ? { removed: mapWrapper(op.removed, map) } : {}) }),
  },
  alterForeignDataWrapper: {
    summary: "Changes a foreign data wrapper's handler, validator or options.",
    ...HARMLESS,
    describe: describeForeignOperation,
    reverse: reverseForeignOperation,
    footprint: (op) => footprintOf({ needs: [thing.wrapper(op.name)] }),
    example: {
      name: 'dummy',
      from: { name: 'dummy', options: { debug: 'true' } },
      to: { name: 'dummy', validator: 'public.dummy_validator', options: { debug: 'false', level: '2' } },
    },
    tieBreak: (op) => [RANK.first, op.name],
    mapNames: (op, map) => ({ ...op, from: mapWrapper(op.from, map), to: mapWrapper(op.to, map) }),
  },
  createForeignServer: {
    summary: 'Creates a foreign server.',
    ...HARMLESS,
    describe: describeForeignOperation,
    reverse: reverseForeignOperation,
    footprint: (op) =>
      footprintOf({ makes: [thing.server(op.server.name)], needs: [thing.wrapper(op.server.wrapper)] }),
    example: {
      server: { name: 'films_srv', wrapper: 'postgres_fdw', options: { host: 'films.example', dbname: 'films' } },
    },
    tieBreak: (op) => [RANK.second, op.server.name],
    // Servers belong to the database and keep their names; their options are values.
    mapNames: (op) => structuredClone(op),
  },
  dropForeignServer: {
    drops: noComments,
    summary: 'Drops a foreign server.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeForeignOperation,
    reverse: reverseForeignOperation,
    footprint: (op) =>
      footprintOf({
        removes: [thing.server(op.name)],
        releases: op.removed === undefined ? [] : [thing.wrapper(op.removed.wrapper)],
      }),
    example: { name: 'films_srv' },
    tieBreak: (op) => [RANK.second, op.name],
    mapNames: (op) => structuredClone(op),
  },
  alterForeignServer: {
    summary: "Changes a foreign server's version or options.",
    ...HARMLESS,
    describe: describeForeignOperation,
    reverse: reverseForeignOperation,
    footprint: (op) => footprintOf({ needs: [thing.server(op.name)] }),
    example: {
      name: 'films_srv',
      from: { name: 'films_srv', wrapper: 'postgres_fdw', options: { host: 'films.example', dbname: 'films' } },
      to: { name: 'films_srv', wrapper: 'postgres_fdw', version: '2', options: { host: 'db2.example', port: '5433' } },
    },
    tieBreak: (op) => [RANK.second, op.name],
    mapNames: (op) => structuredClone(op),
  },
  createForeignTable: {
    summary: 'Creates a foreign table on a server.',
    ...HARMLESS,
    describe: describeForeignOperation,
    reverse: reverseForeignOperation,
    footprint: (op) =>
      footprintOf({
        makes: relationAndType(op.table.schema, op.table.name),
        needs: [
          thing.schema(op.table.schema),
          thing.server(op.table.server),
          ...op.table.columns.flatMap((c) => typesIn(c.type)),
        ],
      }),
    example: {
      table: {
        schema: 'public',
        name: 'films',
        server: 'films_srv',
        columns: [
          { name: 'id', type: 'integer', nullable: false },
          { name: 'title', type: 'text', nullable: true, options: { column_name: 'name' } },
        ],
        options: { table_name: 'films' },
      },
    },
    tieBreak: (op) => [RANK.third, op.table.schema, op.table.name],
    mapNames: (op, map) => ({ ...op, table: mapForeignTable(op.table, map) }),
  },
  dropForeignTable: {
    drops: dropsNamed('foreignTable'),
    summary: 'Drops a foreign table (its data stays on the server).',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeForeignOperation,
    reverse: reverseForeignOperation,
    footprint: (op) =>
      footprintOf({
        removes: relationAndType(op.schema, op.name),
        releases:
          op.removed === undefined
            ? [thing.schema(op.schema)]
            : [
                thing.schema(op.schema),
                thing.server(op.removed.server),
                ...op.removed.columns.flatMap((c) => typesIn(c.type)),
              ],
      }),
    example: { schema: 'public', name: 'films' },
    tieBreak: (op) => [RANK.third, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapForeignTable(op.removed, map) } : {}),
    }),
  },
  alterForeignTable: {
    drops: (op) => {
      const kept = new Set(op.to.columns.map((c) => c.name));
      return op.from.columns
        .filter((c) => !kept.has(c.name))
        .map((c) => ({ on: 'column', schema: op.schema, parent: op.name, name: c.name }));
    },
    summary: "Changes a foreign table's columns and options in one statement.",
    ...HARMLESS,
    describe: describeForeignOperation,
    reverse: reverseForeignOperation,
    footprint: (op) =>
      footprintOf({
        needs: [thing.relation(op.schema, op.name), ...op.to.columns.flatMap((c) => typesIn(c.type))],
        releases: op.from.columns.flatMap((c) => typesIn(c.type)),
      }),
    example: {
      schema: 'public',
      name: 'films',
      from: {
        schema: 'public',
        name: 'films',
        server: 'films_srv',
        columns: [
          { name: 'id', type: 'integer', nullable: false },
          { name: 'kind', type: 'text', nullable: true },
        ],
      },
      to: {
        schema: 'public',
        name: 'films',
        server: 'films_srv',
        columns: [
          { name: 'id', type: 'bigint', nullable: false },
          { name: 'year', type: 'integer', nullable: true, options: { column_name: 'yr' } },
        ],
        options: { table_name: 'movies' },
      },
    },
    tieBreak: (op) => [RANK.third, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      from: mapForeignTable(op.from, map),
      to: mapForeignTable(op.to, map),
    }),
  },
};
