import type { Operation } from '../../ops/operation.js';
import type { SchemaModel } from '../../schema/model.js';
import { qualifiedTypeName } from '../../schema/types.js';

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
 */
export function withTextCasts(operations: readonly Operation[], current: TypeSide, target: TypeSide): Operation[] {
  const castsThroughText = textCastTest(current, target);
  return operations.map((op) => {
    if (op.kind !== 'alterColumn' || op.using !== undefined || op.to.type === undefined || op.from?.type === undefined)
      return op;
    if (op.to.generated !== undefined || !castsThroughText(op.from.type, op.to.type)) return op;
    return { ...op, throughText: true };
  });
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
    const array = /(\[\])+$/.exec(element)?.[0] ?? '';
    depth += array.length / 2;
    element = element.slice(0, element.length - array.length);
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
