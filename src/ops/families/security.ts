import type { PolicyModel, RowLevelSecurityModel } from '../../schema/model.js';
import { HARMLESS, removedOf, type FamilySpecs } from './spec.js';

/** Row-level security and policies. Dropping a policy opens rows it hid, which is not data loss. */
export type SecurityOperation = Readonly<
  | {
      kind: 'setRowLevelSecurity';
      schema: string;
      table: string;
      to: RowLevelSecurityModel;
      /** The switches before; needed to reverse it. */
      from?: RowLevelSecurityModel;
    }
  | { kind: 'createPolicy'; schema: string; table: string; policy: PolicyModel }
  | { kind: 'dropPolicy'; schema: string; table: string; name: string; removed?: PolicyModel }
>;

type Op<K extends SecurityOperation['kind']> = Extract<SecurityOperation, { kind: K }>;

export const SECURITY_SPECS: FamilySpecs<SecurityOperation['kind']> = {
  setRowLevelSecurity: {
    ...HARMLESS,
    describe: describeRowLevelSecurity,
    reverse: (op) => {
      const from = removedOf(describeRowLevelSecurity(op), op.from);
      return { kind: 'setRowLevelSecurity', schema: op.schema, table: op.table, to: { ...from }, from: { ...op.to } };
    },
  },
  createPolicy: {
    ...HARMLESS,
    describe: (op) => `create policy ${op.policy.name} on ${op.schema}.${op.table}${policyText(op.policy)}`,
    reverse: (op) => ({
      kind: 'dropPolicy',
      schema: op.schema,
      table: op.table,
      name: op.policy.name,
      removed: op.policy,
    }),
  },
  dropPolicy: {
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropPolicy,
    reverse: (op) => ({
      kind: 'createPolicy',
      schema: op.schema,
      table: op.table,
      policy: removedOf(describeDropPolicy(op), op.removed),
    }),
  },
};

function describeRowLevelSecurity(op: Op<'setRowLevelSecurity'>): string {
  return `set row level security on ${op.schema}.${op.table}: ${securityText(op.to)}`;
}

function describeDropPolicy(op: Op<'dropPolicy'>): string {
  return `drop policy ${op.name} on ${op.schema}.${op.table}`;
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
