import { hazard, type Hazard } from '../hazard-codes.js';
import { RANK, schemaOnly, type FamilySpecs } from './spec.js';
import { kindWord, type RenamedObjectKind } from '../../schema/object-kinds.js';
import type { OperationOf } from '../operation.js';
import { footprintOf, onTable, relationAndType, thing, type Thing } from '../things.js';

/**
 * The rename family: `renameSchema`, `renameTable`, `renameColumn` and
 * `renameObject`. A rename keeps the object and everything in it (rows,
 * indexes, constraints, grants); its reverse renames back.
 */
export type RenameOperation = Readonly<
  | { kind: 'renameSchema'; from: string; to: string }
  | { kind: 'renameTable'; schema: string; from: string; to: string; notNullRenames?: readonly NotNullRename[] }
  | {
      kind: 'renameColumn';
      schema: string;
      table: string;
      from: string;
      to: string;
      notNullRenames?: readonly NotNullRename[];
    }
  | RenameObjectOperation
>;

/**
 * A NOT NULL constraint of the renamed table (PostgreSQL 18) renamed after
 * it. A `renameTable` or `renameColumn` that lists them renames exactly these
 * (each where the constraint exists, so one revision runs on every version);
 * without the list, constraints with the old default name take the new one.
 * Autogenerate lists the names it found, so that the reverse gives them back.
 */
export interface NotNullRename {
  readonly from: string;
  readonly to: string;
}

/**
 * `ALTER ... RENAME TO`: `table` is set for the objects that belong to a
 * table (constraints, policies, triggers), `argumentTypes` for routines,
 * `multirange` for a range type whose multirange is renamed with it (Postgres
 * keeps a multirange's name when its range is renamed).
 */
export interface RenameObjectOperation {
  readonly kind: 'renameObject';
  readonly object: RenamedObjectKind;
  readonly schema: string;
  readonly table?: string;
  readonly argumentTypes?: string;
  readonly multirange?: { readonly from: string; readonly to: string };
  readonly from: string;
  readonly to: string;
}

declare module '../operation.js' {
  interface OperationFamilies {
    readonly renames: RenameOperation;
  }
}

const RENAME = { describe: describeRename, reverse: reverseRename, destructive: () => false } as const;

export const RENAME_SPECS: FamilySpecs<RenameOperation['kind']> = {
  renameSchema: {
    summary: 'Renames a schema; everything in it moves with it.',
    ...RENAME,
    hazards: renameHazards,
    footprint: (op) => footprintOf({ removes: [thing.schema(op.from)], makes: [thing.schema(op.to)] }),
    example: { from: 'billing', to: 'invoicing' },
    tieBreak: (op) => [RANK.first, op.from],
    mapNames: (op, map) => ({ ...op, from: map.schema(op.from), to: map.schema(op.to) }),
  },
  renameTable: {
    summary: 'Renames a table in its schema; rows, indexes, constraints and grants stay.',
    ...RENAME,
    hazards: renameHazards,
    footprint: (op) =>
      footprintOf({ removes: relationAndType(op.schema, op.from), makes: relationAndType(op.schema, op.to) }),
    example: { schema: 'public', from: 'users', to: 'accounts' },
    tieBreak: (op) => [RANK.first, op.schema, op.from],
    mapNames: schemaOnly,
  },
  renameColumn: {
    summary: 'Renames a column; values stay, and what uses the column follows it.',
    ...RENAME,
    hazards: renameHazards,
    footprint: onTable,
    example: { schema: 'public', table: 'users', from: 'name', to: 'display_name' },
    tieBreak: (op) => [RANK.first, op.schema, op.table, op.from],
    mapNames: schemaOnly,
  },
  // Queries name tables, columns, views, routines, sequences and types; rarely constraints, policies or triggers.
  renameObject: {
    summary:
      'Renames an enum, domain, composite or range type, sequence, view, routine, constraint, policy or trigger.',
    ...RENAME,
    hazards: (op) =>
      op.object === 'constraint' || op.object === 'policy' || op.object === 'trigger' ? [] : renameHazards(op),
    footprint: (op) =>
      op.table !== undefined
        ? footprintOf({ needs: [thing.relation(op.schema, op.table)] })
        : footprintOf({ removes: renamedThing(op, op.from), makes: renamedThing(op, op.to) }),
    example: {
      object: 'function',
      schema: 'public',
      argumentTypes: 'integer',
      from: 'order_total',
      to: 'customer_total',
    },
    tieBreak: (op) => [RANK.first, op.schema, op.table ?? '', op.from],
    mapNames: schemaOnly,
  },
};

