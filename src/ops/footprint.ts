import { specOf } from './operation-specs.js';
import type { Operation } from './operation.js';
import { thing, type Footprint } from './things.js';

/** The footprint of `op` (see `Footprint`): its spec's entry. */
export function footprint(op: Operation): Footprint {
  return specOf(op).footprint(op);
}

/** The schemas `op` stops using (its footprint's `releases`): the one an object's drop or move leaves. */
export function releasedSchemas(op: Operation): string[] {
  const prefix = thing.schema('');
  return footprint(op)
    .releases.filter((released) => released.startsWith(prefix))
    .map((released) => released.slice(prefix.length));
}
