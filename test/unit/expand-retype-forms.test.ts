import { describe, expect, it } from 'vitest';
import { describeOperation } from '../../src/ops/describe.js';
import { expandForm } from '../../src/ops/expand/expand-forms.js';
import { notExpandable } from '../../src/ops/expand/expand-lint.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { retype } from '../helpers/operations.js';

describe("expand's form of a type change", () => {
  it('serves a widening by its casts', () => {
    expect(expandForm(retype('c', 'integer', 'bigint'))).toEqual({
      served: [{ change: 'retypeColumn', schema: 'public', table: 't', column: 'c', from: 'integer', to: 'bigint' }],
    });
  });

  it('refuses one that may lose values cast back without `down`, saying what to add; lint names it', () => {
    for (const op of [retype('c', 'text', 'varchar(20)'), retype('c', 'integer', 'bigint', { using: '"c" * 2' })]) {
      const form = expandForm(op);
      expect(form).toEqual({
        refused: expect.stringContaining(
          `may lose values cast back; give the old value from the new in this alterColumn call of the revision file: down: '<expression over "c">'`,
        ),
      });
      expect(notExpandable([op]).map((h) => h.code)).toEqual(['not-expandable']);
    }
  });

  it('serves it with `down`, both expressions carried; the reverse swaps them', () => {
    const op = retype('c', 'bigint', 'numeric(12,2)', { using: '"c" / 100.0', down: 'round("c" * 100)::bigint' });
    expect(expandForm(op)).toEqual({
      served: [
        {
          change: 'retypeColumn',
          schema: 'public',
          table: 't',
          column: 'c',
          from: 'bigint',
          to: 'numeric(12,2)',
          using: '"c" / 100.0',
          down: 'round("c" * 100)::bigint',
        },
      ],
    });
    expect(notExpandable([op])).toEqual([]);
    expect(describeOperation(op)).toBe(
      'alter column public.t.c: type bigint -> numeric(12,2) using "c" / 100.0 down round("c" * 100)::bigint',
    );
    expect(reverseOperation(op)).toMatchObject({ using: 'round("c" * 100)::bigint', down: '"c" / 100.0' });
    expect(reverseOperation(retype('c', 'text', 'varchar(20)', { down: '"c"::text' }))).toEqual(
      retype('c', 'varchar(20)', 'text', { using: '"c"::text' }),
    );
  });
});
