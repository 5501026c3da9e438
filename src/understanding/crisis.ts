// Crisis detection: signs of acute danger (suicide, violence at home, medical emergency), tuned for recall.
import type { CrisisCategoryId, SafetyFile } from '../content/schema.js';
import { bothLanguages, type PatternSet } from './patterns.js';

export interface CrisisResult {
  crisis: boolean;
  categories: CrisisCategoryId[];
  why: string[];
}

export class CrisisDetector {
  private readonly categories: Array<{ id: CrisisCategoryId; patterns: PatternSet; exclude: PatternSet }>;
  private readonly idioms: PatternSet;
  private readonly negations: PatternSet;

  constructor(safety: SafetyFile) {
    this.categories = safety.categories.map((c) => ({ id: c.id, patterns: bothLanguages(c.patterns), exclude: bothLanguages(c.exclude) }));
    this.idioms = bothLanguages(safety.idioms);
    this.negations = bothLanguages(safety.negations);
  }

  /**
   * The text with harmless idioms blanked out ("ik ga dood van het lachen"), positions kept. Their words are
   * no evidence of danger, nor of a theme ("ik kan mezelf wel voor mijn kop slaan" is not about violence).
   */
  withoutIdioms(normalized: string): { text: string; idioms: string[] } {
    let text = normalized;
    const idioms: string[] = [];
    for (const idiom of this.idioms.all(normalized)) {
      text = text.slice(0, idiom.start) + ' '.repeat(idiom.end - idiom.start) + text.slice(idiom.end);
      idioms.push(idiom.match.trim());
    }
    return { text, idioms };
  }

  /** Crisis categories in a text from withoutIdioms() over normalize() output. */
  detect({ text, idioms }: { text: string; idioms: string[] }): CrisisResult {
    const why = idioms.map((idiom) => `ignored idiom '${idiom}'`);
    const negations = this.negations.all(text);
    const categories: CrisisCategoryId[] = [];
    for (const category of this.categories) {
      const excluded = category.exclude.size > 0 ? category.exclude.all(text) : [];
      for (const hit of category.patterns.all(text)) {
        const negated = [...negations, ...excluded].find((n) => n.start <= hit.start && n.end >= hit.end);
        if (negated) {
          why.push(`'${hit.match.trim()}' stands in '${negated.match.trim()}': not counted`);
          continue;
        }
        categories.push(category.id);
        why.push(`crisis (${category.id}): '${hit.match.trim()}'`);
        break;
      }
    }
    return { crisis: categories.length > 0, categories, why };
  }
}
