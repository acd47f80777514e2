import type { CompositeOperationKind } from '../../../ops/objects/composite-operations.js';
import type { OperationOf } from '../../../ops/operation.js';
import type { CompositeAttributeModel } from '../../../schema/model.js';
import { assertNever } from '../../../util/assert-never.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `type [COLLATE c]`: the type and collation are canonical SQL and are emitted as they are. */
function typeSql(attribute: { type: string; collation?: string }): string {
  return `${attribute.type}${attribute.collation === undefined ? '' : ` COLLATE ${attribute.collation}`}`;
}

function attributeSql(attribute: CompositeAttributeModel): string {
  return `${quoteIdent(attribute.name)} ${typeSql(attribute)}`;
}

/**
 * `CREATE TYPE ... AS (...)`, `DROP TYPE`, and `ALTER TYPE ... ADD | DROP |
 * ALTER ATTRIBUTE`. An attribute change never cascades: Postgres refuses it
 * on a type that a typed table uses, and a new type for an attribute while a
 * table column holds the type.
 */
export function compileCompositeOperation(op: OperationOf<CompositeOperationKind>): Statement[] {
  switch (op.kind) {
    case 'createCompositeType': {
      const { schema, name, attributes } = op.composite;
      return [
        transactional(`CREATE TYPE ${quoteQualified(schema, name)} AS (${attributes.map(attributeSql).join(', ')})`),
      ];
    }
    case 'dropCompositeType':
      return [transactional(`DROP TYPE ${quoteQualified(op.schema, op.name)}`)];
    case 'addCompositeAttribute':
      return [
        transactional(`ALTER TYPE ${quoteQualified(op.schema, op.name)} ADD ATTRIBUTE ${attributeSql(op.attribute)}`),
      ];
    case 'dropCompositeAttribute':
      return [
        transactional(`ALTER TYPE ${quoteQualified(op.schema, op.name)} DROP ATTRIBUTE ${quoteIdent(op.attribute)}`),
      ];
    case 'alterCompositeAttribute':
      return [
        transactional(
          `ALTER TYPE ${quoteQualified(op.schema, op.name)} ALTER ATTRIBUTE ${quoteIdent(op.attribute)} TYPE ${typeSql(op.to)}`,
        ),
      ];
    default:
      return assertNever(op, 'operation kind');
  }
}
