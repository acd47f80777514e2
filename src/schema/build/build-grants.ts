import { assertNever } from '../../util/assert-never.js';
import { kindWord } from '../object-kinds.js';
import { TYPE_KINDS } from '../model-kinds.js';
import { invalidModel } from '../dsl/invalid-model.js';
import { declaredRoutineArguments } from './declared-routine.js';
import type { Metadata } from '../dsl/metadata.js';
import { declaredAccessOptions } from '../dsl/objects/objects.js';
import type { GrantEntry, GrantOn, PrivilegeName } from '../dsl/objects/grant.js';
import {
  COLUMN_PRIVILEGES,
  compareGrants,
  DEFAULT_GRANTS,
  describeGrantTarget,
  grantKey,
  KIND_PRIVILEGES,
  OWNER_GRANTEE,
  modelGrantee,
  PUBLIC_GRANTEE,
  type GrantModel,
  type GrantObjectKind,
  type GrantTarget,
  type Privilege,
  type SchemaModel,
} from '../model.js';

/** A declared object privileges can be on, with what its own options say of them. */
export interface DeclaredAccess {
  readonly target: GrantTarget;
  readonly grants?: readonly GrantEntry[];
  readonly owner?: string;
}

/**
 * Every declared object whose options can hold its privileges or its owner,
 * with them: tables, enums, and the objects of the lists whose declaration
 * says what those options are on (`grantOn`, `dsl/objects/objects.ts`); a
 * routine named by its placeholder argument types, `?0`, which the
 * canonical model resolves.
 */
export function declaredAccess(metadata: Metadata): DeclaredAccess[] {
  const out: DeclaredAccess[] = [];
  const add = (target: GrantTarget, options: { grants?: readonly GrantEntry[]; owner?: string }): void => {
    if (options.grants === undefined && options.owner === undefined) return;
    out.push({
      target,
      ...(options.grants === undefined ? {} : { grants: options.grants }),
      ...(options.owner === undefined ? {} : { owner: options.owner }),
    });
  };
  for (const t of metadata.tables) add({ on: 'table', schema: t.schema, name: t.name }, t.options);
  // An enum's grants are its own field; it takes no owner option.
  for (const e of metadata.enums) add({ on: 'type', schema: e.schema, name: e.name }, { grants: e.grants });
  for (const { target, options } of declaredAccessOptions(metadata.objects)) add(target, options);
  return out;
}

/**
 * Every privilege the metadata declares: the `grants` option of tables,
 * views, sequences, routines, enums, composite types, domains, foreign data
 * wrappers and servers, and `metadata.grants()`, one entry per privilege,
 * grantee and column. Each must be on an object of the model (a sequence may
 * be a serial or identity column's, and a wrapper an extension's, which the
 * model leaves implicit), and a `revoke()` must take away a privilege the
 * kind grants by default. A routine named without argument types must be the
 * only one of its name; its placeholder types are resolved with the
 * canonical model.
 */
export function buildGrants(metadata: Metadata, model: SchemaModel): GrantModel[] {
  const grants: GrantModel[] = [];
  for (const { target, grants: entries } of declaredAccess(metadata)) {
    if (entries !== undefined) grants.push(...expand(target, entries));
  }
  for (const def of metadata.objects.grants) {
    grants.push(...expand(grantTarget(def.on, def.defaultSchema, model), def.grants));
  }
  const seen = new Set<string>();
  for (const g of grants) {
    const key = grantKey(g);
    const what = `${g.privilege} on ${describeGrantTarget(g.target, g.column)} to ${g.grantee}`;
    if (seen.has(key)) throw invalidModel(what, 'is granted twice; keep one');
    seen.add(key);
  }
  for (const g of grants) {
    const taken = g.grantee === OWNER_GRANTEE && g.revoked !== true && seen.has(grantKey({ ...g, revoked: true }));
    if (taken)
      throw invalidModel(
        `${g.privilege} on ${describeGrantTarget(g.target)}`,
        'is both revoked from its owner and granted to it with the grant option; keep one',
      );
    validateTarget(g.target, g.column, model);
  }
  return grants.sort(compareGrants);
}

function privilegeOf(name: PrivilegeName): Privilege {
  return name.toUpperCase() as Privilege;
}

