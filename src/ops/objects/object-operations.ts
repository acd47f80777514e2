import type {
  CheckModel,
  CommentTarget,
  DomainModel,
  ExtensionModel,
  SequenceModel,
  TriggerModel,
} from '../../schema/model.js';
import { isPunct, isWord, tokenizeSql } from '../../sql/lexer.js';
import { footprintSpace, isCommentForm, kindWord } from '../../schema/object-kinds.js';
import { hasCommentParent, isTablePart } from '../../schema/comment-targets.js';
import { assertNever } from '../../util/assert-never.js';
import { describeReplaceDomain, reverseReplaceDomain } from './domain-replace.js';
import {
  CREATED_AT_EXPAND,
  dropsNamed,
  dropsTablePart,
  dropsUnqualified,
  HARMLESS,
  irreversible,
  RANK,
  removedOf,
  type FamilySpecs,
} from '../families/spec.js';
import { isWidening } from '../hazard-codes.js';
import { footprintOf, thing, typesIn, type Thing } from '../things.js';
import { mapComment, mapDomain, mapSequence, mapTrigger } from '../../schema/names/map-model-names.js';
import type { NameMapper } from '../../schema/names/name-mapper.js';

/**
 * The operations on objects that live in a schema besides tables, enums,
 * views and routines: extensions, sequences, domains, triggers, and comments
 * on anything.
 */
export type ObjectOperation = Readonly<
  | { kind: 'createExtension'; extension: ExtensionModel }
  | { kind: 'dropExtension'; name: string; removed?: ExtensionModel }
  | {
      /**
       * `ALTER EXTENSION name SET SCHEMA schema`: the extension's objects (its
       * types among them) move with it. Postgres refuses it for an extension
       * that is not relocatable.
       */
      kind: 'alterExtension';
      name: string;
      /** The schema it moves to. */
      schema: string;
      /** The schema it was in; needed to reverse it. */
      from?: string;
    }
  | { kind: 'createSequence'; sequence: SequenceModel }
  | { kind: 'dropSequence'; schema: string; name: string; removed?: SequenceModel }
  | { kind: 'alterSequence'; schema: string; name: string; to: SequenceChange; from?: SequenceChange }
  | { kind: 'createDomain'; domain: DomainModel }
  | { kind: 'dropDomain'; schema: string; name: string; removed?: DomainModel }
  | { kind: 'alterDomain'; schema: string; name: string; to: DomainChange; from?: DomainChange }
  | {
      /**
       * Replaces a domain whose base type changes, which Postgres cannot do in
       * place: the new domain is created under a temporary name, every column
       * using the old one is converted through the new base type (defaults
       * dropped before and set again after), the old domain is dropped and the
       * new one takes its name.
       */
      kind: 'replaceDomain';
      /** The domain after the replacement. */
      domain: DomainModel;
      /** The domain before; needed to reverse it. */
      from?: DomainModel;
      /** The columns converted or whose defaults name the domain, in (schema, table, column) order. */
      columns: readonly DomainColumnUse[];
      /**
       * Comments on the domain and its checks as they are before, set again
       * on the new domain (on the checks it has); a comment that changes is a
       * `setComment` of its own after this step.
       */
      comments?: DomainComments;
      /** Printed as a comment in revision files. */
      note?: string;
    }
  | { kind: 'createTrigger'; trigger: TriggerModel }
  | { kind: 'dropTrigger'; schema: string; table: string; name: string; removed?: TriggerModel }
  | {
      kind: 'setComment';
      target: CommentTarget;
      /** The new comment, or null to remove it. */
      comment: string | null;
      /** The comment before; needed to reverse it. */
      from?: string | null;
    }
>;

export type ObjectOperationKind = ObjectOperation['kind'];

export type Op<K extends ObjectOperationKind> = Extract<ObjectOperation, { kind: K }>;

/** The parts of a sequence that `alterSequence` can change. */
export interface SequenceChange {
  readonly type?: string;
  readonly start?: string;
  readonly increment?: string;
  readonly min?: string;
  readonly max?: string;
  readonly cache?: string;
  readonly cycle?: boolean;
  readonly ownedBy?: SequenceModel['ownedBy'];
  readonly unlogged?: boolean;
}

