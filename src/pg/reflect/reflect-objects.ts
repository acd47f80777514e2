import type {
  CommentModel,
  CommentObjectKind,
  CommentTarget,
  DependencyRef,
  DomainModel,
  ExtensionModel,
  FunctionModel,
  OwnerModel,
  RoutineKind,
  SchemaModel,
  SequenceModel,
  TriggerModel,
  ViewModel,
} from '../../schema/model.js';
import { isPublicSchema, qualifiedKey, serverTraits } from '../../schema/model.js';
import { commentTargetFinder } from '../../schema/comment-targets.js';
import { isOwnedOnly } from '../../schema/object-kinds.js';
import {
  compareCommentTargets,
  compareDependencies,
  compareQualified as bySchemaName,
  compareText,
} from '../../schema/object-keys.js';
import { AthanorError } from '../../util/errors.js';
import type {
  CommentRow,
  DependencyRow,
  DomainRow,
  FunctionRow,
  SequenceRow,
  TriggerRow,
  ViewRow,
} from '../catalog/catalog-objects.js';
import {
  OBJECT_PARTS,
  objectsStatement,
  type ObjectsRow,
  type PartName,
  type PartsPresent,
} from '../catalog/catalog-objects-statement.js';
import type { CatalogPart } from '../catalog/catalog-part.js';
import { grantsFromRows, refuseMarkerNamedRoles, targetOfRow } from '../catalog/catalog-grants.js';
import { ownersFromRows } from '../catalog/catalog-owners.js';
import { defaultPrivilegesFromRows } from '../catalog/catalog-default-privileges.js';
import {
  describeDefaultPrivilegeScope,
  describeGrantTarget,
  managedGrants,
  managesPrivileges,
  type PrivilegesSetting,
} from '../../schema/model.js';
import type { IndexRow } from '../catalog/catalog-queries.js';
import { rulesFromRows } from '../catalog/catalog-rules.js';
import { viewQuery } from '../ddl/objects/view.js';
import { qualifiedReferences } from '../../sql/references.js';
import { tokenizeSql } from '../../sql/lexer.js';
import { readableByNewerServers } from '../../sql/routine-header.js';
import { serialSequenceName } from '../../schema/naming.js';
import { checkExpression, indexFromRow } from './reflect-constraints.js';
import { compositesFromRows } from './reflect-composites.js';
import { modelOfKinds, type ModelKind } from '../../schema/model-kinds.js';

type Excluded = readonly { schema: string; name: string }[];

/**
 * What the reading has before the objects: schemas, enums and tables (and
 * whether NOT NULL constraints have names), and the publications, which a
 * statement of their own reads (its columns depend on the server's version).
 */
export type ReflectedTables = Pick<
  SchemaModel,
  'schemas' | 'enums' | 'tables' | 'notNullNames' | 'expressionsInPlace' | 'publications'
>;

/**
 * The one batched statement that reads every other list of the model
 * (extensions, sequences, domains, views, routines, triggers, comments, ...),
 * whatever their number, each kind the probe's answer (`present`) does not
 * say is absent; with the privileges when the setting manages some.
 */
export function objectsSql(
  options: {
    privileges?: PrivilegesSetting;
    owners?: boolean;
  },
  present: PartsPresent = {},
): string {
  return objectsStatement(
    {
      grants: managesPrivileges(options.privileges),
      owners: options.owners === true,
    },
    present,
  );
}

/** The objects statement's one row. */
export function objectsRow(rows: readonly unknown[]): ObjectsRow {
  const row = rows[0] as ObjectsRow | undefined;
  if (row === undefined)
    throw new AthanorError('reflect', 'the catalog query for views, routines and other objects returned no row');
  return row;
}

/** What each list is read from: the objects' statement's row, the reading before it, and what it leaves out. */
interface ObjectsReading {
  readonly row: ObjectsRow;
  readonly model: ReflectedTables;
  /** The tables the reading leaves out and the sequences they own, by `qualifiedKey`. */
  readonly excluded: ReadonlySet<string>;
  readonly options: { readonly privileges?: PrivilegesSetting };
}

/** The lists of the model a part of the objects statement makes from its rows alone (its `reads`). */
type PartList = {
  [P in PartName]: (typeof OBJECT_PARTS)[P] extends { readonly reads?: { readonly list: infer K } } ? K : never;
}[PartName];

