import { specOf } from './operation-specs.js';
import type { Operation } from './operation.js';

/** One human line, e.g. `add column public.users.email`. Names are shown unquoted. */
export function describeOperation(op: Operation): string {
  return specOf(op).describe(op);
}

/**
 * What a destructive operation (see `isDestructive`) costs, for the warning
 * written above it: most drops lose their data; a rebuilt table loses only the
 * columns its new layout lacks; a type change may cut or reject values.
 */
export function hazardOf(op: Operation): string {
  return specOf(op).loss?.(op) ?? 'data in it is lost';
}

/** The operations that drop data: drops of schemas, enums, tables and columns, and type changes that may lose data. */
export function isDestructive(op: Operation): boolean {
  return specOf(op).destructive(op);
}
