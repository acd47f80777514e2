import { PlanRefusal, type ExpandPlan } from './expand-plan.js';

/*
 * The application's own views over the tables an expand changes. A view
 * reads its table's columns by number, so it keeps working for the old
 * version during expand and, after contract, reads a renamed column under its
 * new name as it is. The new version gets a copy of each view that reads a
 * renamed column, in its version schema, reading the version's views (made
 * by `pg/expand/expand-views.ts`). A view that reads a column the new version
 * drops or retypes would stop contract (the column cannot be dropped under
 * it), so the expand is refused, unless the revisions drop the view (contract
 * drops it first). A view the revisions create or replace is not copied: the
 * version schema has their definition (`pg/expand/expand-objects.ts`).
 */

/** A view or materialized view that reads columns of a table of the plan (`pg/expand/expand-views.ts`). */
export interface DependentView {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  readonly table: { readonly schema: string; readonly table: string };
  /** The table's physical columns it reads. */
  readonly columns: readonly string[];
}

/** A view copied into the version schema, and the tables of the plan it reads. */
export interface ViewToCopy {
  readonly schema: string;
  readonly name: string;
  readonly tables: { readonly schema: string; readonly table: string }[];
}

/** The views that get a copy in the version schema, each once; throws a `PlanRefusal` for one that would stop contract. */
export function viewsToCopy(plan: ExpandPlan, dependents: readonly DependentView[]): ViewToCopy[] {
  const ours = new Set([plan.versionSchema, ...(plan.over === undefined ? [] : [plan.over.versionSchema])]);
  const copied = new Map<string, { schema: string; name: string }>();
  const objects = plan.objects ?? [];
  /** Dropped at contract before the tables change: read what it may. */
  const dropped = (v: DependentView) =>
    objects.some((o) => o.kind === 'dropView' && o.schema === v.schema && o.name === v.name);
  /** The version schema has the revisions' definition instead of a copy. */
  const redefined = (v: DependentView) =>
    objects.some(
      (o) =>
        (o.kind === 'createView' || o.kind === 'replaceView') && o.view.schema === v.schema && o.view.name === v.name,
    );
  for (const view of dependents) {
    if (ours.has(view.schema) || dropped(view)) continue;
    if (plan.droppedTables.some((x) => x.schema === view.table.schema && x.table === view.table.table))
      throw new PlanRefusal(
        `${view.materialized ? 'materialized view' : 'view'} ${view.schema}.${view.name} reads table ${view.table.schema}.${view.table.table}, which the new version drops (contract could not drop it); change the view in an earlier revision`,
      );
    const t = plan.tables.find((x) => x.schema === view.table.schema && x.table === view.table.table);
    if (t === undefined) continue;
    const label = `${view.materialized ? 'materialized view' : 'view'} ${view.schema}.${view.name}`;
    for (const column of view.columns) {
      if (t.dropped.includes(column))
        throw new PlanRefusal(
          `${label} reads column "${column}" of ${t.schema}.${t.table}, which the new version drops or retypes (contract could not drop it); change the view in an earlier revision`,
        );
      const entry = t.columns.find((c) => c.physical === column);
      if (entry !== undefined && entry.name !== column && !view.materialized && !redefined(view))
        copied.set(`${view.schema}.${view.name}`, { schema: view.schema, name: view.name });
    }
  }
  const names = new Map(
    [...plan.tables.flatMap((t) => [t.table, t.name ?? t.table]), ...plan.droppedTables.map((t) => t.table)].map(
      (name) => [name, `${plan.versionSchema}.${name}`],
    ),
  );
  for (const view of copied.values()) {
    const other = names.get(view.name);
    if (other !== undefined)
      throw new PlanRefusal(
        `view ${view.schema}.${view.name} and ${other} would share one name in ${plan.versionSchema}`,
      );
    names.set(view.name, `${view.schema}.${view.name}`);
  }
  return [...copied.values()].map((view) => ({
    ...view,
    tables: dependents
      .filter((d) => d.schema === view.schema && d.name === view.name)
      .map((d) => d.table)
      .filter((t) => plan.tables.some((x) => x.schema === t.schema && x.table === t.table)),
  }));
}
