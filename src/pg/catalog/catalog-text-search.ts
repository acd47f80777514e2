import { listPart, madeAfterInitdb } from './catalog-part.js';
import type {
  TextSearchConfigurationModel,
  TextSearchDictionaryModel,
  TextSearchOptionValue,
} from '../../schema/model.js';
import { compareQualified as bySchemaName } from '../../schema/object-keys.js';
import { AthanorError } from '../../util/errors.js';
import { NAMESPACES } from './catalog-queries.js';

/**
 * Text search dictionaries and configurations, for the batched objects
 * statement (catalog-objects.ts): those in a reflected schema that are not an
 * extension's. Dictionaries print as `regdictionary` does under the reading
 * `search_path` (schema-qualified unless in pg_catalog); templates and parsers
 * likewise, but a built-in one by its bare name (`default`, which
 * `quote_ident` would quote as a keyword).
 */
function printedName(catalog: string, nameColumn: string, namespaceColumn: string, oid: string): string {
  return `(SELECT CASE WHEN refn.nspname = 'pg_catalog' THEN ref.${nameColumn}::text ELSE format('%I.%I', refn.nspname, ref.${nameColumn}) END
     FROM ${catalog} ref JOIN pg_namespace refn ON refn.oid = ref.${namespaceColumn} WHERE ref.oid = ${oid})`;
}

function notExtensionMember(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '${catalog}'::regclass AND x.objid = ${oid} AND x.deptype = 'e')`;
}

/** Comments on dictionaries, an arm of the objects statement's comments (its `ns` in scope, its columns). */
const DICTIONARY_COMMENTS_SQL = `
SELECT 'textSearchDictionary', ns.nspname, td.dictname, NULL, NULL, NULL, d.description
FROM pg_description d
JOIN pg_ts_dict td ON d.classoid = 'pg_ts_dict'::regclass AND d.objoid = td.oid
JOIN ns ON ns.oid = td.dictnamespace
WHERE ${notExtensionMember('pg_ts_dict', 'td.oid')}`;

/** Comments on configurations, in the same rows. */
const CONFIGURATION_COMMENTS_SQL = `
SELECT 'textSearchConfiguration', ns.nspname, tc.cfgname, NULL, NULL, NULL, d.description
FROM pg_description d
JOIN pg_ts_config tc ON d.classoid = 'pg_ts_config'::regclass AND d.objoid = tc.oid
JOIN ns ON ns.oid = tc.cfgnamespace
WHERE ${notExtensionMember('pg_ts_config', 'tc.oid')}`;

export const TEXT_SEARCH_DICTIONARIES_SQL = `
WITH ${NAMESPACES}
SELECT ns.nspname AS schema, d.dictname AS name,
  ${printedName('pg_ts_template', 'tmplname', 'tmplnamespace', 'd.dicttemplate')} AS template,
  d.dictinitoption AS options
FROM pg_ts_dict d
JOIN ns ON ns.oid = d.dictnamespace
WHERE ${notExtensionMember('pg_ts_dict', 'd.oid')}
ORDER BY ns.nspname, d.dictname`;

/** Each mapping as `[token type, [dictionary, ...]]`, in the parser's token order; dictionaries in their order. */
export const TEXT_SEARCH_CONFIGURATIONS_SQL = `
WITH ${NAMESPACES}
SELECT ns.nspname AS schema, c.cfgname AS name,
  ${printedName('pg_ts_parser', 'prsname', 'prsnamespace', 'c.cfgparser')} AS parser,
  COALESCE((
    SELECT json_agg(json_build_array(tt.alias, m.dictionaries) ORDER BY tt.tokid)
    FROM (SELECT cm.maptokentype, array_agg(cm.mapdict::regdictionary::text ORDER BY cm.mapseqno) AS dictionaries
          FROM pg_ts_config_map cm WHERE cm.mapcfg = c.oid GROUP BY cm.maptokentype) m
    JOIN ts_token_type(c.cfgparser) tt ON tt.tokid = m.maptokentype), '[]'::json) AS mappings
