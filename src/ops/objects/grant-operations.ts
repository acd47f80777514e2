import {
  type DefaultPrivilegeObjects,
  describeDefaultPrivilegeScope,
  describeGrantTarget,
  type GrantTarget,
  isPublicSchema,
  OWNER_GRANTEE,
  type OwnerTarget,
  type Privilege,
} from '../../schema/model.js';
import { hazard } from '../hazard-codes.js';
import { HARMLESS, RANK, type FamilySpecs } from '../families/spec.js';
import type { OperationOf } from '../operation.js';
import { NONE } from '../things.js';
import { mapGrantTarget } from '../../schema/names/map-model-names.js';

/**
 * Privileges: `GRANT` and `REVOKE` of privileges on one object (or on
 * columns of one table or view) to one grantee, and of default privileges
 * (`ALTER DEFAULT PRIVILEGES ... GRANT` and `REVOKE`) on a role's new
 * objects of a kind. Each grant undoes its revoke. And the owner of an
 * object (`ALTER ... OWNER TO`).
 */
export type GrantOperation = Readonly<
  | {
      kind: 'grant';
      on: GrantTarget;
      privileges: readonly Privilege[];
      /** Column privileges on these columns; absent for the object as a whole. */
      columns?: readonly string[];
      /** A role's name, or `PUBLIC`. */
      to: string;
      /** `WITH GRANT OPTION`. */
      withGrantOption?: true;
      /** The object is dropped and made again in the same revision: this gives back what a `remade` revoke took. */
      remade?: true;
    }
  | {
      kind: 'revoke';
      on: GrantTarget;
      privileges: readonly Privilege[];
      columns?: readonly string[];
      from: string;
      /**
       * The privileges taken away carried the grant option: the reverse grants them with it. From the
       * owner (`OWNER_GRANTEE`), whose privileges are its own, the grant option alone is taken (`ownerOptionOnly`).
       */
      withGrantOption?: true;
      /**
       * The object is dropped and made again in the same revision, and a `remade` grant gives these
       * privileges back on it: nothing is lost, so no `revoke-privilege` hazard.
       */
      remade?: true;
    }
  | {
      kind: 'grantDefault';
      /** `FOR ROLE`: whose new objects; absent for the role the migrations run as. */
      forRole?: string;
      /** `IN SCHEMA`: new objects in this schema only; absent for everywhere. */
      inSchema?: string;
      on: DefaultPrivilegeObjects;
      privileges: readonly Privilege[];
      to: string;
      withGrantOption?: true;
    }
  | {
      kind: 'revokeDefault';
      forRole?: string;
      inSchema?: string;
      on: DefaultPrivilegeObjects;
      privileges: readonly Privilege[];
      from: string;
      /** The privileges taken away carried the grant option: the reverse grants them with it. */
      withGrantOption?: true;
    }
  | {
      kind: 'alterOwner';
      on: OwnerTarget;
      /** The new owner; absent for the role the revision runs as (`CURRENT_USER`). */
      to?: string;
      /** The owner before, which the reverse gives it back to; absent for the role the revision runs as. */
      from?: string;
    }
>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly grant: GrantOperation;
  }
}

