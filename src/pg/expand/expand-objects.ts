import {
  PlanRefusal,
  objectKey,
  type ExpandPlan,
  type VersionedRoutine,
  type VersionedView,
} from '../../ops/expand/expand-plan.js';
import type { FunctionModel, ViewModel } from '../../schema/model.js';
import { isPunct, isWord, tokenizeSql, type SqlToken } from '../../sql/lexer.js';
import { sqlStandardBody } from '../../sql/routine-body.js';
import type { Driver } from '../connection/driver.js';
import { viewQuery } from '../ddl/objects/view.js';
import { isLockTimeout } from '../locks/lock-wait.js';
import { retriedOnLockTimeout } from '../locks/lock.js';
import { quoteIdent } from '../quote.js';
import { moveQualifiedNames, moveSqlBodyNames, qualifyName } from '../scratch/sql-qualify.js';
import { localLockTimeoutSql, versionSteps } from './expand-sql.js';

/*
 * The views and routines the revisions of an expand create or replace, as
 * the new version has them in its version schema: the revision's definition,
 * its qualified names of the plan's tables, views and routines pointing at
 * the version schema, and a routine's `search_path` pinned to the version
 * schema first, then the path it declares (else its own schema). Expand
 * tries them in a transaction rolled back before it changes anything, so
 * that one that cannot be made over the version's views refuses the expand.
 */

/** The plan with the new version's views (the copies first) and routines, from its view and routine operations. */
export function withVersionObjects(plan: ExpandPlan): ExpandPlan {
  const views = new Map<string, ViewModel>();
  const routines = new Map<string, FunctionModel>();
  for (const op of plan.objects ?? []) {
    const key = objectKey(op);
    switch (op.kind) {
      case 'createView':
      case 'replaceView':
        views.set(key, op.view);
        break;
      case 'createFunction':
      case 'replaceFunction':
        routines.set(key, op.function);
        break;
      case 'dropView':
        views.delete(key);
        break;
      case 'dropFunction':
        routines.delete(key);
        break;
      case 'dropIndex':
      case 'dropConstraint':
      case 'renameIndex':
      case 'renameObject':
      case 'setComment':
      case 'grant':
      case 'revoke':
      case 'grantDefault':
      case 'revokeDefault':
        break;
    }
  }
  const copies = plan.views.filter((v) => !views.has(`view ${v.schema}.${v.name}`));
  const taken = new Map<string, string>(
    [
      ...plan.tables.flatMap((t) => [t.table, t.name ?? t.table]),
      ...plan.droppedTables.map((t) => t.table),
      ...copies.map((v) => v.name),
    ].map((name) => [name, `${plan.versionSchema}.${name}`]),
  );
  for (const view of views.values()) {
    const other = taken.get(view.name);
    if (other !== undefined)
      throw new PlanRefusal(
        `view ${view.schema}.${view.name} and ${other} would share one name in ${plan.versionSchema}`,
      );
    taken.set(view.name, `${view.schema}.${view.name}`);
  }
  const inVersion = new Set([
    ...plan.tables.flatMap((t) => [`${t.schema}.${t.table}`, `${t.schema}.${t.name ?? t.table}`]),
    ...plan.droppedTables.map((t) => `${t.schema}.${t.table}`),
    ...copies.map((v) => `${v.schema}.${v.name}`),
    ...[...views.values()].map((v) => `${v.schema}.${v.name}`),
    ...[...routines.values()].map((r) => `${r.schema}.${r.name}`),
  ]);
  const schema = quoteIdent(plan.versionSchema);
  const move = (from: string, name: string): string | null => (inVersion.has(`${from}.${name}`) ? schema : null);
  return {
    ...plan,
    views: [
      ...copies.map((v) => ({ ...v, definition: moveQualifiedNames(v.definition, move) })),
      ...[...views.values()].map((v): VersionedView => ({
        schema: v.schema,
        name: v.name,
        definition: moveQualifiedNames(viewQuery(v.definition), move),
        options: v.options,
      })),
    ],
    ...(routines.size > 0 ? { routines: [...routines.values()].map((r) => versionedRoutine(plan, r, move)) } : {}),
  };
}

const ROUTINE_WORDS = ['function', 'procedure'];

/**
 * The routine's definition for the version schema: created there under its
 * name, its qualified names of the version's objects moved there (in a SQL
 * body as well), and `SET search_path` to the version schema, then the path
 * it declares or its own schema, last among its settings so that it wins.
 */
