import { describe, expect, it } from 'vitest';
import { lockKeyFor, versionTableLockKey } from '../../src/pg/locks/lock.js';

describe('version table advisory lock key', () => {
  it('differs for names that join to the same dotted text', () => {
    expect(versionTableLockKey('a.b', 'c')).not.toBe(versionTableLockKey('a', 'b.c'));
    expect(versionTableLockKey('a.b', 'c.d')).not.toBe(versionTableLockKey('a', 'b.c.d'));
    expect(versionTableLockKey('a', 'b.c')).not.toBe(lockKeyFor('a.b.c'));
  });

  it('keeps the key ordinary names have always had', () => {
    expect(versionTableLockKey('public', 'athanor_version')).toBe(lockKeyFor('public.athanor_version'));
    expect(versionTableLockKey('public', 'athanor_version')).toBe('-3713711676664047815');
  });

  it('is a signed 64-bit integer, the same on every call', () => {
    const key = versionTableLockKey('a.b', 'c');
    expect(key).toMatch(/^-?\d+$/);
    expect(BigInt(key) >= -(2n ** 63n) && BigInt(key) < 2n ** 63n).toBe(true);
    expect(versionTableLockKey('a.b', 'c')).toBe(key);
  });
});
