// The maatwerk word model: a second net under the signal patterns, for needs of a person in words no pattern names.
//
// A logistic regression over word stems and pairs of stems (scripts/train-maatwerk-model.ts →
// content/maatwerk-model.json), trained on messages labelled with whether a person of the wijkteam should take
// over. It only adds the signal `like-maatwerk` where no pattern raised a signal; it never takes one away. Its
// threshold is chosen so that, on files it did not see, at least 9 in 10 messages it flags did need a person.
import type { MaatwerkModelFile } from '../content/schema.js';
import { modelFeatures, readableFeature, scoreLinear } from './word-features.js';

export class MaatwerkModel {
  constructor(private readonly file: MaatwerkModelFile) {}

  /** A reason when the message is like those that needed a person, or null. `normalized` is normalize() output. */
  judge(normalized: string): string | null {
    const features = modelFeatures(normalized);
    if (features.length === 0) return null;
    const { probability, top } = scoreLinear(this.file.maatwerk, features);
    if (probability < this.file.threshold) return null;
    return `like messages that needed a person, by the maatwerk word model (${probability.toFixed(2)} ≥ ${this.file.threshold}): ${top
      .map(([f]) => readableFeature(f))
      .join(', ')}`;
  }
}
