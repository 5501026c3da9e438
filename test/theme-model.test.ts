// The theme word model: its mechanics on a small model of its own, how theme matching weighs it, the bundled model
// file, and that the file in content/ is exactly what the labelled files give.
import { mkdtempSync, cpSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThemeModelFile, NO_THEME_CLASS } from '../src/content/schema.js';
import { loadContent } from '../src/content/load.js';
import { ThemeModel } from '../src/understanding/theme-model.js';
import { tokenFeatures } from '../src/understanding/word-features.js';
import { createUnderstanding } from '../src/understanding/index.js';
import { normalize, tokenize } from '../src/understanding/normalize.js';
import { trainThemeModel } from '../scripts/train-theme-model.js';
import { trainingFiles } from '../scripts/train-crisis-model.js';
import { CONTENT_DIR, bundledContent } from './helpers.js';

// "zwoffel" and "plonter" are no Dutch words: only the model can know them.
const small = ThemeModelFile.parse({
  version: 1,
  trainedOn: [{ file: 'test.jsonl', lines: 3 }],
  classes: ['geldzorgen', 'mantelzorg', NO_THEME_CLASS],
  weight: 2,
  crossValidation: [],
  bias: [0, 0, 0],
  weights: {
    'u:zwoffel': [5, 0, 0],
    'u:plonter': [0, 4, 0],
    'b:zwoffel_plonter': [1, 0, 0],
    'u:paspoort': [0, 0, 8],
  },
});
const tokens = (text: string) => tokenize(normalize(text));

describe('theme word model mechanics', () => {
  it('reads Dutch stems of words and of word pairs, once each', () => {
    expect(tokenFeatures(tokens('Ik neem de pillen. Pillen!'))).toEqual(['u:ik', 'u:nem', 'u:de', 'u:pill', 'b:ik_nem', 'b:nem_de', 'b:de_pill', 'b:pill_pill']);
  });

  it('gives softmax probabilities of the themes, best first, with the words that weighed most', () => {
    const result = new ThemeModel(small).classify(tokens('zwoffel plonter'));
    expect(result.map((r) => r.id)).toEqual(['geldzorgen', 'mantelzorg']);
    const z = [6, 4, 0];
    const sum = z.reduce((n, x) => n + Math.exp(x), 0);
    expect(result[0]!.probability).toBeCloseTo(Math.exp(6) / sum, 10);
    expect(result[1]!.probability).toBeCloseTo(Math.exp(4) / sum, 10);
    expect(result[0]!.top).toEqual(['u:zwoffel', 'b:zwoffel_plonter']);
    // "No theme" is a class of its own, never a theme.
    const none = new ThemeModel(small).classify(tokens('paspoort'));
    expect(none.map((r) => r.id)).not.toContain(NO_THEME_CLASS);
    expect(none[0]!.probability).toBeLessThan(0.01);
  });
});

describe('theme matching with the model', () => {
  const content = bundledContent();

  it('finds a theme for words only the model knows, and says why', () => {
    const u = createUnderstanding({ ...content, themeModel: small }).understand('zwoffel zwoffel');
    expect(u.theme).toBe('geldzorgen');
    expect(u.why.join(' ')).toMatch(/the theme model gives geldzorgen 0\.99 \('zwoffel'/);
    expect(createUnderstanding({ ...content, themeModel: null }).understand('zwoffel zwoffel').theme).toBeNull();
  });

  it('adds nothing at weight 0, and nothing where the model says "no theme"', () => {
    expect(createUnderstanding({ ...content, themeModel: { ...small, weight: 0 } }).understand('zwoffel zwoffel').theme).toBeNull();
    const u = createUnderstanding({ ...content, themeModel: small }).understand('paspoort');
    expect(u.theme).toBeNull();
    expect(u.why.join(' ')).not.toMatch(/theme model/);
  });
});

describe('the bundled theme word model', () => {
  const content = bundledContent();

  it('is loaded, knows every theme and "no theme", and helped when each file was left out', () => {
    const file = content.themeModel!;
    expect(file).not.toBeNull();
    expect([...file.classes].sort()).toEqual([...content.themes.map((t) => t.id), NO_THEME_CLASS].sort());
    expect(file.weight).toBeGreaterThan(0);
    expect(file.crossValidation.length).toBe(trainingFiles().length - 1);
    const lines = file.crossValidation.reduce((n, f) => n + f.lines, 0);
    const without = file.crossValidation.reduce((n, f) => n + f.withoutModel, 0);
    const withModel = file.crossValidation.reduce((n, f) => n + f.withModel, 0);
    // The chosen weight is the best of those compared, and 0 (no model) is one of them.
    expect(withModel).toBeGreaterThan(without);
    expect(lines).toBeGreaterThan(1000);
  });

  it('never learned from the shipped labelled set, which stays a measure of unseen messages', () => {
    const files = content.themeModel!.trainedOn.map((f) => f.file);
    expect(files.every((f) => /^test\/understanding\/(blind|training)\//.test(f) || f.startsWith('content: '))).toBe(true);
    const shipped = readFileSync(path.join(CONTENT_DIR, '..', 'test', 'understanding', 'themes.jsonl'), 'utf8');
    expect(shipped.length).toBeGreaterThan(0);
    expect(files.some((f) => /^test\/understanding\/[^/]+\.jsonl$/.test(f))).toBe(false);
  });

  it('is exactly what the labelled files give (run npm run train:themes after changing them)', () => {
    const fresh = trainThemeModel({ crossValidate: false, weight: content.themeModel!.weight });
    expect({ ...fresh, crossValidation: [] }).toEqual({ ...content.themeModel!, crossValidation: [] });
  }, 120_000);
});

describe('content check on the theme model file', () => {
  it('reports a broken model file or an unknown theme, and works without one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-theme-model-'));
    try {
      cpSync(CONTENT_DIR, dir, { recursive: true });
      writeFileSync(path.join(dir, 'theme-model.json'), JSON.stringify({ ...small, bias: [0] }));
      const broken = loadContent(dir);
      expect(broken.content).toBeUndefined();
      expect(broken.problems.some((p) => p.file === 'theme-model.json' && p.message === 'bias: needs 3 numbers, one per class')).toBe(true);
      writeFileSync(path.join(dir, 'theme-model.json'), JSON.stringify({ ...small, classes: ['geldzorgen', 'schulden', NO_THEME_CLASS] }));
      const unknown = loadContent(dir);
      expect(unknown.problems.some((p) => p.file === 'theme-model.json' && p.message.startsWith('unknown theme "schulden"'))).toBe(true);
      rmSync(path.join(dir, 'theme-model.json'));
      const without = loadContent(dir);
      expect(without.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(without.content!.themeModel).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
