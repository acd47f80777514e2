import type { ColumnModel, IndexModel, TableModel } from '../../schema/model.js';
import type { ExpandPhasesOfSql } from '../families/sql.js';
import type { NotNullRename } from '../families/renames.js';
import type { PartitionNotNull } from '../families/columns.js';
import type {
  CreatedAtExpand,
  DroppedAtContract,
  ExpandChange,
  ExpandConstraint,
  GrantedAtExpand,
  MadeAtContract,
  NewDefinition,
  RenamedAtContract,
} from './expand-forms.js';

/*
 * The plan of one expand: the changes of the revisions expanded together,
 * resolved against the tables as the catalog has them. Plain data, kept as
 * JSON in the expand state table (`pg/expand/expand-state.ts`), so that
 * contract and abort read it there and need no revision file.
 *
 * Each table of the new version is a list of columns, each a name as the new
 * version sees it over the physical column that holds it. A rename changes
 * the name; a changed type points the name at a new physical column; a
 * dropped column leaves the list. At contract, the physical columns the list
 * no longer reaches are dropped and each column takes its name.
 */

/** A column as the catalog describes it (`pg/expand/expand-catalog.ts`). */
export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly default: string | null;
  /** An identity or generated column, or a default drawn from a sequence. */
  readonly generatedValues: boolean;
  /** Used by an index or a constraint other than NOT NULL. */
  readonly constrained: boolean;
}

export interface VersionedColumn {
  /** The name the new version sees. */
  readonly name: string;
  /** The physical column that holds it. */
  readonly physical: string;
}

/** A column of a new type kept in sync with the old one by a trigger. */
export interface RetypedColumn {
  readonly old: string;
  readonly new: string;
  readonly from: string;
  readonly to: string;
  /** The old column's default, given to the new one at contract. */
  readonly default: string | null;
  /** The new value from the old (else a cast) and the old from the new (else a cast back), as the revision gives them. */
  readonly using?: string;
  readonly down?: string;
  /** With `using` or `down`: the column's name in the revision, under which they read its value. */
  readonly name?: string;
}

export interface VersionedTable {
  readonly schema: string;
  readonly table: string;
  /** The name the new version sees, when it renames the table: its view's name, the table's at contract. */
  readonly name?: string;
  /** The renamed table's NOT NULL constraints renamed with it at contract (`renameTable`'s). */
  readonly notNullRenames?: readonly NotNullRename[];
  /** Its columns as the catalog had them before the first revision of the plan was expanded. */
  readonly catalog: readonly CatalogColumn[];
  readonly columns: VersionedColumn[];
  /** Added at expand: dropped by abort. */
  readonly added: ColumnModel[];
  /** The partitions' own NOT NULL constraints (PostgreSQL 18) of added columns, by column, made with them at expand. */
  readonly partitionNotNulls?: Readonly<Record<string, readonly PartitionNotNull[]>>;
  /** Physical columns dropped at contract. */
  readonly dropped: string[];
  readonly retyped: RetypedColumn[];
  /** Physical columns given a `CHECK (... IS NOT NULL) NOT VALID` at expand, made NOT NULL at contract. */
  readonly notNull: string[];
  readonly indexes: IndexModel[];
  /** Checks and foreign keys added `NOT VALID`, unique keys' indexes built: finished at contract, dropped by abort. */
  readonly constraints: ExpandConstraint[];
  /** `NOT VALID` checks and foreign keys it had, by name, validated at contract. */
  readonly validated?: readonly string[];
}

/** An application's own view that reads a column the new version renames, copied into the version schema. */
export interface VersionedView {
  readonly schema: string;
  readonly name: string;
  /** Its query as PostgreSQL prints it with the columns under their new names and the tables read through the version's views. */
  readonly definition: string;
  /** Its `WITH (...)` options (`security_barrier`, `check_option`), as `name=value`. */
  readonly options: readonly string[];
}

