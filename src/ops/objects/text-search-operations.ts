import type {
  TextSearchConfigurationModel,
  TextSearchDictionaryModel,
  TextSearchOptionValue,
} from '../../schema/model.js';
import { AthanorError } from '../../util/errors.js';
import { assertNever } from '../../util/assert-never.js';
import type { Operation, OperationOf } from '../operation.js';
import { dropsNamed, HARMLESS, RANK, type FamilySpecs } from '../families/spec.js';
import { footprintOf, NONE, thing } from '../things.js';
import {
  mapMappings,
  mapTextSearchConfiguration,
  mapTextSearchDictionary,
} from '../../schema/names/map-model-names.js';

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

declare module '../operation.js' {
  interface OperationFamilies {
    readonly textSearch: TextSearchOperation;
  }
}

/** `create text search dictionary public.my_stem (snowball, language = english)`. */
function describeTextSearchOperation(op: OperationOf<TextSearchOperationKind>): string {
  switch (op.kind) {
    case 'createTextSearchDictionary': {
      const d = op.dictionary;
      return `create text search dictionary ${d.schema}.${d.name} (${[d.template, ...optionTexts(d.options ?? {})].join(', ')})`;
    }
    case 'alterTextSearchDictionary':
      return `alter text search dictionary ${op.schema}.${op.name}: options ${optionTexts(op.options).join(', ') || 'none'}`;
    case 'dropTextSearchDictionary':
      return `drop text search dictionary ${op.schema}.${op.name}`;
    case 'createTextSearchConfiguration': {
      const c = op.configuration;
      const from = c.copy === undefined ? `parser ${c.parser ?? '?'}` : `copy of ${c.copy}`;
      return `create text search configuration ${c.schema}.${c.name} (${from}, ${Object.keys(c.mappings).length} mapping(s))`;
    }
    case 'alterTextSearchConfiguration':
      return `alter text search configuration ${op.schema}.${op.name}: ${Object.entries(op.mappings)
        .map(([token, dicts]) => mappingText(token, dicts))
        .join('; ')}`;
    case 'dropTextSearchConfiguration':
      return `drop text search configuration ${op.schema}.${op.name}`;
    default:
      return assertNever(op, 'operation kind');
  }
}

function optionTexts(options: Record<string, TextSearchOptionValue>): string[] {
  return Object.entries(options).map(([key, value]) => `${key} = ${String(value)}`);
}

function mappingText(token: string, dictionaries: readonly string[]): string {
  return dictionaries.length === 0 ? `drop mapping for ${token}` : `${token} with ${dictionaries.join(', ')}`;
}

/** The operation that undoes `op`; throws `AthanorError('irreversible')` when it lacks what it removed or what it was. */
function reverseTextSearchOperation(op: OperationOf<TextSearchOperationKind>): Operation {
  const known = <T>(value: T | undefined, why: string): T => {
    if (value === undefined)
      throw new AthanorError(
        'irreversible',
        `${describeTextSearchOperation(op)} cannot be reversed: ${why}; write its downgrade by hand`,
      );
    return value;
  };
  switch (op.kind) {
    case 'createTextSearchDictionary':
      return dropTextSearchDictionaryOf(op.dictionary);
    case 'dropTextSearchDictionary':
      return {
        kind: 'createTextSearchDictionary',
        dictionary: known(op.removed, 'it does not carry the removed object'),
      };
    case 'alterTextSearchDictionary':
      return {
        kind: 'alterTextSearchDictionary',
        schema: op.schema,
        name: op.name,
        options: { ...known(op.from, 'it does not say what the options were before (from)') },
        from: { ...op.options },
      };
    case 'createTextSearchConfiguration':
      return dropTextSearchConfigurationOf(op.configuration);
    case 'dropTextSearchConfiguration':
      return {
        kind: 'createTextSearchConfiguration',
        configuration: known(op.removed, 'it does not carry the removed object'),
      };
    case 'alterTextSearchConfiguration': {
      const from = known(op.from, 'it does not say what the mappings were before (from)');
      return {
        kind: 'alterTextSearchConfiguration',
        schema: op.schema,
        name: op.name,
        mappings: copyMappings(from),
        from: copyMappings(op.mappings),
      };
    }
    default:
      return assertNever(op, 'operation kind');
  }
}

function copyMappings(mappings: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(mappings).map(([token, dicts]) => [token, [...dicts]]));
}