/** How the part that makes each such list reads it. */
const PART_READS = new Map<ModelKind, (row: ObjectsRow) => unknown>();
for (const name of Object.keys(OBJECT_PARTS) as PartName[]) {
  const { reads } = OBJECT_PARTS[name] as CatalogPart<unknown, ModelKind>;
  if (reads !== undefined) PART_READS.set(reads.list, (row) => reads.fromRows(row[name]));
}

/**
 * How each other list of the model is read, one entry per kind of the model
 * no part reads (`PartList`), so a list that is not read fails to compile.
 * The comments are read last, kept on the objects the other lists hold
 * (`commentsOf`).
 */
const READ_LIST: {
  readonly [K in Exclude<ModelKind, 'comments' | PartList>]: (reading: ObjectsReading) => SchemaModel[K];
} = {
  schemas: ({ model }) => model.schemas,
  enums: ({ model }) => model.enums,
  tables: ({ model }) => model.tables,
  extensions: ({ row }) => row.extensions.map((e): ExtensionModel => ({ name: e.name, schema: e.schema })).sort(byName),
  sequences: ({ row, excluded }) =>
    row.sequences
      .filter((s) => isModeledSequence(s, excluded))
      .map(sequenceFromRow)
      .sort(bySchemaName),
  domains: ({ row }) => row.domains.map(domainFromRow).sort(bySchemaName),
  composites: ({ row }) => compositesFromRows(row.composites),
  views: ({ row }) => row.views.map((v) => viewFromRow(v, row.view_indexes)).sort(bySchemaName),
  functions: ({ row }) =>
    row.functions
      .map(functionFromRow)
      .sort((a, b) => bySchemaName(a, b) || compareText(a.argumentTypes, b.argumentTypes)),
  triggers: ({ row, excluded }) =>
    row.triggers
      .filter((t) => !excluded.has(qualifiedKey(t.schema, t.table_name)))
      .map(triggerFromRow)
      .sort((a, b) => compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name)),
  rules: ({ row, excluded }) =>
    rulesFromRows(row.rules.filter((r) => !excluded.has(qualifiedKey(r.schema, r.table_name)))),
  grants: ({ row, excluded, options }) => {
    const rows = row.grants ?? [];
    refuseMarkerNamedRoles(rows, options.privileges, (r) =>
      describeGrantTarget(targetOfRow(r), r.column_name ?? undefined),
    );
    return managedGrants(grantsFromRows(rows, keeping(excluded)), options.privileges);
  },
  defaultPrivileges: ({ row, options }) => {
    const rows = row.default_privileges ?? [];
    refuseMarkerNamedRoles(rows, options.privileges, (r) =>
      describeDefaultPrivilegeScope({
        ...(r.role === null ? {} : { role: r.role }),
        ...(r.schema === null ? {} : { schema: r.schema }),
        on: r.kind,
      }),
    );
    return managedGrants(defaultPrivilegesFromRows(rows), options.privileges);
  },
  // The role the migrations run as owns what they create: its objects have no entry (the public schema's has,
  // read where another than its default owner has it).
  owners: ({ row, excluded }) =>
    ownersFromRows(row.owners ?? [], keeping(excluded)).filter(
      (o) => o.owner !== row.session_role?.[0]?.name || isPublicSchema(o.target),
    ),
  publications: ({ model }) => model.publications,
};

/** Whether an object is not one of the tables left out. */
function keeping(excluded: ReadonlySet<string>): (schema: string, name: string) => boolean {
  return (schema, name) => !excluded.has(qualifiedKey(schema, name));
}

/**
 * Adds the lists the objects' statement read to the tables a reading found,
 * each as `READ_LIST` says, the comments on what they hold last.
 */
