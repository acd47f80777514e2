import type { CreatedAtExpand, ExpandConstraint, GrantedAtExpand } from '../../ops/expand/expand-forms.js';
import type {
  DroppedTable,
  ExpandPlan,
  ObjectOperation,
  RetypedColumn,
  VersionedRoutine,
  VersionedTable,
  VersionedView,
} from '../../ops/expand/expand-plan.js';
import { describeOperation } from '../../ops/describe.js';
import { reverseOperation } from '../../ops/reverse.js';
import { compileOperation } from '../ddl/compile.js';
import {
  compileAddConstraintOnline,
  createIndexConcurrentlySql,
  dropInvalidIndex,
} from '../ddl/constraints-indexes/online.js';
import type { Statement } from '../ddl/statement.js';
import { sameJson } from '../../util/plain-data.js';
import { quoteDollar, quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';

/*
 * The SQL of expand, contract and abort (`ops/expand/expand-plan.ts` says
 * what a plan holds). Each phase is a list of steps; the runner
 * (`runtime/expand/`) runs each step and records it done in the expand state
 * table in the same transaction, so that a step killed half way is rolled
 * back and run again. A step built outside a transaction (an index built
 * concurrently) is repaired first, then run again.
 */

export type ExpandStep =
  /** Statements run in one transaction (`handWritten`: a hand-written SQL part). */
  | {
      readonly kind: 'transaction';
      readonly label: string;
      readonly statements: readonly Statement[];
      readonly handWritten?: true;
    }
  /** One statement outside a transaction, after `repair` undid what a killed attempt left (where its `when` holds). */
  | { readonly kind: 'concurrent'; readonly label: string; readonly repair: Statement; readonly statement: Statement }
  /** A retyped column filled in batches of blocks. */
  | {
      readonly kind: 'backfill';
      readonly label: string;
      readonly schema: string;
      readonly table: string;
      readonly column: RetypedColumn;
    }
  /** The transaction that takes the new shape or gives the old one back, with the bookkeeping the runner adds. */
  | { readonly kind: 'finish'; readonly label: string; readonly statements: readonly Statement[] };

const tx = (sql: string): Statement => ({ sql, transactional: true });

/**
 * The setting a backfill's transaction sets to the new column it fills, for
 * that column's sync trigger to let its writes through as they are (the
 * other retyped columns' triggers fill theirs, which their checks of NOT
 * NULL want).
 */
const BACKFILLING = 'athanor.expand_backfill';

/** The blocks one batch of a backfill updates. */
export const BACKFILL_BLOCKS = 64;

const syncFunction = (plan: ExpandPlan, t: VersionedTable, r: RetypedColumn): string =>
  quoteQualified(plan.versionSchema, `athanor_sync_${t.table}_${r.old}`.slice(0, 63));
const syncTrigger = (r: RetypedColumn): string => quoteIdent(`athanor_sync_${r.old}`.slice(0, 63));
const notNullCheck = (column: string): string => quoteIdent(`athanor_nn_${column}`.slice(0, 63));
const table = (t: { schema: string; table: string }): string => quoteQualified(t.schema, t.table);
const view = (plan: ExpandPlan, t: VersionedTable): string => quoteQualified(plan.versionSchema, t.name ?? t.table);
/** The tables renamed: the new version's view is under the new name, the old one hidden as a dropped table's. */
const renamed = (plan: ExpandPlan): VersionedTable[] => plan.tables.filter((t) => (t.name ?? t.table) !== t.table);
/** The names the new version does not see: the tables dropped, the old names of those renamed. */
const hidden = (plan: ExpandPlan): DroppedTable[] => [
  ...plan.droppedTables,
  ...renamed(plan).map((t) => ({
    schema: t.schema,
    table: t.table,
    columns: t.catalog.map((c) => ({ name: c.name, type: c.type })),
  })),
];
const viewCopy = (plan: ExpandPlan, v: VersionedView): string => quoteQualified(plan.versionSchema, v.name);
const sameTable = (a: { schema: string; table: string }) => (b: { schema: string; table: string }) =>
  a.schema === b.schema && a.table === b.table;

/**
 * A constraint's online form, as the online plan compiles it (`op.autocommit`
 * statements), each statement taken into the step that runs it: a check's or
 * foreign key's `ADD ... NOT VALID` and `VALIDATE`; a unique key's
 * `CREATE UNIQUE INDEX CONCURRENTLY` and `ADD ... USING INDEX`.
 */
function constraintParts(t: VersionedTable, constraint: ExpandConstraint): { add: Statement; finish: Statement } {
  const compiled = compileAddConstraintOnline({ kind: 'addConstraint', schema: t.schema, table: t.table, constraint });
  const inTransaction = (statement: Statement): Statement => ({ sql: statement.sql, transactional: true });
  return constraint.type === 'unique'
    ? { add: { sql: compiled[1]!.sql, transactional: false }, finish: inTransaction(compiled[2]!) }
    : { add: inTransaction(compiled[0]!), finish: inTransaction(compiled[1]!) };
}

/**
 * `expression` (a revision's `using` or `down`) over `value`, which it reads
 * under the column's name in the revision, whichever physical column holds it.
 */
const over = (r: RetypedColumn, expression: string, value: string, type: string): string =>
  `(SELECT (${expression})::${type} FROM (SELECT ${value} AS ${quoteIdent(r.name ?? r.old)}) AS athanor_value)`;

/** The old value made the new (`using`, else a cast), and the new made the old (`down`, else a cast back). */
const up = (r: RetypedColumn, value: string): string =>
  r.using === undefined ? `(${value})::${r.to}` : over(r, r.using, value, r.to);
const down = (r: RetypedColumn, value: string): string =>
  r.down === undefined ? `(${value})::${r.from}` : over(r, r.down, value, r.from);
const valueIn = (row: string, name: string): string => `${row}${quoteIdent(name)}`;

/**
 * `using` and `down` read over a null of each type: an expression that does
 * not parse, names another column or gives no value of the type fails expand
 * here, before the trigger that would fail each write is made.
 */
const expressionsCheck = (r: RetypedColumn): string =>
  `SELECT ${up(r, `NULL::${r.from}`)}, ${down(r, `NULL::${r.to}`)}`;

/**
 * The trigger function that keeps a retyped column's two physical columns
 * equal. An insert that sets the new column (the new version's) writes the
 * old one from it, else the new one is computed from the old; an update that
 * changes the new column writes the old one, any other update writes the new
 * one from the old (which also fills a row the backfill has not reached).
 */
function syncFunctionSql(plan: ExpandPlan, t: VersionedTable, r: RetypedColumn): string {
  const body =
    `BEGIN ` +
    `IF current_setting(${quoteLiteral(BACKFILLING)}, true) = ${quoteLiteral(r.new)} THEN RETURN NEW; END IF; ` +
    `IF TG_OP = 'INSERT' THEN ` +
    `IF NEW.${quoteIdent(r.new)} IS NULL THEN NEW.${quoteIdent(r.new)} := ${up(r, valueIn('NEW.', r.old))}; ` +
    `ELSE NEW.${quoteIdent(r.old)} := ${down(r, valueIn('NEW.', r.new))}; END IF; ` +
    `ELSIF NEW.${quoteIdent(r.new)} IS DISTINCT FROM OLD.${quoteIdent(r.new)} THEN NEW.${quoteIdent(r.old)} := ${down(r, valueIn('NEW.', r.new))}; ` +
    `ELSE NEW.${quoteIdent(r.new)} := ${up(r, valueIn('NEW.', r.old))}; END IF; ` +
    `RETURN NEW; END`;
  return `CREATE OR REPLACE FUNCTION ${syncFunction(plan, t, r)}() RETURNS trigger LANGUAGE plpgsql AS ${quoteDollar(body, 'athanor')}`;
}

/** The new version's view of a table: each column under the name the new version gives it. */
function viewSql(plan: ExpandPlan, t: VersionedTable): string {
  const columns = t.columns.map((c) =>
    c.name === c.physical ? quoteIdent(c.name) : `${quoteIdent(c.physical)} AS ${quoteIdent(c.name)}`,
  );
  return `CREATE VIEW ${view(plan, t)} AS SELECT ${columns.join(', ')} FROM ${table(t)}`;
}

/**
 * The view in the version schema of a table with row-level security reads
 * it under the policies of the role that queries it (`security_invoker`,
 * PostgreSQL 15; before it, expand refuses such a table:
 * `rowSecurityBeforeInvoker`), not as the view's owner, past them. The others
 * read it as their owner, so that a role's column privileges, copied onto
 * the view, serve it as they do on the table (an invoker's view needs them
 * on every column it reads).
 */
function invokerSql(table: string, view: string): string {
  return (
    `DO $athanor$BEGIN IF current_setting('server_version_num')::int >= 150000 AND ` +
    `(SELECT relrowsecurity FROM pg_class WHERE oid = ${quoteLiteral(table)}::regclass) THEN ` +
    `ALTER VIEW ${view} SET (security_invoker = true); END IF; END$athanor$`
  );
}

/**
 * The privileges on `source` (a table, an application's view or routine),
 * each grantee's but its owner's, given on its copy `target` in the version
 * schema, with USAGE on that schema: a role reads and writes the new version
 * of a table, view or routine as it may the old one, and no other role may.
 * A table's column privileges go on the view's columns under their new
 * names (`columns`). A routine whose privileges are PostgreSQL's defaults
 * keeps the copy's (EXECUTE for PUBLIC); otherwise the copy's defaults are
 * revoked first.
 */
function privilegesCopySql(
  plan: ExpandPlan,
  on: 'relation' | 'routine',
  source: string,
  target: string,
  columns: readonly { name: string; physical: string }[] = [],
): string {
  const grantee = `CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END`;
  const explode = (acl: string, owner: string) =>
    `CROSS JOIN LATERAL aclexplode(${acl}) a LEFT JOIN pg_roles r ON r.oid = a.grantee WHERE a.grantee <> ${owner}`;
  const columnsOut = `a.privilege_type AS privilege_type, ${grantee} AS grantee, NULL::name AS name`;
  const renamedColumns = columns.map((c) => `(${quoteLiteral(c.physical)}, ${quoteLiteral(c.name)})`).join(', ');
  const columnRows =
    columns.length === 0
      ? ''
      : ` UNION ALL SELECT a.privilege_type, ${grantee}, m.name FROM (VALUES ${renamedColumns}) AS m(physical, name) ` +
        `JOIN pg_attribute att ON att.attrelid = source AND att.attname = m.physical ` +
        `JOIN pg_class c ON c.oid = att.attrelid ${explode('att.attacl', 'c.relowner')}`;
  const rows =
    on === 'relation'
      ? `SELECT ${columnsOut} FROM pg_class c ${explode('c.relacl', 'c.relowner')} AND c.oid = source${columnRows}`
      : `SELECT ${columnsOut} FROM pg_proc p ${explode('p.proacl', 'p.proowner')} AND p.oid = source`;
  // Written into format()'s pattern: quotes doubled, % written %%.
  const inPattern = (text: string) => text.replaceAll("'", "''").replaceAll('%', '%%');
  const onTarget = on === 'relation' ? `ON ${target}` : `ON ROUTINE ${target}`;
  const body =
    `DECLARE source oid := ${on === 'relation' ? 'to_regclass' : 'to_regprocedure'}(${quoteLiteral(source)}); g record; BEGIN ` +
    (on === 'routine'
      ? `IF source IS NULL OR (SELECT proacl IS NULL FROM pg_proc WHERE oid = source) THEN RETURN; END IF; ` +
        `REVOKE ALL ${onTarget} FROM PUBLIC; `
      : '') +
    `FOR g IN ${rows} LOOP ` +
    `EXECUTE format('GRANT %s%s ${inPattern(onTarget)} TO %s', g.privilege_type, CASE WHEN g.name IS NULL THEN '' ELSE format(' (%I)', g.name) END, g.grantee); ` +
    `EXECUTE format('GRANT USAGE ON SCHEMA ${inPattern(quoteIdent(plan.versionSchema))} TO %s', g.grantee); ` +
    `END LOOP; END`;
  return `DO ${quoteDollar(body, 'athanor')}`;
}

/** The function a dropped table's view in the version schema calls: it fails as a missing table does. */
const droppedFunction = (plan: ExpandPlan): string => quoteQualified(plan.versionSchema, 'athanor_dropped');

function droppedFunctionSql(plan: ExpandPlan): string {
  const body =
    `BEGIN RAISE EXCEPTION 'relation "%" does not exist in this version of the schema', relation ` +
    `USING ERRCODE = 'undefined_table', HINT = ${quoteLiteral(`The revisions served in ${plan.versionSchema} drop it.`)}; END`;
  return `CREATE OR REPLACE FUNCTION ${droppedFunction(plan)}(relation text) RETURNS SETOF record LANGUAGE plpgsql VOLATILE AS ${quoteDollar(body, 'athanor')}`;
}

/**
 * What the new version finds under a dropped table's name: a view in the
 * version schema, first in its `search_path`, with the table's columns, over
 * the function that fails (a scan of it runs whatever the query asks of the
 * view) and that cannot be written, so that the name does not reach the
 * table in the schemas after it.
 */
function droppedViewSql(plan: ExpandPlan, t: DroppedTable): string {
  const columns = t.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`);
  return `CREATE VIEW ${quoteQualified(plan.versionSchema, t.table)} AS SELECT * FROM ${droppedFunction(plan)}(${quoteLiteral(`${t.schema}.${t.table}`)}) AS dropped(${columns.join(', ') || 'dropped integer'})`;
}

const routineCopy = (plan: ExpandPlan, r: VersionedRoutine): string =>
  `${quoteQualified(plan.versionSchema, r.name)}(${r.argumentTypes})`;

const SAVED_SEARCH_PATH = 'athanor.expand_search_path';

/**
 * The new version's routine, created under its own `search_path` (a
 * SQL-standard body is read as it is created), its body not checked as a
 * revision's is not (it may read views made after it); expand tried it
 * checked before.
 */
function routineCopyStatements(r: VersionedRoutine): Statement[] {
  return [
    tx(
      `SELECT set_config(${quoteLiteral(SAVED_SEARCH_PATH)}, current_setting('search_path'), true), set_config('check_function_bodies', 'off', true)`,
    ),
    tx(`SET LOCAL search_path TO ${r.searchPath}`),
    tx(r.definition),
    tx(`SELECT set_config('search_path', current_setting(${quoteLiteral(SAVED_SEARCH_PATH)}), true)`),
  ];
}

/** The new version's copy of an application's view, over the version's views. */
function viewCopySql(plan: ExpandPlan, v: VersionedView): string {
  const options = v.options.length === 0 ? '' : ` WITH (${v.options.join(', ')})`;
  return `CREATE VIEW ${viewCopy(plan, v)}${options} AS ${v.definition}`;
}

/**
 * The steps of expand: the new parts beside the old ones, the indexes, the
 * backfills, then the version's views. Over an expanded plan (`plan.over`),
 * only the parts it does not have; the last step also moves its sync
 * functions into the new version schema and drops its own.
 */
export function expandSteps(plan: ExpandPlan): ExpandStep[] {
  const over = plan.over;
  const had = (t: VersionedTable) => over?.tables.find(sameTable(t));
  const steps: ExpandStep[] = [];
  const hadObject = (op: CreatedAtExpand) => over?.created?.some((o) => sameJson(o, op)) === true;
  // The schemas, types, sequences and extensions first: the tables and columns added may use them.
  for (const op of plan.created ?? [])
    if (!hadObject(op))
      steps.push({ kind: 'transaction', label: describeOperation(op), statements: compileOperation(op) });
  for (const created of plan.createdTables)
    if (!over?.createdTables.some((c) => c.schema === created.schema && c.name === created.name))
      steps.push({
        kind: 'transaction',
        label: `create table ${created.schema}.${created.name}`,
        statements: compileOperation({ kind: 'createTable', table: created }),
      });
  // The version schema first: the sync functions live in it.
  steps.push({
    kind: 'transaction',
    label: `create schema ${plan.versionSchema}`,
    statements: [tx(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(plan.versionSchema)}`)],
  });
  const retypedNow = (t: VersionedTable) => t.retyped.filter((r) => !had(t)?.retyped.some((h) => h.old === r.old));
  for (const t of plan.tables) {
    const before = had(t);
    const statements: Statement[] = [];
    for (const column of t.added)
      if (!before?.added.some((c) => c.name === column.name)) {
        const partitionNotNulls = t.partitionNotNulls?.[column.name];
        statements.push(
          ...compileOperation({
            kind: 'addColumn',
            schema: t.schema,
            table: t.table,
            column,
            ...(partitionNotNulls === undefined ? {} : { partitionNotNulls }),
          }),
        );
      }
    for (const r of retypedNow(t)) {
      if (r.using !== undefined || r.down !== undefined) statements.push(tx(expressionsCheck(r)));
      statements.push(tx(`ALTER TABLE ${table(t)} ADD COLUMN ${quoteIdent(r.new)} ${r.to}`));
      statements.push(tx(syncFunctionSql(plan, t, r)));
      statements.push(
        tx(
          `CREATE TRIGGER ${syncTrigger(r)} BEFORE INSERT OR UPDATE ON ${table(t)} FOR EACH ROW EXECUTE FUNCTION ${syncFunction(plan, t, r)}()`,
        ),
      );
    }
    for (const column of t.notNull)
      if (!before?.notNull.includes(column))
        statements.push(
          tx(
            `ALTER TABLE ${table(t)} ADD CONSTRAINT ${notNullCheck(column)} CHECK (${quoteIdent(column)} IS NOT NULL) NOT VALID`,
          ),
        );
    for (const constraint of t.constraints)
      if (constraint.type !== 'unique' && !before?.constraints.some((c) => c.name === constraint.name))
        statements.push(constraintParts(t, constraint).add);
    if (before === undefined || statements.length > 0)
      steps.push({ kind: 'transaction', label: `expand ${t.schema}.${t.table}`, statements });
  }
  // The privileges granted, once the tables have their new parts: the version's views copy them.
  const grants = (plan.granted ?? []).filter((op) => !(over?.granted ?? []).some((o) => sameJson(o, op)));
  if (grants.length > 0)
    steps.push({ kind: 'transaction', label: 'grant privileges', statements: grants.flatMap(compileOperation) });
  // The revisions' hand-written SQL, each expand part in its own transaction, once the tables have their new parts.
  const sql = plan.sql ?? [];
  for (const [n, part] of sql.entries())
    if (n >= (over?.sql?.length ?? 0) && part.expand.trim() !== '')
      steps.push({
        kind: 'transaction',
        label: `hand-written SQL ${n + 1}, expand part`,
        statements: [tx(part.expand)],
        handWritten: true,
      });
  for (const t of plan.tables)
    for (const index of t.indexes) {
      if (had(t)?.indexes.some((i) => i.name === index.name)) continue;
      steps.push({
        kind: 'concurrent',
        label: `create index ${index.name}`,
        repair: dropInvalidIndex(t.schema, index.name),
        statement: createIndexConcurrentlySql({
          kind: 'createIndex',
          schema: t.schema,
          table: t.table,
          index,
          online: true,
        }),
      });
    }
  for (const t of plan.tables)
    for (const constraint of t.constraints) {
      if (constraint.type !== 'unique' || had(t)?.constraints.some((c) => c.name === constraint.name)) continue;
      steps.push({
        kind: 'concurrent',
        label: `create unique index ${constraint.name}`,
        repair: dropInvalidIndex(t.schema, constraint.name),
        statement: constraintParts(t, constraint).add,
      });
    }
  for (const t of plan.tables)
    for (const column of retypedNow(t))
      steps.push({
        kind: 'backfill',
        label: `backfill ${t.schema}.${t.table}.${column.new}`,
        schema: t.schema,
        table: t.table,
        column,
      });
  // Last, once every row holds its new values: the new version's views, in place of the one before.
  const statements = versionStatements(plan).flatMap((group) => group.statements);
  steps.push({ kind: 'transaction', label: `create the views of ${plan.versionSchema}`, statements });
  return steps;
}

