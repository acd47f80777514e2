import {
  asksSessionRole,
  differingTables,
  diffModels,
  mayAskDependencies,
  renamesFirst,
  type ComparisonOptions,
  type ModelComparison,
} from '../../autogen/compare.js';
import { accessReading, bookkeepingTables, type ResolvedConfig } from '../../config/load-config.js';
import type { Operation } from '../../ops/operation.js';
import { canonicalizeModel } from '../../canonical/canonicalize.js';
import { quoteIdents } from '../../pg/quote.js';
import { reachFixedPoint, withTextsAsCreated } from '../../canonical/canonical-fixpoint.js';
import { openProjectCache, type CanonicalCacheFile } from './canonical-cache-file.js';
import { schemaTranslation } from '../../fleet/map-operation-names.js';
import type { Driver } from '../../pg/connection/driver.js';
import { reflectRenamed } from '../../pg/reflect/reflect-renamed.js';
import { reflectDependencies, reflectGrants, reflectNamed, type ReflectOptions } from '../../pg/reflect.js';
import { droppedTargets, withUnmanagedGrants } from '../../autogen/diff/objects/compare-grants.js';
import { refuseKeepingMarkerNamed } from '../../pg/catalog/catalog-grants.js';
import type { RenameQuestion } from '../../autogen/renames/decide.js';
import { parseRenameRequest } from '../../autogen/renames/requests.js';
import type { RenameHint } from '../../schema/renames.js';
import {
  comparedSchemas,
  readAheadOr,
  rememberComparedSchemas,
  settled,
  startModelReading,
  type ReadAhead,
} from './read-ahead.js';
import { resolveRenames, type RenameOptions } from './renames.js';
import {
  compareDefaultPrivileges,
  grantTargetKey,
  isPublicSchema,
  type GrantModel,
  managedGrants,
  qualifiedKey,
  type OwnerModel,
  type PrivilegesSetting,
  type SchemaModel,
  type TableModel,
} from '../../schema/model.js';
import { createMissingRoles, currentRole, missingRoles, schemaOwner } from '../../pg/roles.js';
import { mapModelNames, modelInSchemas } from '../../schema/model-kinds.js';
import { AthanorError } from '../../util/errors.js';
import { compareText } from '../../util/strings.js';
import { collectAfterLargeFile } from '../../loader/heap-tuning.js';
import { loadDeclaredModel } from './declared-model.js';
import { ownSequenceName } from '../../schema/naming.js';

interface Diff {
  /** Operations that turn the database into the model, in a safe order: the renames first. */
  operations: Operation[];
  /** Differences autogenerate sees but does not write, one message each. */
  unsupported: string[];
  /** Rename candidates nothing decided (their objects are dropped and created in `operations`). */
  renames: RenameQuestion[];
  /** The database as the operations start from (after the decided renames). */
  current: SchemaModel;
}

/** The heap's size (live and dead) from which a comparison collects before it makes the canonical forms. */
const LARGE_HEAP = 160 << 20;

/** The old names of the schemas a hint or a `--rename schema:OLD=NEW` renames. */
function renamedSchemas(declared: SchemaModel, options: RenameOptions): string[] {
  const hinted = (declared.renames ?? []).filter((h) => h.kind === 'schema').map((h) => h.from);
  const flagged = (options.renames ?? [])
    .map((spelled) => parseRenameRequest(spelled, true))
    .filter((r) => r.kind === 'schema' && r.path.length === 1);
  return [...hinted, ...flagged.map((r) => r.path[0]!)];
}

/** What the tenants of one fleet command share: the declared model, and the template's canonical form. */
export interface DiffShared {
  declared?: Promise<SchemaModel>;
  template?: Promise<SchemaModel>;
  /** The project's cache of canonical table forms, read once per command (`.athanor/canonical-cache.json`). */
  cache?: CanonicalCacheFile;
}

