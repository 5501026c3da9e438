// Shared test helpers: the bundled content, loaded once per test file.
import path from 'node:path';
import { loadContentOrThrow } from '../src/content/load.js';
import type { Content } from '../src/content/types.js';
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
