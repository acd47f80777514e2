/**
 * The models of text search dictionaries and configurations (`CREATE TEXT
 * SEARCH DICTIONARY | CONFIGURATION`). Parsers and templates need C
 * functions and are not modeled. `model.ts` re-exports them.
 */

/** A dictionary option's value: text (written quoted) or a number (written bare), as Postgres keeps it. */
export type TextSearchOptionValue = string | number;

export interface TextSearchDictionaryModel {
  readonly schema: string;
  readonly name: string;
  /** The template, as Postgres prints it: `simple`, `snowball`, `public.my_template`. */
  readonly template: string;
  /**
   * The options (`language = 'english'`), in the order the server keeps them;
   * absent when there are none. Their names are as Postgres keeps them
   * (folded to lower case unless quoted).
   */
  readonly options?: Readonly<Record<string, TextSearchOptionValue>>;
}

export interface TextSearchConfigurationModel {
  readonly schema: string;
  readonly name: string;
  /**
   * The parser, as Postgres prints it (`default`). Absent only in a declared
   * configuration that copies another (`copy`), before canonicalization.
   */
  readonly parser?: string;
  /** Declared only: the configuration copied (`COPY = english`); canonicalization reads the copy's parser and mappings. */
  readonly copy?: string;
  /**
   * Each token type's dictionaries, tried in order (`asciiword: ['english_stem']`),
   * in the parser's token order once canonical. Declared with `copy`, an
   * empty list drops the copied mapping.
   */
  readonly mappings: Readonly<Record<string, readonly string[]>>;
}
