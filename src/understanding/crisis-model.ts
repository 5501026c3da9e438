// The crisis word model: a second net under the crisis rules, for danger in words no rule names yet.
//
// A logistic regression over word stems and pairs of word stems, trained on labelled messages
// (scripts/train-crisis-model.ts → content/safety-model.json). It can only add a crisis, never take one away:
// the hand-written rules in safety.yaml stay the first and main layer. Deterministic and explainable: a score is
// a sum of listed weights, and `why` names the words that weighed most.
import { tokenize } from './normalize.js';
import { stem } from './stem.js';
import type { CrisisCategoryId, SafetyModelFile } from '../content/schema.js';

/** Features of a normalized, idiom-free text: Dutch stems of its words ("u:pil") and of word pairs ("b:pil_nem"). */
export function modelFeatures(normalized: string): string[] {
  const stems = tokenize(normalized)
    .filter((t) => t !== '.')
    .map((t) => stem(t, 'nl'));
  const features = new Set<string>();
  for (const s of stems) features.add(`u:${s}`);
  for (let i = 0; i + 1 < stems.length; i++) features.add(`b:${stems[i]}_${stems[i + 1]}`);
  return [...features];
}

export interface LinearModel {
  bias: number;
  weights: Readonly<Record<string, number>>;
}

/** Probability from a linear model, with the features that pushed it up most. */
export function scoreLinear(model: LinearModel, features: readonly string[]): { probability: number; top: Array<[string, number]> } {
  let z = model.bias;
  const contributions: Array<[string, number]> = [];
  for (const f of features) {
    const w = model.weights[f];
    if (w === undefined) continue;
    z += w;
    if (w > 0) contributions.push([f, w]);
  }
  contributions.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { probability: 1 / (1 + Math.exp(-z)), top: contributions.slice(0, 4) };
}

/** "u:pil" → 'pil', "b:pil_nem" → 'pil nem': readable in `why`. */
function readable(feature: string): string {
  return `'${feature.slice(2).replace(/_/g, ' ')}'`;
}

export interface ModelVerdict {
  category: CrisisCategoryId;
  why: string;
}

export class CrisisModel {
  constructor(private readonly file: SafetyModelFile) {}

  /** A crisis the rules did not name, or null. `normalized` is the idiom-free text the rules read. */
  judge(normalized: string): ModelVerdict | null {
    const features = modelFeatures(normalized);
    if (features.length === 0) return null;
    const crisis = scoreLinear(this.file.crisis, features);
    if (crisis.probability < this.file.threshold) return null;
    // Which numbers fit: the category model, trained on the crisis messages only.
    let category: CrisisCategoryId = 'suicide';
    let best = -1;
    for (const [id, model] of Object.entries(this.file.categories) as Array<[CrisisCategoryId, LinearModel]>) {
      const p = scoreLinear(model, features).probability;
      if (p > best) {
        best = p;
        category = id;
      }
    }
    return {
      category,
      why: `crisis (${category}) by the word model (${crisis.probability.toFixed(2)} ≥ ${this.file.threshold}): ${crisis.top.map(([f]) => readable(f)).join(', ')}`,
    };
  }
}