/** Compares the model file with the live database (or one tenant of a fleet). */
export interface DiffOptions {
  renames?: RenameOptions;
  /** Told each phase as it starts (a line for a terminal), and null when the comparison is done. */
  progress?: (phase: string | null) => void;
  /** The reading of the database the caller started (`startModelReading`), else the comparison starts it. */
  ahead?: ReadAhead;
  /**
   * Given, the roles the config lists that the model names (its grants,
   * default privileges and owners) and the cluster lacks are created first
   * (`revision --autogenerate`: the comparison cannot do without them), and
   * it is told which before they are; the config's other roles are left to
   * `upgrade`. Absent, they are refused as any missing role is (`check`
   * changes nothing).
   */
  createRoles?: (creating: string[]) => void;
}

export async function diffDatabase(
  config: ResolvedConfig,
  driver: Driver,
  shared: DiffShared = {},
  options: DiffOptions = {},
): Promise<Diff> {
  const { progress = () => undefined } = options;
  const { ask, ...flags } = options.renames ?? {};
  // The progress line is cleared before a question, which then has the terminal to itself.
  const renames: RenameOptions =
    ask === undefined ? flags : { ...flags, ask: (question) => (progress(null), ask(question)) };
  progress('reading the model file');
  const exclude = bookkeepingTables(config);
  const ahead = options.ahead ?? (shared.declared === undefined ? startModelReading(config, driver) : undefined);
  // The model loads in one stretch of this process's time: the server's first statements go out before.
  await ahead?.started;
  let declared: SchemaModel;
  // The role the migrations run as, asked of the server once, by what needs it first.
  let session: Promise<string> | undefined;
  const sessionRole = (): Promise<string> => (session ??= currentRole(driver));
  try {
    declared = withManagedAccess(await (shared.declared ??= loadDeclaredModel(config.modelPath, config.root)), config);
    declared = await withSessionRole(sessionRole, declared);
    if (options.createRoles !== undefined) await createNamedRoles(driver, declared, config.roles, options.createRoles);
    await refuseMissingRoles(driver, declared, config.roles);
  } catch (error) {
    await settled(ahead);
    throw error;
  }
  const schemas = comparedSchemas(config, declared, renamedSchemas(declared, renames));
  // What uses what is read only when the comparison needs it (compareReadingUses).
  const reading = { schemas, exclude, dependencies: false, ...accessReading(config) };
  progress('reading the database');
  const read = await withDeclaredElsewhere(driver, await readAheadOr(ahead, driver, reading), declared);
  // Owners are read for the grants to them too (withoutOwnersGrants), and compared only when managed.
  const reflected = config.owners ? read : { ...read, owners: [] };
  if (!config.schemaMap) rememberComparedSchemas(config.root, schemas);
  // A tenant's comparison covers what lives in its schema, on both sides (tenantCanonical): the database's
  // own objects (wrappers, servers, casts of built-in types) are shared by every tenant.
  const live = config.schemaMap ? modelInSchemas(reflected, [config.schemaMap.schema]) : reflected;
  // The reading's rows are dead now, and would add up with the canonical forms made next (10,000 tables: 55 MiB less at the peak).
  collectAfterLargeFile(LARGE_HEAP);
  progress(
    'creating the model in scratch schemas where the database does not match it, to read it as the server prints it',
  );
  shared.cache ??= openProjectCache(config.root);
  const canonical = await withoutOwnersGrants(
    sessionRole,
    () => schemaOwner(driver, 'public'),
    config.schemaMap
      ? await tenantCanonical(config.schemaMap, driver, declared, shared)
      : await canonicalizeModel(driver, declared, live, shared.cache),
    config.owners ? undefined : read.owners,
  );
  shared.cache.save();
  const resolved = await resolveRenames(live, canonical, hintsOf(config, declared), renames, (ops) => {
    progress('trying the renames in a transaction that is rolled back');
    // Renamed, the database exists only inside that transaction: what uses what is read there.
    return reflectRenamed(driver, ops, { ...reading, owners: config.owners, dependencies: true });
  });
  let probed = false;
  const current = await reachFixedPoint(driver, canonical, resolved.current, shared.cache, () => {
    probed = true;
    progress(
      "creating the database's definitions that differ from the model again in scratch schemas, to compare them as the server prints them then",
    );
  });
  if (probed) shared.cache.save();
  progress('comparing');
  const withRole = asksSessionRole(current, canonical) ? { sessionRole: await sessionRole() } : {};
  const compared = await keepingUnmanagedGrants(
    driver,
    await compareReadingUses(driver, current, canonical, reading, withRole),
    canonical,
    { reading, privileges: config.privileges, sessionRole },
  );
  const operations = renamesFirst(resolved.operations, compared.operations);
  const diff = {
    // The texts the server would hold otherwise once created from their printing, written as they were created.
    operations: await withTextsAsCreated(driver, operations, [canonical, compared.current]),
    unsupported: compared.unsupported,
    renames: resolved.open,
    current: compared.current,
  };
  progress(null);
  return diff;
}