/** A group of the statements of expand's last step: a view or routine of the new version (named), or the rest. */
export interface VersionGroup {
  readonly object?: string;
  readonly statements: readonly Statement[];
}

/**
 * Expand's last step: the views of the tables, then the new version's
 * routines, then the application's views (the copies, then those the
 * revisions create or replace), each in its group.
 */
function versionStatements(plan: ExpandPlan): VersionGroup[] {
  const over = plan.over;
  const statements: Statement[] = [];
  if (over !== undefined) {
    statements.push(...dropViews(over));
    for (const t of over.tables)
      for (const r of t.retyped)
        statements.push(
          tx(`ALTER FUNCTION ${syncFunction(over, t, r)}() SET SCHEMA ${quoteIdent(plan.versionSchema)}`),
        );
    statements.push(tx(`DROP SCHEMA IF EXISTS ${quoteIdent(over.versionSchema)}`));
  }
  for (const t of plan.tables)
    statements.push(
      tx(viewSql(plan, t)),
      tx(invokerSql(table(t), view(plan, t))),
      tx(privilegesCopySql(plan, 'relation', table(t), view(plan, t), t.columns)),
    );
  if (hidden(plan).length > 0) statements.push(tx(droppedFunctionSql(plan)));
  statements.push(...hidden(plan).map((t) => tx(droppedViewSql(plan, t))));
  return [
    { statements },
    ...(plan.routines ?? []).map((r) => ({
      object: `${r.kind} ${r.schema}.${r.name}(${r.argumentTypes})`,
      statements: [
        ...routineCopyStatements(r),
        tx(
          privilegesCopySql(
            plan,
            'routine',
            `${quoteQualified(r.schema, r.name)}(${r.argumentTypes})`,
            routineCopy(plan, r),
          ),
        ),
      ],
    })),
    ...plan.views.map((v) => ({
      object: `view ${v.schema}.${v.name}`,
      statements: [
        tx(viewCopySql(plan, v)),
        tx(privilegesCopySql(plan, 'relation', quoteQualified(v.schema, v.name), viewCopy(plan, v))),
      ],
    })),
  ];
}

