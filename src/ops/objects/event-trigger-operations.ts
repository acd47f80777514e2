import {
  DATABASE_NAMED,
  dropsUnqualified,
  HARMLESS,
  irreversible,
  RANK,
  removedOf,
  type FamilySpecs,
} from '../families/spec.js';
import type { OperationOf } from '../operation.js';
import { footprintOf, NONE, thing } from '../things.js';
import { mapEventTrigger, type EventTriggerModel, type Firing } from '../../schema/model.js';

/**
 * Event triggers (the database's). Postgres cannot change one's event, tags
 * or function: a change is a drop and a create; its firing alone is altered
 * in place (`ALTER EVENT TRIGGER ... ENABLE [ALWAYS | REPLICA] | DISABLE`).
 * Only a superuser may create one: the statement says so in one line first.
 */
export type EventTriggerOperation = Readonly<
  | { kind: 'createEventTrigger'; eventTrigger: EventTriggerModel }
  | { kind: 'dropEventTrigger'; name: string; removed?: EventTriggerModel }
  | {
      kind: 'alterEventTrigger';
      name: string;
      /** Null for the default (`ENABLE`). */
      firing: Firing | null;
      /** The firing before; needed to reverse it. */
      from?: Firing | null;
    }
>;

export type EventTriggerOperationKind = EventTriggerOperation['kind'];

declare module '../operation.js' {
  interface OperationFamilies {
    readonly eventTrigger: EventTriggerOperation;
  }
}

export const EVENT_TRIGGER_SPECS: FamilySpecs<EventTriggerOperationKind> = {
  createEventTrigger: {
    ...DATABASE_NAMED,
    summary: 'Creates an event trigger, with its firing (a superuser only: refused in one line otherwise).',
    ...HARMLESS,
    describe: (op) => `create event trigger ${op.eventTrigger.name}`,
    reverse: (op) => ({ kind: 'dropEventTrigger', name: op.eventTrigger.name, removed: op.eventTrigger }),
    footprint: (op) =>
      footprintOf({ needs: [thing.routine(op.eventTrigger.functionSchema, op.eventTrigger.function, '')] }),
    example: {
      eventTrigger: {
        name: 'log_ddl',
        event: 'ddl_command_end',
        tags: ['CREATE TABLE'],
        functionSchema: 'audit',
        function: 'log_ddl',
      },
    },
    // After the triggers, which share its slot.
    tieBreak: (op) => [RANK.second, op.eventTrigger.name],
    // The function an event trigger runs moves with its schema; the trigger belongs to the database.
    mapNames: (op, map) => ({ ...op, eventTrigger: mapEventTrigger(op.eventTrigger, map) }),
  },
  dropEventTrigger: {
    drops: dropsUnqualified('eventTrigger'),
    ...DATABASE_NAMED,
    summary: 'Drops an event trigger.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDrop,
    reverse: (op) => ({ kind: 'createEventTrigger', eventTrigger: removedOf(describeDrop(op), op.removed) }),
    footprint: (op) =>
      footprintOf({
        releases: op.removed === undefined ? [] : [thing.routine(op.removed.functionSchema, op.removed.function, '')],
      }),
    example: { name: 'log_ddl' },
    tieBreak: (op) => [RANK.second, op.name],
    mapNames: (op, map) => (op.removed ? { ...op, removed: mapEventTrigger(op.removed, map) } : op),
  },
  alterEventTrigger: {
    ...DATABASE_NAMED,
    summary: 'Sets when an event trigger fires: by default, always, only on a replica, or never (disabled).',
    ...HARMLESS,
    describe: describeAlter,
    reverse: (op) => {
      if (op.from === undefined)
        throw irreversible(describeAlter(op), 'it does not say what the firing was before (from)');
      return { kind: 'alterEventTrigger', name: op.name, firing: op.from, from: op.firing };
    },
    footprint: () => NONE,
    example: { name: 'log_ddl', firing: 'disabled', from: null },
    tieBreak: (op) => [RANK.second, op.name],
    mapNames: (op) => op,
  },
};

function describeDrop(op: OperationOf<'dropEventTrigger'>): string {
  return `drop event trigger ${op.name}`;
}

/** `alter event trigger on_ddl: fires default -> disabled`. */
function describeAlter(op: OperationOf<'alterEventTrigger'>): string {
  const from = op.from === undefined ? '' : `${op.from ?? 'default'} -> `;
  return `alter event trigger ${op.name}: fires ${from}${op.firing ?? 'default'}`;
}
