import type { OperationOf } from '../../../ops/operation.js';
import type { TextSearchOperationKind } from '../../../ops/objects/text-search-operations.js';
import type { TextSearchConfigurationModel, TextSearchOptionValue } from '../../../schema/model.js';
import { assertNever } from '../../../util/assert-never.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/**
 * `CREATE | ALTER | DROP TEXT SEARCH DICTIONARY` and `... CONFIGURATION`.
 * Templates, parsers and dictionaries are named in the model as Postgres
 * prints them (`snowball`, `public.my_stem`); each part is quoted again here,
 * a bare part folded to lower case as Postgres reads it.
 */
export function compileTextSearchOperation(op: OperationOf<TextSearchOperationKind>): Statement[] {
  switch (op.kind) {
    case 'createTextSearchDictionary': {
      const d = op.dictionary;
      const options = [
        `TEMPLATE = ${nameSql(d.template)}`,
        ...Object.entries(d.options ?? {}).map(([key, value]) => optionSql(key, value)),
      ];
      return [
        transactional(`CREATE TEXT SEARCH DICTIONARY ${quoteQualified(d.schema, d.name)} (${options.join(', ')})`),
      ];
    }
    case 'alterTextSearchDictionary':
      return alterDictionary(op);
    case 'dropTextSearchDictionary':
      return [transactional(`DROP TEXT SEARCH DICTIONARY ${quoteQualified(op.schema, op.name)}`)];
    case 'createTextSearchConfiguration':
      return createConfiguration(op.configuration);
    case 'alterTextSearchConfiguration':
      return mappingStatements(quoteQualified(op.schema, op.name), op.mappings, 'ALTER');
    case 'dropTextSearchConfiguration':
      return [transactional(`DROP TEXT SEARCH CONFIGURATION ${quoteQualified(op.schema, op.name)}`)];
    default:
      return assertNever(op, 'operation kind');
  }
}

/**
 * Postgres takes an option out of the list and appends it again whenever it
 * is named, so naming every option of the new list, in order, leaves exactly
 * that list; options only the old list has are named without a value, which
 * removes them.
 */
function alterDictionary(op: OperationOf<'alterTextSearchDictionary'>): Statement[] {
  const removed = Object.keys(op.from ?? {}).filter((key) => !Object.hasOwn(op.options, key));
  const items = [
    ...removed.map(quoteIdent),
    ...Object.entries(op.options).map(([key, value]) => optionSql(key, value)),
  ];
  if (items.length === 0) return [];
  return [transactional(`ALTER TEXT SEARCH DICTIONARY ${quoteQualified(op.schema, op.name)} (${items.join(', ')})`)];
}

function createConfiguration(c: TextSearchConfigurationModel): Statement[] {
  const name = quoteQualified(c.schema, c.name);
  if (c.copy !== undefined) {
    return [
      transactional(`CREATE TEXT SEARCH CONFIGURATION ${name} (COPY = ${nameSql(c.copy)})`),
      ...mappingStatements(name, c.mappings, 'ALTER'),
    ];
  }
  if (c.parser === undefined)
    throw new TypeError(
      `text search configuration ${c.schema}.${c.name} has neither a parser nor a configuration to copy`,
    );
  return [
    transactional(`CREATE TEXT SEARCH CONFIGURATION ${name} (PARSER = ${nameSql(c.parser)})`),
    ...mappingStatements(name, c.mappings, 'ADD'),
  ];
}

/**
 * One `ADD | ALTER MAPPING FOR tokens WITH dictionaries` per list of
 * dictionaries (token types sharing one list together, in their order), and
 * one `DROP MAPPING FOR tokens` for the empty lists.
 */
function mappingStatements(
  name: string,
  mappings: Readonly<Record<string, readonly string[]>>,
  verb: 'ADD' | 'ALTER',
): Statement[] {
  const groups = new Map<string, { tokens: string[]; dictionaries: readonly string[] }>();
  for (const [token, dictionaries] of Object.entries(mappings)) {
    const key = JSON.stringify(dictionaries);
    const group: { tokens: string[]; dictionaries: readonly string[] } = groups.get(key) ?? {
      tokens: [],
      dictionaries,
    };
    group.tokens.push(token);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ tokens, dictionaries }) => {
    const list = tokens.map(quoteIdent).join(', ');
    if (dictionaries.length === 0)
      return transactional(`ALTER TEXT SEARCH CONFIGURATION ${name} DROP MAPPING FOR ${list}`);
    return transactional(
      `ALTER TEXT SEARCH CONFIGURATION ${name} ${verb} MAPPING FOR ${list} WITH ${dictionaries.map(nameSql).join(', ')}`,
    );
  });
}

function optionSql(key: string, value: TextSearchOptionValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`text search option ${key} is not a finite number`);
    return `${quoteIdent(key)} = ${String(value)}`;
  }
  return `${quoteIdent(key)} = ${quoteLiteral(value)}`;
}

/** `public."My"` or `simple` as SQL: each part quoted, a bare part folded to lower case. */
function nameSql(text: string): string {
  const parts: string[] = [];
  const source = text.trim();
  let i = 0;
  while (i <= source.length) {
    let part = '';
    if (source[i] === '"') {
      for (i += 1; i < source.length && !(source[i] === '"' && source[i + 1] !== '"'); i += source[i] === '"' ? 2 : 1)
        part += source[i];
      i += 1;
    } else {
      while (i < source.length && source[i] !== '.') part += source[i++];
      part = part.toLowerCase();
    }
    parts.push(part);
    if (source[i] !== '.') break;
    i += 1;
  }
  if (i < source.length || parts.length > 2 || parts.some((p) => p === ''))
    throw new TypeError(`"${text}" is not a name or schema.name`);
  return parts.map(quoteIdent).join('.');
}