/**
 * What expand runs in its transactions, the hand-written SQL parts left out,
 * its last step in groups: the trial of the new version before expand
 * (`expand-objects.ts`).
 */
export function versionSteps(plan: ExpandPlan): VersionGroup[] {
  const steps = expandSteps(plan).filter((s) => s.kind === 'transaction' && s.handWritten !== true);
  return [
    ...steps.slice(0, -1).flatMap((s) => (s.kind === 'transaction' ? [{ statements: s.statements }] : [])),
    ...versionStatements(plan),
  ];
}

/**
 * What expand added for the new version only, taken away: the views first,
 * so that the transaction locks each view before its table, as a statement
 * of the new version does (the other order would deadlock with one that
 * holds the view and waits for the table); then the triggers, the functions
 * and the version schema. A statement that waited for a view finds, once
 * the transaction commits, the name in the next schema of its `search_path`.
 */
function dropVersion(plan: ExpandPlan): Statement[] {
  const versions = plan.over === undefined ? [plan] : [plan.over, plan];
  const statements: Statement[] = versions.flatMap(dropViews);
  for (const t of plan.tables) {
    for (const r of t.retyped) statements.push(tx(`DROP TRIGGER IF EXISTS ${syncTrigger(r)} ON ${table(t)}`));
    for (const version of versions)
      for (const r of t.retyped) statements.push(tx(`DROP FUNCTION IF EXISTS ${syncFunction(version, t, r)}()`));
  }
  for (const version of versions) statements.push(tx(`DROP SCHEMA IF EXISTS ${quoteIdent(version.versionSchema)}`));
  return statements;
}

