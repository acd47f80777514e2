import type { OperatorClassModel, OperatorModel } from '../schema/model.js';
import { formatIdentifier } from '../sql/identifier.js';
import { renderString } from '../util/render-value.js';

/**
 * `metadata.operator({ name: '===', left: 'public.money_t', right: 'public.money_t', function: 'public.money_eq', commutator: '===' });`
 * for `migrate pull`: written after the routines it calls. The schema is
 * left out when it is public; a commutator or negator in the operator's own
 * schema is written by its symbol.
 */
export function renderOperator(o: OperatorModel, comment: string | undefined): string {
  const own = (reference: string | undefined): string | undefined => {
    if (reference === undefined) return undefined;
    const prefix = `OPERATOR(${formatIdentifier(o.schema)}.`;
    const symbol = reference.startsWith(prefix) && reference.endsWith(')') ? reference.slice(prefix.length, -1) : null;
    return renderString(symbol !== null && !symbol.includes('.') ? symbol : reference);
  };
  const entries: [string, string | undefined][] = [
    ['name', renderString(o.name)],
    ['schema', o.schema === 'public' ? undefined : renderString(o.schema)],
    ['left', o.left === null ? undefined : renderString(o.left)],
    ['right', renderString(o.right)],
    ['function', renderString(o.function)],
    ['commutator', own(o.commutator)],
    ['negator', own(o.negator)],
    ['restrict', o.restrict === undefined ? undefined : renderString(o.restrict)],
    ['join', o.join === undefined ? undefined : renderString(o.join)],
    ['hashes', o.hashes === true ? 'true' : undefined],
    ['merges', o.merges === true ? 'true' : undefined],
    ['comment', comment === undefined ? undefined : renderString(comment)],
  ];
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return `metadata.operator({ ${present.map(([k, v]) => `${k}: ${v}`).join(', ')} });`;
}

/**
 * `metadata.operatorClass({ name: 'pair_ops', type: 'public.pair', method: 'btree', default: true, items: [...] });`
 * for `migrate pull`, after the operators; the items as the server prints them.
 */
export function renderOperatorClass(c: OperatorClassModel): string {
  const entries: [string, string | undefined][] = [
    ['name', renderString(c.name)],
    ['schema', c.schema === 'public' ? undefined : renderString(c.schema)],
    ['type', renderString(c.type)],
    ['method', renderString(c.method)],
    ['default', c.default === true ? 'true' : undefined],
    ['family', c.family === undefined ? undefined : renderString(c.family)],
    ['storage', c.storage === undefined ? undefined : renderString(c.storage)],
    ['items', `[${c.items.map(renderString).join(', ')}]`],
  ];
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return `metadata.operatorClass({ ${present.map(([k, v]) => `${k}: ${v}`).join(', ')} });`;
}
