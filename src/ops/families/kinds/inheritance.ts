import type { InheritedTableModel } from '../../../schema/model.js';

/**
 * Table inheritance changed on a table that stays: `inheritTable` and
 * `noInheritTable` are each other's reverse.
 */
export type InheritanceOperation = Readonly<
  /** `ALTER TABLE table INHERIT parent`: the table must have the parent's columns and inherited checks already. */
  | { kind: 'inheritTable'; schema: string; table: string; parent: InheritedTableModel }
  /** `ALTER TABLE table NO INHERIT parent`: what the table inherited from it becomes its own. */
  | { kind: 'noInheritTable'; schema: string; table: string; parent: InheritedTableModel }
>;
