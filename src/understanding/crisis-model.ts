// The crisis word model: a second net under the crisis rules, for danger in words no rule names yet.
//
// A logistic regression over word stems and pairs of word stems, trained on labelled messages
// (scripts/train-crisis-model.ts → content/safety-model.json). It can only add a crisis, never take one away:
// the hand-written rules in safety.yaml stay the first and main layer. Deterministic and explainable: a score is
// a sum of listed weights, and `why` names the words that weighed most.
import type { CrisisCategoryId, SafetyModelFile } from '../content/schema.js';
import { modelFeatures, readableFeature, scoreLinear, type LinearModel } from './word-features.js';

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
      why: `crisis (${category}) by the word model (${crisis.probability.toFixed(2)} ≥ ${this.file.threshold}): ${crisis.top.map(([f]) => readableFeature(f)).join(', ')}`,
    };
  }
}
