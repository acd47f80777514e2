import type { Operation } from '../ops/operation.js';
import type {
  DomainModel,
  ExtensionModel,
  FunctionModel,
  SchemaModel,
  SequenceModel,
  TableModel,
  TriggerModel,
  ViewModel,
} from '../schema/model.js';
import { multirangeTypeName, qualifiedKey } from '../schema/model.js';
import { NAMED_KINDS } from '../schema/model-kinds.js';
import { elementType, qualifiedTypeName } from '../schema/types.js';
import { serialSequences } from '../schema/naming.js';
import { routineKey } from '../schema/object-keys.js';
import { compileOperation } from '../pg/ddl/compile.js';
import { readingRoutinesOf, withCallsHeldBack } from '../ops/dependency-order.js';
import type { Driver } from '../pg/connection/driver.js';
import {
  attempt,
  createExtensionStatement,
  extensionInstalled,
  extensionMemberNames,
  extensionOperatorsNamed,
  routineArgumentTypes,
  searchPathThrough,
} from '../pg/scratch/scratch.js';
import { moveSqlBodyNames, qualifyName, qualifyStatisticsTable } from '../pg/scratch/sql-qualify.js';
import { mapModelNames } from '../schema/model-kinds.js';
import { isOperatorName } from '../sql/lexer.js';
import { intoScratch, scratchMove } from './scratch-names.js';
import { relocatedExtensionMembers, relocation } from './canonicalize-extensions.js';
import { scratchServers } from './canonicalize-foreign.js';
import { guarded, modelLoadError } from './canonical-errors.js';
import { holdsViewRowType } from './canonical-batches.js';
import { namesScratch, type ScratchObjects } from './canonical-restore.js';

/**
 * The part of canonicalization (see canonicalize.ts) that concerns
 * extensions, collations, sequences, domains, views, routines, triggers and comments:
 * moving their references into the scratch schemas, creating them there in
 * an order the server accepts, and reading them back under their own names (canonical-restore.ts).
 */

const ROUTINE_WORDS = ['function', 'procedure', 'aggregate'] as const;

/**
 * Creates the declared extensions that are not installed yet (in the scratch
 * copy of their schema, so their types move with the model) and returns the
 * scratch model: every object in the scratch copy of its schema, and
 * references to declared objects, and to those extensions' objects, moved
 * there too.
 */
export async function prepareScratchObjects(
  driver: Driver,
  declared: SchemaModel,
  rename: ReadonlyMap<string, string>,
): Promise<ScratchObjects> {
  const names = new Set<string>();
  const add = (schema: string, name: string): void => {
    names.add(qualifiedKey(schema, name));
  };
  for (const kind of NAMED_KINDS) for (const o of declared[kind]) add(o.schema, o.name);
  // A range's multirange type, which a column's type may name.
  for (const range of declared.ranges) add(range.schema, multirangeTypeName(range));
  // A serial column's sequence, which another table's default may read.
  for (const { key } of serialSequences(declared.tables)) names.add(key);
  // Operators that move: the declared ones, those of the extensions created and of those installed elsewhere.
  const operators: { schema: string; name: string }[] = declared.operators.map(({ schema, name }) => ({
    schema,
    name,
  }));
  const installed: ExtensionModel[] = [];
  for (const extension of declared.extensions) {
    const members = await createExtension(driver, extension.name, extension.schema, rename);
    if (members === null) installed.push(extension);
    for (const member of members ?? []) {
      add(extension.schema, member);
      if (isOperatorName(member)) operators.push({ schema: extension.schema, name: member });
    }
  }
  // An extension the revision moves is still where the database has it: read its members there.
  const relocated = await relocatedExtensionMembers(driver, installed);
  operators.push(...relocated.filter((m) => isOperatorName(m.name)));
  // Where an installed extension's operators share a moving operator's name, the operands choose (`intoScratch`).
  const shared = await extensionOperatorsNamed(driver, operators);
  const sharedKeys = new Set(shared.map((o) => qualifiedKey(o.schema, o.name)));
  // A relocated extension's routines may name its other members unqualified (earthdistance's ll_to_earth, inlined
  // in an index), which only its schema on the search path resolves.
  if (shared.length > 0 || relocated.length > 0)
    await searchPathThrough(driver, [...shared.map((o) => o.schema), ...relocated.map((m) => m.installed)], rename);
  const located = relocated.length === 0 ? declared : mapModelNames(declared, relocation(relocated, sharedKeys));
  const moved = mapModelNames(located, intoScratch(rename, names, sharedKeys));
  // A SQL function's body is inlined where an index calls it: it names the scratch copies too.
  const move = scratchMove(rename, names);
  const model: SchemaModel = {
    ...moved,
    functions: moved.functions.map((f) => ({
      ...f,
      definition: moveSqlBodyNames(qualifyName(f.definition, ROUTINE_WORDS, f.schema), move),
    })),
    triggers: moved.triggers.map((t) => ({ ...t, definition: qualifyName(t.definition, ['on'], t.schema) })),
    rules: moved.rules.map((r) => ({ ...r, definition: qualifyName(r.definition, ['to'], r.schema) })),
    statistics: moved.statistics.map((s) => ({
      ...s,
      definition: qualifyStatisticsTable(qualifyName(s.definition, ['statistics'], s.schema), s.tableSchema),
    })),
  };
  return { model, argumentTypes: new Map(), created: new Set(), servers: new Map() };
}

