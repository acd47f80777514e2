import type { Operation } from '../../../ops/operation.js';
import type {
  DefaultPrivilegeObjects,
  GrantModel,
  GrantObjectKind,
  GrantTarget,
  OwnerModel,
  OwnerTarget,
  Privilege,
  SchemaModel,
} from '../../../schema/model.js';
import { compareGrants, defaultPrivilegeKey, grantKey, grantTargetKey, OWNER_GRANTEE } from '../../../schema/model.js';
import { modelGrantTargets } from '../../../schema/model-kinds.js';
import { droppedObjects, implicitSequences } from './compare-comments.js';

/**
 * The privilege operations around the others (the scheduler, `order/schedule.ts`,
 * puts `revokes` before and `grants` after them). An entry of an ACL the
 * target lacks is taken away at the start: a privilege granted is revoked,
 * a default privilege revoked is granted back; one the target adds is put
 * in at the end, once every object exists. An object the operations drop
 * (for good, or to create it again) loses its entries first, while it
 * exists, so that the downgrade puts them back; they are put in again at
 * the end when it comes back. A privilege whose grant option changes is
 * revoked and granted again. Revoking a privilege on a table or view revokes
 * it on each of its columns too: the grantee's privileges on columns go with
 * it, and those the target has are granted again at the end. The
 * scheduler puts each part in order (`order/envelope.ts`).
 */
export function grantSteps(
  current: SchemaModel,
  target: SchemaModel,
  ops: readonly Operation[],
  sessionRole?: string,
): { revokes: Operation[]; grants: Operation[] } {
  const isDropped = droppedTargets(ops, current);
  const { given, givenBack } = defaultsGiven(current, target, isDropped, sessionRole);
  if (current.grants.length === 0 && target.grants.length === 0 && given.length === 0 && givenBack.length === 0)
    return { revokes: [], grants: [] };
  const before = new Map(current.grants.map((g) => [grantKey(g), g]));
  const after = new Map(target.grants.map((g) => [grantKey(g), g]));
  const heldByOldOwner = oldOwnersOf(current, target, sessionRole);
  const { removed, added } = aclEntryChanges(
    before,
    after,
    (entry) => isDropped(entry.target, entry.column) || heldByOldOwner(entry),
  );
  columnsOfRevokedTables(before, after, removed, added);
  // What the default privileges give an object the revision creates and the target does not: taken away after.
  added.push(...given.filter((entry) => !after.has(grantKey({ ...entry, revoked: undefined }))));
  removed.push(...givenBack.filter((entry) => !before.has(grantKey({ ...entry, revoked: undefined }))));
  // An entry taken away and put back as it was: its object is dropped and made again.
  const back = new Map(added.map((entry) => [grantKey(entry), entry.grantOption]));
  const remade = new Set(
    removed.filter((entry) => back.get(grantKey(entry)) === entry.grantOption).map((entry) => grantKey(entry)),
  );
  return {
    // The entries in the model's order make each operation's privileges (and columns) read in it.
    revokes: operationsOf(removed.sort(compareGrants), 'remove', remade),
    grants: operationsOf(added.sort(compareGrants), 'add', remade),
  };
}

/**
 * Whether an entry is held by the owner of an object that changes hands. `ALTER ... OWNER TO` gives
 * the old owner's entries to the new one (a privilege on a column granted to the old owner becomes
 * the new owner's), so each is revoked before, while the old owner holds it, and granted again after
 * where the target has it. A model names no owner where it is the role the migrations run as: an
 * object it names no owner of on one side changes hands when it names one on the other; entries of
 * that role are known only when the role is (`sessionRole`).
 */
function oldOwnersOf(
  current: SchemaModel,
  target: SchemaModel,
  sessionRole: string | undefined,
): (entry: GrantModel) => boolean {
  if (current.owners.length === 0 && target.owners.length === 0) return () => false;
  const was = new Map(current.owners.map((o) => [grantTargetKey(o.target), o.owner]));
  const will = new Map(target.owners.map((o) => [grantTargetKey(o.target), o.owner]));
  return (entry) => {
    const key = grantTargetKey(entry.target);
    const old = was.get(key);
    const next = will.get(key);
    return old === undefined
      ? next !== undefined && entry.grantee === sessionRole
      : entry.grantee === old && next !== old;
  };
}