export const GRANT_SPECS: FamilySpecs<GrantOperation['kind']> = {
  grant: {
    summary: 'Grants privileges on an object to a role.',
    ...HARMLESS,
    describe: (op) =>
      `grant ${privilegesText(op)} on ${describeGrantTarget(op.on)} to ${granteeText(op.to)}${grantOptionText(op)}`,
    reverse: (op) => ({
      kind: 'revoke',
      on: op.on,
      privileges: op.privileges,
      ...(op.columns === undefined ? {} : { columns: op.columns }),
      from: op.to,
      ...(op.withGrantOption === true ? { withGrantOption: true } : {}),
      ...(op.remade === true ? { remade: true } : {}),
    }),
    // No kind of this family has a footprint: the revision's frame runs privileges and owners around the rest.
    footprint: () => NONE,
    example: {
      on: { on: 'table', schema: 'public', name: 'profiles' },
      privileges: ['SELECT', 'UPDATE'],
      columns: ['name', 'avatar'],
      to: 'authenticated',
    },
    tieBreak: (op) => [RANK.first, ...targetKey(op.on), op.to],
    // The object privileges are on moves with its schema, and so do default privileges for one schema.
    mapNames: (op, map) => ({ ...op, on: mapGrantTarget(op.on, map) }),
  },
  revoke: {
    summary: 'Revokes privileges on an object from a role.',
    destructive: () => false,
    // Privileges taken from an object made again come back with it, in the same revision.
    hazards: (op) =>
      op.remade === true || ownerOptionOnly(op)
        ? []
        : [
            hazard(
              'revoke-privilege',
              `${describeRevoke(op)}: what the application does as ${granteeText(op.from)} with ${privilegesText(op)} fails from then on`,
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
      ...(op.remade === true ? { remade: true } : {}),
    }),
    footprint: () => NONE,
    example: {
      on: { on: 'function', schema: 'public', name: 'delete_user', argumentTypes: 'uuid' },
      privileges: ['EXECUTE'],
      from: 'PUBLIC',
    },
    tieBreak: (op) => [RANK.first, ...targetKey(op.on), op.from],
    mapNames: (op, map) => ({ ...op, on: mapGrantTarget(op.on, map) }),
  },
  grantDefault: {
    summary: "Grants privileges on a role's objects of a kind created from then on (ALTER DEFAULT PRIVILEGES).",
    ...HARMLESS,
    describe: (op) =>
      `grant ${privilegesText(op)} on ${describeDefaultScope(op)} to ${granteeText(op.to)}${op.withGrantOption === true ? ' with grant option' : ''} by default`,
    reverse: (op) => ({
      kind: 'revokeDefault',
      ...defaultScope(op),
      privileges: op.privileges,
      from: op.to,
      ...(op.withGrantOption === true ? { withGrantOption: true } : {}),
    }),
    footprint: () => NONE,
    example: { inSchema: 'api', on: 'tables', privileges: ['SELECT'], to: 'anon' },
    tieBreak: (op) => [RANK.first, op.forRole ?? '', op.inSchema ?? '', op.on, op.to],
    mapNames: (op, map) => (op.inSchema === undefined ? op : { ...op, inSchema: map.schema(op.inSchema) }),
  },
  alterOwner: {
    summary: 'Gives an object to another owner (ALTER ... OWNER TO); the role that owned it keeps no privilege on it.',
    destructive: () => false,
    hazards: (op) => [
      hazard(
        'revoke-privilege',
        `${describeAlterOwner(op)}: ${ownerText(op.on, op.from)} loses the owner's privileges on it, and what the application does with them as that role fails from then on`,
      ),
    ],
    describe: describeAlterOwner,
    reverse: (op) => ({
      kind: 'alterOwner',
      on: op.on,
      ...(op.from === undefined ? {} : { to: op.from }),
      ...(op.to === undefined ? {} : { from: op.to }),
    }),
    footprint: () => NONE,
    example: { on: { on: 'schema', schema: 'api', name: 'api' }, to: 'api_owner' },
    tieBreak: (op) => [RANK.first, ...targetKey(op.on)],
    mapNames: (op, map) => ({ ...op, on: mapGrantTarget(op.on, map) }),
  },
  revokeDefault: {
    summary: "Revokes privileges from a role's objects of a kind created from then on; objects that exist keep theirs.",
    destructive: () => false,
    hazards: (op) =>
      ownerOptionOnly(op)
        ? []
        : [
            hazard(
              'revoke-privilege',
              `${describeRevokeDefault(op)}: what the application does as ${op.from} with ${privilegesText(op)} on the objects created from then on fails`,
            ),
          ],
    describe: describeRevokeDefault,
    reverse: (op) => ({
      kind: 'grantDefault',
      ...defaultScope(op),
      privileges: op.privileges,
      to: op.from,
      ...(op.withGrantOption === true ? { withGrantOption: true } : {}),
    }),
    footprint: () => NONE,
    example: { on: 'functions', privileges: ['EXECUTE'], from: 'PUBLIC' },
    tieBreak: (op) => [RANK.first, op.forRole ?? '', op.inSchema ?? '', op.on, op.from],
    mapNames: (op, map) => (op.inSchema === undefined ? op : { ...op, inSchema: map.schema(op.inSchema) }),
  },
};

