/**
 * merge last_seen_at and tag colours
 *
 * What it teaches: a merge revision, written by `migrate merge heads`. Its
 * downRevision lists both heads, so there is one head again and `upgrade head`
 * works. It has nothing to do because the two branches touch different
 * tables; when branches do conflict (both change one column, say), the fix-up
 * goes in this file's upgrade and downgrade. `downgrade -1` from here undoes
 * only the merge, leaving the database at both heads, 0006a and 0006b.
 *
 * Revision: 0007
 * Revises: 0006a, 0006b
 * Created: 2026-11-22T14:56:00.136Z
 */
import type { Operations } from 'athanor';

export const revision = '0007';
export const downRevision: string[] = ['0006a', '0006b'];
export const message = 'merge last_seen_at and tag colours';
export const createDate = '2026-11-22T14:56:00.136Z';

export async function upgrade(op: Operations): Promise<void> {
  // nothing to do
}

export async function downgrade(op: Operations): Promise<void> {
  // nothing to do
}
