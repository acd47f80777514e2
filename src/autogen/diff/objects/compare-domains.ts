import { replaceDomainNote, replacementDomainName } from '../../../ops/objects/domain-replace.js';
import type { Operation, OperationOf } from '../../../ops/operation.js';
import type { DomainChange, DomainColumnUse, DomainComments } from '../../../ops/objects/object-operations.js';
import type { CommentModel, DomainModel, SchemaModel, TableModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import { elementType, qualifiedTypeName } from '../../../schema/types.js';
import { alterColumnStep, tableOfStep, type TablesComparison, type TableStep } from '../compare-tables.js';
import { compareText, compareTuples, sameValue } from '../compare-values.js';
import { partitionOwnDefaults } from '../partition-own-defaults.js';
import { modelIndex, tableIndex, type Dependents } from '../../../schema/model-index.js';
import { idKind, partId } from '../../../schema/object-id.js';
import { inTheWayOf } from '../../graph/closure.js';
import { dependencyKey, routineKey } from '../../../schema/object-keys.js';
import { readingRoutinesOf } from '../../../ops/dependency-order.js';
import { callsAny } from '../../../sql/references.js';

/**
 * Domains: created, altered in place, replaced when their base type changes
 * (Postgres cannot change it), dropped. A replacement converts the columns
 * that use the domain; the views reading their tables are dropped and created
 * again around it (see `withConvertedColumns`). A replacement that something
 * else would block (a routine's signature, another domain, a cast to the
 * domain in a view or a table expression, a partition key, a generated
 * column, a policy or a trigger on a converted column) is left out and
 * reported in `unsupported`.
 */
export interface DomainSteps {
  create: Operation[];
  /** `alterDomain` and `replaceDomain`, by (schema, name). */
  alter: Operation[];
  drop: Operation[];
  /**
   * The defaults and checks of domains calling a routine the revision drops,
   * cleared before the routines are dropped; by (schema, name).
   */
  clearCalls: Operation[];
  /**
   * The defaults and checks of domains calling a routine the revision
   * creates, set once the routines are created (a domain is created before
   * them: a routine may take it), before the tables (Postgres refuses a check
   * on a domain a column holds in an array); by (schema, name).
   */
  setCalls: Operation[];
  /**
   * Those calling a routine that reads a relation (as the catalog records it,
   * or a name of one in its body, which Postgres parses as it adds the check),
   * set after the tables and the routines created after them; by (schema, name).
   */
  setCallsLate: Operation[];
  /** One message per domain whose base type changes but that cannot be replaced, with why; by (schema, name). */
  unsupported: string[];
}

const qualified = (o: { schema: string; name: string }): string => qualifiedKey(o.schema, o.name);

function byKey<T extends { schema: string; name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(
    [...items].map((item) => [qualified(item), item] as [string, T]).sort((a, b) => compareText(a[0], b[0])),
  );
}

export function compareDomains(current: SchemaModel, target: SchemaModel, tables: TablesComparison): DomainSteps {
  const before = byKey(current.domains);
  const after = byKey(target.domains);
  const steps: DomainSteps = {
    create: [],
    alter: [],
    drop: [],
    clearCalls: [],
    setCalls: [],
    setCallsLate: [],
    unsupported: [],
  };
  const calls = routineCalls(current, target);
  // The routines' bodies are read only when a domain calls a routine the revision creates.
  let reading: Set<string> | undefined;
  const readingKeys = (): Set<string> =>
    (reading ??= new Set(readingRoutinesOf(target).map((f) => routineKey(f.schema, f.name, f.argumentTypes))));
  let contained: Set<string> | undefined;
  const late = (d: DomainModel): boolean =>
    (d.dependsOn ?? []).some((ref) => readingKeys().has(dependencyKey(ref))) &&
    !(contained ??= domainsInContainers(target)).has(qualifiedTypeName(d.schema, d.name));
  const setsOf = (d: DomainModel): Operation[] => (late(d) ? steps.setCallsLate : steps.setCalls);
  let held: Set<string> | undefined;
  const heldByKeptColumns = (d: DomainModel): boolean =>
    (held ??= domainsInContainers(keptTables(current, target))).has(qualifiedTypeName(d.schema, d.name));
  for (const [key, d] of after) {
    const old = before.get(key);
    if (old === undefined) {
      const { domain, set } = callsSetLater(d, calls.created(d));
      steps.create.push({ kind: 'createDomain', domain });
      if (set !== null) setsOf(d).push(set);
    } else if (old.type !== d.type || old.collation !== d.collation) {
      const blockers = replacementBlockers(old, current, target);
      if (blockers.length === 0)
        steps.alter.push(replaceDomain(withoutUses(old), withoutUses(d), { current, target }, tables));
      else steps.unsupported.push(blockedMessage(old, d, blockers));
    } else {
      // Asked of the tables only when the change adds what Postgres validates.
      const tightened = validatedTightening(old, d);
      if (tightened.length > 0 && heldByKeptColumns(d)) {
        steps.unsupported.push(heldMessage(d, tightened));
        continue;
      }
      const set = calls.created(d);
      alterAround(
        steps,
        { old, d, clear: calls.dropped(old), set, rebound: calls.rebound },
        set ? setsOf(d) : steps.setCalls,
      );
    }
  }
  for (const [key, d] of before) {
    if (after.has(key)) continue;
    const clear = calls.dropped(d) ? alterDomain(d, withoutCalls(d)) : null;
    if (clear !== null) steps.clearCalls.push(clear);
    const removed = clear === null ? withoutUses(d) : withoutCalls(d);
    steps.drop.push({ kind: 'dropDomain', schema: d.schema, name: d.name, removed });
  }
  // Their order (a domain over another created after it, dropped before it) is the scheduler's (order/slots.ts).
  return steps;
}

/**
 * The domains (by type name) a column of a table holds inside an array, a
 * composite type or a range, directly or through other types: Postgres
 * refuses to add a check to such a domain while the column exists ("cannot
 * alter type ... because column ... uses it"), so its calls are set before
 * the tables, even those calling a routine that reads a relation.
 */
function domainsInContainers(model: SchemaModel): Set<string> {
  const parts = new Map<string, readonly string[]>();
  for (const d of model.domains) parts.set(qualifiedTypeName(d.schema, d.name), [d.type]);
  for (const r of model.ranges) parts.set(qualifiedTypeName(r.schema, r.name), [`${r.subtype}[]`]);
  for (const c of model.composites) parts.set(qualifiedTypeName(c.schema, c.name), c.attributes.map(inContainer));
  for (const t of model.tables) parts.set(qualifiedTypeName(t.schema, t.name), t.columns.map(inContainer));
  const domains = new Set(model.domains.map((d) => qualifiedTypeName(d.schema, d.name)));
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (type: string, held: boolean): void => {
    const element = elementType(type);
    const inside = held || element !== type;
    if (seen.has(`${inside}:${element}`)) return;
    seen.add(`${inside}:${element}`);
    if (inside && domains.has(element)) found.add(element);
    for (const part of parts.get(element) ?? []) visit(part, inside);
  };
  for (const t of model.tables) for (const c of t.columns) visit(c.type, false);
  return found;
}

/** `model` with only the tables `target` has too: those whose columns hold their types while a revision runs. */
function keptTables(model: SchemaModel, target: SchemaModel): SchemaModel {
  const kept = new Set(target.tables.map((t) => qualifiedKey(t.schema, t.name)));
  return { ...model, tables: model.tables.filter((t) => kept.has(qualifiedKey(t.schema, t.name))) };
}

/**
 * What a change of a domain adds that Postgres validates against the values
 * stored: NOT NULL, and the checks added without `NOT VALID`. Where a column
 * holds the domain inside an array, a composite type or a range, Postgres
 * refuses them ("cannot alter type ... because column ... uses it").
 */
function validatedTightening(old: DomainModel, d: DomainModel): string[] {
  return [
    ...(d.notNull && !old.notNull ? ['NOT NULL'] : []),
    ...d.checks
      .filter((c) => c.notValid !== true && !old.checks.some((o) => sameValue(o, c)))
      .map((c) => `check ${c.name}`),
  ];
}

function heldMessage(d: DomainModel, added: readonly string[]): string {
  return (
    `domain ${d.schema}.${d.name}: ${added.join(', ')} is left out, since a column of a table holds the domain inside ` +
    'an array, a composite type or a range, where Postgres refuses to validate it; add a check NOT VALID, or change it by hand'
  );
}

/** A composite's attribute or a row type's column as held inside its type (spelled as an array of it). */
const inContainer = (part: { type: string }): string => `${part.type}[]`;

/** A domain as an operation carries it: what it calls is the catalog's, and only orders the revision. */
function withoutUses(domain: DomainModel): DomainModel {
  const { dependsOn: _uses, ...rest } = domain;
  return rest;
}

/**
 * Whether a domain calls a routine the revision creates (one the target has
 * and the current model lacks, by signature) or drops (the reverse), as the
 * catalog records its default and checks calling it (`dependsOn`); and the
 * names of the routines one overload of which goes while another comes
 * (`rebound`).
 */
function routineCalls(
  current: SchemaModel,
  target: SchemaModel,
): { created: (d: DomainModel) => boolean; dropped: (d: DomainModel) => boolean; rebound: ReadonlySet<string> } {
  const keys = (model: SchemaModel): Set<string> =>
    new Set(model.functions.map((f) => routineKey(f.schema, f.name, f.argumentTypes)));
  const [before, after] = [keys(current), keys(target)];
  const calls = (d: DomainModel, among: Set<string>, not: Set<string>): boolean =>
    (d.dependsOn ?? []).some((ref) => {
      const key = dependencyKey(ref);
      return among.has(key) && !not.has(key);
    });
  // The routines one side has and the other lacks, by schema and name; those names both sides change an overload of.
  const names = (model: SchemaModel, among: Set<string>, not: Set<string>): Map<string, string> =>
    new Map(
      model.functions
        .filter((f) => {
          const key = routineKey(f.schema, f.name, f.argumentTypes);
          return among.has(key) && !not.has(key);
        })
        .map((f) => [qualifiedKey(f.schema, f.name), f.name]),
    );
  const coming = names(target, after, before);
  const rebound = new Set([...names(current, before, after)].flatMap(([key, name]) => (coming.has(key) ? [name] : [])));
  return { created: (d) => calls(d, after, before), dropped: (d) => calls(d, before, after), rebound };
}

/** The domain to create, and when it calls a routine created in the revision, its default and checks set after. */
function callsSetLater(d: DomainModel, later: boolean): { domain: DomainModel; set: Operation | null } {
  if (!later) return { domain: withoutUses(d), set: null };
  const bare = withoutCalls(d);
  return { domain: bare, set: alterDomain(bare, d) };
}

/**
 * A domain's change, where the routines its default and checks call allow:
 * when it called a routine the revision drops, the checks and default that
 * go are removed before the routines are dropped; when it calls a routine
 * the revision creates, the checks and default that come are added once the
 * routines are created; the rest of the change (and all of it when it calls
 * neither) comes with the other domains' changes. A check or default that
 * stays but calls a routine by a name whose overload changes (`rebound`: one
 * goes, one comes, as when an argument with a default is added) calls the
 * new one from then on: it goes before and comes back after, too.
 */
function alterAround(
  steps: DomainSteps,
  sides: { old: DomainModel; d: DomainModel; clear: boolean; set: boolean; rebound: ReadonlySet<string> },
  sets: Operation[],
): void {
  const { old, d, clear, set, rebound } = sides;
  const from = clear ? keptOf(old, d, rebound) : old;
  const to = set ? keptOf(d, old, rebound) : d;
  for (const [list, change] of [
    [steps.clearCalls, clear ? alterDomain(old, from) : null],
    [steps.alter, alterDomain(from, to)],
    [sets, set ? alterDomain(to, d) : null],
  ] as const)
    if (change !== null) list.push(change);
}

/** `domain` with only the checks and default `other` has too, but for those calling a routine of `rebound`. */
function keptOf(domain: DomainModel, other: DomainModel, rebound: ReadonlySet<string>): DomainModel {
  const kept = (text: string): boolean => !callsAny(text, rebound);
  return {
    ...domain,
    default:
      domain.default === other.default && (domain.default === null || kept(domain.default)) ? domain.default : null,
    checks: domain.checks.filter((c) => other.checks.some((o) => sameValue(o, c)) && kept(c.expression)),
  };
}

/** A domain without its default and checks, the parts that call routines. */
function withoutCalls(domain: DomainModel): DomainModel {
  return { ...withoutUses(domain), default: null, checks: [] };
}

function alterDomain(old: DomainModel, d: DomainModel): Operation | null {
  const defaults = old.default !== d.default;
  const notNull = old.notNull !== d.notNull;
  const checks = !sameValue(old.checks, d.checks);
  const to: DomainChange = {
    ...(defaults ? { default: d.default } : {}),
    ...(notNull ? { notNull: d.notNull } : {}),
    ...(checks ? { checks: d.checks } : {}),
  };
  const from: DomainChange = {
    ...(defaults ? { default: old.default } : {}),
    ...(notNull ? { notNull: old.notNull } : {}),
    ...(checks ? { checks: old.checks } : {}),
  };
  return Object.keys(to).length === 0 ? null : { kind: 'alterDomain', schema: d.schema, name: d.name, to, from };
}

function replaceDomain(
  old: DomainModel,
  d: DomainModel,
  models: { current: SchemaModel; target: SchemaModel },
  tables: TablesComparison,
): OperationOf<'replaceDomain'> {
  const { current } = models;
  const op = {
    kind: 'replaceDomain' as const,
    domain: d,
    from: old,
    columns: domainColumnUses(old, { current: current.tables, target: models.target.tables }, tables),
  };
  const comments = domainComments(old, current.comments);
  return { ...op, ...(comments === null ? {} : { comments }), note: replaceDomainNote(op) };
}

/** The comments on a domain and its checks, or null when it has none. */
function domainComments(domain: DomainModel, comments: readonly CommentModel[]): DomainComments | null {
  let own: string | undefined;
  const checks: { name: string; text: string }[] = [];
  for (const { target, text } of comments) {
    if (target.schema !== domain.schema) continue;
    if (target.on === 'type' && target.name === domain.name) own = text;
    if (target.on === 'domainConstraint' && target.parent === domain.name) checks.push({ name: target.name, text });
  }
  const result: DomainComments = {
    ...(own !== undefined ? { domain: own } : {}),
    ...(checks.length > 0 ? { checks: checks.sort((a, b) => compareText(a.name, b.name)) } : {}),
  };
  return Object.keys(result).length === 0 ? null : result;
}

/** Whether a column type is the domain or an array of it. */
function typeUsesDomain(type: string, domain: DomainModel): boolean {
  return elementType(type) === qualifiedTypeName(domain.schema, domain.name);
}

/** Whether SQL text names the domain (a cast to it, say). */
function mentionsDomain(text: string, domain: DomainModel): boolean {
  const name = qualifiedTypeName(domain.schema, domain.name);
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + name.length] ?? '';
    if (!/[A-Za-z0-9_$".]/.test(before) && !/[A-Za-z0-9_$"]/.test(after)) return true;
  }
  return false;
}

