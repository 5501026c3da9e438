// The theme word model: what the labelled messages as a whole say about a theme.
//
// A multinomial logistic regression over Dutch word stems and pairs of stems, with one column per theme and one for
// "no theme of ours" (scripts/train-theme-model.ts → content/theme-model.json). Vocabulary words and the nearest
// example stay the main evidence; the model adds its probability as one more, weighed piece of evidence, so a
// message in words no vocabulary lists still finds its theme. Deterministic and explainable: `why` names the words
// that weighed most.
import type { ThemeModelFile } from '../content/schema.js';
import { NO_THEME_CLASS } from '../content/schema.js';
import { tokenFeatures } from './word-features.js';

export interface ThemeProbability {
  id: string;
  probability: number;
  /** The features that pushed this theme up most. */
  top: string[];
}

export class ThemeModel {
  readonly weight: number;
  private readonly classes: readonly string[];

  constructor(private readonly file: ThemeModelFile) {
    this.weight = file.weight;
    this.classes = file.classes;
  }

  /** The themes the model knows (not "no theme"). */
  get themeIds(): string[] {
    return this.classes.filter((id) => id !== NO_THEME_CLASS);
  }

  /** Probabilities of the themes (not of "no theme"), highest first. */
  classify(tokens: readonly string[]): ThemeProbability[] {
    const features = tokenFeatures(tokens).filter((f) => this.file.weights[f] !== undefined);
    const n = this.classes.length;
    const z = Float64Array.from(this.file.bias);
    for (const f of features) {
      const list = this.file.weights[f]!;
      for (let c = 0; c < n; c++) z[c]! += list[c]!;
    }
    const max = Math.max(...z);
    let sum = 0;
    for (let c = 0; c < n; c++) sum += Math.exp(z[c]! - max);
    const result: ThemeProbability[] = [];
    for (let c = 0; c < n; c++) {
      const id = this.classes[c]!;
      if (id === NO_THEME_CLASS) continue;
      const probability = Math.exp(z[c]! - max) / sum;
      result.push({ id, probability, top: [] });
    }
    result.sort((a, b) => b.probability - a.probability || a.id.localeCompare(b.id));
    // Reasons only for the best theme: the words whose weight for it is highest.
    const best = result[0];
    if (best) {
      const c = this.classes.indexOf(best.id);
      best.top = features
        .map((f) => [f, this.file.weights[f]![c]!] as const)
        .filter(([, w]) => w > 0)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 3)
        .map(([f]) => f);
    }
    return result;
  }
}