/**
 * The comparison again with the privileges the `privileges` setting leaves
 * alone kept on what it drops (`withUnmanagedGrants`): an object dropped and
 * created again (a view over a retyped column, say) keeps the grants the
 * application's roles have on it. They are read (one more statement) only
 * when the operations drop something, and compared again only when some are
 * on what the operations drop.
 */
async function keepingUnmanagedGrants(
  driver: Driver,
  compared: ModelComparison & { current: SchemaModel },
  canonical: SchemaModel,
  options: {
    reading: ReflectOptions & { schemas: string[]; exclude: { schema: string; name: string }[] };
    privileges: PrivilegesSetting;
    sessionRole: () => Promise<string>;
  },
): Promise<ModelComparison & { current: SchemaModel }> {
  if (options.privileges === 'all' || !compared.operations.some((op) => op.kind.startsWith('drop'))) return compared;
  const { grants, markerNamed } = await reflectGrants(driver, options.reading.schemas);
  const managed = new Set(managedGrants(grants, options.privileges));
  // Those on what the operations drop only: on anything else they would change nothing.
  const dropped = droppedTargets(compared.operations, compared.current);
  const unmanaged = grants.filter(
    (grant) =>
      !managed.has(grant) &&
      (dropped(grant.target) || (grant.column !== undefined && dropped(grant.target, grant.column))),
  );
  if (unmanaged.length === 0) return compared;
  refuseKeepingMarkerNamed(unmanaged, markerNamed);
  const sides = withUnmanagedGrants(compared.current, canonical, unmanaged);
  const withRole = asksSessionRole(sides.current, sides.target) ? { sessionRole: await options.sessionRole() } : {};
  return compareReadingUses(driver, sides.current, sides.target, options.reading, withRole);
}

/**
 * The comparison of `current` with `canonical`, run once. What uses what in
 * the database (`SchemaModel.dependencies`) only adds steps around changes
 * and reasons not to make some, so it is read (one more statement) before
 * the comparison only when the comparison may ask for it
 * (`mayAskDependencies`: the model changes or drops something the database
 * has), and then only for the tables that differ (`differingTables`),
 * whose uses the comparison asks about. An unchanged model, `check`'s usual
 * case, costs nothing more, nor does a model that only adds objects. Should
 * the comparison still ask about another table, what uses what is read for
 * every table and the models compared again, so that the result is always
 * the one with all of it.
 */
async function compareReadingUses(
  driver: Driver,
  current: SchemaModel,
  canonical: SchemaModel,
  reading: { schemas: string[]; exclude: { schema: string; name: string }[] },
  options: ComparisonOptions,
): Promise<ModelComparison & { current: SchemaModel }> {
  const withUses = async (tables?: readonly TableModel[]): Promise<SchemaModel> => ({
    ...current,
    dependencies: await reflectDependencies(driver, { ...reading, ...(tables === undefined ? {} : { tables }) }),
    ...(tables === undefined ? {} : { dependencyTables: tables.map((t) => qualifiedKey(t.schema, t.name)) }),
  });
  const compared = mayAskDependencies(current, canonical)
    ? await withUses(differingTables(current, canonical))
    : current;
  const comparison = diffModels(compared, canonical, options);
  if (!comparison.asksDependencies) return { ...comparison, current: compared };
  const again = await withUses();
  return { ...diffModels(again, canonical, options), current: again };
}

