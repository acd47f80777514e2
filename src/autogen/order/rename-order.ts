import { RENAME_KINDS, type RenameKind } from '../../schema/renames.js';

/**
 * The renames of one round in the order they run: by the kind of what each
 * renames, as `RENAME_KINDS` lists the kinds (a schema before its tables, a
 * table before its parts), so that each names what the renames before it
 * left; renames of one kind keep the order they were decided in (hints,
 * then flags, then answers, then the names a convention derives).
 */
export function renamesInOrder<T extends { readonly from: { readonly kind: RenameKind } }>(pairs: readonly T[]): T[] {
  return [...pairs].sort((a, b) => RENAME_KINDS.indexOf(a.from.kind) - RENAME_KINDS.indexOf(b.from.kind));
}
