import type { OperationOf } from './operation.js';

/**
 * The rename family: `renameSchema`, `renameTable`, `renameColumn` and
 * `renameObject`. A rename keeps the object and everything in it (rows,
 * indexes, constraints, grants); its reverse renames back.
 */
export type RenameOperation = OperationOf<'renameSchema' | 'renameTable' | 'renameColumn' | 'renameObject'>;

/** The same rename the other way. */
export function reverseRename<T extends RenameOperation>(op: T): T {
  const reversed = { ...op, from: op.to, to: op.from };
  if ('notNullRenames' in op && op.notNullRenames !== undefined)
    return { ...reversed, notNullRenames: op.notNullRenames.map(({ from, to }) => ({ from: to, to: from })).reverse() };
  return reversed;
}

const OBJECT_WORDS: Record<OperationOf<'renameObject'>['object'], string> = {
  enum: 'enum',
  domain: 'domain',
  sequence: 'sequence',
  view: 'view',
  materializedView: 'materialized view',
  function: 'function',
  procedure: 'procedure',
  aggregate: 'aggregate',
  constraint: 'constraint',
  policy: 'policy',
  trigger: 'trigger',
};

/** `rename column public.users.name to display_name`, and so on. */
export function describeRename(op: RenameOperation): string {
  switch (op.kind) {
    case 'renameSchema':
      return `rename schema ${op.from} to ${op.to}`;
    case 'renameTable':
      return `rename table ${op.schema}.${op.from} to ${op.to}`;
    case 'renameColumn':
      return `rename column ${op.schema}.${op.table}.${op.from} to ${op.to}`;
    case 'renameObject': {
      const on = op.table === undefined ? '' : ` on ${op.schema}.${op.table}`;
      const name = op.table === undefined ? `${op.schema}.${op.from}` : op.from;
      const args = op.argumentTypes === undefined ? '' : `(${op.argumentTypes})`;
      return `rename ${OBJECT_WORDS[op.object]} ${name}${args}${on} to ${op.to}`;
    }
  }
}

/** What a rename breaks: the running application still uses the old name until it is deployed. */
export function renamedName(op: RenameOperation): string {
  switch (op.kind) {
    case 'renameSchema':
      return op.from;
    case 'renameTable':
      return `${op.schema}.${op.from}`;
    case 'renameColumn':
      return `${op.schema}.${op.table}.${op.from}`;
    case 'renameObject':
      return op.table === undefined ? `${op.schema}.${op.from}` : `${op.from} on ${op.schema}.${op.table}`;
  }
}