/** The parts of a domain that `alterDomain` can change; `checks` is the whole list of checks. */
export interface DomainChange {
  readonly default?: string | null;
  readonly notNull?: boolean;
  readonly checks?: readonly CheckModel[];
}

/** The comments a `replaceDomain` carries over to the new domain. */
export interface DomainComments {
  readonly domain?: string;
  readonly checks?: readonly { readonly name: string; readonly text: string }[];
}

/** A column that `replaceDomain` converts, or whose default it drops and sets again. */
export interface DomainColumnUse {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /**
   * The column's type when it is the domain or an array of it (`public.amount`,
   * `public.amount[]`): the column is converted. Absent for a column of
   * another type whose default casts to the domain.
   */
  readonly type?: string;
  /** The column's default, dropped before the conversion and set again after. */
  readonly default?: string;
  /**
   * Set for a partition's own default of a column converted on a table above
   * it (1 for a partition of that table, 2 below, ...): no `type`, and its
   * default is set again after its parents', shallower partitions first.
   */
  readonly partitionDepth?: number;
}

declare module '../operation.js' {
  interface OperationFamilies {
    readonly object: ObjectOperation;
  }
}

/** Drops that lose data: an extension (and what its types hold), a sequence's position, a domain. */
const DROP = { destructive: () => true, hazards: () => [] } as const;

