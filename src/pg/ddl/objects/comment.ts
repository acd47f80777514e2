import type { OperationOf } from '../../../ops/operation.js';
import type { CommentObjectKind, CommentTarget } from '../../../schema/model.js';
import { isCommentForm, kindWord } from '../../../schema/object-kinds.js';
import { operatorSymbolProblem } from '../../../schema/objects/model-operators.js';
import { assertNever } from '../../../util/assert-never.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/**
 * The object part of `COMMENT ON <object> IS ...`: the kind's word, and its name as the kind's `comment`
 * form says; `ALTER ... OWNER TO` names an object only owned the same way.
 */
export function commentObjectSql(target: CommentTarget): string {
  const { on } = target;
  if (isCommentForm(on, 'bare')) return `${keyword(on)} ${quoteIdent(target.name)}`;
  if (isCommentForm(on, 'qualified')) return `${keyword(on)} ${quoteQualified(target.schema, target.name)}`;
  const qualified = quoteQualified(target.schema, target.name);
  const parent = quoteQualified(target.schema, target.parent ?? '');
  switch (on) {
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
    case 'operator':
      return operatorCommentObject(target);
    case 'rule':
      return `RULE ${quoteIdent(target.name)} ON ${parent}`;
    case 'policy':
      return `POLICY ${quoteIdent(target.name)} ON ${parent}`;
    case 'cast':
      // The types as format_type() prints them: each already a valid type name.
      return `CAST (${target.name} AS ${target.parent ?? ''})`;
    default:
      return assertNever(on, 'comment target');
  }
}

/** The SQL words of a kind named by its name alone or by schema and name: its word, `MATERIALIZED VIEW`. */
function keyword(kind: CommentObjectKind): string {
  return kindWord(kind).toUpperCase();
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
