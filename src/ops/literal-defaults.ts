import type { ColumnModel, ForeignKeyModel, IndexModel, TableModel } from '../schema/model-table.js';
import type { DomainModel, FunctionModel, SequenceModel, ViewModel } from '../schema/objects/model-objects.js';
import { PUBLISHED_CHANGES, type PublicationModel } from '../schema/objects/model-publications.js';
import type { OperationKind, OperationOf } from './operation.js';

/**
 * The defaults of the model objects a revision file writes whole (a created
 * table, a sequence, a domain...), one table per kind of object. The renderer
 * leaves out of such a literal each field that equals its default
 * (`omitDefaults`), and the `op` facade fills them back in (`fillDefaults`),
 * so the operation that runs is the full one either way; both read the same
 * table. A default is a value, or the value as a function of the other
 * fields: those named before it in the table, filled first, or fields that
 * have no default. A function returns undefined where no default is certain
 * (a sequence of a type it does not know): the field is then always written.
 * Only whole objects have defaults: a `from` of a change (`alterColumn`)
 * keeps its nulls, which say something there.
 */
export interface LiteralModels {
  readonly table: TableModel;
  readonly column: ColumnModel;
  readonly foreignKey: ForeignKeyModel;
  readonly index: IndexModel;
  readonly sequence: SequenceModel;
  readonly domain: DomainModel;
  readonly view: ViewModel;
  readonly function: FunctionModel;
  readonly publication: PublicationModel;
}

export type LiteralKind = keyof LiteralModels;

/** A field's default: the value, or the value derived from the object (undefined when there is none). */
type FieldDefault<T, F extends keyof T> = T[F] | ((object: T) => T[F] | undefined);

interface KindDefaults<K extends LiteralKind> {
  /** The fields that may be left out, in the order they are filled. */
  readonly fields: { readonly [F in keyof LiteralModels[K]]?: FieldDefault<LiteralModels[K], F> };
  /** Fields holding lists of objects of another kind, whose literals leave out their own defaults. */
  readonly children?: { readonly [F in keyof LiteralModels[K]]?: LiteralKind };
}

/** The bounds Postgres gives a sequence of a type by default, ascending and descending. */
const SEQUENCE_BOUNDS: Readonly<Record<string, { readonly min: string; readonly max: string }>> = {
  smallint: { min: '-32768', max: '32767' },
  integer: { min: '-2147483648', max: '2147483647' },
  bigint: { min: '-9223372036854775808', max: '9223372036854775807' },
};

function descending(sequence: SequenceModel): boolean {
  return sequence.increment.trim().startsWith('-');
}

function sequenceMin(sequence: SequenceModel): string | undefined {
  const bounds = SEQUENCE_BOUNDS[sequence.type];
  if (bounds === undefined || sequence.increment === undefined) return undefined;
  return descending(sequence) ? bounds.min : '1';
}

function sequenceMax(sequence: SequenceModel): string | undefined {
  const bounds = SEQUENCE_BOUNDS[sequence.type];
  if (bounds === undefined || sequence.increment === undefined) return undefined;
  return descending(sequence) ? '-1' : bounds.max;
}

/** Where a sequence starts by default: its minimum ascending, its maximum descending. */
function sequenceStart(sequence: SequenceModel): string | undefined {
  if (sequence.increment === undefined) return undefined;
  return descending(sequence) ? sequence.max : sequence.min;
}