/**
 * The model with the privileges (and default privileges) the `privileges`
 * setting manages only, and its owners when the `owners` setting is on.
 */
export function withManagedAccess(
  model: SchemaModel,
  config: Pick<ResolvedConfig, 'privileges' | 'owners'>,
): SchemaModel {
  if (model.grants.length === 0 && model.defaultPrivileges.length === 0 && model.owners.length === 0) return model;
  return {
    ...model,
    grants: managedGrants(model.grants, config.privileges),
    defaultPrivileges: managedGrants(model.defaultPrivileges, config.privileges),
    owners: config.owners ? model.owners : [],
  };
}

/**
 * The model without its grants to the role that owns their object: an
 * owner's privileges are its own, which an ACL holds apart and a reading
 * leaves out (those on its columns aside: a column's ACL lists the owner as
 * any other grantee). The owner is the model's when it manages owners (`liveOwners`
 * absent), else the database's (`liveOwners`, those not the session's); a
 * sequence a column owns is its table's (no entry of its own: it moves with
 * the table), the `public` schema the database's (`publicOwner`, read only
 * when the model grants on it to the session's role), and anything else
 * without an entry the role the migrations run as.
 */
async function withoutOwnersGrants(
  sessionRole: () => Promise<string>,
  publicOwner: () => Promise<string>,
  model: SchemaModel,
  liveOwners: readonly OwnerModel[] | undefined,
): Promise<SchemaModel> {
  if (model.grants.length === 0) return model;
  const owners = new Map((liveOwners ?? model.owners).map((o) => [grantTargetKey(o.target), o.owner]));
  const session = await sessionRole();
  const tables = columnSequenceTables(model);
  const isPublic = (g: GrantModel): boolean => g.target.on === 'schema' && g.target.name === 'public';
  const publics = model.grants.some((g) => isPublic(g) && g.grantee === session) ? await publicOwner() : session;
  const ownerOf = (g: GrantModel): string => {
    if (isPublic(g)) return publics;
    const key = grantTargetKey(g.target);
    const table = tables.get(key);
    return owners.get(key) ?? (table === undefined ? undefined : owners.get(table)) ?? session;
  };
  // A column's ACL holds entries of the owner as of any role (the reading keeps them).
  const grants = model.grants.filter((g) => g.column !== undefined || g.grantee !== ownerOf(g));
  return grants.length === model.grants.length ? model : { ...model, grants };
}

/** The sequences columns own (a serial's, an identity's, one `OWNED BY` a column), by key, and their tables' keys. */
function columnSequenceTables(model: SchemaModel): Map<string, string> {
  const key = (on: 'table' | 'sequence', schema: string, name: string): string => grantTargetKey({ on, schema, name });
  const tables = new Map<string, string>();
  for (const t of model.tables)
    for (const c of t.columns) {
      const sequence = ownSequenceName(t.name, c);
      if (sequence !== null) tables.set(key('sequence', t.schema, sequence), key('table', t.schema, t.name));
    }
  for (const s of model.sequences)
    if (s.ownedBy !== null) tables.set(key('sequence', s.schema, s.name), key('table', s.schema, s.ownedBy.table));
  return tables;
}

/**
 * The model with the default privileges that name the session's role as
 * their `forRole` held without it, and without the owners that name it, as a
 * reading holds them: the role the migrations run as.
 */
async function withSessionRole(sessionRole: () => Promise<string>, model: SchemaModel): Promise<SchemaModel> {
  if (!model.defaultPrivileges.some((d) => d.role !== undefined) && model.owners.length === 0) return model;
  const session = await sessionRole();
  const defaultPrivileges = model.defaultPrivileges
    .map(({ role, ...rest }) => (role === session || role === undefined ? rest : { role, ...rest }))
    .sort(compareDefaultPrivileges);
  // An owner that is the session's is no entry: what the migrations create is theirs (the public schema's is).
  const owners = model.owners.filter((o) => o.owner !== session || isPublicSchema(o.target));
  return { ...model, defaultPrivileges, owners };
}

