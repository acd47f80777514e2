import type { OperationOf } from '../../src/ops/operation.js';

/** A type change of the column `column` of public.t, with `extra` (`using`, `down`, `throughText`, ...). */
export function retype(
  column: string,
  from: string,
  to: string,
  extra: Partial<OperationOf<'alterColumn'>> = {},
): OperationOf<'alterColumn'> {
  return {
    kind: 'alterColumn',
    schema: 'public',
    table: 't',
    column,
    from: { type: from },
    to: { type: to },
    ...extra,
  };
}
