import type { CastContext, CastMethod, CastModel } from '../../model.js';
import { invalidModel } from '../invalid-model.js';

/**
 * `metadata.cast()`: a user-defined cast (`CREATE CAST`) from one type to
 * another, through a function, through the types' text forms (`inout`), or
 * binary coercible (`binary`). Types and the function are written as
 * Postgres prints them, schema-qualified unless built in:
 * `metadata.cast({ source: 'public.money_t', target: 'text', function: 'public.money_to_text(public.money_t)' })`.
 */
export interface CastOptions {
  source: string;
  target: string;
  /** The function, with its argument types: `public.money_to_text(public.money_t)`. Implies method `function`. */
  function?: string;
  /** `function` (the default when `function` is given), `inout` (`WITH INOUT`) or `binary` (`WITHOUT FUNCTION`). */
  method?: CastMethod;
  /** `explicit` (the default), `assignment` (`AS ASSIGNMENT`) or `implicit` (`AS IMPLICIT`). */
  context?: CastContext;
}

export interface CastDef {
  readonly kind: 'cast';
  readonly options: CastOptions;
}

const METHODS: readonly string[] = ['function', 'inout', 'binary'];
const CONTEXTS: readonly string[] = ['explicit', 'assignment', 'implicit'];

export function castDef(options: CastOptions): CastDef {
  return Object.freeze({ kind: 'cast', options: { ...options } });
}

/** The `metadata.*` method of casts, which are in no schema. */
export const CAST_METHODS = {
  /** `CREATE CAST (source AS target) ...`: through a function, `inout` or `binary`; explicit unless `context` says otherwise. */
  cast: (_schema: string, options: CastOptions): CastDef => castDef(options),
};

/** The cast as the model holds it: method and context spelled out, the function only with method `function`. */
export function castModel(def: CastDef): CastModel {
  const { source, target, function: fn, context = 'explicit' } = def.options;
  const where = `cast (${String(source)} AS ${String(target)})`;
  if (typeof source !== 'string' || source.trim() === '' || typeof target !== 'string' || target.trim() === '') {
    throw invalidModel('metadata.cast()', 'needs a source and a target type, each a string');
  }
  const method = def.options.method ?? (fn === undefined ? undefined : 'function');
  if (method === undefined || !METHODS.includes(method))
    throw invalidModel(
      where,
      `give a function, or method 'inout' or 'binary'${method === undefined ? '' : `, not ${String(method)}`}`,
    );
  if (!CONTEXTS.includes(context))
    throw invalidModel(where, `context must be explicit, assignment or implicit, not ${String(context)}`);
  if (method === 'function') {
    if (typeof fn !== 'string' || !/\(.*\)\s*$/s.test(fn))
      throw invalidModel(
        where,
        'a cast through a function needs the function with its argument types, e.g. public.f(public.t)',
      );
    return { source: source.trim(), target: target.trim(), method, function: fn.trim(), context };
  }
  if (fn !== undefined) throw invalidModel(where, `a cast with method ${method} takes no function`);
  return { source: source.trim(), target: target.trim(), method, context };
}
