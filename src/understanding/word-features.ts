// What the word models (crisis, theme, maatwerk) read of a message: Dutch stems of its words and of word pairs,
// and a logistic regression over them. Shared so that training and the product read a message the same way.
import { tokenize } from './normalize.js';
import { stem } from './stem.js';

/** Features of tokens of a normalized text: Dutch stems of its words ("u:pil") and of word pairs ("b:pil_nem"). */
export function tokenFeatures(tokens: readonly string[]): string[] {
  const stems = tokens.filter((t) => t !== '.').map((t) => stem(t, 'nl'));
  const features = new Set<string>();
  for (const s of stems) features.add(`u:${s}`);
  for (let i = 0; i + 1 < stems.length; i++) features.add(`b:${stems[i]}_${stems[i + 1]}`);
  return [...features];
}

/** Features of a normalized text (see tokenFeatures). */
export function modelFeatures(normalized: string): string[] {
  return tokenFeatures(tokenize(normalized));
}

/** "u:pil" → 'pil', "b:pil_nem" → 'pil nem': readable in `why`. */
export function readableFeature(feature: string): string {
  return `'${feature.slice(2).replace(/_/g, ' ')}'`;
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
