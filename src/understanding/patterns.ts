// Compiled pattern lists over normalized text, with the span of each match.
import type { Language } from '../content/schema.js';

export interface PatternHit {
  pattern: string;
  match: string;
  start: number;
  end: number;
}

export class PatternSet {
  private readonly compiled: Array<{ source: string; regex: RegExp }>;
  /** All patterns as one alternation: one scan tells whether any matches, which is the common "no" case. */
  private readonly any: RegExp | null;

  constructor(patterns: ReadonlyArray<string>) {
    this.compiled = patterns.map((source) => ({ source, regex: new RegExp(source, 'gu') }));
    this.any = patterns.length > 0 ? new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'u') : null;
  }

  /** Does any pattern match? */
  test(text: string): boolean {
    return this.any !== null && this.any.test(text);
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
