import type { OperationOf } from '../../../ops/operation.js';
import { quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/**
 * `CREATE TYPE ... AS RANGE (...)`: the subtype, operator class, collation
 * and functions are SQL text as the catalog prints them (or as the model
 * declares them) and are emitted as they are; the multirange's name is
 * quoted, in the range's schema.
 */
export function compileCreateRange(op: OperationOf<'createRangeType'>): Statement[] {
  const r = op.range;
  const settings = [
    `SUBTYPE = ${r.subtype}`,
    ...(r.subtypeOpclass === undefined ? [] : [`SUBTYPE_OPCLASS = ${r.subtypeOpclass}`]),
    ...(r.collation === undefined ? [] : [`COLLATION = ${r.collation}`]),
    ...(r.canonical === undefined ? [] : [`CANONICAL = ${r.canonical}`]),
    ...(r.subtypeDiff === undefined ? [] : [`SUBTYPE_DIFF = ${r.subtypeDiff}`]),
    ...(r.multirange === undefined ? [] : [`MULTIRANGE_TYPE_NAME = ${quoteQualified(r.schema, r.multirange)}`]),
  ];
  return [transactional(`CREATE TYPE ${quoteQualified(r.schema, r.name)} AS RANGE (${settings.join(', ')})`)];
}

/** `DROP TYPE`, which drops the multirange type with it; never cascades. */
export function compileDropRange(op: OperationOf<'dropRangeType'>): Statement[] {
  return [transactional(`DROP TYPE ${quoteQualified(op.schema, op.name)}`)];
}
