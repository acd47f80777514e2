/**
 * rename users.name to display_name
 *
 * What it teaches: a rename is written by hand. Autogenerate compares two
 * states, not what happened between them, so it sees a column `name` that went
 * away and a column `display_name` that appeared: it wrote dropColumn + addColumn
 * (flagged DESTRUCTIVE), which would lose every name and fail on a table with
 * rows. This file says what really happened instead, with SQL and the SQL that
 * undoes it.
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
  // Autogenerate wrote, and the review replaced:
  //   await op.dropColumn({ schema: 'public', table: 'users', column: 'name' });
  //   await op.addColumn({ schema: 'public', table: 'users', column: { name: 'display_name', ... } });
  await op.executeSql({
    sql: 'ALTER TABLE public.users RENAME COLUMN name TO display_name',
    reverseSql: 'ALTER TABLE public.users RENAME COLUMN display_name TO name',
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.executeSql({
    sql: 'ALTER TABLE public.users RENAME COLUMN display_name TO name',
    reverseSql: 'ALTER TABLE public.users RENAME COLUMN name TO display_name',
  });
}
