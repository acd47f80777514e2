import { describeGrantTarget } from '../../schema/model.js';
import { hazard } from '../hazard-codes.js';
import { HARMLESS, type FamilySpecs } from '../families/spec.js';
import type { GrantOperation } from './kinds/grant.js';
import type { OperationOf } from '../operation.js';
export type { GrantOperation } from './kinds/grant.js';

export const GRANT_SPECS: FamilySpecs<GrantOperation['kind']> = {
  grant: {
    summary: 'Grants privileges on an object to a role.',
    ...HARMLESS,
    describe: (op) => `grant ${privilegesText(op)} on ${describeGrantTarget(op.on)} to ${op.to}${grantOptionText(op)}`,
    reverse: (op) => ({
      kind: 'revoke',
      on: op.on,
      privileges: op.privileges,
      ...(op.columns === undefined ? {} : { columns: op.columns }),
      from: op.to,
      ...(op.withGrantOption === true ? { withGrantOption: true } : {}),
    }),
  },
  revoke: {
    summary: 'Revokes privileges on an object from a role.',
    destructive: () => false,
    hazards: (op) => [
      hazard(
        'revoke-privilege',
        `${describeRevoke(op)}: what the application does as ${op.from} with ${privilegesText(op)} fails from then on`,
      ),
    ],
    describe: describeRevoke,
    reverse: (op) => ({
      kind: 'grant',
      on: op.on,
      privileges: op.privileges,
      ...(op.columns === undefined ? {} : { columns: op.columns }),
      to: op.from,
      ...(op.withGrantOption === true ? { withGrantOption: true } : {}),
    }),
  },
};

function describeRevoke(op: OperationOf<'revoke'>): string {
  return `revoke ${privilegesText(op)} on ${describeGrantTarget(op.on)} from ${op.from}`;
}

/** `select, update (name, email)`. */
function privilegesText(op: GrantOperation): string {
  const columns = op.columns === undefined ? '' : ` (${op.columns.join(', ')})`;
  return `${op.privileges.map((p) => p.toLowerCase()).join(', ')}${columns}`;
}

function grantOptionText(op: OperationOf<'grant'>): string {
  return op.withGrantOption === true ? ' with grant option' : '';
}
