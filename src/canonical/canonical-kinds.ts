import type { ModelKind } from '../schema/model-kinds.js';

/**
 * What canonicalization does with each kind of the model, one entry per list
 * of `SchemaModel`, so that a new kind fails to compile here until each step
 * says what it does with it.
 *
 * `compareFirst`: what compare first does with the kind's declared objects
 * (`canonical-select.ts`):
 * - `compared`: compared with its live form (`selectForServer`); where it
 *   matches, the live form stands (the tables, enums, domains, sequences);
 * - `declared`: kept as the model declares it (schemas, extensions, wrappers
 *   and servers, comments, publications), or compared apart (triggers, `sentTriggers`);
 * - `sent`: not compared yet: when the model declares any, the objects
 *   besides tables are created in scratch schemas, and what names one by
 *   name is sent too (`named`), or not (`unnamed`: casts, operators, operator
 *   classes, foreign tables).
 *
 * `batched`: which batches create the kind's objects (`canonical-batches.ts`):
 * `every` batch (what the tables may use), only the `first` (whose
 * reflection gives their canonical form), or as `batchOf` decides (`own`:
 * tables, triggers, sequence owners).
 *
 * `probed`: what the fixed point's probe takes of the kind in the live model
 * (`canonical-fixpoint.ts`): `whole`; `named`, the objects holding the
 * differing texts and those named in what is taken, until nothing more is
 * named; `held`, those holding the texts alone (triggers); `typed`, those
 * from or to a type taken (casts); or `none`.
 *
 * `restored`: where the canonical form comes from once the scratch schemas
 * are read back (`canonical-restore.ts`): the objects `restored` from them,
 * the `declared` ones as they are (nothing of them is created there), or
 * `own`: `restoreObjects` says how.
 */
export const CANONICAL_KINDS = {
  schemas: { compareFirst: 'declared', batched: 'every', probed: 'whole', restored: 'own' },
  enums: { compareFirst: 'compared', batched: 'every', probed: 'named', restored: 'own' },
  tables: { compareFirst: 'compared', batched: 'own', probed: 'named', restored: 'own' },
  extensions: { compareFirst: 'declared', batched: 'every', probed: 'whole', restored: 'own' },
  collations: { compareFirst: 'sent named', batched: 'every', probed: 'named', restored: 'restored' },
  sequences: { compareFirst: 'compared', batched: 'own', probed: 'named', restored: 'restored' },
  domains: { compareFirst: 'compared', batched: 'every', probed: 'named', restored: 'restored' },
  composites: { compareFirst: 'sent named', batched: 'every', probed: 'named', restored: 'restored' },
  ranges: { compareFirst: 'sent named', batched: 'every', probed: 'named', restored: 'restored' },
  views: { compareFirst: 'sent named', batched: 'first', probed: 'named', restored: 'restored' },
  functions: { compareFirst: 'sent named', batched: 'every', probed: 'named', restored: 'restored' },
  triggers: { compareFirst: 'declared', batched: 'own', probed: 'held', restored: 'restored' },
  rules: { compareFirst: 'sent named', batched: 'first', probed: 'none', restored: 'restored' },
  statistics: { compareFirst: 'sent named', batched: 'first', probed: 'none', restored: 'restored' },
  casts: { compareFirst: 'sent unnamed', batched: 'first', probed: 'typed', restored: 'own' },
  textSearchDictionaries: { compareFirst: 'sent named', batched: 'every', probed: 'none', restored: 'restored' },
  textSearchConfigurations: { compareFirst: 'sent named', batched: 'every', probed: 'none', restored: 'restored' },
  operators: { compareFirst: 'sent unnamed', batched: 'every', probed: 'none', restored: 'restored' },
  operatorClasses: { compareFirst: 'sent unnamed', batched: 'every', probed: 'none', restored: 'restored' },
  foreignDataWrappers: { compareFirst: 'declared', batched: 'first', probed: 'none', restored: 'declared' },
  foreignServers: { compareFirst: 'declared', batched: 'first', probed: 'none', restored: 'declared' },
  foreignTables: { compareFirst: 'sent unnamed', batched: 'first', probed: 'none', restored: 'own' },
  // Never created in scratch schemas (it would fire there, and only a superuser may): its declared form is canonical.
  eventTriggers: { compareFirst: 'declared', batched: 'first', probed: 'none', restored: 'declared' },
  comments: { compareFirst: 'declared', batched: 'first', probed: 'none', restored: 'own' },
  grants: { compareFirst: 'declared', batched: 'first', probed: 'none', restored: 'own' },
  defaultPrivileges: { compareFirst: 'declared', batched: 'first', probed: 'none', restored: 'declared' },
  owners: { compareFirst: 'declared', batched: 'first', probed: 'none', restored: 'own' },
  // The database's: none is created in the scratch schemas.
  publications: { compareFirst: 'declared', batched: 'first', probed: 'none', restored: 'declared' },
} as const satisfies { readonly [K in ModelKind]: CanonicalKind };

interface CanonicalKind {
  readonly compareFirst: 'compared' | 'declared' | 'sent named' | 'sent unnamed';
  readonly batched: 'every' | 'first' | 'own';
  readonly probed: 'whole' | 'named' | 'held' | 'typed' | 'none';
  readonly restored: 'restored' | 'declared' | 'own';
}

/** The kinds whose entry says `step: value`. */
export type CanonicalKindsWhere<S extends keyof CanonicalKind, V extends CanonicalKind[S]> = {
  [K in ModelKind]: (typeof CANONICAL_KINDS)[K][S] extends V ? K : never;
}[ModelKind];
