import type { CommentTarget } from '../../schema/model.js';
import { assertNever } from '../../util/assert-never.js';
import { AthanorError } from '../../util/errors.js';
import type { DomainChange, Operation, OperationKind, OperationOf, SequenceChange } from '../operation.js';

/**
 * The operations on objects that live in a schema besides tables and enums:
 * extensions, sequences, domains, views, routines, triggers and comments.
 * `reverse.ts` and `describe.ts` hand these kinds to the functions here.
 */
export const OBJECT_OPERATION_KINDS = [
  'createExtension',
  'dropExtension',
  'createSequence',
  'dropSequence',
  'alterSequence',
  'createDomain',
  'dropDomain',
  'alterDomain',
  'createView',
  'dropView',
  'replaceView',
  'createFunction',
  'dropFunction',
  'replaceFunction',
  'createTrigger',
  'dropTrigger',
  'setComment',
] as const satisfies readonly OperationKind[];

export type ObjectOperationKind = (typeof OBJECT_OPERATION_KINDS)[number];
export type ObjectOperation = OperationOf<ObjectOperationKind>;

/** The operation that undoes `op`; throws `AthanorError('irreversible')` when it lacks what it removed or what it was. */
export function reverseObjectOperation(op: ObjectOperation, describe: (op: Operation) => string): Operation {
  const removed = <T>(value: T | undefined): T => {
    if (value === undefined) throw irreversible(describe(op), 'it does not carry the removed object');
    return value;
  };
  switch (op.kind) {
    case 'createExtension':
      return { kind: 'dropExtension', name: op.extension.name, removed: op.extension };
    case 'dropExtension':
      return { kind: 'createExtension', extension: removed(op.removed) };
    case 'createSequence':
      return { kind: 'dropSequence', schema: op.sequence.schema, name: op.sequence.name, removed: op.sequence };
    case 'dropSequence':
      return { kind: 'createSequence', sequence: removed(op.removed) };
    case 'alterSequence':
      return { kind: 'alterSequence', schema: op.schema, name: op.name, ...swapChange(describe(op), op.to, op.from) };
    case 'createDomain':
      return { kind: 'dropDomain', schema: op.domain.schema, name: op.domain.name, removed: op.domain };
    case 'dropDomain':
      return { kind: 'createDomain', domain: removed(op.removed) };
    case 'alterDomain':
      return { kind: 'alterDomain', schema: op.schema, name: op.name, ...swapChange(describe(op), op.to, op.from) };
    case 'createView': {
      const { view } = op;
      return withNote(
        { kind: 'dropView', schema: view.schema, name: view.name, materialized: view.materialized, removed: view },
        op.note,
      );
    }
    case 'dropView':
      return withNote({ kind: 'createView', view: removed(op.removed) }, op.note);
    case 'replaceView':
      return { kind: 'replaceView', view: removed(op.from), from: op.view };
    case 'createFunction': {
      const fn = op.function;
      const drop: Operation = {
        kind: 'dropFunction',
        schema: fn.schema,
        name: fn.name,
        routine: fn.kind,
        argumentTypes: fn.argumentTypes,
        removed: fn,
      };
      return withNote(drop, op.note);
    }
    case 'dropFunction':
      return withNote({ kind: 'createFunction', function: removed(op.removed) }, op.note);
    case 'replaceFunction':
      return { kind: 'replaceFunction', function: removed(op.from), from: op.function };
    case 'createTrigger':
      return {
        kind: 'dropTrigger',
        schema: op.trigger.schema,
        table: op.trigger.table,
        name: op.trigger.name,
        removed: op.trigger,
      };
    case 'dropTrigger':
      return { kind: 'createTrigger', trigger: removed(op.removed) };
    case 'setComment':
      if (op.from === undefined) throw irreversible(describe(op), 'it does not say what the comment was before (from)');
      return { kind: 'setComment', target: op.target, comment: op.from, from: op.comment };
    default:
      return assertNever(op, 'operation kind');
  }
}