export function reflectObjects(
  row: ObjectsRow,
  model: ReflectedTables,
  options: { exclude: Excluded; privileges?: PrivilegesSetting; owners?: boolean },
): SchemaModel {
  const { exclude } = options;
  const excluded = new Set(exclude.map((t) => qualifiedKey(t.schema, t.name)));
  // A sequence a left-out table owns (its serial or identity column's) is left out with it.
  for (const s of row.sequences)
    if (s.owner_table !== null && excluded.has(qualifiedKey(s.schema, s.owner_table)))
      excluded.add(qualifiedKey(s.schema, s.name));
  const reading: ObjectsReading = { row, model, excluded, options };
  const objects = modelOfKinds(<K extends ModelKind>(kind: K): SchemaModel[K] => {
    if (kind === 'comments') return [] as SchemaModel[K];
    const fromPart = PART_READS.get(kind);
    if (fromPart !== undefined) return fromPart(row) as SchemaModel[K];
    return (READ_LIST[kind as keyof typeof READ_LIST] as (r: ObjectsReading) => SchemaModel[K])(reading);
  });
  return {
    ...objects,
    ...serverTraits(model),
    owners: ownersOfObjects(objects),
    comments: commentsOf([...row.schema_comments, ...row.comments], objects),
  };
}

/**
 * The owners of what the model holds: the owner of an object only owned (a
 * collation, statistics, a publication) is read for every such object, and
 * kept when the model holds the object, found as a comment on it would be.
 */
function ownersOfObjects(model: SchemaModel): OwnerModel[] {
  const holds = commentTargetFinder(model);
  return model.owners.filter(({ target }) => !isOwnedOnly(target.on) || holds(target.on, { ...target, on: target.on }));
}

function byName(a: { name: string }, b: { name: string }): number {
  return compareText(a.name, b.name);
}

const SERIAL_BASE_TYPES = new Set(['smallint', 'integer', 'bigint']);

/**
 * Left out: identity sequences, a serial column's own sequence (the column
 * is `serial` in the model, as the columns query decides with the same
 * rule), and sequences owned by tables the reflection leaves out.
 */
function isModeledSequence(row: SequenceRow, excluded: ReadonlySet<string>): boolean {
  if (row.owner_deptype === 'i') return false;
  if (row.owner_table === null || row.owner_column === null) return true;
  if (excluded.has(qualifiedKey(row.schema, row.owner_table))) return false;
  const serial =
    row.owner_default === true &&
    SERIAL_BASE_TYPES.has(row.owner_type ?? '') &&
    row.name === serialSequenceName(row.owner_table, row.owner_column) &&
    hasSerialOptions(row);
  return !serial;
}

/** The largest value of each type a serial sequence can have. */
const SERIAL_MAX: Readonly<Record<string, string>> = {
  smallint: '32767',
  integer: '2147483647',
  bigint: '9223372036854775807',
};

/** The options and persistence `serial` gives a sequence (the columns query checks the same in SQL). */
function hasSerialOptions(row: SequenceRow): boolean {
  return (
    row.type === row.owner_type &&
    row.start === '1' &&
    row.increment === '1' &&
    row.min === '1' &&
    row.max === SERIAL_MAX[row.type] &&
    row.cache === '1' &&
    !row.cycle &&
    row.owner_serial_persistence === true
  );
}

function sequenceFromRow(row: SequenceRow): SequenceModel {
  const owned = row.owner_deptype === 'a' && row.owner_table !== null && row.owner_column !== null;
  return {
    schema: row.schema,
    name: row.name,
    type: row.type,
    start: row.start,
    increment: row.increment,
    min: row.min,
    max: row.max,
    cache: row.cache,
    cycle: row.cycle,
    ownedBy: owned ? { table: row.owner_table ?? '', column: row.owner_column ?? '' } : null,
    ...(row.unlogged ? { unlogged: true } : {}),
  };
}

function domainFromRow(row: DomainRow): DomainModel {
  return {
    schema: row.schema,
    name: row.name,
    type: row.type,
    ...(row.collation ? { collation: row.collation } : {}),
    default: row.default_expr,
    notNull: row.not_null,
    checks: row.checks.map((c) => ({
      name: c.name,
      expression: checkExpression(c.definition),
      ...(c.validated ? {} : { notValid: true }),
    })),
    ...(row.depends_on.length > 0 ? { dependsOn: dependencyRefs(row.depends_on) } : {}),
  };
}

