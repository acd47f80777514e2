import type {
  TextSearchConfigurationModel,
  TextSearchDictionaryModel,
  TextSearchOptionValue,
} from '../../../schema/model.js';

/**
 * Text search dictionaries and configurations: created, changed in place
 * (a dictionary's options, a configuration's mappings) and dropped. A new
 * template or parser is a drop and a create.
 */
export type TextSearchOperation = Readonly<
  | { kind: 'createTextSearchDictionary'; dictionary: TextSearchDictionaryModel }
  | {
      /**
       * `ALTER TEXT SEARCH DICTIONARY ... (option = value, ...)`: `options` is
       * the whole new list, in order; the options of `from` (the list before,
       * for the reverse) missing from it are removed.
       */
      kind: 'alterTextSearchDictionary';
      schema: string;
      name: string;
      options: Readonly<Record<string, TextSearchOptionValue>>;
      from?: Readonly<Record<string, TextSearchOptionValue>>;
    }
  /** `removed` is the dictionary dropped, for the reverse. */
  | { kind: 'dropTextSearchDictionary'; schema: string; name: string; removed?: TextSearchDictionaryModel }
  | { kind: 'createTextSearchConfiguration'; configuration: TextSearchConfigurationModel }
  | {
      /**
       * `ALTER TEXT SEARCH CONFIGURATION ... ADD | ALTER | DROP MAPPING`: the
       * new dictionaries of each token type that changes (an empty list drops
       * its mapping); `from` holds the lists before (empty where there was
       * none), for the reverse.
       */
      kind: 'alterTextSearchConfiguration';
      schema: string;
      name: string;
      mappings: Readonly<Record<string, readonly string[]>>;
      from?: Readonly<Record<string, readonly string[]>>;
    }
  /** `removed` is the configuration dropped, for the reverse. */
  | { kind: 'dropTextSearchConfiguration'; schema: string; name: string; removed?: TextSearchConfigurationModel }
>;

export type TextSearchOperationKind = TextSearchOperation['kind'];
