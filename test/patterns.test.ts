// PatternSet: every pattern is found, with its span, whatever its place in the set; the literal index rules out none.
import { describe, expect, it } from 'vitest';
import { PatternSet } from '../src/understanding/patterns.js';

describe('PatternSet', () => {
  // Forty patterns that share most of their text, so the literal index must tell them apart.
  const patterns = Array.from({ length: 40 }, (_, i) => `\\bwoord${i}\\b`);
  const set = new PatternSet(patterns);

  it('finds a pattern at any place in the set, with its span', () => {
    for (const i of [0, 15, 16, 31, 39]) {
      const text = `een zin met woord${i} erin`;
      expect(set.test(text)).toBe(true);
      expect(set.first(text)).toEqual({ pattern: patterns[i], match: `woord${i}`, start: 12, end: 12 + `woord${i}`.length });
      expect(set.all(text).map((h) => h.pattern)).toEqual([patterns[i]]);
    }
  });

  it('says no, and finds nothing, when no pattern matches', () => {
    expect(set.test('woord40 staat er niet in')).toBe(false);
    expect(set.first('woord40')).toBeNull();
    expect(set.all('woord40')).toEqual([]);
    expect(new PatternSet([]).test('iets')).toBe(false);
  });

  it('returns every match of every pattern in pattern order', () => {
    expect(set.all('woord39 en woord2 en woord39').map((h) => [h.match, h.start])).toEqual([
      ['woord2', 11],
      ['woord39', 0],
      ['woord39', 21],
    ]);
  });
});
