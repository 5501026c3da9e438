import { describe, expect, it } from 'vitest';
import { isOpen, parseOpeningHours } from '../src/content/hours.js';

describe('opening hours', () => {
  it('parses day ranges, lists and several spans', () => {
    const parsed = parseOpeningHours('Mo-Fr 08:30-12:00,13:00-17:00; Sa 10:00-12:00');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.hours[0]).toEqual([
      [510, 720],
      [780, 1020],
    ]);
    expect(parsed.hours[5]).toEqual([[600, 720]]);
    expect(parsed.hours[6]).toEqual([]);
  });

  it('rejects what it cannot read, with a reason', () => {
    for (const bad of ['Mon-Fri 9-5', 'Mo-Fr 17:00-09:00', 'Fr-Mo 09:00-17:00', 'Mo 25:00-26:00', '']) {
      const parsed = parseOpeningHours(bad);
      expect(parsed.ok, bad).toBe(false);
    }
  });

  it('knows when a service is open, in Dutch time', () => {
    const parsed = parseOpeningHours('Mo-Fr 09:00-17:00');
    if (!parsed.ok) throw new Error(parsed.error);
    // Monday 23 November 2026, 08:30 UTC = 09:30 in Amsterdam (winter time).
    expect(isOpen(parsed.hours, new Date('2026-11-23T08:30:00Z'), 'Europe/Amsterdam')).toBe(true);
    expect(isOpen(parsed.hours, new Date('2026-11-23T16:30:00Z'), 'Europe/Amsterdam')).toBe(false);
    // Saturday
    expect(isOpen(parsed.hours, new Date('2026-11-28T10:00:00Z'), 'Europe/Amsterdam')).toBe(false);
    const always = parseOpeningHours('24/7');
    if (!always.ok) throw new Error(always.error);
    expect(isOpen(always.hours, new Date('2026-11-29T03:00:00Z'), 'Europe/Amsterdam')).toBe(true);
  });
});
