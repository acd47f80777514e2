/**
 * The registry of kinds of object as SQL speaks of them (a table, a column,
 * a materialized view, a publication): one entry per kind, its word in
 * messages, and what each part of the model and the operations may say of
 * it. The vocabularies of kinds are derived from it, never listed again:
 * - `id`: an `ObjectId` names objects of the kind (`ObjectKind`);
 * - `comment`: a `COMMENT ON` target (`CommentObjectKind`), and how the
 *   statement names it: `bare`, by its name alone (`SCHEMA s`); `qualified`,
 *   by its schema and name (`TABLE s.t`); `own`, in a way of its own (a
 *   column, a routine with its argument types, a cast);
 * - `grant`: privileges are granted on it (`GrantObjectKind`);
 * - `owner`: it has an owner, compared with the `owners` setting, though no
 *   privilege is granted on it (`OwnerObjectKind` adds the `grant` kinds);
 * - `database`: it is in no schema, the database's (its schema is '');
 * - `rename`: a rename may name it (`RenameKind`), through an operation of
 *   its own (`own`) or `renameObject` (`object`: `RenamedObjectKind`);
 * - `footprint`: the operations' footprints name an object of the kind, in
 *   that namespace (`ops/things.ts`), so that a comment on it comes after
 *   what makes it; left out, they do not (a comment on it is ordered by its
 *   slot alone). What belongs to a table or domain is its table's or domain's.
 *
 * A new kind is declared here once; each layer's own table of the kinds it
 * speaks of (`Record<CommentObjectKind, ...>` and the like) then fails to
 * compile until it has the new kind. The model's lists are the other
 * registry (`model-kinds.ts`): a list of `SchemaModel` holds objects of one
 * or more of these kinds.
 *
 * The kinds a rename may name come first, in the order renames are decided
 * (`RENAME_KINDS`): a schema before its tables, a table before its parts.
 */
export const OBJECT_KINDS = {
  schema: { word: 'schema', id: true, comment: 'bare', grant: true, rename: 'own', footprint: 'schema' },
  table: { word: 'table', id: true, comment: 'qualified', grant: true, rename: 'own', footprint: 'relation' },
  column: { word: 'column', id: true, comment: 'own', rename: 'own' },
  index: { word: 'index', id: true, comment: 'qualified', rename: 'own', footprint: 'index' },
  constraint: { word: 'constraint', id: true, comment: 'own', rename: 'object' },
  policy: { word: 'policy', id: true, comment: 'own', rename: 'object' },
  trigger: { word: 'trigger', id: true, comment: 'own', rename: 'object' },
  enum: { word: 'enum', id: true, rename: 'object' },
  enumValue: { word: 'enum value', rename: 'own' },
  domain: { word: 'domain', id: true, grant: true, rename: 'object' },
  sequence: { word: 'sequence', id: true, comment: 'qualified', grant: true, rename: 'object', footprint: 'relation' },
  view: { word: 'view', id: true, comment: 'qualified', grant: true, rename: 'object', footprint: 'relation' },
  materializedView: { word: 'materialized view', comment: 'qualified', rename: 'object', footprint: 'relation' },
  function: { word: 'function', comment: 'own', grant: true, rename: 'object', footprint: 'routine' },
  procedure: { word: 'procedure', comment: 'own', grant: true, rename: 'object', footprint: 'routine' },
  aggregate: { word: 'aggregate', comment: 'own', rename: 'object', footprint: 'routine' },
  routine: { word: 'routine', id: true },
  type: { word: 'type', comment: 'qualified', grant: true, footprint: 'type' },
  composite: { word: 'composite type', id: true, rename: 'object' },
  range: { word: 'range type', id: true, rename: 'object' },
  domainConstraint: { word: 'domain constraint', comment: 'own' },
  default: { word: 'default', id: true },
  collation: { word: 'collation', id: true, comment: 'qualified', owner: true, footprint: 'collation' },
  foreignTable: { word: 'foreign table', id: true, comment: 'qualified', footprint: 'relation' },
  operator: { word: 'operator', id: true, comment: 'own' },
  operatorClass: { word: 'operator class', id: true },
  textSearchDictionary: { word: 'text search dictionary', comment: 'qualified', owner: true },
  textSearchConfiguration: { word: 'text search configuration', comment: 'qualified', owner: true },
  rule: { word: 'rule', id: true, comment: 'own' },
  cast: { word: 'cast', comment: 'own' },
  statistics: { word: 'statistics', comment: 'qualified', owner: true },
  publication: { word: 'publication', comment: 'bare', owner: true, database: true },
  eventTrigger: { word: 'event trigger', comment: 'bare', owner: true, database: true },
  extension: { word: 'extension', comment: 'bare', footprint: 'extension' },
  foreignDataWrapper: { word: 'foreign data wrapper', grant: true, database: true },
  foreignServer: { word: 'foreign server', grant: true, database: true },
} as const satisfies { readonly [kind: string]: KindSpec };

