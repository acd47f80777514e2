/**
 * index post_tags.tag_id concurrently
 *
 * What it teaches: a statement that cannot run inside a transaction. A plain
 * CREATE INDEX blocks writes to the table until it is built; on a busy table
 * that is an outage. CREATE INDEX CONCURRENTLY does not block writes, but
 * Postgres refuses it inside a transaction block. Autogenerate wrote a plain
 * op.createIndex; the review replaced it with the concurrent build, inside
 * op.autocommit, and the file says `transactional = false` so the runner knows
 * before it starts. If the build fails halfway, Postgres keeps an INVALID index:
 * run `DROP INDEX CONCURRENTLY public.ix_post_tags_tag_id` before trying again.
 *
 * Revision: 0005
 * Revises: 0004
 * Created: 2026-11-22T14:46:06.636Z
 */
import type { Operations } from 'athanor';

export const revision = '0005';
export const downRevision: string | null = '0004';
export const message = 'index post_tags.tag_id concurrently';
/** Part of this revision runs outside a transaction: see op.autocommit below. */
export const transactional = false;
export const createDate = '2026-11-22T14:46:06.636Z';

export async function upgrade(op: Operations): Promise<void> {
  // Autogenerate wrote, and the review replaced:
  //   await op.createIndex({ schema: 'public', table: 'post_tags', index: { name: 'ix_post_tags_tag_id', ... } });
  await op.autocommit(async () => {
    await op.executeSql({
      sql: 'CREATE INDEX CONCURRENTLY ix_post_tags_tag_id ON public.post_tags USING btree (tag_id)',
      reverseSql: 'DROP INDEX CONCURRENTLY public.ix_post_tags_tag_id',
    });
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.autocommit(async () => {
    await op.executeSql({
      sql: 'DROP INDEX CONCURRENTLY public.ix_post_tags_tag_id',
      reverseSql: 'CREATE INDEX CONCURRENTLY ix_post_tags_tag_id ON public.post_tags USING btree (tag_id)',
    });
  });
}
