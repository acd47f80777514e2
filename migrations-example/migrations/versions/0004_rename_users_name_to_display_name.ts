/**
 * rename users.name to display_name
 *
 * What it teaches: a rename is a rename, not a drop and an add. Compared as two
 * states, a column `name` went away and a column `display_name` appeared; with
 * `.renamedFrom('name')` in the model (or `--rename`, or the prompt)
 * autogenerate writes the rename below instead of dropColumn + addColumn,
 * which would lose every name. `op.renameColumn` keeps the values, and on
 * PostgreSQL 18 (and PGlite) takes the column's NOT NULL constraint name
 * along, so `check` stays clean after it.
 *
 * Revision: 0004
 * Revises: 0003
 * Created: 2026-11-22T14:45:32.077Z
 */
import type { Operations } from 'athanor';

export const revision = '0004';
export const downRevision: string | null = '0003';
export const message = 'rename users.name to display_name';
export const createDate = '2026-11-22T14:45:32.077Z';

export async function upgrade(op: Operations): Promise<void> {
  await op.renameColumn({ schema: 'public', table: 'users', from: 'name', to: 'display_name' });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.renameColumn({ schema: 'public', table: 'users', from: 'display_name', to: 'name' });
}
