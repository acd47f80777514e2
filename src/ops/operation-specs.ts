import { assertNever } from '../util/assert-never.js';
import { COLUMN_SPECS } from './families/columns.js';
import { ENUM_SPECS } from './families/enums.js';
import { KEY_SPECS } from './families/keys.js';
import { INHERITANCE_SPECS } from './families/inheritance.js';
import { PARTITION_SPECS } from './families/partitions.js';
import { RENAME_SPECS } from './families/renames.js';
import { SCHEMA_SPECS } from './families/schemas.js';
import { SECURITY_SPECS } from './families/security.js';
import type { OperationSpec } from './families/spec.js';
import { BACKFILL_SPECS } from './families/backfill.js';
import { SQL_SPECS } from './families/sql.js';
import { TABLE_SPECS } from './families/tables.js';
import { CAST_SPECS } from './objects/cast-operations.js';
import { COLLATION_RULE_SPECS } from './objects/collation-rule-operations.js';
import { COMPOSITE_SPECS } from './objects/composite-operations.js';
import { RANGE_SPECS } from './objects/range-operations.js';
import { FIRING_SPECS } from './objects/firing-operations.js';
import { EVENT_TRIGGER_SPECS } from './objects/event-trigger-operations.js';
import { FOREIGN_SPECS } from './objects/foreign-operations.js';
import { OBJECT_SPECS } from './objects/object-operations.js';
import { OPERATOR_SPECS } from './objects/operator-operations.js';
import { STATISTICS_SPECS } from './objects/statistics-operations.js';
import { GRANT_SPECS } from './objects/grant-operations.js';
import { PUBLICATION_SPECS } from './objects/publication-operations.js';
import { TEXT_SEARCH_SPECS } from './objects/text-search-operations.js';
import { VIEW_ROUTINE_SPECS } from './objects/view-routine-operations.js';
import type { Operation, OperationKind, OperationOf } from './operation.js';

export type { OperationSpec } from './families/spec.js';

/** The specs of the operations on the objects besides tables: the families of `objects/`. */
const OBJECT_FAMILY_SPECS = {
  ...OBJECT_SPECS,
  ...VIEW_ROUTINE_SPECS,
  ...COLLATION_RULE_SPECS,
  ...CAST_SPECS,
  ...COMPOSITE_SPECS,
  ...RANGE_SPECS,
  ...FIRING_SPECS,
  ...EVENT_TRIGGER_SPECS,
  ...TEXT_SEARCH_SPECS,
  ...OPERATOR_SPECS,
  ...FOREIGN_SPECS,
  ...STATISTICS_SPECS,
  ...GRANT_SPECS,
  ...PUBLICATION_SPECS,
};

/** An operation kind on an object besides tables (a family of `objects/`). */
export type ObjectFamilyKind = keyof typeof OBJECT_FAMILY_SPECS;

/**
 * A `PerKind` table's entries for the operations on objects besides tables,
 * each the same function: for what says one thing of all of them, or reads
 * it from their specs (what expand makes of them, say). A kind added to a
 * family of `objects/` has its entry here.
 */
export function everyObjectFamilyKind<R>(entry: (op: Operation) => R): {
  readonly [K in ObjectFamilyKind]: (op: OperationOf<K>) => R;
} {
  return Object.fromEntries(kindsOf(OBJECT_FAMILY_SPECS).map((kind) => [kind, entry])) as {
    readonly [K in ObjectFamilyKind]: (op: OperationOf<K>) => R;
  };
}

/**
 * Every operation kind's spec (describe, reverse, data loss, hazards), from
 * the families' tables. The type makes a new kind fail to compile until its
 * family's table has it.
 */
const OPERATION_SPECS: { readonly [K in OperationKind]: OperationSpec<K> } = {
  ...SCHEMA_SPECS,
  ...RENAME_SPECS,
  ...ENUM_SPECS,
  ...TABLE_SPECS,
  ...COLUMN_SPECS,
  ...KEY_SPECS,
  ...SECURITY_SPECS,
  ...PARTITION_SPECS,
  ...INHERITANCE_SPECS,
  ...OBJECT_FAMILY_SPECS,
  ...SQL_SPECS,
  ...BACKFILL_SPECS,
};

/** Every operation kind. */
export const OPERATION_KINDS: readonly OperationKind[] = kindsOf(OPERATION_SPECS);

/** The families in the order docs/reference/operations.md shows them, each with its kinds. */
export const OPERATION_FAMILIES: readonly { readonly title: string; readonly kinds: readonly OperationKind[] }[] = [
  { title: 'Schemas', kinds: kindsOf(SCHEMA_SPECS) },
  { title: 'Enums', kinds: kindsOf(ENUM_SPECS) },
  { title: 'Tables', kinds: kindsOf(TABLE_SPECS) },
  { title: 'Columns', kinds: kindsOf(COLUMN_SPECS) },
  { title: 'Constraints and indexes', kinds: kindsOf(KEY_SPECS) },
  { title: 'Data', kinds: kindsOf(BACKFILL_SPECS) },
  { title: 'Renames', kinds: kindsOf(RENAME_SPECS) },
  { title: 'Row-level security', kinds: kindsOf(SECURITY_SPECS) },
  { title: 'Partitions and rebuilds', kinds: kindsOf(PARTITION_SPECS) },
  { title: 'Inheritance', kinds: kindsOf(INHERITANCE_SPECS) },
  { title: 'Extensions, sequences, domains, triggers and comments', kinds: kindsOf(OBJECT_SPECS) },
  { title: 'Composite types', kinds: kindsOf(COMPOSITE_SPECS) },
  { title: 'Range types', kinds: kindsOf(RANGE_SPECS) },
  { title: 'Views and routines', kinds: kindsOf(VIEW_ROUTINE_SPECS) },
  { title: 'Collations and rules', kinds: kindsOf(COLLATION_RULE_SPECS) },
  { title: 'Trigger and rule firing', kinds: kindsOf(FIRING_SPECS) },
  { title: 'Event triggers', kinds: kindsOf(EVENT_TRIGGER_SPECS) },
  { title: 'Extended statistics', kinds: kindsOf(STATISTICS_SPECS) },
  { title: 'Casts', kinds: kindsOf(CAST_SPECS) },
  { title: 'Text search', kinds: kindsOf(TEXT_SEARCH_SPECS) },
  { title: 'Operators', kinds: kindsOf(OPERATOR_SPECS) },
  { title: 'Foreign data', kinds: kindsOf(FOREIGN_SPECS) },
  { title: 'Privileges', kinds: kindsOf(GRANT_SPECS) },
  { title: 'Publications', kinds: kindsOf(PUBLICATION_SPECS) },
  { title: 'SQL', kinds: kindsOf(SQL_SPECS) },
];

function kindsOf(specs: object): OperationKind[] {
  return Object.keys(specs) as OperationKind[];
}

/** The spec of `kind`. */
export function kindSpec<K extends OperationKind>(kind: K): OperationSpec<K> {
  return OPERATION_SPECS[kind];
}

/** The spec of the kind of `op`; an operation of no known kind throws. */
export function specOf(op: Operation): OperationSpec<OperationKind> {
  if (!Object.hasOwn(OPERATION_SPECS, op.kind)) return assertNever(op as never, 'operation kind');
  // The entry for op.kind takes exactly OperationOf<op.kind>; TypeScript cannot correlate the two.
  return OPERATION_SPECS[op.kind] as unknown as OperationSpec<OperationKind>;
}