/**
 * The privileges the default privileges of the role the migrations run as
 * give the objects made while the revision runs, as entries to take away
 * (`revoked`): those kept through it (whose changes come after the objects),
 * in the object's schema or everywhere; none to the object's owner, whose
 * privileges are its own. `given`: the objects the upgrade makes (the
 * target has them and the database lacks them, or they are dropped to be
 * made again); `givenBack`: those the downgrade makes again, granted first
 * so that the downgrade revokes them last. None without the role.
 */
function defaultsGiven(
  current: SchemaModel,
  target: SchemaModel,
  isDropped: (target: OwnerTarget) => boolean,
  sessionRole: string | undefined,
): { given: GrantModel[]; givenBack: GrantModel[] } {
  const kept = new Set(target.defaultPrivileges.map(defaultPrivilegeKey));
  const defaults = current.defaultPrivileges.filter(
    (d) => d.role === undefined && d.revoked !== true && kept.has(defaultPrivilegeKey(d)),
  );
  if (sessionRole === undefined || defaults.length === 0) return { given: [], givenBack: [] };
  const objects = { current: grantableObjects(current), target: grantableObjects(target) };
  const keys = (list: readonly [GrantTarget, DefaultPrivilegeObjects][]): Set<string> =>
    new Set(list.map(([object]) => grantTargetKey(object)));
  const made = (
    list: readonly [GrantTarget, DefaultPrivilegeObjects][],
    before: ReadonlySet<string>,
    owners: readonly OwnerModel[],
  ): GrantModel[] => {
    const ownerOf = new Map(owners.map((o) => [grantTargetKey(o.target), o.owner]));
    return list.flatMap(([object, kind]) => {
      if (before.has(grantTargetKey(object)) && !isDropped(object)) return [];
      const owner = ownerOf.get(grantTargetKey(object)) ?? sessionRole;
      return defaults
        .filter(
          (d) =>
            d.on === kind &&
            d.grantee !== owner &&
            (d.schema === undefined || (kind !== 'schemas' && d.schema === object.schema)),
        )
        .map((d): GrantModel => ({
          target: object,
          grantee: d.grantee,
          privilege: d.privilege,
          // The owner keeps its privileges: what a default gives it is the grant option, taken away alone.
          grantOption: d.grantee === OWNER_GRANTEE,
          revoked: true,
        }));
    });
  };
  return {
    given: made(objects.target, keys(objects.current), target.owners),
    givenBack: made(objects.current, keys(objects.target), current.owners),
  };
}

/**
 * The sides with `unmanaged` (privileges the `privileges` setting leaves alone, as the database has
 * them) on both where their object (and column) is on both: an object the operations drop and create
 * again gets them back, as it had them, and its downgrade too; one dropped for good loses them first,
 * so that its downgrade gives them back. On an object kept as it is they change nothing.
 */
export function withUnmanagedGrants(
  current: SchemaModel,
  target: SchemaModel,
  unmanaged: readonly GrantModel[],
): { current: SchemaModel; target: SchemaModel } {
  if (unmanaged.length === 0) return { current, target };
  const on = (model: SchemaModel): ((grant: GrantModel) => boolean) => {
    const objects = grantTargets(model);
    return (grant) => {
      const columns = objects.get(grantTargetKey(grant.target));
      return columns !== undefined && (grant.column === undefined || columns.has(grant.column));
    };
  };
  const withThem = (model: SchemaModel): SchemaModel => ({
    ...model,
    grants: [...model.grants, ...unmanaged.filter(on(model))].sort(compareGrants),
  });
  return { current: withThem(current), target: withThem(target) };
}