function expand(target: GrantTarget, entries: readonly GrantEntry[]): GrantModel[] {
  const out: GrantModel[] = [];
  const where = `grants on ${describeGrantTarget(target)}`;
  for (const entry of entries) {
    if (entry.kind === 'revoke') {
      for (const name of entry.privileges) {
        for (const from of entry.from.map(modelGrantee)) {
          const privilege = privilegeOf(name);
          const byDefault =
            from === OWNER_GRANTEE
              ? KIND_PRIVILEGES[target.on].includes(privilege)
              : DEFAULT_GRANTS[target.on].some((d) => d.grantee === from && d.privilege === privilege);
          if (!byDefault) {
            throw invalidModel(
              where,
              `revoke(['${name}'], '${from}') takes away only what a ${kindWord(target.on)} grants by default (its owner every privilege of the kind); leave the grant out instead`,
            );
          }
          out.push({ target, grantee: from, privilege, grantOption: false, revoked: true });
        }
      }
      continue;
    }
    const columns = entry.columns;
    if (columns !== undefined && target.on !== 'table' && target.on !== 'view')
      throw invalidModel(where, 'only a table or view has column privileges');
    if (columns !== undefined && columns.length === 0) throw invalidModel(where, 'columns: [] names no column');
    const allowed: readonly Privilege[] = columns === undefined ? KIND_PRIVILEGES[target.on] : COLUMN_PRIVILEGES;
    for (const name of entry.privileges) {
      const privilege = privilegeOf(name);
      if (!allowed.includes(privilege)) {
        const on = columns === undefined ? `a ${kindWord(target.on)}` : 'a column';
        throw invalidModel(
          where,
          `${name} is not a privilege of ${on}; use ${allowed.map((p) => p.toLowerCase()).join(', ')}`,
        );
      }
      for (const to of entry.to.map(modelGrantee)) {
        if (to === PUBLIC_GRANTEE && entry.withGrantOption)
          throw invalidModel(where, 'PUBLIC cannot be given the grant option; grant it to a role');
        if (to === OWNER_GRANTEE && (entry.withGrantOption !== true || columns !== undefined))
          throw invalidModel(
            where,
            columns === undefined
              ? `a ${kindWord(target.on)}'s owner holds ${name} by default; leave the grant out (revoke(['${name}'], 'OWNER') takes it away)`
              : "a column's privileges to its owner name the role; grant them to it by name",
          );
        if (
          DEFAULT_GRANTS[target.on].some((d) => d.grantee === to && d.privilege === privilege) &&
          columns === undefined
        )
          throw invalidModel(where, `a ${kindWord(target.on)} grants ${name} to ${to} by default; leave the grant out`);
        for (const column of columns ?? [undefined]) {
          out.push({
            target,
            ...(column === undefined ? {} : { column }),
            grantee: to,
            privilege,
            grantOption: entry.withGrantOption,
          });
        }
      }
    }
  }
  return out;
}

const ROUTINES = ['function', 'procedure'] as const;

/** The object `on` names, for `call` (`metadata.grants()`, `metadata.owner()`); a routine named without argument types must be the only one of its name. */
export function grantTarget(
  on: GrantOn,
  defaultSchema: string,
  model: SchemaModel,
  call = 'metadata.grants()',
): GrantTarget {
  const o = on as Partial<Record<string, string>>;
  const schema = o.schema ?? defaultSchema;
  for (const kind of ROUTINES) {
    const name = o[kind];
    if (name === undefined) continue;
    const argumentTypes =
      o.argumentTypes ??
      declaredRoutineArguments(
        model,
        kind === 'function' ? ['function', 'aggregate'] : [kind],
        schema,
        name,
        `${call} on ${kind} ${schema}.${name}`,
      );
    return { on: kind, schema, name, argumentTypes };
  }
  for (const kind of ['table', 'view', 'sequence', 'type', 'domain'] as const) {
    const name = o[kind];
    if (name !== undefined) return { on: kind, schema, name };
  }
  // A wrapper or server is the database's, in no schema.
  for (const kind of ['foreignDataWrapper', 'foreignServer'] as const) {
    const name = o[kind];
    if (name !== undefined) return { on: kind, schema: '', name };
  }
  if (o.schema !== undefined) return { on: 'schema', schema: o.schema, name: o.schema };
  throw invalidModel(call, 'names no object; pass e.g. { view: "active_users" } or { schema: "api" }');
}

const DECLARED: {
  readonly [K in GrantObjectKind]?: (model: SchemaModel) => readonly { schema: string; name: string }[];
} = {
  table: (m) => [...m.tables, ...m.foreignTables],
  view: (m) => m.views,
  // A domain's privileges are granted on it as a domain.
  type: (m) => TYPE_KINDS.filter((kind) => kind !== 'domains').flatMap((kind) => m[kind]),
  domain: (m) => m.domains,
  foreignServer: (m) => m.foreignServers.map((s) => ({ schema: '', name: s.name })),
};

/** Throws unless the target names an object of the model (routines with given argument types are checked later). */
export function validateTarget(
  target: GrantTarget,
  column: string | undefined,
  model: SchemaModel,
  where = `grants on ${describeGrantTarget(target, column)}`,
): void {
  switch (target.on) {
    case 'schema':
      if (target.name !== 'public' && !model.schemas.includes(target.name))
        throw invalidModel(where, 'no such schema is in the model');
      return;
    case 'table':
    case 'view':
    case 'type':
    case 'domain':
    case 'foreignServer': {
      const list = DECLARED[target.on]!(model);
      // Its columns are checked by the server: a view's are known only once it has read the query.
      if (!list.some((r) => r.schema === target.schema && r.name === target.name))
        throw invalidModel(where, `no such ${kindWord(target.on)} is declared`);
      return;
    }
    // A wrapper may be an extension's, which the model does not declare: the server checks it.
    case 'foreignDataWrapper':
    case 'sequence':
    case 'function':
    case 'procedure':
      return;
    default:
      return assertNever(target.on, 'grant target');
  }
}
