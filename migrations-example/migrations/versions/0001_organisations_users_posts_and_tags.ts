/**
 * organisations, users, posts and tags
 *
 * What it teaches: what autogenerate writes, untouched. Every object is spelled
 * out in full and carries its final name from the naming convention (pk_posts,
 * fk_posts_author_id_users, ix_posts_published_at, ...), types and defaults in
 * the form Postgres prints them ('draft'::public.post_status). Tables come in an
 * order their foreign keys allow, and the downgrade undoes them in reverse. A
 * revision never imports models.ts: it stays as it was written while the model
 * moves on.
 *
 * Revision: 0001
 * Revises: (base)
 * Created: 2026-11-22T14:43:50.796Z
 */
import type { Operations } from 'athanor';

export const revision = '0001';
export const downRevision: string | null = null;
export const message = 'organisations, users, posts and tags';
export const createDate = '2026-11-22T14:43:50.796Z';

export async function upgrade(op: Operations): Promise<void> {
  await op.createEnum({ enum: { schema: 'public', name: 'post_status', values: ['draft', 'published'] } });
  await op.createTable({
    table: {
      schema: 'public',
      name: 'organisations',
      columns: [
        { name: 'id', type: 'integer', nullable: false, default: null, identity: { always: false } },
        { name: 'name', type: 'text', nullable: false, default: null, identity: null },
        { name: 'slug', type: 'character varying(63)', nullable: false, default: null, identity: null },
        { name: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()', identity: null },
      ],
      primaryKey: { name: 'pk_organisations', columns: ['id'] },
      foreignKeys: [],
      uniques: [
        { name: 'uq_organisations_slug', columns: ['slug'] },
      ],
      checks: [],
      indexes: [],
    },
  });
  await op.createTable({
    table: {
      schema: 'public',
      name: 'tags',
      columns: [
        { name: 'id', type: 'serial', nullable: false, default: null, identity: null },
        { name: 'organisation_id', type: 'integer', nullable: false, default: null, identity: null },
        { name: 'name', type: 'character varying(50)', nullable: false, default: null, identity: null },
      ],
      primaryKey: { name: 'pk_tags', columns: ['id'] },
      foreignKeys: [
        {
          name: 'fk_tags_organisation_id_organisations',
          columns: ['organisation_id'],
          refSchema: 'public',
          refTable: 'organisations',
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
        },
      ],
      uniques: [
        { name: 'uq_tags_organisation_id_name', columns: ['organisation_id', 'name'] },
      ],
      checks: [],
      indexes: [],
    },
  });
  await op.createTable({
    table: {
      schema: 'public',
      name: 'users',
      columns: [
        { name: 'id', type: 'uuid', nullable: false, default: 'gen_random_uuid()', identity: null },
        { name: 'organisation_id', type: 'integer', nullable: false, default: null, identity: null },
        { name: 'email', type: 'character varying(255)', nullable: false, default: null, identity: null },
        { name: 'name', type: 'text', nullable: false, default: null, identity: null },
        { name: 'preferences', type: 'jsonb', nullable: false, default: "'{}'::jsonb", identity: null },
        { name: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()', identity: null },
      ],
      primaryKey: { name: 'pk_users', columns: ['id'] },
      foreignKeys: [
        {
          name: 'fk_users_organisation_id_organisations',
          columns: ['organisation_id'],
          refSchema: 'public',
          refTable: 'organisations',
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
        },
      ],
      uniques: [
        { name: 'uq_users_email', columns: ['email'] },
      ],
      checks: [
        { name: 'ck_users_email_has_at', expression: "((email)::text ~~ '%_@_%'::text)" },
      ],
      indexes: [],
    },
  });
  await op.createTable({
    table: {
      schema: 'public',
      name: 'posts',
      columns: [
        { name: 'id', type: 'bigserial', nullable: false, default: null, identity: null },
        { name: 'author_id', type: 'uuid', nullable: false, default: null, identity: null },
        { name: 'title', type: 'text', nullable: false, default: null, identity: null },
        { name: 'body', type: 'text', nullable: false, default: "''::text", identity: null },
        {
          name: 'status',
          type: 'public.post_status',
          nullable: false,
          default: "'draft'::public.post_status",
          identity: null,
        },
        { name: 'published_at', type: 'timestamp with time zone', nullable: true, default: null, identity: null },
        { name: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()', identity: null },
        { name: 'updated_at', type: 'timestamp with time zone', nullable: false, default: 'now()', identity: null },
      ],
      primaryKey: { name: 'pk_posts', columns: ['id'] },
      foreignKeys: [
        {
          name: 'fk_posts_author_id_users',
          columns: ['author_id'],
          refSchema: 'public',
          refTable: 'users',
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
        },
      ],
      uniques: [],
      checks: [
        {
          name: 'ck_posts_published_has_date',
          expression: "((status <> 'published'::public.post_status) OR (published_at IS NOT NULL))",
        },
      ],
      indexes: [
        {
          name: 'ix_posts_published_at',
          unique: false,
          method: 'btree',
          columns: [{ column: 'published_at' }],
          where: "(status = 'published'::public.post_status)",
        },
      ],
    },
  });
  await op.createTable({
    table: {
      schema: 'public',
      name: 'post_tags',
      columns: [
        { name: 'post_id', type: 'bigint', nullable: false, default: null, identity: null },
        { name: 'tag_id', type: 'integer', nullable: false, default: null, identity: null },
      ],
      primaryKey: { name: 'pk_post_tags', columns: ['post_id', 'tag_id'] },
      foreignKeys: [
        {
          name: 'fk_post_tags_post_id_posts',
          columns: ['post_id'],
          refSchema: 'public',
          refTable: 'posts',
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
        },
        {
          name: 'fk_post_tags_tag_id_tags',
          columns: ['tag_id'],
          refSchema: 'public',
          refTable: 'tags',
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
        },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    },
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropTable({ schema: 'public', name: 'post_tags' });
  await op.dropTable({ schema: 'public', name: 'posts' });
  await op.dropTable({ schema: 'public', name: 'users' });
  await op.dropTable({ schema: 'public', name: 'tags' });
  await op.dropTable({ schema: 'public', name: 'organisations' });
  await op.dropEnum({ schema: 'public', name: 'post_status' });
}