/**
 * A version's views: the application's views first (last made first), as
 * they read the tables' views, then its routines; then the tables' views,
 * those of the dropped tables and their function.
 */
function dropViews(plan: ExpandPlan): Statement[] {
  return [
    ...[...plan.views].reverse().map((v) => tx(`DROP VIEW IF EXISTS ${viewCopy(plan, v)}`)),
    ...(plan.routines ?? []).map((r) => tx(`DROP ROUTINE IF EXISTS ${routineCopy(plan, r)}`)),
    ...plan.tables.map((t) => tx(`DROP VIEW IF EXISTS ${view(plan, t)}`)),
    ...hidden(plan).map((t) => tx(`DROP VIEW IF EXISTS ${quoteQualified(plan.versionSchema, t.table)}`)),
    ...(hidden(plan).length > 0 ? [tx(`DROP FUNCTION IF EXISTS ${droppedFunction(plan)}(text)`)] : []),
  ];
}

/** The parts of the plan's hand-written SQL that `phase` runs, in order (abort's undo them last first). */
function sqlParts(plan: ExpandPlan, phase: 'contract' | 'abort'): Statement[] {
  const parts = (plan.sql ?? []).map((p) => p[phase] ?? '').filter((sql) => sql.trim() !== '');
  return (phase === 'abort' ? parts.reverse() : parts).map(tx);
}

