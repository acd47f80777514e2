import type { OperationOf } from '../../../ops/operation.js';
import { ownerOptionOnly } from '../../../ops/objects/grant-operations.js';
import type { GrantTarget, OwnerTarget } from '../../../schema/model.js';
import { isPublicSchema, OWNER_GRANTEE, PUBLIC_GRANTEE } from '../../../schema/model.js';
import { isOwnedOnly } from '../../../schema/object-kinds.js';
import { assertNever } from '../../../util/assert-never.js';
import { PUBLIC_DEFAULT_OWNER_OID } from '../../catalog/catalog-owners.js';
import { commentObjectSql } from './comment.js';
import { quoteDollar, quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** The object part of `GRANT ... ON <object>`: a view is a `TABLE` to GRANT; a wrapper or server is named alone. */
function grantObjectSql(target: GrantTarget): string {
  const qualified = quoteQualified(target.schema, target.name);
  switch (target.on) {
    case 'schema':
      return `SCHEMA ${quoteIdent(target.name)}`;
    case 'table':
    case 'view':
      return `TABLE ${qualified}`;
    case 'sequence':
      return `SEQUENCE ${qualified}`;
    case 'function':
      return `FUNCTION ${qualified}(${target.argumentTypes ?? ''})`;
    case 'procedure':
      return `PROCEDURE ${qualified}(${target.argumentTypes ?? ''})`;
    case 'type':
      return `TYPE ${qualified}`;
    case 'domain':
      return `DOMAIN ${qualified}`;
    case 'foreignDataWrapper':
      return `FOREIGN DATA WRAPPER ${quoteIdent(target.name)}`;
    case 'foreignServer':
      return `FOREIGN SERVER ${quoteIdent(target.name)}`;
    default:
      return assertNever(target.on, 'grant target');
  }
}

/**
 * The object part of `ALTER ... OWNER TO`: as GRANT names it, but any routine
 * is a `ROUTINE` (an aggregate too) and a server a `SERVER`; an object only
 * owned as `COMMENT ON` names it (`COLLATION s.c`).
 */
function alteredObjectSql(target: OwnerTarget): string {
  const { on } = target;
  if (isOwnedOnly(on)) return commentObjectSql({ ...target, on });
  switch (on) {
    case 'function':
    case 'procedure':
      return `ROUTINE ${quoteQualified(target.schema, target.name)}(${target.argumentTypes ?? ''})`;
    case 'foreignServer':
      return `SERVER ${quoteIdent(target.name)}`;
    default:
      return grantObjectSql({ ...target, on });
  }
}

/**
 * `ALTER object OWNER TO role`, `CURRENT_USER` for the role the revision runs
 * as; the `public` schema goes back to its default owner (`isPublicSchema`),
 * which depends on the server's version.
 */
export function compileAlterOwner(op: OperationOf<'alterOwner'>): Statement[] {
  if (op.to === undefined && isPublicSchema(op.on)) return [transactional(PUBLIC_TO_DEFAULT_OWNER)];
  const owner = op.to === undefined ? 'CURRENT_USER' : quoteIdent(op.to);
  return [transactional(`ALTER ${alteredObjectSql(op.on)} OWNER TO ${owner}`)];
}

const PUBLIC_TO_DEFAULT_OWNER = `DO $owner$ BEGIN
  EXECUTE format('ALTER SCHEMA public OWNER TO %I', pg_catalog.pg_get_userbyid(${PUBLIC_DEFAULT_OWNER_OID}));
END $owner$`;

/** `SELECT, UPDATE`, or with columns `SELECT ("a", "b"), UPDATE ("a", "b")`. */
function privilegesSql(op: OperationOf<'grant' | 'revoke'>): string {
  const columns = op.columns === undefined ? '' : ` (${op.columns.map(quoteIdent).join(', ')})`;
  return op.privileges.map((p) => `${p}${columns}`).join(', ');
}

/** `PUBLIC`, or a role's name quoted. */
function granteeSql(grantee: string): string {
  return grantee === PUBLIC_GRANTEE ? 'PUBLIC' : quoteIdent(grantee);
}

/**
 * The oid of the role that owns `target`, read when the statement runs: a
 * privilege of the owner's (`OWNER_GRANTEE`) is granted to or revoked from
 * whoever owns the object then.
 */
function ownerOidSql(target: GrantTarget): string {
  const name = quoteLiteral(target.name);
  const qualified = quoteQualified(target.schema, target.name);
  switch (target.on) {
    case 'schema':
      return `(SELECT nspowner FROM pg_catalog.pg_namespace WHERE nspname = ${name})`;
    case 'table':
    case 'view':
    case 'sequence':
      return `(SELECT relowner FROM pg_catalog.pg_class WHERE oid = ${quoteLiteral(qualified)}::pg_catalog.regclass)`;
    case 'function':
    case 'procedure':
      return `(SELECT proowner FROM pg_catalog.pg_proc WHERE oid = ${quoteLiteral(`${qualified}(${target.argumentTypes ?? ''})`)}::pg_catalog.regprocedure)`;
    case 'type':
    case 'domain':
      return `(SELECT typowner FROM pg_catalog.pg_type WHERE oid = ${quoteLiteral(qualified)}::pg_catalog.regtype)`;
    case 'foreignDataWrapper':
      return `(SELECT fdwowner FROM pg_catalog.pg_foreign_data_wrapper WHERE fdwname = ${name})`;
    case 'foreignServer':
      return `(SELECT srvowner FROM pg_catalog.pg_foreign_server WHERE srvname = ${name})`;
    default:
      return assertNever(target.on, 'grant target');
  }
}

/** `head grantee tail`; for the owner (`OWNER_GRANTEE`), run with the owner's name read then. */
function toGrantee(head: string, grantee: string, tail: string, target: GrantTarget): Statement {
  if (grantee !== OWNER_GRANTEE) return transactional(`${head}${granteeSql(grantee)}${tail}`);
  const owner = `pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(${ownerOidSql(target)}))`;
  const body = `BEGIN EXECUTE ${quoteLiteral(head)} || ${owner}${tail === '' ? '' : ` || ${quoteLiteral(tail)}`}; END`;
  return transactional(`DO ${quoteDollar(body, 'owner')}`);
}

/** `GRANT privileges ON object TO grantee [WITH GRANT OPTION]`. */
export function compileGrant(op: OperationOf<'grant'>): Statement[] {
  const option = op.withGrantOption === true ? ' WITH GRANT OPTION' : '';
  return [toGrantee(`GRANT ${privilegesSql(op)} ON ${grantObjectSql(op.on)} TO `, op.to, option, op.on)];
}

/**
 * `REVOKE privileges ON object FROM grantee`: the grant option goes with the privileges. The owner's
 * privileges granted with the option lose the option alone (`REVOKE GRANT OPTION FOR`): they are its own.
 */
export function compileRevoke(op: OperationOf<'revoke'>): Statement[] {
  const option = ownerOptionOnly(op) ? 'GRANT OPTION FOR ' : '';
  return [toGrantee(`REVOKE ${option}${privilegesSql(op)} ON ${grantObjectSql(op.on)} FROM `, op.from, '', op.on)];
}

/** `ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s]`: without `FOR ROLE`, the role the statement runs as. */
function defaultScopeSql(op: OperationOf<'grantDefault' | 'revokeDefault'>): string {
  const role = op.forRole === undefined ? '' : ` FOR ROLE ${quoteIdent(op.forRole)}`;
  const schema = op.inSchema === undefined ? '' : ` IN SCHEMA ${quoteIdent(op.inSchema)}`;
  return `ALTER DEFAULT PRIVILEGES${role}${schema}`;
}

/** The grantee of a default privilege: the owner's (`OWNER_GRANTEE`) is the role whose new objects they are. */
function defaultGranteeSql(op: OperationOf<'grantDefault' | 'revokeDefault'>, grantee: string): string {
  if (grantee !== OWNER_GRANTEE) return granteeSql(grantee);
  return op.forRole === undefined ? 'CURRENT_USER' : quoteIdent(op.forRole);
}

/** `ALTER DEFAULT PRIVILEGES ... GRANT privileges ON TABLES TO grantee [WITH GRANT OPTION]`. */
export function compileGrantDefault(op: OperationOf<'grantDefault'>): Statement[] {
  const option = op.withGrantOption === true ? ' WITH GRANT OPTION' : '';
  const on = op.on.toUpperCase();
  return [
    transactional(
      `${defaultScopeSql(op)} GRANT ${op.privileges.join(', ')} ON ${on} TO ${defaultGranteeSql(op, op.to)}${option}`,
    ),
  ];
}

/** `ALTER DEFAULT PRIVILEGES ... REVOKE privileges ON TABLES FROM grantee`. */
export function compileRevokeDefault(op: OperationOf<'revokeDefault'>): Statement[] {
  const on = op.on.toUpperCase();
  const option = ownerOptionOnly(op) ? 'GRANT OPTION FOR ' : '';
  return [
    transactional(
      `${defaultScopeSql(op)} REVOKE ${option}${op.privileges.join(', ')} ON ${on} FROM ${defaultGranteeSql(op, op.from)}`,
    ),
  ];
}
