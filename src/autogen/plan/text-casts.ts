import { USING_PLACEHOLDER } from '../../ops/families/columns.js';
import { readsSessionZone, timeKind } from '../../ops/hazard-codes.js';
import type { Operation, OperationOf } from '../../ops/operation.js';
import type { SchemaModel } from '../../schema/model.js';
import { qualifiedTypeName } from '../../schema/types.js';
import { quoteIdent } from '../../sql/identifier.js';

type TypeSide = Pick<SchemaModel, 'enums' | 'domains'>;

/**
 * Marks the column retypes that must cast through text (`throughText`).
 * Postgres has no cast between an enum and any other type but the string
 * types (whose casts are conversions through the types' text forms), so
 * `c::public.b` fails for a column of another enum (or of integer, ...) with
 * "cannot cast type a to b", while `c::text::public.b` reads each value's
 * label as the new type's input. The rule: after domains are read as their
 * base types and with arrays of the same depth on both sides, an enum on
 * one side and not the same type, nor a string type, on the other. A
 * retype with its own `using` is left as it is.
 *
 * Marks too the retypes that keep every value (`keepsValues`): an enum to
 * an enum of the target holding every label it has now, or to `text` or
 * `character varying`, arrays of the same depth alike; no domain, whose
 * checks may refuse a value.
 */
export function withTextCasts(operations: readonly Operation[], current: TypeSide, target: TypeSide): Operation[] {
  const castsThroughText = textCastTest(current, target);
  const labels = (side: TypeSide) =>
    new Map(side.enums.map((e) => [qualifiedTypeName(e.schema, e.name), new Set(e.values)]));
  const [before, after] = [labels(current), labels(target)];
  const keepsValues = (from: string, to: string): boolean => {
    const depth = arrayDepth(from);
    if (arrayDepth(to) !== depth) return false;
    const [source, goal] = [from, to].map((type) => type.slice(0, type.length - 2 * depth)) as [string, string];
    const had = before.get(source);
    if (had === undefined) return false;
    if (goal === 'text' || goal === 'character varying') return true;
    const has = after.get(goal);
    return has !== undefined && [...had].every((label) => has.has(label));
  };
  return operations.map((op) => {
    if (op.kind !== 'alterColumn' || op.using !== undefined || op.to.type === undefined || op.from?.type === undefined)
      return op;
    if (op.to.generated !== undefined || op.computed === true) return op;
    const through = castsThroughText(op.from.type, op.to.type);
    const kept = keepsValues(op.from.type, op.to.type);
    if (!through && !kept) return op;
    return { ...op, ...(through ? { throughText: true } : {}), ...(kept ? { keepsValues: true } : {}) };
  });
}

/** A type change one way: a column's type before and after. */
export interface TypeChange {
  readonly from: string;
  readonly to: string;
}

/**
 * The type changes a plain cast serves, each way once: the upgrade's (no
 * `using`) and the downgrade's (no `down`), neither through text. Whether
 * Postgres has each cast is the database's to say (`castsMissing`).
 */
export function castsToAsk(operations: readonly Operation[]): TypeChange[] {
  const pairs = new Map<string, TypeChange>();
  const add = (from: string, to: string): void => void pairs.set(`${from}\u0000${to}`, { from, to });
  for (const op of retypes(operations)) {
    if (op.using === undefined && !askedByShape(op.from.type, op.to.type)) add(op.from.type, op.to.type);
    if (op.down === undefined && !askedByShape(op.to.type, op.from.type)) add(op.to.type, op.from.type);
  }
  return [...pairs.values()];
}

/**
 * The type changes whose cast Postgres lacks (`missing`), those that change
 * the depth of arrays, and those whose cast reads the session's time zone
 * (`readsSessionZone`), get the placeholder as their `using` (or `down`, the
 * downgrade's): a revision holding it refuses to run until its author writes
 * the expression. A note for each says so.
 */
export function withUsingToWrite(
  operations: readonly Operation[],
  missing: readonly TypeChange[],
): { operations: Operation[]; notes: string[] } {
  const lacks = new Set(missing.map((m) => `${m.from}\u0000${m.to}`));
  const notes: string[] = [];
  const marked = operations.map((op): Operation => {
    if (!isRetype(op)) return op;
    const column = `${op.schema}.${op.table}.${op.column}`;
    const ask = (from: string, to: string, what: string): boolean => {
      const reason = askReason(op.column, from, to, lacks);
      if (reason !== null) notes.push(`${column}: ${reason(what)} in place of ${USING_PLACEHOLDER}`);
      return reason !== null;
    };
    const up = op.using === undefined && ask(op.from.type, op.to.type, 'the USING expression');
    const down = op.down === undefined && ask(op.to.type, op.from.type, "the downgrade's (down) expression");
    return {
      ...op,
      ...(up ? { using: USING_PLACEHOLDER } : {}),
      ...(down ? { down: USING_PLACEHOLDER } : {}),
    };
  });
  return { operations: marked, notes };
}