function viewFromRow(row: ViewRow, indexRows: readonly IndexRow[]): ViewModel {
  const definition = viewQuery(row.definition);
  const view: ViewModel = {
    schema: row.schema,
    name: row.name,
    materialized: row.materialized,
    definition,
    options: [...row.options].sort(compareText),
    columns: row.columns,
    indexes: indexRows
      .filter((index) => index.table_oid === row.oid)
      .map(indexFromRow)
      .sort((a, b) => compareText(a.name, b.name)),
    dependsOn: dependencyRefs(row.depends_on),
    ...(row.cluster_on !== null && row.cluster_on !== undefined ? { clusterOn: row.cluster_on } : {}),
    ...(row.no_data ? { withNoData: true } : {}),
    ...(row.column_defaults !== null && row.column_defaults !== undefined
      ? { columnDefaults: row.column_defaults }
      : {}),
    ...(readsItself(row, definition) ? { readsItself: true } : {}),
  };
  return view;
}

/** Whether the query names the view itself (`pg_get_viewdef` qualifies every relation it reads). */
function readsItself(view: { schema: string; name: string }, definition: string): boolean {
  return qualifiedReferences(tokenizeSql(definition)).some(
    (ref) => ref.schema.text === view.schema && ref.name.text === view.name,
  );
}

const ROUTINE_KINDS: Readonly<Record<string, RoutineKind>> = {
  f: 'function',
  w: 'function',
  p: 'procedure',
  a: 'aggregate',
};

function functionFromRow(row: FunctionRow): FunctionModel {
  const kind = ROUTINE_KINDS[row.kind];
  if (kind === undefined) {
    throw new AthanorError(
      'reflect',
      `routine ${row.schema}.${row.name} has an unknown kind "${row.kind}"; report this with your PostgreSQL version`,
    );
  }
  return {
    schema: row.schema,
    name: row.name,
    kind,
    argumentTypes: row.argument_types,
    arguments: row.arguments,
    result: row.result,
    definition: readableByNewerServers(row.definition.trim()),
    dependsOn: dependencyRefs(row.depends_on),
  };
}

function triggerFromRow(row: TriggerRow): TriggerModel {
  const trigger = { schema: row.schema, table: row.table_name, name: row.name, definition: row.definition.trim() };
  return row.firing === null ? trigger : { ...trigger, firing: row.firing };
}

function dependencyRefs(rows: readonly DependencyRow[]): DependencyRef[] {
  const refs = rows.map((row): DependencyRef => {
    return {
      schema: row.schema,
      name: row.name,
      ...(row.argumentTypes !== undefined ? { argumentTypes: row.argumentTypes } : {}),
    };
  });
  return refs.sort(compareDependencies);
}

/** Comments on objects the model holds, sorted by target. */
function commentsOf(rows: readonly CommentRow[], model: SchemaModel): CommentModel[] {
  const inModel = modelMembership(model);
  const comments = rows
    .map(commentFromRow)
    .filter(({ comment, relation }) => inModel(comment.target, relation))
    .map(({ comment }) => comment);
  return comments.sort((a, b) => compareCommentTargets(a.target, b.target));
}

function commentFromRow(row: CommentRow): { comment: CommentModel; relation: string | null } {
  const target: CommentTarget = {
    on: row.on_kind as CommentObjectKind,
    schema: row.schema,
    name: row.name,
    ...(row.parent !== null ? { parent: row.parent } : {}),
    ...(row.argument_types !== null ? { argumentTypes: row.argument_types } : {}),
  };
  return { comment: { target, text: row.text }, relation: row.relation };
}

/**
 * Whether a comment's object is one the model describes. A column (a
 * composite type's attribute too), index or constraint is kept with the
 * relation it belongs to (the row's `relation`),
 * and a domain's constraint with its domain, even where the model leaves the
 * part itself out; every other object is looked up in the model by its kind.
 */
function modelMembership(model: SchemaModel): (target: CommentTarget, relation: string | null) => boolean {
  const key = (schema: string, name: string): string => qualifiedKey(schema, name);
  const relations = new Set(
    [...model.tables, ...model.views, ...model.foreignTables, ...model.composites].map((r) => key(r.schema, r.name)),
  );
  const tables = new Set(model.tables.map((t) => key(t.schema, t.name)));
  const domains = new Set(model.domains.map((d) => key(d.schema, d.name)));
  const holds = commentTargetFinder(model);
  return (target, relation) => {
    switch (target.on) {
      case 'column':
      case 'index':
        return relation !== null && relations.has(key(target.schema, relation));
      case 'constraint':
        return relation !== null && tables.has(key(target.schema, relation));
      case 'domainConstraint':
        return domains.has(key(target.schema, target.parent ?? ''));
      default:
        return holds(target.on, target);
    }
  };
}
