import type {
  ColumnModel,
  ConstraintModel,
  EnumModel,
  IndexModel,
  TableModel,
} from '../schema/model.js';

/**
 * Operations as data: every schema change is one plain, JSON-serialisable
 * object. The comparator produces them, `reverse()` inverts them, the renderer
 * writes them as `op.*` calls, and the DDL compiler turns them into SQL.
 *
 * A drop names what it removes and, when generated, carries the whole removed
 * object in `removed`, so every generated operation can be reversed without
 * looking at the database. Revision files render drops by name only: the
 * downgrade next to them shows the full object.
 */

/** The parts of a column that `alterColumn` can change. */
export interface ColumnChange {
  type?: string;
  nullable?: boolean;
  default?: string | null;
}

export type Operation =
  | { kind: 'createSchema'; schema: string }
  | { kind: 'dropSchema'; schema: string }
  | { kind: 'createEnum'; enum: EnumModel }
  | { kind: 'dropEnum'; schema: string; name: string; removed?: EnumModel }
  | {
      kind: 'addEnumValue';
      schema: string;
      name: string;
      value: string;
      /** Position of the new value; at the end when neither is given. */
      before?: string;
      after?: string;
    }
  | { kind: 'createTable'; table: TableModel }
  | { kind: 'dropTable'; schema: string; name: string; removed?: TableModel }
  | { kind: 'addColumn'; schema: string; table: string; column: ColumnModel }
  | { kind: 'dropColumn'; schema: string; table: string; column: string; removed?: ColumnModel }
  | {
      kind: 'alterColumn';
      schema: string;
      table: string;
      column: string;
      /** The new state of the changed parts. */
      to: ColumnChange;
      /** The same parts before the change; needed to reverse it. */
      from?: ColumnChange;
      /** Expression for `USING` when the type changes, e.g. `"price"::numeric(10,2)`. */
      using?: string;
    }
  | { kind: 'addConstraint'; schema: string; table: string; constraint: ConstraintModel }
  | { kind: 'dropConstraint'; schema: string; table: string; name: string; removed?: ConstraintModel }
  | { kind: 'createIndex'; schema: string; table: string; index: IndexModel }
  | { kind: 'dropIndex'; schema: string; table: string; name: string; removed?: IndexModel }
  | {
      kind: 'executeSql';
      sql: string;
      /** Bind parameters for `$1`, `$2`, ... */
      params?: unknown[];
      /** SQL that undoes this one, when known; without it the op cannot be reversed. */
      reverseSql?: string;
    };

export type OperationKind = Operation['kind'];

export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;
