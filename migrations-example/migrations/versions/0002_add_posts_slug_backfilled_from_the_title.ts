/**
 * add posts.slug, backfilled from the title
 *
 * What it teaches: a NOT NULL column on a table that already has rows, with a
 * data migration. Autogenerate wrote one addColumn with `nullable: false`,
 * which fails as soon as `posts` holds a row. Edited by hand into the steps a
 * person would write: add the column as nullable, fill it (reading rows with
 * op.query, writing them back with op.execute), then make it NOT NULL and add
 * the unique constraint. A revision that reads rows cannot be turned into a
 * script with `upgrade --sql`, where there is no database: `op.offline` says so,
 * and the backfill then falls back to plain SQL. The downgrade is the generated one.
 *
 * Revision: 0002
 * Revises: 0001
 * Created: 2026-11-22T14:44:17.912Z
 */
import type { Operations } from 'athanor';

export const revision = '0002';
export const downRevision: string | null = '0001';
export const message = 'add posts.slug, backfilled from the title';
export const createDate = '2026-11-22T14:44:17.912Z';

/** `Héllo, World!` -> `hello-world`: accents folded, anything else becomes a dash. */
function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 180);
  return slug || 'post';
}

export async function upgrade(op: Operations): Promise<void> {
  // 1. The column, nullable for now: existing rows have no slug yet.
  await op.addColumn({
    schema: 'public',
    table: 'posts',
    column: { name: 'slug', type: 'character varying(200)', nullable: true, default: null, identity: null },
  });

  // 2. The backfill.
  if (op.offline) {
    // `upgrade --sql` writes a script and has no rows to read: the same in SQL, minus the accents.
    await op.execute(`
      UPDATE posts SET slug = coalesce(nullif(left(trim(BOTH '-' FROM
        regexp_replace(lower(title), '[^a-z0-9]+', '-', 'g')), 180), ''), 'post')
      WHERE slug IS NULL`);
  } else {
    // 500 rows at a time, so that a large table is never read into memory at once. The slug is
    // computed in TypeScript, where Unicode folding is one call; each batch is written back with
    // one UPDATE, its values bound as two array parameters.
    for (;;) {
      const rows = await op.query<{ id: string; title: string }>(
        'SELECT id, title FROM posts WHERE slug IS NULL ORDER BY id LIMIT 500',
      );
      if (rows.length === 0) break;
      await op.execute(
        'UPDATE posts AS p SET slug = v.slug FROM unnest($1::bigint[], $2::text[]) AS v(id, slug) WHERE p.id = v.id',
        [rows.map((row) => row.id), rows.map((row) => slugify(row.title))],
      );
    }
  }
  // Two posts of one author with the same title got the same slug: set-based SQL appends the
  // post id to every repeat but the first.
  await op.execute(`
    UPDATE posts AS p SET slug = p.slug || '-' || p.id
    FROM (SELECT id, row_number() OVER (PARTITION BY author_id, slug ORDER BY id) AS n FROM posts) AS d
    WHERE d.id = p.id AND d.n > 1`);

  // 3. Now every row has a slug: the column becomes NOT NULL, and unique per author.
  await op.alterColumn({ schema: 'public', table: 'posts', column: 'slug', to: { nullable: false }, from: { nullable: true } });
  await op.addConstraint({
    schema: 'public',
    table: 'posts',
    constraint: { type: 'unique', name: 'uq_posts_author_id_slug', columns: ['author_id', 'slug'] },
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropConstraint({ schema: 'public', table: 'posts', name: 'uq_posts_author_id_slug' });
  await op.dropColumn({ schema: 'public', table: 'posts', column: 'slug' });
}
