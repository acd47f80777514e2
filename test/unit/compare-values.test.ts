import { describe, expect, it } from 'vitest';
import { sameValue, sameValueInOrder } from '../../src/autogen/diff/compare-values.js';

describe('structural equality of model values', () => {
  const pairs: [string, unknown, unknown, boolean, boolean][] = [
    // name, a, b, sameValue, sameValueInOrder
    ['equal scalars', 'a', 'a', true, true],
    ['different scalars', 1, 2, false, false],
    ['null and undefined', null, undefined, false, false],
    ['equal records', { a: 1, b: [1, { c: 2 }] }, { a: 1, b: [1, { c: 2 }] }, true, true],
    ['keys in another order', { a: 1, b: 2 }, { b: 2, a: 1 }, true, false],
    ['nested keys in another order', [{ x: { a: 1, b: 2 } }], [{ x: { b: 2, a: 1 } }], true, false],
    ['an undefined key on one side', { a: 1, b: undefined }, { a: 1 }, true, true],
    ['an undefined key between', { a: 1, u: undefined, b: 2 }, { a: 1, b: 2, v: undefined }, true, true],
    ['a key missing', { a: 1, b: 2 }, { a: 1 }, false, false],
    ['a key more', { a: 1 }, { a: 1, b: null }, false, false],
    ['arrays of other lengths', [1, 2], [1, 2, 3], false, false],
    ['an array and a record', [], {}, false, false],
    ['array order', [1, 2], [2, 1], false, false],
  ];
  it.each(pairs)('%s', (_name, a, b, same, inOrder) => {
    expect(sameValue(a, b)).toBe(same);
    expect(sameValue(b, a)).toBe(same);
    expect(sameValueInOrder(a, b)).toBe(inOrder);
    expect(sameValueInOrder(b, a)).toBe(inOrder);
  });
});