/** The objects of a model privileges can be on (`grantTargetKey`), each with its columns (none but a table's or view's). */
function grantTargets(model: SchemaModel): Map<string, ReadonlySet<string>> {
  const none: ReadonlySet<string> = new Set();
  const columnsOf = new Map<string, ReadonlySet<string>>();
  for (const t of [...model.tables, ...model.foreignTables])
    columnsOf.set(
      grantTargetKey({ on: 'table', schema: t.schema, name: t.name }),
      new Set(t.columns.map((c) => c.name)),
    );
  for (const v of model.views)
    columnsOf.set(
      grantTargetKey({ on: 'view', schema: v.schema, name: v.name }),
      new Set(v.columns.map((c) => c.name)),
    );
  const targets = new Map<string, ReadonlySet<string>>();
  for (const object of targetsOf(model)) {
    const key = grantTargetKey(object);
    targets.set(key, columnsOf.get(key) ?? none);
  }
  return targets;
}

/** What privileges can be on in a model: its objects (`modelGrantTargets`) and its serial and identity columns' own sequences. */
function targetsOf(model: SchemaModel): GrantTarget[] {
  return [
    ...modelGrantTargets(model),
    // A serial or identity column's own sequence, made with its column.
    ...[...implicitSequences(model).values()].map((q): GrantTarget => ({
      on: 'sequence',
      schema: q.schema,
      name: q.name,
    })),
  ];
}

/** Which default privileges an object of each kind takes when it is created: none for a wrapper or a server. */
const DEFAULTS_TAKEN: { readonly [K in GrantObjectKind]: DefaultPrivilegeObjects | null } = {
  schema: 'schemas',
  table: 'tables',
  view: 'tables',
  sequence: 'sequences',
  function: 'functions',
  procedure: 'functions',
  type: 'types',
  domain: 'types',
  foreignDataWrapper: null,
  foreignServer: null,
};

/** The objects of a model default privileges apply to when they are created, each with the kind of its defaults. */
function grantableObjects(model: SchemaModel): [GrantTarget, DefaultPrivilegeObjects][] {
  return targetsOf(model).flatMap((object): [GrantTarget, DefaultPrivilegeObjects][] => {
    const taken = DEFAULTS_TAKEN[object.on];
    return taken === null ? [] : [[object, taken]];
  });
}

/**
 * The entries of an ACL (privileges, default privileges) to take away and to
 * put in, each map keyed by entry: one whose object the operations drop goes
 * (and comes back when the target has it), one the target lacks goes, one
 * whose grant option changes goes and comes back, one the target adds comes.
 */
export function aclEntryChanges<T extends { readonly grantOption: boolean }>(
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  dropped: (entry: T) => boolean,
): { removed: T[]; added: T[] } {
  const removed: T[] = [];
  const added: T[] = [];
  for (const [key, entry] of before) {
    const next = after.get(key);
    if (dropped(entry)) {
      removed.push(entry);
      if (next !== undefined) added.push(next);
    } else if (next === undefined) removed.push(entry);
    else if (next.grantOption !== entry.grantOption) {
      removed.push(entry);
      added.push(next);
    }
  }
  for (const [key, entry] of after) if (!before.has(key)) added.push(entry);
  return { removed, added };
}

/**
 * Adds to `removed` the column entries a table-wide revoke in it takes away
 * with it (the same relation, grantee and privilege), and to `added` those of
 * them the target keeps: the downgrade, run in reverse, then grants the
 * columns again after it grants the table's.
 */
function columnsOfRevokedTables(
  before: ReadonlyMap<string, GrantModel>,
  after: ReadonlyMap<string, GrantModel>,
  removed: GrantModel[],
  added: GrantModel[],
): void {
  const whole = (entry: GrantModel): string =>
    JSON.stringify([grantTargetKey(entry.target), entry.grantee, entry.privilege]);
  const revoked = new Set(removed.filter((e) => e.column === undefined && e.revoked !== true).map(whole));
  if (revoked.size === 0) return;
  const gone = new Set(removed.map(grantKey));
  const back = new Set(added.map(grantKey));
  for (const [key, entry] of before) {
    if (entry.column === undefined || gone.has(key) || !revoked.has(whole(entry))) continue;
    removed.push(entry);
    const kept = after.get(key);
    if (kept !== undefined && !back.has(key)) added.push(kept);
  }
}

