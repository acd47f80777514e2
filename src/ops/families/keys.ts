import { assertNever } from '../../util/assert-never.js';
import {
  hazard,
  identityHazards,
  LOCK,
  mapIdentityRefusals,
  nonTransactionalHazard,
  tableOf,
  type Hazard,
} from '../hazard-codes.js';
import {
  dropsNamed,
  dropsTablePart,
  HARMLESS,
  irreversible,
  RANK,
  removedOf,
  schemaOnly,
  type FamilySpecs,
} from './spec.js';
import { footprintOf, foreignKeyUses, NONE, onTable, thing } from '../things.js';
import { mapCheck, mapIndex } from '../../schema/names/map-model-names.js';
import type { NameMapper } from '../../schema/names/name-mapper.js';
import type { ConstraintModel, IdentityRefusal, IndexModel } from '../../schema/model.js';

/** A constraint `alterConstraint` changes in place: a foreign key or a check. */
export type AlterableConstraint = Extract<ConstraintModel, { type: 'foreignKey' | 'check' }>;

/** What `alterConstraint` changes, as it was: a foreign key's deferral, and whether a foreign key or check is `NOT VALID`. */
export interface ConstraintState {
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  readonly notValid?: boolean;
}

/** An index key's statistics target set: its position (1 for the first) and the target, null for the default. */
export interface IndexKeyStatistics {
  readonly position: number;
  readonly to: number | null;
  readonly from?: number | null;
}

/** Constraints and indexes of tables. */
export type KeyOperation = Readonly<
  | {
      kind: 'addConstraint';
      schema: string;
      table: string;
      constraint: ConstraintModel;
      /**
       * Added without a long lock (in an `op.autocommit` block): a foreign key
       * or check `NOT VALID`, then validated; a unique or primary key over an
       * index built `CONCURRENTLY`, then `USING INDEX`. Each step can run again.
       */
      online?: boolean;
    }
  /** `unidentified`: the `replica-identity` hazard of a primary key dropped (`IdentityRefusal`). */
  | {
      kind: 'dropConstraint';
      schema: string;
      table: string;
      name: string;
      removed?: ConstraintModel;
      unidentified?: readonly IdentityRefusal[];
    }
  /**
   * A constraint that stays, changed in place to `constraint` from what `from`
   * gives of it: `VALIDATE CONSTRAINT`, a foreign key's deferral by `ALTER
   * CONSTRAINT`; one made `NOT VALID` again is dropped and added so in one
   * statement.
   */
  | { kind: 'alterConstraint'; schema: string; table: string; constraint: AlterableConstraint; from: ConstraintState }
  /** `online`: `CONCURRENTLY` (in an `op.autocommit` block), an invalid index of the name left by a failed build dropped first. */
  | { kind: 'createIndex'; schema: string; table: string; index: IndexModel; online?: boolean }
  /** `online`: `DROP INDEX CONCURRENTLY IF EXISTS` (in an `op.autocommit` block). */
  | { kind: 'dropIndex'; schema: string; table: string; name: string; removed?: IndexModel; online?: boolean }
  /**
   * `ALTER INDEX ... ALTER COLUMN n SET STATISTICS m`: the statistics targets of an index's expression
   * keys, by key position (1 for the first), null for the default (`-1`); `from` is each before, needed
   * to reverse it.
   */
  | {
      kind: 'setIndexStatistics';
      schema: string;
      table: string;
      index: string;
      keys: readonly IndexKeyStatistics[];
    }
  /** `ALTER INDEX schema.from RENAME TO to`: index names are unique per schema, so the table is not named. */
  | { kind: 'renameIndex'; schema: string; from: string; to: string }
>;

export type Op<K extends KeyOperation['kind']> = Extract<KeyOperation, { kind: K }>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly keys: KeyOperation;
  }
}

/** The foreign key of the examples. */
const POSTS_AUTHOR_FKEY: AlterableConstraint = {
  type: 'foreignKey',
  name: 'posts_author_id_fkey',
  columns: ['author_id'],
  refSchema: 'public',
  refTable: 'users',
  refColumns: ['id'],
  onDelete: 'CASCADE',
  onUpdate: 'NO ACTION',
};

