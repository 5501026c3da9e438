// Shared test helpers: the bundled content, loaded once per test file.
import path from 'node:path';
import { loadContentOrThrow } from '../src/content/load.js';
import type { Content } from '../src/content/types.js';
import { SafetyFile } from '../src/content/schema.js';
import { createUnderstanding, type Understander } from '../src/understanding/index.js';

export const ROOT = path.resolve(__dirname, '..');
export const CONTENT_DIR = path.join(ROOT, 'content');

let content: Content | undefined;
let cachedUnderstander: Understander | undefined;

export function bundledContent(): Content {
  content ??= loadContentOrThrow(CONTENT_DIR);
  return content;
}

export function understander(): Understander {
  cachedUnderstander ??= createUnderstanding(bundledContent());
  return cachedUnderstander;
}

/**
 * A small safety file for tests of the crisis mechanics: three numbers, the three categories with the given patterns
 * (none unless named), and whatever else the test sets (idioms, negations, concepts, rules, context).
 */
export function testSafety(fields: Record<string, unknown> = {}, patterns: Partial<Record<'suicide' | 'violence' | 'medical', string[]>> = {}): SafetyFile {
  const text = (nl: string) => ({ nl, en: nl });
  return SafetyFile.parse({
    version: 1,
    numbers: ['a', 'b', 'c'].map((id) => ({ id, name: text(id), phone: '112', what: text(id), hours: text('24'), cost: text('0'), source: 'test' })),
    categories: (['suicide', 'violence', 'medical'] as const).map((id) => ({
      id,
      label: text(id),
      numbers: ['a'],
      patterns: { nl: patterns[id] ?? [], en: [] },
    })),
    idioms: { nl: [], en: [] },
    negations: { nl: [], en: [] },
    ...fields,
  });
}
