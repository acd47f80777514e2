import type { OperationOf } from '../../../ops/operation.js';
import type { CommentTarget } from '../../../schema/model.js';
import { operatorSymbolProblem } from '../../../schema/objects/model-operators.js';
import { assertNever } from '../../../util/assert-never.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** The object part of `COMMENT ON <object> IS ...`. */
function commentObjectSql(target: CommentTarget): string {
  const qualified = quoteQualified(target.schema, target.name);
  const parent = quoteQualified(target.schema, target.parent ?? '');
  switch (target.on) {
    case 'schema':
      return `SCHEMA ${quoteIdent(target.name)}`;
    case 'table':
      return `TABLE ${qualified}`;
    case 'view':
      return `VIEW ${qualified}`;
    case 'materializedView':
      return `MATERIALIZED VIEW ${qualified}`;
    case 'foreignTable':
      return `FOREIGN TABLE ${qualified}`;
    case 'index':
      return `INDEX ${qualified}`;
    case 'sequence':
      return `SEQUENCE ${qualified}`;
    case 'type':
      return `TYPE ${qualified}`;
    case 'column':
      return `COLUMN ${parent}.${quoteIdent(target.name)}`;
    case 'constraint':
      return `CONSTRAINT ${quoteIdent(target.name)} ON ${parent}`;
    case 'domainConstraint':
      return `CONSTRAINT ${quoteIdent(target.name)} ON DOMAIN ${parent}`;
    case 'trigger':
      return `TRIGGER ${quoteIdent(target.name)} ON ${parent}`;
    case 'function':
      return `FUNCTION ${qualified}(${target.argumentTypes ?? ''})`;
    case 'procedure':
      return `PROCEDURE ${qualified}(${target.argumentTypes ?? ''})`;
    case 'aggregate':
      return `AGGREGATE ${qualified}(${target.argumentTypes || '*'})`;
    case 'textSearchDictionary':
      return `TEXT SEARCH DICTIONARY ${qualified}`;
    case 'textSearchConfiguration':
      return `TEXT SEARCH CONFIGURATION ${qualified}`;
    case 'operator':
      return operatorCommentObject(target);
    case 'collation':
      return `COLLATION ${qualified}`;
    case 'rule':
      return `RULE ${quoteIdent(target.name)} ON ${parent}`;
    case 'policy':
      return `POLICY ${quoteIdent(target.name)} ON ${parent}`;
    case 'cast':
      // The types as format_type() prints them: each already a valid type name.
      return `CAST (${target.name} AS ${target.parent ?? ''})`;
    case 'publication':
      return `PUBLICATION ${quoteIdent(target.name)}`;
    case 'extension':
      return `EXTENSION ${quoteIdent(target.name)}`;
    default:
      return assertNever(target.on, 'comment target');
  }
}

/**
 * `COMMENT ON ... IS 'text'`, or `IS NULL` to remove it; an extension's
 * comment removed is its control file's own again (which the model does not
 * hold), as the server lists it.
 */
export function compileSetComment(op: OperationOf<'setComment'>): Statement[] {
  if (op.target.on === 'extension' && op.comment === null) {
    const name = quoteLiteral(op.target.name);
    const own = `(SELECT a.comment FROM pg_catalog.pg_available_extensions a WHERE a.name = ${name})`;
    return [
      transactional(
        `DO $comment$ BEGIN EXECUTE format('COMMENT ON EXTENSION %I IS %L', ${name}, ${own}); END $comment$`,
      ),
    ];
  }
  const text = op.comment === null ? 'NULL' : quoteLiteral(op.comment);
  return [transactional(`COMMENT ON ${commentObjectSql(op.target)} IS ${text}`)];
}

/** `OPERATOR "schema".=== (text, text)`: the symbol checked, since SQL cannot quote it. */
function operatorCommentObject(target: CommentTarget): string {
  const problem = operatorSymbolProblem(target.name);
  if (problem !== null) throw new TypeError(`operator "${target.name}": ${problem}`);
  return `OPERATOR ${quoteIdent(target.schema)}.${target.name} (${target.argumentTypes ?? ''})`;
}
