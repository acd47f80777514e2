/**
 * add tags.colour
 *
 * What it teaches: the other branch of 0005 (see 0006a), and a NOT NULL column
 * that needs no backfill: with a default, Postgres fills the existing rows
 * itself (and since Postgres 11 without rewriting the table), unlike 0002,
 * whose values had to be computed. Generated, not edited.
 *
 * Revision: 0006b
 * Revises: 0005
 * Created: 2026-11-22T14:55:52.988Z
 */
import type { Operations } from 'athanor';

export const revision = '0006b';
export const downRevision: string | null = '0005';
export const message = 'add tags.colour';
export const createDate = '2026-11-22T14:55:52.988Z';

export async function upgrade(op: Operations): Promise<void> {
  await op.addColumn({
    schema: 'public',
    table: 'tags',
    column: {
      name: 'colour',
      type: 'character varying(7)',
      nullable: false,
      default: "'#888888'::character varying",
      identity: null,
    },
  });
  await op.addConstraint({
    schema: 'public',
    table: 'tags',
    constraint: { type: 'check', name: 'ck_tags_colour_hex', expression: "((colour)::text ~ '^#[0-9a-f]{6}$'::text)" },
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropConstraint({ schema: 'public', table: 'tags', name: 'ck_tags_colour_hex' });
  await op.dropColumn({ schema: 'public', table: 'tags', column: 'colour' });
}
