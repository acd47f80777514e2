import { assertNever } from '../../util/assert-never.js';
import { AthanorError } from '../../util/errors.js';
import type { Operation, OperationOf } from '../operation.js';
import { CREATED_AT_EXPAND, dropsNamed, HARMLESS, RANK, type FamilySpecs } from '../families/spec.js';
import { footprintOf, thing, typesIn, type Thing } from '../things.js';
import { mapAttribute, mapComposite } from '../../schema/names/map-composite-names.js';
import type { CompositeAttributeModel, CompositeTypeModel } from '../../schema/model.js';

/**
 * The operations on composite types (`CREATE TYPE ... AS (...)`) and their
 * attributes. `operation.ts` adds them to the `Operation` union;
 * `COMPOSITE_SPECS` gives each kind's description, reverse and data loss.
 */

/** An attribute's type and collation, as `alterCompositeAttribute` sets them. */
export interface CompositeAttributeChange {
  readonly type: string;
  /** A collation other than the type's own; absent for the type's own. */
  readonly collation?: string;
}

export type CompositeOperation = Readonly<
  | { kind: 'createCompositeType'; composite: CompositeTypeModel }
  | {
      kind: 'dropCompositeType';
      schema: string;
      name: string;
      removed?: CompositeTypeModel;
      /** Why it is dropped (e.g. to be created again); printed as a comment in revision files. */
      note?: string;
    }
  | {
      /** `ALTER TYPE ... ADD ATTRIBUTE`: it comes last in the type. */
      kind: 'addCompositeAttribute';
      schema: string;
      name: string;
      attribute: CompositeAttributeModel;
      /** The table columns of the type (`schema.table.column`), which its reverse empties of it; for hazards only. */
      usedBy?: readonly string[];
    }
  | {
      /** `ALTER TYPE ... DROP ATTRIBUTE`: its values go from every column of the type. */
      kind: 'dropCompositeAttribute';
      schema: string;
      name: string;
      attribute: string;
      /** The attribute dropped; needed to reverse it (added back last). */
      removed?: CompositeAttributeModel;
      /** The table columns of the type (`schema.table.column`), whose values lose the attribute; for hazards only. */
      usedBy?: readonly string[];
    }
  | {
      /** `ALTER TYPE ... ALTER ATTRIBUTE ... TYPE`: Postgres refuses it while a table column holds the type. */
      kind: 'alterCompositeAttribute';
      schema: string;
      name: string;
      attribute: string;
      to: CompositeAttributeChange;
      /** The type and collation before; needed to reverse it. */
      from?: CompositeAttributeChange;
    }
>;

export type CompositeOperationKind = CompositeOperation['kind'];

declare module '../operation.js' {
  interface OperationFamilies {
    readonly composite: CompositeOperation;
  }
}

function describeCompositeOperation(op: OperationOf<CompositeOperationKind>): string {
  switch (op.kind) {
    case 'createCompositeType':
      return `create composite type ${op.composite.schema}.${op.composite.name}`;
    case 'dropCompositeType':
      return `drop composite type ${op.schema}.${op.name}`;
    case 'addCompositeAttribute':
      return `add attribute ${op.attribute.name} to composite type ${op.schema}.${op.name}`;
    case 'dropCompositeAttribute':
      return `drop attribute ${op.attribute} of composite type ${op.schema}.${op.name}`;
    case 'alterCompositeAttribute': {
      const before = op.from === undefined ? '' : `${attributeText(op.from)} -> `;
      return `alter attribute ${op.attribute} of composite type ${op.schema}.${op.name}: type ${before}${attributeText(op.to)}`;
    }
    default:
      return assertNever(op, 'operation kind');
  }
}

function attributeText(change: CompositeAttributeChange): string {
  return change.collation === undefined ? change.type : `${change.type} collate ${change.collation}`;
}

/** The operation that undoes `op`; throws `AthanorError('irreversible')` when it lacks what it removed or what it was. */
function reverseCompositeOperation(op: OperationOf<CompositeOperationKind>): Operation {
  const removed = <T>(value: T | undefined, why = 'it does not carry the removed object'): T => {
    if (value === undefined) {
      throw new AthanorError(
        'irreversible',
        `${describeCompositeOperation(op)} cannot be reversed: ${why}; write its downgrade by hand`,
      );
    }
    return value;
  };
  const usedBy = (list: readonly string[] | undefined): { usedBy?: string[] } =>
    list === undefined ? {} : { usedBy: [...list] };
  switch (op.kind) {
    case 'createCompositeType':
      return { kind: 'dropCompositeType', schema: op.composite.schema, name: op.composite.name, removed: op.composite };
    case 'dropCompositeType':
      return { kind: 'createCompositeType', composite: removed(op.removed) };
    case 'addCompositeAttribute':
      return {
        kind: 'dropCompositeAttribute',
        schema: op.schema,
        name: op.name,
        attribute: op.attribute.name,
        removed: op.attribute,
        ...usedBy(op.usedBy),
      };
    case 'dropCompositeAttribute':
      return {
        kind: 'addCompositeAttribute',
        schema: op.schema,
        name: op.name,
        attribute: removed(op.removed),
        ...usedBy(op.usedBy),
      };
    case 'alterCompositeAttribute':
      return {
        kind: 'alterCompositeAttribute',
        schema: op.schema,
        name: op.name,
        attribute: op.attribute,
        to: { ...removed(op.from, 'it does not say what the attribute was before (from)') },
        from: { ...op.to },
      };
    default:
      return assertNever(op, 'operation kind');
  }
}