function versionedRoutine(
  plan: ExpandPlan,
  fn: FunctionModel,
  move: (schema: string, name: string) => string | null,
): VersionedRoutine {
  const label = `${fn.kind} ${fn.schema}.${fn.name}(${fn.argumentTypes})`;
  const qualified = qualifyName(fn.definition.trim(), ROUTINE_WORDS, quoteIdent(fn.schema));
  const moved = moveSqlBodyNames(moveQualifiedNames(qualified, move), move);
  const tokens = tokenizeSql(moved);
  const header = tokens.findIndex((t) => ROUTINE_WORDS.some((w) => isWord(t, w)));
  const name = tokens[header + 3];
  if (header < 0 || !isPunct(tokens[header + 2], '.') || name?.kind !== 'ident' || !isPunct(tokens[header + 4], '('))
    throw new PlanRefusal(`the definition of ${label} does not name it as CREATE FUNCTION or PROCEDURE does`);
  const path = `${quoteIdent(plan.versionSchema)}, ${declaredSearchPath(tokens, moved) ?? quoteIdent(fn.schema)}`;
  const setting = `SET search_path TO ${path}`;
  const body = sqlStandardBody(tokens, header);
  let definition: string;
  if (body !== null) definition = `${moved.slice(0, body.start)}${setting}\n${moved.slice(body.start)}`;
  else {
    const last = [...tokens].reverse().find((t) => !isPunct(t, ';'));
    definition = `${moved.slice(0, last!.end)}\n ${setting}`;
  }
  // `OR REPLACE`, so that expand's trial can make it again with its body checked.
  if (!isWord(tokens[1], 'or'))
    definition = `${definition.slice(0, tokens[0]!.end)} OR REPLACE${definition.slice(tokens[0]!.end)}`;
  return {
    schema: fn.schema,
    name: fn.name,
    kind: fn.kind === 'procedure' ? 'procedure' : 'function',
    argumentTypes: fn.argumentTypes,
    definition,
    searchPath: path,
  };
}

/** The values of the definition's `SET search_path TO ...` as written, or null when it declares none (or `FROM CURRENT`). */
function declaredSearchPath(tokens: readonly SqlToken[], text: string): string | null {
  let found: string | null = null;
  tokens.forEach((t, i) => {
    if (!isWord(t, 'set') || !isWord(tokens[i + 1], 'search_path')) return;
    const to = tokens[i + 2];
    if (!(isWord(to, 'to') || (to?.kind === 'op' && to.text === '='))) return;
    let j = i + 3;
    const first = tokens[j];
    if (first === undefined || (first.kind !== 'ident' && first.kind !== 'string')) return;
    while (isPunct(tokens[j + 1], ',') && (tokens[j + 2]?.kind === 'ident' || tokens[j + 2]?.kind === 'string')) j += 2;
    found = text.slice(first.start, tokens[j]!.end);
  });
  return found;
}

/**
 * Makes the new version as expand will, in a transaction rolled back (but
 * for the indexes, the backfills and the hand-written SQL), each routine's
 * body checked over it; a view or routine that cannot be made there refuses
 * the expand, naming it. The transaction holds each table's lock for an
 * instant, waiting at most `lockTimeout`, then lets the queue go and tries again.
 */
export async function tryVersionObjects(driver: Driver, plan: ExpandPlan, lockTimeout: string): Promise<void> {
  if (
    (plan.routines ?? []).length === 0 &&
    !(plan.objects ?? []).some((o) => o.kind === 'createView' || o.kind === 'replaceView')
  )
    return;
  const groups = versionSteps(plan);
  await retriedOnLockTimeout(driver, 'rollback', async () => {
    await driver.query(localLockTimeoutSql(lockTimeout).sql);
    for (const group of groups)
      for (const statement of group.statements) {
        try {
          await driver.query(statement.sql, statement.params);
        } catch (error) {
          if (group.object === undefined || isLockTimeout(error)) throw error;
          throw new PlanRefusal(`${group.object} cannot be made in ${plan.versionSchema}: ${messageOf(error)}`);
        }
      }
    await driver.query(`SET LOCAL check_function_bodies = on`);
    for (const routine of plan.routines ?? [])
      try {
        await driver.query(`SET LOCAL search_path TO ${routine.searchPath}`);
        await driver.query(routine.definition);
      } catch (error) {
        if (isLockTimeout(error)) throw error;
        throw new PlanRefusal(
          `${routine.kind} ${routine.schema}.${routine.name}(${routine.argumentTypes}) cannot be made in ${plan.versionSchema}: ${messageOf(error)}`,
        );
      }
  });
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
