import type { TextSearchConfigurationModel, TextSearchDictionaryModel, TextSearchOptionValue } from '../../model.js';
import { qualifiedTypeName } from '../../types.js';
import { invalidModel } from '../invalid-model.js';

/**
 * `metadata.textSearchDictionary()` and `metadata.textSearchConfiguration()`:
 * `CREATE TEXT SEARCH DICTIONARY` over a template (`simple`, `snowball`,
 * `synonym`, an extension's), and `CREATE TEXT SEARCH CONFIGURATION` from a
 * parser or as a copy of another configuration, with its mappings.
 */

export interface TextSearchDictionaryOptions {
  /** Defaults to the metadata's schema. */
  schema?: string;
  /** The template: `simple`, `snowball`, `synonym`, `thesaurus`, `ispell`, or one of an extension's. */
  template: string;
  /** The template's options, in order: `{ language: 'english', stopwords: 'english' }`. Numbers are written bare. */
  options?: Readonly<Record<string, TextSearchOptionValue>>;
}

/** What `textSearchDictionary()` returns: configurations name it in their mappings. */
export interface TextSearchDictionaryDef {
  readonly kind: 'textSearchDictionary';
  readonly schema: string;
  readonly name: string;
  readonly options: TextSearchDictionaryOptions;
  /** The dictionary as Postgres prints it (`regdictionary`), `public.my_stem`. */
  readonly ref: string;
}

/** A dictionary in a mapping: a name as Postgres prints it (`english_stem`, `public.my_stem`) or a declared one. */
export type TextSearchDictionaryRef = string | TextSearchDictionaryDef;

export interface TextSearchConfigurationOptions {
  /** Defaults to the metadata's schema. */
  schema?: string;
  /** The parser (`default`); or give `copy`. */
  parser?: string;
  /** A configuration to copy (`english`): its parser and mappings, which `mappings` then changes. */
  copy?: string | TextSearchConfigurationDef;
  /**
   * Dictionaries per token type, tried in order: `{ asciiword: [myStem, 'english_stem'] }`.
   * With `copy`, each entry replaces the copied mapping, and an empty list drops it.
   */
  mappings?: Readonly<Record<string, TextSearchDictionaryRef | readonly TextSearchDictionaryRef[]>>;
}

/** What `textSearchConfiguration()` returns. */
export interface TextSearchConfigurationDef {
  readonly kind: 'textSearchConfiguration';
  readonly schema: string;
  readonly name: string;
  readonly options: TextSearchConfigurationOptions;
  /** The configuration as Postgres prints it (`regconfig`), `public.my_cfg`: `to_tsvector('public.my_cfg', body)`. */
  readonly ref: string;
}

export function textSearchDictionaryDef(
  name: string,
  schema: string,
  options: TextSearchDictionaryOptions,
): TextSearchDictionaryDef {
  return Object.freeze({
    kind: 'textSearchDictionary',
    schema,
    name,
    options: { ...options },
    ref: qualifiedTypeName(schema, name),
  });
}

export function textSearchConfigurationDef(
  name: string,
  schema: string,
  options: TextSearchConfigurationOptions,
): TextSearchConfigurationDef {
  return Object.freeze({
    kind: 'textSearchConfiguration',
    schema,
    name,
    options: { ...options },
    ref: qualifiedTypeName(schema, name),
  });
}

/** The `metadata.*` method of text search dictionaries; `schema` is the metadata's. */
export const TEXT_SEARCH_DICTIONARY_METHODS = {
  /** `CREATE TEXT SEARCH DICTIONARY name (TEMPLATE = ..., option = ...)`. */
  textSearchDictionary: (schema: string, name: string, options: TextSearchDictionaryOptions): TextSearchDictionaryDef =>
    textSearchDictionaryDef(name, options.schema ?? schema, options),
};

/** The `metadata.*` method of text search configurations; `schema` is the metadata's. */
export const TEXT_SEARCH_CONFIGURATION_METHODS = {
  /** `CREATE TEXT SEARCH CONFIGURATION name (PARSER = ... | COPY = ...)` with its mappings. */
  textSearchConfiguration: (
    schema: string,
    name: string,
    options: TextSearchConfigurationOptions,
  ): TextSearchConfigurationDef => textSearchConfigurationDef(name, options.schema ?? schema, options),
};

export function textSearchDictionaryModel(def: TextSearchDictionaryDef): TextSearchDictionaryModel {
  const where = `text search dictionary ${def.schema}.${def.name}`;
  const { template, options } = def.options;
  if (typeof template !== 'string' || template.trim() === '')
    throw invalidModel(where, "needs a template, e.g. template: 'snowball'");
  const entries = Object.entries(options ?? {});
  for (const [key, value] of entries) {
    if (key === '') throw invalidModel(where, 'an option needs a name');
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string') {
      throw invalidModel(where, `option ${key} must be a string or a finite number, not ${String(value)}`);
    }
  }
  return {
    schema: def.schema,
    name: def.name,
    template: template.trim(),
    ...(entries.length > 0 ? { options: Object.fromEntries(entries) } : {}),
  };
}

export function textSearchConfigurationModel(def: TextSearchConfigurationDef): TextSearchConfigurationModel {
  const where = `text search configuration ${def.schema}.${def.name}`;
  const { parser, copy, mappings = {} } = def.options;
  if ((parser === undefined) === (copy === undefined))
    throw invalidModel(where, "give either a parser (parser: 'default') or a configuration to copy (copy: 'english')");
  if (parser !== undefined && (typeof parser !== 'string' || parser.trim() === ''))
    throw invalidModel(where, 'the parser must be a name');
  const source =
    parser !== undefined
      ? { parser: parser.trim() }
      : copy !== undefined
        ? { copy: typeof copy === 'string' ? copy.trim() : copy.ref }
        : {};
  const dictionaries: Record<string, string[]> = {};
  for (const [token, refs] of Object.entries(mappings)) {
    const list: readonly TextSearchDictionaryRef[] = Array.isArray(refs) ? refs : [refs as TextSearchDictionaryRef];
    const names = list.map((ref) => dictionaryName(where, token, ref));
    if (names.length === 0 && copy === undefined) continue;
    dictionaries[token.toLowerCase()] = names;
  }
  return { schema: def.schema, name: def.name, mappings: dictionaries, ...source };
}

function dictionaryName(where: string, token: string, ref: TextSearchDictionaryRef): string {
  if (typeof ref === 'string' && ref.trim() !== '') return ref.trim();
  if (typeof ref === 'object' && ref !== null && ref.kind === 'textSearchDictionary') return ref.ref;
  throw invalidModel(
    where,
    `the mapping for ${token} names a dictionary that is neither a name nor a declared dictionary`,
  );
}
