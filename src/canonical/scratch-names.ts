import { qualifiedKey } from '../schema/model.js';
import type { NameMapper } from '../schema/names/map-model-names.js';
import { moveQualifiedNames, type SchemaMove } from '../pg/scratch/sql-qualify.js';
import { moveQualifiedOperators } from '../pg/scratch/sql-qualify-operators.js';

/*
 * The name mappers of the scratch schemas: the declared model moved into
 * them, and what was created there read back under the schemas it stands for.
 */

/** Where `schema.name` goes in the scratch schemas: `rename`'s schema when it is among `moving` (by `qualifiedKey`), else nowhere. */
export function scratchMove(rename: ReadonlyMap<string, string>, moving: ReadonlySet<string>): SchemaMove {
  return (schema, name) => (moving.has(qualifiedKey(schema, name)) ? (rename.get(schema) ?? null) : null);
}

/**
 * Into the scratch schemas: every schema name is renamed by `rename`, and in
 * text only whole qualified references to the objects in `moving` (keys of
 * `qualifiedKey`: the declared objects and the members of extensions created
 * there) move, so `public.mood` moves while `public.moodx` stays; so do
 * operators written `OPERATOR(public.%)`, but for those in `shared` (of
 * `qualifiedKey`: the schema holds operators of that name both ways), which
 * are written bare for the search path to choose among.
 */
export function intoScratch(
  rename: ReadonlyMap<string, string>,
  moving: ReadonlySet<string>,
  shared: ReadonlySet<string> = new Set(),
): NameMapper {
  const move = scratchMove(rename, moving);
  return {
    schema: (name) => rename.get(name) ?? name,
    text: (value) => moveQualifiedOperators(moveQualifiedNames(value, move), move, bareIn(shared)),
  };
}

/** Which operators `moveQualifiedOperators` writes bare: those of `shared`, by `qualifiedKey`. */
export function bareIn(shared: ReadonlySet<string>): (schema: string, name: string) => boolean {
  return (schema, name) => shared.has(qualifiedKey(schema, name));
}

/** The pattern of scratch schema names (`athanor_canon_<tag>_<n>`), whole identifiers only. */
export const SCRATCH_SCHEMA = /\bathanor_canon_[0-9a-f]+_\d+\b/g;

/**
 * Back from the scratch schemas: `back` maps each scratch schema to its own;
 * in text, as the server prints it, the name is written `quoted`.
 */
export function fromScratch(back: ReadonlyMap<string, string>, quoted: (name: string) => string): NameMapper {
  return {
    schema: (name) => back.get(name) ?? name,
    text: (value) =>
      value.replace(SCRATCH_SCHEMA, (match) => {
        const own = back.get(match);
        return own === undefined ? match : quoted(own);
      }),
  };
}
