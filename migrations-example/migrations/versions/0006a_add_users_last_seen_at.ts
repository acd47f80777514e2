/**
 * add users.last_seen_at
 *
 * What it teaches (with 0006b and 0007): branches. This revision and 0006b
 * were written at the same time, on two branches of the code, each by running
 * `revision --autogenerate` on a database at 0005: both say `downRevision =
 * '0005'`. Once both branches were merged in git, the revisions formed two
 * heads: `migrate heads` lists them, and `upgrade head` refuses to guess
 * between them. `migrate merge heads` wrote 0007, which joins them again.
 * Nothing in this file is edited: a nullable column is the simplest change
 * there is.
 *
 * Revision: 0006a
 * Revises: 0005
 * Created: 2026-11-22T14:55:44.923Z
 */
import type { Operations } from 'athanor';

export const revision = '0006a';
export const downRevision: string | null = '0005';
export const message = 'add users.last_seen_at';
export const createDate = '2026-11-22T14:55:44.923Z';

export async function upgrade(op: Operations): Promise<void> {
  await op.addColumn({
    schema: 'public',
    table: 'users',
    column: { name: 'last_seen_at', type: 'timestamp with time zone', nullable: true, default: null, identity: null },
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn({ schema: 'public', table: 'users', column: 'last_seen_at' });
}
