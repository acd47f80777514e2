import { removedValues, reverseAddEnumValue, reverseReplaceEnum, type EnumColumnUse } from './enum-replace.js';
export type { EnumColumnUse } from './enum-replace.js';
import { hazard } from '../hazard-codes.js';
import type { OperationOf } from '../operation.js';
import { placeText } from '../../util/strings.js';
import {
  CREATED_AT_EXPAND,
  dropsNamed,
  HARMLESS,
  irreversible,
  RANK,
  removedOf,
  schemaOnly,
  type FamilySpecs,
} from './spec.js';
import { footprintOf, thing } from '../things.js';
import { mapNullableText, type NameMapper } from '../../schema/names/name-mapper.js';
import type { EnumModel } from '../../schema/model.js';

/** Enums and their values. */
export type EnumOperation = Readonly<
  | { kind: 'createEnum'; enum: EnumModel }
  | { kind: 'dropEnum'; schema: string; name: string; removed?: EnumModel }
  | AddEnumValue
  | { kind: 'renameEnumValue'; schema: string; name: string; from: string; to: string }
  | {
      /**
       * Replaces an enum whose values are removed or reordered, which Postgres
       * cannot do in place: the type is renamed to `<name>__athanor_old` (`replacedEnumName`), created again
       * with the new values, every column using it is converted through text,
       * and the old type is dropped. Rows holding a removed value make it fail.
       */
      kind: 'replaceEnum';
      schema: string;
      name: string;
      /** The values before, in order. */
      from: readonly string[];
      /** The values after, in order. */
      to: readonly string[];
      /** The columns converted, in (schema, table, column) order. */
      columns: readonly EnumColumnUse[];
      /** Printed as a comment in revision files. */
      note?: string;
    }
>;

export interface AddEnumValue {
  readonly kind: 'addEnumValue';
  readonly schema: string;
  readonly name: string;
  readonly value: string;
  /** Position of the new value; at the end when neither is given. */
  readonly before?: string;
  readonly after?: string;
  /**
   * The values before the addition and the columns using the enum, when
   * generated: the reverse is then a `replaceEnum` without the value.
   * Revision files leave it out of the upgrade.
   */
  readonly previous?: { readonly values: readonly string[]; readonly columns: readonly EnumColumnUse[] };
  /**
   * Generated for a value the same revision uses where the enum cannot be
   * replaced: autogenerate writes it in a revision of its own, before the
   * rest, since Postgres lets a value be used only once its addition has
   * committed. Revision files leave it out.
   */
  readonly committedFirst?: true;
  /**
   * Why the enum cannot be replaced without the value, when generated where
   * it cannot (a partition key uses it, a domain is based on it): the
   * downgrade written in the reverse's place says so. Revision files leave it out.
   */
  readonly notReplaceable?: string;
}

declare module '../operation.js' {
  interface OperationFamilies {
    readonly enums: EnumOperation;
  }
}

