import type { Metadata } from '../dsl/metadata.js';
import type { RenameHint, RenameKind } from '../renames.js';

/**
 * The model's `renamedFrom` hints: on columns (`.renamedFrom()`), tables,
 * policies, enums, sequences, domains, composite and range types, views,
 * routines and triggers (the `renamedFrom` option), enum values
 * (`renamedValues`) and schemas (`renamedSchemas`). Those of indexes and keys
 * are read where their names are chosen (`build.ts`).
 */
export function renameHints(metadata: Metadata): RenameHint[] {
  const hints: RenameHint[] = Object.entries(metadata.renamedSchemas).map(([to, from]) => ({
    kind: 'schema',
    schema: to,
    from,
    to,
  }));
  const add = (
    kind: RenameKind,
    o: { schema: string; name: string },
    from: string | null | undefined,
    table?: string,
  ): void => {
    if (typeof from === 'string' && from !== o.name)
      hints.push({ kind, schema: o.schema, ...(table === undefined ? {} : { table }), from, to: o.name });
  };
  for (const table of metadata.tables) {
    add('table', table, table.options.renamedFrom);
    for (const p of table.options.policies ?? [])
      add('policy', { schema: table.schema, name: p.name }, p.options.renamedFrom, table.name);
    for (const [name, column] of Object.entries(table.columns))
      add('column', { schema: table.schema, name }, column.builder.spec.renamedFrom, table.name);
  }
  for (const e of metadata.enums) {
    add('enum', e, e.renamedFrom);
    for (const [to, from] of Object.entries(e.renamedValues ?? {}))
      add('enumValue', { schema: e.schema, name: to }, from, e.name);
  }
  const { sequences, domains, composites, ranges, views, routines, triggers } = metadata.objects;
  for (const s of sequences) add('sequence', s, s.options.renamedFrom);
  for (const d of domains) add('domain', d, d.options.renamedFrom);
  for (const c of composites) add('composite', c, c.options.renamedFrom);
  for (const r of ranges) add('range', r, r.options.renamedFrom);
  for (const v of views) add(v.materialized ? 'materializedView' : 'view', v, v.options.renamedFrom);
  for (const r of routines) add(r.routine, r, r.options.renamedFrom);
  for (const t of triggers) add('trigger', t, t.options.renamedFrom, t.table);
  return hints;
}