/**
 * The columns the replacement converts (of the domain or an array of it) and
 * those whose default casts to it, among the current columns still there when
 * domains change: dropped tables and columns are gone by then, and columns
 * added or retyped to the domain come after.
 */
function domainColumnUses(
  domain: DomainModel,
  sides: { current: readonly TableModel[]; target: readonly TableModel[] },
  tables: TablesComparison,
): DomainColumnUse[] {
  const current = sides.current;
  const droppedTables = new Set(tables.drop.map((t) => qualifiedKey(t.schema, t.name)));
  const droppedColumns = new Set(
    tables.changes.flatMap((step) =>
      step.op.kind === 'dropColumn' ? [qualifiedKey(tableOfStep(step), step.op.column)] : [],
    ),
  );
  const uses: DomainColumnUse[] = [];
  for (const table of current) {
    if (droppedTables.has(qualifiedKey(table.schema, table.name))) continue;
    for (const column of table.columns) {
      if (droppedColumns.has(qualifiedKey(qualifiedKey(table.schema, table.name), column.name))) continue;
      const converted = typeUsesDomain(column.type, domain);
      if (!converted && (column.default === null || !mentionsDomain(column.default, domain))) continue;
      uses.push({
        schema: table.schema,
        table: table.name,
        column: column.name,
        ...(converted ? { type: column.type } : {}),
        ...(column.default === null ? {} : { default: column.default }),
      });
      uses.push(...partitionDefaultUses(sides, table, column.name));
    }
  }
  return uses.sort((a, b) => compareTuples([a.schema, a.table, a.column], [b.schema, b.table, b.column]));
}