/**
 * The steps of contract: the NOT NULL checks and the constraints validated, then one transaction
 * that drops the views and routines the revisions drop, gives the tables the
 * new shape, creates or replaces the views and routines the revisions do, and
 * runs the contract parts of the hand-written SQL over it.
 */
export function contractSteps(plan: ExpandPlan): ExpandStep[] {
  const steps: ExpandStep[] = [];
  for (const t of plan.tables)
    for (const column of t.notNull)
      steps.push({
        kind: 'transaction',
        label: `validate ${t.schema}.${t.table}.${column} NOT NULL`,
        statements: [tx(`ALTER TABLE ${table(t)} VALIDATE CONSTRAINT ${notNullCheck(column)}`)],
      });
  for (const t of plan.tables)
    for (const constraint of t.constraints)
      if (constraint.type !== 'unique')
        steps.push({
          kind: 'transaction',
          label: `validate ${t.schema}.${t.table} ${constraint.name}`,
          statements: [constraintParts(t, constraint).finish],
        });
  for (const t of plan.tables)
    for (const name of t.validated ?? [])
      steps.push({
        kind: 'transaction',
        label: `validate ${t.schema}.${t.table} ${name}`,
        statements: [tx(`ALTER TABLE ${table(t)} VALIDATE CONSTRAINT ${quoteIdent(name)}`)],
      });
  const statements = dropVersion(plan);
  // The views, routines, indexes and constraints the revisions drop, and the publications they alter, before
  // the tables change under them (a publication still lists a table or column contract drops).
  const objects = plan.objects ?? [];
  const beforeTables = (o: ObjectOperation) =>
    o.kind === 'dropView' ||
    o.kind === 'dropFunction' ||
    o.kind === 'dropIndex' ||
    o.kind === 'dropConstraint' ||
    o.kind === 'alterPublication';
  for (const o of objects.filter(beforeTables)) statements.push(...compileOperation(o));
  for (const t of plan.tables) {
    for (const constraint of t.constraints)
      if (constraint.type === 'unique') statements.push(constraintParts(t, constraint).finish);
    for (const column of t.notNull) {
      statements.push(tx(`ALTER TABLE ${table(t)} ALTER COLUMN ${quoteIdent(column)} SET NOT NULL`));
      statements.push(tx(`ALTER TABLE ${table(t)} DROP CONSTRAINT ${notNullCheck(column)}`));
    }
    for (const column of t.dropped) statements.push(tx(`ALTER TABLE ${table(t)} DROP COLUMN ${quoteIdent(column)}`));
    for (const r of t.retyped)
      if (r.default !== null)
        statements.push(tx(`ALTER TABLE ${table(t)} ALTER COLUMN ${quoteIdent(r.new)} SET DEFAULT ${r.default}`));
    // Compiled as a revision's rename is, so that on PostgreSQL 18 a NOT NULL constraint under the old
    // column's default name (a retyped column's included) takes the new one.
    for (const c of t.columns)
      if (c.name !== c.physical)
        statements.push(
          ...compileOperation({ kind: 'renameColumn', schema: t.schema, table: t.table, from: c.physical, to: c.name }),
        );
  }
  for (const t of plan.droppedTables)
    statements.push(...compileOperation({ kind: 'dropTable', schema: t.schema, name: t.table }));
  // Last, as a revision's rename is compiled: the application's views over the table follow it (by oid).
  for (const t of renamed(plan))
    statements.push(
      ...compileOperation({
        kind: 'renameTable',
        schema: t.schema,
        from: t.table,
        to: t.name!,
        ...(t.notNullRenames === undefined ? {} : { notNullRenames: t.notNullRenames }),
      }),
    );
  // The views and routines the revisions create or replace, as a plain upgrade makes them, over the new shape;
  // the indexes, constraints, policies and triggers they rename.
  for (const o of objects.filter((o) => !beforeTables(o))) statements.push(...compileOperation(o));
  statements.push(...sqlParts(plan, 'contract'));
  steps.push({ kind: 'finish', label: 'contract', statements });
  return steps;
}

