import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, loadContent, loadContentOrThrow } from '../src/content/load.js';
import { checkContent } from '../src/content/check.js';
import { ROUTES } from '../src/content/schema.js';
import { CONTENT_DIR, bundledContent } from './helpers.js';

const THEMES = ['geldzorgen', 'scheiding', 'opvoeding', 'eenzaamheid', 'mantelzorg', 'thuis-wonen', 'werk-dagbesteding', 'psychisch', 'helpen', 'veiligheid'];

describe('the bundled content library', () => {
  const content = bundledContent();

  it('loads without errors', () => {
    const { problems } = loadContent(CONTENT_DIR);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('has exactly the ten themes, each with 3-6 questions and nl/en vocabulary', () => {
    expect(content.themes.map((t) => t.id).sort()).toEqual([...THEMES].sort());
    for (const theme of content.themes) {
      expect(theme.questions.length).toBeGreaterThanOrEqual(3);
      expect(theme.questions.length).toBeLessThanOrEqual(6);
      expect(theme.vocabulary.nl.words.length, theme.id).toBeGreaterThanOrEqual(30);
      expect(theme.vocabulary.en.words.length, theme.id).toBeGreaterThanOrEqual(15);
      expect(theme.vocabulary.nl.examples.length, theme.id).toBeGreaterThanOrEqual(10);
    }
  });

  it('orders the routes basis → netwerk → initiatief → maatwerk', () => {
    expect(content.routes.map((r) => r.id)).toEqual([...ROUTES]);
  });

  it('has at least 60 offerings over all themes and all four routes', () => {
    expect(content.offerings.length).toBeGreaterThanOrEqual(60);
    for (const route of ROUTES) expect(content.offerings.some((o) => o.route === route), route).toBe(true);
    for (const theme of THEMES) expect(content.offerings.some((o) => o.themes.includes(theme)), theme).toBe(true);
  });

  it('names a verified public source for every real service and marks local examples fictional', () => {
    for (const offering of content.offerings) {
      if (offering.fictional) expect(offering.source, offering.id).toMatch(/^fictional/);
      else {
        expect(offering.source, offering.id).toMatch(/https:\/\/\S+/);
        expect(offering.source, offering.id).toMatch(/checked \d{4}-\d{2}-\d{2}/);
      }
    }
  });

  it('keeps emergency numbers in safety.yaml only, each with a source', () => {
    const phones = content.safety.numbers.map((n) => n.phone);
    expect(phones).toEqual(expect.arrayContaining(['112', '113', '0800-2000']));
    for (const n of content.safety.numbers) expect(n.source.length).toBeGreaterThan(10);
    // No offering or locale text repeats an emergency number: one source for them.
    for (const offering of content.offerings) {
      const text = JSON.stringify({ d: offering.description, a: offering.applicationProcess, e: offering.eligibility });
      expect(text, offering.id).not.toMatch(/\b112\b/);
    }
  });

  it('has the same locale keys in nl and en', () => {
    expect(Object.keys(content.locales.nl).sort()).toEqual(Object.keys(content.locales.en).sort());
  });

  it('gives B1 readability figures without errors', () => {
    const result = checkContent(CONTENT_DIR);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const scored = result.readability.filter((f) => f.score !== null);
    expect(scored.length).toBeGreaterThan(40);
    const median = scored.map((f) => f.score!).sort((a, b) => a - b)[Math.floor(scored.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(60);
  });
});

describe('content check finds broken content, with file and line', () => {
  let dir: string;
  const copy = () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-content-'));
    cpSync(CONTENT_DIR, dir, { recursive: true });
    return dir;
  };
  const edit = (file: string, change: (text: string) => string) => {
    const full = path.join(dir, file);
    writeFileSync(full, change(readFileSync(full, 'utf8')));
  };
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an unknown theme in an offering at its line', () => {
    copy();
    edit('offerings/geldfit.yaml', (t) => t.replace(/themes: \[geldzorgen\]/, 'themes: [geldzorgenn]'));
    const { problems } = loadContent(dir);
    const problem = problems.find((p) => p.message.includes('unknown theme "geldzorgenn"'));
    expect(problem).toBeDefined();
    expect(problem!.file).toBe('offerings/geldfit.yaml');
    const lines = readFileSync(path.join(dir, 'offerings/geldfit.yaml'), 'utf8').split('\n');
    expect(lines[problem!.line - 1]).toContain('geldzorgenn');
  });

  it('reports a key present in nl but missing in en', () => {
    copy();
    edit('locales/nl/common.json', (t) => t.replace('"name": "Keuzehulp",', '"name": "Keuzehulp",\n    "extra": "Alleen in het Nederlands",'));
    const { problems } = loadContent(dir);
    const problem = problems.find((p) => p.message.includes('common:product.extra') && p.message.includes('missing in en'));
    expect(problem).toBeDefined();
    expect(problem!.file).toBe('locales/nl/common.json');
    expect(problem!.line).toBe(4);
  });

  it('reports a schema error, a bad pattern and a condition on an unknown fact', () => {
    copy();
    edit('routes.yaml', (t) => t.replace('order: 1', 'order: one'));
    edit('safety.yaml', (t) => t.replace("- '\\bsuicid'", "- '(unclosed'"));
    edit('offerings/schuldhulpmaatje.yaml', (t) => t.replace(/fact: debts/, 'fact: schulden-stand'));
    const { problems, content } = loadContent(dir);
    expect(content).toBeUndefined();
    expect(problems.some((p) => p.file === 'routes.yaml' && p.message.startsWith('routes.0.order'))).toBe(true);
    expect(problems.some((p) => p.file === 'safety.yaml' && p.message.includes('does not compile'))).toBe(true);
    expect(problems.some((p) => p.file === 'offerings/schuldhulpmaatje.yaml' && p.message.includes('schulden-stand'))).toBe(true);
  });

  it('reports a check that answers an unknown theme choice, and bands that do not cover every total', () => {
    copy();
    edit('checks/mantelzorgcheck.yaml', (t) => t.replace('answers: { load: too-heavy }', 'answers: { load: veel-te-zwaar }').replace('max: 6', 'max: 5'));
    const { problems, content } = loadContent(dir);
    expect(content).toBeUndefined();
    const unknown = problems.find((p) => p.message.includes('has no choice "veel-te-zwaar"'));
    expect(unknown?.file).toBe('checks/mantelzorgcheck.yaml');
    expect(readFileSync(path.join(dir, 'checks/mantelzorgcheck.yaml'), 'utf8').split('\n')[unknown!.line - 1]).toContain('veel-te-zwaar');
    expect(problems.some((p) => p.file === 'checks/mantelzorgcheck.yaml' && p.message.includes('can add up to 6'))).toBe(true);
  });

  it('reports a crisis rule that names an unknown word group, at its line', () => {
    copy();
    edit('safety.yaml', (t) => t.replace('- { category: suicide, all: [means, intent] }', '- { category: suicide, all: [means, intentie] }'));
    const { problems } = loadContent(dir);
    const problem = problems.find((p) => p.message.includes('unknown concept "intentie"'));
    expect(problem).toBeDefined();
    const lines = readFileSync(path.join(dir, 'safety.yaml'), 'utf8').split('\n');
    expect(lines[problem!.line - 1]).toContain('intentie');
  });

  it('refuses to start on invalid content with the same messages', () => {
    copy();
    edit('gemeente.yaml', (t) => t.replace('retentionDays: 28', 'retentionDays: -1'));
    expect(() => loadContentOrThrow(dir)).toThrow(ContentError);
    expect(() => loadContentOrThrow(dir)).toThrow(/gemeente\.yaml:\d+: error: retentionDays/);
  });

  it('reports YAML syntax errors with their line', () => {
    copy();
    edit('themes/scheiding.yaml', (t) => t.replace(/^label:/m, 'label: [unclosed\nx:'));
    const { problems } = loadContent(dir);
    const problem = problems.find((p) => p.file === 'themes/scheiding.yaml');
    expect(problem?.message).toMatch(/cannot read this file/);
    expect(problem!.line).toBeGreaterThan(1);
  });
});
