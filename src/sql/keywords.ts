/**
 * Postgres' keywords (PostgreSQL 15's `kwlist.h`) that are not unreserved: the
 * one list both the printing of identifiers and the reading of expressions use.
 */

/** Reserved keywords and type or function names: never a bare column reference. */
const RESERVED_KEYWORDS = new Set(
  [
    // reserved
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint',
    'create current_catalog current_date current_role current_time current_timestamp current_user default',
    'deferrable desc distinct do else end except false fetch for foreign from grant group having in',
    'initially intersect into lateral leading limit localtime localtimestamp not null offset on only or',
    'order placing primary references returning select session_user some symmetric table then to trailing',
    'true union unique user using variadic when where window with',
    // type or function names
    'authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull',
    'join left like natural notnull outer overlaps right similar tablesample verbose',
  ]
    .join(' ')
    .split(' '),
);

/** Column-name keywords: usable as bare column names, quoted by `quote_identifier()`. */
const COLUMN_NAME_KEYWORDS = new Set(
  [
    'between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping',
    'inout int integer interval least national nchar none normalize nullif numeric out overlay position',
    'precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes',
    'xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable',
  ]
    .join(' ')
    .split(' '),
);

/** True for keywords that cannot stand bare as a column reference (`user`, `and`, `left`, ...). */
export function isReservedWord(word: string): boolean {
  return RESERVED_KEYWORDS.has(word);
}

/** True for every keyword `quote_identifier()` quotes: all but the unreserved ones. */
export function isQuotedKeyword(word: string): boolean {
  return RESERVED_KEYWORDS.has(word) || COLUMN_NAME_KEYWORDS.has(word);
}

/**
 * Keywords other than unreserved that PostgreSQL 16 to 18 added (SQL/JSON, `SYSTEM_USER`, `MERGE_ACTION`):
 * a server before 16 prints them bare as names, and a newer one reads them as keywords where a name may not
 * be one (a routine's parameter).
 */
const LATER_KEYWORDS = new Set(
  [
    'json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar',
    'json_serialize json_table json_value merge_action system_user',
  ]
    .join(' ')
    .split(' '),
);

/** True for a word that a newer server than the list above (PostgreSQL 15's) reads as a keyword it quotes. */
export function isLaterKeyword(word: string): boolean {
  return LATER_KEYWORDS.has(word);
}

const LATER_KEYWORD_IN_TEXT = new RegExp([...LATER_KEYWORDS].join('|'), 'i');

/** Whether `text` may hold one of those words (a quick test before reading it token by token). */
export function mayHoldLaterKeyword(text: string): boolean {
  return LATER_KEYWORD_IN_TEXT.test(text);
}