export const OBJECT_SPECS: FamilySpecs<ObjectOperationKind> = {
  createExtension: {
    ...CREATED_AT_EXPAND,
    summary: 'Installs an extension, if it is not installed.',
    ...HARMLESS,
    describe: (op) => `create extension ${op.extension.name} in schema ${op.extension.schema}`,
    reverse: (op) => ({ kind: 'dropExtension', name: op.extension.name, removed: op.extension }),
    footprint: (op) =>
      footprintOf({ makes: [thing.extension(op.extension.name)], needs: [thing.schema(op.extension.schema)] }),
    example: { extension: { name: 'citext', schema: 'public' } },
    tieBreak: (op) => [RANK.first, op.extension.name],
    mapNames: (op, map) => ({ ...op, extension: { ...op.extension, schema: map.schema(op.extension.schema) } }),
  },
  dropExtension: {
    drops: dropsUnqualified('extension'),
    summary: 'Drops an extension and its objects.',
    unrendered: ['removed'],
    ...DROP,
    describe: (op) => `drop extension ${op.name}`,
    reverse: (op) => ({ kind: 'createExtension', extension: removedOf(`drop extension ${op.name}`, op.removed) }),
    footprint: (op) =>
      footprintOf({
        removes: [thing.extension(op.name)],
        releases: op.removed === undefined ? [] : [thing.schema(op.removed.schema)],
      }),
    example: { name: 'citext' },
    tieBreak: (op) => [RANK.first, op.name],
    mapNames: (op, map) => ({
      ...op,
      ...(op.removed ? { removed: { ...op.removed, schema: map.schema(op.removed.schema) } } : {}),
    }),
  },
  alterExtension: {
    summary: 'Moves an extension and its objects to another schema.',
    ...HARMLESS,
    describe: describeAlterExtension,
    // The move back to the schema it came from.
    reverse: (op) => {
      if (op.from === undefined)
        throw irreversible(describeAlterExtension(op), 'it does not say which schema the extension was in (from)');
      return { kind: 'alterExtension', name: op.name, schema: op.from, from: op.schema };
    },
    footprint: (op) =>
      footprintOf({
        needs: [thing.extension(op.name), thing.schema(op.schema)],
        releases: op.from === undefined ? [] : [thing.schema(op.from)],
      }),
    example: { name: 'citext', schema: 'ext', from: 'public' },
    tieBreak: (op) => [RANK.first, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.from !== undefined ? { from: map.schema(op.from) } : {}),
    }),
  },
  createSequence: {
    ...CREATED_AT_EXPAND,
    summary: 'Creates a sequence with every option written out.',
    ...HARMLESS,
    describe: (op) => `create sequence ${op.sequence.schema}.${op.sequence.name}`,
    reverse: (op) => ({
      kind: 'dropSequence',
      schema: op.sequence.schema,
      name: op.sequence.name,
      removed: op.sequence,
    }),
    footprint: (op) =>
      footprintOf({
        makes: [thing.relation(op.sequence.schema, op.sequence.name)],
        needs: [
          thing.schema(op.sequence.schema),
          ...(op.sequence.ownedBy === null ? [] : [thing.relation(op.sequence.schema, op.sequence.ownedBy.table)]),
        ],
      }),
    example: { sequence: { schema: 'public', name: 'order_no', type: 'bigint', start: '1000' } },
    tieBreak: (op) => [RANK.first, op.sequence.schema, op.sequence.name],
    mapNames: (op, map) => ({ ...op, sequence: mapSequence(op.sequence, map) }),
  },
  dropSequence: {
    drops: dropsNamed('sequence'),
    summary: 'Drops a sequence (its position is lost).',
    unrendered: ['removed'],
    ...DROP,
    describe: (op) => `drop sequence ${op.schema}.${op.name}`,
    reverse: (op) => ({
      kind: 'createSequence',
      sequence: removedOf(`drop sequence ${op.schema}.${op.name}`, op.removed),
    }),
    footprint: (op) =>
      footprintOf({ removes: [thing.relation(op.schema, op.name)], releases: [thing.schema(op.schema)] }),
    example: { schema: 'public', name: 'order_no' },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapSequence(op.removed, map) } : {}),
    }),
  },
  alterSequence: {
    summary: "Changes a sequence's options or owner.",
    ...HARMLESS,
    describe: describeAlterSequence,
    reverse: (op) => ({
      kind: 'alterSequence',
      schema: op.schema,
      name: op.name,
      ...swapChange(describeAlterSequence(op), op.to, op.from),
    }),
    footprint: (op) =>
      footprintOf({
        needs: [
          thing.relation(op.schema, op.name),
          ...(op.to.ownedBy === undefined || op.to.ownedBy === null
            ? []
            : [thing.relation(op.schema, op.to.ownedBy.table)]),
        ],
      }),
    example: {
      schema: 'public',
      name: 'order_no',
      to: { increment: '10', max: '99999', ownedBy: { table: 'orders', column: 'id' } },
      from: { increment: '1', max: '9223372036854775807', ownedBy: null },
    },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({ ...op, schema: map.schema(op.schema) }),
  },
  createDomain: {
    ...CREATED_AT_EXPAND,
    summary: 'Creates a domain with its default, `NOT NULL` and checks.',
    ...HARMLESS,
    describe: (op) => `create domain ${op.domain.schema}.${op.domain.name}`,
    reverse: (op) => ({ kind: 'dropDomain', schema: op.domain.schema, name: op.domain.name, removed: op.domain }),
    footprint: (op) =>
      footprintOf({ makes: [thing.type(op.domain.schema, op.domain.name)], needs: domainUses(op.domain) }),
    example: {
      domain: {
        schema: 'public',
        name: 'year',
        type: 'integer',
        checks: [{ name: 'year_check', expression: '((VALUE >= 1901) AND (VALUE <= 2155))' }],
      },
    },
    tieBreak: (op) => [RANK.first, op.domain.schema, op.domain.name],
    mapNames: (op, map) => ({ ...op, domain: mapDomain(op.domain, map) }),
  },
  dropDomain: {
    drops: dropsNamed('type'),
    summary: 'Drops a domain.',
    unrendered: ['removed'],
    ...DROP,
    describe: (op) => `drop domain ${op.schema}.${op.name}`,
    reverse: (op) => ({ kind: 'createDomain', domain: removedOf(`drop domain ${op.schema}.${op.name}`, op.removed) }),
    lossCode: 'drop-type',
    footprint: (op) =>
      footprintOf({
        removes: [thing.type(op.schema, op.name)],
        releases: op.removed === undefined ? [thing.schema(op.schema)] : domainUses(op.removed),
      }),
    example: { schema: 'public', name: 'year' },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapDomain(op.removed, map) } : {}),
    }),
  },
  alterDomain: {
    summary: "Changes a domain's default, `NOT NULL` or checks.",
    ...HARMLESS,
    describe: describeAlterDomain,
    reverse: (op) => ({
      kind: 'alterDomain',
      schema: op.schema,
      name: op.name,
      ...swapChange(describeAlterDomain(op), op.to, op.from),
    }),
    footprint: (op) => footprintOf({ needs: [thing.type(op.schema, op.name)] }),
    example: {
      schema: 'public',
      name: 'year',
      to: { default: '2000', checks: [{ name: 'year_check', expression: '(VALUE > 1900)' }] },
      from: { default: null, checks: [{ name: 'year_check', expression: '((VALUE >= 1901) AND (VALUE <= 2155))' }] },
    },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      to: mapDomainChange(op.to, map),
      ...(op.from ? { from: mapDomainChange(op.from, map) } : {}),
    }),
  },
  replaceDomain: {
    summary:
      'Replaces a domain whose base type or collation changes: a new domain, and the columns using it converted.',
    describe: describeReplaceDomain,
    reverse: (op) => reverseReplaceDomain(op, describeReplaceDomain(op)),
    // Each column is cast to the new base type, which may drop digits or characters.
    destructive: (op) => !isWidening(op.from?.type, op.domain.type),
    loss: () => 'values may be cut, or fail to convert',
    lossCode: 'narrow-type',
    hazards: () => [],
    footprint: (op) =>
      footprintOf({
        makes: [thing.type(op.domain.schema, op.domain.name)],
        needs: [...domainUses(op.domain), ...op.columns.map((c) => thing.relation(c.schema, c.table))],
        releases: op.from === undefined ? [] : typesIn(op.from.type),
      }),
    example: {
      domain: {
        schema: 'public',
        name: 'amount',
        type: 'bigint',
        default: null,
        notNull: false,
        checks: [{ name: 'amount_check', expression: '(VALUE >= 0)' }],
      },
      from: {
        schema: 'public',
        name: 'amount',
        type: 'integer',
        default: null,
        notNull: false,
        checks: [{ name: 'amount_check', expression: '(VALUE >= 0)' }],
      },
      columns: [
        { schema: 'public', table: 'orders', column: 'total', type: 'public.amount', default: '0' },
        { schema: 'public', table: 'orders', column: 'parts', type: 'public.amount[]' },
        { schema: 'public', table: 'refunds', column: 'cap', default: '(100)::public.amount' },
      ],
    },
    tieBreak: (op) => [RANK.first, op.domain.schema, op.domain.name],
    mapNames: (op, map) => ({
      ...op,
      domain: mapDomain(op.domain, map),
      ...(op.from ? { from: mapDomain(op.from, map) } : {}),
      columns: op.columns.map((c) => domainUse(c, map)),
    }),
  },
  createTrigger: {
    summary: 'Creates a trigger from its definition.',
    ...HARMLESS,
    describe: (op) => `create trigger ${op.trigger.name} on ${op.trigger.schema}.${op.trigger.table}`,
    reverse: (op) => ({
      kind: 'dropTrigger',
      schema: op.trigger.schema,
      table: op.trigger.table,
      name: op.trigger.name,
      removed: op.trigger,
    }),
    footprint: (op) =>
      footprintOf({
        needs: [thing.relation(op.trigger.schema, op.trigger.table), ...triggerFunction(op.trigger.definition)],
      }),
    example: {
      trigger: {
        schema: 'public',
        table: 'orders',
        name: 'orders_touch',
        definition:
          'CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch()',
      },
    },
    tieBreak: (op) => [RANK.first, op.trigger.schema, op.trigger.table, op.trigger.name],
    mapNames: (op, map) => ({ ...op, trigger: mapTrigger(op.trigger, map) }),
  },
  dropTrigger: {
    drops: dropsTablePart('trigger'),
    summary: 'Drops a trigger.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropTrigger,
    reverse: (op) => ({ kind: 'createTrigger', trigger: removedOf(describeDropTrigger(op), op.removed) }),
    footprint: (op) =>
      footprintOf({ releases: op.removed === undefined ? [] : triggerFunction(op.removed.definition) }),
    example: { schema: 'public', table: 'orders', name: 'orders_touch' },
    tieBreak: (op) => [RANK.first, op.schema, op.table, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapTrigger(op.removed, map) } : {}),
    }),
  },
  setComment: {
    summary: 'Sets or removes the comment on an object.',
    ...HARMLESS,
    describe: describeSetComment,
    reverse: (op) => {
      if (op.from === undefined)
        throw irreversible(describeSetComment(op), 'it does not say what the comment was before (from)');
      return { kind: 'setComment', target: op.target, comment: op.from, from: op.comment };
    },
    // A comment removed is removed from the object as it stands (before a rebuild drops it); one set, from the object made.
    footprint: (op) =>
      op.comment === null ? footprintOf({ reads: commentOn(op.target) }) : footprintOf({ needs: commentOn(op.target) }),
    example: {
      target: { on: 'column', schema: 'public', name: 'amount', parent: 'orders' },
      comment: 'In euros',
      from: null,
    },
    tieBreak: (op) => [
      RANK.first,
      op.target.on,
      op.target.schema,
      op.target.parent ?? '',
      op.target.name,
      op.target.argumentTypes ?? '',
    ],
    mapNames: (op, map) => ({ ...op, target: mapCommentTarget(op.target, map) }),
  },
};

