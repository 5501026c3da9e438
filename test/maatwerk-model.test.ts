// The maatwerk word model beside the signal patterns: its mechanics on a small model of its own, the bundled model
// file, and that the file in content/ is exactly what the labelled files give.
import { mkdtempSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MaatwerkModelFile } from '../src/content/schema.js';
import { loadContent } from '../src/content/load.js';
import { createUnderstanding } from '../src/understanding/index.js';
import { trainMaatwerkModel, maatwerkTrainingFiles } from '../scripts/train-maatwerk-model.js';
import { CONTENT_DIR, bundledContent } from './helpers.js';

// "zwoffel" and "plonter" are no Dutch words: only the model can know them.
const small = MaatwerkModelFile.parse({
  version: 1,
  trainedOn: [{ file: 'test.jsonl', lines: 4, maatwerk: 2 }],
  threshold: 0.8,
  crossValidation: [],
  maatwerk: { bias: -3, weights: { 'u:zwoffel': 2.5, 'u:plonter': 2, 'b:zwoffel_plonter': 1 } },
});

describe('maatwerk word model in understanding', () => {
  const content = bundledContent();
  const withModel = createUnderstanding({ ...content, maatwerkModel: small });

  it('adds like-maatwerk from the threshold on, and says why', () => {
    const u = withModel.understand('zwoffel plonter');
    expect(u.maatwerk).toBe(true);
    expect(u.signals).toEqual(['like-maatwerk']);
    expect(u.why.join(' ')).toMatch(/by the maatwerk word model \(0\.9\d ≥ 0\.8\): 'zwoffel', 'plonter'/);
    // Under the threshold (0.38): nothing.
    expect(withModel.understand('zwoffel').maatwerk).toBe(false);
    expect(createUnderstanding({ ...content, maatwerkModel: null }).understand('zwoffel plonter').maatwerk).toBe(false);
  });

  it('is not asked when a pattern already raised a signal, and never takes one away', () => {
    const u = withModel.understand('zwoffel plonter, de deurwaarder komt morgen beslag leggen');
    expect(u.signals).toContain('urgent');
    expect(u.signals).not.toContain('like-maatwerk');
  });
});

describe('the bundled maatwerk word model', () => {
  const content = bundledContent();

  it('is loaded, with a threshold at which 9 in 10 flagged messages of files left out needed a person', () => {
    const file = content.maatwerkModel!;
    expect(file).not.toBeNull();
    expect(file.trainedOn.map((f) => f.file)).toEqual(maatwerkTrainingFiles());
    expect(file.crossValidation.length).toBe(file.trainedOn.length);
    const found = file.crossValidation.reduce((n, f) => n + f.found, 0);
    const flagged = file.crossValidation.reduce((n, f) => n + f.flagged, 0);
    expect(found / flagged).toBeGreaterThanOrEqual(0.9);
  });

  it('never learned from the shipped labelled set', () => {
    const files = content.maatwerkModel!.trainedOn.map((f) => f.file);
    expect(files.every((f) => /^test\/understanding\/(blind|training)\//.test(f))).toBe(true);
  });

  it('is exactly what the labelled files give (run npm run train:maatwerk after changing them)', () => {
    const fresh = trainMaatwerkModel({ crossValidate: false, threshold: content.maatwerkModel!.threshold });
    expect({ ...fresh, crossValidation: [] }).toEqual({ ...content.maatwerkModel!, crossValidation: [] });
  }, 120_000);
});

describe('content check on the maatwerk model file', () => {
  it('reports a broken model file, and works without one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-maatwerk-model-'));
    try {
      cpSync(CONTENT_DIR, dir, { recursive: true });
      writeFileSync(path.join(dir, 'maatwerk-model.json'), JSON.stringify({ ...small, threshold: 1.5 }));
      const broken = loadContent(dir);
      expect(broken.content).toBeUndefined();
      expect(broken.problems.some((p) => p.file === 'maatwerk-model.json' && p.message.startsWith('threshold'))).toBe(true);
      rmSync(path.join(dir, 'maatwerk-model.json'));
      const without = loadContent(dir);
      expect(without.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(without.content!.maatwerkModel).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