/**
 * The own defaults (on the current side) of the partitions under a column
 * the replacement converts or whose default it sets again: its `SET DEFAULT`
 * reaches them, so theirs are set again after it.
 */
function partitionDefaultUses(
  sides: { current: readonly TableModel[]; target: readonly TableModel[] },
  table: TableModel,
  column: string,
): DomainColumnUse[] {
  return partitionOwnDefaults(sides, { schema: table.schema, table: table.name }, column).flatMap((own) =>
    own.from === null
      ? []
      : [{ schema: own.schema, table: own.table, column, default: own.from, partitionDepth: own.depth }],
  );
}

/** What would make replacing `domain` fail, one reason each; empty when it can be replaced. */
function replacementBlockers(domain: DomainModel, current: SchemaModel, target: SchemaModel): string[] {
  const reasons: string[] = [];
  for (const other of [...current.domains, ...target.domains]) {
    if (typeUsesDomain(other.type, domain)) reasons.push(`domain ${other.schema}.${other.name} is based on it`);
  }
  for (const f of current.functions) {
    if (mentionsDomain(`${f.argumentTypes} ${f.result}`, domain))
      reasons.push(`${f.kind} ${f.schema}.${f.name}(${f.argumentTypes}) uses it in its signature`);
  }
  for (const v of current.views) {
    if (mentionsDomain(v.definition, domain)) reasons.push(`view ${v.schema}.${v.name} names it in its query`);
  }
  const dependents = modelIndex(current);
  for (const table of current.tables) reasons.push(...tableBlockers(table, domain, dependents));
  for (const table of current.foreignTables) {
    if (table.columns.some((c) => typeUsesDomain(c.type, domain)))
      reasons.push(`foreign table ${table.schema}.${table.name} has a column of it`);
  }
  const temporary = replacementDomainName(domain.name);
  const types = [...current.enums, ...current.domains, ...current.tables, ...current.views, ...current.sequences];
  if (types.some((t) => t.schema === domain.schema && t.name === temporary))
    reasons.push(`${domain.schema}.${temporary}, the name it would take meanwhile, is taken`);
  return [...new Set(reasons)];
}