/** Installs an extension in the scratch copy of its schema unless it is installed already (null); the names of its objects. */
async function createExtension(
  driver: Driver,
  name: string,
  schema: string,
  rename: ReadonlyMap<string, string>,
): Promise<string[] | null> {
  if (await extensionInstalled(driver, name)) return null;
  const target = rename.get(schema) ?? schema;
  await guarded(driver, `extension ${name}`, [createExtensionStatement(name, target)]);
  return extensionMemberNames(driver, name);
}

function statementsOf(op: Operation): string[] {
  return compileOperation(op).map((statement) => statement.sql);
}

interface Pending {
  what: string;
  statements: string[];
  /** A type over a table's row type: it waits for the tables. */
  afterTables?: boolean;
  /** A domain with a default or checks: created without them, and what sets them once the routines are. */
  bare?: { create: string[]; set: Pending };
  /** Called once it has been created. */
  done?: () => Promise<void>;
}

/**
 * Creates what it can, again and again while that makes progress, so that
 * objects depending on each other end up created whatever their declaration
 * order. Throws the first failure of what remains.
 */
async function createAll(driver: Driver, pending: Pending[], lenient: boolean): Promise<Pending[]> {
  let remaining = pending;
  const errors = new Map<Pending, unknown>();
  for (let progress = true; progress && remaining.length > 0;) {
    const failed: Pending[] = [];
    for (const item of remaining) {
      const error = await attempt(driver, item.statements);
      if (error === null) await item.done?.();
      else {
        errors.set(item, error);
        failed.push(item);
      }
    }
    progress = failed.length < remaining.length;
    remaining = failed;
  }
  const first = remaining[0];
  if (!lenient && first !== undefined) throw modelLoadError(first.what, errors.get(first));
  return remaining;
}

/**
 * Creates the scratch model: `tableOps` (what canonicalize.ts creates for
 * tables and enums) around the other objects - collations and text search
 * objects first, then enums; domains, composite and range types, sequences,
 * the routines that need no table, operators and operator classes (after
 * their types and functions, before the checks, indexes and defaults that
 * use them), foreign objects and the casts whose types and functions exist
 * by then before the tables; views, the remaining routines (then a domain's
 * default or checks calling one, and a table's checks, indexes and defaults:
 * `withCallsHeldBack`), sequence owners, triggers, rules,
 * statistics and the other casts after them. A table with a column of a
 * view's row type, or of a type over a table's row type, waits for the views
 * and those types, and the views reading it for it.
 */
