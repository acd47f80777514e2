import type { OperationOf } from '../../../ops/operation.js';
import type { ReplicaIdentityModel } from '../../../schema/model.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `ALTER TABLE ... REPLICA IDENTITY DEFAULT | FULL | NOTHING | USING INDEX name` (null for `DEFAULT`). */
export function replicaIdentitySql(schema: string, table: string, identity: ReplicaIdentityModel | null): string {
  const clause =
    identity === null
      ? 'DEFAULT'
      : identity === 'full'
        ? 'FULL'
        : identity === 'nothing'
          ? 'NOTHING'
          : `USING INDEX ${quoteIdent(identity.index)}`;
  return `ALTER TABLE ${quoteQualified(schema, table)} REPLICA IDENTITY ${clause}`;
}

export function compileSetReplicaIdentity(op: OperationOf<'setReplicaIdentity'>): Statement[] {
  return [transactional(replicaIdentitySql(op.schema, op.table, op.to))];
}
