// Maatwerk signals from free text: urgent threats, severe limitations, an exhausted network, an ask for a person.
import type { Signal, SignalsFile } from '../content/schema.js';
import { bothLanguages, type PatternSet } from './patterns.js';
import { LiteralIndex } from './literals.js';

export class SignalDetector {
  private readonly signals: Array<{ id: Signal; patterns: PatternSet }>;

  constructor(file: SignalsFile) {
    const index = new LiteralIndex();
    this.signals = file.signals.map((s) => ({ id: s.id, patterns: bothLanguages(s.patterns, index) }));
  }

  detect(normalized: string): { signals: Signal[]; why: string[] } {
    const signals: Signal[] = [];
    const why: string[] = [];
    for (const { id, patterns } of this.signals) {
      const hit = patterns.first(normalized);
      if (hit) {
        signals.push(id);
        why.push(`signal ${id}: '${hit.match.trim()}'`);
      }
    }
    return { signals, why };
  }
}
