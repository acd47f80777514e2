import type { PublicationModel, PublicationTableModel } from '../schema/model.js';
import { PUBLISHED_CHANGES } from '../schema/model.js';
import { renderSql } from './render-model-sql.js';
import { renderString } from '../util/render-value.js';

/**
 * `metadata.publication()` for `migrate pull`: written after the tables it
 * lists, each table by its name (`'items'` in public, `'app.items'`
 * elsewhere), with its column list and row filter where it has them; the
 * options only where they are not Postgres' defaults. `comment` is the
 * comment on it, if any.
 */
export function renderPublication(
  publication: PublicationModel,
  comment: string | undefined,
  use: (name: string) => void,
): string {
  const entries: string[] = [];
  if (publication.allTables) entries.push('allTables: true');
  if (publication.tables.length > 0)
    entries.push(`tables: [${publication.tables.map((t) => renderTable(t, use)).join(', ')}]`);
  if (publication.schemas.length > 0) entries.push(`schemas: [${publication.schemas.map(renderString).join(', ')}]`);
  if (publication.publish.join() !== PUBLISHED_CHANGES.join())
    entries.push(`publish: [${publication.publish.map(renderString).join(', ')}]`);
  if (publication.viaRoot) entries.push('viaPartitionRoot: true');
  if (comment !== undefined) entries.push(`comment: ${renderString(comment)}`);
  const options = entries.length === 0 ? '' : `, { ${entries.join(', ')} }`;
  return `metadata.publication(${renderString(publication.name)}${options});`;
}

function renderTable(t: PublicationTableModel, use: (name: string) => void): string {
  const name = renderString(t.schema === 'public' ? t.table : `${t.schema}.${t.table}`);
  if (t.columns === undefined && t.where === undefined) return name;
  const parts = [`table: ${name}`];
  if (t.columns !== undefined) parts.push(`columns: [${t.columns.map(renderString).join(', ')}]`);
  if (t.where !== undefined) parts.push(`where: ${renderSql(t.where, use)}`);
  return `{ ${parts.join(', ')} }`;
}
