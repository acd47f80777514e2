import { listPart, madeAfterInitdb } from './catalog-part.js';
import type { EventTriggerEvent, EventTriggerModel, Firing } from '../../schema/model.js';
import { compareText } from '../../schema/object-keys.js';
import { firingSql } from './catalog-firing.js';
import { NAMESPACES } from './catalog-queries.js';

/**
 * Event triggers (the database's) whose function is in a reflected schema,
 * no extension's, for the batched objects statement
 * (catalog-objects-statement.ts): the event, the tags, the function's
 * schema and name, the firing when not the default. The tags keep their
 * order (the one written, which pg_dump prints).
 */
export const EVENT_TRIGGERS_SQL = `
WITH ${NAMESPACES}
SELECT e.evtname AS name, e.evtevent AS event,
  (SELECT array_agg(tag ORDER BY ord) FROM unnest(e.evttags) WITH ORDINALITY AS g(tag, ord)) AS tags,
  ns.nspname AS function_schema, f.proname AS function_name,
  ${firingSql('e.evtenabled')} AS firing
FROM pg_event_trigger e
JOIN pg_proc f ON f.oid = e.evtfoid
JOIN ns ON ns.oid = f.pronamespace
WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_event_trigger'::regclass AND x.objid = e.oid AND x.deptype = 'e')
ORDER BY e.evtname`;

/**
 * Comments on event triggers, an arm of `commentsSql` (catalog-objects.ts) in
 * its rows; the reading keeps those on the event triggers it read.
 */
const EVENT_TRIGGER_COMMENTS_SQL = `
SELECT 'eventTrigger', '', e.evtname, NULL, NULL, NULL, d.description
FROM pg_description d
JOIN pg_event_trigger e ON d.classoid = 'pg_event_trigger'::regclass AND d.objoid = e.oid`;

export interface EventTriggerRow {
  name: string;
  event: EventTriggerEvent;
  tags: string[] | null;
  function_schema: string;
  function_name: string;
  firing: Firing | null;
}

export function eventTriggersFromRows(rows: readonly EventTriggerRow[]): EventTriggerModel[] {
  return rows
    .map((row): EventTriggerModel => ({
      name: row.name,
      event: row.event,
      ...(row.tags === null ? {} : { tags: row.tags }),
      functionSchema: row.function_schema,
      function: row.function_name,
      ...(row.firing === null ? {} : { firing: row.firing }),
    }))
    .sort((a, b) => compareText(a.name, b.name));
}

/** The event triggers' part of the objects statement, which makes their list. */
export const EVENT_TRIGGERS_PART = listPart({
  sql: EVENT_TRIGGERS_SQL,
  comments: { on: 'pg_event_trigger', sql: EVENT_TRIGGER_COMMENTS_SQL },
  presence: madeAfterInitdb('pg_event_trigger'),
  list: 'eventTriggers',
  fromRows: eventTriggersFromRows,
});
