import type { ExtensionModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import type { Driver } from '../pg/connection/driver.js';
import type { NameMapper } from '../schema/names/map-model-names.js';
import { quoteIdent } from '../pg/quote.js';
import { installedExtensionMembers } from '../pg/scratch/scratch.js';
import { moveQualifiedNames } from '../pg/scratch/sql-qualify.js';
import { moveQualifiedOperators } from '../pg/scratch/sql-qualify-operators.js';

/**
 * Declared extensions that the database has installed in another schema than
 * the model declares: until the revision moves them (`alterExtension`, the
 * last step of an upgrade), their types and functions live in the installed
 * schema. Canonicalization therefore reads `declared.member` references as
 * `installed.member`, so that the model compares with the database as it
 * stands and every other operation spells the members where they are.
 *
 * Returns, for each member of such an extension (`qualifiedKey(declared
 * schema, name)`), the installed schema quoted for SQL text.
 */
export async function relocatedExtensionMembers(
  driver: Driver,
  extensions: readonly ExtensionModel[],
): Promise<Map<string, string>> {
  const declared = new Map(extensions.map((e) => [e.name, e.schema]));
  if (declared.size === 0) return new Map();
  const rows = await installedExtensionMembers(driver, [...declared.keys()]);
  const members = new Map<string, string>();
  for (const row of rows) {
    const schema = declared.get(row.extension);
    if (schema === undefined || schema === row.schema || row.member === null) continue;
    members.set(qualifiedKey(schema, row.member), quoteIdent(row.schema));
  }
  return members;
}

/** Rewrites references to relocated extension members (see `relocatedExtensionMembers`); schema names stay. */
export function relocation(members: ReadonlyMap<string, string>): NameMapper {
  const move = (schema: string, name: string): string | null => members.get(qualifiedKey(schema, name)) ?? null;
  return {
    schema: (name) => name,
    text: (value) => moveQualifiedOperators(moveQualifiedNames(value, move), move),
  };
}
