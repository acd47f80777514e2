import type { TextSearchConfigurationModel, TextSearchDictionaryModel } from '../schema/model.js';
import { renderString, renderValue } from '../util/render-value.js';

/**
 * `metadata.textSearchDictionary('my_stem', { template: 'snowball', options: { language: 'english' } });`
 * and `metadata.textSearchConfiguration('my_cfg', { parser: 'default', mappings: { ... } });`
 * for `migrate pull`: written after the collations, before the tables whose
 * indexes and generated columns may name them. A configuration is written
 * whole (its parser and every mapping), as the server keeps it.
 */
export function renderTextSearchDictionary(d: TextSearchDictionaryModel): string {
  const options: Record<string, unknown> = { ...schemaOf(d), template: d.template };
  if (d.options !== undefined) options['options'] = d.options;
  return call('textSearchDictionary', d.name, options);
}

export function renderTextSearchConfiguration(c: TextSearchConfigurationModel): string {
  const options: Record<string, unknown> = { ...schemaOf(c) };
  if (c.parser !== undefined) options['parser'] = c.parser;
  if (c.copy !== undefined) options['copy'] = c.copy;
  options['mappings'] = c.mappings;
  return call('textSearchConfiguration', c.name, options);
}

function schemaOf(o: { schema: string }): Record<string, string> {
  return o.schema === 'public' ? {} : { schema: o.schema };
}

function call(method: string, name: string, options: Record<string, unknown>): string {
  const head = `metadata.${method}(${renderString(name)}, `;
  return `${head}${renderValue(options, { reserved: head.length + 2 })});`;
}
