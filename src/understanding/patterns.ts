// Compiled pattern lists over normalized text, with the span of each match.
import type { Language } from '../content/schema.js';

export interface PatternHit {
  pattern: string;
  match: string;
  start: number;
  end: number;
}

/** Patterns per prefilter alternation in PatternSet; see there. */
const PREFILTER_CHUNK = 16;

export class PatternSet {
  private readonly compiled: Array<{ source: string; regex: RegExp }>;
  /**
   * The patterns as alternations of PREFILTER_CHUNK each: a few scans tell whether some pattern matches, which is
   * the common "no" case. Not one alternation of all: past a size V8 matches a large alternation much more slowly
   * (over the shipped set, the 135 negations took 79 µs a message as one alternation, 19 µs in chunks of 16, 36 µs
   * one by one).
   */
  private readonly prefilters: RegExp[];

  constructor(patterns: ReadonlyArray<string>) {
    this.compiled = patterns.map((source) => ({ source, regex: new RegExp(source, 'gu') }));
    this.prefilters = [];
    for (let i = 0; i < patterns.length; i += PREFILTER_CHUNK) {
      this.prefilters.push(new RegExp(patterns.slice(i, i + PREFILTER_CHUNK).map((p) => `(?:${p})`).join('|'), 'u'));
    }
  }

  /** Does any pattern match? */
  test(text: string): boolean {
    return this.prefilters.some((chunk) => chunk.test(text));
  }

  get size(): number {
    return this.compiled.length;
  }

  /** Every match of every pattern. */
  all(text: string): PatternHit[] {
    const hits: PatternHit[] = [];
    if (!this.test(text)) return hits;
    for (const { source, regex } of this.compiled) {
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        hits.push({ pattern: source, match: m[0], start: m.index, end: m.index + m[0].length });
        if (m[0].length === 0) regex.lastIndex++;
      }
    }
    return hits;
  }

  /** The first matching pattern, or null. */
  first(text: string): PatternHit | null {
    if (!this.test(text)) return null;
    for (const { source, regex } of this.compiled) {
      regex.lastIndex = 0;
      const m = regex.exec(text);
      if (m) return { pattern: source, match: m[0], start: m.index, end: m.index + m[0].length };
    }
    return null;
  }
}

/** One pattern set per language plus a combined one (people mix languages; we check both). */
export function bothLanguages(patterns: Record<Language, ReadonlyArray<string>>): PatternSet {
  return new PatternSet([...patterns.nl, ...patterns.en]);
}
