import type { ForeignOptions } from '../../../schema/model.js';
import { optionEntries } from '../../../schema/model.js';
import { quoteIdent, quoteLiteral } from '../../quote.js';

/** ` OPTIONS (key 'value', ...)`, or nothing when there are none. */
export function optionsClause(options: ForeignOptions | undefined): string {
  const entries = optionEntries(options);
  return entries.length === 0
    ? ''
    : ` OPTIONS (${entries.map(([k, v]) => `${quoteIdent(k)} ${quoteLiteral(v)}`).join(', ')})`;
}

/**
 * `OPTIONS (SET a '1', DROP b, ADD c '2')` that turns `from` into `to` in
 * order, or null when they are the same. Postgres keeps options in the order
 * they were added: `SET` keeps a place, `ADD` appends. So the keys both
 * share as a common prefix are set where their value changes, and every
 * option after that prefix is dropped and added again in the new order.
 */
export function optionChanges(from: ForeignOptions | undefined, to: ForeignOptions | undefined): string | null {
  const before = optionEntries(from);
  const after = optionEntries(to);
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix]![0] === after[prefix]![0]) prefix += 1;
  const changes = [
    ...after
      .slice(0, prefix)
      .filter(([k, v], i) => before[i]![1] !== v || before[i]![0] !== k)
      .map(([k, v]) => `SET ${quoteIdent(k)} ${quoteLiteral(v)}`),
    ...before.slice(prefix).map(([k]) => `DROP ${quoteIdent(k)}`),
    ...after.slice(prefix).map(([k, v]) => `ADD ${quoteIdent(k)} ${quoteLiteral(v)}`),
  ];
  return changes.length === 0 ? null : `OPTIONS (${changes.join(', ')})`;
}
