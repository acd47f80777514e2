import type { EventTriggerModel, Firing } from '../../../schema/model.js';

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