/**
 * The steps of abort: the indexes dropped concurrently, then one transaction
 * that gives the old shape back, the abort parts of the hand-written SQL
 * run before the columns and tables expand added are dropped.
 */
/** An index that expand built, dropped concurrently by abort (an invalid one left by a killed drop repaired first). */
function dropIndexStep(schema: string, name: string, label: string): ExpandStep {
  return {
    kind: 'concurrent',
    label,
    repair: dropInvalidIndex(schema, name),
    statement: { sql: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(schema, name)}`, transactional: false },
  };
}

export function abortSteps(plan: ExpandPlan): ExpandStep[] {
  const steps: ExpandStep[] = [];
  for (const t of plan.tables)
    for (const index of t.indexes) steps.push(dropIndexStep(t.schema, index.name, `drop index ${index.name}`));
  for (const t of plan.tables)
    for (const constraint of t.constraints)
      if (constraint.type === 'unique')
        steps.push(dropIndexStep(t.schema, constraint.name, `drop unique index ${constraint.name}`));
  // The views first (`dropVersion`), then the hand-written SQL's undoing, then the privileges granted and the
  // parts expand added.
  const statements = [...dropVersion(plan), ...sqlParts(plan, 'abort')];
  for (const op of [...(plan.granted ?? [])].reverse()) statements.push(...dropCreatedStatements(op));
  for (const t of plan.tables) {
    for (const constraint of t.constraints)
      if (constraint.type !== 'unique')
        statements.push(tx(`ALTER TABLE ${table(t)} DROP CONSTRAINT IF EXISTS ${quoteIdent(constraint.name)}`));
    for (const column of t.notNull)
      statements.push(tx(`ALTER TABLE ${table(t)} DROP CONSTRAINT IF EXISTS ${notNullCheck(column)}`));
    for (const r of t.retyped)
      statements.push(tx(`ALTER TABLE ${table(t)} DROP COLUMN IF EXISTS ${quoteIdent(r.new)}`));
    for (const column of t.added)
      statements.push(tx(`ALTER TABLE ${table(t)} DROP COLUMN IF EXISTS ${quoteIdent(column.name)}`));
  }
  for (const created of [...plan.createdTables].reverse())
    statements.push(tx(`DROP TABLE IF EXISTS ${quoteQualified(created.schema, created.name)}`));
  for (const op of [...(plan.created ?? [])].reverse()) statements.push(...dropCreatedStatements(op));
  steps.push({ kind: 'finish', label: 'abort', statements });
  return steps;
}

/**
 * Abort's drop of what expand created or granted (its reverse), which a
 * killed expand may not have made yet: a drop of what is not there does
 * nothing.
 */
function dropCreatedStatements(op: CreatedAtExpand | GrantedAtExpand): Statement[] {
  return compileOperation(reverseOperation(op)).map((statement) =>
    tx(
      `DO ${quoteDollar(
        `BEGIN ${statement.sql}; EXCEPTION WHEN undefined_object OR undefined_table OR undefined_column OR invalid_schema_name THEN NULL; END`,
        'athanor',
      )}`,
    ),
  );
}

/**
 * The tables holding the rows of one a backfill fills, with how many blocks
 * each has (a backfill goes through those it had when it started): the table
 * itself, or, for a partitioned table, which holds none, each partition below
 * it; a table that others inherit from holds rows, and so do they.
 */
export function backfillPartsSql(schema: string, name: string): Statement {
  return {
    sql:
      `WITH RECURSIVE tree(oid) AS (SELECT ${quoteLiteral(quoteQualified(schema, name))}::regclass::oid ` +
      `UNION SELECT i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.oid) ` +
      `SELECT n.nspname AS schema, c.relname AS table, ` +
      `(pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS blocks ` +
      `FROM tree JOIN pg_class c ON c.oid = tree.oid JOIN pg_namespace n ON n.oid = c.relnamespace ` +
      `WHERE c.relkind = 'r' ORDER BY c.oid`,
    transactional: true,
  };
}

/**
 * One batch of a backfill: the rows of blocks [$1, $2) of one of its parts
 * (`backfillPartsSql`) whose new column is not the old one cast, written,
 * with its sync trigger told to let them through. A row written since the
 * trigger exists is already in sync; one moved past the blocks (or to
 * another partition) by an update was synced by that update.
 */
export function backfillBatchSql(
  schema: string,
  name: string,
  r: RetypedColumn,
  from: number,
  to: number,
): Statement[] {
  return [
    tx(`SELECT set_config(${quoteLiteral(BACKFILLING)}, ${quoteLiteral(r.new)}, true)`),
    {
      sql:
        `UPDATE ONLY ${quoteQualified(schema, name)} SET ${quoteIdent(r.new)} = ${up(r, valueIn('', r.old))} ` +
        `WHERE ctid >= format('(%s,0)', $1::int)::tid AND ctid < format('(%s,0)', $2::int)::tid ` +
        `AND ${quoteIdent(r.new)} IS DISTINCT FROM ${up(r, valueIn('', r.old))}`,
      params: [from, to],
      transactional: true,
    },
  ];
}

/** The lock timeout of one step's transaction. */
export function localLockTimeoutSql(value: string): Statement {
  return tx(`SET LOCAL lock_timeout = ${quoteLiteral(value)}`);
}
