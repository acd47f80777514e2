/**
 * posts can be archived
 *
 * What it teaches: adding a value to an enum, and a downgrade written by hand.
 * The upgrade is generated (one ALTER TYPE ... ADD VALUE). Postgres cannot
 * drop a value from an enum, so the downgrade rebuilds the type without it.
 * A bare type swap fails here ("operator does not exist: post_status =
 * post_status_old"): the check, the partial index and the default of posts
 * use the enum's values. So the downgrade moves the rows
 * off the value, drops those three, swaps in a new type without 'archived',
 * and puts them back.
 *
 * Revision: 0003
 * Revises: 0002
 * Created: 2026-11-22T14:44:45.423Z
 */
import type { Operations } from 'athanor';

export const revision = '0003';
export const downRevision: string | null = '0002';
export const message = 'posts can be archived';
export const createDate = '2026-11-22T14:44:45.423Z';

export async function upgrade(op: Operations): Promise<void> {
  await op.addEnumValue({ schema: 'public', name: 'post_status', value: 'archived', after: 'published' });
}

const STATUS_DEFAULT = "'draft'::public.post_status";

export async function downgrade(op: Operations): Promise<void> {
  // The rows first: an archived post goes back to published, or to draft if it never was.
  await op.execute(`
    UPDATE posts SET status = CASE WHEN published_at IS NULL THEN 'draft'::post_status ELSE 'published'::post_status END
    WHERE status = 'archived'`);

  // The check, the partial index and the default compare with the enum's values: they would
  // not survive the type swap, so they go first and come back last.
  await op.dropIndex({ schema: 'public', table: 'posts', name: 'ix_posts_published_at' });
  await op.dropConstraint({ schema: 'public', table: 'posts', name: 'ck_posts_published_has_date' });
  await op.alterColumn({ schema: 'public', table: 'posts', column: 'status', to: { default: null }, from: { default: STATUS_DEFAULT } });

  // The swap: the old type steps aside, a new one without 'archived' takes its name.
  await op.executeSql({
    sql: 'ALTER TYPE public.post_status RENAME TO post_status_old',
    reverseSql: 'ALTER TYPE public.post_status_old RENAME TO post_status',
  });
  await op.createEnum({ enum: { schema: 'public', name: 'post_status', values: ['draft', 'published'] } });
  await op.alterColumn({
    schema: 'public',
    table: 'posts',
    column: 'status',
    to: { type: 'public.post_status' },
    from: { type: 'public.post_status_old' },
    using: 'status::text::public.post_status',
  });
  await op.dropEnum({ schema: 'public', name: 'post_status_old' });

  await op.alterColumn({ schema: 'public', table: 'posts', column: 'status', to: { default: STATUS_DEFAULT }, from: { default: null } });
  await op.addConstraint({
    schema: 'public',
    table: 'posts',
    constraint: {
      type: 'check',
      name: 'ck_posts_published_has_date',
      expression: "((status <> 'published'::public.post_status) OR (published_at IS NOT NULL))",
    },
  });
  await op.createIndex({
    schema: 'public',
    table: 'posts',
    index: {
      name: 'ix_posts_published_at',
      unique: false,
      method: 'btree',
      columns: [{ column: 'published_at' }],
      where: "(status = 'published'::public.post_status)",
    },
  });
}
