// Compiled pattern lists over normalized text, with the span of each match.
import type { Language } from '../content/schema.js';
import { LiteralIndex } from './literals.js';

export interface PatternHit {
  pattern: string;
  match: string;
  start: number;
  end: number;
}

export class PatternSet {
  /**
   * Each pattern with its id in a literal index: one scan of a message tells which patterns can match it at all
   * (their fixed words occur in it), so only those few run their regular expression. Pattern sets that are used on
   * the same message share one index and so one scan.
   */
  private readonly compiled: Array<{ source: string; regex: RegExp; id: number }>;

  constructor(
    patterns: ReadonlyArray<string>,
    private readonly index: LiteralIndex = new LiteralIndex(),
  ) {
    this.compiled = patterns.map((source) => ({ source, regex: new RegExp(source, 'gu'), id: index.add(source) }));
  }

  /** Does any pattern match? */
  test(text: string): boolean {
    if (this.compiled.length === 0) return false;
    this.index.prepare(text);
    for (const { regex, id } of this.compiled) {
      if (!this.index.mayMatch(id)) continue;
      regex.lastIndex = 0;
      if (regex.test(text)) return true;
    }
    return false;
  }

  get size(): number {
    return this.compiled.length;
  }

  /** Every match of every pattern, in pattern order. */
  all(text: string): PatternHit[] {
    const hits: PatternHit[] = [];
    if (this.compiled.length === 0) return hits;
    this.index.prepare(text);
    for (const { source, regex, id } of this.compiled) {
      if (!this.index.mayMatch(id)) continue;
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        hits.push({ pattern: source, match: m[0], start: m.index, end: m.index + m[0].length });
        if (m[0].length === 0) regex.lastIndex++;
      }
    }
    return hits;
  }

  /** The first matching pattern (in pattern order), or null. */
  first(text: string): PatternHit | null {
    if (this.compiled.length === 0) return null;
    this.index.prepare(text);
    for (const { source, regex, id } of this.compiled) {
      if (!this.index.mayMatch(id)) continue;
      regex.lastIndex = 0;
      const m = regex.exec(text);
      if (m) return { pattern: source, match: m[0], start: m.index, end: m.index + m[0].length };
    }
    return null;
  }
}

/** One pattern set for both languages (people mix languages; we check both), optionally in a shared index. */
export function bothLanguages(patterns: Record<Language, ReadonlyArray<string>>, index?: LiteralIndex): PatternSet {
  return new PatternSet([...patterns.nl, ...patterns.en], index);
}
