import type { PolicyModel, RowLevelSecurityModel } from '../schema/model.js';
import { assertNever } from '../util/assert-never.js';
import { removedValues } from './enum-replace.js';
import type { OperationOf } from './operation.js';

/**
 * Descriptions of the operations on enum values, row-level security,
 * policies and partitions; `describe.ts` hands these kinds here.
 */
export type TableFeatureOperation = OperationOf<
  | 'renameEnumValue'
  | 'replaceEnum'
  | 'setRowLevelSecurity'
  | 'createPolicy'
  | 'dropPolicy'
  | 'attachPartition'
  | 'detachPartition'
>;

export function describeTableFeatureOperation(op: TableFeatureOperation): string {
  switch (op.kind) {
    case 'renameEnumValue':
      return `rename value '${op.from}' of enum ${op.schema}.${op.name} to '${op.to}'`;
    case 'replaceEnum': {
      const removed = removedValues(op.from, op.to);
      const what =
        removed.length > 0 ? `without ${removed.map((v) => `'${v}'`).join(', ')}` : 'with its values reordered';
      return `replace enum ${op.schema}.${op.name} ${what} (${op.columns.length} column(s) converted)`;
    }
    case 'setRowLevelSecurity':
      return `set row level security on ${op.schema}.${op.table}: ${securityText(op.to)}`;
    case 'createPolicy':
      return `create policy ${op.policy.name} on ${op.schema}.${op.table}${policyText(op.policy)}`;
    case 'dropPolicy':
      return `drop policy ${op.name} on ${op.schema}.${op.table}`;
    case 'attachPartition':
      return `attach ${op.schema}.${op.table} as a partition of ${op.partitionOf.schema}.${op.partitionOf.table} ${op.partitionOf.bound}`;
    case 'detachPartition':
      return `detach partition ${op.schema}.${op.table} from ${op.partitionOf.schema}.${op.partitionOf.table}`;
    default:
      return assertNever(op, 'operation kind');
  }
}

/**
 * A replaced enum that loses values fails on rows holding them rather than
 * losing them, but the values are gone from the type: destructive. Dropping a
 * policy opens rows it hid, which is not data loss.
 */
export function isDestructiveTableFeatureOperation(op: TableFeatureOperation): boolean {
  switch (op.kind) {
    case 'replaceEnum':
      return removedValues(op.from, op.to).length > 0;
    case 'renameEnumValue':
    case 'setRowLevelSecurity':
    case 'createPolicy':
    case 'dropPolicy':
    case 'attachPartition':
    case 'detachPartition':
      return false;
    default:
      return assertNever(op, 'operation kind');
  }
}

function securityText(security: RowLevelSecurityModel): string {
  return `${security.enabled ? 'enabled' : 'disabled'}, ${security.forced ? 'forced' : 'not forced'}`;
}

function policyText(policy: PolicyModel): string {
  const parts: string[] = [];
  if (!policy.permissive) parts.push('restrictive');
  if (policy.command !== 'ALL') parts.push(`for ${policy.command.toLowerCase()}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
