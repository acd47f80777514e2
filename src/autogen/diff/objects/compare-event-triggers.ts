import type { Operation } from '../../../ops/operation.js';
import type { EventTriggerModel } from '../../../schema/model.js';
import { sameJson } from '../../../util/plain-data.js';

/**
 * Event triggers, keyed by name. A new event, tag list or function is a drop
 * (before anything else) and a create (last, after the routines); a firing
 * alone is `alterEventTrigger`.
 */
export function compareEventTriggers(
  current: readonly EventTriggerModel[],
  target: readonly EventTriggerModel[],
): { create: Operation[]; drop: Operation[] } {
  const after = new Map(target.map((e) => [e.name, e]));
  const before = new Map(current.map((e) => [e.name, e]));
  const create: Operation[] = [];
  const drop: Operation[] = [];
  for (const e of current) {
    const next = after.get(e.name);
    if (next !== undefined && sameJson({ ...e, firing: undefined }, { ...next, firing: undefined })) {
      if (next.firing !== e.firing)
        create.push({ kind: 'alterEventTrigger', name: e.name, firing: next.firing ?? null, from: e.firing ?? null });
      continue;
    }
    drop.push({ kind: 'dropEventTrigger', name: e.name, removed: e });
    if (next !== undefined) create.push({ kind: 'createEventTrigger', eventTrigger: next });
  }
  for (const e of target) if (!before.has(e.name)) create.push({ kind: 'createEventTrigger', eventTrigger: e });
  return { create, drop };
}
