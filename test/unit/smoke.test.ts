import { describe, expect, it } from 'vitest';
import { maskCredentials } from '../../src/util/mask.js';
import { truncateUtf8 } from '../../src/util/strings.js';

describe('util', () => {
  it('masks passwords in urls and settings', () => {
    expect(maskCredentials('postgres://bob:s3cret@db:5432/x')).toBe('postgres://bob:****@db:5432/x');
    expect(maskCredentials('host=db password=s3cret user=bob')).toBe('host=db password=**** user=bob');
  });
  it('truncates on character boundaries', () => {
    expect(truncateUtf8('ééé', 5)).toBe('éé');
  });
});
