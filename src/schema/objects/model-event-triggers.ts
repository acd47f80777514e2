import type { NameMapper } from '../names/name-mapper.js';
import type { Firing } from './model-objects.js';

/** The events an event trigger fires on; `login` came with PostgreSQL 17. */
export type EventTriggerEvent = 'ddl_command_start' | 'ddl_command_end' | 'sql_drop' | 'table_rewrite' | 'login';

/**
 * The model of an event trigger (`CREATE EVENT TRIGGER`): the database's,
 * in no schema; its function lives in one. `model.ts` re-exports it.
 */
export interface EventTriggerModel {
  readonly name: string;
  readonly event: EventTriggerEvent;
  /** `WHEN TAG IN (...)`, upper case, in their order; absent when it fires on every command. */
  readonly tags?: readonly string[];
  /** The function it runs (`RETURNS event_trigger`, no arguments), and its schema. */
  readonly functionSchema: string;
  readonly function: string;
  /** `ALTER EVENT TRIGGER ... ENABLE ALWAYS | ENABLE REPLICA | DISABLE`; absent for the default. */
  readonly firing?: Firing;
}

/** An event trigger with its function's schema mapped (the trigger itself is the database's). */
export function mapEventTrigger(trigger: EventTriggerModel, map: NameMapper): EventTriggerModel {
  return { ...trigger, functionSchema: map.schema(trigger.functionSchema) };
}
