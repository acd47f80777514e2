import type { OperationOf } from './operation.js';

/**
 * How `createCollation` and `dropCollation` read (`describe.ts`). A
 * collation cannot be altered: a changed one is dropped and created again.
 */

type CreateCollation = OperationOf<'createCollation'>;
type DropCollation = OperationOf<'dropCollation'>;

/** `create collation public.ci (icu, und-u-ks-level2, nondeterministic)`. */
export function describeCreateCollation(op: CreateCollation): string {
  const c = op.collation;
  const locale = c.locale ?? `${c.lcCollate ?? ''}/${c.lcCtype ?? ''}`;
  const extras = [c.deterministic === false ? 'nondeterministic' : '', c.rules === undefined ? '' : 'with rules'].filter((x) => x !== '');
  return `create collation ${c.schema}.${c.name} (${[c.provider, locale, ...extras].join(', ')})`;
}

export function describeDropCollation(op: DropCollation): string {
  return `drop collation ${op.schema}.${op.name}`;
}