FROM pg_ts_config c
JOIN ns ON ns.oid = c.cfgnamespace
WHERE ${notExtensionMember('pg_ts_config', 'c.oid')}
ORDER BY ns.nspname, c.cfgname`;

export interface TextSearchDictionaryRow {
  schema: string;
  name: string;
  template: string;
  /** `dictinitoption`: `language = 'english', stopwords = 'english'`, or null. */
  options: string | null;
}

export interface TextSearchConfigurationRow {
  schema: string;
  name: string;
  parser: string;
  mappings: [string, string[]][];
}

export function textSearchDictionariesFromRows(rows: readonly TextSearchDictionaryRow[]): TextSearchDictionaryModel[] {
  return rows
    .map((row): TextSearchDictionaryModel => {
      const options = row.options === null ? [] : parseOptions(row.options, `${row.schema}.${row.name}`);
      return {
        schema: row.schema,
        name: row.name,
        template: row.template,
        ...(options.length > 0 ? { options: Object.fromEntries(options) } : {}),
      };
    })
    .sort(bySchemaName);
}

export function textSearchConfigurationsFromRows(
  rows: readonly TextSearchConfigurationRow[],
): TextSearchConfigurationModel[] {
  return rows
    .map((row): TextSearchConfigurationModel => ({
      schema: row.schema,
      name: row.name,
      parser: row.parser,
      mappings: Object.fromEntries(row.mappings),
    }))
    .sort(bySchemaName);
}

/**
 * Reads `dictinitoption` as Postgres writes it (`serialize_deflist`): `name = value`
 * pairs joined by `, `, the name an identifier (quoted when it needs to be), the
 * value a string literal (`'...'` or `E'...'`) or a bare number.
 */
export function parseOptions(text: string, where: string): [string, TextSearchOptionValue][] {
  const pattern = /\s*("(?:[^"]|"")*"|[^\s=]+)\s*=\s*(E?'(?:[^'\\]|''|\\.)*'|[^,\s]+)\s*(?:,|$)/gy;
  const options: [string, TextSearchOptionValue][] = [];
  let at = 0;
  for (let match = pattern.exec(text); match !== null && match[0] !== ''; match = pattern.exec(text)) {
    options.push([identifier(match[1] as string), value(match[2] as string)]);
    at = pattern.lastIndex;
  }
  if (text.slice(at).trim() !== '') {
    throw new AthanorError(
      'reflect',
      `text search dictionary ${where} has options that could not be read (${text}); report this with your PostgreSQL version`,
    );
  }
  return options;
}

function identifier(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text;
}

function value(text: string): TextSearchOptionValue {
  if (text.startsWith('E')) return text.slice(2, -1).replace(/''/g, "'").replace(/\\(.)/g, '$1');
  if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  const number = Number(text);
  return Number.isFinite(number) && String(number) === text ? number : text;
}

/** The text search dictionaries' part of the objects statement, which makes their list. */
export const TEXT_SEARCH_DICTIONARIES_PART = listPart({
  sql: TEXT_SEARCH_DICTIONARIES_SQL,
  comments: { on: 'pg_ts_dict', sql: DICTIONARY_COMMENTS_SQL },
  presence: madeAfterInitdb('pg_ts_dict'),
  list: 'textSearchDictionaries',
  fromRows: textSearchDictionariesFromRows,
});

/** The text search configurations' part of the objects statement, which makes their list. */
export const TEXT_SEARCH_CONFIGURATIONS_PART = listPart({
  sql: TEXT_SEARCH_CONFIGURATIONS_SQL,
  comments: { on: 'pg_ts_config', sql: CONFIGURATION_COMMENTS_SQL },
  presence: madeAfterInitdb('pg_ts_config'),
  list: 'textSearchConfigurations',
  fromRows: textSearchConfigurationsFromRows,
});
