import type { ExtensionModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import type { Driver } from '../pg/connection/driver.js';
import type { NameMapper } from '../schema/names/map-model-names.js';
import { quoteIdent } from '../pg/quote.js';
import { installedExtensionMembers } from '../pg/scratch/scratch.js';
import { moveQualifiedNames } from '../pg/scratch/sql-qualify.js';
import { moveQualifiedOperators } from '../pg/scratch/sql-qualify-operators.js';
import { bareIn } from './scratch-names.js';

/** A member of a declared extension installed elsewhere: its name, the schema declared and the schema it is in. */
export interface RelocatedMember {
  readonly schema: string;
  readonly name: string;
  readonly installed: string;
}

/**
 * Declared extensions that the database has installed in another schema than
 * the model declares: until the revision moves them (`alterExtension`, the
 * last step of an upgrade), their types and functions live in the installed
 * schema. Canonicalization therefore reads `declared.member` references as
 * `installed.member`, so that the model compares with the database as it
 * stands and every other operation spells the members where they are.
 *
 * Returns the members of such extensions.
 */
export async function relocatedExtensionMembers(
  driver: Driver,
  extensions: readonly ExtensionModel[],
): Promise<RelocatedMember[]> {
  const declared = new Map(extensions.map((e) => [e.name, e.schema]));
  if (declared.size === 0) return [];
  const rows = await installedExtensionMembers(driver, [...declared.keys()]);
  const members: RelocatedMember[] = [];
  for (const row of rows) {
    const schema = declared.get(row.extension);
    if (schema === undefined || schema === row.schema || row.member === null) continue;
    members.push({ schema, name: row.member, installed: row.schema });
  }
  return members;
}

/**
 * Rewrites references to relocated extension members (see
 * `relocatedExtensionMembers`); schema names stay. An operator in `shared`
 * (see `intoScratch`) is written bare.
 */
export function relocation(members: readonly RelocatedMember[], shared: ReadonlySet<string>): NameMapper {
  const installed = new Map(members.map((m) => [qualifiedKey(m.schema, m.name), quoteIdent(m.installed)]));
  const move = (schema: string, name: string): string | null => installed.get(qualifiedKey(schema, name)) ?? null;
  return {
    schema: (name) => name,
    text: (value) => moveQualifiedOperators(moveQualifiedNames(value, move), move, bareIn(shared)),
  };
}