/**
 * What of the table would make the replacement fail: what names the domain in
 * its text, a column of it in the partition key, and what the catalog
 * records as using a column of it (a generated column, a policy, a trigger).
 */
function tableBlockers(table: TableModel, domain: DomainModel, dependents: Dependents): string[] {
  const where = `table ${table.schema}.${table.name}`;
  const expressions = [
    ...table.checks.map((c) => c.expression),
    ...(table.exclusions ?? []).map((x) => x.definition),
    ...table.indexes.flatMap((i) => [
      ...i.columns.flatMap((c) => ('expression' in c ? [c.expression] : [])),
      ...(i.where === null ? [] : [i.where]),
    ]),
    ...table.columns.flatMap((c) => (c.generated === undefined ? [] : [c.generated])),
  ];
  const reasons = expressions.some((text) => mentionsDomain(text, domain))
    ? [`${where} names it in a check, an index or a generated column`]
    : [];
  for (const column of table.columns.filter((c) => typeUsesDomain(c.type, domain)).map((c) => c.name)) {
    // Converting the column is a type change: what stands in its way is what `blocks` says.
    const kinds = new Set(inTheWayOf(dependents, partId('column', table, column), 'retype').map(idKind));
    if (kinds.has('table')) reasons.push(`${where}: its column ${column} is in the partition key`);
    if (kinds.has('column')) reasons.push(`${where}: a generated column uses its column ${column}`);
    if (kinds.has('policy')) reasons.push(`${where}: a policy uses its column ${column}`);
    if (kinds.has('trigger')) reasons.push(`${where}: a trigger names its column ${column}`);
    if (kinds.has('rule')) reasons.push(`${where}: a rule uses its column ${column}`);
  }
  return reasons;
}