/** The roles a model names: its grantees, the roles of its default privileges, its owners. */
function namedRoles(model: SchemaModel): string[] {
  return [
    ...model.grants.map((g) => g.grantee),
    ...model.defaultPrivileges.flatMap((d) => [d.grantee, ...(d.role === undefined ? [] : [d.role])]),
    ...model.owners.map((o) => o.owner),
  ];
}

/** Creates the roles the config lists that the model names and the cluster lacks, telling which before. */
async function createNamedRoles(
  driver: Driver,
  model: SchemaModel,
  configured: readonly string[],
  told: (creating: string[]) => void,
): Promise<void> {
  const named = new Set(namedRoles(model));
  const wanted = configured.filter((role) => named.has(role));
  if (wanted.length === 0) return;
  const missing = await missingRoles(driver, wanted);
  if (missing.length === 0) return;
  told(missing);
  await createMissingRoles(driver, missing);
}

/** Refuses a model that grants to roles the cluster lacks, before anything is created or compared. */
export async function refuseMissingRoles(
  driver: Driver,
  model: SchemaModel,
  configured: readonly string[] = [],
): Promise<void> {
  const missing = await missingRoles(driver, namedRoles(model));
  if (missing.length === 0) return;
  const listed = missing.every((role) => configured.includes(role));
  const fix = listed
    ? '`migrate revision --autogenerate` and `migrate upgrade` create them (roles in the config)'
    : 'create them first (CREATE ROLE, or list them in roles in the config for upgrade to create), or take them out of the model';
  throw new AthanorError(
    'missing-roles',
    `the model grants privileges to roles the database does not have: ${missing.join(', ')}; ${fix}`,
  );
}

/** The model's rename hints; for a tenant, in the tenant's schema. */
function hintsOf(config: ResolvedConfig, declared: SchemaModel): readonly RenameHint[] {
  const hints = declared.renames ?? [];
  const map = config.schemaMap;
  if (!map) return hints;
  const schema = (name: string): string => (name === map.template ? map.schema : name);
  return hints.map((h) => (h.kind === 'schema' ? h : { ...h, schema: schema(h.schema) }));
}

/**
 * One tenant schema's part of the model, canonical: the template's canonical
 * form (made once per fleet command) with the template's names translated to
 * the tenant's as the server spells them (`quote_ident`), so it reads as a
 * reflection of the tenant schema would.
 */
async function tenantCanonical(
  map: { template: string; schema: string },
  driver: Driver,
  declared: SchemaModel,
  shared: DiffShared,
): Promise<SchemaModel> {
  shared.template ??= canonicalizeModel(driver, declared, undefined, shared.cache);
  const template = await shared.template;
  const quoted = (await quoteIdents(driver, [map.schema])).get(map.schema)!;
  return modelInSchemas(mapModelNames(template, schemaTranslation(map.template, map.schema, quoted)), [map.schema]);
}

/**
 * The reading, with the publications and extensions the model declares that
 * it left out, read by name (a statement more for each kind, only then): a
 * publication listing only tables of schemas the comparison does not read,
 * an extension moved to such a schema (the comparison moves it back).
 */
async function withDeclaredElsewhere(driver: Driver, read: SchemaModel, declared: SchemaModel): Promise<SchemaModel> {
  const left = <T extends { name: string }>(had: readonly T[], wanted: readonly T[]): string[] => {
    const have = new Set(had.map((o) => o.name));
    return wanted.map((o) => o.name).filter((name) => !have.has(name));
  };
  const found = await reflectNamed(driver, {
    publications: left(read.publications, declared.publications),
    extensions: left(read.extensions, declared.extensions),
  });
  if (found.publications.length === 0 && found.extensions.length === 0) return read;
  const byName = (a: { name: string }, b: { name: string }): number => compareText(a.name, b.name);
  return {
    ...read,
    publications: [...read.publications, ...found.publications].sort(byName),
    extensions: [...read.extensions, ...found.extensions].sort(byName),
  };
}