/** The drop that undoes creating `dictionary`, carrying it. */
export function dropTextSearchDictionaryOf(
  dictionary: TextSearchDictionaryModel,
): OperationOf<'dropTextSearchDictionary'> {
  return { kind: 'dropTextSearchDictionary', schema: dictionary.schema, name: dictionary.name, removed: dictionary };
}

/** The drop that undoes creating `configuration`, carrying it. */
export function dropTextSearchConfigurationOf(
  configuration: TextSearchConfigurationModel,
): OperationOf<'dropTextSearchConfiguration'> {
  return {
    kind: 'dropTextSearchConfiguration',
    schema: configuration.schema,
    name: configuration.name,
    removed: configuration,
  };
}

export const TEXT_SEARCH_SPECS: FamilySpecs<TextSearchOperationKind> = {
  createTextSearchDictionary: {
    summary: 'Creates a text search dictionary from a template and options.',
    ...HARMLESS,
    describe: describeTextSearchOperation,
    reverse: reverseTextSearchOperation,
    footprint: (op) => footprintOf({ needs: [thing.schema(op.dictionary.schema)] }),
    example: {
      dictionary: {
        schema: 'public',
        name: 'en_stem',
        template: 'snowball',
        options: { language: 'english', stopwords: 'english' },
      },
    },
    // Dictionaries before the configurations that use them; a recreated one dropped right before it is created.
    tieBreak: (op) => [RANK.first, op.dictionary.schema, op.dictionary.name, '1'],
    mapNames: (op, map) => ({ ...op, dictionary: mapTextSearchDictionary(op.dictionary, map) }),
  },
  alterTextSearchDictionary: {
    summary: "Changes a text search dictionary's options.",
    ...HARMLESS,
    describe: describeTextSearchOperation,
    reverse: reverseTextSearchOperation,
    footprint: () => NONE,
    example: {
      schema: 'public',
      name: 'en_stem',
      options: { language: 'english' },
      from: { language: 'english', stopwords: 'english' },
    },
    tieBreak: (op) => [RANK.second, op.schema, op.name],
    mapNames: (op, map) => ({ ...op, schema: map.schema(op.schema) }),
  },
  dropTextSearchDictionary: {
    drops: dropsNamed('textSearchDictionary'),
    summary: 'Drops a text search dictionary.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeTextSearchOperation,
    reverse: reverseTextSearchOperation,
    footprint: (op) => footprintOf({ releases: [thing.schema(op.schema)] }),
    example: { schema: 'public', name: 'en_stem' },
    tieBreak: (op) => [RANK.first, op.schema, op.name, '0'],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapTextSearchDictionary(op.removed, map) } : {}),
    }),
  },
  createTextSearchConfiguration: {
    summary: 'Creates a text search configuration with its parser and token mappings.',
    ...HARMLESS,
    describe: describeTextSearchOperation,
    reverse: reverseTextSearchOperation,
    footprint: (op) => footprintOf({ needs: [thing.schema(op.configuration.schema)] }),
    example: {
      configuration: {
        schema: 'public',
        name: 'docs',
        parser: 'default',
        mappings: { asciiword: ['public.en_stem'], word: ['public.en_stem'], int: ['simple'] },
      },
    },
    tieBreak: (op) => [RANK.third, op.configuration.schema, op.configuration.name, '1'],
    mapNames: (op, map) => ({
      ...op,
      configuration: mapTextSearchConfiguration(op.configuration, map),
    }),
  },
  alterTextSearchConfiguration: {
    summary: 'Changes the dictionaries a text search configuration maps token types to.',
    ...HARMLESS,
    describe: describeTextSearchOperation,
    reverse: reverseTextSearchOperation,
    footprint: () => NONE,
    example: {
      schema: 'public',
      name: 'docs',
      mappings: { word: ['simple'], email: [] },
      from: { word: ['public.en_stem'], email: ['simple'] },
    },
    tieBreak: (op) => [RANK.fourth, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      mappings: mapMappings(op.mappings, map),
      ...(op.from ? { from: mapMappings(op.from, map) } : {}),
    }),
  },
  dropTextSearchConfiguration: {
    drops: dropsNamed('textSearchConfiguration'),
    summary: 'Drops a text search configuration.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeTextSearchOperation,
    reverse: reverseTextSearchOperation,
    footprint: (op) => footprintOf({ releases: [thing.schema(op.schema)] }),
    example: { schema: 'public', name: 'docs' },
    tieBreak: (op) => [RANK.third, op.schema, op.name, '0'],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapTextSearchConfiguration(op.removed, map) } : {}),
    }),
  },
};