/** Why a domain whose base type changes is not replaced. */
function blockedMessage(old: DomainModel, d: DomainModel, blockers: readonly string[]): string {
  return `domain ${d.schema}.${d.name}: base type changes from ${old.type} to ${d.type}, but ${blockers.join('; ')} (write this change by hand)`;
}

/**
 * The table comparison as the views and routines comparison should see it:
 * each column a domain replacement converts counts as retyped, in its table
 * and in that table's partitions (converting a parent's column converts
 * theirs), so that the views reading them are dropped before and created
 * again after.
 */
export function withConvertedColumns(
  tables: TablesComparison,
  replacements: readonly Operation[],
  current: readonly TableModel[],
): TablesComparison {
  const changes: TableStep[] = [...tables.changes];
  const retype = (schema: string, table: string, column: string, type: string): void => {
    changes.push(alterColumnStep({ kind: 'alterColumn', schema, table, column, to: { type } }));
  };
  const converted = new Map<string, DomainColumnUse[]>();
  for (const use of replacements.flatMap((op) => (op.kind === 'replaceDomain' ? op.columns : []))) {
    if (use.type === undefined) continue;
    const key = qualifiedKey(use.schema, use.table);
    converted.set(key, [...(converted.get(key) ?? []), use]);
    retype(use.schema, use.table, use.column, use.type);
  }
  const index = tableIndex(current);
  for (const table of current) {
    if (converted.has(qualifiedKey(table.schema, table.name))) continue;
    const parent = index.ancestorKeys(table).find((key) => converted.has(key));
    for (const use of parent === undefined ? [] : converted.get(parent)!)
      retype(table.schema, table.name, use.column, use.type!);
  }
  return { ...tables, changes };
}