export async function createScratchModel(
  driver: Driver,
  scratch: ScratchObjects,
  tableOps: readonly Operation[],
  applyTableOps: (ops: readonly Operation[]) => Promise<void>,
): Promise<void> {
  const { model } = scratch;
  const { now, afterViews } = viewRowTypeTables(model, tableOps);
  const firstTable = now.findIndex((op) => op.kind === 'createTable');
  const split = firstTable < 0 ? now.length : firstTable;
  for (const collation of model.collations) {
    await guarded(driver, `collation ${collation.name}`, statementsOf({ kind: 'createCollation', collation }));
  }
  await createTextSearchObjects(driver, model);
  await applyTableOps(now.slice(0, split));
  // Domains, composite and range types, in whatever order they use each other; those over a table's row type wait
  // for it, and those using a routine of the model's (a range's canonical function, a domain check's) for the routines.
  const failed = await createAll(driver, pendingTypes(model), true);
  // A domain whose default or checks call a routine that takes or returns it (or a type over it) cannot wait for the
  // routine, nor the routine for it: it is created without them, and they are set once the routines are.
  const bare = new Set<Pending>();
  for (const t of failed)
    if (t.bare !== undefined && t.afterTables !== true && (await attempt(driver, t.bare.create)) === null) bare.add(t);
  const types = await createAll(
    driver,
    failed.filter((t) => !bare.has(t)),
    true,
  );
  // What sets those defaults and checks waits for the routines, and for the tables when a routine's body reads one.
  const domainCalls = [...bare].map((t) => t.bare!.set);
  const typesLeft = types.filter((t) => t.afterTables !== true);
  for (const sequence of model.sequences) {
    await guarded(
      driver,
      `sequence ${sequence.name}`,
      statementsOf({ kind: 'createSequence', sequence: { ...sequence, ownedBy: null } }),
    );
  }
  const routines = model.functions.map((f) => pendingRoutine(driver, scratch, f));
  const later = await createAll(driver, routines, true);
  // What the tables are created with that calls a routine not created yet (over a table's row type, say), and the
  // indexes calling one reading a table (Postgres reads a SQL function's body as it builds one), wait for them.
  const names = (functions: readonly FunctionModel[]): Set<string> => new Set(functions.map((f) => f.name));
  const calls = {
    late: names(model.functions.filter((_, i) => later.includes(routines[i]!))),
    reading: names(readingRoutinesOf(model)),
  };
  const tables = now.slice(split).map((op) => withCallsHeldBack(op, calls));
  await createAll(driver, typesLeft, false);
  const callsLeft = await createAll(driver, domainCalls, true);
  // An operator over a function that needs a table waits for it.
  const operators = model.operators.map((o) =>
    pendingOp(`operator ${o.schema}.${o.name}`, { kind: 'createOperator', operator: o }),
  );
  const classes = model.operatorClasses.map((c) =>
    pendingOp(`operator class ${c.schema}.${c.name}`, { kind: 'createOperatorClass', operatorClass: c }),
  );
  const laterOperators = await createAll(driver, [...operators, ...classes], true);
  await createForeignObjects(driver, scratch);
  // Casts before the tables, whose defaults, checks and indexes may cast; those needing what comes later, last.
  const casts = model.casts
    .filter(namesScratch)
    .map((c) => pendingOp(`cast (${c.source} AS ${c.target})`, { kind: 'createCast', cast: c }));
  const laterCasts = await createAll(driver, casts, true);
  await applyTableOps(tables.flatMap((t) => (t.op === null ? [] : [t.op])));
  const views = model.views.map((v: ViewModel) => pendingOp(`view ${v.name}`, { kind: 'createView', view: v }));
  const waiting = await createAll(
    driver,
    [...types.filter((t) => t.afterTables === true), ...later, ...callsLeft, ...laterOperators, ...views],
    afterViews.length > 0,
  );
  if (afterViews.length > 0) {
    await applyTableOps(afterViews);
    await createAll(driver, waiting, false);
  }
  await applyTableOps(tables.flatMap((t) => t.held));
  for (const sequence of model.sequences.filter((s: SequenceModel) => s.ownedBy !== null)) {
    const op: Operation = {
      kind: 'alterSequence',
      schema: sequence.schema,
      name: sequence.name,
      to: { ownedBy: sequence.ownedBy },
    };
    await guarded(driver, `sequence ${sequence.name}`, statementsOf(op));
  }
  await createAll(
    driver,
    model.triggers.map((t: TriggerModel) => pendingOp(`trigger ${t.name}`, { kind: 'createTrigger', trigger: t })),
    false,
  );
  await createAll(
    driver,
    model.rules.map((r) => pendingOp(`rule ${r.name} on ${r.table}`, { kind: 'createRule', rule: r })),
    false,
  );
  await createAll(
    driver,
    model.statistics.map((s) => pendingOp(`statistics ${s.name}`, { kind: 'createStatistics', statistics: s })),
    false,
  );
  await createAll(driver, laterCasts, false);
}

