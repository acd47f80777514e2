import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const LINES = README.split('\n');

/** A terminal's or a browser's first screen: about this many lines of markdown after a heading. */
const SCREENFUL = 45;

describe('README.md as the front door', () => {
  it('keeps the set-up section short: at most about 80 words', () => {
    const start = LINES.indexOf('## Set-up');
    const end = LINES.findIndex((line, i) => i > start && line.startsWith('## '));
    const words = LINES.slice(start + 1, end)
      .join(' ')
      .split(/\s+/)
      .filter(Boolean).length;
    expect(start).toBeGreaterThan(0);
    expect(words).toBeLessThanOrEqual(80);
  });

  it('reaches the first `upgrade head` within the first screenful after the set-up heading', () => {
    const start = LINES.indexOf('## Set-up');
    const upgrade = LINES.findIndex((line, i) => i > start && /^npx migrate upgrade head\b/.test(line));
    expect(upgrade).toBeGreaterThan(start);
    expect(upgrade - start).toBeLessThanOrEqual(SCREENFUL);
  });
});
