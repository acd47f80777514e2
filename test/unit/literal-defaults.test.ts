import { describe, expect, it } from 'vitest';
import {
  fillDefaults,
  LITERAL_DEFAULTS,
  omitDefaults,
  omitPayloadDefaults,
  type LiteralKind,
} from '../../src/ops/literal-defaults.js';
import type { Operations } from '../../src/runtime/operations.js';
import { ALL_DEFAULT, literalOperations, NONE_DEFAULT, run } from '../helpers/literal-samples.js';

/** Every kind with defaults: a kind added to the table is tested with the others. */
const KINDS = Object.keys(LITERAL_DEFAULTS) as LiteralKind[];

describe('literals without their defaults', () => {
  it.each(KINDS)('leave out every default of a %s, and filling them back gives the same object', (kind) => {
    const full = ALL_DEFAULT[kind] as unknown as Record<string, unknown>;
    const short = omitDefaults(kind, full);
    for (const field of Object.keys(LITERAL_DEFAULTS[kind].fields)) expect(short).not.toHaveProperty(field);
    expect(fillDefaults(kind, short)).toEqual(full);
    // A full literal, as hand-written revisions have, is filled to itself.
    expect(fillDefaults(kind, full)).toEqual(full);
  });

  it.each(KINDS)('keep every field of a %s that is not its default', (kind) => {
    const full = NONE_DEFAULT[kind] as unknown as Record<string, unknown>;
    const short = omitDefaults(kind, full);
    for (const field of Object.keys(LITERAL_DEFAULTS[kind].fields)) expect(short).toHaveProperty(field);
    expect(fillDefaults(kind, short)).toEqual(full);
  });

  it.each([ALL_DEFAULT, NONE_DEFAULT].flatMap(literalOperations).map((op) => [op.kind, op] as const))(
    'fill %s written without its defaults back to the same operation in the op facade',
    async (_kind, op) => {
      const { kind, ...payload } = op;
      const short = omitPayloadDefaults(kind, payload);
      expect(await run(`await op.${kind}(${JSON.stringify(short)});`)).toEqual([op]);
      // Written in full, as a hand-written revision may, it is the same operation.
      expect(await run(`await op.${kind}(${JSON.stringify(payload)});`)).toEqual([op]);
    },
  );

  it('take the bounds a descending sequence gets by default, and keep those of a type they do not know', () => {
    const descending = {
      ...ALL_DEFAULT.sequence,
      type: 'smallint',
      increment: '-1',
      min: '-32768',
      max: '-1',
      start: '-1',
    };
    expect(omitDefaults('sequence', descending)).toEqual({
      schema: 'public',
      name: 's',
      type: 'smallint',
      increment: '-1',
    });
    expect(fillDefaults('sequence', omitDefaults('sequence', descending))).toEqual(descending);
    const odd = { ...ALL_DEFAULT.sequence, type: 'public.bigger' };
    expect(Object.keys(omitDefaults('sequence', odd))).toEqual(['schema', 'name', 'type', 'min', 'max']);
  });

  it('accept a short literal by type in op calls', () => {
    // Type-checked only: the fields with a default may be left out, the others may not.
    const calls = (op: Operations): Promise<void>[] => [
      op.createSequence({ sequence: { schema: 'public', name: 's', type: 'bigint' } }),
      op.createTable({
        table: { schema: 'public', name: 't', columns: [{ name: 'id', type: 'int', nullable: true }] },
      }),
      // @ts-expect-error a column's type has no default
      op.addColumn({ schema: 'public', table: 't', column: { name: 'c', nullable: true } }),
    ];
    expect(calls).toBeTypeOf('function');
  });
});