// An index built concurrently is dropped concurrently, and back; a constraint or NOT NULL added online is dropped plainly.
export const KEY_SPECS: FamilySpecs<KeyOperation['kind']> = {
  addConstraint: {
    summary:
      'Adds a primary key, unique, check, exclusion or foreign key constraint; `online: true` adds it without a long lock.',
    describe: (op) =>
      `add ${constraintWord(op.constraint)} ${op.constraint.name} on ${op.schema}.${op.table}${op.online === true ? ' online' : ''}`,
    reverse: (op) => ({
      kind: 'dropConstraint',
      schema: op.schema,
      table: op.table,
      name: op.constraint.name,
      removed: op.constraint,
    }),
    destructive: () => false,
    hazards: addConstraintHazards,
    footprint: (op) =>
      footprintOf({
        makes: [
          thing.constraint(op.schema, op.table, op.constraint.name),
          ...(op.constraint.type === 'primaryKey' || op.constraint.type === 'unique'
            ? [thing.index(op.schema, op.constraint.name)]
            : []),
        ],
        needs: [
          thing.relation(op.schema, op.table),
          ...(op.constraint.type === 'foreignKey' ? foreignKeyUses(op.schema, op.table, op.constraint) : []),
        ],
      }),
    example: {
      schema: 'public',
      table: 'posts',
      constraint: POSTS_AUTHOR_FKEY,
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '3', op.constraint.name],
    mapNames: (op, map) => ({ ...op, schema: map.schema(op.schema), constraint: mapConstraint(op.constraint, map) }),
  },
  dropConstraint: {
    drops: (op) => [...dropsTablePart('constraint')(op), ...dropsNamed('index')(op)],
    summary: 'Drops a constraint.',
    unrendered: ['removed'],
    describe: describeDropConstraint,
    reverse: (op) => ({
      kind: 'addConstraint',
      schema: op.schema,
      table: op.table,
      constraint: removedOf(describeDropConstraint(op), op.removed),
    }),
    destructive: () => false,
    hazards: (op) => [
      hazard('access-exclusive', `dropping constraint ${op.name} ${LOCK}`, tableOf(op)),
      ...identityHazards(op.unidentified),
    ],
    footprint: (op) =>
      footprintOf({
        needs: [thing.relation(op.schema, op.table)],
        removes: [thing.constraint(op.schema, op.table, op.name)],
        releases: op.removed?.type === 'foreignKey' ? foreignKeyUses(op.schema, op.table, op.removed) : [],
      }),
    example: { schema: 'public', table: 'posts', name: 'posts_author_id_fkey' },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '0', op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapConstraint(op.removed, map) } : {}),
      ...mapIdentityRefusals(op.unidentified, map),
    }),
  },
  alterConstraint: {
    summary:
      "Changes a foreign key's deferral or validates a foreign key or check in place; one made `NOT VALID` again is dropped and added so.",
    describe: (op) =>
      `alter ${constraintWord(op.constraint)} ${op.constraint.name} on ${op.schema}.${op.table}: ${stateChanges(op)}`,
    reverse: (op) => ({
      kind: 'alterConstraint',
      schema: op.schema,
      table: op.table,
      constraint: withState(op.constraint, op.from),
      from: stateOf(op.constraint, op.from),
    }),
    destructive: () => false,
    hazards: (op) =>
      op.from.notValid === false
        ? [hazard('access-exclusive', `making constraint ${op.constraint.name} NOT VALID again ${LOCK}`, tableOf(op))]
        : [],
    footprint: (op) =>
      footprintOf({
        needs: [
          thing.relation(op.schema, op.table),
          thing.constraint(op.schema, op.table, op.constraint.name),
          ...(op.constraint.type === 'foreignKey' ? foreignKeyUses(op.schema, op.table, op.constraint) : []),
        ],
      }),
    example: {
      schema: 'public',
      table: 'posts',
      constraint: POSTS_AUTHOR_FKEY,
      from: { notValid: true },
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '2', op.constraint.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      constraint: mapConstraint(op.constraint, map) as AlterableConstraint,
    }),
  },
  createIndex: {
    summary: 'Creates an index; `online: true` creates it `CONCURRENTLY`.',
    describe: (op) =>
      `create ${op.index.unique ? 'unique ' : ''}index ${op.index.name} on ${op.schema}.${op.table}${op.online === true ? ' concurrently' : ''}`,
    reverse: (op) => ({
      kind: 'dropIndex',
      schema: op.schema,
      table: op.table,
      name: op.index.name,
      removed: op.index,
      ...online(op),
    }),
    destructive: () => false,
    hazards: (op) => {
      if (op.online === true) return [nonTransactionalHazard(`building index ${op.index.name} concurrently`)];
      return [
        hazard(
          'index-build-lock',
          `building index ${op.index.name} takes a SHARE lock: writes to the table wait for the whole build`,
          tableOf(op),
        ),
      ];
    },
    footprint: (op) =>
      footprintOf({ makes: [thing.index(op.schema, op.index.name)], needs: [thing.relation(op.schema, op.table)] }),
    example: {
      schema: 'public',
      table: 'users',
      index: {
        name: 'users_lower_email_idx',
        unique: true,
        columns: [{ expression: 'lower(email)' }],
        where: 'deleted_at IS NULL',
      },
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '4', op.index.name],
    mapNames: (op, map) => ({ ...op, schema: map.schema(op.schema), index: mapIndex(op.index, map) }),
  },
  dropIndex: {
    drops: dropsNamed('index'),
    summary: 'Drops an index; `online: true` drops it `CONCURRENTLY`.',
    unrendered: ['removed'],
    describe: describeDropIndex,
    reverse: (op) => ({
      kind: 'createIndex',
      schema: op.schema,
      table: op.table,
      index: removedOf(describeDropIndex(op), op.removed),
      ...online(op),
    }),
    destructive: () => false,
    hazards: (op) => (op.online === true ? [nonTransactionalHazard(`dropping index ${op.name} concurrently`)] : []),
    footprint: onTable,
    example: { schema: 'public', table: 'users', name: 'users_lower_email_idx' },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '1', op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapIndex(op.removed, map) } : {}),
    }),
  },
  setIndexStatistics: {
    summary:
      "Sets the statistics targets of an index's expression keys (`ALTER INDEX ... ALTER COLUMN n SET STATISTICS`), in place.",
    describe: describeIndexStatistics,
    reverse: (op) => {
      if (op.keys.some((key) => key.from === undefined))
        throw irreversible(describeIndexStatistics(op), 'it does not say the target each key had before (from)');
      return { ...op, keys: op.keys.map((key) => ({ position: key.position, to: key.from ?? null, from: key.to })) };
    },
    ...HARMLESS,
    footprint: (op) => footprintOf({ needs: [thing.relation(op.schema, op.table), thing.index(op.schema, op.index)] }),
    example: {
      schema: 'public',
      table: 'users',
      index: 'users_lower_email_idx',
      keys: [{ position: 1, to: 1000, from: null }],
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '5', op.index],
    mapNames: schemaOnly,
  },
  renameIndex: {
    summary: 'Renames an index (in its schema).',
    describe: (op) => `rename index ${op.schema}.${op.from} to ${op.to}`,
    reverse: (op) => ({ kind: 'renameIndex', schema: op.schema, from: op.to, to: op.from }),
    destructive: () => false,
    hazards: () => [],
    footprint: () => NONE,
    example: { schema: 'public', from: 'events_2024_kind_idx', to: 'events_2024_by_kind' },
    tieBreak: (op) => [RANK.first, op.schema, op.from],
    mapNames: schemaOnly,
  },
};

