import type { CollationModel, CollationProvider } from '../../model.js';
import { invalidModel } from '../invalid-model.js';
import { quoteQualified } from '../../../sql/identifier.js';

/**
 * `metadata.collation()`: a collation of the model's own (`CREATE COLLATION`),
 * which columns, index keys and domains then name through `.collate(def)`.
 */

export interface CollationOptions {
  /** Defaults to the metadata's schema. */
  schema?: string;
  /** `libc` (the default, as in Postgres), `icu`, or `builtin` (PostgreSQL 17+). */
  provider?: CollationProvider;
  /** The locale (`'und-u-ks-level2'` for ICU, `'C'` for builtin); for libc, both LC_COLLATE and LC_CTYPE. */
  locale?: string;
  /** libc only, with `lcCtype`, instead of `locale`. */
  lcCollate?: string;
  /** libc only, with `lcCollate`, instead of `locale`. */
  lcCtype?: string;
  /** `false` for a nondeterministic collation (case-insensitive comparisons, say); true by default. */
  deterministic?: boolean;
  /** ICU tailoring rules (PostgreSQL 16+). */
  rules?: string;
}

export interface CollationDef {
  readonly kind: 'collation';
  readonly schema: string;
  readonly name: string;
  readonly options: CollationOptions;
  /** The collation as a `COLLATE` clause names it, `"public"."ci"`: what `.collate(def)` uses. */
  readonly sql: string;
}

/** A collation for `.collate()` and index keys: a name, or a declared collation. */
export type CollationRef = string | CollationDef;

export function createCollationDef(name: string, schema: string, options: CollationOptions): CollationDef {
  return Object.freeze({
    kind: 'collation',
    schema,
    name,
    options: { ...options },
    sql: quoteQualified(schema, name),
  });
}

/** The `metadata.*` method of collations; `schema` is the metadata's. */
export const COLLATION_METHODS = {
  /** `CREATE COLLATION`: columns, index keys and domains use it through `.collate(def)`. */
  collation: (schema: string, name: string, options: CollationOptions = {}): CollationDef =>
    createCollationDef(name, options.schema ?? schema, options),
};

const PROVIDERS: readonly string[] = ['libc', 'icu', 'builtin'];

/** The collation as the model holds it: a libc locale given twice becomes `locale`; defaults are left out. */
export function collationModel(def: CollationDef): CollationModel {
  const where = `collation ${def.schema}.${def.name}`;
  const { provider = 'libc', locale, lcCollate, lcCtype, deterministic, rules } = def.options;
  if (!PROVIDERS.includes(provider))
    throw invalidModel(where, `provider must be libc, icu or builtin, not ${String(provider)}`);
  const locales =
    provider === 'libc'
      ? libcLocales(where, locale, lcCollate, lcCtype)
      : { locale: providerLocale(where, provider === 'icu' ? 'an ICU' : 'a builtin', def.options) };
  if (rules !== undefined && provider !== 'icu') throw invalidModel(where, 'rules are for ICU collations only');
  if (deterministic === false && provider !== 'icu')
    throw invalidModel(where, 'only an ICU collation can be nondeterministic');
  return {
    schema: def.schema,
    name: def.name,
    provider,
    ...locales,
    ...(rules !== undefined ? { rules } : {}),
    ...(deterministic === false ? { deterministic: false } : {}),
  };
}

/** The locale of an ICU or builtin collation, which has neither `lcCollate` nor `lcCtype`. */
function providerLocale(where: string, kind: string, options: CollationDef['options']): string {
  const { locale, lcCollate, lcCtype } = options;
  if (lcCollate !== undefined || lcCtype !== undefined)
    throw invalidModel(where, `lcCollate and lcCtype are for libc collations; give ${kind} collation its locale`);
  if (locale === undefined || locale === '') throw invalidModel(where, `${kind} collation needs a locale`);
  return locale;
}

function libcLocales(
  where: string,
  locale?: string,
  lcCollate?: string,
  lcCtype?: string,
): Pick<CollationModel, 'locale' | 'lcCollate' | 'lcCtype'> {
  if (locale !== undefined) {
    if (lcCollate !== undefined || lcCtype !== undefined)
      throw invalidModel(where, 'give either locale or lcCollate and lcCtype, not both');
    return { locale };
  }
  if (lcCollate === undefined || lcCtype === undefined)
    throw invalidModel(where, 'a libc collation needs a locale, or both lcCollate and lcCtype');
  return lcCollate === lcCtype ? { locale: lcCollate } : { lcCollate, lcCtype };
}