function renameHazards(op: RenameOperation): Hazard[] {
  return [
    hazard(
      'renamed',
      `the running application still uses the old name ${renamedName(op)} until it is deployed`,
      renamedTable(op),
    ),
  ];
}

/** The table a rename touches (its size does not matter to a rename, but its name is shown); none for a schema. */
function renamedTable(op: RenameOperation): { schema: string; name: string } | undefined {
  switch (op.kind) {
    case 'renameSchema':
      return undefined;
    case 'renameTable':
      return { schema: op.schema, name: op.from };
    case 'renameColumn':
      return { schema: op.schema, name: op.table };
    case 'renameObject':
      return op.table === undefined ? undefined : { schema: op.schema, name: op.table };
  }
}

/** The same rename the other way. */
function reverseRename<T extends RenameOperation>(op: T): T {
  const reversed = { ...op, from: op.to, to: op.from };
  if ('multirange' in op && op.multirange !== undefined)
    return { ...reversed, multirange: { from: op.multirange.to, to: op.multirange.from } };
  if ('notNullRenames' in op && op.notNullRenames !== undefined)
    return { ...reversed, notNullRenames: op.notNullRenames.map(({ from, to }) => ({ from: to, to: from })).reverse() };
  return reversed;
}

/** `rename column public.users.name to display_name`, and so on. */
function describeRename(op: RenameOperation): string {
  switch (op.kind) {
    case 'renameSchema':
      return `rename schema ${op.from} to ${op.to}`;
    case 'renameTable':
      return `rename table ${op.schema}.${op.from} to ${op.to}`;
    case 'renameColumn':
      return `rename column ${op.schema}.${op.table}.${op.from} to ${op.to}`;
    case 'renameObject': {
      const on = op.table === undefined ? '' : ` on ${op.schema}.${op.table}`;
      const name = op.table === undefined ? `${op.schema}.${op.from}` : op.from;
      const args = op.argumentTypes === undefined ? '' : `(${op.argumentTypes})`;
      return `rename ${kindWord(op.object)} ${name}${args}${on} to ${op.to}`;
    }
  }
}

/** What a rename breaks: the running application still uses the old name until it is deployed. */
function renamedName(op: RenameOperation): string {
  switch (op.kind) {
    case 'renameSchema':
      return op.from;
    case 'renameTable':
      return `${op.schema}.${op.from}`;
    case 'renameColumn':
      return `${op.schema}.${op.table}.${op.from}`;
    case 'renameObject':
      return op.table === undefined ? `${op.schema}.${op.from}` : `${op.from} on ${op.schema}.${op.table}`;
  }
}

/** The object a renamed object's key names in its namespace, or the table it belongs to. */
function renamedThing(op: OperationOf<'renameObject'>, name: string): Thing[] {
  switch (op.object) {
    case 'enum':
    case 'domain':
    case 'composite':
      return [thing.type(op.schema, name)];
    case 'range': {
      // A multirange renamed with it: its name on the same side.
      const { multirange } = op;
      if (multirange === undefined) return [thing.type(op.schema, name)];
      return [thing.type(op.schema, name), thing.type(op.schema, name === op.from ? multirange.from : multirange.to)];
    }
    case 'sequence':
      return [thing.relation(op.schema, name)];
    case 'view':
    case 'materializedView':
      return relationAndType(op.schema, name);
    case 'function':
    case 'procedure':
    case 'aggregate':
      return [thing.routine(op.schema, name, op.argumentTypes ?? '')];
    case 'constraint':
    case 'policy':
    case 'trigger':
      return [];
  }
}
