import { dropsTablePart, HARMLESS, RANK, removedOf, schemaOnly, type FamilySpecs } from './spec.js';
import { NONE, onTable } from '../things.js';
import { mapNullableText, type NameMapper } from '../../schema/names/name-mapper.js';
import type { PolicyModel, RowLevelSecurityModel } from '../../schema/model.js';

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

export type Op<K extends SecurityOperation['kind']> = Extract<SecurityOperation, { kind: K }>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly security: SecurityOperation;
  }
}

export const SECURITY_SPECS: FamilySpecs<SecurityOperation['kind']> = {
  setRowLevelSecurity: {
    summary: 'Turns row-level security, and forcing it on the owner, on or off for a table.',
    ...HARMLESS,
    describe: describeRowLevelSecurity,
    reverse: (op) => {
      const from = removedOf(describeRowLevelSecurity(op), op.from);
      return { kind: 'setRowLevelSecurity', schema: op.schema, table: op.table, to: { ...from }, from: { ...op.to } };
    },
    footprint: onTable,
    example: {
      schema: 'public',
      table: 'doc',
      to: { enabled: true, forced: true },
      from: { enabled: false, forced: false },
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '2'],
    mapNames: schemaOnly,
  },
  createPolicy: {
    summary: 'Creates a row-level security policy.',
    ...HARMLESS,
    describe: (op) => `create policy ${op.policy.name} on ${op.schema}.${op.table}${policyText(op.policy)}`,
    reverse: (op) => ({
      kind: 'dropPolicy',
      schema: op.schema,
      table: op.table,
      name: op.policy.name,
      removed: op.policy,
    }),
    footprint: onTable,
    example: {
      schema: 'public',
      table: 'doc',
      policy: {
        name: 'doc_owner',
        permissive: true,
        command: 'UPDATE',
        roles: ['app_user'],
        using: '(owner = CURRENT_USER)',
        withCheck: '(owner = CURRENT_USER)',
      },
    },
    tieBreak: (op) => [RANK.third, op.schema, op.table, op.policy.name],
    mapNames: (op, map) => ({ ...op, schema: map.schema(op.schema), policy: mapPolicy(op.policy, map) }),
  },
  dropPolicy: {
    drops: dropsTablePart('policy'),
    summary: 'Drops a row-level security policy.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropPolicy,
    reverse: (op) => ({
      kind: 'createPolicy',
      schema: op.schema,
      table: op.table,
      policy: removedOf(describeDropPolicy(op), op.removed),
    }),
    footprint: () => NONE,
    example: { schema: 'public', table: 'doc', name: 'doc_owner' },
    // Policies dropped before a table's other features, created after them.
    tieBreak: (op) => [RANK.first, op.schema, op.table, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapPolicy(op.removed, map) } : {}),
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

function mapPolicy(policy: PolicyModel, map: NameMapper): PolicyModel {
  return { ...policy, using: mapNullableText(policy.using, map), withCheck: mapNullableText(policy.withCheck, map) };
}
