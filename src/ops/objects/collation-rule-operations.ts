import type { OperationOf } from '../operation.js';

/**
 * How collation and rule operations read (`describe.ts`). A collation
 * cannot be altered: a changed one is dropped and created again; a changed
 * rule is replaced (`CREATE OR REPLACE RULE`).
 */

type CreateCollation = OperationOf<'createCollation'>;
type DropCollation = OperationOf<'dropCollation'>;

/** `create collation public.ci (icu, und-u-ks-level2, nondeterministic)`. */
export function describeCreateCollation(op: CreateCollation): string {
  const c = op.collation;
  const locale = c.locale ?? `${c.lcCollate ?? ''}/${c.lcCtype ?? ''}`;
  const extras = [
    c.deterministic === false ? 'nondeterministic' : '',
    c.rules === undefined ? '' : 'with rules',
  ].filter((x) => x !== '');
  return `create collation ${c.schema}.${c.name} (${[c.provider, locale, ...extras].join(', ')})`;
}

export function describeDropCollation(op: DropCollation): string {
  return `drop collation ${op.schema}.${op.name}`;
}

/** `create rule keep on public.items`. */
export function describeRule(op: OperationOf<'createRule' | 'replaceRule'>): string {
  return `${op.kind === 'createRule' ? 'create' : 'replace'} rule ${op.rule.name} on ${op.rule.schema}.${op.rule.table}`;
}

export function describeDropRule(op: OperationOf<'dropRule'>): string {
  return `drop rule ${op.name} on ${op.schema}.${op.table}`;
}