type DefaultOperation = OperationOf<'grantDefault' | 'revokeDefault'>;

/** The role, schema and kind of a default privilege operation. */
function defaultScope(op: DefaultOperation): Pick<DefaultOperation, 'forRole' | 'inSchema' | 'on'> {
  return {
    ...(op.forRole === undefined ? {} : { forRole: op.forRole }),
    ...(op.inSchema === undefined ? {} : { inSchema: op.inSchema }),
    on: op.on,
  };
}

/** `new tables of alice in schema api`. */
function describeDefaultScope(op: DefaultOperation): string {
  return describeDefaultPrivilegeScope({
    ...(op.forRole === undefined ? {} : { role: op.forRole }),
    ...(op.inSchema === undefined ? {} : { schema: op.inSchema }),
    on: op.on,
  });
}

function describeRevokeDefault(op: OperationOf<'revokeDefault'>): string {
  const what = ownerOptionOnly(op) ? 'take the grant option for' : 'revoke';
  return `${what} ${privilegesText(op)} on ${describeDefaultScope(op)} from ${granteeText(op.from)} by default`;
}

/** A role's name, or the migrations' own role (the role the revision runs as; the `public` schema's default owner). */
function ownerText(on: OwnerTarget, role: string | undefined): string {
  if (role !== undefined) return role;
  return isPublicSchema(on) ? 'its default owner' : "the migrations' own role";
}

function describeAlterOwner(op: OperationOf<'alterOwner'>): string {
  return `give ${describeGrantTarget(op.on)} to ${ownerText(op.on, op.to)} as its owner`;
}

function describeRevoke(op: OperationOf<'revoke'>): string {
  const what = ownerOptionOnly(op) ? 'take the grant option for' : 'revoke';
  return `${what} ${privilegesText(op)} on ${describeGrantTarget(op.on)} from ${granteeText(op.from)}`;
}

/**
 * Whether a revoke (or one of default privileges) takes the grant option alone (`REVOKE GRANT OPTION
 * FOR`): that of the owner, which keeps its privileges (it holds the option anyway, though its ACL no
 * longer shows it).
 */
export function ownerOptionOnly(op: OperationOf<'revoke' | 'revokeDefault'>): boolean {
  return op.from === OWNER_GRANTEE && op.withGrantOption === true;
}

/** A role's name, `PUBLIC`, or `its owner` (`OWNER_GRANTEE`). */
function granteeText(grantee: string): string {
  return grantee === OWNER_GRANTEE ? 'its owner' : grantee;
}

/** `select, update (name, email)`. */
function privilegesText(op: Exclude<GrantOperation, { kind: 'alterOwner' }>): string {
  const columns = !('columns' in op) || op.columns === undefined ? '' : ` (${op.columns.join(', ')})`;
  return `${op.privileges.map((p) => p.toLowerCase()).join(', ')}${columns}`;
}

function grantOptionText(op: OperationOf<'grant'>): string {
  return op.withGrantOption === true ? ' with grant option' : '';
}

/** A grant target's names, for its key. */
function targetKey(target: OwnerTarget): string[] {
  return [target.schema, target.on, target.name, target.argumentTypes ?? ''];
}
