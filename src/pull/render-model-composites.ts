import { collationDslName } from '../schema/collation.js';
import type { CompositeTypeModel } from '../schema/model.js';
import { renderKey, renderString } from '../util/render-value.js';

/** What `migrate pull` needs to write a composite type. */
export interface CompositeRenderContext {
  /** The const of the type, allocated with the other names of the file. */
  compositeVar(composite: CompositeTypeModel): string;
  /** An attribute's type as a column builder: `text()`, `moodEnum.column()`, `customType('public.addr')` for a domain or composite type. */
  attributeType(type: string): string;
}

/**
 * `export const addrType = metadata.compositeType('addr', { street: text(),
 * zip: varchar(10).collate('C') }, { schema, comment });`. Attribute types that
 * name domains or composite types are written `customType(...)`, so the order
 * of those declarations in the file does not matter.
 */
export function renderComposite(
  ctx: CompositeRenderContext,
  c: CompositeTypeModel,
  comment: string | undefined,
): string {
  const attributes = c.attributes.map((a) => {
    const collate = a.collation === undefined ? '' : `.collate(${renderString(collationDslName(a.collation))})`;
    return `${renderKey(a.name)}: ${ctx.attributeType(a.type)}${collate}`;
  });
  const opts: string[] = [];
  if (c.schema !== 'public') opts.push(`schema: ${renderString(c.schema)}`);
  if (comment !== undefined) opts.push(`comment: ${renderString(comment)}`);
  const options = opts.length === 0 ? '' : `, { ${opts.join(', ')} }`;
  return `export const ${ctx.compositeVar(c)} = metadata.compositeType(${renderString(c.name)}, { ${attributes.join(', ')} }${options});`;
}
