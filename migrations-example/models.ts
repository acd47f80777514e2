import {
  bigint,
  bigserial,
  check,
  defineMetadata,
  index,
  integer,
  jsonb,
  serial,
  sql,
  text,
  timestamptz,
  unique,
  uuid,
  varchar,
  type InsertOf,
  type RowOf,
} from 'athanor';

export const metadata = defineMetadata({
  namingConvention: {
    pk: 'pk_%(table_name)s',
    fk: 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    uq: 'uq_%(table_name)s_%(column_0_N_name)s',
    ck: 'ck_%(table_name)s_%(constraint_name)s',
    ix: 'ix_%(table_name)s_%(column_0_N_name)s',
  },
});

export const postStatus = metadata.enum('post_status', ['draft', 'published', 'archived']);

export const organisations = metadata.table('organisations', {
  id: integer().identity('byDefault').primaryKey(),
  name: text().notNull(),
  slug: varchar(63).notNull().unique(),
  created_at: timestamptz().notNull().default(sql`now()`),
});

export const users = metadata.table(
  'users',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    organisation_id: integer()
      .notNull()
      .references(() => organisations.columns.id, { onDelete: 'cascade' }),
    email: varchar(255).notNull().unique(),
    /** Was `name` until revision 0004 renamed it. */
    display_name: text().notNull(),
    preferences: jsonb<{ theme?: 'light' | 'dark'; digest?: boolean }>().notNull().default({}),
    last_seen_at: timestamptz(),
    created_at: timestamptz().notNull().default(sql`now()`),
  },
  { checks: [check(sql`email LIKE '%_@_%'`, { name: 'email_has_at' })] },
);

export const posts = metadata.table(
  'posts',
  {
    id: bigserial().primaryKey(),
    author_id: uuid()
      .notNull()
      .references(() => users.columns.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    /** The post's address under its author: /@ada/hello-world. */
    slug: varchar(200).notNull(),
    body: text().notNull().default(''),
    status: postStatus.column().notNull().default('draft'),
    published_at: timestamptz(),
    created_at: timestamptz().notNull().default(sql`now()`),
    updated_at: timestamptz().notNull().default(sql`now()`),
  },
  {
    uniques: [unique(['author_id', 'slug'])],
    checks: [check(sql`status <> 'published' OR published_at IS NOT NULL`, { name: 'published_has_date' })],
    // The front page lists published posts, newest first: a partial index keeps drafts out of it.
    indexes: [index(['published_at'], { where: sql`status = 'published'` })],
  },
);

export const tags = metadata.table(
  'tags',
  {
    id: serial().primaryKey(),
    organisation_id: integer()
      .notNull()
      .references(() => organisations.columns.id, { onDelete: 'cascade' }),
    name: varchar(50).notNull(),
    colour: varchar(7).notNull().default('#888888'),
  },
  {
    uniques: [unique(['organisation_id', 'name'])],
    checks: [check(sql`colour ~ '^#[0-9a-f]{6}$'`, { name: 'colour_hex' })],
  },
);

/** Posts and tags, many to many. */
export const postTags = metadata.table(
  'post_tags',
  {
    post_id: bigint()
      .notNull()
      .references(() => posts.columns.id, { onDelete: 'cascade' }),
    tag_id: integer()
      .notNull()
      .references(() => tags.columns.id, { onDelete: 'cascade' }),
  },
  {
    primaryKey: { columns: ['post_id', 'tag_id'] },
    // The key serves "the tags of a post"; "the posts with a tag" needs its own index.
    indexes: [index(['tag_id'])],
  },
);

/** Row types for the application code: what a select returns, what an insert takes. */
export type User = RowOf<typeof users>;
export type NewUser = InsertOf<typeof users>;
export type Post = RowOf<typeof posts>;
export type NewPost = InsertOf<typeof posts>;
