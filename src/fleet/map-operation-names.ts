import { specOf } from '../ops/operation-specs.js';
import { withMarksOf, type Operation } from '../ops/operation.js';
import type { NameMapper } from '../schema/names/name-mapper.js';
import { quoteIdent } from '../pg/quote.js';
import { moveQualifiedNames, type SchemaMove } from '../pg/scratch/sql-qualify.js';
import { moveQualifiedOperators } from '../pg/scratch/sql-qualify-operators.js';

/**
 * Every name in schema `from` renamed into schema `to`, others left alone:
 * the schema fields, and in SQL text each qualified reference `from.name`
 * (written `quoted.name`, by default `"to".name`), the way a fleet's
 * template schema becomes a tenant's.
 */
export function schemaTranslation(from: string, to: string, quoted = quoteIdent(to)): NameMapper {
  const move: SchemaMove = (schema) => (schema === from ? quoted : null);
  return {
    schema: (name) => (name === from ? to : name),
    text: (value) => moveQualifiedOperators(moveQualifiedNames(value, move), move),
  };
}

/** The operation with every schema name and every qualified name in its SQL text mapped: its spec's `mapNames`. */
export function mapOperationNames(op: Operation, map: NameMapper): Operation {
  return withMarksOf(op, specOf(op).mapNames(op, map));
}