/**
 * Whether the cast from `from` to `to` is the author's to write whatever
 * casts the database has: it changes the depth of arrays, or reads the
 * session's time zone (`askReason` says which).
 */
function askedByShape(from: string, to: string): boolean {
  return changesArrayDepth(from, to) || readsSessionZone(from, to);
}

/**
 * Why the cast of `column` from `from` to `to` is the author's to write, as
 * a sentence ending in what to write (`what`); null when a plain cast serves.
 */
function askReason(
  column: string,
  from: string,
  to: string,
  lacks: ReadonlySet<string>,
): ((what: string) => string) | null {
  if (changesArrayDepth(from, to)) {
    const example = arrayDepth(to) > arrayDepth(from) ? 'ARRAY[...]' : '...[1]';
    return (what) =>
      `${from} to ${to} changes the depth of arrays, which a cast serves only by reading or writing an array literal; write ${what} (${example}, say)`;
  }
  if (readsSessionZone(from, to)) {
    const example = zonedCast(quoteIdent(column), from, to, "'UTC'");
    return (what) =>
      `${from} to ${to} reads each value in the TimeZone of the session that runs it, which differs between servers and clients; write ${what} (${example}, say, for values written in UTC)`;
  }
  if (lacks.has(`${from}\u0000${to}`)) return (what) => `Postgres has no cast from ${from} to ${to}; write ${what}`;
  return null;
}

/** `column` (quoted) of type `from` read as `to` in `zone` (a literal), for a cast that `readsSessionZone`. */
function zonedCast(column: string, from: string, to: string, zone: string): string {
  const target = timeKind(to);
  if (timeKind(from) === 'date') return `${column}::timestamp AT TIME ZONE ${zone}`;
  if (target === 'date' || target === 'time') return `(${column} AT TIME ZONE ${zone})::${target}`;
  return `${column} AT TIME ZONE ${zone}`;
}

/**
 * Whether a type change changes the depth of arrays (`text` to `text[]`):
 * Postgres casts such a pair only through a string type's text form, reading
 * the old value as an array literal (`'abc'::text[]` fails) or writing the
 * array as one (`{abc}`), never what a change of shape means.
 */
function changesArrayDepth(from: string, to: string): boolean {
  return arrayDepth(from) !== arrayDepth(to);
}

function arrayDepth(type: string): number {
  return (/(\[\])+$/.exec(type)?.[0].length ?? 0) / 2;
}

type Retype = OperationOf<'alterColumn'> & {
  readonly from: { readonly type: string };
  readonly to: { readonly type: string };
};

/** A type change cast plainly: not through text, not to or of a generated column. */
function isRetype(op: Operation): op is Retype {
  return (
    op.kind === 'alterColumn' &&
    typeof op.to.type === 'string' &&
    typeof op.from?.type === 'string' &&
    op.to.generated === undefined &&
    op.computed !== true &&
    op.throughText !== true
  );
}

function retypes(operations: readonly Operation[]): Retype[] {
  return operations.filter(isRetype);
}

/** Whether a value of type `from` converts to type `to` only through text, by the rule of `withTextCasts`. */
export function textCastTest(current: TypeSide, target: TypeSide): (from: string, to: string) => boolean {
  const types = typeTable(current, target);
  return (from, to) => needsTextCast(from, to, types);
}

interface TypeTable {
  enums: Set<string>;
  /** Each domain's base type, by the domain's type spelling. */
  domains: Map<string, string>;
}

function typeTable(current: TypeSide, target: TypeSide): TypeTable {
  const sides = [current, target];
  const enums = new Set(sides.flatMap((side) => side.enums.map((e) => qualifiedTypeName(e.schema, e.name))));
  const domains = new Map(
    sides.flatMap((side) => side.domains.map((d): [string, string] => [qualifiedTypeName(d.schema, d.name), d.type])),
  );
  return { enums, domains };
}

function needsTextCast(from: string, to: string, types: TypeTable): boolean {
  const before = resolved(from, types);
  const after = resolved(to, types);
  if (before.depth !== after.depth || before.element === after.element) return false;
  const isEnum = (element: string): boolean => types.enums.has(element);
  if (!isEnum(before.element) && !isEnum(after.element)) return false;
  return !isStringType(before.element) && !isStringType(after.element);
}

/** The element type of `type` with domains read as their base types, and the depth of arrays around it. */
function resolved(type: string, types: TypeTable): { element: string; depth: number } {
  let element = type;
  let depth = 0;
  for (let step = 0; step < 32; step += 1) {
    const here = arrayDepth(element);
    depth += here;
    element = element.slice(0, element.length - 2 * here);
    const base = types.domains.get(element);
    if (base === undefined) break;
    element = base;
  }
  return { element, depth };
}

/** Types in Postgres' string category as `format_type` prints them, which cast to and from every type through text. */
function isStringType(element: string): boolean {
  return (
    element === 'text' || element === 'name' || element === '"char"' || /^character( varying)?(\(\d+\))?$/.test(element)
  );
}
