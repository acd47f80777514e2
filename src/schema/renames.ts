import type { RenameKind } from './object-kinds.js';

export { RENAME_KINDS, type RenameKind } from './object-kinds.js';

/**
 * A model's own word that an object was renamed (`.renamedFrom('old')`):
 * `to` is its name in the model, `from` its name before. For a schema,
 * `schema` is its new name too; `table` is set for the kinds that belong to a
 * table, and for an enum value (`renamedValues`) it is the enum's name.
 */
export interface RenameHint {
  readonly kind: RenameKind;
  readonly schema: string;
  readonly table?: string;
  readonly from: string;
  readonly to: string;
}

/** The kinds whose objects belong to a table (named within it, or within its schema for indexes). */
export function isTablePart(kind: RenameKind): boolean {
  return kind === 'column' || kind === 'index' || kind === 'constraint' || kind === 'policy' || kind === 'trigger';
}

/** The kinds named within another object: a table's parts, and an enum's values (whose `table` is the enum). */
export function isPart(kind: RenameKind): boolean {
  return isTablePart(kind) || kind === 'enumValue';
}

/** The option that says an object was renamed: autogenerate renames it instead of dropping and creating it. */
export interface RenamedFrom {
  /**
   * Its name before (same schema; the same table for a table's parts). Once
   * the rename is applied there is nothing by that name and the hint does
   * nothing, so it can stay in the model.
   */
  renamedFrom?: string;
}
