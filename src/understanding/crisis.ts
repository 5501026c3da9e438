// Crisis detection: signs of acute danger (suicide, violence at home, medical emergency), tuned for recall.
import type { CrisisCategoryId, SafetyFile, SafetyModelFile } from '../content/schema.js';
import { bothLanguages, PatternSet } from './patterns.js';
import { CrisisModel } from './crisis-model.js';
import { LiteralIndex } from './literals.js';

export interface CrisisResult {
  crisis: boolean;
  categories: CrisisCategoryId[];
  why: string[];
}

const DEFAULT_RULE_WINDOW = 200;
/** Characters around a hit within which a word about the past outweighs a word about now further away. */
const TIGHT_CONTEXT = 15;

interface Span {
  start: number;
  end: number;
  match: string;
}

export class CrisisDetector {
  private readonly categories: Array<{ id: CrisisCategoryId; patterns: PatternSet; exclude: PatternSet }>;
  private readonly idioms: PatternSet;
  private readonly negations: PatternSet;
  private readonly concepts = new Map<string, PatternSet>();
  private readonly rules: SafetyFile['rules'];
  private readonly context: { past: PatternSet; info: PatternSet; now: PatternSet; window: number; nowWindow: number } | null;

  private readonly model: CrisisModel | null;

  constructor(safety: SafetyFile, model: SafetyModelFile | null = null) {
    this.model = model ? new CrisisModel(model) : null;
    // One literal index for every pattern here: each message is scanned once for all of them.
    const index = new LiteralIndex();
    this.categories = safety.categories.map((c) => ({
      id: c.id,
      patterns: bothLanguages(c.patterns, index),
      exclude: bothLanguages(c.exclude, index),
    }));
    this.idioms = bothLanguages(safety.idioms, index);
    this.negations = bothLanguages(safety.negations, index);
    for (const [id, concept] of Object.entries(safety.concepts)) this.concepts.set(id, bothLanguages(concept, index));
    this.rules = safety.rules;
    const concept = (id: string) => this.concepts.get(id) ?? new PatternSet([]);
    this.context = safety.context
      ? {
          past: concept(safety.context.past),
          info: concept(safety.context.info),
          now: concept(safety.context.now),
          window: safety.context.window,
          nowWindow: safety.context.nowWindow,
        }
      : null;
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

  /**
   * What the word model reads: the idiom-free text with negated phrases blanked as well ("niet dat ik dood wil",
   * "hij slaat me niet"). The rules skip hits inside them; the model, which sees words and not phrases, must not
   * read them as danger either. Positions are kept.
   */
  forModel(text: string, negations: readonly Span[] = this.negations.all(text)): string {
    let out = text;
    for (const n of negations) out = out.slice(0, n.start) + ' '.repeat(n.end - n.start) + out.slice(n.end);
    return out;
  }

  /** Crisis categories in a text from withoutIdioms() over normalize() output. */
  detect({ text, idioms }: { text: string; idioms: string[] }): CrisisResult {
    const why = idioms.map((idiom) => `ignored idiom '${idiom}'`);
    const negations = this.negations.all(text);
    const context = this.contextOf(text);
    const categories = new Set<CrisisCategoryId>();
    // A hit found harmless also covers the shorter hits inside it ("geslagen" in "heeft me jaren geleden geslagen").
    const harmlessHits: Span[] = [];
    for (const category of this.categories) {
      const excluded = category.exclude.size > 0 ? category.exclude.all(text) : [];
      for (const hit of category.patterns.all(text)) {
        const negated = [...negations, ...excluded, ...harmlessHits].find((n) => n.start <= hit.start && n.end >= hit.end);
        if (negated) {
          why.push(`'${hit.match.trim()}' stands in '${negated.match.trim()}': not counted`);
          continue;
        }
        const harmless = context?.(hit);
        if (harmless) {
          why.push(`'${hit.match.trim()}' ${harmless}: not counted`);
          harmlessHits.push(hit);
          continue;
        }
        categories.add(category.id);
        why.push(`crisis (${category.id}): '${hit.match.trim()}'`);
        break;
      }
    }
    // Rules: words of several groups close together, where no fixed phrase matched.
    const found = new Map<string, Span[]>();
    const hitsOf = (id: string): Span[] => {
      let spans = found.get(id);
      if (!spans) {
        const covers = (h: Span) => (n: Span) => n.start <= h.start && n.end >= h.end;
        const hits = this.concepts.get(id)?.all(text) ?? [];
        spans = hits.length === 0 ? hits : hits.filter((h) => !negations.some(covers(h)) && !harmlessHits.some(covers(h)));
        found.set(id, spans);
      }
      return spans;
    };
    for (const rule of this.rules) {
      if (categories.has(rule.category)) continue;
      const spans = this.ruleMatch(rule.all, rule.window ?? DEFAULT_RULE_WINDOW, hitsOf);
      if (!spans) continue;
      const whole: Span = { start: Math.min(...spans.map((h) => h.start)), end: Math.max(...spans.map((h) => h.end)), match: '' };
      const quoted = spans.map((h) => `'${h.match.trim()}'`).join(' + ');
      const harmless = context?.(whole, rule.firm === true);
      if (harmless) {
        why.push(`${quoted} ${harmless}: not counted`);
        continue;
      }
      categories.add(rule.category);
      why.push(`crisis (${rule.category}): ${quoted} (${rule.all.join(' + ')})`);
    }
    // The word model: only where no phrase or rule found anything, and it can only add a crisis.
    if (categories.size === 0 && this.model) {
      const verdict = this.model.judge(this.forModel(text, negations));
      if (verdict) {
        categories.add(verdict.category);
        why.push(verdict.why);
      }
    }
    return { crisis: categories.size > 0, categories: [...categories], why };
  }

  /** One hit of every concept, all within `window` characters; null when there is no such combination. */
  private ruleMatch(ids: string[], window: number, hitsOf: (id: string) => Span[]): Span[] | null {
    // Most messages lack some group: stop at the first empty one without scanning for the others.
    for (const id of ids) if (hitsOf(id).length === 0) return null;
    const lists = ids.map(hitsOf);
    for (const anchor of lists[0]!) {
      const chosen: Span[] = [anchor];
      let lo = anchor.start;
      let hi = anchor.end;
      for (let i = 1; i < lists.length; i++) {
        const list = lists[i]!;
        // Words count once: a concept named twice needs two different hits ("spullen weggegeven" and "de brief
        // ligt klaar"), and "bedankt voor alles" is not both a farewell and hopelessness, nor "ik heb een plan"
        // both a plan and "een plan" something soon.
        const near = list.find(
          (h) => !chosen.some((c) => h.start < c.end && c.start < h.end) && Math.max(hi, h.end) - Math.min(lo, h.start) <= window,
        );
        if (!near) break;
        chosen.push(near);
        lo = Math.min(lo, near.start);
        hi = Math.max(hi, near.end);
      }
      if (chosen.length === lists.length) return chosen;
    }
    return null;
  }

  /**
   * A check for one hit: a reason it is harmless (long past, or learning about the subject, with nothing about
   * now nearby), or null. A `firm` hit is harmless only when it is about the past.
   */
  private contextOf(text: string): ((hit: Span, firm?: boolean) => string | null) | null {
    const context = this.context;
    if (!context || (!context.past.test(text) && !context.info.test(text))) return null;
    const past = context.past.all(text);
    const info = context.info.all(text);
    const now = context.now.all(text);
    const near = (hit: Span, window = context.window) => (h: Span) => h.start <= hit.end + window && h.end >= hit.start - window;
    return (hit, firm = false) => {
      // A past word inside the hit itself ("heeft me jaren geleden geslagen") decides.
      const inside = past.find((h) => h.start >= hit.start && h.end <= hit.end);
      if (inside) return `is about the past ('${inside.match.trim()}')`;
      // A past word right at the hit ("heeft me jaren geleden mishandeld") decides, unless "now" is right there too.
      const tight = near(hit, TIGHT_CONTEXT);
      const pastAtHit = past.find(tight);
      if (pastAtHit && !now.some(tight)) return `is about the past ('${pastAtHit.match.trim()}')`;
      if (now.some(near(hit, context.nowWindow))) return null;
      const p = past.find(near(hit));
      if (p) return `is about the past ('${p.match.trim()}')`;
      const i = firm ? undefined : info.find(near(hit));
      if (i) return `is about learning or information ('${i.match.trim()}')`;
      return null;
    };
  }
}
