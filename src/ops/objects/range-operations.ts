import { multirangeTypeName, type RangeTypeModel } from '../../schema/model.js';
import { qualifiedTypeName } from '../../schema/types.js';
import { tokenizeSql } from '../../sql/lexer.js';
import { qualifiedReferences } from '../../sql/references.js';
import { CREATED_AT_EXPAND, dropsNamed, HARMLESS, RANK, removedOf, type FamilySpecs } from '../families/spec.js';
import type { OperationOf } from '../operation.js';
import { footprintOf, thing, typesIn, type Thing } from '../things.js';
import { mapRange } from '../../schema/objects/model-range.js';

/**
 * Range types (`CREATE TYPE ... AS RANGE`). Postgres cannot change one in
 * place: a changed range type that nothing holds is dropped and created
 * again. Dropping one drops its multirange type with it, and is refused
 * while a column or another type holds it (it never cascades).
 */
export type RangeOperation = Readonly<
  | { kind: 'createRangeType'; range: RangeTypeModel }
  | {
      kind: 'dropRangeType';
      schema: string;
      name: string;
      removed?: RangeTypeModel;
      /** Why it is dropped (e.g. to be created again); printed as a comment in revision files. */
      note?: string;
    }
>;

export type RangeOperationKind = RangeOperation['kind'];

declare module '../operation.js' {
  interface OperationFamilies {
    readonly range: RangeOperation;
  }
}

export const RANGE_SPECS: FamilySpecs<RangeOperationKind> = {
  createRangeType: {
    ...CREATED_AT_EXPAND,
    summary: 'Creates a range type (and its multirange type, PostgreSQL 14 and later).',
    ...HARMLESS,
    describe: (op) => `create range type ${op.range.schema}.${op.range.name}`,
    reverse: (op) => ({ kind: 'dropRangeType', schema: op.range.schema, name: op.range.name, removed: op.range }),
    // A range makes its multirange too (PostgreSQL 14 on), and dropping it drops that.
    footprint: (op) => footprintOf({ makes: rangeTypes(op.range), needs: rangeUses(op.range) }),
    example: {
      range: {
        schema: 'public',
        name: 'booking_range',
        subtype: 'timestamp with time zone',
        subtypeDiff: 'tstzrange_subdiff',
        multirange: 'booking_ranges',
      },
    },
    tieBreak: (op) => [RANK.first, op.range.schema, op.range.name],
    mapNames: (op, map) => ({ ...op, range: mapRange(op.range, map) }),
  },
  dropRangeType: {
    drops: dropsNamed('type'),
    summary: 'Drops a range type and its multirange type (Postgres refuses while a column holds it).',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropRange,
    reverse: (op) => ({ kind: 'createRangeType', range: removedOf(describeDropRange(op), op.removed) }),
    footprint: (op) =>
      footprintOf({
        removes: op.removed === undefined ? [thing.type(op.schema, op.name)] : rangeTypes(op.removed),
        releases: op.removed === undefined ? [thing.schema(op.schema)] : rangeUses(op.removed),
      }),
    example: { schema: 'public', name: 'booking_range' },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapRange(op.removed, map) } : {}),
    }),
  },
};

function describeDropRange(op: OperationOf<'dropRangeType'>): string {
  return `drop range type ${op.schema}.${op.name}`;
}

/** A range type and its multirange. */
function rangeTypes(range: RangeTypeModel): Thing[] {
  return [thing.type(range.schema, range.name), thing.type(range.schema, multirangeTypeName(range))];
}

/**
 * What a range type uses: its schema, its subtype's user types, its
 * collation, and its functions: `subtype_diff(subtype, subtype)` and
 * `canonical(range)` (built-in ones, printed bare, name nothing).
 */
function rangeUses(range: RangeTypeModel): Thing[] {
  const routine = (name: string | undefined, argumentTypes: string): Thing[] =>
    name === undefined
      ? []
      : qualifiedReferences(tokenizeSql(name)).map((r) => thing.routine(r.schema.text, r.name.text, argumentTypes));
  const collation = range.collation === undefined ? [] : qualifiedReferences(tokenizeSql(range.collation));
  return [
    thing.schema(range.schema),
    ...typesIn(range.subtype),
    ...collation.map((r) => thing.collation(r.schema.text, r.name.text)),
    ...routine(range.subtypeDiff, `${range.subtype}, ${range.subtype}`),
    ...routine(range.canonical, qualifiedTypeName(range.schema, range.name)),
  ];
}
