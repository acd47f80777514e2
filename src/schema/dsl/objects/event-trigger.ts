import type { EventTriggerEvent, EventTriggerModel, Firing } from '../../model.js';
import { firingOf } from '../../build/build-firing.js';
import { declaredOnce, invalidModel } from '../invalid-model.js';
import { compareText } from '../../../util/strings.js';

/**
 * `metadata.eventTrigger(name, { event, function, tags?, firing? })`: an
 * event trigger (`CREATE EVENT TRIGGER`), the database's; its function is a
 * routine `RETURNS event_trigger` (in the metadata's schema unless
 * qualified). Only a superuser may create one.
 */
export interface EventTriggerOptions {
  readonly event: EventTriggerEvent;
  /** `schema.name` or `name` (the metadata's schema) of a function of no arguments returning `event_trigger`. */
  readonly function: string;
  /** `WHEN TAG IN (...)`: the command tags it fires for (`'CREATE TABLE'`); left out, every command. */
  readonly tags?: readonly string[];
  /** When it fires, other than by default: `'always'`, `'replica'` (only on a replica) or `'disabled'`. */
  readonly firing?: Firing;
  readonly comment?: string;
}

export interface EventTriggerDef {
  readonly kind: 'eventTrigger';
  readonly name: string;
  readonly options: EventTriggerOptions;
  /** The metadata's schema when the call was made. */
  readonly defaultSchema: string;
}

const EVENTS: { readonly [E in EventTriggerEvent]: true } = {
  ddl_command_start: true,
  ddl_command_end: true,
  sql_drop: true,
  table_rewrite: true,
  login: true,
};

export function eventTriggerDef(name: string, defaultSchema: string, options: EventTriggerOptions): EventTriggerDef {
  return Object.freeze({ kind: 'eventTrigger', name, options: Object.freeze({ ...options }), defaultSchema });
}

/** The `metadata.*` method of event triggers, which are the database's; `schema` is the metadata's. */
export const EVENT_TRIGGER_METHODS = {
  /** An event trigger (`CREATE EVENT TRIGGER`), the database's: its event, function, tags and firing. Only a superuser may create one. */
  eventTrigger: (schema: string, name: string, options: EventTriggerOptions): EventTriggerDef =>
    eventTriggerDef(name, schema, options),
};

/** The declared event triggers, sorted by name; one declared twice is refused. */
export function eventTriggerModels(defs: readonly EventTriggerDef[]): EventTriggerModel[] {
  const models = defs.map(eventTriggerModel).sort((a, b) => compareText(a.name, b.name));
  const name = (e: EventTriggerModel): string => e.name;
  return declaredOnce('event trigger', models, name, name);
}

/** The model: the function split at its last dot (names are written unquoted), tags upper case in their order. */
export function eventTriggerModel(def: EventTriggerDef): EventTriggerModel {
  const where = `event trigger ${def.name}`;
  const { event, function: fn, tags } = def.options;
  if (typeof event !== 'string' || !(event in EVENTS))
    throw invalidModel(where, `event must be one of ${Object.keys(EVENTS).join(', ')}`);
  if (typeof fn !== 'string' || fn.trim() === '')
    throw invalidModel(where, "needs its function: { function: 'audit.on_ddl' }");
  const dot = fn.lastIndexOf('.');
  if (tags !== undefined && (!Array.isArray(tags) || tags.length === 0 || tags.some((t) => typeof t !== 'string')))
    throw invalidModel(where, "tags must be a non-empty list of command tags: ['CREATE TABLE']");
  return {
    name: def.name,
    event,
    ...(tags === undefined ? {} : { tags: [...new Set(tags.map((t) => t.trim().toUpperCase()))] }),
    functionSchema: dot < 0 ? def.defaultSchema : fn.slice(0, dot),
    function: fn.slice(dot + 1),
    ...firingOf(where, def.options.firing),
  };
}
