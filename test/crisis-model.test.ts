// The crisis word model under the rules: its mechanics on a small model of its own, the bundled model file, and
// that the file in content/ is exactly what the labelled files give.
import { mkdtempSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafetyModelFile } from '../src/content/schema.js';
import { loadContent } from '../src/content/load.js';
import { CrisisDetector } from '../src/understanding/crisis.js';
import { CrisisModel } from '../src/understanding/crisis-model.js';
import { modelFeatures, scoreLinear } from '../src/understanding/word-features.js';
import { normalize } from '../src/understanding/normalize.js';
import { trainModel, trainingFiles } from '../scripts/train-crisis-model.js';
import { CONTENT_DIR, bundledContent, testSafety, understander } from './helpers.js';

const safety = testSafety({
  idioms: { nl: ['\\bdood van het lachen\\b'], en: [] },
  negations: { nl: ['\\bgeen plonter\\b'], en: [] },
  concepts: { means: { nl: ['\\bpillen\\b'], en: [] }, soon: { nl: ['\\bvanavond\\b'], en: [] } },
  rules: [{ category: 'suicide', all: ['means', 'soon'] }],
});
const linear = (bias: number, weights: Record<string, number>) => ({ bias, weights });
const model = SafetyModelFile.parse({
  version: 1,
  trainedOn: [{ file: 'test.jsonl', lines: 4, crisis: 2 }],
  threshold: 0.8,
  crossValidation: [],
  // "zwoffel" and "plonter" are no Dutch words: only the model can know them.
  crisis: linear(-3, { 'u:zwoffel': 2.5, 'u:plonter': 2, 'b:zwoffel_plonter': 1, 'u:lach': -4 }),
  categories: {
    suicide: linear(0, { 'u:zwoffel': 1 }),
    violence: linear(0, { 'u:plonter': 3 }),
    medical: linear(-1, {}),
  },
});
const detector = new CrisisDetector(safety, model);
const detect = (message: string) => detector.detect(detector.withoutIdioms(normalize(message)));

describe('crisis word model mechanics', () => {
  it('reads Dutch stems of words and of word pairs, once each', () => {
    expect(modelFeatures(normalize('Ik neem de pillen. Pillen!'))).toEqual(['u:ik', 'u:nem', 'u:de', 'u:pill', 'b:ik_nem', 'b:nem_de', 'b:de_pill', 'b:pill_pill']);
  });

  it('scores a sum of weights and names the words that weighed most', () => {
    const { probability, top } = scoreLinear(model.crisis, ['u:zwoffel', 'u:plonter', 'u:anders']);
    expect(probability).toBeCloseTo(1 / (1 + Math.exp(-(-3 + 2.5 + 2))), 10);
    expect(top).toEqual([
      ['u:zwoffel', 2.5],
      ['u:plonter', 2],
    ]);
  });

  it('adds a crisis no rule found, with its category and why, from the threshold on', () => {
    const result = detect('zwoffel plonter');
    expect(result.crisis).toBe(true);
    expect(result.categories).toEqual(['violence']);
    expect(result.why.join(' ')).toMatch(/crisis \(violence\) by the word model \(0\.9\d ≥ 0\.8\): 'zwoffel', 'plonter'/);
    // Under the threshold: nothing.
    expect(detect('zwoffel').crisis).toBe(false);
    expect(new CrisisModel(model).judge(normalize('plonter'))).toBeNull();
  });

  it('never takes away what the rules found, and is not asked when they found something', () => {
    const result = detect('pillen vanavond');
    expect(result.categories).toEqual(['suicide']);
    expect(result.why.some((w) => w.includes('word model'))).toBe(false);
  });

  it('reads the text without idioms, as the rules do', () => {
    // "lach" has a negative weight; the idiom is blanked, so it cannot cancel the danger words.
    expect(detect('zwoffel plonter, dood van het lachen').crisis).toBe(true);
  });

  it('does not read a negated phrase as danger, as the rules do not', () => {
    // "zwoffel plonter" scores over the threshold; with "plonter" inside "geen plonter" only "zwoffel" is left.
    expect(detect('zwoffel plonter').crisis).toBe(true);
    expect(detect('zwoffel geen plonter').crisis).toBe(false);
    expect(detector.forModel(normalize('zwoffel geen plonter'))).toBe(`zwoffel ${' '.repeat('geen plonter'.length)}`);
  });
});

describe('the bundled crisis word model', () => {
  const content = bundledContent();

  it('is loaded, with a threshold chosen by leaving each training file out once', () => {
    expect(content.safetyModel).not.toBeNull();
    const file = content.safetyModel!;
    expect(file.trainedOn.map((f) => f.file)).toEqual(trainingFiles());
    expect(file.crossValidation.length).toBe(file.trainedOn.length);
    const others = file.crossValidation.reduce((n, f) => n + f.others, 0);
    const alarms = file.crossValidation.reduce((n, f) => n + f.falseAlarms, 0);
    expect(alarms / others).toBeLessThanOrEqual(0.01);
  });

  it('never learned from the shipped labelled set, which stays a measure of unseen messages', () => {
    const files = content.safetyModel!.trainedOn.map((f) => f.file);
    expect(files.every((f) => /^test\/understanding\/(blind|training)\//.test(f) || f === 'content: theme examples')).toBe(true);
    expect(files.some((f) => /^test\/understanding\/[^/]+\.jsonl$/.test(f))).toBe(false);
  });

  it('is exactly what the labelled files give (run npm run train:crisis after changing them)', () => {
    const fresh = trainModel(trainingFiles(), { crossValidate: false, threshold: content.safetyModel!.threshold });
    expect({ ...fresh, crossValidation: [] }).toEqual({ ...content.safetyModel!, crossValidation: [] });
  }, 120_000);

  it('leaves harmless idioms and questions about learning alone', () => {
    const u = understander();
    for (const message of ['ik ga dood van het lachen', 'die rekeningen vermoorden me', 'hoe herken ik signalen van kindermishandeling als juf']) {
      expect(u.understand(message).crisis, message).toBe(false);
    }
  });
});

describe('content check on the model file', () => {
  it('reports a broken model file, and works without one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-model-'));
    try {
      cpSync(CONTENT_DIR, dir, { recursive: true });
      writeFileSync(path.join(dir, 'safety-model.json'), JSON.stringify({ version: 1, threshold: 2 }));
      const broken = loadContent(dir);
      expect(broken.content).toBeUndefined();
      expect(broken.problems.some((p) => p.file === 'safety-model.json' && p.message.startsWith('threshold'))).toBe(true);
      writeFileSync(path.join(dir, 'safety-model.json'), '{ not json');
      expect(loadContent(dir).problems.some((p) => p.file === 'safety-model.json' && p.message.startsWith('cannot read'))).toBe(true);
      rmSync(path.join(dir, 'safety-model.json'));
      const without = loadContent(dir);
      expect(without.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(without.content!.safetyModel).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
