// When advisers can take a conversation over: the hours in content/gemeente.yaml, or ADVISER_HOURS for a deployment
// or a test run (`always`, `never`, or the same notation as the file).
import type { Content } from '../content/types.js';
import type { Language } from '../content/schema.js';
import { describeOpeningHours, isOpen, parseOpeningHours, type WeeklyHours } from '../content/hours.js';

export interface AdviserAvailability {
  isOpen(at?: Date): boolean;
  /** The hours in words, for "we are closed now". */
  describe(language: Language): string;
}

export function adviserAvailability(content: Content, override: string | undefined, now: () => Date = () => new Date()): AdviserAvailability {
  const text = override === 'always' ? '24/7' : override === 'never' ? 'off' : (override ?? content.gemeente.adviser.hours);
  const parsed = parseOpeningHours(text);
  if (!parsed.ok) throw new Error(`ADVISER_HOURS: ${parsed.error} (use always, never, or e.g. "Mo-Fr 09:00-17:00")`);
  const hours: WeeklyHours = parsed.hours;
  const timeZone = content.gemeente.adviser.timezone;
  return {
    isOpen: (at = now()) => isOpen(hours, at, timeZone),
    describe: (language) => describeOpeningHours(text, language),
  };
}
