import { removedValues, reverseAddEnumValue, reverseReplaceEnum } from './enum-replace.js';
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
import type { AddEnumValue, EnumColumnUse, EnumOperation } from './kinds/enums.js';
export type { EnumColumnUse, EnumOperation } from './kinds/enums.js';
import { footprintOf, thing } from '../things.js';
import { mapNullableText, type NameMapper } from '../../schema/names/name-mapper.js';

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
