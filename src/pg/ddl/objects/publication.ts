import type { OperationOf } from '../../../ops/operation.js';
import { samePublicationTable } from '../../../ops/objects/publication-operations.js';
import type { PublicationModel, PublicationTableModel } from '../../../schema/model.js';
import { PUBLISHED_CHANGES } from '../../../schema/model.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `schema.table (a, b) WHERE (...)`, as `FOR TABLE` and `ADD TABLE` list it. */
function tableSpec(t: PublicationTableModel): string {
  const columns = t.columns === undefined ? '' : ` (${t.columns.map(quoteIdent).join(', ')})`;
  const where = t.where === undefined ? '' : ` WHERE (${t.where})`;
  return `${quoteQualified(t.schema, t.table)}${columns}${where}`;
}

/** `publish = '...'` and `publish_via_partition_root = ...`, each where it differs from `from` (from Postgres' defaults when absent). */
function options(to: PublicationModel, from?: PublicationModel): string[] {
  const publish = from?.publish ?? PUBLISHED_CHANGES;
  return [
    ...(to.publish.join() === publish.join() ? [] : [`publish = ${quoteLiteral(to.publish.join(', '))}`]),
    ...(to.viaRoot === (from?.viaRoot ?? false) ? [] : [`publish_via_partition_root = ${String(to.viaRoot)}`]),
  ];
}

/** `CREATE PUBLICATION name [FOR ALL TABLES | FOR TABLE ..., TABLES IN SCHEMA ...] [WITH (...)]`. */
export function compileCreatePublication(op: OperationOf<'createPublication'>): Statement[] {
  const p = op.publication;
  const objects = [
    ...(p.tables.length === 0 ? [] : [`TABLE ${p.tables.map(tableSpec).join(', ')}`]),
    ...(p.schemas.length === 0 ? [] : [`TABLES IN SCHEMA ${p.schemas.map(quoteIdent).join(', ')}`]),
  ];
  const scope = p.allTables ? ' FOR ALL TABLES' : objects.length === 0 ? '' : ` FOR ${objects.join(', ')}`;
  const settings = options(p);
  const tail = settings.length === 0 ? '' : ` WITH (${settings.join(', ')})`;
  return [transactional(`CREATE PUBLICATION ${quoteIdent(p.name)}${scope}${tail}`)];
}

export function compileDropPublication(op: OperationOf<'dropPublication'>): Statement[] {
  return [transactional(`DROP PUBLICATION ${quoteIdent(op.name)}`)];
}

/**
 * `ALTER PUBLICATION`: the tables that go or change dropped, the schemas
 * that go dropped, then the tables that come or change added (with their
 * column lists and row filters), the schemas that come added, and the
 * options set where they differ.
 */
export function compileAlterPublication(op: OperationOf<'alterPublication'>): Statement[] {
  const { from, to } = op;
  const prefix = `ALTER PUBLICATION ${quoteIdent(op.name)}`;
  const key = (t: PublicationTableModel): string => `${t.schema}\0${t.table}`;
  const before = new Map(from.tables.map((t) => [key(t), t]));
  const after = new Map(to.tables.map((t) => [key(t), t]));
  const dropped = from.tables.filter((t) => {
    const next = after.get(key(t));
    return next === undefined || !samePublicationTable(t, next);
  });
  const added = to.tables.filter((t) => {
    const previous = before.get(key(t));
    return previous === undefined || !samePublicationTable(previous, t);
  });
  const droppedSchemas = from.schemas.filter((s) => !to.schemas.includes(s));
  const addedSchemas = to.schemas.filter((s) => !from.schemas.includes(s));
  const settings = options(to, from);
  return [
    ...(dropped.length === 0
      ? []
      : [`${prefix} DROP TABLE ${dropped.map((t) => quoteQualified(t.schema, t.table)).join(', ')}`]),
    ...(droppedSchemas.length === 0
      ? []
      : [`${prefix} DROP TABLES IN SCHEMA ${droppedSchemas.map(quoteIdent).join(', ')}`]),
    ...(added.length === 0 ? [] : [`${prefix} ADD TABLE ${added.map(tableSpec).join(', ')}`]),
    ...(addedSchemas.length === 0 ? [] : [`${prefix} ADD TABLES IN SCHEMA ${addedSchemas.map(quoteIdent).join(', ')}`]),
    ...(settings.length === 0 ? [] : [`${prefix} SET (${settings.join(', ')})`]),
  ].map(transactional);
}