/**
 * A routine of the new version: the revision's definition created in the
 * version schema, its `search_path` the version schema first
 * (`pg/expand/expand-objects.ts` writes it).
 */
export interface VersionedRoutine {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'function' | 'procedure';
  readonly argumentTypes: string;
  /** `CREATE OR REPLACE ...` of the routine in the version schema. */
  readonly definition: string;
  /** Its `search_path`, as `SET search_path TO` takes it: in effect while it is created too (a SQL-standard body is read then). */
  readonly searchPath: string;
}

/** A view or routine the revisions create, replace or drop, an index or constraint they drop, a rename of a table's index, constraint, policy or trigger, a comment, or privileges granted or revoked, run at contract as a plain upgrade runs it. */
export type ObjectOperation = NewDefinition | DroppedAtContract | RenamedAtContract | MadeAtContract;

/** A table the new version drops, with its columns, which the failing view of its name has too. */
export interface DroppedTable {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

export interface ExpandPlan {
  /** The revisions expanded together, oldest first, and the heads the database was at before. */
  readonly revisions: readonly string[];
  readonly previous: readonly string[];
  readonly versionSchema: string;
  readonly tables: VersionedTable[];
  readonly createdTables: TableModel[];
  /** The schemas, types, sequences, collations and extensions created at expand, in order (absent: none). */
  readonly created?: readonly CreatedAtExpand[];
  /** The privileges granted at expand, once the tables have their new parts, in order (absent: none). */
  readonly granted?: readonly GrantedAtExpand[];
  /** Tables the new version does not see (a view of the name that fails stands in the version schema), dropped at contract. */
  readonly droppedTables: DroppedTable[];
  /** The application's views the new version reads in the version schema: copies over renamed columns, then the views the revisions create or replace. */
  readonly views: VersionedView[];
  /**
   * The views and routines the revisions create, replace or drop, the
   * indexes and constraints they drop, the renames and comments made at
   * contract, in order (absent from a plan stored before they were served:
   * none).
   */
  readonly objects?: readonly ObjectOperation[];
  /** The new version's routines (absent: none). */
  readonly routines?: readonly VersionedRoutine[];
  /**
   * The hand-written SQL of the revisions, in their order, each with its
   * parts (absent from a plan stored before it was kept: none).
   */
  readonly sql?: readonly ExpandPhasesOfSql[];
  /**
   * The expanded plan this one was made over (`--expand` of more revisions
   * while some are expanded): its parts are there already, and its version
   * schema gives way to this one's when this one's views are made.
   */
  readonly over?: ExpandPlan;
}

/** What an object operation names, the same for its create, replace and drop: `view s.v`, `routine s.f(integer)`. */
export function objectKey(op: ObjectOperation): string {
  switch (op.kind) {
    case 'createView':
    case 'replaceView':
      return `view ${op.view.schema}.${op.view.name}`;
    case 'dropView':
      return `view ${op.schema}.${op.name}`;
    case 'createFunction':
    case 'replaceFunction':
      return `routine ${op.function.schema}.${op.function.name}(${op.function.argumentTypes})`;
    case 'dropFunction':
      return `routine ${op.schema}.${op.name}(${op.argumentTypes})`;
    case 'dropIndex':
      return `index ${op.schema}.${op.name}`;
    case 'dropConstraint':
      return `constraint ${op.name} of ${op.schema}.${op.table}`;
    case 'renameIndex':
      return `index ${op.schema}.${op.from}`;
    case 'renameObject':
      return `${op.object} ${op.from}${op.table === undefined ? '' : ` of ${op.schema}.${op.table}`}`;
    case 'grant':
    case 'revoke': {
      const { on, schema, name, argumentTypes } = op.on;
      const columns = op.columns === undefined ? '' : ` (${op.columns.join(', ')})`;
      const what = `${on} ${schema === '' ? '' : `${schema}.`}${name}${argumentTypes === undefined ? '' : `(${argumentTypes})`}`;
      return `${op.privileges.join(', ')}${columns} on ${what} ${op.kind === 'grant' ? `to ${op.to}` : `from ${op.from}`}`;
    }
    case 'grantDefault':
    case 'revokeDefault': {
      const role = op.forRole === undefined ? '' : ` of ${op.forRole}`;
      const inSchema = op.inSchema === undefined ? '' : ` in schema ${op.inSchema}`;
      const grantee = op.kind === 'grantDefault' ? `to ${op.to}` : `from ${op.from}`;
      return `default privileges ${op.privileges.join(', ')} on new ${op.on}${role}${inSchema} ${grantee}`;
    }
    case 'setComment': {
      const { on, schema, parent, name } = op.target;
      return `comment on ${on} ${schema === '' ? '' : `${schema}.`}${parent === undefined ? '' : `${parent}.`}${name}`;
    }
    case 'setIndexStatistics':
      return `statistics of index ${op.schema}.${op.index}`;
    case 'alterPublication':
      return `publication ${op.name}`;
  }
}

/** The plan without the one it was made over: once expanded, that one's schema is gone. */
function withoutOver(plan: ExpandPlan): ExpandPlan {
  const { over: _over, ...rest } = plan;
  return rest;
}

/** A change the plan cannot serve: why, for the one line that refuses it. */
export class PlanRefusal extends Error {}

/**
 * The schema of views that serves the new version: `athanor_v_` and the id of
 * the last revision expanded; for a tenant of a fleet with a schema per
 * tenant, `athanor_v_<tenant schema>_<revision>`, so that the tenants of one
 * database each have their own. Lower case, anything but letters, digits and
 * `_` written `_`, cut to Postgres's 63 bytes (a name another tenant's
 * expand already holds is refused).
 */
export function versionSchemaName(revision: string, tenantSchema?: string): string {
  const name = tenantSchema === undefined ? revision : `${tenantSchema}_${revision}`;
  return `athanor_v_${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

/** The physical name of the new-type column of `column`. */
export function newColumnName(column: string): string {
  return `athanor_new_${column}`.slice(0, 63);
}

/**
 * Resolves the changes in order against the catalog's columns of each table
 * they touch (`columnsOf`, null for a table that does not exist); throws a
 * `PlanRefusal` for a change it cannot serve. Over an expanded plan (`over`),
 * the changes go on from its tables as its revisions left them, its
 * revisions first: the result serves the shape after all of them.
 */
export function planExpand(
  revisions: readonly string[],
  previous: readonly string[],
  versionSchema: string,
  changes: readonly ExpandChange[],
  columnsOf: (schema: string, table: string) => readonly CatalogColumn[] | null,
  over?: ExpandPlan,
): ExpandPlan {
  const tables = new Map<string, VersionedTable>();
  const created: TableModel[] = [...(over?.createdTables ?? [])];
  const createdObjects: CreatedAtExpand[] = [...(over?.created ?? [])];
  const granted: GrantedAtExpand[] = [...(over?.granted ?? [])];
  const sql: ExpandPhasesOfSql[] = [...(over?.sql ?? [])];
  const objects: ObjectOperation[] = [...(over?.objects ?? [])];
  const droppedTables = [...(over?.droppedTables ?? [])];
  const isDropped = (schema: string, table: string) =>
    droppedTables.some((t) => t.schema === schema && t.table === table);
  for (const t of over?.tables ?? [])
    tables.set(`${t.schema}.${t.table}`, {
      ...t,
      columns: [...t.columns],
      added: [...t.added],
      dropped: [...t.dropped],
      retyped: [...t.retyped],
      notNull: [...t.notNull],
      indexes: [...t.indexes],
      constraints: [...t.constraints],
    });
  if (over !== undefined && over.versionSchema === versionSchema)
    throw new PlanRefusal(`the version schema ${versionSchema} is the one already served`);
  /** The name the new version gives a table of the plan. */
  const nameOf = (t: VersionedTable): string => t.name ?? t.table;
  /** The table of the plan the new version names `table`, if the plan has it yet. */
  const planned = (schema: string, table: string): VersionedTable | undefined =>
    [...tables.values()].find((t) => t.schema === schema && nameOf(t) === table);
  /** Whether the expand creates index `name` of `schema`. */
  const indexAdded = (schema: string, name: string): boolean =>
    [...tables.values()].some((t) => t.schema === schema && t.indexes.some((i) => i.name === name));
  const indexDroppedAtContract = (schema: string, name: string): boolean =>
    objects.some((o) => o.kind === 'dropIndex' && o.schema === schema && o.name === name);
  const tableOf = (schema: string, table: string): VersionedTable => {
    const key = `${schema}.${table}`;
    let found = planned(schema, table);
    if (found === undefined) {
      if (tables.has(key)) throw new PlanRefusal(`table ${key} is renamed in the same expand`);
      if (isDropped(schema, table)) throw new PlanRefusal(`table ${key} is dropped in the same expand`);
      if (created.some((t) => t.schema === schema && t.name === table))
        throw new PlanRefusal(`table ${key} is created in the same expand; change it in its createTable`);
      const catalog = columnsOf(schema, table);
      if (catalog === null) throw new PlanRefusal(`table ${key} does not exist`);
      found = {
        schema,
        table,
        catalog,
        columns: catalog.map((c) => ({ name: c.name, physical: c.name })),
        added: [],
        dropped: [],
        retyped: [],
        notNull: [],
        indexes: [],
        constraints: [],
      };
      tables.set(key, found);
    }
    return found;
  };
  const entry = (t: VersionedTable, name: string): VersionedColumn => {
    const column = t.columns.find((c) => c.name === name);
    if (column === undefined) throw new PlanRefusal(`table ${t.schema}.${t.table} has no column "${name}"`);
    return column;
  };
  const original = (t: VersionedTable, physical: string) => t.catalog.find((c) => c.name === physical);
  /** The columns the new version names otherwise than the old one holds them (renamed, retyped or added). */
  const moved = (t: VersionedTable): VersionedColumn[] => {
    const physicalNames = new Set(t.catalog.map((c) => c.name));
    return t.columns.filter((c) => c.name !== c.physical || !physicalNames.has(c.physical));
  };

  // The default privileges these revisions take away, which objects they make at expand would still get.
  const revokedDefault = changes.find(
    (c): c is Extract<ExpandChange, { change: 'madeAtContract' }> =>
      c.change === 'madeAtContract' && c.op.kind === 'revokeDefault',
  );
  const made = changes.find((c) => c.change === 'createTable' || c.change === 'createAtExpand');
  if (revokedDefault !== undefined && made !== undefined)
    throw new PlanRefusal(
      `${objectKey(revokedDefault.op)} are revoked in an expand that makes objects, which would get them until contract; revoke them in a revision of their own`,
    );
  for (const change of changes) {
    if (change.change === 'createTable') {
      created.push(change.table);
      continue;
    }
    if (change.change === 'madeAtContract') {
      objects.push(change.op);
      continue;
    }
    if (change.change === 'grantAtExpand') {
      const { op } = change;
      const { on, schema, name } = op.on;
      // A view or routine the revisions create or replace is made at contract; so is a table's or column's new name.
      const madeAtContract = objects.some(
        (o) =>
          ((o.kind === 'createView' || o.kind === 'replaceView') && o.view.schema === schema && o.view.name === name) ||
          ((o.kind === 'createFunction' || o.kind === 'replaceFunction') &&
            o.function.schema === schema &&
            o.function.name === name),
      );
      const t = on === 'table' ? planned(schema, name) : undefined;
      const renamed =
        t !== undefined &&
        (nameOf(t) !== t.table ||
          (op.columns ?? []).some((column) => t.columns.some((c) => c.name === column && c.physical !== column)));
      if (madeAtContract || renamed) objects.push(op);
      else granted.push(op);
      continue;
    }
    if (change.change === 'createAtExpand') {
      createdObjects.push(change.op);
      continue;
    }
    if (change.change === 'sql') {
      sql.push(change.sql);
      continue;
    }
    if (change.change === 'dropAtContract' && change.op.kind === 'dropIndex') {
      const { op } = change;
      if (indexAdded(op.schema, op.name))
        throw new PlanRefusal(`index ${op.schema}.${op.name} is created in the same expand, then dropped`);
      // Dropped in contract's transaction, as the tables change: not concurrently.
      const { online: _online, ...plain } = op;
      objects.push(plain);
      continue;
    }
    if (change.change === 'dropAtContract' && change.op.kind === 'dropConstraint') {
      const { op } = change;
      // Dropped before contract renames the table: under the name the old version has.
      const t = planned(op.schema, op.table);
      if (t?.constraints.some((c) => c.name === op.name))
        throw new PlanRefusal(
          `constraint ${op.name} of ${op.schema}.${op.table} is added in the same expand, then dropped`,
        );
      objects.push({ ...op, table: t?.table ?? op.table });
      continue;
    }
    if (change.change === 'renameAtContract') {
      const { op } = change;
      // Of what a rename waits for, only indexes and constraints can be added in an expand; a constraint's
      // name is its table's own.
      // An index built anew beside the old one it takes the name of, which contract drops first, is swapped in.
      const added =
        op.kind === 'renameIndex'
          ? indexAdded(op.schema, op.from) && !indexDroppedAtContract(op.schema, op.to)
          : op.object === 'constraint' &&
            op.table !== undefined &&
            planned(op.schema, op.table)?.constraints.some((c) => c.name === op.from) === true;
      if (added) throw new PlanRefusal(`${objectKey(op)} is added in the same expand, then renamed`);
      objects.push(op);
      continue;
    }
    if (change.change === 'newDefinition' || change.change === 'dropAtContract') {
      const key = objectKey(change.op);
      if (
        change.change === 'dropAtContract' &&
        objects.some((o) => o.kind !== 'dropView' && o.kind !== 'dropFunction' && objectKey(o) === key)
      )
        throw new PlanRefusal(`${key} is created or replaced, then dropped in the same expand`);
      objects.push(change.op);
      continue;
    }
    if (change.change === 'hideTable') {
      const key = `${change.schema}.${change.table}`;
      if (
        tables.has(key) ||
        [...tables.values()].some((t) => t.schema === change.schema && nameOf(t) === change.table) ||
        created.some((t) => t.schema === change.schema && t.name === change.table)
      )
        throw new PlanRefusal(`table ${key} is created or changed in the same expand, then dropped`);
      const catalog = isDropped(change.schema, change.table) ? null : columnsOf(change.schema, change.table);
      if (catalog === null) throw new PlanRefusal(`table ${key} does not exist`);
      droppedTables.push({
        schema: change.schema,
        table: change.table,
        columns: catalog.map((c) => ({ name: c.name, type: c.type })),
      });
      continue;
    }
    const t = tableOf(change.schema, change.table);
    switch (change.change) {
      case 'addColumn': {
        const name = change.column.name;
        if (t.columns.some((c) => c.name === name || c.physical === name) || t.catalog.some((c) => c.name === name))
          throw new PlanRefusal(`column "${name}" of ${t.schema}.${t.table} reuses a name the old version still has`);
        t.columns.push({ name, physical: name });
        t.added.push(change.column);
        if (change.partitionNotNulls !== undefined)
          tables.set(`${t.schema}.${t.table}`, {
            ...t,
            partitionNotNulls: { ...t.partitionNotNulls, [name]: change.partitionNotNulls },
          });
        break;
      }
      case 'renameColumn': {
        const column = entry(t, change.from);
        if (t.columns.some((c) => c.name === change.to) || t.catalog.some((c) => c.name === change.to))
          throw new PlanRefusal(`column "${change.to}" of ${t.schema}.${t.table} is a name the old version still has`);
        t.columns[t.columns.indexOf(column)] = { name: change.to, physical: column.physical };
        break;
      }
      case 'hideColumn': {
        const column = entry(t, change.column);
        const was = original(t, column.physical);
        if (was === undefined || t.retyped.some((r) => r.new === column.physical))
          throw new PlanRefusal(
            `column "${change.column}" of ${t.schema}.${t.table} is added or changed in the same expand`,
          );
        if (was.notNull && was.default === null && !was.generatedValues)
          throw new PlanRefusal(
            `NOT NULL column "${change.column}" of ${t.schema}.${t.table} has no default, so the new version's inserts would fail; drop NOT NULL in an earlier revision`,
          );
        t.columns.splice(t.columns.indexOf(column), 1);
        t.dropped.push(column.physical);
        break;
      }
      case 'retypeColumn': {
        const column = entry(t, change.column);
        const was = original(t, column.physical);
        if (was === undefined || t.retyped.some((r) => r.new === column.physical))
          throw new PlanRefusal(
            `column "${change.column}" of ${t.schema}.${t.table} is added or changed in the same expand`,
          );
        if (was.constrained || was.generatedValues)
          throw new PlanRefusal(
            `column "${change.column}" of ${t.schema}.${t.table} is used by an index, a constraint or a sequence, which a type change does not yet carry over`,
          );
        const renamed = newColumnName(column.physical);
        if (t.catalog.some((c) => c.name === renamed))
          throw new PlanRefusal(`table ${t.schema}.${t.table} already has a column "${renamed}"`);
        t.columns[t.columns.indexOf(column)] = { name: column.name, physical: renamed };
        const expressions =
          change.using === undefined && change.down === undefined
            ? {}
            : {
                ...(change.using === undefined ? {} : { using: change.using }),
                ...(change.down === undefined ? {} : { down: change.down }),
                name: change.column,
              };
        t.retyped.push({
          old: column.physical,
          new: renamed,
          from: was.type,
          to: change.to,
          default: was.default,
          ...expressions,
        });
        t.dropped.push(column.physical);
        if (was.notNull) t.notNull.push(renamed);
        break;
      }
      case 'checkNotNull': {
        const column = entry(t, change.column);
        if (!t.notNull.includes(column.physical)) t.notNull.push(column.physical);
        break;
      }
      case 'createIndex': {
        const uses = (name: string) => change.index.columns.some((c) => 'column' in c && c.column === name);
        if (moved(t).some((c) => uses(c.name)) || change.index.columns.some((c) => !('column' in c)))
          throw new PlanRefusal(
            `index ${change.index.name} uses a column renamed, retyped or added in the same expand, or an expression`,
          );
        // Built IF NOT EXISTS, it would find the old index of the name there and build nothing.
        if (indexDroppedAtContract(t.schema, change.index.name))
          throw new PlanRefusal(
            `index ${t.schema}.${change.index.name} is dropped at contract and built again under its name in the same expand`,
          );
        t.indexes.push(change.index);
        break;
      }
      case 'renameTable': {
        const taken = (name: string) =>
          columnsOf(t.schema, name) !== null ||
          created.some((c) => c.schema === t.schema && c.name === name) ||
          [...tables.values()].some((x) => x.schema === t.schema && (nameOf(x) === name || x.table === name));
        if (change.to !== t.table && taken(change.to))
          throw new PlanRefusal(`table ${t.schema}.${change.to} is a name the old version still has or the plan uses`);
        const renamed: VersionedTable = {
          ...t,
          name: change.to,
          ...(change.notNullRenames === undefined ? {} : { notNullRenames: change.notNullRenames }),
        };
        tables.set(`${t.schema}.${t.table}`, renamed);
        break;
      }
      case 'addConstraint': {
        const constraint = change.constraint;
        const changed = moved(t);
        if (constraint.type !== 'check') for (const name of constraint.columns) entry(t, name);
        if (constraint.type === 'check' ? changed.length > 0 : changed.some((c) => constraint.columns.includes(c.name)))
          throw new PlanRefusal(
            constraint.type === 'check'
              ? `check ${constraint.name} is added to ${t.schema}.${t.table}, whose columns are renamed, retyped or added in the same expand`
              : `constraint ${constraint.name} uses a column renamed, retyped or added in the same expand`,
          );
        const ref =
          constraint.type === 'foreignKey'
            ? [...tables.values()].find(
                (x) =>
                  x.schema === constraint.refSchema &&
                  (x.table === constraint.refTable || nameOf(x) === constraint.refTable),
              )
            : undefined;
        if (ref !== undefined && nameOf(ref) !== ref.table)
          throw new PlanRefusal(`foreign key ${constraint.name} references a table renamed in the same expand`);
        if (
          constraint.type === 'foreignKey' &&
          ref !== undefined &&
          moved(ref).some((c) => constraint.refColumns.includes(c.name))
        )
          throw new PlanRefusal(
            `foreign key ${constraint.name} references a column renamed, retyped or added in the same expand`,
          );
        t.constraints.push(constraint);
        break;
      }
      case 'validateConstraint':
        if ((t.validated ?? []).includes(change.name)) break;
        tables.set(`${t.schema}.${t.table}`, { ...t, validated: [...(t.validated ?? []), change.name] });
        break;
    }
  }
  // Validated before contract's renames, under the name the old version has.
  for (const t of tables.values())
    for (const name of t.validated ?? [])
      if (
        objects.some(
          (o) => o.kind === 'renameObject' && o.object === 'constraint' && o.schema === t.schema && o.to === name,
        )
      )
        throw new PlanRefusal(
          `constraint ${name} of ${t.schema}.${nameOf(t)} is renamed and validated in the same expand`,
        );
  // A publication is altered before contract's renames and type changes, under the names the old version has.
  for (const o of objects) {
    if (o.kind !== 'alterPublication') continue;
    for (const listed of [...o.from.tables, ...o.to.tables]) {
      const t = [...tables.values()].find(
        (x) => x.schema === listed.schema && (x.table === listed.table || nameOf(x) === listed.table),
      );
      if (t === undefined) continue;
      if (nameOf(t) !== t.table)
        throw new PlanRefusal(`publication ${o.name} lists ${t.schema}.${nameOf(t)}, renamed in the same expand`);
      const changed = t.columns.filter((c) => c.name !== c.physical).map((c) => c.name);
      if (changed.length > 0 && (listed.where !== undefined || listed.columns?.some((c) => changed.includes(c))))
        throw new PlanRefusal(
          `publication ${o.name} lists columns of ${t.schema}.${t.table}, some renamed or retyped in the same expand`,
        );
    }
  }
  const names = new Map<string, string>();
  const viewNames = [
    ...[...tables.values()].flatMap((t) =>
      t.name === undefined || t.name === t.table ? [t] : [t, { schema: t.schema, table: t.name }],
    ),
    ...droppedTables,
  ];
  for (const t of viewNames) {
    const other = names.get(t.table);
    if (other !== undefined)
      throw new PlanRefusal(`tables ${other}.${t.table} and ${t.schema}.${t.table} would share one view name`);
    names.set(t.table, t.schema);
  }
  return {
    revisions: [...(over?.revisions ?? []), ...revisions],
    previous: over?.previous ?? previous,
    versionSchema,
    tables: [...tables.values()],
    createdTables: created,
    droppedTables,
    views: [],
    ...(createdObjects.length > 0 ? { created: createdObjects } : {}),
    ...(granted.length > 0 ? { granted } : {}),
    ...(objects.length > 0 ? { objects } : {}),
    ...(sql.length > 0 ? { sql } : {}),
    ...(over === undefined ? {} : { over: withoutOver(over) }),
  };
}