/** `move extension citext: schema public -> ext`. */
function describeAlterExtension(op: Op<'alterExtension'>): string {
  return `move extension ${op.name}: schema ${op.from === undefined ? '' : `${op.from} -> `}${op.schema}`;
}

function describeAlterSequence(op: Op<'alterSequence'>): string {
  return `alter sequence ${op.schema}.${op.name}: ${changedParts(op.to, op.from, sequencePart)}`;
}

function describeAlterDomain(op: Op<'alterDomain'>): string {
  return `alter domain ${op.schema}.${op.name}: ${changedParts(op.to, op.from, domainPart)}`;
}

function describeDropTrigger(op: Op<'dropTrigger'>): string {
  return `drop trigger ${op.name} on ${op.schema}.${op.table}`;
}

function describeSetComment(op: Op<'setComment'>): string {
  return `${op.comment === null ? 'remove comment on' : 'comment on'} ${describeCommentTarget(op.target)}`;
}

/** `to` and `from` swapped; every part that `to` changes must be in `from`. */
function swapChange<T extends object>(what: string, to: T, from: T | undefined): { to: T; from: T } {
  if (from === undefined) throw irreversible(what, 'it does not say what it was before (from)');
  const before = from as Record<string, unknown>;
  const after = to as Record<string, unknown>;
  const missing = Object.keys(after).filter((key) => after[key] !== undefined && before[key] === undefined);
  if (missing.length > 0) throw irreversible(what, `from does not give the previous ${missing.join(', ')}`);
  return { to: { ...from }, from: { ...to } };
}