/**
 * Dropping a composite type loses nothing by itself (Postgres refuses while
 * a column holds it); dropping an attribute of a type that table columns
 * hold loses those values.
 */
function isDestructiveCompositeOperation(op: OperationOf<CompositeOperationKind>): boolean {
  return op.kind === 'dropCompositeAttribute' && (op.usedBy ?? []).length > 0;
}

/** What a destructive composite operation costs, for the warning above it. */
function compositeHazardText(op: OperationOf<CompositeOperationKind>): string {
  return op.kind === 'dropCompositeAttribute'
    ? `its values in ${(op.usedBy ?? []).join(', ')} are lost`
    : 'data in it is lost';
}

export const COMPOSITE_SPECS: FamilySpecs<CompositeOperationKind> = {
  createCompositeType: {
    ...CREATED_AT_EXPAND,
    summary: 'Creates a composite type with its attributes.',
    ...HARMLESS,
    describe: describeCompositeOperation,
    reverse: reverseCompositeOperation,
    footprint: (op) =>
      footprintOf({
        makes: [thing.type(op.composite.schema, op.composite.name)],
        needs: compositeUses(op.composite),
      }),
    example: {
      composite: {
        schema: 'public',
        name: 'address',
        attributes: [
          { name: 'street', type: 'text' },
          { name: 'zip', type: 'character varying(10)', collation: '"C"' },
        ],
      },
    },
    // A composite type whose attributes change order is dropped, then created again.
    tieBreak: (op) => [RANK.first, op.composite.schema, op.composite.name, '1'],
    mapNames: (op, map) => ({ ...op, composite: mapComposite(op.composite, map) }),
  },
  dropCompositeType: {
    drops: dropsNamed('type'),
    summary: 'Drops a composite type.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeCompositeOperation,
    reverse: reverseCompositeOperation,
    footprint: (op) =>
      footprintOf({
        removes: [thing.type(op.schema, op.name)],
        releases: op.removed === undefined ? [thing.schema(op.schema)] : compositeUses(op.removed),
      }),
    example: { schema: 'public', name: 'address' },
    tieBreak: (op) => [RANK.first, op.schema, op.name, '0'],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapComposite(op.removed, map) } : {}),
    }),
  },
  addCompositeAttribute: {
    summary: 'Adds an attribute at the end of a composite type.',
    ...HARMLESS,
    describe: describeCompositeOperation,
    reverse: reverseCompositeOperation,
    footprint: (op) => footprintOf({ needs: [thing.type(op.schema, op.name), ...typesIn(op.attribute.type)] }),
    example: { schema: 'public', name: 'address', attribute: { name: 'city', type: 'text' } },
    // A composite type's attributes dropped, then added and altered, each by its place in the type.
    tieBreak: (op) => [RANK.first, op.schema, op.name, '1'],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      attribute: mapAttribute<CompositeAttributeModel>(op.attribute, map),
    }),
  },
  dropCompositeAttribute: {
    drops: (op) => [{ on: 'column', schema: op.schema, parent: op.name, name: op.attribute }],
    summary: 'Drops an attribute of a composite type.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeCompositeOperation,
    reverse: reverseCompositeOperation,
    destructive: isDestructiveCompositeOperation,
    loss: compositeHazardText,
    lossCode: 'drop-column',
    footprint: (op) =>
      footprintOf({
        needs: [thing.type(op.schema, op.name)],
        releases: op.removed === undefined ? [] : typesIn(op.removed.type),
      }),
    example: { schema: 'public', name: 'address', attribute: 'zip', usedBy: ['public.customer.home'] },
    tieBreak: (op) => [RANK.first, op.schema, op.name, '0'],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapAttribute<CompositeAttributeModel>(op.removed, map) } : {}),
    }),
  },
  alterCompositeAttribute: {
    summary: "Changes the type or collation of a composite type's attribute.",
    ...HARMLESS,
    describe: describeCompositeOperation,
    reverse: reverseCompositeOperation,
    footprint: (op) =>
      footprintOf({
        needs: [thing.type(op.schema, op.name), ...typesIn(op.to.type)],
        releases: op.from === undefined ? [] : typesIn(op.from.type),
      }),
    example: {
      schema: 'public',
      name: 'address',
      attribute: 'zip',
      to: { type: 'text' },
      from: { type: 'character varying(10)', collation: '"C"' },
    },
    tieBreak: (op) => [RANK.first, op.schema, op.name, '1'],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      to: mapAttribute(op.to, map),
      ...(op.from ? { from: mapAttribute(op.from, map) } : {}),
    }),
  },
};

function compositeUses(composite: CompositeTypeModel): Thing[] {
  return [thing.schema(composite.schema), ...composite.attributes.flatMap((a) => typesIn(a.type))];
}