/** `set statistics of index public.i on public.t: key 1 default -> 1000`. */
function describeIndexStatistics(op: Op<'setIndexStatistics'>): string {
  const text = (target: number | null): string => (target === null ? 'default' : String(target));
  const keys = op.keys.map(
    (key) => `key ${key.position} ${key.from === undefined ? '' : `${text(key.from)} -> `}${text(key.to)}`,
  );
  return `set statistics of index ${op.schema}.${op.index} on ${op.schema}.${op.table}: ${keys.join(', ')}`;
}

function describeDropConstraint(op: Op<'dropConstraint'>): string {
  const what = op.removed === undefined ? 'constraint' : constraintWord(op.removed);
  return `drop ${what} ${op.name} on ${op.schema}.${op.table}`;
}

/** The fields of a constraint `alterConstraint` changes. */
export const STATE_FIELDS = ['deferrable', 'initiallyDeferred', 'notValid'] as const;

/** Of `constraint`, the fields `like` names, each `true` or `false`. */
export function stateOf(constraint: AlterableConstraint, like: ConstraintState): ConstraintState {
  const fields = constraint as ConstraintState;
  return Object.fromEntries(STATE_FIELDS.filter((f) => f in like).map((f) => [f, fields[f] === true]));
}

/** `constraint` with the fields `state` gives (a field false left out, as models have it). */
export function withState<T extends AlterableConstraint>(constraint: T, state: ConstraintState): T {
  const copy: Record<string, unknown> = { ...constraint };
  for (const field of STATE_FIELDS) {
    if (!(field in state)) continue;
    if (state[field] === true) copy[field] = true;
    else delete copy[field];
  }
  return copy as T;
}