/** `column public.users.email`, `constraint users_pkey on public.users`, `function public.f(integer)`. */
function describeCommentTarget(target: CommentTarget): string {
  const { on } = target;
  const word = kindWord(on);
  if (isCommentForm(on, 'bare')) return `${word} ${target.name}`;
  if (isCommentForm(on, 'qualified')) return `${word} ${target.schema}.${target.name}`;
  if (on === 'column') return `${word} ${target.schema}.${target.parent ?? ''}.${target.name}`;
  if (hasCommentParent(on)) return `${word} ${target.name} on ${target.schema}.${target.parent ?? ''}`;
  switch (on) {
    case 'cast':
      return `${word} (${target.name} AS ${target.parent ?? ''})`;
    case 'function':
    case 'procedure':
    case 'aggregate':
      return `${word} ${target.schema}.${target.name}(${target.argumentTypes ?? ''})`;
    case 'operator':
      return `${word} ${target.schema}.${target.name} (${target.argumentTypes ?? ''})`;
    default:
      return assertNever(on, 'comment target');
  }
}

function changedParts<T extends object>(
  to: T,
  from: T | undefined,
  part: (key: string, value: unknown) => string,
): string {
  const parts = Object.entries(to)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const before = from === undefined ? undefined : (from as Record<string, unknown>)[key];
      const after = part(key, value);
      return before === undefined ? after : `${part(key, before)} -> ${after}`;
    });
  return parts.length === 0 ? 'no change' : parts.join(', ');
}