/**
 * `tableOps` split in two: those to apply before the views, and the tables
 * with a column of a view's row type or of a type over a table's row type
 * (or an array of one) with their foreign keys and defaults, and
 * the foreign keys referencing them, which wait for the views and those types.
 */
function viewRowTypeTables(
  model: SchemaModel,
  tableOps: readonly Operation[],
): { now: Operation[]; afterViews: Operation[] } {
  const holdsView = holdsViewRowType(model);
  const late = typesOverRowTypes(model);
  const holdsLate = (table: TableModel): boolean => table.columns.some((c) => late.has(elementType(c.type)));
  const waiting = new Set(
    model.tables.filter((t) => holdsView(t) || holdsLate(t)).map((t) => qualifiedKey(t.schema, t.name)),
  );
  if (waiting.size === 0) return { now: [...tableOps], afterViews: [] };
  const waits = (op: Operation): boolean => {
    switch (op.kind) {
      case 'createTable':
        return waiting.has(qualifiedKey(op.table.schema, op.table.name));
      case 'addConstraint':
        return (
          waiting.has(qualifiedKey(op.schema, op.table)) ||
          (op.constraint.type === 'foreignKey' &&
            waiting.has(qualifiedKey(op.constraint.refSchema, op.constraint.refTable)))
        );
      case 'alterColumn':
        return waiting.has(qualifiedKey(op.schema, op.table));
      default:
        return false;
    }
  };
  return { now: tableOps.filter((op) => !waits(op)), afterViews: tableOps.filter(waits) };
}

/** Dictionaries, then configurations (which map to them, or copy each other, in any declared order). */
async function createTextSearchObjects(driver: Driver, model: SchemaModel): Promise<void> {
  for (const dictionary of model.textSearchDictionaries) {
    await guarded(
      driver,
      `text search dictionary ${dictionary.name}`,
      statementsOf({ kind: 'createTextSearchDictionary', dictionary }),
    );
  }
  const configurations = model.textSearchConfigurations.map((c) =>
    pendingOp(`text search configuration ${c.name}`, { kind: 'createTextSearchConfiguration', configuration: c }),
  );
  await createAll(driver, configurations, false);
}

/**
 * The declared foreign data wrappers the database lacks (one it has is left
 * as it is: wrappers are in no schema, and their declared form is their
 * canonical form), each declared server under a scratch name, then the
 * foreign tables on them, which views may use.
 */