/** `not valid -> valid`, `deferrable initially deferred -> not deferrable`. */
function stateChanges(op: Op<'alterConstraint'>): string {
  const word = (state: ConstraintState): string =>
    'notValid' in state
      ? state.notValid === true
        ? 'not valid'
        : 'valid'
      : state.initiallyDeferred === true
        ? 'deferrable initially deferred'
        : state.deferrable === true
          ? 'deferrable'
          : 'not deferrable';
  const to = stateOf(op.constraint, op.from);
  const parts: string[] = [];
  if ('notValid' in op.from)
    parts.push(`${word({ notValid: op.from.notValid })} -> ${word({ notValid: to.notValid })}`);
  const deferral = (s: ConstraintState): ConstraintState => ({
    deferrable: s.deferrable ?? (op.constraint as ConstraintState).deferrable,
    initiallyDeferred: s.initiallyDeferred ?? (op.constraint as ConstraintState).initiallyDeferred,
  });
  if ('deferrable' in op.from || 'initiallyDeferred' in op.from)
    parts.push(`${word(deferral(op.from))} -> ${word(deferral(to))}`);
  return parts.join(', ');
}

function describeDropIndex(op: Op<'dropIndex'>): string {
  return `drop index ${op.name} on ${op.schema}.${op.table}${op.online === true ? ' concurrently' : ''}`;
}

function online(op: { online?: boolean }): { online?: true } {
  return op.online === true ? { online: true } : {};
}

function constraintWord(constraint: ConstraintModel): string {
  switch (constraint.type) {
    case 'primaryKey':
      return 'primary key';
    case 'foreignKey':
      return 'foreign key';
    case 'unique':
      return 'unique constraint';
    case 'check':
      return 'check constraint';
    case 'exclusion':
      return 'exclusion constraint';
    default:
      return assertNever(constraint, 'constraint type');
  }
}

function addConstraintHazards(op: Op<'addConstraint'>): Hazard[] {
  const table = tableOf(op);
  const { constraint } = op;
  if (op.online === true) return [nonTransactionalHazard(`adding constraint ${constraint.name} online`)];
  const found = [hazard('access-exclusive', `adding constraint ${constraint.name} ${LOCK}`, table)];
  switch (constraint.type) {
    case 'foreignKey':
    case 'check':
      if (!constraint.notValid)
        found.push(
          hazard(
            'validate-constraint',
            `${constraint.name} is validated against every row while the lock is held`,
            table,
          ),
        );
      return found;
    case 'primaryKey':
    case 'unique':
    case 'exclusion':
      found.push(
        hazard('unique-index-scan', `${constraint.name} builds its index over every row while the lock is held`, table),
      );
      return found;
    default:
      return assertNever(constraint, 'constraint type');
  }
}

function mapConstraint(constraint: ConstraintModel, map: NameMapper): ConstraintModel {
  switch (constraint.type) {
    case 'foreignKey':
      return { ...constraint, refSchema: map.schema(constraint.refSchema) };
    case 'check':
      return { ...constraint, ...mapCheck(constraint, map) };
    case 'exclusion':
      return { ...constraint, definition: map.text(constraint.definition) };
    case 'primaryKey':
    case 'unique':
      return { ...constraint };
    default:
      return assertNever(constraint, 'constraint');
  }
}