function sequencePart(key: string, value: unknown): string {
  if (key === 'ownedBy') {
    const owner = value as SequenceChange['ownedBy'];
    return owner === null || owner === undefined ? 'owned by none' : `owned by ${owner.table}.${owner.column}`;
  }
  if (key === 'cycle') return value === true ? 'cycle' : 'no cycle';
  if (key === 'unlogged') return value === true ? 'unlogged' : 'logged';
  return `${key} ${String(value)}`;
}

function domainPart(key: string, value: unknown): string {
  if (key === 'notNull') return value === true ? 'not null' : 'nullable';
  if (key === 'default') return `default ${value === null ? '(none)' : String(value)}`;
  const checks = value as NonNullable<DomainChange['checks']>;
  return `checks (${checks.map((c) => `${c.name}${c.notValid === true ? ' not valid' : ''}`).join(', ') || 'none'})`;
}

function domainUses(domain: DomainModel): Thing[] {
  return [thing.schema(domain.schema), ...typesIn(domain.type)];
}

/** The function a trigger's definition runs: `EXECUTE FUNCTION schema.name(...)`, a routine of no arguments. */
function triggerFunction(definition: string): Thing[] {
  const tokens = tokenizeSql(definition);
  const at = tokens.findIndex(
    (t, i) => isWord(t, 'execute') && (isWord(tokens[i + 1], 'function') || isWord(tokens[i + 1], 'procedure')),
  );
  if (at < 0) return [];
  const [schema, dot, name] = [tokens[at + 2], tokens[at + 3], tokens[at + 4]];
  if (schema?.kind !== 'ident' || !isPunct(dot, '.') || name?.kind !== 'ident') return [];
  return [thing.routine(schema.text, name.text, '')];
}

/** What a comment is on, where the footprints name it. */
function commentOn(target: CommentTarget): Thing[] {
  const { on, schema, name, parent = '' } = target;
  // A constraint is its table's, and made and dropped on its own (a definition changed: dropped and added again).
  if (on === 'constraint') return [thing.relation(schema, parent), thing.constraint(schema, parent, name)];
  if (isTablePart(on)) return [thing.relation(schema, parent)];
  if (on === 'domainConstraint') return [thing.type(schema, parent)];
  const space = footprintSpace(on);
  switch (space) {
    case undefined:
      return [];
    case 'schema':
      return [thing.schema(name)];
    case 'relation':
      return [thing.relation(schema, name)];
    case 'index':
      return [thing.index(schema, name)];
    case 'type':
      return [thing.type(schema, name)];
    case 'routine':
      return [thing.routine(schema, name, target.argumentTypes ?? '')];
    case 'collation':
      return [thing.collation(schema, name)];
    case 'extension':
      return [thing.extension(name)];
  }
}

function domainUse(use: DomainColumnUse, map: NameMapper): DomainColumnUse {
  return {
    ...use,
    schema: map.schema(use.schema),
    ...(use.type !== undefined ? { type: map.text(use.type) } : {}),
    ...(use.default !== undefined ? { default: map.text(use.default) } : {}),
  };
}

function mapDomainChange(change: DomainChange, map: NameMapper): DomainChange {
  return {
    ...change,
    ...(typeof change.default === 'string' ? { default: map.text(change.default) } : {}),
    ...(change.checks ? { checks: change.checks.map((c) => ({ ...c, expression: map.text(c.expression) })) } : {}),
  };
}

function mapCommentTarget(target: CommentTarget, map: NameMapper): CommentTarget {
  return mapComment({ target, text: '' }, map).target;
}