/**
 * Whether the operations drop the object (or column) privileges or an owner
 * are on: a wrapper or server by its own drop, the others as the drops of
 * the objects comments are on are looked up.
 */
export function droppedTargets(
  ops: readonly Operation[],
  current: SchemaModel,
): (target: OwnerTarget, column?: string) => boolean {
  const dropped = droppedObjects(ops, current);
  const foreign = new Set<string>();
  for (const op of ops) {
    if (op.kind === 'dropForeignDataWrapper')
      foreign.add(grantTargetKey({ on: 'foreignDataWrapper', schema: '', name: op.name }));
    else if (op.kind === 'dropForeignServer')
      foreign.add(grantTargetKey({ on: 'foreignServer', schema: '', name: op.name }));
  }
  return (target, column) => {
    const { on, schema, name } = target;
    switch (on) {
      case 'foreignDataWrapper':
      case 'foreignServer':
        return foreign.has(grantTargetKey(target));
      default:
        if (column !== undefined) return dropped({ on: 'column', schema, parent: name, name: column });
        return dropped({
          // A domain is a type to a comment and to a drop.
          on: on === 'domain' ? 'type' : on,
          schema,
          name,
          ...(target.argumentTypes === undefined ? {} : { argumentTypes: target.argumentTypes }),
        });
    }
  };
}

/**
 * The entries as `grant` and `revoke` operations, one per object, grantee,
 * grant option and direction, with the privileges of each column list
 * together: adding a privilege grants it (revokes it for a default taken
 * away), removing one revokes it (grants it back for a default). Those of
 * entries in `remade` (by `grantKey`) are marked so.
 */
function operationsOf(
  entries: readonly GrantModel[],
  direction: 'add' | 'remove',
  remade: ReadonlySet<string>,
): Operation[] {
  // Per object, grantee, kind of step, grant option and whether the object is made again: the privileges of
  // each column (or of the object, '').
  const groups = new Map<
    string,
    {
      target: GrantTarget;
      grantee: string;
      grant: boolean;
      option: boolean;
      remade: boolean;
      columns: Map<string, Privilege[]>;
    }
  >();
  for (const entry of entries) {
    const grant = (direction === 'add') !== (entry.revoked === true);
    const again = remade.has(grantKey(entry));
    const key = JSON.stringify([grantTargetKey(entry.target), entry.grantee, grant, entry.grantOption, again]);
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        target: entry.target,
        grantee: entry.grantee,
        grant,
        option: entry.grantOption,
        remade: again,
        columns: new Map(),
      };
      groups.set(key, group);
    }
    const column = entry.column ?? '';
    group.columns.set(column, [...(group.columns.get(column) ?? []), entry.privilege]);
  }
  const ops: Operation[] = [];
  for (const group of groups.values()) {
    // Columns with the same privileges share one statement; the object's own come first.
    const byPrivileges = new Map<string, { privileges: Privilege[]; columns: string[] }>();
    for (const [column, privileges] of group.columns) {
      const key = JSON.stringify([column === '', privileges]);
      const same = byPrivileges.get(key) ?? { privileges, columns: [] };
      if (column !== '') same.columns.push(column);
      byPrivileges.set(key, same);
    }
    for (const { privileges, columns } of byPrivileges.values()) {
      const common = {
        on: group.target,
        privileges,
        ...(columns.length === 0 ? {} : { columns }),
        ...(group.option ? { withGrantOption: true as const } : {}),
        ...(group.remade ? { remade: true as const } : {}),
      };
      ops.push(
        group.grant
          ? { kind: 'grant', ...common, to: group.grantee }
          : { kind: 'revoke', ...common, from: group.grantee },
      );
    }
  }
  return ops;
}