async function createForeignObjects(driver: Driver, scratch: ScratchObjects): Promise<void> {
  const { model } = scratch;
  const wrappers = model.foreignDataWrappers.map((w) =>
    pendingOp(`foreign data wrapper ${w.name}`, { kind: 'createForeignDataWrapper', wrapper: w }),
  );
  await createAll(driver, wrappers, true);
  const { servers, tables, back } = scratchServers(model);
  for (const server of servers) {
    await guarded(
      driver,
      `foreign server ${back.get(server.name) ?? server.name}`,
      statementsOf({ kind: 'createForeignServer', server }),
    );
    scratch.servers.set(server.name, back.get(server.name)!);
  }
  await createAll(
    driver,
    tables.map((t) => pendingOp(`foreign table ${t.name}`, { kind: 'createForeignTable', table: t })),
    false,
  );
}

function pendingOp(what: string, op: Operation): Pending {
  return { what, statements: statementsOf(op) };
}

/** The domains, composite and range types to create; those over a table's row type are marked to wait for the tables. */
function pendingTypes(model: SchemaModel): Pending[] {
  const late = typesOverRowTypes(model);
  const overRow = (type: { schema: string; name: string }): boolean =>
    late.has(qualifiedTypeName(type.schema, type.name));
  return [
    ...model.domains.map((d) => ({
      ...pendingOp(`domain ${d.name}`, { kind: 'createDomain', domain: d }),
      afterTables: overRow(d),
      ...(d.default === null && d.checks.length === 0 ? {} : { bare: bareDomain(d) }),
    })),
    ...model.composites.map((c) => ({
      ...pendingOp(`composite type ${c.name}`, { kind: 'createCompositeType', composite: c }),
      afterTables: overRow(c),
    })),
    ...model.ranges.map((r) => ({
      ...pendingOp(`range type ${r.name}`, { kind: 'createRangeType', range: r }),
      afterTables: overRow(r),
    })),
  ];
}

/**
 * The names (`schema.name`) of the domains, composite and range types over a
 * table's row type, directly or through each other (an array of one too):
 * they wait for the tables, and the tables holding one for them.
 */
function typesOverRowTypes(model: SchemaModel): Set<string> {
  const rows = new Set(model.tables.map((t) => qualifiedTypeName(t.schema, t.name)));
  const types = [
    ...model.domains.map((d) => ({ type: d, uses: [d.type] })),
    ...model.composites.map((c) => ({ type: c, uses: c.attributes.map((a) => a.type) })),
    ...model.ranges.map((r) => ({ type: r, uses: [r.subtype] })),
  ].map(({ type, uses }) => ({ name: qualifiedTypeName(type.schema, type.name), uses: uses.map(elementType) }));
  const over = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const { name, uses } of types) {
      if (over.has(name) || !uses.some((u) => rows.has(u) || over.has(u))) continue;
      over.add(name);
      changed = true;
    }
  }
  return over;
}

/** A domain created without its default and checks, and the change that sets them. */
function bareDomain(d: DomainModel): { create: string[]; set: Pending } {
  const bare = { ...d, default: null, checks: [] };
  const set: Operation = {
    kind: 'alterDomain',
    schema: d.schema,
    name: d.name,
    to: { default: d.default, checks: d.checks },
    from: { default: null, checks: [] },
  };
  return { create: statementsOf({ kind: 'createDomain', domain: bare }), set: pendingOp(`domain ${d.name}`, set) };
}

/** A routine to create; once created, its real argument types replace its placeholder. */
function pendingRoutine(driver: Driver, scratch: ScratchObjects, routine: FunctionModel): Pending {
  return {
    what: `${routine.kind} ${routine.name}`,
    statements: statementsOf({ kind: 'createFunction', function: routine }),
    done: async () => {
      const created = (await routineArgumentTypes(driver, routine.schema, routine.name)).find(
        (types) => !scratch.created.has(routineKey(routine.schema, routine.name, types)),
      );
      if (created === undefined) return;
      scratch.created.add(routineKey(routine.schema, routine.name, created));
      scratch.argumentTypes.set(routine.argumentTypes, created);
    },
  };
}