function withNote<T extends Operation>(op: T, note: string | undefined): T {
  return note === undefined ? op : { ...op, note };
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

function irreversible(what: string, why: string): AthanorError {
  return new AthanorError('irreversible', `${what} cannot be reversed: ${why}; write its downgrade by hand`);
}

/** One human line for an object operation, e.g. `create view public.active_users`. */
export function describeObjectOperation(op: ObjectOperation): string {
  switch (op.kind) {
    case 'createExtension':
      return `create extension ${op.extension.name} in schema ${op.extension.schema}`;
    case 'dropExtension':
      return `drop extension ${op.name}`;
    case 'createSequence':
      return `create sequence ${op.sequence.schema}.${op.sequence.name}`;
    case 'dropSequence':
      return `drop sequence ${op.schema}.${op.name}`;
    case 'alterSequence':
      return `alter sequence ${op.schema}.${op.name}: ${changedParts(op.to, op.from, sequencePart)}`;
    case 'createDomain':
      return `create domain ${op.domain.schema}.${op.domain.name}`;
    case 'dropDomain':
      return `drop domain ${op.schema}.${op.name}`;
    case 'alterDomain':
      return `alter domain ${op.schema}.${op.name}: ${changedParts(op.to, op.from, domainPart)}`;
    case 'createView':
      return `create ${viewWord(op.view.materialized)} ${op.view.schema}.${op.view.name}`;
    case 'dropView':
      return `drop ${viewWord(op.materialized ?? op.removed?.materialized ?? false)} ${op.schema}.${op.name}`;
    case 'replaceView':
      return `replace view ${op.view.schema}.${op.view.name}`;
    case 'createFunction':
      return `create ${op.function.kind} ${routineName(op.function)}`;
    case 'dropFunction':
      return `drop ${op.routine} ${routineName(op)}`;
    case 'replaceFunction':
      return `replace ${op.function.kind} ${routineName(op.function)}`;
    case 'createTrigger':
      return `create trigger ${op.trigger.name} on ${op.trigger.schema}.${op.trigger.table}`;
    case 'dropTrigger':
      return `drop trigger ${op.name} on ${op.schema}.${op.table}`;
    case 'setComment':
      return `${op.comment === null ? 'remove comment on' : 'comment on'} ${describeCommentTarget(op.target)}`;
    default:
      return assertNever(op, 'operation kind');
  }
}

type AlterExtension = OperationOf<'alterExtension'>;

/** The move back to the schema it came from. */
export function reverseAlterExtension(op: AlterExtension, describe: string): AlterExtension {
  if (op.from === undefined) {
    throw irreversible(describe, 'it does not say which schema the extension was in (from)');
  }
  return { kind: 'alterExtension', name: op.name, schema: op.from, from: op.schema };
}

/** `move extension citext: schema public -> ext`. */
export function describeAlterExtension(op: AlterExtension): string {
  return `move extension ${op.name}: schema ${op.from === undefined ? '' : `${op.from} -> `}${op.schema}`;
}

/** Drops that lose data: an extension (and what its types hold), a sequence's position, a domain. */
export function isDestructiveObjectOperation(op: ObjectOperation): boolean {
  return op.kind === 'dropExtension' || op.kind === 'dropSequence' || op.kind === 'dropDomain';
}

function viewWord(materialized: boolean): string {
  return materialized ? 'materialized view' : 'view';
}

function routineName(routine: { schema: string; name: string; argumentTypes: string }): string {
  return `${routine.schema}.${routine.name}(${routine.argumentTypes})`;
}

const COMMENT_WORDS: Record<CommentTarget['on'], string> = {
  schema: 'schema',
  table: 'table',
  column: 'column',
  view: 'view',
  foreignTable: 'foreign table',
  materializedView: 'materialized view',
  index: 'index',
  constraint: 'constraint',
  domainConstraint: 'domain constraint',
  sequence: 'sequence',
  type: 'type',
  function: 'function',
  procedure: 'procedure',
  aggregate: 'aggregate',
  trigger: 'trigger',
  textSearchDictionary: 'text search dictionary',
  textSearchConfiguration: 'text search configuration',
  operator: 'operator',
};

/** `column public.users.email`, `constraint users_pkey on public.users`, `function public.f(integer)`. */
export function describeCommentTarget(target: CommentTarget): string {
  const word = COMMENT_WORDS[target.on];
  switch (target.on) {
    case 'schema':
      return `${word} ${target.name}`;
    case 'column':
      return `${word} ${target.schema}.${target.parent ?? ''}.${target.name}`;
    case 'constraint':
    case 'domainConstraint':
    case 'trigger':
      return `${word} ${target.name} on ${target.schema}.${target.parent ?? ''}`;
    case 'function':
    case 'procedure':
    case 'aggregate':
      return `${word} ${target.schema}.${target.name}(${target.argumentTypes ?? ''})`;
    case 'operator':
      return `${word} ${target.schema}.${target.name} (${target.argumentTypes ?? ''})`;
    default:
      return `${word} ${target.schema}.${target.name}`;
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
  return `${key} ${String(value)}`;
}

function domainPart(key: string, value: unknown): string {
  if (key === 'notNull') return value === true ? 'not null' : 'nullable';
  if (key === 'default') return `default ${value === null ? '(none)' : String(value)}`;
  const checks = value as NonNullable<DomainChange['checks']>;
  return `checks (${checks.map((c) => c.name).join(', ') || 'none'})`;
}