export const ENUM_SPECS: FamilySpecs<EnumOperation['kind']> = {
  createEnum: {
    ...CREATED_AT_EXPAND,
    summary: 'Creates an enum type with its values in order.',
    ...HARMLESS,
    describe: (op) => `create enum ${op.enum.schema}.${op.enum.name}`,
    reverse: (op) => ({ kind: 'dropEnum', schema: op.enum.schema, name: op.enum.name, removed: op.enum }),
    footprint: (op) =>
      footprintOf({ makes: [thing.type(op.enum.schema, op.enum.name)], needs: [thing.schema(op.enum.schema)] }),
    example: { enum: { schema: 'public', name: 'mood', values: ['sad', 'ok', 'happy'] } },
    tieBreak: (op) => [RANK.first, op.enum.schema, op.enum.name],
    mapNames: (op, map) => ({ ...op, enum: { ...op.enum, schema: map.schema(op.enum.schema) } }),
  },
  dropEnum: {
    drops: dropsNamed('type'),
    summary: 'Drops an enum type.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: (op) => `drop enum ${op.schema}.${op.name}`,
    reverse: (op) => ({ kind: 'createEnum', enum: removedOf(`drop enum ${op.schema}.${op.name}`, op.removed) }),
    destructive: () => true,
    lossCode: 'drop-type',
    footprint: (op) => footprintOf({ removes: [thing.type(op.schema, op.name)], releases: [thing.schema(op.schema)] }),
    example: { schema: 'public', name: 'mood' },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: { ...op.removed, schema: map.schema(op.removed.schema) } } : {}),
    }),
  },
  addEnumValue: {
    summary: 'Adds a value to an enum, at the end or before or after another value.',
    ...HARMLESS,
    unrendered: ['previous', 'committedFirst', 'notReplaceable'],
    describe: describeAddEnumValue,
    // Generated additions carry `previous` and reverse into a replacement; a hand-written one does not.
    reverse: (op) => {
      const back = reverseAddEnumValue(op);
      const why = 'Postgres cannot drop a value from an enum';
      if (back === null)
        throw irreversible(
          describeAddEnumValue(op),
          op.notReplaceable === undefined
            ? why
            : `${why}, and the enum cannot be replaced without it, since ${op.notReplaceable}`,
        );
      return back;
    },
    footprint: (op) => footprintOf({ needs: [thing.type(op.schema, op.name)] }),
    example: { schema: 'public', name: 'mood', value: 'meh', after: 'sad' },
    // An enum's values added in the order the target declares them: each after the values added before it.
    tieBreak: (op) => [RANK.first, op.schema, op.name, valuesBefore(op)],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.previous
        ? { previous: { ...op.previous, columns: op.previous.columns.map((c) => enumUse(c, map)) } }
        : {}),
    }),
  },
  renameEnumValue: {
    summary:
      'Renames one value of an enum; rows holding it read the new value, and defaults and expressions spelling it follow.',
    destructive: () => false,
    // The rows keep their place in the enum, under another label: what they mean is the user's to say.
    hazards: (op) => [
      hazard(
        'relabel-enum-value',
        `rows holding '${op.from}' read '${op.to}' from then on (enum ${op.schema}.${op.name}), and the running application's writes of '${op.from}' fail`,
      ),
    ],
    describe: (op) => `rename value '${op.from}' of enum ${op.schema}.${op.name} to '${op.to}'`,
    reverse: (op) => ({ kind: 'renameEnumValue', schema: op.schema, name: op.name, from: op.to, to: op.from }),
    footprint: (op) => footprintOf({ needs: [thing.type(op.schema, op.name)] }),
    example: { schema: 'public', name: 'mood', from: 'ok', to: 'fine' },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: schemaOnly,
  },
  replaceEnum: {
    drops: dropsNamed('type'),
    summary:
      'Replaces an enum whose values are removed or reordered: a new type, and the columns using it converted through text.',
    ...HARMLESS,
    describe: (op) => {
      const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
      const removed = removedValues(op.from, op.to);
      const added = removedValues(op.to, op.from);
      // The values both sides have, in each side's order.
      const kept = op.from.filter((v) => op.to.includes(v));
      const reordered = op.to.filter((v) => op.from.includes(v)).some((v, i) => v !== kept[i]);
      const what = [
        ...(removed.length > 0 ? [`without ${quoted(removed)}`] : []),
        ...(added.length > 0 ? [`with ${quoted(added)} added`] : []),
        ...(reordered || (removed.length === 0 && added.length === 0) ? ['with its values reordered'] : []),
      ].join(', ');
      return `replace enum ${op.schema}.${op.name} ${what} (${op.columns.length} column(s) converted)`;
    },
    reverse: reverseReplaceEnum,
    // A replaced enum that loses values fails on rows holding them rather than losing them, but the values are gone from the type.
    destructive: (op) => removedValues(op.from, op.to).length > 0,
    loss: () => 'rows holding a removed value make it fail',
    lossCode: 'remove-enum-value',
    footprint: (op) =>
      footprintOf({
        makes: [thing.type(op.schema, op.name)],
        needs: op.columns.map((c) => thing.relation(c.schema, c.table)),
      }),
    example: {
      schema: 'public',
      name: 'mood',
      from: ['sad', 'ok', 'happy'],
      to: ['sad', 'happy'],
      columns: [
        {
          schema: 'public',
          table: 'person',
          column: 'mood',
          type: 'public.mood',
          default: { from: "'ok'::public.mood", to: "'happy'::public.mood" },
        },
      ],
    },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({ ...op, schema: map.schema(op.schema), columns: op.columns.map((c) => enumUse(c, map)) }),
  },
};

function describeAddEnumValue(op: AddEnumValue): string {
  let text = `add value '${op.value}' to enum ${op.schema}.${op.name}`;
  if (op.before !== undefined) text += ` before '${op.before}'`;
  if (op.after !== undefined) text += ` after '${op.after}'`;
  return text;
}

/**
 * How many values an enum has before a value is added (`previous`, set on
 * every generated addition), as text that sorts as the number does; empty
 * where it is not known, and the additions keep their order.
 */
function valuesBefore(op: OperationOf<'addEnumValue'>): string {
  return op.previous === undefined ? '' : placeText(op.previous.values.length);
}

function enumUse(use: EnumColumnUse, map: NameMapper): EnumColumnUse {
  return {
    ...use,
    schema: map.schema(use.schema),
    type: map.text(use.type),
    ...(use.default
      ? { default: { from: mapNullableText(use.default.from, map), to: mapNullableText(use.default.to, map) } }
      : {}),
  };
}
