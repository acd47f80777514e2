import { invalidModel } from '../dsl/invalid-model.js';
import type { Firing } from '../model.js';

const FIRINGS: { readonly [F in Firing]: true } = { always: true, replica: true, disabled: true };

/** A trigger's or rule's `firing` option as the model holds it (absent for the default); another value is refused. */
export function firingOf(where: string, firing: unknown): { firing?: Firing } {
  if (firing === undefined) return {};
  if (typeof firing !== 'string' || !(firing in FIRINGS))
    throw invalidModel(
      where,
      `firing must be one of ${Object.keys(FIRINGS).join(', ')} (left out, it fires by default)`,
    );
  return { firing: firing as Firing };
}