interface KindSpec {
  /** How the kind reads in messages: `materialized view`, `foreign server`. */
  readonly word: string;
  readonly id?: true;
  readonly comment?: CommentForm;
  readonly grant?: true;
  readonly owner?: true;
  readonly database?: true;
  readonly rename?: 'own' | 'object';
  readonly footprint?: FootprintSpace;
}

/** The namespaces of the operations' footprints an object of a kind is named in (`KindSpec`'s `footprint`). */
export type FootprintSpace = 'schema' | 'relation' | 'index' | 'type' | 'routine' | 'collation' | 'extension';

/** The namespace of the footprints an object of `kind` is named in, if they name it. */
export function footprintSpace(kind: AnyObjectKind): FootprintSpace | undefined {
  const spec: KindSpec = OBJECT_KINDS[kind];
  return spec.footprint;
}

/** Every kind of object the registry knows. */
export type AnyObjectKind = keyof typeof OBJECT_KINDS;

/** The kinds whose entry says `field: value`. */
type KindsWhere<F extends keyof KindSpec, V> = {
  [K in AnyObjectKind]: (typeof OBJECT_KINDS)[K] extends { readonly [P in F]: V } ? K : never;
}[AnyObjectKind];

/** The kinds of object an `ObjectId` names. */
export type ObjectKind = KindsWhere<'id', true>;

/** How `COMMENT ON` names an object of a kind (`KindSpec`'s `comment`). */
type CommentForm = 'bare' | 'qualified' | 'own';

/** The kinds of object a comment is on. */
export type CommentObjectKind = KindsWhere<'comment', CommentForm>;

/** Whether `COMMENT ON` names an object of `kind` as `form` says (`bare`, `qualified` or `own`). */
export function isCommentForm<F extends CommentForm>(
  kind: CommentObjectKind,
  form: F,
): kind is KindsWhere<'comment', F> {
  return OBJECT_KINDS[kind].comment === form;
}

/**
 * The kinds of object a privilege is on. A view, materialized view or foreign
 * table is a `view` or `table` as GRANT treats them (`ON TABLE`); a `type` is
 * an enum or a composite type. A foreign data wrapper or server is in no
 * schema: it is the database's.
 */
export type GrantObjectKind = KindsWhere<'grant', true>;

/**
 * The kinds of object whose owner the model holds (the `owners` setting): those privileges are on, and
 * those owned though no privilege is granted on them.
 */
export type OwnerObjectKind = GrantObjectKind | OwnedObjectKind;

/** The kinds of object only owned: no privilege is granted on them. */
export type OwnedObjectKind = KindsWhere<'owner', true>;

/** The kinds of object only owned, in the registry's order. */
export const OWNED_KINDS = (Object.keys(OBJECT_KINDS) as AnyObjectKind[]).filter(
  (kind): kind is OwnedObjectKind => 'owner' in OBJECT_KINDS[kind],
) as readonly OwnedObjectKind[];

/** Whether an object of `kind` is only owned, no privilege granted on it. */
export function isOwnedOnly(kind: OwnerObjectKind): kind is OwnedObjectKind {
  return 'owner' in OBJECT_KINDS[kind];
}

/** The kinds of object in no schema, the database's. */
export type DatabaseObjectKind = KindsWhere<'database', true>;

/** Whether an object of `kind` is in no schema, the database's. */
export function isDatabaseKind(kind: AnyObjectKind): kind is DatabaseObjectKind {
  return 'database' in OBJECT_KINDS[kind];
}

/** Every kind of object a rename can name. */
export type RenameKind = KindsWhere<'rename', 'own' | 'object'>;

/** The kinds of object `renameObject` renames (schemas, tables, columns and indexes have operations of their own). */
export type RenamedObjectKind = KindsWhere<'rename', 'object'>;

/** Every kind of object a rename can name, in the order renames are decided. */
export const RENAME_KINDS = (Object.keys(OBJECT_KINDS) as AnyObjectKind[]).filter(
  (kind): kind is RenameKind => 'rename' in OBJECT_KINDS[kind],
) as readonly RenameKind[];

/** How a kind reads in messages: `table`, `materialized view`, `foreign data wrapper`. */
export function kindWord(kind: AnyObjectKind): string {
  return OBJECT_KINDS[kind].word;
}
