import type { CastModel } from '../schema/model.js';
import { renderString } from '../util/render-value.js';

/**
 * `metadata.cast({ source: 'public.money_t', target: 'text', function: '...', context: 'assignment' });`
 * for `migrate pull`: written after the routines it may use. The method is
 * left out when a function says it; the context when it is explicit.
 */
export function renderCast(c: CastModel): string {
  const entries: [string, string | undefined][] = [
    ['source', renderString(c.source)],
    ['target', renderString(c.target)],
    ['function', c.function === undefined ? undefined : renderString(c.function)],
    ['method', c.method === 'function' ? undefined : renderString(c.method)],
    ['context', c.context === 'explicit' ? undefined : renderString(c.context)],
  ];
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return `metadata.cast({ ${present.map(([k, v]) => `${k}: ${v}`).join(', ')} });`;
}