export const LITERAL_DEFAULTS = {
  table: {
    fields: { primaryKey: null, foreignKeys: [], uniques: [], checks: [], indexes: [] },
    children: { columns: 'column', foreignKeys: 'foreignKey', indexes: 'index' },
  },
  column: { fields: { default: null, identity: null } },
  foreignKey: { fields: { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' } },
  index: { fields: { unique: false, method: 'btree', where: null } },
  sequence: {
    fields: {
      increment: '1',
      cache: '1',
      cycle: false,
      ownedBy: null,
      min: sequenceMin,
      max: sequenceMax,
      start: sequenceStart,
    },
  },
  domain: { fields: { default: null, notNull: false, checks: [] } },
  view: { fields: { materialized: false, options: [], indexes: [], dependsOn: [] }, children: { indexes: 'index' } },
  function: { fields: { dependsOn: [] } },
  publication: { fields: { allTables: false, tables: [], schemas: [], publish: PUBLISHED_CHANGES, viaRoot: false } },
} as const satisfies { readonly [K in LiteralKind]: KindDefaults<K> };

/**
 * The fields of operations that hold a whole object, and its kind: the
 * literals the renderer shortens and the `op` facade fills.
 */
export const OPERATION_LITERALS = {
  createTable: { table: 'table' },
  addColumn: { column: 'column' },
  dropColumn: { keptColumn: 'column' },
  createIndex: { index: 'index' },
  createSequence: { sequence: 'sequence' },
  createDomain: { domain: 'domain' },
  createView: { view: 'view' },
  replaceView: { view: 'view', from: 'view' },
  createFunction: { function: 'function' },
  replaceFunction: { function: 'function', from: 'function' },
  createPublication: { publication: 'publication' },
  alterPublication: { from: 'publication', to: 'publication' },
} as const satisfies { readonly [K in OperationKind]?: { readonly [F in keyof OperationOf<K>]?: LiteralKind } };

type Defaults = typeof LITERAL_DEFAULTS;
type DefaultedField<K extends LiteralKind> = keyof Defaults[K]['fields'];
type ChildrenOf<K extends LiteralKind> = Defaults[K] extends { readonly children: infer C } ? C : object;

/** A field of a literal: a list of another kind's literals where the kind says so. */
type LiteralField<K extends LiteralKind, F extends keyof LiteralModels[K]> = F extends keyof ChildrenOf<K>
  ? ChildrenOf<K>[F] extends LiteralKind
    ? readonly LiteralOf<ChildrenOf<K>[F]>[]
    : LiteralModels[K][F]
  : LiteralModels[K][F];

/** An object of kind `K` as a revision may write it: the fields with a default may be left out. */
export type LiteralOf<K extends LiteralKind> = {
  readonly [F in keyof LiteralModels[K] as F extends DefaultedField<K> ? never : F]: LiteralField<K, F>;
} & {
  readonly [F in keyof LiteralModels[K] as F extends DefaultedField<K> ? F : never]?: LiteralField<K, F>;
};

type OperationLiterals = typeof OPERATION_LITERALS;

/** What `op.<kind>(...)` accepts: the operation without `kind`, its whole objects as literals without their defaults. */
export type LiteralPayload<K extends OperationKind> = K extends keyof OperationLiterals
  ? {
      [F in keyof Omit<OperationOf<K>, 'kind'>]: F extends keyof OperationLiterals[K]
        ? OperationLiterals[K][F] extends LiteralKind
          ? LiteralOf<OperationLiterals[K][F]> | Exclude<OperationOf<K>[F], object>
          : OperationOf<K>[F]
        : OperationOf<K>[F];
    }
  : Omit<OperationOf<K>, 'kind'>;

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function defaultsOf(kind: LiteralKind): { fields: Fields; children: Readonly<Record<string, LiteralKind>> } {
  const entry = LITERAL_DEFAULTS[kind] as { readonly fields: Fields; readonly children?: Record<string, LiteralKind> };
  return { fields: entry.fields, children: entry.children ?? {} };
}

/** The default of `field` for the object `object` (filled up to there); undefined when it has none. */
function defaultFor(fieldDefault: unknown, object: Fields): unknown {
  return typeof fieldDefault === 'function' ? (fieldDefault as (o: Fields) => unknown)(object) : fieldDefault;
}

/** Defaults are plain data: null, booleans, strings, empty lists. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function mapChildren(kind: LiteralKind, object: Fields, each: (kind: LiteralKind, child: Fields) => Fields): Fields {
  const { children } = defaultsOf(kind);
  const out: Fields = { ...object };
  for (const [field, childKind] of Object.entries(children)) {
    const list = out[field];
    if (Array.isArray(list)) out[field] = list.map((child) => (isFields(child) ? each(childKind, child) : child));
  }
  return out;
}

/** The object of kind `kind` without the fields that equal their defaults; its children the same. */
export function omitDefaults(kind: LiteralKind, object: Fields): Fields {
  const { fields } = defaultsOf(kind);
  const out = mapChildren(kind, object, omitDefaults);
  for (const [field, fieldDefault] of Object.entries(fields)) {
    if (!(field in object) || object[field] === undefined) continue;
    const value = defaultFor(fieldDefault, object);
    if (value !== undefined && sameValue(object[field], value)) delete out[field];
  }
  return out;
}

/** The object of kind `kind` with each field left out set to its default, in the table's order; its children the same. */
export function fillDefaults(kind: LiteralKind, object: Fields): Fields {
  const { fields } = defaultsOf(kind);
  const out = mapChildren(kind, object, fillDefaults);
  for (const [field, fieldDefault] of Object.entries(fields)) {
    if (out[field] !== undefined) continue;
    const value = defaultFor(fieldDefault, out);
    if (value !== undefined) out[field] = structuredClone(value);
  }
  return out;
}

function literalFields(kind: string): Readonly<Record<string, LiteralKind>> {
  return Object.hasOwn(OPERATION_LITERALS, kind)
    ? (OPERATION_LITERALS[kind as keyof OperationLiterals] as Record<string, LiteralKind>)
    : {};
}

function mapLiterals(payload: Fields, kind: string, each: (kind: LiteralKind, object: Fields) => Fields): Fields {
  const out: Fields = { ...payload };
  for (const [field, literalKind] of Object.entries(literalFields(kind))) {
    const value = out[field];
    if (isFields(value)) out[field] = each(literalKind, value);
  }
  return out;
}

/** The payload of an operation of kind `kind` as a revision writes it: its whole objects without their defaults. */
export function omitPayloadDefaults(kind: OperationKind, payload: Fields): Fields {
  return mapLiterals(payload, kind, omitDefaults);
}

/** The operation a call `op.<kind>(payload)` stands for: its whole objects with their defaults filled in. */
export function operationOf<K extends OperationKind>(kind: K, payload: LiteralPayload<K>): OperationOf<K> {
  // Filling makes each literal the full object of its kind (the tests check it for every kind).
  return { kind, ...mapLiterals(payload as Fields, kind, fillDefaults) } as unknown as OperationOf<K>;
}
